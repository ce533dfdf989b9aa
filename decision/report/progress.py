"""Progress on stderr while a command works.

On a terminal a rich progress bar shows the running step. Off a terminal (CI, a pipe, a log
file) nothing is printed for a command that finishes within :data:`HEARTBEAT_SECONDS`; a
longer one prints one line with the running step and the time so far every
:data:`HEARTBEAT_SECONDS`, so a run in CI does not look hung.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType

#: Seconds between two progress lines off a terminal.
HEARTBEAT_SECONDS = 10.0


class Progress:
    """Use as a context manager; pass :meth:`step` as the ``progress`` of
    :mod:`decision.pipeline`.

    Parameters
    ----------
    interactive : bool, optional
        Draw a bar (a terminal) or print heartbeat lines; by default whether stderr is a
        terminal.
    heartbeat : float
        Seconds between heartbeat lines.
    """

    def __init__(self, interactive: bool | None = None,
                 heartbeat: float = HEARTBEAT_SECONDS) -> None:
        from rich.console import Console

        self._console = Console(stderr=True, highlight=False)
        self._bar = None
        self._task = None
        self._heartbeat = heartbeat
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = ("starting", 0, 1)
        self._started = time.monotonic()
        if sys.stderr.isatty() if interactive is None else interactive:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=self._console, transient=True)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        else:
            self._thread = threading.Thread(target=self._beat, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.clear()

    def step(self, name: str, done: int, total: int) -> None:
        """Show ``name`` as the running step, ``done`` of ``total`` finished."""
        self._state = (name, done, total)
        if self._bar is None:
            return
        if self._task is None:
            self._task = self._bar.add_task(name, total=total)
        self._bar.update(self._task, description=f"{name}…", completed=done, total=total)

    def clear(self) -> None:
        """Remove the progress display (before an error or the answer is printed)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _beat(self) -> None:
        while not self._stop.wait(self._heartbeat):
            name, done, total = self._state
            elapsed = time.monotonic() - self._started
            self._console.print(f"… {name} (step {done + 1} of {total}), {elapsed:.0f} s so far",
                                soft_wrap=True)
