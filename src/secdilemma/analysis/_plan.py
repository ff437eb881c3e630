"""The plan of a sweep: which model, which points, which metrics, in which chunks.

:func:`plan_sweep` validates the arguments of a sweep once, before anything runs, and
returns a small, picklable :class:`SweepPlan`; :func:`evaluate_points` is the pure
per-chunk kernel (flat parameter arrays in, flat metric arrays out) that every executor
runs on the chunks of a plan.

A model is one of

- a model class of the model protocol (:mod:`secdilemma.models.protocol`: ``parameters``,
  ``sweep_metrics``, ``evaluate(params, metrics=None, *, rng=None)``), or its registry
  name;
- a *configured* model: an instance of such a class whose settings are not numbers (a
  strategy, a stage game, a method), e.g.
  ``CriticalDiscountModel(strategy=tit_for_tat(), concept="nash")``; its ``settings()``
  are part of the sweep's provenance and of its checkpoint's plan hash.

Nothing else is a model: the protocol is checked (:func:`~secdilemma.models.protocol.
check_model`) before a sweep starts, and a class that breaks it is refused with the rule
it breaks.

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
"""

from __future__ import annotations

import functools
import numbers
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from .._validation import check_real_number
from ..errors import InvalidParameterError
from ..models import MODELS, model_name
from ..models.protocol import Model, check_metric_names, check_model, check_parameter_arrays
from .metrics import METRICS

__all__ = ["SweepPlan", "plan_sweep", "evaluate_points", "available_metrics",
           "resolve_model", "model_label", "model_settings", "DEFAULT_CHUNK_SIZE",
           "MAX_POINTS"]

#: Points per chunk when ``chunk_size`` is not given: large enough to amortise the
#: per-chunk overhead (a task, a result message, a few hundred NumPy calls), small
#: enough that the temporaries of a chunk (5.9 MiB for the 2x2 metrics, tracemalloc) stay in a
#: shared last-level cache with a second worker's (benchmarks/bench_sweep_scale.py: the
#: best 2-worker scaling on this machine among 2**15 .. 2**18).
DEFAULT_CHUNK_SIZE = 1 << 16

#: Most points of a grid: flat indices must fit in a signed 64-bit integer (the memory
#: check of :func:`~secdilemma.analysis.sweep.sweep` refuses far smaller grids).
MAX_POINTS = int(np.iinfo(np.int64).max)


def _is_model(obj) -> bool:
    """A protocol model class, or a configured instance of one (with ``settings()``)."""
    if isinstance(obj, type):
        return issubclass(obj, Model)
    return isinstance(obj, Model) and callable(getattr(obj, "settings", None))


@functools.lru_cache(maxsize=None)
def _protocol_problem(cls) -> str | None:
    try:
        check_model(cls)
    except InvalidParameterError as exc:
        return str(exc).partition("(): ")[2] or str(exc)
    return None


def _check_protocol(func: str, cls) -> None:
    """A subclass of the protocol's ``Model`` must satisfy the protocol (checked once
    per class)."""
    problem = _protocol_problem(cls)
    if problem is not None:
        raise InvalidParameterError(
            f"{func}(): model must satisfy the model protocol "
            f"(secdilemma.models.protocol): {problem}")


def resolve_model(func: str, model):
    """The model class (or configured model instance) of a registry name, a class or
    an instance; a clear error for anything else."""
    if isinstance(model, str):
        if model not in MODELS:
            listed = ", ".join(repr(n) for n in MODELS)
            raise InvalidParameterError(
                f"{func}(): model must be one of {listed} or a model class; got {model!r}")
        model = MODELS[model]
    if _is_model(model):
        _check_protocol(func, model if isinstance(model, type) else type(model))
        return model
    if isinstance(model, type):  # say which rule of the protocol the class breaks
        _check_protocol(func, model)
    raise InvalidParameterError(
        f"{func}(): model must be a registered name, a class of the model protocol "
        f"(a subclass of secdilemma.models.protocol.Model) or a configured instance of "
        f"one; got {getattr(model, '__name__', model)!r}")


_resolve_model = resolve_model  # the name analysis.threshold imports


def model_label(model) -> str:
    """The registry name of a model (its ``name``, else its class name)."""
    cls = model if isinstance(model, type) else type(model)
    name = getattr(cls, "name", None)
    return name if isinstance(name, str) and name else model_name(cls)


