"""What a run's client connections did on the wire, read from the trace of the nats-server(s) it
ran against (-DV): one operation per line, with what differs from run to run (inboxes, sids,
NUIDs, times) taken out, so two runs of a program, or two languages' ports of one example,
compare line by line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from conformance.servers import jsapi
from conformance.servers.trace import BARRIER_NAME


class Transcript(NamedTuple):
    """A run's client traffic as text, and what reading the logs found on the way."""

    text: str  # the transcript: lines ending in "\n"
    connections: int  # client connections seen
    unparsed: int  # traced lines of a client connection that could not be read (kept as `? ...` lines)
    # labels ("c1", ...) of connections with no "Client connection closed" line: the trace ended early
    open_connections: tuple[str, ...]


# `[pid] 2026/12/05 19:10:51.631345 [TRC] ...`; a line without it continues another or is a banner
_LOG_LINE = re.compile(r"\[\d+\] (\d{4}/\d\d/\d\d \d\d:\d\d:\d\d)\.(\d+) \[([A-Z]+)\] (.*)")
# A client connection's line: `127.0.0.1:56552 - cid:5 - "v2.16.0:python3" - <<- [PING]`, the
# quoted description once its CONNECT is read. Routes (rid:), leafnodes (lid:), gateways (gid:)
# and the server's own clients (JETSTREAM, SYSTEM) are not the program's: their lines never match.
_CLIENT_LINE = re.compile(r'\S+ - cid:(\d+) - (?:"(?:[^"\\]|\\.)*" - )?(.*)')
_OP = re.compile(r"(<<-|->>|<->) \[(.*)\]")
_PAYLOAD = re.compile(r"(<<-|->>) MSG_PAYLOAD: \[(.*)\]")
_CLOSED = "Client connection closed"
# the trace's arrows are the server's; the transcript's are the client's: > it sent, < it received
_ARROWS = {"<<-": ">", "->>": "<"}
# keep-alives, acknowledgements, the server's INFO and its bookkeeping (`<-> [DELSUB 1]`) say
# nothing about the example, and their number and place vary with timing and client
_DROPPED = frozenset({"PING", "PONG", "INFO", "OK", "+OK", "DELSUB"})
# the messages: how many sizes end their arguments, and whether a sid comes after the subject
_MESSAGES = {"PUB": (1, False), "HPUB": (2, False), "MSG": (1, True), "HMSG": (2, True)}
_TRACE_CUT = b"..."  # what the server puts after a payload it traced only the start of (trace.py)
_COUNT = re.compile(r"[0-9]{1,19}")  # a size or a maximum: an int64, not a number int() refuses

# Inbox tokens (`_INBOX.<nuid>.*`, `_INBOX.<nuid>.<token>`) are numbered by first use
_INBOX = re.compile(r"(?<![A-Za-z0-9_])_INBOX((?:\.[A-Za-z0-9_-]+)+)")
# $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<timestamp>.<pending>, or
# with <domain>.<account hash> after ACK and, in the 12-token form, a random token at the end;
# the key is how many tokens follow `$JS.ACK`, the value where the timestamp is among them
_JS_ACK = re.compile(r"\$JS\.ACK((?:\.[^.\s\"\\]+)+)")
_ACK_STAMP = {7: 5, 9: 7, 10: 7}
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)")  # RFC 3339
# a NUID: 22 base62 characters; an upper-case letter and a lower-case one or a digit among them
# leave out words and numbers that happen to be 22 long
_NUID = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z0-9]{0,21}[A-Z])(?=[A-Za-z0-9]{0,21}[a-z0-9])"
                   r"[A-Za-z0-9]{22}(?![A-Za-z0-9])")
_SERVER_ID = re.compile(r"(?<![A-Z0-9])N[A-Z2-7]{55}(?![A-Z0-9])")  # a server's public key, new each start

