"""Cutoff (monotone) equilibria of symmetric binary-action games with continuous types.

Notation and conventions, fixed once for the module:

- Two players, actions **0** and **1**. In the security-dilemma models action 1 is the
  aggressive action ("arm", "hawk", "defect") and action 0 the peaceful one ("do not arm",
  "dove", "cooperate"); the solver itself only knows the labels 0 and 1.
- Each player has a one-dimensional private type θ. In :func:`cutoff_equilibria` the
  types are drawn independently from a continuous :mod:`scipy.stats` distribution ``F``
  (frozen; its support may be unbounded).
- A **cutoff strategy** with cutoff ``c`` plays action 1 iff θ ≥ c
  (``orientation="above"``: high types take action 1, e.g. hostile types arm) or iff
  θ ≤ c (``orientation="below"``: low types take action 1). Under "above" the other
  player takes action 1 with probability p(c) = 1 − F(c); under "below" with p(c) = F(c).
- ``indifference(theta, p_other)`` is the **payoff gain of action 1 over action 0** of a
  type θ when the other player takes action 1 with probability ``p_other``. It must be
  vectorised (numpy broadcasting in both arguments) and monotone in θ: non-decreasing
  under "above", non-increasing under "below" (single crossing), so that every best
  response to a cutoff strategy is itself a cutoff strategy.
- The **best-response cutoff** BR(c) is the cutoff of the best response to an opponent
  using cutoff c: the type indifferent between the actions, clipped to the support when
  every type strictly prefers one action (then BR(c) is an edge of the support, ±inf
  for an unbounded side).
- An interior cutoff equilibrium is a fixed point c* = BR(c*), that is a root of
  g(c) = indifference(c, p(c)). A **corner** equilibrium is one in which every type takes
  the same action: "everyone takes action 1" exists iff g ≥ 0 at the support's edge
  where every type plays 1 (the lower edge under "above"), "no one takes action 1" iff
  g ≤ 0 at the other edge. Corners are reported with the edge as cutoff (±inf for an
  unbounded side).
- **Stability**: a fixed point is stable iff |BR'(c*)| < 1 (the best-response dynamic
  c ← BR(c) converges to it locally). By the implicit function theorem
  BR'(c) = −D_c / D_θ, where D(θ, c) is the gain of type θ against cutoff c. A corner
  where the inequality is strict has BR' = 0 (stable). A tangential root has |BR'| = 1
  and is reported unstable.
- **Iterated dominance** (Milgrom & Roberts 1990; Baliga & Sjöström 2004's "contagion"):
  iterate BR from the *top* of the strategy lattice (everyone takes action 1: the cutoff
  at the support's edge where every type plays 1) and from the *bottom* (no one takes
  action 1). When BR is monotone (the gain is monotone in the other's probability of
  action 1, i.e. strategic complements or substitutes) the k-th pair of iterates brackets
  every strategy that survives k rounds of elimination of strictly dominated strategies,
  so the limits bound every equilibrium cutoff; the game is dominance solvable, and the
  equilibrium unique, iff they meet.

The same machinery applies to games whose types are correlated (global games): see
:func:`cutoff_fixed_points`, which takes the gain D(θ, c) of type θ against an opponent
with cutoff c directly.

References
----------
.. [1] Milgrom, P. and Roberts, J. (1990). Rationalizability, learning, and equilibrium in
   games with strategic complementarities. *Econometrica* 58(6), 1255-1277.
.. [2] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
   Economic Studies* 71(2), 351-369.
.. [3] Morris, S. and Shin, H. S. (2003). Global games: theory and applications. In
   *Advances in Economics and Econometrics* (8th World Congress), vol. 1, 56-114.
   Cambridge University Press.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

import numpy as np

from .._validation import check_choice, check_real_number, readonly
from ..display import describe_cutoffs
from ..errors import InvalidParameterError

__all__ = ["CutoffResult", "cutoff_equilibria", "cutoff_fixed_points", "find_all_roots",
           "ORIENTATIONS", "check_continuous_distribution"]

#: Allowed values of ``orientation``.
ORIENTATIONS = ("above", "below")

#: Kinds of cutoff equilibria.
KINDS = ("interior", "all_action1", "no_action1")


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, eq=False)
class CutoffResult:
    """All cutoff equilibria of a symmetric binary-action game with continuous types.

    Attributes
    ----------
    cutoffs : numpy.ndarray
        Equilibrium cutoffs, sorted increasingly (read-only). Corner equilibria appear
        with the support's edge as cutoff (±inf for an unbounded side).
    kinds : tuple of str
        Per cutoff: ``"interior"`` (some types take each action), ``"all_action1"``
        (every type takes action 1) or ``"no_action1"``.
    stable : numpy.ndarray of bool
        Per cutoff: ``|BR'(c*)| < 1`` (see the module notes).
    slopes : numpy.ndarray
        Per cutoff: BR'(c*), the slope of the best-response cutoff map.
    probability_action1 : numpy.ndarray
        Per cutoff: the ex-ante probability that a player takes action 1 (NaN where it
        is undefined, e.g. under an improper prior).
    lower_bound, upper_bound : float
        Limits of the iterated-dominance sequences: every equilibrium cutoff lies in
        [lower_bound, upper_bound].
    iterates_from_top : numpy.ndarray
        BR iterates starting from the profile in which everyone takes action 1.
    iterates_from_bottom : numpy.ndarray
        BR iterates starting from the profile in which no one takes action 1.
    unique : bool
        The iterated-dominance verdict: True iff the two limits meet (within the
        tolerance). For monotone best responses this means the equilibrium is unique and
        the game dominance solvable. With strategic substitutes the bounds may stay apart
        around a single equilibrium (a two-cycle): compare :attr:`num_equilibria`.
    converged : tuple of bool
        Whether the iterations from the top and from the bottom converged within
        ``max_iter`` steps (a slow, monotone sequence that did not is snapped to the
        nearest equilibrium cutoff in its direction of travel; see ``notes``).
    orientation : str
        ``"above"`` (action 1 iff θ ≥ c) or ``"below"`` (action 1 iff θ ≤ c).
    support : tuple of float
        The type support (a, b).
    method : str
    parameters : mapping
        The options actually used (grid size, tolerances, bounds, distribution).
    tol : float
        Absolute tolerance on cutoffs.
    complete : bool
        False when the scan did not cover the whole support (``bounds``), an iteration
        failed, or the results are inconsistent (see ``notes``).
    notes : tuple of str
        Diagnostics in words.

    References
    ----------
    .. [1] Milgrom, P. and Roberts, J. (1990). Rationalizability, learning, and
       equilibrium in games with strategic complementarities. *Econometrica* 58(6),
       1255-1277.

    Examples
    --------
    >>> from scipy import stats
    >>> from secdilemma.solvers.cutoff import cutoff_equilibria
    >>> res = cutoff_equilibria(lambda h, p: h + 2.0 * p, stats.uniform(-3, 4))
    >>> res.cutoffs.round(9).tolist(), res.unique, res.num_equilibria
    ([-1.0], True, 1)
    """

    cutoffs: np.ndarray
    kinds: tuple[str, ...]
    stable: np.ndarray
    slopes: np.ndarray
    probability_action1: np.ndarray
    lower_bound: float
    upper_bound: float
    iterates_from_top: np.ndarray
    iterates_from_bottom: np.ndarray
    unique: bool
    converged: tuple[bool, bool]
    orientation: str
    support: tuple[float, float]
    method: str = "grid_scan_brentq"
    parameters: Mapping[str, Any] = field(default_factory=dict)
    tol: float = 1e-10
    complete: bool = True
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name, dtype in (("cutoffs", float), ("stable", bool), ("slopes", float),
                            ("probability_action1", float), ("iterates_from_top", float),
                            ("iterates_from_bottom", float)):
            object.__setattr__(self, name, readonly(np.array(getattr(self, name),
                                                             dtype=dtype)))
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    @property
    def num_equilibria(self) -> int:
        """The number of cutoff equilibria (corners included)."""
        return int(self.cutoffs.size)

    @property
    def corner_all_action1(self) -> bool:
        """Whether "everyone takes action 1" is an equilibrium."""
        return "all_action1" in self.kinds

    @property
    def corner_no_action1(self) -> bool:
        """Whether "no one takes action 1" is an equilibrium."""
        return "no_action1" in self.kinds

    def describe(self) -> str:
        """One line per equilibrium, in words.

        Examples
        --------
        >>> from scipy import stats
        >>> from secdilemma.solvers.cutoff import cutoff_equilibria
        >>> print(cutoff_equilibria(lambda h, p: h + 2.0 * p, stats.uniform(-3, 4)).describe())
        cutoff -1 (interior, stable): Pr(action 1) = 0.5
        """
        return describe_cutoffs(self)

    def __repr__(self) -> str:
        cut = ", ".join(f"{c:.6g}" for c in self.cutoffs)
        return (f"CutoffResult(cutoffs=[{cut}], unique={self.unique}, "
                f"bounds=({self.lower_bound:.6g}, {self.upper_bound:.6g}))")


# ---------------------------------------------------------------------- validation
def check_continuous_distribution(func: str, name: str, distribution: Any) -> None:
    """Check that ``distribution`` is a frozen continuous :mod:`scipy.stats` distribution.

    Raises
    ------
    InvalidParameterError
        For anything else (a discrete distribution, an unfrozen one, a number).

    References
    ----------
    .. [1] Virtanen, P. et al. (2020). SciPy 1.0: fundamental algorithms for scientific
       computing in Python. *Nature Methods* 17, 261-272.

    Examples
    --------
    >>> from scipy import stats
    >>> check_continuous_distribution("f", "dist", stats.norm(0, 1))
    >>> check_continuous_distribution("f", "dist", stats.poisson(3))
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidParameterError: f(): dist must be a frozen continuous scipy.stats distribution; got a discrete distribution (poisson)
    """
    from scipy import stats

    inner = getattr(distribution, "dist", None)
    if isinstance(inner, stats.rv_discrete):
        raise InvalidParameterError(
            f"{func}(): {name} must be a frozen continuous scipy.stats distribution; got a "
            f"discrete distribution ({inner.name})")
    if not isinstance(inner, stats.rv_continuous) or not hasattr(distribution, "cdf"):
        raise InvalidParameterError(
            f"{func}(): {name} must be a frozen continuous scipy.stats distribution; got "
            f"{distribution!r}")


def _check_options(func: str, grid, tol, max_iter, orientation) -> None:
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 50:
        raise InvalidParameterError(f"{func}(): grid must be an integer >= 50; got {grid!r}")
    check_real_number(func, "tol", tol, low=0, low_open=True)
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) \
            or max_iter < 1:
        raise InvalidParameterError(f"{func}(): max_iter must be an integer >= 1; "
                                    f"got {max_iter!r}")
    check_choice(func, "orientation", orientation, ORIENTATIONS)


# ---------------------------------------------------------------------- roots
def _tails(grid: np.ndarray, lo: float, hi: float, scale: float, n_tail: int = 64):
    parts = [grid]
    steps = scale * (2.0 ** np.arange(n_tail))
    if lo == -np.inf:
        parts.append(grid[0] - steps)
    if hi == np.inf:
        parts.append(grid[-1] + steps)
    out = np.unique(np.concatenate(parts))
    return out[np.isfinite(out)]


def find_all_roots(function: Callable, grid, *, tol: float = 1e-10,
                   tangency_tol: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Every root of a continuous function of one variable on an interval, found by a
    sign-change scan on ``grid``, Brent's method on each bracket, and a search for
    tangential roots (local minima of :math:`|f|` that touch zero without a sign change).

    Parameters
    ----------
    function : callable
        Vectorised ``f(x)``; called on the whole grid, then on scalars.
    grid : array_like
        Increasing points covering the interval (its ends are the interval's ends). Roots
        closer together than the grid spacing and of even multiplicity in pairs can be
        missed: refine the grid near where they may lie.
    tol : float
        Absolute tolerance on the roots (Brent's ``xtol``; roots closer than ``tol`` are
        merged).
    tangency_tol : float, optional
        A local minimum of :math:`|f|` counts as a root when :math:`|f|` there is at most
        this value (default ``1e-9 * max(1, median |f| on the grid)``).

    Returns
    -------
    roots : numpy.ndarray
        Sorted roots.
    tangential : numpy.ndarray of bool
        Whether each root is a touching (even-multiplicity) root.

    References
    ----------
    .. [1] Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, ch. 4.
       Prentice-Hall.

    Examples
    --------
    >>> import numpy as np
    >>> roots, touching = find_all_roots(lambda x: (x - 0.2) * (x - 0.5) ** 2,
    ...                                  np.linspace(0, 1, 101))
    >>> roots.round(6).tolist(), touching.tolist()
    ([0.2, 0.5], [False, True])
    """
    from scipy import optimize

    x = np.asarray(grid, dtype=float)
    with np.errstate(all="ignore"):
        y = np.asarray(function(x), dtype=float)
    y = np.broadcast_to(y, x.shape)
    keep = np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size == 0:
        return np.empty(0), np.empty(0, dtype=bool)
    if tangency_tol is None:
        # relative to the function's own scale (no absolute floor: a floor of 1 made
        # every value of a function scaled by 1e-9 look like a tangency)
        typical = float(np.median(np.abs(y)))
        tangency_tol = 1e-9 * (typical if typical > 0 else float(np.max(np.abs(y))))

    def f(t):
        with np.errstate(all="ignore"):
            return float(np.asarray(function(np.float64(t)), dtype=float).reshape(-1)[0])

    found: list[tuple[float, bool]] = []
    s = np.sign(y)
    for i in np.flatnonzero(s == 0):
        left = s[i - 1] if i > 0 else 0
        right = s[i + 1] if i < s.size - 1 else 0
        found.append((float(x[i]), bool(left != 0 and left == right)))
    for i in np.flatnonzero(s[:-1] * s[1:] < 0):
        try:
            r = optimize.brentq(f, x[i], x[i + 1], xtol=tol, maxiter=500)
        except (ValueError, RuntimeError):  # pragma: no cover - brackets are checked
            continue
        found.append((float(r), False))
    # Tangencies: local minima of |f| (interior or at an end) without a sign change.
    a = np.abs(y)
    n = x.size
    for i in range(n):
        if s[i] == 0:
            continue
        left = a[i - 1] if i > 0 else np.inf
        right = a[i + 1] if i < n - 1 else np.inf
        if not (a[i] <= left and a[i] <= right and (a[i] < left or a[i] < right)):
            continue
        lo_i, hi_i = max(i - 1, 0), min(i + 1, n - 1)
        if (lo_i < i and s[lo_i] != s[i]) or (hi_i > i and s[hi_i] != s[i]):
            continue
        sign = s[i]
        if a[i] > tangency_tol and not _dips(x, a, lo_i, i, hi_i):
            continue
        best_x, best_v = float(x[i]), float(a[i])
        res = optimize.minimize_scalar(lambda t: sign * f(t), bounds=(x[lo_i], x[hi_i]),
                                       method="bounded", options={"xatol": max(tol, 1e-14)})
        if float(res.fun) < best_v:
            best_x, best_v = float(res.x), float(res.fun)
        if best_v <= tangency_tol:
            found.append((best_x, True))
    if not found:
        return np.empty(0), np.empty(0, dtype=bool)
    found.sort()
    roots, touching = [found[0][0]], [found[0][1]]
    for r, t in found[1:]:
        if abs(r - roots[-1]) <= max(tol, 1e-12 * abs(r)) * 10:
            touching[-1] = touching[-1] and t
            continue
        roots.append(r)
        touching.append(t)
    return np.array(roots), np.array(touching, dtype=bool)


