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
from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

import numpy as np

from .._validation import check_real_number
from ..errors import InvalidParameterError
from ..models import MODELS, model_name
from ..models.stage_game import check_parameter_arrays
from .metrics import METRICS, compute_metrics, metric_attrs

__all__ = ["sweep", "evaluate_points", "available_metrics", "DEFAULT_METRICS"]

#: Metrics computed when ``metrics=None``: all of :data:`METRICS`.
DEFAULT_METRICS = tuple(METRICS)

_SOLVER = "solve_2x2_batch"


def _resolve_model(func: str, model):
    if isinstance(model, str):
        if model not in MODELS:
            listed = ", ".join(repr(n) for n in MODELS)
            raise InvalidParameterError(
                f"{func}(): model must be one of {listed} or a model class; got {model!r}")
        return MODELS[model]
    if isinstance(model, type) and hasattr(model, "parameters") and (
            hasattr(model, "stage_payoffs_batch") or hasattr(model, "sweep_metrics")):
        return model
    raise InvalidParameterError(
        f"{func}(): model must be a registered model name or a model class with "
        f"stage_payoffs_batch or sweep_metrics; got {model!r}")


def available_metrics(model) -> Mapping[str, str]:
    """Metric name -> description for a model: the standard 2x2 metrics
    (:data:`~secdilemma.analysis.metrics.METRICS`) for stage-game models, the model's
    own ``sweep_metrics`` otherwise.

    Examples
    --------
    >>> from secdilemma.analysis.sweep import available_metrics
    >>> "max_mutual_cooperation" in available_metrics("security_dilemma")
    True
    """
    cls = _resolve_model("available_metrics", model)
    return getattr(cls, "sweep_metrics", METRICS)


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
                    _func: str = "evaluate_points") -> dict:
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
    if not hasattr(cls, "stage_payoffs_batch"):
        # a model with its own vectorised closed forms (e.g. SecurityDilemmaModel)
        try:
            out = cls.evaluate(**dict(params))
        except InvalidParameterError as exc:
            raise _rename_error(_func, exc) from None
        size = max((np.size(v) for v in params.values()), default=1)
        return {m: np.broadcast_to(np.asarray(out[m]).ravel() if np.ndim(out[m]) else out[m],
                                   (size,)).copy() for m in metrics}
    try:
        R, S, T, P = cls.stage_payoffs_batch(**dict(params))
    except InvalidParameterError as exc:
        raise _rename_error(_func, exc) from None
    R, S, T, P = (np.ravel(np.asarray(v, dtype=float)) for v in (R, S, T, P))
    return compute_metrics(R, S, T, P, metrics)


def sweep(model, grid: Mapping[str, Any], *, fixed: Mapping[str, Any] | None = None,
          metrics: Sequence[str] | None = None):
    """Evaluate outcome metrics of a model over a Cartesian grid of parameters.

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
        ``cooperation_is_equilibrium``, ``cooperation_is_unique``,
        ``mixed_cooperation_probability``, ``trust_threshold``.

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
        a grid entry that is not a non-empty 1-D array, a value out of its domain.

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
    """
    import xarray as xr

    from .._version import __version__

    func = "sweep"
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
            arr = np.asarray(values, dtype=float)
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
    # validate the domain on the grid axes before building the product (cheap)
    shape = tuple(arr.size for arr in axes.values())
    orth = {}
    for d, (name, arr) in enumerate(axes.items()):
        orth[name] = arr.reshape([-1 if e == d else 1 for e in range(len(shape))])
    orth.update({name: float(v) for name, v in fixed.items()})
    check_parameter_arrays(func, names, orth, rules=getattr(cls, "parameter_bounds", None))

    mesh = np.meshgrid(*axes.values(), indexing="ij", copy=False)
    params = {name: m.ravel() for name, m in zip(axes, mesh)}
    params.update({name: np.float64(v) for name, v in fixed.items()})
    flat = evaluate_points(cls, params, metrics, _func=func)

    coords = {name: (name, arr) for name, arr in axes.items()}
    dims = tuple(axes)
    data_vars = {m: (dims, flat[m].reshape(shape),
                     metric_attrs(m) if available is METRICS else {"long_name": available[m]})
                 for m in metrics}
    attrs = {
        "title": f"secdilemma sweep of {model_name(cls)}",
        "model": model_name(cls),
        "model_class": f"{cls.__module__}.{cls.__qualname__}",
        "grid_parameters": ", ".join(axes),
        "fixed": repr({k: fixed[k] for k in names if k in fixed}),
        "metrics": ", ".join(metrics),
        "solver": _SOLVER if hasattr(cls, "stage_payoffs_batch")
        else f"{cls.__name__}.evaluate (closed forms)",
        "secdilemma_version": __version__,
        "created": datetime.now(timezone.utc).isoformat(),
        "degenerate_points": int(np.count_nonzero(flat["degenerate"]))
        if "degenerate" in flat else 0,
    }
    return xr.Dataset(data_vars=data_vars, coords=coords, attrs=attrs)