# what Go's %q writes (the trace shows payloads so) for what it cannot print as is
_GO_ESCAPE = re.compile(rb"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[abfnrtv\\'\"])")
_GO_LETTERS = {b"a": b"\a", b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v",
               b"\\": b"\\", b"'": b"'", b'"': b'"'}


class _LogLine(NamedTuple):
    when: tuple[str, str]  # the time to the second, then its fraction left-aligned to nanoseconds
    log: int
    number: int
    level: str
    text: str  # what follows the level


class _Message(NamedTuple):
    """A PUB, HPUB, MSG or HMSG: its line but for the payload, which a MSG_PAYLOAD line brings."""

    head: str  # `c1 > PUB greet.joe _INBOX.1.2`
    subject: str  # as the client wrote it or received it
    headers_size: int | None  # HPUB and HMSG: how many of the payload's bytes are headers
    size: int  # the payload's bytes, headers included


class _Connection:
    def __init__(self, label: str) -> None:
        self.label = label
        self.sids: dict[str, str] = {}  # the client's sid to the transcript's (s1, s2, ...)
        self.closed = False
        # per arrow, the message whose payload line is still to come, and its line's index
        self.awaiting: dict[str, tuple[int, _Message]] = {}


def transcript(logs: Sequence[str], *, payload_limit: int = 160) -> Transcript:
    """The transcript of the client connections in `logs`, one log per server, read in time order."""
    reader = _Reader(payload_limit)
    for line in _merged(logs):
        reader.read(line)
    return reader.result()


def _merged(logs: Sequence[str]) -> list[_LogLine]:
    """Every server's lines in time order; equal times by log, then by line."""
    lines = [line for index, log in enumerate(logs) for line in _log_lines(index, log)]
    return sorted(lines, key=lambda line: (line.when, line.log, line.number))


def _log_lines(index: int, log: str) -> Iterator[_LogLine]:
    for number, text in enumerate(log.split("\n")):
        found = _LOG_LINE.fullmatch(text.rstrip("\r"))
        if found:
            seconds, fraction, level, rest = found.groups()
            yield _LogLine((seconds, fraction.ljust(9, "0")), index, number, level, rest)


_LABEL = re.compile(r"c(\d+|N) ")


