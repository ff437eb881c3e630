"""The output arrays of a sweep: the memory check up front, and output memory shared
with the worker processes of a process pool, which nothing can leak.

A process-pool sweep has its workers write their chunks in place into the output
arrays, which the parent process has memory-mapped: results do not travel back through
pipes. On Linux the outputs are anonymous memory files (``memfd_create``): they have no
name in any file system, the workers open them through ``/proc/<parent>/fd/<fd>`` for
one task at a time, and the kernel frees them when the last mapping and descriptor go,
so a sweep killed even with SIGKILL leaves nothing behind (not in ``/dev/shm``, not in
the temporary directory). Where that is not available, the outputs are named files in a
directory ``secdilemma-sweep-<pid>-*`` (in ``/dev/shm`` when it has room, else the
temporary directory) that the sweep removes when it ends; as a SIGKILL skips that, each
later process-pool sweep first removes such directories whose process is dead.

References
----------
.. [1] Linux man-pages project. ``memfd_create(2)``; ``proc(5)``: ``/proc/pid/fd``.
"""

from __future__ import annotations

import mmap
import os
import shutil
import tempfile
import uuid
from typing import Mapping

import numpy as np

from ..errors import InvalidParameterError

__all__ = ["available_memory", "check_output_memory", "SharedOutputs", "write_chunk",
           "remove_stale", "close_inherited", "outputs_reachable", "PREFIX",
           "BYTES_PER_POINT_IN_FLIGHT"]

#: Name prefix of everything a sweep creates outside the process (memory files,
#: fallback directories).
PREFIX = "secdilemma-sweep-"

#: Working memory per point of a chunk being evaluated, used in the memory estimate: an
#: upper bound for the 2x2 metrics (tracemalloc peak of a 2**16-point offence-defence
#: chunk: 5.9 MiB, 94 bytes per point; 13.2 MiB, 212 bytes per point, when half of its
#: games are degenerate).
BYTES_PER_POINT_IN_FLIGHT = 256


def _read_int(path: str) -> int | None:
    try:
        with open(path, encoding="ascii") as fh:
            text = fh.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def available_memory() -> int | None:
    """Bytes of memory this process can still use, or None where it cannot be told.

    The least of the kernel's ``MemAvailable`` (``/proc/meminfo``; elsewhere the free
    physical pages of :func:`os.sysconf`) and the room left under a cgroup v2 limit
    (``memory.max - memory.current``, for containers).

    Examples
    --------
    >>> from secdilemma.analysis._outputs import available_memory
    >>> m = available_memory()
    >>> m is None or m > 0
    True
    """
    found = []
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    found.append(int(line.split()[1]) * 1024)
                    break
    except (OSError, ValueError, IndexError):
        pass
    if not found:
        try:
            found.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
        except (ValueError, OSError, AttributeError):
            pass
    limit = _read_int("/sys/fs/cgroup/memory.max")
    used = _read_int("/sys/fs/cgroup/memory.current")
    if limit is not None and used is not None:
        found.append(max(0, limit - used))
    return min(found) if found else None


