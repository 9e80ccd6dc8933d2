"""Reads and validates a file in a separate worker process, with a memory cap, a CPU limit and a timeout.

Readers of xlsx files can be made to abort the whole process (python-calamine
raises SIGABRT on a cell at XFD1048576 or a shared-string bomb; no ``except``
catches that), to allocate without bound, or to run for minutes. So the parse
runs in a worker process:

* its address space is capped (``RLIMIT_AS``: the worker's own size at start
  plus ``memory_mb``), and each file gets ``cpu_seconds`` of CPU (``RLIMIT_CPU``,
  raised before every file, so the worker can be reused);
* the parent waits at most ``timeout`` seconds of wall-clock time, then kills it;
* a worker that cannot be started at all is the server's fault, not a file's:
  ``WorkerUnavailable`` stops the pass (the files wait in ``state/work``);
* a worker that dies (a signal, the CPU limit, the memory cap) or times out is
  replaced, and the file is tried again ``retries`` times with a fresh worker
  (memory left over from earlier files must not decide). After that the file is
  rejected as ``parse-failed`` ("too large or damaged"): never a dead watcher.

The worker is reused from file to file (starting Python for each file would
cost more than reading it); it is recycled after ``recycle_after`` files (sent no more, it answers
the ones it has while a fresh process takes the next: no answer is thrown away) or when
its peak memory passes half the cap. It exits by itself when the parent goes
away (end of input), so a killed watcher leaves no worker behind for long.

Files can be sent ahead (``Worker.submit``, then ``Worker.result``): the worker
reads them one after another from its pipe while the parent records the ones
before. Answers come back in order, so the file that killed the worker or ran out
of time is always the oldest one unanswered; the ones after it are sent again.

A second worker of the same kind (``settle.Finisher``) writes receipts and moves
files during a burst (see ``pipeline.intake.settle``): it is sent a *job* by name
(``Worker.job``), so this module knows nothing of what the job does. It never
reads a unit's file.

The plan is sent to the worker only when it changed. Replies are unpickled with
an allow-list of classes, so even a worker subverted by a hostile file cannot
make the parent run code. On systems without ``resource`` (Windows) only the
timeout applies.
"""

from __future__ import annotations

import itertools
import logging
import pickle
import queue
import subprocess
import sys
import threading
import time  # the wall-clock timeout per file, and durations for the stats
from collections import deque
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.errors import FileProblem, WorkerUnavailable
from pipeline.intake.limits import ParseLimits
from pipeline.intake.serve import HEADER, pump_replies

log = logging.getLogger(__name__)

_STARTUP_SECONDS = 120.0  # imports on a cold, busy server


@dataclass
class Stats:
    """What the worker measured for the latest file (for logs and benchmarks)."""

    seconds: float = 0.0
    peak_mb: float = 0.0  # the worker's peak resident memory so far
    attempts: int = 0
    outcome: str = ""


@dataclass
class _Request:
    """A file sent to the worker and not yet answered."""

    ticket: int
    path: Path
    plan: object
    today: date
    folder: str
    sent: float  # when it was first sent
    started: float  # when the worker could begin it: sent, or the reply before it came
    attempts: int = 1
    replies: queue.Queue | None = None  # the answers of the process it was sent to


