"""Parameter sweeps: a model, a grid, metrics -> an :class:`xarray.Dataset`.

The grid is the Cartesian product of one 1-D array per swept parameter (coordinates in
the order given); the other parameters are held ``fixed``. For the 2x2 models the whole
grid is evaluated as one vectorised batch: the model's ``stage_payoffs_batch`` gives R,
S, T, P arrays and :func:`~secdilemma.analysis.metrics.compute_metrics` the metrics
(closed forms and :func:`~secdilemma.solvers.batched.solve_2x2_entries`).

:func:`evaluate_points` is the pure per-chunk function (flat parameter arrays in, flat
metric arrays out), so that chunked and parallel execution can reuse it unchanged.

References
----------
.. [1] Hoyer, S. and Hamman, J. (2017). xarray: N-D labeled arrays and datasets in
   Python. *Journal of Open Research Software* 5(1), 10.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

import numpy as np

from .._validation import check_real_number
from ..errors import InvalidParameterError
from ..models import MODELS, model_name
from ..models.protocol import check_model, check_parameter_arrays
from ._allocator import warm_allocator
from .checkpoint import CheckpointMismatchError
from .metrics import METRICS

__all__ = ["sweep", "evaluate_points", "available_metrics", "DEFAULT_METRICS",
           "DEFAULT_CHUNK_SIZE", "MAX_CHUNKS_PER_TASK", "SweepPlan", "plan_sweep", "CheckpointMismatchError"]

#: Points per chunk when ``chunk_size`` is not given: large enough to amortise the
#: per-chunk overhead (a task, a result message, a few hundred NumPy calls), small
#: enough that the temporaries of a chunk (about 15 MiB for the 2x2 metrics) stay in a
#: shared last-level cache with a second worker's (benchmarks/bench_sweep_scale.py: the
#: best 2-worker scaling on this machine among 2**15 .. 2**18).
DEFAULT_CHUNK_SIZE = 1 << 16

#: Metrics computed when ``metrics=None``: all of :data:`METRICS`.
DEFAULT_METRICS = tuple(METRICS)


def _resolve_model(func: str, model):
    if isinstance(model, str):
        if model not in MODELS:
            listed = ", ".join(repr(n) for n in MODELS)
            raise InvalidParameterError(
                f"{func}(): model must be one of {listed} or a model class; got {model!r}")
        return MODELS[model]
    if isinstance(model, type):
        try:
            return check_model(model)
        except InvalidParameterError as exc:
            raise InvalidParameterError(
                f"{func}(): model must satisfy the model protocol "
                f"(secdilemma.models.protocol): {str(exc).partition('(): ')[2]}") from None
    raise InvalidParameterError(
        f"{func}(): model must be a registered name or a model class; got {model!r}")


def available_metrics(model) -> Mapping[str, str]:
    """Metric name -> description for a model: the standard 2x2 metrics
    (:data:`~secdilemma.analysis.metrics.METRICS`) for stage-game models, the model's
    own ``sweep_metrics`` otherwise.

    Examples
    --------
    >>> from secdilemma.analysis.sweep import available_metrics
    >>> "max_cooperation_probability" in available_metrics("security_dilemma")
    True
    """
    cls = _resolve_model("available_metrics", model)
    return cls.sweep_metrics


def _check_metrics(func: str, metrics, available=METRICS) -> tuple[str, ...]:
    if metrics is None:
        return tuple(available)
    if isinstance(metrics, str):
        metrics = (metrics,)
    metrics = tuple(metrics)
    listed = ", ".join(repr(m) for m in available)
    if not metrics:
        raise InvalidParameterError(f"{func}(): metrics must name at least one of {listed}; "
                                    "got an empty list")
    for m in metrics:
        if m not in available:
            raise InvalidParameterError(f"{func}(): metrics must be among {listed}; got {m!r}")
    if len(set(metrics)) != len(metrics):
        raise InvalidParameterError(f"{func}(): metrics must not repeat; got {list(metrics)}")
    return metrics


def _rename_error(func: str, exc: InvalidParameterError) -> InvalidParameterError:
    """Re-prefix a model's validation message with ``func()``."""
    _, sep, rest = str(exc).partition("(): ")
    return InvalidParameterError(f"{func}(): {rest}" if sep else f"{func}(): {exc}")


