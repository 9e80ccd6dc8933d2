"""The worker process itself (``python -m pipeline.intake.serve``): one request in, one reply out.

Also the parent's end of the replies (``pump_replies``): each reply is unpickled with an
allow-list of classes (``SafeUnpickler``), so even a worker subverted by a hostile file
cannot make the parent run code.

Started by ``pipeline.intake.worker.Worker``, which holds the parent's side and its
reasons (the memory cap, the CPU limit, the timeout, retries). Here: the worker
imports what it reads and validates with, caps its own memory, and then, until the
parent closes the pipe, reads each request, opens the file with the guard's
limits, asks the file's template kind to validate it (``pipeline.intake.kinds``) and
replies. A request that is not ``judge`` is a job sent by name (``Worker.job``): the
finishing worker's receipts and moves. A reply is pickled; the parent unpickles it
with an allow-list of classes. Standard library only at import: the worker's start is
on every recycle's path.
"""

from __future__ import annotations

import io
import os
import pickle
import queue
import struct
import sys
import time
import traceback
from pathlib import Path

from pipeline.errors import FileProblem
from pipeline.intake.limits import ParseLimits

HEADER = struct.Struct("<Q")  # each message on the pipes: its length, then the pickle


# ---------------------------------------------------------------- the parent's end of the replies


def pump_replies(stream: io.BufferedReader, replies: queue.Queue) -> None:
    """Reader thread: every reply from the worker into ``replies`` with its arrival time; None at the end."""
    try:
        while True:
            head = stream.read(HEADER.size)
            if len(head) < HEADER.size:
                break
            reply = SafeUnpickler(io.BytesIO(stream.read(HEADER.unpack(head)[0]))).load()
            replies.put((reply, time.monotonic()))  # when it came: the next file's time starts there
    except Exception:  # a closed pipe, or a reply that is not allowed
        pass
    replies.put(None)


class SafeUnpickler(pickle.Unpickler):
    """Only the data classes a reply can hold: ours, dates, and plain containers."""

    _BUILTINS = frozenset("set frozenset list dict tuple object str int float bool bytes".split())

    def find_class(self, module: str, name: str):
        allowed = (
            module.startswith("pipeline.")
            or module == "datetime"
            or (module == "builtins" and name in self._BUILTINS)
            or (module == "copyreg" and name in ("_reconstructor", "__newobj__"))
        )
        if not allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a reply")
        return super().find_class(module, name)


# ---------------------------------------------------------------- the worker process


def _serve() -> None:
    """The worker's loop: one request in, one reply out, until the parent closes the pipe."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into the replies
    inp = sys.stdin.buffer

    def receive() -> tuple | None:
        head = inp.read(HEADER.size)
        if len(head) < HEADER.size:
            return None
        return pickle.loads(inp.read(HEADER.unpack(head)[0]))

    def reply(kind: str, payload: object) -> None:
        data = pickle.dumps((kind, payload, _peak_kb()), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            out.write(HEADER.pack(len(data)) + data)
            out.flush()
        except OSError:  # the parent is gone (killed): nobody to answer, and nothing to say on its terminal
            os._exit(0)  # not SystemExit: its cleanup would flush the broken pipe and print about it

    setup = receive()
    if setup is None:
        return
    limits: ParseLimits = setup[1]
    from pipeline.intake import kinds
    from pipeline.intake.read import open_template

    kinds.every()  # each kind's checks are imported before the memory cap, like the reader

    _cap_memory(limits.memory_mb)  # after the imports: the cap leaves room for the files only
    reply("ready", None)
    plan = None
    parent = os.getppid()
    while (request := receive()) is not None:
        if os.getppid() != parent:
            return  # the parent was killed: requests still in the pipe are its next pass's to redo
        kind, subject, plan_blob, today, folder = request
        if plan_blob is not None:
            plan = pickle.loads(plan_blob)
        _limit_cpu(limits.cpu_seconds)
        if kind != "judge":  # a job another module sends by name (``Worker.job``): the finishing worker's
            _run_job(kind, subject, plan, reply)
            continue
        path = subject
        try:
            template = open_template(Path(path), limits.guard.max_bytes, limits.guard)
            judge = kinds.of_template(template)  # the one dispatch on pl_template_kind
            reply("ok", (judge.name, *judge.validate(template, plan, today, folder)))
        except FileProblem as exc:
            reply("problem", (exc.code, exc.value))
        except MemoryError:
            reply("memory", None)
        except Exception:
            reply("error", traceback.format_exc(limit=8))


def _run_job(name: str, item: object, plan: object, reply) -> None:
    """Runs the job ``name`` (``"pipeline.module:function"``) on ``item`` in this worker; replies "ok"."""
    import importlib

    module, _, function = name.partition(":")
    try:
        if not module.startswith("pipeline."):
            raise ValueError(f"{name} is not a job of ours")
        getattr(importlib.import_module(module), function)(item, plan)
        reply("ok", None)
    except Exception:
        reply("error", traceback.format_exc(limit=8))


def _peak_kb() -> int:
    """The worker's own peak resident memory (VmHWM: ``ru_maxrss`` would carry the parent's from the fork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak // 1024 if sys.platform == "darwin" else peak
    except ImportError:
        return 0


def _cap_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:
        return
    base = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    base = int(line.split()[1]) * 1024
    except OSError:
        base = 512 * 1024 * 1024
    cap = base + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _limit_cpu(seconds: int) -> None:
    try:
        import resource
    except ImportError:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = int(usage.ru_utime + usage.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = used + seconds if hard == resource.RLIM_INFINITY else min(used + seconds, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


if __name__ == "__main__":
    _serve()
