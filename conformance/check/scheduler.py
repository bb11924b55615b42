"""Running many checks: in parallel worker threads (each check has its own server), with
retries for failed ones, an optional stop at the first failure, and clean cancellation."""

from __future__ import annotations

from typing import Callable, Generic, Iterable, Sequence, TypeVar

from conformance.cleanup.cancel import cancel_all, cancelled
from conformance.result import CheckResult, Named, Status


Item = TypeVar("Item", bound=Named)  # a Port, or a Check (port and server)

RETRYABLE = (Status.FAIL, Status.ERROR, Status.TIMEOUT)


class Scheduler(Generic[Item]):
    def __init__(self, *, jobs: int, retries: int, fail_fast: bool,
                 on_start: Callable[[Item], None], on_result: Callable[[CheckResult], None],
                 remember_durations: bool = True) -> None:
        self.jobs = max(1, jobs)
        self.remember_durations = remember_durations  # False for a --shard split (check/history.py)
        self.retries = max(0, retries)
        self.fail_fast = fail_fast
        self.on_start = on_start
        self.on_result = on_result
        self.not_run: list[Item] = []  # left out by --fail-fast

    def run(self, ports: list[Item], check: Callable[[Item], CheckResult]) -> list[CheckResult]:
        if self.jobs == 1 or len(ports) <= 1:
            return self._run_here(ports, check)
        from conformance.check import history

        results = self._run_in_threads(history.longest_first(ports), check)
        if self.remember_durations:
            history.remember(results)
        return results

    def _attempts(self, port: Item, check: Callable[[Item], CheckResult]) -> CheckResult:
        """The check, run again up to --retries times while it fails; a late pass is flaky."""
        first = result = check(port)
        attempt = 1
        while result.status in RETRYABLE and attempt <= self.retries and not cancelled.is_set():
            attempt += 1
            result = check(port)
        if attempt > 1 and result.status is Status.PASS:
            return result._replace(status=Status.FLAKY, attempts=attempt,
                                   reason=f"passed on attempt {attempt}; first attempt: "
                                          f"{first.status.value}: {first.reason}")
        return result._replace(attempts=attempt)

    def _finished(self, result: CheckResult, results: list[CheckResult]) -> bool:
        """Record a result; True when --fail-fast says to start nothing more."""
        results.append(result)
        self.on_result(result)
        return self.fail_fast and result.status.fails_the_run

    def _run_here(self, ports: list[Item], check: Callable[[Item], CheckResult]) -> list[CheckResult]:
        results: list[CheckResult] = []
        for index, port in enumerate(ports):
            self.on_start(port)
            if self._finished(self._attempts(port, check), results):
                self.not_run = ports[index + 1:]
                break
        return results

    def _run_in_threads(self, ports: list[Item], check: Callable[[Item], CheckResult]) -> list[CheckResult]:
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        results: list[CheckResult] = []
        waiting = list(reversed(ports))
        pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="nbe-check")
        running: set[Future[CheckResult]] = set()
        try:
            stop = False
            while (waiting and not stop) or running:
                while waiting and not stop and len(running) < self.jobs:
                    port = waiting.pop()
                    self.on_start(port)
                    running.add(pool.submit(self._attempts, port, check))
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    stop = self._finished(future.result(), results) or stop
            self.not_run = list(reversed(waiting))
        except BaseException:
            cancel_all()  # Ctrl-C, SIGTERM or a bug: workers stop, each cleaning up its own check
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return results


def order_like(results: Iterable[CheckResult], ports: Sequence[Named]) -> list[CheckResult]:
    """Results in tree order, whatever order they finished in."""
    rank = {port.name: index for index, port in enumerate(ports)}
    return sorted(results, key=lambda r: rank.get(r.name, len(rank)))
