"""Where an outcome changes: thresholds, boundary curves, adaptive refinement.

- :func:`threshold`: the critical value of one parameter at which a categorical or
  boolean outcome metric changes — in closed form where the model has one (its
  ``critical_values``, e.g. offence–defence: theta = k/g and theta = k/L [1]_; Kydd's
  security dilemma: trust = pi* = c / (1 - a_S + c) [2]_; the 2x2 stage game: payoff
  ties), verified on both sides, otherwise by a scan for the first change followed by
  bisection to a stated tolerance.
- :func:`boundaries`: the boundary curves of a categorical variable of a swept 2-D
  :class:`xarray.Dataset` (marching squares through contourpy, the engine behind
  matplotlib's contours; nothing is drawn).
- :func:`refine_boundary`: a quadtree on a 2-D parameter rectangle that splits only
  the cells whose corners disagree, so the boundary is resolved to a fine cell size at
  a small fraction of the cost of the full grid.

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
.. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.
   Princeton University Press.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from .._validation import check_real_number
from ..contours import region_curves
from ..errors import InvalidParameterError
from .sweep import _resolve_model, available_metrics, evaluate_points

__all__ = ["ThresholdResult", "threshold", "boundaries", "RefinementResult",
           "refine_boundary"]


@dataclass(frozen=True)
class ThresholdResult:
    """The critical value of a parameter where an outcome changes.

    Attributes
    ----------
    value : float
        The critical value (closed form, or the midpoint of the final bracket).
    method : str
        ``"closed_form"`` or ``"bisection"``.
    bracket : tuple of float
        ``(low, high)`` with the outcome ``below`` at ``low`` and ``above`` at ``high``
        (for a closed form, the points at which it was verified).
    tolerance : float
        Width the bracket was reduced to (bisection), or the offset of the verification
        points (closed form).
    parameter, outcome : str
        What was varied and what changes.
    below, above : object
        The outcome just below and just above the threshold.
    evaluations : int
        Model evaluations used.
    """

    value: float
    method: str
    bracket: tuple
    tolerance: float
    parameter: str
    outcome: str
    below: Any
    above: Any
    evaluations: int

    def __float__(self) -> float:
        return float(self.value)


def _same(a, b) -> np.ndarray:
    a, b = np.asarray(a), np.asarray(b)
    eq = a == b
    if a.dtype.kind == "f" or b.dtype.kind == "f":
        eq |= np.isnan(a.astype(float)) & np.isnan(b.astype(float))
    return eq


class _Evaluator:
    """Evaluate one outcome metric along parameter arrays, counting evaluations."""

    def __init__(self, func, cls, fixed, outcome):
        self.func, self.cls, self.fixed, self.outcome = func, cls, dict(fixed), outcome
        self.count = 0

    def __call__(self, **arrays) -> np.ndarray:
        size = max(np.size(v) for v in arrays.values())
        params = {k: np.float64(v) for k, v in self.fixed.items()}
        params.update({k: np.asarray(v, dtype=float).ravel() for k, v in arrays.items()})
        self.count += size
        return evaluate_points(self.cls, params, [self.outcome], _func=self.func)[self.outcome]


def _check_common(func, model, parameters, outcome, fixed):
    cls = _resolve_model(func, model)
    names = cls.parameters
    listed = ", ".join(repr(n) for n in names)
    for p in parameters:
        if p not in names:
            raise InvalidParameterError(f"{func}(): parameter must be one of {listed}; "
                                        f"got {p!r}")
    available = available_metrics(cls)
    if outcome not in available:
        raise InvalidParameterError(
            f"{func}(): outcome must be one of {', '.join(repr(m) for m in available)}; "
            f"got {outcome!r}")
    fixed = {} if fixed is None else dict(fixed)
    for name, value in fixed.items():
        if name not in names:
            raise InvalidParameterError(f"{func}(): fixed parameter must be one of {listed}; "
                                        f"got {name!r}")
        if name in parameters:
            raise InvalidParameterError(f"{func}(): {name} is varied, so it must not be in "
                                        "fixed; got it in fixed")
        check_real_number(func, f"fixed[{name!r}]", value)
    for name in names:
        if name not in fixed and name not in parameters:
            raise InvalidParameterError(f"{func}(): {name} must be given in fixed; got no "
                                        "value for it")
    return cls, {k: float(v) for k, v in fixed.items()}


def _check_bounds(func, name, bounds):
    try:
        lo, hi = bounds
        check_real_number(func, f"{name}[0]", lo)
        check_real_number(func, f"{name}[1]", hi)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InvalidParameterError):
            raise
        raise InvalidParameterError(f"{func}(): {name} must be a pair (low, high); "
                                    f"got {bounds!r}") from None
    if not lo < hi:
        raise InvalidParameterError(f"{func}(): {name} must have low < high; got {bounds!r}")
    return float(lo), float(hi)


def _closed_form_candidates(cls, parameter, fixed) -> list[float]:
    """Critical values of ``parameter`` from the model's closed forms (may be empty):
    the model's ``critical_values`` (see :mod:`secdilemma.models.protocol`)."""
    critical = getattr(cls, "critical_values", None)
    if critical is None:
        return []
    return sorted(float(v) for v in critical(parameter, dict(fixed)) if np.isfinite(v))


