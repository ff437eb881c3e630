"""The execution of a sweep: run the chunks of a :class:`~secdilemma.analysis._plan.SweepPlan`
on an executor, into flat output arrays, with checkpoints and progress.

:func:`execute` checks up front that the outputs fit in memory, restores the verified
chunks of a checkpoint, runs the others (:func:`~secdilemma.analysis.executors.map_unordered`),
writes each into the outputs as it finishes and saves it to the checkpoint. Process
pools and the Dask workers on this machine write their chunks in place into shared
outputs (:class:`~secdilemma.analysis._outputs.SharedOutputs`); other executors (and Dask
workers elsewhere) send them back.
A streaming sweep (a ``sink``, :mod:`secdilemma.analysis._stream`) has no outputs: every
executor sends its chunks back and each goes into the sink as it finishes.

A warning raised while a chunk is evaluated in another process (a pool or a Dask
worker) is not shown there: it travels back with the chunk's result and this process
issues it once per sweep (deduplicated by category and message), through its own
warning filters and display (the one-line form of the command line, for instance).

References
----------
.. [1] Rocklin, M. (2015). Dask: parallel computation with blocked algorithms and task
   scheduling. *Proceedings of the 14th Python in Science Conference*, 130-136.
"""

from __future__ import annotations

import concurrent.futures as cf
import numbers
import os
import pickle
import socket
import sys
import threading
import time
import warnings
from typing import Any

import numpy as np

from ._allocator import warm_allocator
from ._outputs import (SharedOutputs, check_output_memory, close_inherited,
                       outputs_reachable, write_chunk)
from ._plan import (SweepPlan, evaluate_points, metric_dtypes, model_label, model_settings)
from .checkpoint import Checkpoint, arguments_record
from .executors import is_dask_client, local_workers, map_unordered

__all__ = ["execute", "output_dtypes", "checkpoint_record", "MAX_CHUNKS_PER_TASK"]

#: Most chunks in one task of a process pool (bounds the work a kill can lose before
#: the parent has saved it to a checkpoint: at most this many chunks per worker).
MAX_CHUNKS_PER_TASK = 16

#: Most chunks in one task of a Dask cluster (their values travel back as one message).
DASK_CHUNKS_PER_TASK = 4


_local = threading.local()
_hook_lock = threading.Lock()


def _capture_warnings() -> None:
    """In a worker process: route the warnings shown while a chunk runs (in this
    thread) to that chunk's list instead of the worker's stderr; other warnings are
    shown as before. Installed once per process, on top of whatever
    ``warnings.showwarning`` is there (the worker's filters still decide what is shown,
    e.g. each warning once per location)."""
    with _hook_lock:
        if getattr(warnings.showwarning, "_secdilemma_capture", False):
            return
        previous = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            caught = getattr(_local, "caught", None)
            if caught is None:
                return previous(message, category, filename, lineno, file, line)
            caught.append((category, str(message)))
            return None

        show._secdilemma_capture = True
        warnings.showwarning = show


def _portable(caught: list) -> tuple:
    """``(category, message)`` pairs that pickle (an unpicklable category becomes a
    UserWarning naming it), without repeats."""
    out = []
    for category, text in caught:
        try:
            pickle.dumps(category)
        except Exception:  # noqa: BLE001 - e.g. a class local to a function
            category, text = UserWarning, f"{getattr(category, '__name__', category)}: {text}"
        if (category, text) not in out:
            out.append((category, text))
    return tuple(out)


def _process_id() -> tuple:
    """This process, among the machines of a cluster: (host name, pid)."""
    return socket.gethostname(), os.getpid()


