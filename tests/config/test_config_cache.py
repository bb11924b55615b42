"""The cache of validated meta.yaml and language.yaml is keyed by everything that shapes the
parse: the file's bytes, nbe's version and every parsing module, not one schema file's mtime."""

from __future__ import annotations

import os

import conformance
from conformance import languages as language
from conformance.config import cache
from conformance.project import meta


def parse_count(tmp_path, monkeypatch):
    monkeypatch.setenv("NBE_CACHE_DIR", str(tmp_path / "cache"))
    config = tmp_path / "meta.yaml"
    config.write_text("title: t\n")
    modules = []
    for name in ("schema", "fields"):
        modules.append(tmp_path / f"{name}.py")
        modules[-1].write_text("# a parsing module\n")
    calls = []

    def parse():
        calls.append(1)
        return {"title": "t"}

    def load():
        assert cache.cached_config(config, tuple(map(str, modules)), parse) == {"title": "t"}
        return len(calls)

    return load, modules


def test_a_warm_parse_is_reused(tmp_path, monkeypatch):
    load, _ = parse_count(tmp_path, monkeypatch)
    assert load() == 1 and load() == 1


def test_a_change_to_any_parsing_module_makes_the_cache_stale(tmp_path, monkeypatch):
    load, modules = parse_count(tmp_path, monkeypatch)
    assert load() == 1
    modules[1].write_text("# a parsing module, changed: another rule\n")  # not the schema file
    assert load() == 2
    stat = modules[1].stat()
    os.utime(modules[1], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load() == 3


def test_another_nbe_version_makes_the_cache_stale(tmp_path, monkeypatch):
    load, _ = parse_count(tmp_path, monkeypatch)
    assert load() == 1
    monkeypatch.setattr(conformance, "__version__", conformance.__version__ + ".post1")
    assert load() == 2


def test_meta_and_language_caches_cover_every_module_of_their_parse():
    for parsers, own in ((meta._PARSERS, "meta_schema.py"), (language._PARSERS, "schema.py")):
        names = {os.path.basename(module) for module in parsers}
        assert {own, "fields.py", "yamlfile.py", "cache.py"} <= names
        assert all(os.path.isfile(module) for module in parsers)


def test_a_warm_run_of_an_example_without_meta_yaml_imports_no_yaml(nbe, project):
    """The YAML parser (about 11 ms) is for files there are: language.yaml's parse is cached once
    warm, and an example without meta.yaml gets its defaults without it."""
    (project / "examples" / "messaging" / "request-reply" / "meta.yaml").unlink()
    target = "messaging/request-reply/python"
    assert nbe("run", target, "--runtime", "local").returncode == 0  # cold: parses language.yaml
    warm = nbe("run", target, "--runtime", "local", PYTHONPROFILEIMPORTTIME="1", PYTHONDONTWRITEBYTECODE="")
    assert warm.returncode == 0, warm.stdout + warm.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in warm.stderr.splitlines() if line.startswith("import time:")]
    assert "conformance.check" in imported  # the profile is of the run
    assert not [name for name in imported if name == "yaml" or name.startswith("yaml.")], imported