def evaluate_points(model, params: Mapping[str, Any], metrics: Sequence[str], *,
                    rng=None, _func: str = "evaluate_points") -> dict:
    """Evaluate metrics at a flat batch of parameter points (the per-chunk kernel).

    Parameters
    ----------
    model : type or str
        A model class or its registry name.
    params : mapping of str to array_like
        One 1-D array per model parameter, all of the same length N (scalars and
        0-d arrays are broadcast).
    metrics : sequence of str
        Names from :data:`~secdilemma.analysis.metrics.METRICS`.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, optional
        Randomness for models whose ``evaluate`` takes an ``rng`` argument (e.g.
        simulated metrics); ignored by the deterministic models.

    Returns
    -------
    dict of str to numpy.ndarray
        One array of length N per metric, plus ``"degenerate"`` (bool) when equilibria
        were computed. A pure function of its inputs.

    Raises
    ------
    InvalidParameterError
        Unknown model or metric, unknown or missing parameter, value out of domain.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis import evaluate_points
    >>> out = evaluate_points("offense_defense",
    ...     {"offense_advantage": np.array([0.2, 0.4, 0.6]), "status_quo": 10,
    ...      "arms_cost": 1, "exploitation_gain": 2, "exploitation_loss": 4},
    ...     ["regime", "num_equilibria"])
    >>> out["regime"].tolist(), out["num_equilibria"].tolist()
    ([0, 1, 2], [1, 3, 1])
    """
    cls = _resolve_model(_func, model)
    metrics = _check_metrics(_func, metrics, available_metrics(cls))
    rng = np.random.default_rng(rng) if cls.stochastic else None
    try:
        out = cls.evaluate(params, metrics, rng=rng)
    except InvalidParameterError as exc:
        raise _rename_error(_func, exc) from None
    size = max((np.size(v) for v in params.values()), default=1)
    result = {m: np.broadcast_to(out[m].ravel() if out[m].ndim else out[m], (size,))
              for m in metrics}
    result = {m: v if v.flags.writeable else v.copy() for m, v in result.items()}
    if "degenerate" in out:
        result["degenerate"] = np.broadcast_to(out["degenerate"].ravel()
                                               if out["degenerate"].ndim
                                               else out["degenerate"], (size,)).copy()
    return result




