"""One progress line on a terminal for long work: files done, rate, time left (issue 16).

``pipeline ingest`` of 20,000 files or ``pipeline rebuild`` of a year's archive runs for minutes.
On a terminal it shows one line that updates in place (tqdm: it measures the rate, guesses the
time left and fits the terminal's width) and then the summary. Anywhere else (a pipe, cron, the
service) nothing changes: no line is drawn, the terminal output is as before, and the log file
keeps its one line per file whatever the terminal shows.

The line is drawn on standard error, only from ``MIN_FILES`` files on (a small pass shows each
file as before), and the console's log lines are printed above it instead of through it.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from typing import TextIO

from pipeline.strings import Texts

MIN_FILES = 50  # fewer files are listed one by one, as before: a line for them would only flicker


class ProgressLine:
    """Called as ``line(done, total)`` by the work as it goes; draws nothing when not on a terminal.

    ``total`` may be 0 while the work does not know it yet (the files left by an interrupted pass
    come before the inbox is looked at).
    """

    def __init__(self, t: Texts, what: str, stream: TextIO | None = None, min_files: int = MIN_FILES):
        self.t, self.what, self.min_files = t, what, min_files
        self.stream = stream or sys.stderr
        self.bar = None
        self.shown = False  # whether a line was drawn: the CLI then lists only what needs a look

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.min_files or not _is_terminal(self.stream):
                return
            self.bar = _bar_class(self.t)(
                total=total,
                desc=self.t(self.what),
                file=self.stream,
                leave=False,  # the summary takes its place
                mininterval=0.25,
                dynamic_ncols=True,
            )
            self.shown = True
        if total and total != self.bar.total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    @contextlib.contextmanager
    def drawn(self) -> Iterator[ProgressLine]:
        """While the work runs: the console's log lines are printed above the line (through
        ``tqdm.write``, each handler keeping its level and format), and the line is closed after."""
        if not _is_terminal(self.stream):
            yield self
            return
        consoles = [
            h
            for name in ("", "pipeline")
            for h in logging.getLogger(name).handlers
            if type(h) is logging.StreamHandler and h.stream in (sys.stderr, sys.stdout)
        ]
        kept = [(h, h.stream) for h in consoles]
        try:
            for handler, stream in kept:
                handler.stream = _Above(stream)
            yield self
        finally:
            for handler, stream in kept:
                handler.stream = stream
            self.close()


class _Above:
    """A console stream whose lines go above the progress line."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, text: str) -> None:
        from tqdm import tqdm

        tqdm.write(text, file=self.stream, end="")

    def flush(self) -> None:
        self.stream.flush()


def _bar_class(t: Texts):
    """tqdm (the timing, the throttling, the terminal's width), with the line said in ``t``'s language."""
    from tqdm import tqdm

    class Bar(tqdm):
        @staticmethod
        def format_meter(n, total, elapsed, rate=None, prefix="", initial=0, ncols=None, **_):
            rate = rate or ((n - initial) / elapsed if elapsed > 0 else None)
            facts = {"what": prefix, "done": t.number(n), "total": t.number(total or n)}
            if not rate or not total:
                text = t("cli.progress.starting", **facts)
            else:
                left = round(max(total - n, 0) / rate)
                shown = f"{left // 60} min {left % 60:02d} s" if left >= 60 else f"{left} s"
                text = t("cli.progress.line", **facts, rate=t.number(round(rate)), left=shown)
            return text[: ncols - 1] if ncols else text

    return Bar


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