class Worker:
    """One reusable worker process. Not thread-safe: one caller.

    Files can be sent ahead (``submit``) and their answers taken later
    (``result``): the worker reads them one after another from its pipe and never
    waits for the caller. Answers come in the order the files were sent, so the
    file that killed the worker or ran out of time is always the oldest one not
    yet answered; the others are sent again to a fresh worker.
    """

    def __init__(self, limits: ParseLimits):
        self.limits = limits
        self.stats = Stats()
        self._proc: subprocess.Popen | None = None
        self._replies: queue.Queue = queue.Queue()
        self._plan_sent: bytes | None = None
        self._plan_object: object = None
        self._plan_blob: bytes = b""
        self._files = 0  # files sent to the current process
        self._retiring: list[tuple[subprocess.Popen, queue.Queue]] = []  # recycled, still answering
        self._tickets = itertools.count()
        self._waiting: deque[_Request] = deque()
        self._done: dict[int, tuple] = {}

    # ------------------------------------------------------------------ parent side

    def submit(self, path: Path, plan: object, today: date, folder: str) -> int:
        """Sends ``path`` to be read without waiting; returns the ticket for ``result``."""
        now = time.monotonic()
        request = _Request(next(self._tickets), Path(path), plan, today, folder, now, now)
        self._waiting.append(request)
        self._send_request(request)
        if self._files >= self.limits.recycle_after:
            self._retire()
        return request.ticket

    def _send_request(self, request: _Request) -> bool:
        """Sends one file to the current process; False if it is gone (``result`` finds out)."""
        try:
            self.send("judge", str(request.path), request.plan, request.today, request.folder)
        except OSError:
            return False
        finally:
            request.replies = self._replies
        self._files += 1
        return True

    def _retire(self) -> None:
        """Recycles the process without losing its work: it is sent no more files, answers the
        ones it has (its input is closed, so it ends after the last one), and the next file
        starts a fresh process. Stopping it at once would throw away the answers it has ready."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        try:
            proc.stdin.close()
        except OSError:
            pass
        self._retiring.append((proc, self._replies))

    def _replies_for(self, head: _Request) -> queue.Queue:
        return head.replies if head.replies is not None else self._replies

    def result(self, ticket: int) -> tuple[str, object, list]:
        """The answer for ``ticket``: ``(kind, found, problems)``, the name of the template kind that
        judged the file (``pipeline.intake.kinds``) and its ``validate``'s submission and problems.
        Answers of earlier tickets not asked for are dropped.

        Raises:
            FileProblem: the file as a whole is refused (the guard's or the reader's
                code), or ``parse-failed`` when the worker died or ran out of time.
        """
        while ticket not in self._done:
            head = self._waiting[0]
            try:
                item = self._replies_for(head).get(
                    timeout=max(head.started + self.limits.timeout - time.monotonic(), 0)
                )
            except queue.Empty:
                self._retry(head, "timeout")
                continue
            self._take(item)
        for older in [t for t in self._done if t < ticket]:
            del self._done[older]
        return self._answer(self._done.pop(ticket))

    def forget(self) -> None:
        """Drops every file sent and not answered (a pass that stopped half-way left them).

        Their answers may still be on their way, and would be taken for the next files'
        answers: the worker is stopped with them, and the next file starts a fresh one.
        """
        if self._waiting or self._done:
            self._waiting.clear()
            self._done.clear()
            self.stop()

    def ready(self, ticket: int) -> bool:
        """Whether ``result(ticket)`` would answer at once (takes in the replies already there)."""
        while ticket not in self._done and self._waiting:
            try:
                item = self._replies_for(self._waiting[0]).get_nowait()
            except queue.Empty:
                return False
            self._take(item)
        return ticket in self._done

    def _take(self, item: tuple | None) -> None:
        """One reply (or the end of the worker) for the oldest file waiting."""
        head = self._waiting[0]
        if item is None or item[0][0] == "memory":  # a signal, the CPU limit or the memory cap
            self._retry(head, "memory" if item is not None else f"exit {self._exit_code(head)}")
            return
        (kind, payload, peak_kb), arrived = item
        self._waiting.popleft()
        self._done[head.ticket] = (kind, payload, peak_kb / 1024, head.attempts, arrived - head.sent)
        if self._waiting:
            self._waiting[0].started = max(self._waiting[0].started, arrived)
        self._reap(head.replies)
        if peak_kb / 1024 > self.limits.memory_mb / 2:  # memory an earlier file left: not for the next
            self._resend()  # a fresh worker from the next file on
            if not self._waiting:
                self._start()  # now, not when the next file comes (a drop waits for no start-up)

    def _reap(self, answered: queue.Queue | None) -> None:
        """Waits for a recycled process once the last file sent to it is answered."""
        if not self._retiring or (self._waiting and self._waiting[0].replies is answered):
            return
        for proc, replies in list(self._retiring):
            if replies is answered:
                self._retiring.remove((proc, replies))
                _end(proc, wait=5)

    def _retry(self, head: _Request, reason: str) -> None:
        """The oldest file killed the worker or ran out of time: again with a fresh one, or given up."""
        head.attempts += 1
        if head.attempts > self.limits.retries + 1:
            self._waiting.popleft()
            log.warning(
                "could not read %s in %d tries (%s): too large or damaged",
                head.path.name,
                head.attempts - 1,
                reason,
            )
            self._done[head.ticket] = ("failed", reason, 0.0, head.attempts - 1, time.monotonic() - head.sent)
        self._resend()

    def _resend(self) -> None:
        """Stops the worker and sends every file still waiting to a fresh one."""
        self.stop()
        now = time.monotonic()
        for request in self._waiting:
            request.started = now
            if not self._send_request(request):
                return  # no worker: the oldest one's wait ends at once, and counts as a try

    @staticmethod
    def job(function) -> str:
        """The name under which ``send`` asks the worker to run ``function(item, plan)`` (a job of ours)."""
        return f"{function.__module__}:{function.__qualname__}"

    def send(
        self,
        kind: str,
        subject: object,
        plan: object,
        today: date | None = None,
        folder: str = "",
        restart: bool = True,
    ) -> None:
        """Sends one request (starting the worker if needed) without waiting for its reply.

        The plan is pickled once per plan object and sent once per worker process. With
        ``restart`` false, a worker that has ended is not replaced: ``BrokenPipeError``
        instead, so a caller with requests still unanswered learns that they never will be
        (a fresh worker's answers must not be taken for the dead one's).
        """
        if not restart and (self._proc is None or self._proc.poll() is not None):
            raise BrokenPipeError("the worker has ended")
        if plan is not self._plan_object:  # the same plan object is never pickled twice
            self._plan_object = plan
            slim = plan.for_intake() if hasattr(plan, "for_intake") else plan  # only what intake reads
            self._plan_blob = pickle.dumps(slim, protocol=pickle.HIGHEST_PROTOCOL)
        blob = self._plan_blob
        self._start()
        self._send((kind, subject, None if blob is self._plan_sent else blob, today, folder))
        self._plan_sent = blob

    def reply(self, timeout: float) -> tuple | None:
        """The next reply, in the order of the requests; None if the worker ended or ran out of time."""
        try:
            item = self._replies.get(timeout=timeout)
        except queue.Empty:
            item = None
        if item is None:
            self.stop()
            return None
        return item[0]

    def reply_if_any(self) -> tuple[bool, tuple | None]:
        """``(True, reply)`` if a reply is in already (None: the worker ended); ``(False, None)`` if not."""
        try:
            item = self._replies.get_nowait()
        except queue.Empty:
            return False, None
        return True, (item[0] if item is not None else None)

    def _answer(self, done: tuple) -> tuple[str, object, list]:
        kind, payload, peak_mb, attempts, seconds = done
        self.stats = Stats(seconds=seconds, peak_mb=peak_mb, attempts=attempts, outcome=kind)
        if kind == "ok":
            return payload
        if kind == "problem":
            raise FileProblem(*payload)
        if kind == "failed":
            self.stats.outcome = f"parse-failed ({payload})"
            raise FileProblem("parse-failed", payload)
        log.error("reading a file failed in the worker:\n%s", payload)
        raise FileProblem("unreadable", payload.strip().rpartition("\n")[2].split(":")[0])

    def _start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        if self._proc is not None:
            _end(self._proc)  # only the current one: a recycled one still answers its files
            self._proc = None
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "pipeline.intake.serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                close_fds=True,
            )
        except OSError as exc:
            self._waiting.clear()
            self._done.clear()
            raise WorkerUnavailable(_cannot_start(exc.strerror or str(exc))) from None
        self._replies = queue.Queue()
        self._plan_sent = None
        self._files = 0
        threading.Thread(target=pump_replies, args=(self._proc.stdout, self._replies), daemon=True).start()
        try:
            self._send(("setup", self.limits))
            ready = self._replies.get(timeout=_STARTUP_SECONDS)
        except (OSError, queue.Empty):
            ready = None
        if not ready or ready[0][0] != "ready":
            code = self._proc.poll()
            self.stop()
            self._waiting.clear()  # the pass stops: nothing sent is answered, ever
            self._done.clear()
            raise WorkerUnavailable(_cannot_start(f"exit code {code}" if code is not None else "no answer"))

    def _send(self, message: tuple) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._proc.stdin.write(HEADER.pack(len(data)) + data)
        self._proc.stdin.flush()

    def _exit_code(self, head: _Request) -> object:
        """How the process that ``head`` was sent to ended."""
        proc = next((p for p, replies in self._retiring if replies is head.replies), self._proc)
        if proc is None:
            return "?"
        try:
            return proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "?"

    def stop(self) -> None:
        """Ends the worker (if any) and the recycled ones still answering; the next file starts afresh."""
        proc, self._proc = self._proc, None
        for old, _ in self._retiring:
            _end(old)
        self._retiring.clear()
        if proc is not None:
            _end(proc)


def _end(proc: subprocess.Popen, wait: float = 0) -> None:
    """Closes the process's pipes and ends it: at once, or after ``wait`` seconds to end by itself."""
    for stream in (proc.stdin, proc.stdout):
        try:
            stream.close()
        except OSError:
            pass
    if wait:
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            pass
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def _cannot_start(detail: str) -> str:
    return (
        f"the isolated worker process could not be started ({detail}): no file was judged, and the "
        f"files wait in state/work for the next pass. Check that the service account may run {sys.executable}"
    )