def model_settings(model) -> dict | None:
    """The settings of a configured model instance (str -> str), None for a class."""
    if isinstance(model, type):
        return None
    return {str(k): str(v) for k, v in model.settings().items()}


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
    cls = resolve_model("available_metrics", model)
    return getattr(cls, "sweep_metrics", METRICS)


def _rename_error(func: str, exc: InvalidParameterError) -> InvalidParameterError:
    """Re-prefix a model's validation message with ``func()``."""
    _, sep, rest = str(exc).partition("(): ")
    return InvalidParameterError(f"{func}(): {rest}" if sep else f"{func}(): {exc}")


def metric_dtypes(model, metrics) -> dict | None:
    """The declared dtype of each metric (protocol models), None when undeclared."""
    info = getattr(model, "metric_info", None)
    if not info or any(m not in info for m in metrics):
        return None
    return {m: np.dtype(info[m].dtype) for m in metrics}


def evaluate_points(model, params: Mapping[str, Any], metrics: Sequence[str], *,
                    rng=None, _func: str = "evaluate_points", _copy: bool = True) -> dict:
    """Evaluate metrics at a flat batch of parameter points (the per-chunk kernel).

    Parameters
    ----------
    model : type, str or configured model
        A model class, its registry name or a configured model instance.
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
    cls = resolve_model(_func, model)
    metrics = check_metric_names(_func, metrics, available_metrics(cls))
    size = max((np.size(v) for v in params.values()), default=1)
    generator = np.random.default_rng(rng) if cls.stochastic else None
    try:
        out = cls.evaluate(dict(params), metrics, rng=generator)
    except InvalidParameterError as exc:
        raise _rename_error(_func, exc) from None
    names = list(metrics) + (["degenerate"] if "degenerate" in out else [])
    result = {}
    for m in names:
        value = np.asarray(out[m])
        if not _copy and value.shape == (size,):
            # the sweep's own chunks: their values are copied into the outputs (or
            # sent back) at once and then dropped, so a second copy here is waste
            result[m] = value
            continue
        result[m] = np.broadcast_to(value.ravel() if value.ndim else value, (size,)).copy()
    return result


@dataclass(frozen=True, eq=False)
class SweepPlan:
    """A validated sweep: model class, grid axes, fixed values, metrics and chunking.

    Built by :func:`plan_sweep`; everything :func:`sweep` needs to cut the grid into
    chunks and to evaluate any chunk on its own (the plan is small and picklable).

    Attributes
    ----------
    cls : type or configured model
        The model class (or configured model instance).
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

    cls: Any
    axes: dict
    fixed: dict
    metrics: tuple
    chunk_size: int
    seed: Any = None

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid shape."""
        return tuple(arr.size for arr in self.axes.values())

    @functools.cached_property
    def size(self) -> int:
        """Number of grid points (computed once: every chunk's bounds ask for it)."""
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
    cls = resolve_model(func, model)
    available = available_metrics(cls)
    metrics = check_metric_names(func, metrics, available)
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
    info = getattr(cls, "parameter_info", None) or {}
    defaults = {name: info[name].default for name in names
                if name not in axes and name not in fixed and name in info
                and getattr(info[name], "default", None) is not None}
    fixed = {**fixed, **defaults}  # a protocol parameter with a default may be left out
    for name in names:
        if name not in axes and name not in fixed:
            raise InvalidParameterError(
                f"{func}(): {name} must be given in grid or in fixed; got neither")
    shape = tuple(arr.size for arr in axes.values())
    size = 1
    for n in shape:  # Python ints: no overflow
        size *= n
    if size > MAX_POINTS:
        dims = " x ".join(f"{name} ({arr.size:,})" for name, arr in axes.items())
        raise InvalidParameterError(
            f"{func}(): the grid must have at most {MAX_POINTS:,} points (2**63 - 1); got "
            f"{dims} = {size:.3g} points. Sweep coarser axes, or split the grid into "
            "parts")
    # validate the domain on the grid axes (cheap: one broadcastable array per axis)
    orth = {}
    for d, (name, arr) in enumerate(axes.items()):
        orth[name] = arr.reshape([-1 if e == d else 1 for e in range(len(shape))])
    orth.update({name: float(v) for name, v in fixed.items()})
    check_parameter_arrays(func, names, orth, rules=getattr(cls, "parameter_bounds", None))
    if chunk_size is None:  # models that evaluate point by point ask for small chunks
        chunk_size = getattr(cls, "chunk_size_hint", DEFAULT_CHUNK_SIZE)
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


