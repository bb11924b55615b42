"""A lifeline for one nbe run: a small keeper process holding the read end of a pipe whose write
end only nbe holds. If nbe dies in any way, even kill -9 where no cleanup of nbe's own can run,
the keeper reads EOF and kills every process the run's checks started (see lifeline_keeper.py).
On a normal exit every check has already cleaned up, so nbe just ends the keeper."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conformance.cleanup import orphans

_KEEPER = str(Path(__file__).with_name("lifeline_keeper.py"))
# The shell waits for EOF, and only then starts Python: a shell costs nbe's run about 1 ms of
# CPU where an idle Python interpreter would cost over 10.
_WAIT_THEN_KEEP = 'while read -r _; do :; done; exec "$0" -I -S "$@"'


class Lifeline:
    """Context manager; `folders` are removed by the keeper if nbe dies (they are nbe's to
    remove otherwise)."""

    def __init__(self, *folders: str) -> None:
        self.folders = folders
        self._keeper: subprocess.Popen[bytes] | None = None
        self._write_end = -1

    def __enter__(self) -> Lifeline:
        if not os.path.isdir("/proc"):
            return self  # the keeper finds the run's processes in /proc: Linux only
        read_end, self._write_end = os.pipe()  # not inheritable: no other child holds the write end
        # Not tagged (it must not kill itself) and a session of its own: a terminal's Ctrl-C is
        # nbe's to handle. Started, not waited for: no check waits for it.
        untagged = {name: value for name, value in os.environ.items() if name != orphans.TAG}
        try:
            self._keeper = orphans.spawn(
                ["/bin/sh", "-c", _WAIT_THEN_KEEP, sys.executable, _KEEPER, f"{orphans.TAG}={orphans.RUN_ID}.",
                 *self.folders],
                env=untagged, stdin=read_end, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            os.close(read_end)
        return self

    def __exit__(self, *exc_info: object) -> None:
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.kill()  # before EOF reaches it: nothing is left to sweep
            orphans.wait(keeper)
        if self._write_end >= 0:
            os.close(self._write_end)
            self._write_end = -1
