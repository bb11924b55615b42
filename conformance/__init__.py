"""nbe: a cross-language conformance checker for NATS by Example. One folder per concern:

```
cli.py  commands/        argv to a command: run, drift, list, new, doctor, report, clean
project/                 WHAT is checked: the tree, its ports, meta.yaml, expected files, selection
config/  languages/      YAML read with file:line and cached; the language registry beside its data folders
check/                   one check (prepare, run_check, judge, behaviour: --wire/--state, update); many
runtimes/  servers/      WHERE a port runs (local/, docker/); its nats-server, trace (wire) and state
compare/                 pure text functions: normalise, rules, masks, wildcards, unordered, diff
result/  reports/        the one frozen CheckResult with its cause; every rendering of a list of them
cleanup/                 nothing outlives nbe: cancel, orphan sweeps, the lifeline
pytest_plugin/           the same checks as pytest items
errors.py  atomic.py     the exit-code taxonomy; the one writer of files
```

One check, `nbe run messaging/request-reply/python`: `cli` → `commands/run` →
`project/selection.select` (targets to `Check`s, `servers/axis` gives their servers) →
`check.prepare` (meta.yaml and the language, validated once) → `check/many.check_ports`
(chooses a runtime, schedules) → `check.run_check` → `runtimes/*.execute` (build, start
`servers/`, run, capture) → `check/judge` (with `compare/` and `project/expected`) →
`result.CheckResult` → `reports/console` and the report files. Folders import downward only
(`tests/test_layout.py` walks the imports and fails on a loop); tests live in `tests/<folder>/`.
"""

__version__ = "0.1.0"