def _dips(x, a, lo_i, i, hi_i) -> bool:
    """Whether |f| near grid point i may dip to zero: the parabola through the three
    points (or the one-sided neighbour) predicts a minimum well below |f(x_i)|."""
    neighbours = [a[j] for j in (lo_i, hi_i) if j != i]
    if a[i] <= 0.01 * max(neighbours):
        return True
    if lo_i == i or hi_i == i:
        return False
    x0, x1, x2 = x[lo_i], x[i], x[hi_i]
    y0, y1, y2 = a[lo_i], a[i], a[hi_i]
    d01, d12 = (y1 - y0) / (x1 - x0), (y2 - y1) / (x2 - x1)
    curv = (d12 - d01) / (x2 - x0)
    if curv <= 0:
        return False
    slope_mid = d01 + curv * (x1 - x0)  # derivative of the parabola at x1
    predicted = y1 - slope_mid ** 2 / (4 * curv)
    return bool(predicted <= 0.5 * y1)


# ---------------------------------------------------------------------- general solver
def cutoff_fixed_points(gain: Callable, *, support=(-np.inf, np.inf), grid,
                        orientation: str = "above", diagonal: Callable | None = None,
                        probability_action1: Callable | None = None,
                        bounds=None, tol: float = 1e-10, max_iter: int = 500,
                        scale: float | None = None,
                        parameters: Mapping[str, Any] | None = None) -> CutoffResult:
    """All cutoff equilibria from the gain D(θ, c) of type θ against an opponent who uses
    cutoff c (types may be correlated, as in global games).

    Parameters
    ----------
    gain : callable
        ``gain(theta, c)``: the payoff gain of action 1 over action 0 of type θ when the
        other player uses the cutoff strategy with cutoff ``c`` (``c`` may be ±inf: the
        constant strategies). Vectorised in ``theta``; monotone in θ (non-decreasing under
        ``orientation="above"``, non-increasing under "below").
    support : tuple of float
        The type support (a, b); either end may be infinite.
    grid : array_like
        Scan points inside the support (the ends of a bounded support are added, and
        geometric tails on an unbounded side).
    orientation : {"above", "below"}
        Action 1 iff θ ≥ c ("above") or θ ≤ c ("below").
    diagonal : callable, optional
        A vectorised g(c) = gain(c, c), if one is available (faster scans); by default
        ``gain`` is called point by point.
    probability_action1 : callable, optional
        ``probability_action1(c)``: the ex-ante probability of action 1 under cutoff c
        (NaN when not given).
    bounds : tuple of float, optional
        Restrict the scan for interior cutoffs to [lo, hi] ∩ support (the result is then
        marked ``complete=False`` unless the bounds contain the support).
    tol : float
        Absolute tolerance on cutoffs.
    max_iter : int
        Cap on each iterated-dominance sequence. A sequence stops once it is within
        ``max(1e-6 * scale, 100 * tol)`` of an equilibrium cutoff (reported as converged);
        a monotone sequence that hits the cap is snapped to the next equilibrium cutoff
        in its direction of travel (its limit when the best response is monotone).
    scale : float, optional
        A typical length on the type axis (tail spacing, finite-difference steps).
    parameters : mapping, optional
        Extra entries recorded in the result's ``parameters``.

    Returns
    -------
    CutoffResult

    References
    ----------
    .. [1] Morris, S. and Shin, H. S. (2003). Global games: theory and applications. In
       *Advances in Economics and Econometrics*, vol. 1, 56-114.
    .. [2] Milgrom, P. and Roberts, J. (1990). Rationalizability, learning, and
       equilibrium in games with strategic complementarities. *Econometrica* 58(6),
       1255-1277.

    Examples
    --------
    Types θ ~ U[0, 1]; the gain of action 1 is θ − 0.75 + 0.5·(1 − c) (the other takes
    action 1 with probability 1 − c under "above"), so g(c) = 0.5c − 0.25 and
    BR(c) = 0.25 + 0.5c: a unique, stable cutoff 0.5.

    >>> import numpy as np
    >>> res = cutoff_fixed_points(lambda t, c: t - 0.75 + 0.5 * (1 - np.clip(c, 0, 1)),
    ...                           support=(0.0, 1.0), grid=np.linspace(0, 1, 101))
    >>> float(res.cutoffs[0]), res.unique, bool(res.stable[0])
    (0.5, True, True)
    """
    from scipy import optimize

    func = "cutoff_fixed_points"
    if not callable(gain):
        raise InvalidParameterError(f"{func}(): gain must be callable; got {gain!r}")
    check_choice(func, "orientation", orientation, ORIENTATIONS)
    check_real_number(func, "tol", tol, low=0, low_open=True)
    lo_s, hi_s = float(support[0]), float(support[1])
    if not lo_s < hi_s:
        raise InvalidParameterError(f"{func}(): support must be an interval (a, b) with "
                                    f"a < b; got {support!r}")
    pts = np.asarray(grid, dtype=float).ravel()
    pts = pts[np.isfinite(pts) & (pts >= lo_s) & (pts <= hi_s)]
    edges = [e for e in (lo_s, hi_s) if np.isfinite(e)]
    pts = np.unique(np.concatenate([pts, edges]))
    if pts.size < 2:
        raise InvalidParameterError(f"{func}(): grid must have at least two points inside "
                                    f"the support; got {grid!r}")
    if scale is None:
        scale = float(np.subtract(*np.percentile(pts, [75, 25]))) or 1.0
    full = _tails(pts, lo_s, hi_s, scale)
    notes: list[str] = []
    complete = True

    def D(theta, c):
        with np.errstate(all="ignore"):
            out = np.asarray(gain(theta, c), dtype=float)
        return np.broadcast_to(out, np.shape(theta)) if np.ndim(theta) else float(out)

    try:
        test = D(full, full[0])
    except Exception as exc:
        raise InvalidParameterError(f"{func}(): gain must accept an array of types and a "
                                    f"cutoff; calling it failed with {exc!r}") from exc
    if np.shape(test) != full.shape:
        raise InvalidParameterError(f"{func}(): gain must be vectorised in theta; got "
                                    f"shape {np.shape(test)} for {full.size} types")

    def g(c):
        if diagonal is not None:
            with np.errstate(all="ignore"):
                out = np.asarray(diagonal(c), dtype=float)
            return np.broadcast_to(out, np.shape(c)) if np.ndim(c) else float(out)
        if np.ndim(c) == 0:
            return D(float(c), float(c))
        return np.array([D(float(v), float(v)) for v in np.ravel(c)], dtype=float)

    # Interior roots on [lo, hi] ∩ support.
    scan = full
    if bounds is not None:
        b_lo, b_hi = float(bounds[0]), float(bounds[1])
        if not b_lo < b_hi:
            raise InvalidParameterError(f"{func}(): bounds must be (lo, hi) with lo < hi; "
                                        f"got {bounds!r}")
        if b_lo > lo_s or b_hi < hi_s:
            complete = False
            notes.append(f"scan restricted to bounds {bounds!r}; cutoffs outside them "
                         f"were not searched")
        scan = np.unique(np.concatenate([
            full[(full >= b_lo) & (full <= b_hi)],
            [v for v in (max(b_lo, lo_s), min(b_hi, hi_s)) if np.isfinite(v)]]))
    g_scan = np.asarray(g(scan), dtype=float)
    roots, touching = find_all_roots(g, scan, tol=tol)

    # Corners. c_all: the cutoff at which everyone takes action 1; c_none: no one does.
    c_all, c_none = (lo_s, hi_s) if orientation == "above" else (hi_s, lo_s)
    g_all = _edge_value(D, c_all, full)
    g_none = _edge_value(D, c_none, full)
    corner_tol = 10 * max(tol, 1e-12 * scale)
    cut: list[float] = []
    kinds: list[str] = []
    tangent: list[bool] = []
    for r, t in zip(roots, touching):
        if np.isfinite(c_all) and abs(r - c_all) <= corner_tol:
            continue
        if np.isfinite(c_none) and abs(r - c_none) <= corner_tol:
            continue
        cut.append(float(r))
        kinds.append("interior")
        tangent.append(bool(t))
    # relative to the gains' own scale (no absolute floor, which swallowed every gain of
    # a game scaled by 1e-9)
    edge_tol = 1e-9 * (float(np.nanmax(np.abs(g_scan))) if g_scan.size else 0.0)
    if g_all >= -edge_tol:
        cut.append(c_all)
        kinds.append("all_action1")
        tangent.append(False)
    if g_none <= edge_tol:
        cut.append(c_none)
        kinds.append("no_action1")
        tangent.append(False)
    order = np.argsort(cut, kind="stable")
    cut_arr = np.array(cut, dtype=float)[order]
    kinds_t = tuple(kinds[i] for i in order)
    tangent = [tangent[i] for i in order]
    edge_values = {c_all: g_all, c_none: g_none}

    # Stability: BR'(c) = -D_c / D_theta (finite differences).
    slopes, stable = [], []
    for c, kind, t in zip(cut_arr, kinds_t, tangent):
        if kind != "interior" and abs(edge_values.get(c, 0.0)) > edge_tol:
            slopes.append(0.0)
            stable.append(True)
            continue
        if not np.isfinite(c):
            slopes.append(0.0)
            stable.append(True)
            continue
        h = 1e-5 * max(scale, abs(c) * 1e-3, 1e-8)
        d_theta = (D(c + h, c) - D(c - h, c)) / (2 * h)
        d_c = (D(c, c + h) - D(c, c - h)) / (2 * h)
        slope = -d_c / d_theta if d_theta != 0 else (np.inf if d_c != 0 else np.nan)
        if t:
            slope = float(np.sign(slope) or 1.0) * max(abs(slope), 1.0)
        slopes.append(float(slope))
        stable.append(bool(abs(slope) < 1 - 1e-6) and not t)

    # Iterated dominance.
    def br(c: float) -> float:
        vals = D(full, c)
        ok = np.isfinite(vals)
        x, v = full[ok], vals[ok]
        if orientation == "above":
            neg = np.flatnonzero(v < 0)
            if neg.size == 0:
                return lo_s
            i = neg[-1]
            if i == x.size - 1:
                return hi_s
        else:
            neg = np.flatnonzero(v < 0)
            if neg.size == 0:
                return hi_s
            i = neg[0] - 1
            if i < 0:
                return lo_s
        if v[i] == 0 or v[i + 1] == 0:
            return float(x[i] if v[i] == 0 else x[i + 1])
        return float(optimize.brentq(lambda t: D(t, c), x[i], x[i + 1], xtol=tol,
                                     maxiter=500))

    snap_tol = max(1e-6 * scale, 100 * tol)
    finite_cuts = cut_arr[np.isfinite(cut_arr)]

    def iterate(start: float) -> tuple[np.ndarray, bool]:
        seq = [start]
        for _ in range(max_iter):
            nxt = br(seq[-1])
            seq.append(nxt)
            prev = seq[-2]
            if nxt == prev or (np.isfinite(nxt) and np.isfinite(prev)
                               and abs(nxt - prev) <= tol):
                return np.array(seq), True
            # Within snap_tol of an equilibrium cutoff: the limit (stop early; slow
            # linear convergence near |BR'| = 1 is common in global games).
            if np.isfinite(nxt) and finite_cuts.size \
                    and np.min(np.abs(finite_cuts - nxt)) <= snap_tol:
                return np.array(seq), True
        return np.array(seq), False

    top, top_ok = iterate(c_all)
    bottom, bottom_ok = iterate(c_none)

    def limit(seq: np.ndarray, ok: bool, name: str) -> float:
        last = float(seq[-1])
        if cut_arr.size:
            near = cut_arr[np.argmin(np.abs(cut_arr - last))] if np.isfinite(last) else None
            if np.isfinite(last) and abs(near - last) <= snap_tol:
                return float(near)
            if not np.isfinite(last) and last in cut_arr:
                return last
        if not ok:
            diffs = np.diff(seq[1:][np.isfinite(seq[1:])])
            if diffs.size and (np.all(diffs >= 0) or np.all(diffs <= 0)) and cut_arr.size:
                ahead = cut_arr[cut_arr >= last] if diffs[-1] >= 0 else cut_arr[cut_arr <= last]
                if ahead.size:
                    target = float(ahead[0] if diffs[-1] >= 0 else ahead[-1])
                    notes.append(f"iteration from the {name} did not converge in "
                                 f"{max_iter} steps; snapped to the next equilibrium "
                                 f"cutoff {target:.9g}")
                    return target
            notes.append(f"iteration from the {name} did not converge in {max_iter} steps")
            failed.append(name)
        return last

    failed: list[str] = []
    lim_top = limit(top, top_ok, "top")
    lim_bottom = limit(bottom, bottom_ok, "bottom")
    complete = complete and not failed
    lower, upper = min(lim_top, lim_bottom), max(lim_top, lim_bottom)
    unique = bool(lower == upper or (np.isfinite(lower) and np.isfinite(upper)
                                     and upper - lower <= snap_tol))
    if unique and cut_arr.size > 1:
        complete = False
        notes.append("the iterated-dominance bounds meet but several fixed points were "
                     "found: the best-response map is probably not monotone")
    if cut_arr.size and (cut_arr[0] < lower - snap_tol or cut_arr[-1] > upper + snap_tol):
        notes.append("some equilibrium cutoffs lie outside the iterated-dominance bounds: "
                     "the gain is probably not monotone in the other's action")
    if probability_action1 is None:
        probs = np.full(cut_arr.shape, np.nan)
    else:
        probs = np.array([1.0 if k == "all_action1" else 0.0 if k == "no_action1"
                          else float(probability_action1(c))
                          for c, k in zip(cut_arr, kinds_t)], dtype=float)
    params = {"grid": int(scan.size), "tol": tol, "max_iter": max_iter,
              "orientation": orientation, "bounds": bounds, "support": (lo_s, hi_s)}
    params.update(parameters or {})
    return CutoffResult(
        cutoffs=cut_arr, kinds=kinds_t, stable=np.array(stable, dtype=bool),
        slopes=np.array(slopes, dtype=float), probability_action1=probs,
        lower_bound=lower, upper_bound=upper, iterates_from_top=top,
        iterates_from_bottom=bottom, unique=unique, converged=(top_ok, bottom_ok),
        orientation=orientation, support=(lo_s, hi_s), parameters=params, tol=tol,
        complete=complete, notes=tuple(notes))