def _in_worker(task):
    """Run ``fn(inner)``; return ``(result, warnings)``. In the process that started the
    sweep (serial, a thread pool, a threaded Dask worker) warnings are shown there as
    usual and none are returned; in another process they are caught and returned as
    ``(category, message)`` pairs (module level so that every executor can pickle
    it)."""
    fn, parent, inner = task
    if _process_id() == parent:
        return fn(inner), ()
    _capture_warnings()
    caught: list = []
    _local.caught = caught
    try:
        result = fn(inner)
    finally:
        _local.caught = None
    return result, _portable(caught)


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _outside_level() -> int:
    """The ``stacklevel`` (for a ``warnings.warn`` in the caller) of the first frame
    outside this package: the user's call of the sweep."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


def _warn_once(caught, seen: set) -> None:
    """Issue the warnings a worker returned, each (category, message) once per sweep,
    attributed to the code that called the sweep."""
    for category, text in caught:
        if (category, text) in seen:
            continue
        seen.add((category, text))
        warnings.warn(text, category, stacklevel=_outside_level())


def _run_chunk(task):
    """Evaluate one chunk (module level so that process pools can pickle it)."""
    plan, index = task
    warm_allocator()  # once per process: temporaries stay on the heap between chunks
    rng = plan.chunk_rng(index) if plan.seed is not None else None
    out = evaluate_points(plan.cls, plan.chunk_params(index), plan.metrics, rng=rng,
                          _func="sweep", _copy=False)
    degenerate = int(np.count_nonzero(out["degenerate"])) if "degenerate" in out else 0
    return index, {m: out[m] for m in plan.metrics}, degenerate


def _run_chunks_to_outputs(task):
    """Evaluate a group of chunks and write each in place into the shared outputs; only
    the degeneracy counts travel back, as a list of ``(index, None, degenerate)``. A
    worker that cannot reach the outputs (a Dask worker on another machine) sends the
    values back instead: ``(index, values, degenerate)``.

    The output descriptors are opened for this task and closed at its end, so that an
    idle worker holds none (the memory of a killed sweep is then freed with it).
    """
    plan, indices, spec, token = task
    if not outputs_reachable(spec, token):
        return [_run_chunk((plan, index)) for index in indices]
    close_inherited(spec)
    fds: dict = {}
    done = []
    try:
        for index in indices:
            _, values, degenerate = _run_chunk((plan, index))
            start, _ = plan.chunk_bounds(index)
            write_chunk(spec, start, values, fds)
            done.append((index, None, degenerate))
    finally:
        for fd in fds.values():
            os.close(fd)
    return done


def _run_storage_blocks(task):
    """Evaluate a run of consecutive storage chunks of a streamed file and encode each
    (:meth:`~secdilemma.analysis._stream.StorageLayout.encode`); return a list of
    ``(start, length, encoded, degenerate)``, one per storage chunk.

    Every sweep chunk that overlaps the run is evaluated whole (chunks stay the unit of
    randomness: a stochastic model draws the same numbers for a point whichever task
    evaluates it), and only its points inside the run are kept; a sweep chunk that
    straddles two runs is evaluated by both tasks.
    """
    plan, layout, blocks = task
    warm_allocator()
    first = blocks[0][0]
    last = blocks[-1][0] + blocks[-1][1]
    values = {m: np.empty(last - first, dtype=d) for m, d in layout.dtypes.items()}
    degenerate = np.zeros(last - first, dtype=bool)
    for index in range(first // plan.chunk_size, (last - 1) // plan.chunk_size + 1):
        start, stop = plan.chunk_bounds(index)
        rng = plan.chunk_rng(index) if plan.seed is not None else None
        out = evaluate_points(plan.cls, plan.chunk_params(index), plan.metrics, rng=rng,
                              _func="sweep", _copy=False)
        lo, hi = max(start, first), min(stop, last)
        for m in plan.metrics:
            values[m][lo - first:hi - first] = out[m][lo - start:hi - start]
        if "degenerate" in out:
            degenerate[lo - first:hi - first] = out["degenerate"][lo - start:hi - start]
    done = []
    for start, length in blocks:
        part = slice(start - first, start - first + length)
        done.append((start, length, layout.encode(length, {m: v[part] for m, v in
                                                           values.items()}),
                     int(np.count_nonzero(degenerate[part]))))
    return done


def _storage_groups(plan: SweepPlan, layout, workers: int) -> list:
    """The storage chunks of a streamed file grouped into tasks of consecutive ones:
    about 8 tasks per worker, each at most :data:`MAX_CHUNKS_PER_TASK` sweep chunks'
    worth of points (and at least one storage chunk)."""
    most = max(1, (MAX_CHUNKS_PER_TASK * plan.chunk_size) // max(1, layout.block))
    return _chunk_groups(layout.blocks(), workers, most=most)


def _encodes_in_workers(plan: SweepPlan, executor: Any, sink, checkpoint) -> bool:
    """Whether a streaming sweep has its workers encode whole storage chunks: on any
    executor but the serial one, without a checkpoint (which keeps each sweep chunk's values
    here), and with sweep chunks no larger than a storage chunk (a larger one would be
    evaluated again by every task it overlaps)."""
    layout = getattr(sink, "layout", None)
    return (layout is not None and checkpoint is None and executor is not None
            and plan.chunk_size <= layout.block)


def _run_chunk_group(task):
    """Evaluate a group of chunks and send their values back, as a list of
    ``(index, values, degenerate)`` (process pools of a streaming sweep)."""
    plan, indices = task
    return [_run_chunk((plan, index)) for index in indices]


def _dask_workers(client) -> int:
    """Threads of a Dask cluster (2 when it does not say)."""
    try:
        return max(1, int(sum(client.nthreads().values())))
    except Exception:  # noqa: BLE001 - a client without nthreads()
        return 2


def _chunk_groups(todo: list, workers: int, most: int = MAX_CHUNKS_PER_TASK) -> list:
    """Consecutive chunks grouped into tasks (each task a list of chunk indices): about
    8 tasks per worker, at most :data:`MAX_CHUNKS_PER_TASK` chunks each.

    On a process pool every task is a round trip through the parent (pickle, pipe, a
    thread woken up); with 2 workers on 2 cores the parent has no core of its own, and
    tasks of a millisecond left the workers waiting for the next one (measured: a
    16-million-point sweep in 245 one-chunk tasks scaled 1.2x from 1 to 2 workers, in
    16-chunk tasks 1.8x). Chunks stay the unit of computation, randomness and
    checkpointing.
    """
    per_worker_tasks = 8 * max(1, workers)
    size = max(1, min(most, -(-len(todo) // per_worker_tasks)))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _first_point(plan: SweepPlan) -> dict:
    """The parameters of the grid's first point (to learn the output dtypes)."""
    params = {name: arr[:1] for name, arr in plan.axes.items()}
    params.update({name: np.float64(v) for name, v in plan.fixed.items()})
    return params