def _human(nbytes: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if nbytes < 1024 or unit == "PiB":
            return f"{nbytes:,.0f} {unit}" if unit == "bytes" else f"{nbytes:,.1f} {unit}"
        nbytes /= 1024
    raise AssertionError  # pragma: no cover


def check_output_memory(func: str, size: int, dtypes: Mapping[str, np.dtype], *,
                        chunk_size: int, in_flight: int = 1,
                        available: int | None = None) -> int:
    """Check, before anything runs, that the outputs of a sweep fit in memory.

    Parameters
    ----------
    func : str
        Name used in the message.
    size : int
        Points of the grid.
    dtypes : mapping of str to numpy.dtype
        The metrics and their dtypes.
    chunk_size : int
        Points per chunk.
    in_flight : int
        Chunks evaluated at the same time on this machine.
    available : int, optional
        Bytes available (default: :func:`available_memory`; no check when unknown).

    Returns
    -------
    int
        The bytes the outputs need.

    Raises
    ------
    InvalidParameterError
        When the outputs plus the chunks in flight need more than is available; the
        message says how much and what to do.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis._outputs import check_output_memory
    >>> check_output_memory("sweep", 10, {"x": np.dtype(float)}, chunk_size=5,
    ...                     available=10**6)
    80
    >>> check_output_memory("sweep", 10**10, {"x": np.dtype(float)}, chunk_size=5,
    ...                     available=10**9)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidParameterError: sweep(): the grid has 10,000,000,000 points ...
    """
    out_bytes = int(size) * sum(np.dtype(d).itemsize for d in dtypes.values())
    work = min(int(chunk_size), int(size)) * BYTES_PER_POINT_IN_FLIGHT * max(1, in_flight)
    if available is None:
        available = available_memory()
    if available is not None and out_bytes + work > available:
        raise InvalidParameterError(
            f"{func}(): the grid has {int(size):,} points and its {len(dtypes)} output "
            f"arrays need {_human(out_bytes)} (plus about {_human(work)} for the chunks "
            f"being computed), more than the {_human(available)} of memory available; "
            "sweep a coarser grid or fewer metrics, or stream the grid into a file "
            "instead of memory (output='sweep.nc'; needs pip install 'secdilemma[io]')")
    return out_bytes


def _memfd_usable() -> bool:
    """Whether anonymous memory files can be shared through /proc (Linux)."""
    if not hasattr(os, "memfd_create"):
        return False
    try:
        fd = os.memfd_create(PREFIX + "probe", os.MFD_CLOEXEC)
    except OSError:
        return False
    try:
        other = os.open(f"/proc/{os.getpid()}/fd/{fd}", os.O_WRONLY)
    except OSError:
        return False
    else:
        os.close(other)
        return True
    finally:
        os.close(fd)


def remove_stale(bases=None) -> list[str]:
    """Remove the output directories of sweeps whose process is dead.

    A fallback output directory is named ``secdilemma-sweep-<pid>-<random>``; it is
    removed when no process ``<pid>`` exists (a directory of a live process, or one
    that names no pid, is left alone).

    Parameters
    ----------
    bases : iterable of str, optional
        Directories to look in (default: ``/dev/shm`` and the temporary directory).

    Returns
    -------
    list of str
        The directories removed.

    Examples
    --------
    >>> from secdilemma.analysis._outputs import remove_stale
    >>> isinstance(remove_stale(), list)
    True
    """
    if bases is None:
        bases = [b for b in ("/dev/shm", tempfile.gettempdir()) if os.path.isdir(b)]
    removed = []
    for base in bases:
        try:
            entries = os.listdir(base)
        except OSError:
            continue
        for name in entries:
            if not name.startswith(PREFIX):
                continue
            pid_text = name[len(PREFIX):].split("-", 1)[0]
            if not pid_text.isdigit():
                continue
            pid = int(pid_text)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                pass  # dead: its directory is stale
            except (PermissionError, OverflowError, OSError):
                continue  # alive (another user's) or unknowable: leave it
            else:
                continue  # alive
            path = os.path.join(base, name)
            shutil.rmtree(path, ignore_errors=True)
            if not os.path.exists(path):
                removed.append(path)
    return removed


class SharedOutputs:
    """Output arrays of a sweep that worker processes on this machine write into.

    Parameters
    ----------
    dtypes : mapping of str to numpy.dtype
        The metrics and their dtypes.
    size : int
        Points of the grid.
    use_memfd : bool, optional
        Force (True) or refuse (False) anonymous memory files (default: when usable).

    Attributes
    ----------
    arrays : dict of str to numpy.ndarray
        Writable flat arrays (memory maps), one per metric; they outlive :meth:`close`.
    spec : dict
        What a worker needs to open the outputs (small, picklable): metric ->
        ``(path, dtype string)``.
    kind : str
        ``"memfd"`` or ``"files"``.
    token : str
        A random name that every output's memory file or file carries (see
        :func:`outputs_reachable`).

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis._outputs import SharedOutputs, write_chunk
    >>> out = SharedOutputs({"x": np.dtype(float)}, 4)
    >>> write_chunk(out.spec, 2, {"x": np.array([1.5, 2.5])})
    >>> out.close()
    >>> out.arrays["x"].tolist()
    [0.0, 0.0, 1.5, 2.5]
    """

    def __init__(self, dtypes: Mapping[str, np.dtype], size: int, *,
                 use_memfd: bool | None = None) -> None:
        self._fds: list[int] = []
        self._dir = None
        self.arrays: dict = {}
        self.spec: dict = {}
        if use_memfd is None:
            use_memfd = _memfd_usable()
        self.kind = "memfd" if use_memfd else "files"
        nbytes = {m: int(size) * np.dtype(d).itemsize for m, d in dtypes.items()}
        try:
            if not use_memfd:
                remove_stale()
                self._dir = self._make_dir(sum(nbytes.values()))
            token = self.token = uuid.uuid4().hex
            for m, dtype in dtypes.items():
                dtype = np.dtype(dtype)
                if use_memfd:
                    fd = os.memfd_create(f"{PREFIX}{token}-{m}", os.MFD_CLOEXEC)
                    self._fds.append(fd)
                    path = f"/proc/{os.getpid()}/fd/{fd}"
                else:
                    path = os.path.join(self._dir, f"{token}-{m}.bin")
                    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
                    self._fds.append(fd)
                os.ftruncate(fd, nbytes[m])
                if nbytes[m]:
                    mm = mmap.mmap(fd, nbytes[m])
                    self.arrays[m] = np.frombuffer(mm, dtype=dtype, count=int(size))
                else:  # pragma: no cover - an empty grid is refused earlier
                    self.arrays[m] = np.empty(0, dtype=dtype)
                self.spec[m] = (path, dtype.str)
        except BaseException:
            self.close()
            raise

    @staticmethod
    def _make_dir(nbytes: int) -> str:
        base = None
        if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
            try:
                if shutil.disk_usage("/dev/shm").free > 2 * nbytes:
                    base = "/dev/shm"
            except OSError:  # pragma: no cover
                pass
        return tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base)

    def close(self) -> None:
        """Close the descriptors and remove the files; the arrays keep their memory
        (unnamed) until they are freed."""
        for fd in self._fds:
            try:
                os.close(fd)
            except OSError:  # pragma: no cover
                pass
        self._fds = []
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def close_inherited(spec: Mapping[str, tuple] | None = None) -> int:
    """In a worker process: close the descriptors of sweep outputs it inherited when it
    was forked (so that only the parent and the running tasks hold output memory).

    Only descriptors that name one of our anonymous memory files
    (``memfd:secdilemma-sweep-*``) are closed; in the process that created them (the
    parent of the sweep, whose ``spec`` paths name its own pid) nothing is closed.

    Returns
    -------
    int
        The number of descriptors closed.
    """
    me = os.getpid()
    if spec is not None and any(path.startswith(f"/proc/{me}/fd/")
                                for path, _ in spec.values()):
        return 0  # this is the process that owns them
    try:
        entries = os.listdir("/proc/self/fd")
    except OSError:
        return 0
    closed = 0
    for entry in entries:
        try:
            target = os.readlink(f"/proc/self/fd/{entry}")
        except OSError:
            continue
        if target.startswith("/memfd:" + PREFIX):
            try:
                os.close(int(entry))
                closed += 1
            except (OSError, ValueError):  # pragma: no cover - closed meanwhile
                pass
    return closed


