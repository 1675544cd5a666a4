"""The peak resident memory of this process since it started its program.

A job's peak RSS has to come from the job itself: ``ru_maxrss`` of a child, as ``wait4`` reports it,
also counts the pages the child shared with its parent between ``fork`` and ``exec`` — after an hour of
benchmarking in the parent that was 1.2 GB for a TUI that needs a tenth of it. ``VmHWM`` belongs to the
address space ``exec`` made, so it is the program's own.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    """``VmHWM`` from /proc (Linux), else ``ru_maxrss`` of this process, in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