def output_dtypes(plan: SweepPlan) -> dict:
    """The dtype of each metric: as the model declares it, else from one point."""
    declared = metric_dtypes(plan.cls, plan.metrics)
    if declared is not None:
        return declared
    probe = evaluate_points(plan.cls, _first_point(plan), plan.metrics,
                            rng=plan.chunk_rng(0) if plan.seed is not None else None,
                            _func="sweep")
    return {m: np.asarray(probe[m]).dtype for m in plan.metrics}


def checkpoint_record(plan: SweepPlan, version: str) -> dict:
    """The arguments of a sweep as its checkpoint records them (their hash is the plan
    hash every chunk file carries)."""
    cls = plan.cls if isinstance(plan.cls, type) else type(plan.cls)
    record = arguments_record(model=model_label(plan.cls), axes=plan.axes, fixed=plan.fixed,
                              metrics=plan.metrics, chunk_size=plan.chunk_size,
                              seed=plan.seed, version=version)
    record["model_class"] = f"{cls.__module__}.{cls.__qualname__}"
    settings = model_settings(plan.cls)
    if settings is not None:
        record["model_settings"] = settings
    return record


class _TextProgress:
    """A one-line progress report on stderr, rewritten in place (``\\r``) at most
    every half second: used when tqdm (optional) is not installed."""

    def __init__(self, total: int, desc: str = "sweep"):
        self.total, self.desc, self.done = int(total), desc, 0
        self._t0 = time.monotonic()
        self._shown = -1.0
        self._draw()

    def _draw(self) -> None:
        elapsed = time.monotonic() - self._t0
        pct = 100.0 * self.done / self.total if self.total else 100.0
        sys.stderr.write(f"\r{self.desc}: {pct:5.1f}% ({self.done:,}/{self.total:,} "
                         f"points, {elapsed:.0f} s)")
        sys.stderr.flush()
        self._shown = elapsed

    def update(self, n: int) -> None:
        self.done += int(n)
        if time.monotonic() - self._t0 - self._shown >= 0.5 or self.done >= self.total:
            self._draw()

    def close(self) -> None:
        self._draw()
        sys.stderr.write("\n")
        sys.stderr.flush()


def _progress_bar(progress: bool, total: int):
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional (the `distributed` extra)
        return _TextProgress(total)
    return tqdm(total=total, unit="pt", unit_scale=True, desc="sweep")


def _is_local_pool(executor: Any) -> bool:
    return (isinstance(executor, numbers.Integral) and not isinstance(executor, bool)) \
        or isinstance(executor, cf.ProcessPoolExecutor)


def _in_flight(executor: Any) -> int:
    """Chunks evaluated at once on this machine (for the memory estimate)."""
    if executor is None or is_dask_client(executor):
        return 1  # a dask cluster's workers hold their chunks in their own memory
    return local_workers(executor)


