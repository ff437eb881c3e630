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
large array, and on other allocators (macOS, musl) it is a harmless no-op.

References
----------
.. [1] The GNU C Library. ``mallopt(3)``: ``M_MMAP_THRESHOLD`` ("dynamic mmap threshold")
   and ``M_TRIM_THRESHOLD``. Linux man-pages project.
"""

from __future__ import annotations

import numpy as np

__all__ = ["warm_allocator"]

#: Size of the block freed to raise glibc's dynamic mmap threshold: below glibc's cap of
#: 32 MiB (``DEFAULT_MMAP_THRESHOLD_MAX`` on 64-bit), above any temporary of a chunk of
#: up to ~3.9 million float64 elements.
WARM_BYTES = 30 * 2**20

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
    block = np.empty(WARM_BYTES, dtype=np.uint8)  # served by mmap ...
    del block  # ... and freed: glibc raises its thresholds to this size
    return True