def threshold(model, parameter: str, *, outcome: str = "cooperation_is_equilibrium",
              bounds, fixed: Mapping[str, Any] | None = None, tol: float = 1e-9,
              method: str = "auto", scan: int = 65) -> ThresholdResult:
    """The critical value of ``parameter`` at which ``outcome`` changes.

    Parameters
    ----------
    model : type or str
        A model class or registry name.
    parameter : str
        The parameter to vary.
    outcome : str
        A categorical or boolean metric of the model (see
        :func:`~secdilemma.analysis.sweep.available_metrics`).
    bounds : (float, float)
        The interval searched; the outcome must differ at its two ends.
    fixed : dict, optional
        Values of every other parameter.
    tol : float
        Width of the final bracket (bisection). A closed form is verified at
        ``value -/+ max(tol, 1e-6 * (high - low))``. Near a payoff tie the equilibrium
        metrics themselves use a regret tolerance (1e-9 relative to the payoffs), which
        limits what bisection can resolve.
    method : {"auto", "closed_form", "bisection"}
        ``"auto"`` uses the model's closed form when it has one for this parameter
        (verified by evaluating the outcome on both sides) and bisection otherwise.
    scan : int
        Points of the initial scan that locates the first change from ``bounds[0]``.

    Returns
    -------
    ThresholdResult

    Raises
    ------
    InvalidParameterError
        Unknown parameter or outcome, missing fixed values, bad bounds, a non-categorical
        outcome, an outcome equal at both ends, ``method="closed_form"`` without one.

    Notes
    -----
    With several changes inside ``bounds`` the first one from ``bounds[0]`` is
    returned; changes closer together than ``(high - low) / (scan - 1)`` can be missed
    by the scan.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.
    .. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    Mutual cooperation stops being an equilibrium at theta = k/g = 0.5:

    >>> from secdilemma.analysis.threshold import threshold
    >>> fixed = {"status_quo": 10, "arms_cost": 1, "exploitation_gain": 2,
    ...          "exploitation_loss": 4}
    >>> res = threshold("offense_defense", "offense_advantage", bounds=(0, 1), fixed=fixed)
    >>> res.value, res.method, res.below, res.above
    (0.5, 'closed_form', True, False)
    >>> bis = threshold("offense_defense", "offense_advantage", bounds=(0, 1), fixed=fixed,
    ...                 method="bisection", tol=1e-6)
    >>> abs(bis.value - 0.5) <= 1e-6, bis.method
    (True, 'bisection')
    """
    func = "threshold"
    cls, fixed = _check_common(func, model, (parameter,), outcome, fixed)
    lo, hi = _check_bounds(func, "bounds", bounds)
    check_real_number(func, "tol", tol, low=0, low_open=True)
    if method not in ("auto", "closed_form", "bisection"):
        raise InvalidParameterError(f"{func}(): method must be one of 'auto', 'closed_form', "
                                    f"'bisection'; got {method!r}")
    if isinstance(scan, bool) or not isinstance(scan, numbers.Integral) or scan < 2:
        raise InvalidParameterError(f"{func}(): scan must be an integer >= 2; got {scan!r}")
    ev = _Evaluator(func, cls, fixed, outcome)
    ends = ev(**{parameter: np.array([lo, hi])})
    if ends.dtype.kind not in "biu":
        raise InvalidParameterError(
            f"{func}(): outcome must be a categorical or boolean metric; {outcome!r} has "
            f"dtype {ends.dtype}")
    if ends[0] == ends[1]:
        raise InvalidParameterError(
            f"{func}(): {outcome} must differ at the two ends of bounds to bracket a "
            f"threshold; got {ends[0].item()!r} at both {parameter}={lo:g} and {hi:g}")
    if method in ("auto", "closed_form"):
        # verification points: outside the solver's own tolerance band around a tie
        delta = max(tol, 1e-6 * (hi - lo))
        for c in _closed_form_candidates(cls, parameter, fixed):
            if not lo < c < hi:
                continue
            left, right = max(lo, c - delta), min(hi, c + delta)
            vals = ev(**{parameter: np.array([lo, left, right])})
            if vals[1] != vals[2] and vals[0] == vals[1]:  # the first change from lo
                return ThresholdResult(value=float(c), method="closed_form",
                                       bracket=(left, right), tolerance=float(delta),
                                       parameter=parameter, outcome=outcome,
                                       below=vals[1].item(), above=vals[2].item(),
                                       evaluations=ev.count)
        if method == "closed_form":
            raise InvalidParameterError(
                f"{func}(): method='closed_form' needs a closed form of {parameter} for "
                f"{outcome} in {cls.__name__} within bounds; none verified")
    xs = np.linspace(lo, hi, int(scan))
    vals = ev(**{parameter: xs})
    k = int(np.flatnonzero(vals[1:] != vals[0])[0])  # first change: between k and k+1
    a, b = xs[k], xs[k + 1]
    below = vals[0]
    while b - a > tol:
        mid = 0.5 * (a + b)
        if mid <= a or mid >= b:  # floating-point resolution reached
            break
        if ev(**{parameter: np.array([mid])})[0] == below:
            a = mid
        else:
            b = mid
    above = ev(**{parameter: np.array([b])})[0]
    return ThresholdResult(value=float(0.5 * (a + b)), method="bisection",
                           bracket=(float(a), float(b)),
                           tolerance=float(tol), parameter=parameter, outcome=outcome,
                           below=below.item(), above=above.item(), evaluations=ev.count)