def execute(plan: SweepPlan, *, executor: Any = None, checkpoint=None,
            progress: bool = False, version: str = "", func: str = "sweep", sink=None):
    """Run every chunk of ``plan``; return ``(outputs, degenerate_points)``.

    Parameters
    ----------
    plan : SweepPlan
        The sweep.
    executor, checkpoint, progress
        As in :func:`~secdilemma.analysis.sweep.sweep` (validated there).
    version : str
        The package version (part of the checkpoint's plan hash).
    func : str
        Name used in messages.
    sink : StreamWriter, optional
        Where each finished chunk goes (``sink.put(start, values)``) instead of output
        arrays (:mod:`secdilemma.analysis._stream`); then no array of the whole grid is
        allocated and ``outputs`` is None.

    Returns
    -------
    outputs : dict of str to numpy.ndarray or None
        One flat array of ``plan.size`` values per metric, in C order of the grid
        (None with a ``sink``).
    degenerate_points : int
        Points where the kernel reported a degenerate game.

    Raises
    ------
    InvalidParameterError
        The outputs do not fit in the memory available (before anything runs).
    CheckpointMismatchError
        ``checkpoint`` holds the chunks of a sweep with other arguments.
    """
    size = plan.size
    dtypes = output_dtypes(plan)
    if sink is None:
        check_output_memory(func, size, dtypes, chunk_size=plan.chunk_size,
                            in_flight=_in_flight(executor))
    # process pools, and Dask workers on this machine, write into shared outputs
    shared = SharedOutputs(dtypes, size) if sink is None and (
        _is_local_pool(executor) or is_dask_client(executor)) else None
    if sink is not None:
        outputs = None
    else:
        outputs = shared.arrays if shared is not None else {
            m: np.empty(size, dtype=d) for m, d in dtypes.items()}

    def store(start, values):
        if sink is not None:
            sink.put(start, values)
        else:
            for m in plan.metrics:
                outputs[m][start:start + len(values[m])] = values[m]
    degenerate_total = 0
    bar = _progress_bar(bool(progress), size)

    def advance(index):
        if bar is not None:
            start, stop = plan.chunk_bounds(index)
            bar.update(stop - start)

    try:
        todo = list(range(plan.n_chunks))
        cp = None
        if checkpoint is not None:
            cp = Checkpoint(checkpoint, checkpoint_record(plan, version), plan.n_chunks,
                            func=func)
            done = set()
            for index in cp.finished():
                start, stop = plan.chunk_bounds(index)
                loaded = cp.load(index, length=stop - start, dtypes=dtypes)
                if loaded is None:
                    continue  # damaged or foreign (warned): computed again below
                store(start, loaded[0])
                degenerate_total += loaded[1]
                done.add(index)
                advance(index)
            todo = [i for i in todo if i not in done]
        me = _process_id()
        seen: set = set()

        def results(fn, tasks):
            """The results of ``fn`` on the tasks; the warnings of other processes
            are issued here, once each."""
            for result, caught in map_unordered(
                    _in_worker, ((fn, me, task) for task in tasks), executor, func=func):
                if caught:
                    _warn_once(caught, seen)
                yield result

        if _encodes_in_workers(plan, executor, sink, checkpoint):
            # the workers evaluate and compress whole storage chunks; this process
            # stores their bytes (compression is most of a streamed sweep's CPU)
            layout = sink.layout
            workers = (_dask_workers(executor) if is_dask_client(executor)
                       else local_workers(executor))
            tasks = ((plan, layout, group)
                     for group in _storage_groups(plan, layout, workers))
            for group in results(_run_storage_blocks, tasks):
                for start, length, encoded, degenerate in group:
                    sink.put_encoded(start, length, encoded)
                    degenerate_total += degenerate
                    if bar is not None:
                        bar.update(length)
            finished = iter(())
        elif shared is not None:
            # (a Dask task costs the scheduler, the worker and this process a few
            # milliseconds whatever its size: the same groups as a pool's)
            groups = _chunk_groups(todo, _dask_workers(executor)
                                   if is_dask_client(executor) else local_workers(executor))
            tasks = ((plan, group, shared.spec, shared.token) for group in groups)
            finished = (item for group in results(_run_chunks_to_outputs, tasks)
                        for item in group)
        elif sink is not None and _is_local_pool(executor):
            # values travel back through the pool's pipes, in groups of chunks (as
            # above); the parent writes them into the file
            groups = _chunk_groups(todo, local_workers(executor))
            finished = (item for group in results(
                _run_chunk_group, ((plan, group) for group in groups)) for item in group)
        elif is_dask_client(executor):
            # a Dask task costs the scheduler, the worker and this process a few
            # milliseconds whatever its size: chunks go in groups (smaller than a
            # pool's: each group's values are one message)
            groups = _chunk_groups(todo, _dask_workers(executor), most=DASK_CHUNKS_PER_TASK)
            finished = (item for group in results(
                _run_chunk_group, ((plan, group) for group in groups)) for item in group)
        else:
            finished = results(_run_chunk, ((plan, i) for i in todo))
        for index, values, degenerate in finished:
            start, stop = plan.chunk_bounds(index)
            if values is None:  # written in place by the worker
                values = {m: outputs[m][start:stop] for m in plan.metrics}
            else:
                store(start, values)
            degenerate_total += degenerate
            if cp is not None:
                cp.save(index, {m: np.asarray(values[m], dtype=dtypes[m])
                                for m in plan.metrics}, degenerate=degenerate)
            advance(index)
    finally:
        if bar is not None:
            bar.close()
        if shared is not None:
            shared.close()  # the arrays keep their memory, unnamed, until freed
    return outputs, degenerate_total
