"""Parameter sweeps: a model, a grid, metrics -> an :class:`xarray.Dataset`.

The grid is the Cartesian product of one 1-D array per swept parameter (coordinates in
the order given); the other parameters are held ``fixed``. One engine, in three steps:

1. **plan** (:func:`plan_sweep`, :mod:`secdilemma.analysis._plan`): validate the
   arguments and cut the grid into chunks; :func:`evaluate_points` is the pure
   per-chunk kernel (flat parameter arrays in, flat metric arrays out);
2. **execute** (:func:`~secdilemma.analysis._execute.execute`): check that the outputs
   fit in memory, restore a checkpoint, run the chunks on any executor into flat
   outputs;
3. **assemble** (:func:`assemble`): the flat outputs as a Dataset with provenance; or,
   with ``output=``, no outputs at all: each chunk streams into a compressed netCDF-4
   file as it finishes (:mod:`secdilemma.analysis._stream`).

Every model, the 2x2 stage-game models, the closed-form models and the repeated-game
grids of :mod:`secdilemma.models.repeated_grids`, runs through these three steps.

References
----------
.. [1] Hoyer, S. and Hamman, J. (2017). xarray: N-D labeled arrays and datasets in
   Python. *Journal of Open Research Software* 5(1), 10.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

import numpy as np

from .._version import __version__
from ..errors import InvalidParameterError
from ._execute import (MAX_CHUNKS_PER_TASK, _chunk_groups, execute,  # noqa: F401
                       output_dtypes)
from ._plan import (DEFAULT_CHUNK_SIZE, SweepPlan, _resolve_model,  # noqa: F401
                    available_metrics, evaluate_points, model_label, model_settings,
                    plan_sweep)
from ._stream import StreamWriter, check_output_path, open_output
from .checkpoint import CheckpointMismatchError
from .executors import describe_executor
from .metrics import METRICS, metric_attrs

__all__ = ["sweep", "evaluate_points", "available_metrics", "DEFAULT_METRICS",
           "DEFAULT_CHUNK_SIZE", "MAX_CHUNKS_PER_TASK", "SweepPlan", "plan_sweep",
           "assemble", "CheckpointMismatchError"]

#: Metrics computed when ``metrics=None``: all of :data:`METRICS`.
DEFAULT_METRICS = tuple(METRICS)

def _metric_attrs(model, name: str) -> dict:
    info = getattr(model, "metric_info", None)
    if info and name in info:
        return info[name].attrs()
    available = available_metrics(model)
    return metric_attrs(name) if available is METRICS else {"long_name": available[name]}


def _solver(model) -> str:
    """How the model computes its metrics (the protocol's ``method``)."""
    cls = model if isinstance(model, type) else type(model)
    return cls.method


def provenance(plan: SweepPlan, degenerate: int = 0, version: str | None = None) -> dict:
    """The global attributes of a sweep's Dataset (and of its streamed file)."""
    if version is None:
        version = __version__
    model = plan.cls
    cls = model if isinstance(model, type) else type(model)
    axes = plan.axes
    label = model_label(model)
    attrs = {
        "title": f"secdilemma sweep of {label}",
        "model": label,
        "model_class": f"{cls.__module__}.{cls.__qualname__}",
        "grid_parameters": ", ".join(axes),
        "fixed": repr(plan.fixed),
        "metrics": ", ".join(plan.metrics),
        "solver": _solver(model),
        "secdilemma_version": version,
        "created": datetime.now(timezone.utc).isoformat(),
        "degenerate_points": int(degenerate),
    }
    settings = model_settings(model)
    if settings is not None:
        attrs["model_settings"] = repr(settings)
    if plan.seed is not None:
        attrs["seed"] = plan.seed
    return attrs


def assemble(plan: SweepPlan, outputs: Mapping[str, np.ndarray], degenerate: int = 0,
             *, version: str | None = None):
    """The flat outputs of a sweep as an :class:`xarray.Dataset` with its provenance.

    Parameters
    ----------
    plan : SweepPlan
        The sweep.
    outputs : mapping of str to numpy.ndarray
        One flat array of ``plan.size`` values per metric (C order of the grid); they
        are reshaped, not copied.
    degenerate : int
        Points where the kernel met a degenerate game.
    version : str, optional
        The package version recorded (default: this one).

    Returns
    -------
    xarray.Dataset
        See :func:`sweep`.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis.sweep import assemble, plan_sweep
    >>> plan = plan_sweep("stage_game", {"reward": [3, 4]}, metrics=["regime"],
    ...                   fixed={"sucker": 0, "temptation": 5, "punishment": 1})
    >>> ds = assemble(plan, {"regime": np.array([2, 2], dtype=np.int8)})
    >>> ds["regime"].dims, ds.attrs["model"]
    (('reward',), 'stage_game')
    """
    import xarray as xr

    model = plan.cls
    axes = plan.axes
    coords = {name: (name, np.array(arr)) for name, arr in axes.items()}
    dims = tuple(axes)
    data_vars = {m: (dims, outputs[m].reshape(plan.shape), _metric_attrs(model, m))
                 for m in plan.metrics}
    attrs = provenance(plan, degenerate, version)
    return xr.Dataset(data_vars=data_vars, coords=coords, attrs=attrs)


def sweep(model, grid: Mapping[str, Any], *, fixed: Mapping[str, Any] | None = None,
          metrics: Sequence[str] | None = None, executor=None, chunk_size: int | None = None,
          progress: bool = False, checkpoint=None, seed: int | None = None,
          output=None):
    """Evaluate outcome metrics of a model over a Cartesian grid of parameters.

    The grid is cut into chunks of ``chunk_size`` points (in C order of the grid); each
    chunk is evaluated as one vectorised batch by :func:`evaluate_points`, on
    ``executor``, and written in place into preallocated output arrays as it finishes,
    so peak memory is the output plus a few chunks, never a full meshgrid. The result is
    identical, bit for bit, whatever the executor and the chunking.

    Parameters
    ----------
    model : type, str or configured model
        A model class (e.g. :class:`~secdilemma.models.OffenseDefenseModel`), its
        registry name (``"offense_defense"``), or a configured model instance (e.g.
        :class:`~secdilemma.models.repeated_grids.CriticalDiscountModel` with a
        strategy).
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
        write their chunks in place into output memory that this process has mapped
        (anonymous memory files on Linux, freed by the kernel even if the sweep is
        killed; see :mod:`secdilemma.analysis._outputs`), so results do not travel
        back through pipes; their tasks are groups of up to
        :data:`MAX_CHUNKS_PER_TASK` consecutive chunks.
    chunk_size : int, optional
        Points per chunk (default: the model's ``chunk_size_hint`` for models that
        evaluate point by point, else :data:`DEFAULT_CHUNK_SIZE`).
    progress : bool
        Show a progress bar on stderr (tqdm's when tqdm is installed, else a
        one-line text report).
    checkpoint : str or os.PathLike, optional
        A directory: each finished chunk is written there atomically, with the hash
        of the sweep's plan and a checksum, and a sweep restarted with the same
        arguments computes only the missing chunks. A directory written with other
        arguments raises :class:`CheckpointMismatchError`; a chunk file that is
        damaged, truncated or from another sweep is computed again, with a
        :class:`~secdilemma.analysis.checkpoint.DamagedChunkWarning` naming it.
    seed : int, optional
        Entropy of a :class:`numpy.random.SeedSequence`; chunk i draws from child i
        (the i-th of ``SeedSequence(seed).spawn``), for models whose ``evaluate``
        takes an ``rng``. Results are then reproducible for a given ``chunk_size``,
        whatever the executor.
    output : str or os.PathLike, optional
        A netCDF-4 file to stream the results into (it must not exist yet; needs
        ``h5netcdf``: ``pip install 'secdilemma[io]'``). Each finished chunk goes
        straight into the file, compressed (zlib level 1 after the shuffle filter) in
        storage chunks of about 2**19 consecutive points, and no array of the whole
        grid is ever held in memory: memory stays flat whatever the size of the grid
        (measured in the how-to "Run a large sweep"). The file is written under a
        temporary name and appears under ``output`` only when complete. The result is
        then the file opened lazily with :func:`xarray.open_dataset` (values read on
        access), identical, bit for bit, to the in-memory result. Works with every
        executor and with ``checkpoint`` (a resumed sweep restores the saved chunks
        into a new file).

    Returns
    -------
    xarray.Dataset
        Coordinates: the grid parameters; data variables: the metrics; attrs: the
        provenance (``model``, ``grid_parameters``, ``fixed``, ``metrics``, ``solver``,
        ``secdilemma_version``, ``created`` in UTC ISO 8601, ``degenerate_points``).
        With ``output``, the file opened lazily (close it with ``ds.close()``).

    Raises
    ------
    InvalidParameterError
        Unknown model or metric, a parameter unknown, missing, or both swept and fixed,
        a grid entry that is not a non-empty 1-D array, a value out of its domain, a bad
        executor, chunk size or seed; a grid whose outputs do not fit in the memory
        available (checked before anything runs; the message says what to do).
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
    func = "sweep"
    plan = plan_sweep(model, grid, fixed=fixed, metrics=metrics, chunk_size=chunk_size,
                      seed=seed, func=func)
    describe_executor(func, executor)
    if not isinstance(progress, (bool, np.bool_)):
        raise InvalidParameterError(f"{func}(): progress must be True or False; "
                                    f"got {progress!r}")
    if output is None:
        outputs, degenerate = execute(plan, executor=executor, checkpoint=checkpoint,
                                      progress=bool(progress), version=__version__,
                                      func=func)
        return assemble(plan, outputs, degenerate, version=__version__)
    path = check_output_path(func, output)
    writer = StreamWriter(path, plan.axes, output_dtypes(plan),
                          {m: _metric_attrs(plan.cls, m) for m in plan.metrics}, func=func)
    try:
        _, degenerate = execute(plan, executor=executor, checkpoint=checkpoint,
                                progress=bool(progress), version=__version__, func=func,
                                sink=writer)
    except BaseException:
        writer.abort()
        raise
    writer.finish(provenance(plan, degenerate, __version__))
    return open_output(path)