def outputs_reachable(spec: Mapping[str, tuple], token: str) -> bool:
    """Whether this process can write into the shared outputs ``spec`` of the sweep
    whose outputs carry ``token``: it runs on the same machine, in the same process
    namespace, and each path leads to that sweep's memory file (or file). A Dask worker
    on another machine, or in a container, finds other files or none under those paths:
    it then sends its chunks back instead.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis._outputs import SharedOutputs, outputs_reachable
    >>> out = SharedOutputs({"x": np.dtype(float)}, 4)
    >>> outputs_reachable(out.spec, out.token), outputs_reachable(out.spec, "other")
    (True, False)
    >>> out.close()
    """
    for m, (path, _) in spec.items():
        try:
            if path.startswith("/proc/"):
                target = os.readlink(path)
                if not target.startswith(f"/memfd:{PREFIX}{token}-"):
                    return False
            elif not (os.path.basename(path).startswith(f"{token}-")
                      and os.path.isfile(path)):
                return False
        except OSError:
            return False
    return True


def write_chunk(spec: Mapping[str, tuple], start: int, values: Mapping[str, np.ndarray],
                fds: dict | None = None) -> None:
    """Write one chunk's metrics at flat offset ``start`` into shared outputs.

    A chunk goes in with ``os.pwrite`` rather than through a memory map: the kernel
    copies it into the file's pages in one call, where writing through a shared map
    faults every 4 KiB page in on its own (measured: a third less worker time on a
    16-million-point sweep). ``fds`` caches descriptors across the chunks of one task
    (the caller closes them); without it each call opens and closes its own.
    """
    own = fds is None
    fds = {} if own else fds
    try:
        for m, (path, dtype) in spec.items():
            fd = fds.get(path)
            if fd is None:
                fd = fds[path] = os.open(path, os.O_WRONLY)
            dtype = np.dtype(dtype)
            data = memoryview(np.ascontiguousarray(values[m], dtype=dtype)).cast("B")
            offset = int(start) * dtype.itemsize
            while len(data):  # pwrite may write less than asked
                written = os.pwrite(fd, data, offset)
                data, offset = data[written:], offset + written
    finally:
        if own:
            for fd in fds.values():
                os.close(fd)