def _numbered_consumers(text: str, names: set[str]) -> str:
    """Each consumer name in `names` (drawn at random: in its create request's subject, its acks'
    `$JS.ACK` subjects, its info and delete requests) as `<consumer N>`, numbered by first use."""
    if not names:
        return text
    token = re.compile(r"(?<![^.\s\"])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                       + r")(?![^.\s\"])")
    numbers: dict[str, int] = {}
    return token.sub(lambda found: f"<consumer {numbers.setdefault(found.group(1), len(numbers) + 1)}>", text)


def by_connection(text: str) -> str:
    """`text` (a transcript) with each connection's lines together, in the order of the
    connections' first lines, each connection's own order kept. A line without a label (one a
    rule wrote) goes with the line before it."""
    groups: dict[str, list[str]] = {}
    label = ""
    for line in text.splitlines(keepends=True):
        found = _LABEL.match(line)
        label = found.group(0) if found else label
        groups.setdefault(label, []).append(line)
    return "".join(line for lines in groups.values() for line in lines)


def renumbered_inboxes(text: str) -> str:
    """`text` (a transcript that rules have taken lines out of) with its inboxes numbered again by
    first use, so an inbox a rule took out shifts none of the numbers after it."""
    return _INBOX.sub(_Normaliser().numbered_inbox, text)


class _Normaliser:
    """Takes out of a text what differs from run to run; inbox tokens keep their numbers across
    the whole transcript."""

    def __init__(self) -> None:
        self._inbox_tokens: dict[str, int] = {}

    def __call__(self, text: str) -> str:
        text = _INBOX.sub(self.numbered_inbox, text)  # first: its tokens are often NUIDs
        text = _JS_ACK.sub(_ack_without_time, text)
        text = _TIME.sub("<time>", text)
        text = _NUID.sub("<nuid>", text)
        return _SERVER_ID.sub("<server id>", text)

    def numbered_inbox(self, found: re.Match[str]) -> str:
        tokens = found.group(1)[1:].split(".")
        numbers = [str(self._inbox_tokens.setdefault(token, len(self._inbox_tokens) + 1)) for token in tokens]
        return "_INBOX." + ".".join(numbers)


def _ack_without_time(found: re.Match[str]) -> str:
    tokens = found.group(1)[1:].split(".")
    stamp = _ACK_STAMP.get(len(tokens))
    if stamp is None or not tokens[stamp].isdigit():
        return found.group(0)  # a wildcard or another subject under $JS.ACK: nothing of a run in it
    tokens[stamp] = "<time>"
    if len(tokens) == 10:
        tokens[9] = "<random>"
    return "$JS.ACK." + ".".join(tokens)


class _Reader:
    """The transcript under construction, fed the merged lines one by one."""

    def __init__(self, payload_limit: int) -> None:
        self.payload_limit = max(payload_limit, 0)
        self.lines: list[str] = []
        self.connections: dict[tuple[int, str], _Connection] = {}  # by (log, cid), in order of labels
        self.barriers: set[tuple[int, str]] = set()  # nbe's own connections (trace.py): not the port's
        self.ephemeral: set[str] = set()  # names of consumers without a durable name, drawn at random
        self.unparsed = 0
        self.normalise = _Normaliser()

    def result(self) -> Transcript:
        return Transcript(text=_numbered_consumers("".join(line + "\n" for line in self.lines), self.ephemeral),
                          connections=len(self.connections),
                          unparsed=self.unparsed,
                          open_connections=tuple(connection.label for connection in self.connections.values()
                                                 if not connection.closed))

    def read(self, line: _LogLine) -> None:
        found = _CLIENT_LINE.fullmatch(line.text) if line.level in ("TRC", "DBG") else None
        if found is None:
            return
        key, what = (line.log, found.group(1)), found.group(2)
        if key in self.barriers:
            return
        if line.level == "TRC" and BARRIER_NAME in what and what.startswith("<<- [CONNECT "):
            self.barriers.add(key)
            return
        if line.level == "TRC":
            self._traced(self._connection(key), what)
        elif what.startswith(_CLOSED) and key in self.connections:
            self.connections[key].closed = True

    def _connection(self, key: tuple[int, str]) -> _Connection:
        """A connection's record, labelled at its first traced operation: one that never sends
        anything (a readiness probe's bare TCP connection) takes no label from the port's."""
        if key not in self.connections:
            self.connections[key] = _Connection(f"c{len(self.connections) + 1}")
        return self.connections[key]

    def _add(self, line: str) -> int:
        self.lines.append(_visible(line))
        return len(self.lines) - 1

    def _traced(self, connection: _Connection, what: str) -> None:
        if payload := _PAYLOAD.fullmatch(what):
            self._payload(connection, _ARROWS[payload.group(1)], payload.group(2), what)
            return
        op = _OP.fullmatch(what)
        if op and op.group(2).partition(" ")[0] in _DROPPED:
            return
        if op and op.group(1) in _ARROWS:
            self._op(connection, _ARROWS[op.group(1)], op.group(2), what)
        else:
            self._unreadable(connection, what)

    def _unreadable(self, connection: _Connection, what: str) -> None:
        self.unparsed += 1
        self._add(f"{connection.label} ? {self.normalise(what)}")

    def _op(self, connection: _Connection, arrow: str, op: str, what: str) -> None:
        connection.awaiting.pop(arrow, None)  # a payload follows its op: one still awaited never came
        name, _, args = op.partition(" ")
        read: str | _Message | None
        if name == "CONNECT":
            read = _connect(args)
        elif name == "-ERR":
            read = f"-ERR '{self.normalise(_unquoted(args.strip()))}'"
        elif name == "SUB":
            read = self._sub(connection, args.split())
        elif name == "UNSUB":
            read = self._unsub(connection, args.split())
        elif name in _MESSAGES:
            read = self._message(connection, arrow, name, args.split())
        else:
            read = None
        if read is None:
            self._unreadable(connection, what)
        elif isinstance(read, _Message):
            # an empty payload has no MSG_PAYLOAD line: shown as "" until one comes
            index = self._add(self._shown(read, b"" if read.size == 0 else None))
            connection.awaiting[arrow] = (index, read)
        elif name == "CONNECT":
            self._add(f"{connection.label} {read}")  # the connection's header, of no direction
        else:
            self._add(f"{connection.label} {arrow} {read}")

    def _sub(self, connection: _Connection, args: list[str]) -> str | None:
        if len(args) not in (2, 3):  # subject, queue group, sid
            return None
        *subject_and_queue, sid = args
        return " ".join(["SUB", *map(self.normalise, subject_and_queue), self._sid(connection, sid)])

    def _unsub(self, connection: _Connection, args: list[str]) -> str | None:
        if len(args) not in (1, 2) or not all(_COUNT.fullmatch(count) for count in args[1:]):
            return None
        return " ".join(["UNSUB", self._sid(connection, args[0]), *args[1:]])

    def _message(self, connection: _Connection, arrow: str, name: str, args: list[str]) -> _Message | None:
        sizes, has_sid = _MESSAGES[name]
        least = 1 + int(has_sid) + sizes  # subject, sid, (reply,) sizes
        if len(args) not in (least, least + 1) or not all(_COUNT.fullmatch(count) for count in args[-sizes:]):
            return None
        subject, *rest = args[:-sizes]
        counts = [int(count) for count in args[-sizes:]]
        if sizes == 2 and counts[0] == 0:  # headers announced but none sent: a plain message
            name, counts = name[1:], counts[1:]
        sid = [self._sid(connection, rest.pop(0))] if has_sid else []
        head = " ".join([f"{connection.label} {arrow} {name}", self.normalise(subject), *sid,
                         *map(self.normalise, rest)])
        return _Message(head, subject, counts[0] if len(counts) == 2 else None, counts[-1])

    def _sid(self, connection: _Connection, sid: str) -> str:
        return connection.sids.setdefault(sid, f"s{len(connection.sids) + 1}")

    def _payload(self, connection: _Connection, arrow: str, quoted: str, what: str) -> None:
        awaited = connection.awaiting.pop(arrow, None)
        if awaited is None:
            self._unreadable(connection, what)  # no op it belongs to: the trace began in between
            return
        index, message = awaited
        payload, untraced = _go_unquote(quoted), 0
        if len(payload) < message.size and payload.endswith(_TRACE_CUT):  # the server traced its start only
            payload = payload[:-len(_TRACE_CUT)]
            untraced = message.size - len(payload)
        self.lines[index] = _visible(self._shown(message, payload, untraced))

    def _shown(self, message: _Message, payload: bytes | None, untraced: int = 0) -> str:
        """A message's line: `[headers]` for HPUB and HMSG, then the body (of which the last
        `untraced` bytes are not in the trace)."""
        if payload is None:
            return f"{message.head} (payload not traced)"
        if message.headers_size is None:
            return f"{message.head} {self._body(message, payload, untraced)}"
        headers, body = _split_headers(payload, message.headers_size)
        return f"{message.head} [{self._headers(headers)}] {self._body(message, body, untraced)}"

    def _headers(self, raw: bytes) -> str:
        """The status line (`NATS/1.0 503`), then the headers by name: some clients write them in
        no set order."""
        status, *fields = [line for line in _text(raw).split("\r\n") if line] or [""]
        fields.sort(key=lambda field: field.partition(":")[0])
        return "; ".join(self.normalise(line) for line in [status, *fields])

    def _body(self, message: _Message, raw: bytes, untraced: int = 0) -> str:
        """The body JSON-quoted and cut at the limit; a JetStream API request or response in its
        own form, unquoted (jsapi.py). A byte that is not UTF-8 is one character until shown (as
        \\xNN), and the cut is counted once normalised, so it is the payload's bytes, but for times
        and NUIDs, whose length varies from run to run."""
        if ephemeral := jsapi.ephemeral_consumer(raw):
            self.ephemeral.add(ephemeral)
        api = (jsapi.request_body(message.subject, raw) if message.subject.startswith(jsapi.API_PREFIX)
               else jsapi.response_body(raw))
        if api is not None and not untraced:
            return self.normalise(api)
        text = self.normalise(raw.decode("utf-8", "surrogateescape"))
        if len(text) <= self.payload_limit and not untraced:
            return _quoted(_shown_bytes(text))
        kept, cut = text[:self.payload_limit], text[self.payload_limit:]
        cut_bytes = len(cut.encode("utf-8", "surrogateescape")) + untraced
        return f"{_quoted(_shown_bytes(kept) + '…')} (+{cut_bytes} bytes)"


_REDACTED = re.compile(r"(?<=:)\[REDACTED\](?=[,}])")


def _connect(args: str) -> str | None:
    """The header of a connection: its client's language and version, its name if it has one.
    The CONNECT's other fields differ by client and say nothing about the example."""
    try:
        info = json.loads(_REDACTED.sub("null", args))  # the server hides credentials as a bare [REDACTED]
    except (ValueError, RecursionError):
        return None
    if not isinstance(info, dict):
        return None
    header = f"connect lang={info.get('lang', '?')} version={info.get('version', '?')}"
    name = info.get("name")
    return f"{header} name={name}" if isinstance(name, str) and name else header


def _unquoted(error: str) -> str:
    """An -ERR's message without the quotes the wire has (and the trace has not, as of 2.15)."""
    return error[1:-1] if len(error) >= 2 and error[0] == error[-1] == "'" else error


def _split_headers(payload: bytes, headers_size: int) -> tuple[bytes, bytes]:
    if 0 < headers_size <= len(payload):
        return payload[:headers_size], payload[headers_size:]
    end = payload.find(b"\r\n\r\n")  # a payload the trace cut short
    return (payload, b"") if end < 0 else (payload[:end + 4], payload[end + 4:])


def _go_unquote(quoted: str) -> bytes:
    """The payload's bytes from the trace's `"..."` (Go's %q); an escape it does not know, as in
    a payload the server cut short, stays as written."""
    if len(quoted) >= 2 and quoted[0] == quoted[-1] == '"':
        quoted = quoted[1:-1]
    return _GO_ESCAPE.sub(_go_escaped, _utf8(quoted))


def _go_escaped(found: re.Match[bytes]) -> bytes:
    escape = found.group(1)
    if escape.startswith(b"x"):
        return bytes([int(escape[1:], 16)])
    if escape.startswith((b"u", b"U")):
        code = int(escape[1:], 16)
        return _utf8(chr(code)) if code <= 0x10FFFF else found.group(0)
    return _GO_LETTERS[escape]


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "backslashreplace")  # a lone surrogate stays visible, never raises


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "backslashreplace")  # bytes that are not UTF-8 stay visible as \xNN


def _shown_bytes(text: str) -> str:
    """Text read with surrogateescape, its bytes that are not UTF-8 as \\xNN."""
    return _text(text.encode("utf-8", "surrogateescape"))


def _quoted(text: str) -> str:
    """JSON-quoted, readable: only what does not print is escaped (JSON's way)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted if quoted.isprintable() else "".join(
        char if char.isprintable() else json.dumps(char)[1:-1] for char in quoted)


def _visible(line: str) -> str:
    """A transcript line as one printable line: what does not print is escaped (Python's way)."""
    return line if line.isprintable() else "".join(
        char if char.isprintable() else ascii(char)[1:-1] for char in line)