def boundaries(ds, var: str, x: str, y: str) -> dict:
    """Boundary curves of a categorical or boolean variable of a 2-D swept Dataset.

    Parameters
    ----------
    ds : xarray.Dataset
        A sweep result; ``ds[var]`` must have exactly the dimensions ``x`` and ``y``
        (select the others first, e.g. ``ds.sel(trust_2=0.5)``).
    var : str
        The variable (bool, integer codes such as ``regime``).
    x, y : str
        The coordinates of the curves' first and second column.

    Returns
    -------
    dict
        ``value -> list of (n, 2) arrays``: for each value taken by ``var`` (``True``
        only, for a boolean), the curves (x, y) that bound the region where ``var``
        equals it, traced by marching squares at the midpoints between grid points.
        No figure is created.

    Raises
    ------
    InvalidParameterError
        Unknown variable or dimension, or other dimensions left.

    References
    ----------
    .. [1] Lorensen, W. E. and Cline, H. E. (1987). Marching cubes: a high resolution
       3D surface construction algorithm. *Computer Graphics* 21(4), 163-169.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis import sweep
    >>> from secdilemma.analysis.threshold import boundaries
    >>> ds = sweep("security_dilemma", {"trust_1": np.linspace(0, 1, 21),
    ...            "trust_2": np.linspace(0, 1, 21)},
    ...            fixed={"exploitation_loss": 0.5, "temptation_secure": 0.5,
    ...                   "temptation_greedy": 2}, metrics=["cooperation_is_equilibrium"])
    >>> curves = boundaries(ds, "cooperation_is_equilibrium", "trust_1", "trust_2")
    >>> [c.shape[1] for c in curves[True]]
    [2]
    >>> float(curves[True][0][:, 0].min())  # the region starts at trust_1 = pi* = 0.5
    0.475
    """
    func = "boundaries"
    if var not in ds:
        raise InvalidParameterError(f"{func}(): var must be a variable of the dataset; got "
                                    f"{var!r}")
    da = ds[var]
    for d in (x, y):
        if d not in da.dims:
            raise InvalidParameterError(f"{func}(): {d!r} must be a dimension of {var} "
                                        f"{tuple(da.dims)}; got {d!r}")
    extra = [d for d in da.dims if d not in (x, y)]
    if extra:
        raise InvalidParameterError(
            f"{func}(): {var} must have only the dimensions {x!r} and {y!r}; got also "
            f"{extra} (select them first, e.g. ds.sel({extra[0]}=...))")
    z = da.transpose(y, x).values
    xs = np.asarray(ds[x].values, dtype=float)
    ys = np.asarray(ds[y].values, dtype=float)
    if z.dtype == bool:
        values = [True]
    else:
        flat = z.ravel()
        values = [v.item() for v in np.unique(flat[~np.isnan(flat)] if flat.dtype.kind == "f"
                                               else flat)]
    return {value: region_curves(xs, ys, z == value) for value in values}