@dataclass(frozen=True, eq=False)
class SweepPlan:
    """A validated sweep: model class, grid axes, fixed values, metrics and chunking.

    Built by :func:`plan_sweep`; everything :func:`sweep` needs to cut the grid into
    chunks and to evaluate any chunk on its own (the plan is small and picklable).

    Attributes
    ----------
    cls : type
        The model class.
    axes : dict of str to numpy.ndarray
        The grid axes (float64, 1-D), in dimension order.
    fixed : dict of str to float
        The fixed parameters.
    metrics : tuple of str
        The metrics, in order.
    chunk_size : int
        Points per chunk.
    seed : None or int
        Entropy of the :class:`numpy.random.SeedSequence` of the sweep.
    """

    cls: type
    axes: dict
    fixed: dict
    metrics: tuple
    chunk_size: int
    seed: Any = None

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid shape."""
        return tuple(arr.size for arr in self.axes.values())

    @property
    def size(self) -> int:
        """Number of grid points."""
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def n_chunks(self) -> int:
        """Number of chunks."""
        return -(-self.size // self.chunk_size)

    def chunk_bounds(self, index: int) -> tuple[int, int]:
        """Flat index range ``[start, stop)`` of chunk ``index``."""
        start = index * self.chunk_size
        return start, min(start + self.chunk_size, self.size)

    def chunk_params(self, index: int) -> dict:
        """The parameter arrays of chunk ``index`` (the full meshgrid is never built).

        In C order, the value of axis j at flat position f is ``axis_j[(f // s_j) % n_j]``
        with ``s_j`` the product of the later axes' lengths: runs of ``s_j`` equal
        values. Each array is built from those runs with :func:`numpy.repeat` (a copy
        per run, no per-point division; the last axis is sliced or tiled), then cut to
        the chunk.
        """
        start, stop = self.chunk_bounds(index)
        params = {}
        stride = 1
        for name, arr in reversed(list(self.axes.items())):
            first, last = start // stride, (stop - 1) // stride
            if stride == 1:  # the last axis: the axis over and over
                offset = first % arr.size
                if offset + (stop - start) <= arr.size:
                    values = arr[offset:stop - start + offset].copy()
                    offset = 0
                else:  # wraps: at most 3 chunk lengths tiled
                    values = np.tile(arr, -(-(offset + stop - start) // arr.size))
            else:
                blocks = arr[np.arange(first, last + 1, dtype=np.intp) % arr.size]
                values = np.repeat(blocks, stride)
                offset = start - first * stride
            params[name] = values[offset:offset + (stop - start)]
            stride *= arr.size
        params = {name: params[name] for name in self.axes}  # dimension order
        params.update({name: np.float64(v) for name, v in self.fixed.items()})
        return params

    def chunk_rng(self, index: int):
        """The random generator of chunk ``index``: child ``index`` of
        ``SeedSequence(seed)`` (what ``SeedSequence(seed).spawn`` would give)."""
        seq = np.random.SeedSequence(self.seed, spawn_key=(int(index),))
        return np.random.Generator(np.random.PCG64(seq))


def plan_sweep(model, grid: Mapping[str, Any], *, fixed: Mapping[str, Any] | None = None,
               metrics: Sequence[str] | None = None, chunk_size: int | None = None,
               seed=None, func: str = "plan_sweep") -> SweepPlan:
    """Validate the arguments of a sweep and return its :class:`SweepPlan`.

    Parameters
    ----------
    model, grid, fixed, metrics, chunk_size, seed
        As in :func:`sweep`.
    func : str
        Name used in error messages.

    Returns
    -------
    SweepPlan

    Raises
    ------
    InvalidParameterError
        As :func:`sweep`.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.analysis.sweep import plan_sweep
    >>> plan = plan_sweep("stage_game", {"reward": [3, 4, 5], "temptation": [1, 2]},
    ...                   fixed={"sucker": 0, "punishment": 1}, chunk_size=4)
    >>> plan.shape, plan.n_chunks, plan.chunk_params(1)["reward"].tolist()
    ((3, 2), 2, [5.0, 5.0])
    """
    cls = _resolve_model(func, model)
    available = available_metrics(cls)
    metrics = _check_metrics(func, metrics, available)
    names = cls.parameters
    listed = ", ".join(repr(n) for n in names)
    if not isinstance(grid, Mapping) or not grid:
        raise InvalidParameterError(
            f"{func}(): grid must be a non-empty dict of parameter -> 1-D array; got {grid!r}")
    fixed = {} if fixed is None else fixed
    if not isinstance(fixed, Mapping):
        raise InvalidParameterError(
            f"{func}(): fixed must be a dict of parameter -> value; got {fixed!r}")
    axes = {}
    for name, values in grid.items():
        if name not in names:
            raise InvalidParameterError(
                f"{func}(): grid parameter must be one of {listed}; got {name!r}")
        try:
            arr = np.array(values, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(
                f"{func}(): grid[{name!r}] must be a 1-D array of real numbers; "
                f"got {values!r}") from exc
        if arr.ndim != 1:
            raise InvalidParameterError(
                f"{func}(): grid[{name!r}] must be a 1-D array; got shape {arr.shape}")
        if arr.size == 0:
            raise InvalidParameterError(
                f"{func}(): grid[{name!r}] must be non-empty; got an empty array")
        arr.flags.writeable = False
        axes[name] = arr
    for name, value in fixed.items():
        if name not in names:
            raise InvalidParameterError(
                f"{func}(): fixed parameter must be one of {listed}; got {name!r}")
        if name in axes:
            raise InvalidParameterError(
                f"{func}(): {name} must be in grid or in fixed, not both; got both")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            check_real_number(func, f"fixed[{name!r}]", value)
    for name in names:
        if name not in axes and name not in fixed:
            raise InvalidParameterError(
                f"{func}(): {name} must be given in grid or in fixed; got neither")
    # validate the domain on the grid axes (cheap: one broadcastable array per axis)
    shape = tuple(arr.size for arr in axes.values())
    orth = {}
    for d, (name, arr) in enumerate(axes.items()):
        orth[name] = arr.reshape([-1 if e == d else 1 for e in range(len(shape))])
    orth.update({name: float(v) for name, v in fixed.items()})
    check_parameter_arrays(func, names, orth, rules=getattr(cls, "parameter_bounds", None))
    if chunk_size is None:
        chunk_size = DEFAULT_CHUNK_SIZE
    if (isinstance(chunk_size, bool) or not isinstance(chunk_size, numbers.Integral)
            or chunk_size < 1):
        raise InvalidParameterError(
            f"{func}(): chunk_size must be a positive integer; got {chunk_size!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)
                             or seed < 0):
        raise InvalidParameterError(
            f"{func}(): seed must be None or a non-negative integer; got {seed!r}")
    fixed = {k: float(fixed[k]) for k in names if k in fixed}
    return SweepPlan(cls=cls, axes=axes, fixed=fixed, metrics=metrics,
                     chunk_size=int(chunk_size), seed=None if seed is None else int(seed))


def _run_chunk(task):
    """Evaluate one chunk (module level so that process pools can pickle it)."""
    plan, index = task
    warm_allocator()  # once per process: temporaries stay on the heap between chunks
    rng = plan.chunk_rng(index) if plan.seed is not None else None
    out = evaluate_points(plan.cls, plan.chunk_params(index), plan.metrics, rng=rng,
                          _func="sweep")
    degenerate = int(np.count_nonzero(out["degenerate"])) if "degenerate" in out else 0
    return index, {m: out[m] for m in plan.metrics}, degenerate


def _first_point(plan: SweepPlan) -> dict:
    """The parameters of the grid's first point (to learn the output dtypes)."""
    params = {name: arr[:1] for name, arr in plan.axes.items()}
    params.update({name: np.float64(v) for name, v in plan.fixed.items()})
    return params


#: Output files of the current sweep, per worker process (path -> open descriptor), so
#: that each worker opens each output file once, not once per chunk.
_WORKER_FILES: dict = {}


def _run_chunks_to_files(task):
    """Evaluate a group of chunks and write each in place into the output files (shared
    by the processes of one machine); only the degeneracy counts travel back, as a
    list of ``(index, None, degenerate)``.

    A chunk goes in with ``os.pwrite`` rather than through a memory map: the kernel
    copies it into the file's pages in one call, where writing through a shared map
    faults every 4 KiB page in on its own (measured here: a third less worker time on a
    16-million-point sweep).
    """
    import os

    plan, indices, files = task
    paths = {path for path, _ in files.values()}
    for stale in [p for p in _WORKER_FILES if p not in paths]:
        os.close(_WORKER_FILES.pop(stale))  # a finished sweep's files
    done = []
    for index in indices:
        _, values, degenerate = _run_chunk((plan, index))
        start, _ = plan.chunk_bounds(index)
        for m, (path, dtype) in files.items():
            fd = _WORKER_FILES.get(path)
            if fd is None:
                fd = _WORKER_FILES[path] = os.open(path, os.O_WRONLY)
            data = memoryview(np.ascontiguousarray(values[m], dtype=np.dtype(dtype))).cast("B")
            offset = start * np.dtype(dtype).itemsize
            while len(data):  # pwrite may write less than asked (not on tmpfs in practice)
                written = os.pwrite(fd, data, offset)
                data, offset = data[written:], offset + written
        done.append((index, None, degenerate))
    return done


#: Most chunks in one task of a process pool (bounds the work a kill can lose before
#: the parent has saved it to a checkpoint: at most this many chunks per worker).
MAX_CHUNKS_PER_TASK = 16


def _chunk_groups(todo: list, workers: int) -> list:
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
    size = max(1, min(MAX_CHUNKS_PER_TASK, -(-len(todo) // per_worker_tasks)))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _map_file(path: str, dtype, size: int) -> np.ndarray:
    """A writable ndarray on a memory map of ``path`` (a plain ndarray whose base is the
    :class:`mmap.mmap`, so it outlives the file name)."""
    import mmap
    import os

    fd = os.open(path, os.O_RDWR)
    try:
        mm = mmap.mmap(fd, size * np.dtype(dtype).itemsize)
    finally:
        os.close(fd)
    return np.frombuffer(mm, dtype=dtype, count=size)


def _shared_dir(nbytes: int = 0) -> str:
    """A directory for the shared output files: /dev/shm (RAM) when it exists and has
    room for twice ``nbytes`` (containers often mount a 64 MB one), else the default
    temporary directory."""
    import os
    import shutil
    import tempfile

    base = None
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        try:
            if shutil.disk_usage("/dev/shm").free > 2 * nbytes:
                base = "/dev/shm"
        except OSError:  # pragma: no cover
            pass
    return tempfile.mkdtemp(prefix="secdilemma-sweep-", dir=base)


def _progress_bar(progress: bool, total: int):
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm is optional (the `distributed` extra)
        import warnings

        warnings.warn("sweep(): progress=True needs tqdm (pip install tqdm); running "
                      "without a progress bar", RuntimeWarning, stacklevel=3)
        return None
    return tqdm(total=total, unit="pt", unit_scale=True, desc="sweep")


def sweep(model, grid: Mapping[str, Any], *, fixed: Mapping[str, Any] | None = None,
          metrics: Sequence[str] | None = None, executor=None, chunk_size: int | None = None,
          progress: bool = False, checkpoint=None, seed: int | None = None):
    """Evaluate outcome metrics of a model over a Cartesian grid of parameters.

    The grid is cut into chunks of ``chunk_size`` points (in C order of the grid); each
    chunk is evaluated as one vectorised batch by :func:`evaluate_points`, on
    ``executor``, and written in place into preallocated output arrays as it finishes,
    so peak memory is the output plus a few chunks, never a full meshgrid. The result is
    identical, bit for bit, whatever the executor and the chunking.

    Parameters
    ----------
    model : type or str
        A model class (e.g. :class:`~secdilemma.models.OffenseDefenseModel`) or its
        registry name (``"offense_defense"``).
    grid : dict of str to 1-D array_like
        The swept parameters; the dataset's dimensions follow this order.
    fixed : dict of str to real, optional
        Values of every model parameter not in ``grid``.
    metrics : sequence of str, optional
        Names from :data:`~secdilemma.analysis.metrics.METRICS` (default: all):
        ``regime`` (int codes into :data:`~secdilemma.models.REGIMES`, with CF
        ``flag_values``/``flag_meanings``), ``num_equilibria``,
        ``cooperation_is_equilibrium``, ``cooperation_is_unique_equilibrium``,
        ``mixed_cooperation_probability``, ``trust_threshold``; or the model's own
        ``sweep_metrics``.
    executor : None, int, concurrent.futures.Executor or dask.distributed.Client
        Where the chunks run: ``None`` in this process; an int n, a process pool of n
        workers (created and shut down here); any ``concurrent.futures`` executor; a
        ``dask.distributed.Client`` as is (dask is imported only then). Process pools
        write their chunks in place into output files (in ``/dev/shm`` where it
        exists) that this process has memory-mapped, so results do not travel back
        through pipes; their tasks are groups of up to
        :data:`MAX_CHUNKS_PER_TASK` consecutive chunks.
    chunk_size : int, optional
        Points per chunk (default :data:`DEFAULT_CHUNK_SIZE`).
    progress : bool
        Show a tqdm progress bar (tqdm is optional).
    checkpoint : str or os.PathLike, optional
        A directory: each finished chunk is written there atomically, and a sweep
        restarted with the same arguments computes only the missing chunks. A
        directory written with other arguments raises :class:`CheckpointMismatchError`.
    seed : int, optional
        Entropy of a :class:`numpy.random.SeedSequence`; chunk i draws from child i
        (the i-th of ``SeedSequence(seed).spawn``), for models whose ``evaluate``
        takes an ``rng``. Results are then reproducible for a given ``chunk_size``,
        whatever the executor.

    Returns
    -------
    xarray.Dataset
        Coordinates: the grid parameters; data variables: the metrics; attrs: the
        provenance (``model``, ``grid_parameters``, ``fixed``, ``metrics``, ``solver``,
        ``secdilemma_version``, ``created`` in UTC ISO 8601, ``degenerate_points``).

    Raises
    ------
    InvalidParameterError
        Unknown model or metric, a parameter unknown, missing, or both swept and fixed,
        a grid entry that is not a non-empty 1-D array, a value out of its domain, a bad
        executor, chunk size or seed.
    CheckpointMismatchError
        ``checkpoint`` holds the chunks of a sweep with other arguments.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.
    .. [2] Hoyer, S. and Hamman, J. (2017). xarray: N-D labeled arrays and datasets in
       Python. *Journal of Open Research Software* 5(1), 10.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis import sweep
    >>> ds = sweep("offense_defense", {"offense_advantage": [0.2, 0.4, 0.6]},
    ...            fixed={"status_quo": 10, "arms_cost": 1, "exploitation_gain": 2,
    ...                   "exploitation_loss": 4})
    >>> ds["regime"].values.tolist()
    [0, 1, 2]
    >>> [round(float(v), 12) for v in ds["mixed_cooperation_probability"].values[1:2]]
    [0.75]
    >>> same = sweep("offense_defense", {"offense_advantage": [0.2, 0.4, 0.6]},
    ...              fixed={"status_quo": 10, "arms_cost": 1, "exploitation_gain": 2,
    ...                     "exploitation_loss": 4}, chunk_size=2)
    >>> bool(same["regime"].equals(ds["regime"]))
    True
    """
    import xarray as xr

    from .._version import __version__
    from .executors import describe_executor, local_workers, map_unordered

    func = "sweep"
    plan = plan_sweep(model, grid, fixed=fixed, metrics=metrics, chunk_size=chunk_size,
                      seed=seed, func=func)
    describe_executor(func, executor)
    if not isinstance(progress, (bool, np.bool_)):
        raise InvalidParameterError(f"{func}(): progress must be True or False; "
                                    f"got {progress!r}")
    cls, metrics = plan.cls, plan.metrics
    available = available_metrics(cls)
    shape, size = plan.shape, plan.size

    outputs: dict = {}
    degenerate_total = 0
    # process pools on this machine write their chunks straight into memory-mapped
    # output files instead of sending them back through pipes
    import concurrent.futures as cf

    shared = (isinstance(executor, numbers.Integral) and not isinstance(executor, bool)) \
        or isinstance(executor, cf.ProcessPoolExecutor)
    files: dict = {}
    tmpdir = None
    if shared:
        import os

        probe = evaluate_points(cls, _first_point(plan), metrics,
                                rng=plan.chunk_rng(0) if plan.seed is not None else None,
                                _func=func)
        tmpdir = _shared_dir(size * sum(np.asarray(probe[m]).dtype.itemsize
                                        for m in metrics))
        for m in metrics:
            dtype = np.asarray(probe[m]).dtype
            path = os.path.join(tmpdir, f"{m}.bin")
            with open(path, "wb") as fh:
                fh.truncate(size * dtype.itemsize)
            files[m] = (path, dtype.str)
            outputs[m] = _map_file(path, dtype, size)

    def store(index, values):
        start, stop = plan.chunk_bounds(index)
        for m in metrics:
            v = np.asarray(values[m])
            if m not in outputs:
                outputs[m] = np.empty(size, dtype=v.dtype)
            outputs[m][start:stop] = v

    cp = None
    todo = list(range(plan.n_chunks))
    bar = _progress_bar(bool(progress), size)
    try:
        if checkpoint is not None:
            from .checkpoint import Checkpoint, arguments_record

            record = arguments_record(model=model_name(cls), axes=plan.axes, fixed=plan.fixed,
                                      metrics=metrics, chunk_size=plan.chunk_size,
                                      seed=plan.seed, version=__version__)
            record["model_class"] = f"{cls.__module__}.{cls.__qualname__}"
            cp = Checkpoint(checkpoint, record, plan.n_chunks, func=func)
            done = set()
            for index in cp.finished():
                loaded = cp.load(index)
                if loaded is None or any(m not in loaded[0] for m in metrics):
                    continue  # unreadable: compute it again
                store(index, loaded[0])
                degenerate_total += loaded[1]
                done.add(index)
                if bar is not None:
                    start, stop = plan.chunk_bounds(index)
                    bar.update(stop - start)
            todo = [i for i in todo if i not in done]
        if shared:
            groups = _chunk_groups(todo, local_workers(executor))
            tasks = ((plan, group, files) for group in groups)
            finished = (item for group in map_unordered(_run_chunks_to_files, tasks,
                                                        executor, func=func)
                        for item in group)
        else:
            finished = map_unordered(_run_chunk, ((plan, i) for i in todo), executor,
                                     func=func)
        for index, values, degenerate in finished:
            if values is None:  # written in place by the worker
                start, stop = plan.chunk_bounds(index)
                values = {m: outputs[m][start:stop] for m in metrics}
            else:
                store(index, values)
            degenerate_total += degenerate
            if cp is not None:
                cp.save(index, values, degenerate=degenerate)
            if bar is not None:
                start, stop = plan.chunk_bounds(index)
                bar.update(stop - start)
    finally:
        if bar is not None:
            bar.close()
        if tmpdir is not None:
            import shutil

            # the arrays keep their mappings: the memory lives on, unnamed, until the
            # dataset is freed (no copy)
            shutil.rmtree(tmpdir, ignore_errors=True)

    axes = plan.axes
    coords = {name: (name, np.array(arr)) for name, arr in axes.items()}
    dims = tuple(axes)
    data_vars = {m: (dims, outputs[m].reshape(shape), cls.metric_info[m].attrs())
                 for m in metrics}
    attrs = {
        "title": f"secdilemma sweep of {model_name(cls)}",
        "model": model_name(cls),
        "model_class": f"{cls.__module__}.{cls.__qualname__}",
        "grid_parameters": ", ".join(axes),
        "fixed": repr(plan.fixed),
        "metrics": ", ".join(metrics),
        "solver": cls.method,
        "secdilemma_version": __version__,
        "created": datetime.now(timezone.utc).isoformat(),
        "degenerate_points": int(degenerate_total),
    }
    if plan.seed is not None:
        attrs["seed"] = plan.seed
    return xr.Dataset(data_vars=data_vars, coords=coords, attrs=attrs)
