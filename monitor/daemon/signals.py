"""Signals for the daemon's main thread: SIGTERM and SIGINT stop it, SIGHUP reloads it.

Handlers are installed explicitly: as PID 1 in a container the kernel delivers no signal
that has no handler, so a default SIGTERM would be ignored and the container killed after
its grace period. The handlers do nothing themselves: Python's C-level handler writes each signal's number
to a socket (`signal.set_wakeup_fd`), and the main thread reads the numbers from there and
acts outside any handler (a handler that took locks could deadlock with the code it
interrupted).
"""

from __future__ import annotations

import select
import signal
import socket
from collections import deque
from types import FrameType, TracebackType
from typing import Any

STOP = (signal.SIGTERM, signal.SIGINT)
RELOAD = signal.SIGHUP


class SignalWaiter:
    """`with SignalWaiter() as w: sig = w.wait()`; the old handlers come back on exit."""

    def __init__(self) -> None:
        self._pending: deque[int] = deque()
        self._old: dict[int, Any] = {}
        self._old_wakeup = -1
        self._reader, self._writer = socket.socketpair()
        for sock in (self._reader, self._writer):
            sock.setblocking(False)

    @staticmethod
    def _note(signum: int, frame: FrameType | None) -> None:
        """Installed so that the wakeup socket is written; the number is read from there."""

    def __enter__(self) -> SignalWaiter:
        # The C-level handler writes the signal number to this socket, which ends the select.
        self._old_wakeup = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        for sig in (*STOP, RELOAD):
            self._old[sig] = signal.signal(sig, self._note)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._old_wakeup)
        self._reader.close()
        self._writer.close()

    def wait(self, timeout: float | None = None) -> int | None:
        """The next signal received, waiting up to `timeout` seconds (None: forever)."""
        while not self._pending:
            ready, _, _ = select.select([self._reader], [], [], timeout)
            if ready:
                try:
                    while data := self._reader.recv(512):
                        self._pending.extend(data)
                except BlockingIOError:
                    pass
            elif timeout is not None:
                return None
        return self._pending.popleft()
