"""CPU time of this process by thread, named as Python names its threads (Linux ``/proc``).

On a small machine the proxy's throughput is its CPU per ASK, and which thread spends it
decides what can overlap: the engine's decode loop, its encoder, the event loop, the
``asyncio.to_thread`` workers (checks, readings), ONNX Runtime's own pool threads. The kernel
counts each thread's time (``/proc/self/task/TID/stat``); Python knows each of its threads'
kernel id (``Thread.native_id``) and name. Threads Python did not start (ONNX Runtime's pools,
the native relay's hub) are summed as ``native``; a pool of numbered threads
(``asyncio_0``, ``askproxy-encoder_1``) as one name, so the labels stay few. A thread that
ended takes its time with it: the sums are a snapshot of living threads, not a counter.
Elsewhere than Linux the table is empty.
"""

from __future__ import annotations

import os
import re
import threading

NATIVE = "native"
_NUMBERED = re.compile(r"[_-]\d+$")
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def thread_cpu_seconds(root: str = "/proc/self/task") -> dict[str, float]:
    """Seconds of CPU (user + system) per thread name, living threads only; {} without /proc."""
    try:
        tids = os.listdir(root)
    except OSError:
        return {}
    names = {t.native_id: t.name for t in threading.enumerate() if t.native_id is not None}
    out: dict[str, float] = {}
    for tid in tids:
        seconds = _cpu_of(f"{root}/{tid}/stat")
        if seconds is None:
            continue            # ended between the listing and the read
        name = names.get(int(tid))
        key = _NUMBERED.sub("", name) if name is not None else NATIVE
        out[key] = out.get(key, 0.0) + seconds
    return out


def _cpu_of(path: str) -> float | None:
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()    # the name may hold spaces; fields follow ")"
    return (int(fields[11]) + int(fields[12])) / _TICK      # utime, stime (fields 14, 15)
