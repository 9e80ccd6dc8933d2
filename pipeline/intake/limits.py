"""What reading one file may cost: the limits from ``pipeline.toml``, worked out in one place.

``limits_for`` turns the settings into the worker's limits (and the guard's, which
the worker applies before any parser runs); ``problem_facts`` gives the same limits
as a receipt names them when a file is refused for its size or its parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.intake.guard import Limits


@dataclass(frozen=True)
class ParseLimits:
    """What one file may cost the worker.

    Attributes:
        timeout: wall-clock seconds per file.
        cpu_seconds: CPU seconds per file.
        memory_mb: address space the worker may add on top of its size at start.
        retries: further tries with a fresh worker after a crash or a timeout.
        recycle_after: a worker is replaced after this many files.
        guard: the pre-parse limits (see ``pipeline.intake.guard``).
    """

    timeout: float = 30.0
    cpu_seconds: int = 30
    memory_mb: int = 1024
    retries: int = 1
    recycle_after: int = 2000  # a start-up costs about 0.1 s of CPU; the peak-memory rule guards memory
    guard: Limits = field(default_factory=Limits)


def limits_for(settings) -> ParseLimits:
    """The limits from ``pipeline.toml`` (a ``Settings``)."""
    return ParseLimits(
        timeout=float(settings.parse_timeout_seconds),
        cpu_seconds=max(1, int(settings.parse_timeout_seconds)),
        memory_mb=int(settings.parse_memory_mb),
        guard=Limits(
            max_bytes=int(settings.max_file_mb * 1_000_000),
            max_unpacked=int(settings.max_unpacked_mb * 1_000_000),
            max_cells=int(settings.max_sheet_cells),
        ),
    )


def problem_facts(settings) -> dict:
    """The limits a receipt names when a file is refused for its size or its parse."""
    return {
        "cells": f"{settings.max_sheet_cells:,}".replace(",", " "),
        "unpacked": settings.max_unpacked_mb,
        "seconds": settings.parse_timeout_seconds,
        "mb": settings.parse_memory_mb,
    }