def _edge_value(D, c: float, full: np.ndarray) -> float:
    """g at a support edge; for an infinite edge, its value at the farthest tail point
    (the limit, assuming no root lies beyond)."""
    if np.isfinite(c):
        return float(D(c, c))
    far = full[0] if c < 0 else full[-1]
    with np.errstate(all="ignore"):
        v = float(D(c, c))
    if np.isfinite(v):
        return v
    return float(D(far, c))


# ---------------------------------------------------------------------- independent types
def _distribution_grid(distribution, n: int) -> tuple[np.ndarray, float]:
    from scipy import special

    levels = np.unique(np.concatenate([np.linspace(0.0, 1.0, n)[1:-1],
                                       special.expit(np.linspace(-28.0, 28.0, n // 2))]))
    xq = np.asarray(distribution.ppf(levels), dtype=float)
    xq = xq[np.isfinite(xq)]
    q1, q3 = (float(v) for v in distribution.ppf([0.25, 0.75]))
    scale = q3 - q1
    if not np.isfinite(scale) or scale <= 0:
        sd = float(distribution.std())
        scale = sd if np.isfinite(sd) and sd > 0 else 1.0
    lin = np.linspace(xq.min(), xq.max(), n) if xq.size else np.empty(0)
    return np.unique(np.concatenate([xq, lin])), scale


def cutoff_equilibria(indifference: Callable, distribution, *, bounds=None,
                      grid: int = 2001, tol: float = 1e-10, orientation: str = "above",
                      max_iter: int = 500) -> CutoffResult:
    """All cutoff equilibria of a symmetric binary-action game with independent
    continuous types, their stability, and the iterated-dominance bounds.

    A type θ takes action 1 iff θ ≥ c (``orientation="above"``) or θ ≤ c ("below"). The
    interior equilibrium cutoffs are the roots of
    g(c) = indifference(c, p(c)), p(c) = 1 − F(c) ("above") or F(c) ("below"),
    found by a sign-change scan on a grid adapted to the quantiles of F (plus geometric
    tails on an unbounded side), Brent's method on each bracket, and a search for
    tangential roots and roots at the support's edges. Corner equilibria (everyone or
    no one takes action 1) are reported with the edge as cutoff.

    Parameters
    ----------
    indifference : callable
        ``indifference(theta, p_other)``: the payoff gain of action 1 over action 0 of
        type θ when the other takes action 1 with probability ``p_other``; vectorised;
        monotone in θ (see the module notes).
    distribution : scipy.stats frozen continuous distribution
        The common prior F of the types (drawn independently).
    bounds : tuple of float, optional
        Restrict the scan for interior cutoffs to [lo, hi] ∩ support.
    grid : int
        Number of scan points in the bulk of F (the grid has about 2.5× as many).
    tol : float
        Absolute tolerance on the cutoffs.
    orientation : {"above", "below"}
        Which types take action 1.
    max_iter : int
        Cap on each iterated-dominance sequence. A sequence stops once it is within
        ``max(1e-6 * scale, 100 * tol)`` of an equilibrium cutoff (reported as converged);
        a monotone sequence that hits the cap is snapped to the next equilibrium cutoff
        in its direction of travel (its limit when the best response is monotone).

    Returns
    -------
    CutoffResult

    Raises
    ------
    InvalidParameterError
        A distribution that is not a frozen continuous scipy.stats distribution, a
        non-callable or non-vectorised ``indifference``, bad options.

    Notes
    -----
    All roots are found when they are at least one grid spacing apart (a pair of
    roots closer than that, with no sign change between grid points, is found only as a
    near-tangency). On an unbounded side the corner is judged from the gain's value far
    in the tail.

    References
    ----------
    .. [1] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
       Economic Studies* 71(2), 351-369.
    .. [2] Milgrom, P. and Roberts, J. (1990). Rationalizability, learning, and
       equilibrium in games with strategic complementarities. *Econometrica* 58(6),
       1255-1277.

    Examples
    --------
    Baliga and Sjöström's arms race with c = 1, d = 3 (gain of arming h + 2p) and
    h ~ U[−3, 1]: a unique cutoff −1, reached by contagion from both ends.

    >>> from scipy import stats
    >>> res = cutoff_equilibria(lambda h, p: h + 2.0 * p, stats.uniform(-3, 4))
    >>> res.cutoffs.round(9).tolist(), res.probability_action1.round(9).tolist()
    ([-1.0], [0.5])
    >>> res.iterates_from_top[:4].tolist()
    [-3.0, -2.0, -1.5, -1.25]
    >>> round(res.lower_bound, 9), round(res.upper_bound, 9), res.unique
    (-1.0, -1.0, True)
    """
    func = "cutoff_equilibria"
    if not callable(indifference):
        raise InvalidParameterError(f"{func}(): indifference must be callable; "
                                    f"got {indifference!r}")
    check_continuous_distribution(func, "distribution", distribution)
    _check_options(func, grid, tol, max_iter, orientation)
    lo_s, hi_s = (float(v) for v in distribution.support())
    pts, scale = _distribution_grid(distribution, int(grid))
    above = orientation == "above"
    cdf = distribution.cdf

    def p_of(c):
        Fc = cdf(c)
        return 1.0 - Fc if above else Fc

    try:
        probe = np.asarray(indifference(pts, p_of(pts)), dtype=float)
    except Exception as exc:
        raise InvalidParameterError(f"{func}(): indifference must accept arrays "
                                    f"(theta, p_other); calling it failed with {exc!r}") \
            from exc
    if probe.shape != pts.shape:
        raise InvalidParameterError(f"{func}(): indifference must be vectorised; got shape "
                                    f"{probe.shape} for {pts.size} types")

    cache: dict[float, float] = {}

    def gain(theta, c):
        c = float(c)
        if c not in cache:
            if len(cache) > 4096:
                cache.clear()
            cache[c] = float(p_of(c))
        return indifference(theta, cache[c])

    def diagonal(c):
        return indifference(c, p_of(c))

    name = getattr(distribution.dist, "name", "?")
    params = {"distribution": f"{name}(args={distribution.args}, kwds={distribution.kwds})",
              "grid_size": int(grid)}
    res = cutoff_fixed_points(gain, support=(lo_s, hi_s), grid=pts, orientation=orientation,
                              diagonal=diagonal,
                              probability_action1=lambda c: float(p_of(c)), bounds=bounds,
                              tol=tol, max_iter=max_iter, scale=scale, parameters=params)
    return res
