"""Small summaries of samples: median (min–max), p95, and byte counts as people read them."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
    """Nearest-rank 95th percentile: the value that 95% of the samples do not exceed."""
    ordered = sorted(samples)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def spread_ms(samples: Sequence[float]) -> str:
    """``412 ms (398–455)``: median, then min–max."""
    return f"{ms(median(samples))} ms ({ms(min(samples))}–{ms(max(samples))})"


def latency_ms(samples: Sequence[float]) -> str:
    """``12.5 / 20.1 ms``: median / p95."""
    return f"{ms(median(samples))} / {ms(p95(samples))} ms"


def size(count: float) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count:.0f} B"


def spread_size(samples: Sequence[float]) -> str:
    return f"{size(median(samples))} ({size(min(samples))}–{size(max(samples))})"


def mean(samples: Sequence[float]) -> float:
    return statistics.fmean(samples)
