"""Keep the memory of a sweep's temporaries in the process between chunks.

A chunk of a sweep allocates a few dozen NumPy temporaries of ``chunk_size`` elements
(256 KiB each at the default chunk size) and frees them all at the end of the chunk.
glibc's ``malloc`` serves blocks above its *mmap threshold* (128 KiB at start-up) with
fresh ``mmap`` calls and gives freed memory at the top of the heap back to the kernel
above its *trim threshold*; either way every chunk faults its temporaries in again, page
by page, and in a virtual machine those faults cost more than the arithmetic (measured
here: a 16-million-point 2x2 sweep spent about two thirds of its time in them).

glibc adapts both thresholds by itself: when a program frees an mmapped block of up to
32 MiB, the mmap threshold rises to that block's size and the trim threshold to twice
it (the "dynamic mmap threshold" of ``mallopt(3)``). :func:`warm_allocator` triggers
exactly that adaptation once per process, by allocating and freeing one 30 MiB array,
so that the temporaries of later chunks come from (and go back to) the heap. Nothing is
set by hand (no ``mallopt``), the adaptation is the one any program gets after freeing a
large array, and on other allocators (macOS, musl) it is a harmless no-op. It then grows
the heap once by :data:`HEAP_BYTES` in one block, which NumPy backs with transparent huge
pages: the first chunk's temporaries find their pages there instead of faulting each in
(measured: the first 90,000-point offence-defence sweep of a process faulted in about
2,000 pages and took twice as long as the next ones; now under 700, its outputs).

One exception: a process started with a fixed trim threshold in its environment
(``MALLOC_TRIM_THRESHOLD_``) never adapts, and Dask's nannies start every worker with
65536 bytes, which returns each chunk's temporaries to the kernel: measured here, a
2**16-point offence-defence chunk then faults in about 1,700 pages and costs 5.0 ms of
CPU instead of 1.8 ms. In a Dask worker, and only there, :func:`warm_allocator` sets the
two thresholds that glibc would have adapted to (``mallopt``; at most 2 * 30 MiB of
freed heap is then kept by the worker).

References
----------
.. [1] The GNU C Library. ``mallopt(3)``: ``M_MMAP_THRESHOLD`` ("dynamic mmap threshold")
   and ``M_TRIM_THRESHOLD``. Linux man-pages project.
"""

from __future__ import annotations

import ctypes
import os
import sys

import numpy as np

__all__ = ["warm_allocator"]

#: glibc's ``mallopt`` parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3

#: Size of the block freed to raise glibc's dynamic mmap threshold: below glibc's cap of
#: 32 MiB (``DEFAULT_MMAP_THRESHOLD_MAX`` on 64-bit), above any temporary of a chunk of
#: up to ~3.9 million float64 elements.
WARM_BYTES = 30 * 2**20

#: Heap grown (and touched) once per process: the temporaries of a 2**16-point chunk of
#: the 2x2 metrics (5.9 MiB at most without degenerate games, 13.2 MiB with half of them
#: degenerate, tracemalloc) and the outputs of small sweeps.
HEAP_BYTES = 16 * 2**20

_warmed = False


def warm_allocator() -> bool:
    """Raise the allocator's mmap and trim thresholds once in this process.

    Returns
    -------
    bool
        True on the call that did it, False on every later call (a no-op).

    Examples
    --------
    >>> from secdilemma.analysis._allocator import warm_allocator
    >>> warm_allocator() in (True, False)
    True
    >>> warm_allocator()
    False
    """
    global _warmed
    if _warmed:
        return False
    _warmed = True
    if os.environ.get("MALLOC_TRIM_THRESHOLD_") and _in_dask_worker():
        _set_thresholds()
    block = np.empty(WARM_BYTES, dtype=np.uint8)  # served by mmap ...
    del block  # ... and freed: glibc raises its thresholds to this size
    # then the heap grows once to hold a chunk's temporaries: NumPy asks for
    # transparent huge pages on blocks of 4 MiB and more, so this faults in a few hundred
    # pages where the temporaries of a first chunk, allocated one by one, fault in
    # thousands; freed, they stay on the heap (below the trim threshold)
    heap = np.ones(HEAP_BYTES, dtype=np.uint8)
    del heap
    return True


def _in_dask_worker() -> bool:
    """Whether this process is a Dask worker (``distributed`` is then imported)."""
    distributed = sys.modules.get("distributed")
    if distributed is None:
        return False
    try:
        distributed.get_worker()
    except Exception:  # noqa: BLE001 - ValueError outside a worker
        return False
    return True


def _set_thresholds() -> bool:
    """glibc: the mmap threshold to :data:`WARM_BYTES` and the trim threshold to twice
    it (what freeing a WARM_BYTES block adapts them to); False where there is no
    ``mallopt``."""
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, WARM_BYTES)
                and mallopt(_M_TRIM_THRESHOLD, 2 * WARM_BYTES))
