"""Our terminal driver: Textual's LinuxDriver, made robust against what a real terminal sends.

Two things Textual's own driver (textual 8.2) does not survive:

* **Input that is not UTF-8.** It decodes stdin as strict UTF-8, so one byte from a terminal set
  to EUC-KR/CP949 (PuTTY's "UHC"), line noise or a pasted binary ends the app. Here bad bytes
  become U+FFFD and the user is told once how to switch the terminal to UTF-8.
* **Absurd escape sequences.** ``ESC[999999999999;99999999999H`` raises ``OverflowError``
  inside the xterm parser. Here a parser that raises is replaced by a fresh one and the rest of
  that read is dropped.
* **Signals.** It handles no SIGTERM, SIGHUP or SIGQUIT, so those left the terminal on the
  alternate screen with mouse reporting on. Here each of SIGTERM, SIGHUP, SIGQUIT and SIGINT
  closes the app normally (which restores the terminal) with exit status 128+n; if closing takes
  longer than ``SIGNAL_GRACE`` seconds (a hung-up SSH link) the process leaves anyway.

``run_input_thread`` below is a copy of Textual's with the decoder and parser swapped. It needs
Textual's private ``XTermParser``: that dependency is kept to this one module (pinned by
``textual>=8.2.5,<8.3`` in pyproject.toml); docs/reliability.md has the upstream report.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import selectors
import signal
import sys
import termios
import threading
from collections.abc import Callable

from textual._xterm_parser import XTermParser  # private: see the module docstring
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGINT)
SIGNAL_GRACE = 3.0  # seconds a signalled app may take to close before the process just leaves
READ_SIZE = 4096
# Mouse reporting off, main screen, cursor shown, autowrap on, bracketed paste off.
RESTORE = "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?1049l\x1b[?25h\x1b[?7h\x1b[?2004l"

NOT_UTF8_NOTICE = (
    "터미널이 UTF-8이 아닌 글자를 보냈습니다. 터미널의 문자 인코딩을 UTF-8로 바꾸세요 "
    "(PuTTY: Window › Translation › Remote character set → UTF-8)."
)

# The parser state that describes the terminal, carried over when a parser is replaced.
_PARSER_STATE = ("last_x", "last_y", "mouse_pixels", "terminal_size", "terminal_pixel_size")


class SafeInput:
    """Bytes from the terminal → Textual events; never raises, whatever the bytes."""

    def __init__(self, debug: bool = False) -> None:
        self._debug = debug
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._parser = XTermParser(debug)
        self.replaced = 0
        """How many invalid bytes (runs of them) were replaced by U+FFFD so far."""
        self.resets = 0
        """How many times the parser raised and was replaced."""

    def feed(self, data: bytes, final: bool = False) -> list[Message]:
        text = self._decoder.decode(data, final=final)
        self.replaced += text.count("\ufffd")
        return self._guarded(lambda: self._parser.feed(text)) if text else []

    def tick(self) -> list[Message]:
        return self._guarded(self._parser.tick)

    def _guarded(self, run: Callable[[], object]) -> list[Message]:
        events: list[Message] = []
        try:
            for event in run():  # type: ignore[attr-defined]
                events.append(event)
        except Exception:
            self._reset()
        return events

    def _reset(self) -> None:
        old = self._parser
        self._parser = XTermParser(self._debug)
        for name in _PARSER_STATE:
            setattr(self._parser, name, getattr(old, name))
        self.resets += 1


class SafeLinuxDriver(LinuxDriver):
    """LinuxDriver that survives any input bytes and restores the terminal on exit signals."""

    _signalled = False

    def start_application_mode(self) -> None:
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(ValueError, RuntimeError, OSError):
                self._loop.add_signal_handler(signum, self._on_exit_signal, signum)
        super().start_application_mode()  # type: ignore[no-untyped-call]

    def stop_application_mode(self) -> None:
        super().stop_application_mode()
        if not self._loop.is_closed():
            for signum in EXIT_SIGNALS:
                with contextlib.suppress(ValueError, RuntimeError, OSError):
                    self._loop.remove_signal_handler(signum)

    def _on_exit_signal(self, signum: int) -> None:
        status = 128 + signum
        if not self._signalled:
            self._signalled = True
            threading.Thread(target=self._leave_after, args=(SIGNAL_GRACE, status), daemon=True).start()
        self._app.exit(return_code=status)

    def run_input_thread(self) -> None:
        """Textual's input loop, reading through ``SafeInput``."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        decoder = SafeInput(self._debug)
        told = False

        def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            nonlocal told
            for index, (_key, mask) in enumerate(ready):
                if mask & selectors.EVENT_READ:
                    data = os.read(self.fileno, READ_SIZE)
                    if not data:
                        break  # stdin is a pipe that closed
                    for event in decoder.feed(data, final=final and index == len(ready) - 1):
                        self.process_message(event)
            for event in decoder.tick():
                self.process_message(event)
            if decoder.replaced and not told:
                told = True
                self._tell(NOT_UTF8_NOTICE)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()

    def _tell(self, message: str) -> None:
        if not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(
                    lambda: self._app.notify(message, title="입력 인코딩", severity="warning", timeout=15, markup=False)
                )

    def _leave_after(self, seconds: float, status: int) -> None:
        """The app did not close in time (its terminal may be gone): restore what we can, leave."""
        threading.Event().wait(seconds)
        with contextlib.suppress(OSError, termios.error):
            if self.attrs_before is not None:
                termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.write(sys.__stdout__.fileno(), RESTORE.encode())  # type: ignore[union-attr]
        os._exit(status)