@dataclass(frozen=True, eq=False)
class RefinementResult:
    """Result of :func:`refine_boundary`.

    Attributes
    ----------
    x, y : numpy.ndarray
        Parameter values of every evaluated point.
    values : numpy.ndarray
        The outcome at each point.
    cells : numpy.ndarray, shape (K, 4)
        The finest cells whose corners disagree, as ``(x_low, x_high, y_low, y_high)``:
        the boundary lies inside their union.
    evaluations : int
        Points evaluated (``len(x)``).
    full_grid_points : int
        Points of the uniform grid of the same resolution.
    resolution : tuple of float
        Cell size ``(dx, dy)`` at the finest level.
    parameters : dict
        ``x``, ``y``, ``outcome``, ``levels``, ``initial``.
    """

    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    cells: np.ndarray
    evaluations: int
    full_grid_points: int
    resolution: tuple
    parameters: dict = field(default_factory=dict)


def refine_boundary(model, x: str, y: str, *, outcome: str, bounds: Mapping[str, Any],
                    fixed: Mapping[str, Any] | None = None, levels: int = 6,
                    initial: int = 8) -> RefinementResult:
    """Sample a 2-D parameter rectangle densely only near where ``outcome`` changes.

    A quadtree: the rectangle is cut into ``initial`` x ``initial`` cells, the outcome
    is evaluated at their corners, and every cell whose corners disagree is split into
    four, ``levels`` times; each level is one vectorised batch.

    Parameters
    ----------
    model : type or str
        A model class or registry name.
    x, y : str
        The two parameters.
    outcome : str
        A categorical or boolean metric.
    bounds : dict
        ``{x: (low, high), y: (low, high)}``.
    fixed : dict, optional
        Values of every other parameter.
    levels : int
        Number of refinements: the finest cells are ``2**levels`` times smaller than
        the initial ones.
    initial : int
        Cells per axis at the start.

    Returns
    -------
    RefinementResult

    Raises
    ------
    InvalidParameterError
        Bad names, bounds, ``levels`` or ``initial``.

    Notes
    -----
    A region smaller than an initial cell whose corners all lie outside it can be
    missed (as with any sampling); raise ``initial`` to guard against that.

    References
    ----------
    .. [1] Samet, H. (1984). The quadtree and related hierarchical data structures.
       *ACM Computing Surveys* 16(2), 187-260.

    Examples
    --------
    >>> from secdilemma.analysis.threshold import refine_boundary
    >>> res = refine_boundary("security_dilemma", "trust_1", "trust_2",
    ...     outcome="cooperation_is_equilibrium",
    ...     bounds={"trust_1": (0, 1), "trust_2": (0, 1)},
    ...     fixed={"exploitation_loss": 0.45, "temptation_secure": 0.5,
    ...            "temptation_greedy": 2}, levels=5)
    >>> res.evaluations < res.full_grid_points / 5
    True
    >>> bool(all(lo <= 0.4737 <= hi or ylo <= 0.4737 <= yhi
    ...          for lo, hi, ylo, yhi in res.cells))
    True
    """
    func = "refine_boundary"
    if x == y:
        raise InvalidParameterError(f"{func}(): x and y must differ; got {x!r} twice")
    cls, fixed = _check_common(func, model, (x, y), outcome, fixed)
    if not isinstance(bounds, Mapping) or set(bounds) != {x, y}:
        raise InvalidParameterError(f"{func}(): bounds must be a dict with the keys {x!r} "
                                    f"and {y!r}; got {bounds!r}")
    (x0, x1), (y0, y1) = (_check_bounds(func, f"bounds[{k!r}]", bounds[k]) for k in (x, y))
    for name, value, low in (("levels", levels, 0), ("initial", initial, 1)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise InvalidParameterError(f"{func}(): {name} must be an integer >= {low}; "
                                        f"got {value!r}")
    ev = _Evaluator(func, cls, fixed, outcome)
    n = int(initial) * 2 ** int(levels)  # finest cells per axis
    known: dict = {}

    def evaluate(ij: np.ndarray) -> None:
        new = np.unique(ij, axis=0)
        new = np.array([p for p in map(tuple, new) if p not in known], dtype=np.int64)
        if new.size == 0:
            return
        vals = ev(**{x: x0 + (x1 - x0) * new[:, 0] / n, y: y0 + (y1 - y0) * new[:, 1] / n})
        known.update(zip(map(tuple, new), vals.tolist()))

    step = 2 ** int(levels)
    i, j = np.meshgrid(np.arange(initial) * step, np.arange(initial) * step, indexing="ij")
    cells = np.stack([i.ravel(), j.ravel()], axis=1)  # lower-left corners
    while True:
        corners = np.concatenate([cells + off for off in
                                  ((0, 0), (step, 0), (0, step), (step, step))])
        evaluate(corners)
        c = [np.array([known[tuple(p)] for p in cells + off]) for off in
             ((0, 0), (step, 0), (0, step), (step, step))]
        mixed = ~(_same(c[0], c[1]) & _same(c[0], c[2]) & _same(c[0], c[3]))
        cells = cells[mixed]
        if step == 1 or cells.size == 0:
            break
        step //= 2
        cells = np.concatenate([cells + off for off in
                                ((0, 0), (step, 0), (0, step), (step, step))])
    pts = np.array(list(known), dtype=np.int64).reshape(-1, 2)
    dx, dy = (x1 - x0) / n, (y1 - y0) / n
    boxes = np.column_stack([x0 + cells[:, 0] * dx, x0 + (cells[:, 0] + 1) * dx,
                             y0 + cells[:, 1] * dy, y0 + (cells[:, 1] + 1) * dy]) \
        if cells.size else np.empty((0, 4))
    return RefinementResult(
        x=x0 + pts[:, 0] * dx, y=y0 + pts[:, 1] * dy,
        values=np.array(list(known.values())), cells=boxes, evaluations=len(known),
        full_grid_points=(n + 1) ** 2, resolution=(dx, dy),
        parameters={"x": x, "y": y, "outcome": outcome, "levels": int(levels),
                    "initial": int(initial)})
