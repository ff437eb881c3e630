"""The set of pure-strategy subgame-perfect equilibrium payoffs of a repeated
two-player game (perfect monitoring, public randomisation, common discount factor).

Normalised payoffs ``(1 - δ) Σ_t δ^t u(a_t)`` are used throughout, so the payoff set lies
in the convex hull of the stage payoffs. The set ``V`` is the largest fixed point of the
Abreu–Pearce–Stacchetti operator

.. math::

    B(W) = \\operatorname{co} \\bigcup_a \\{(1-δ) g(a) + δ w :
           w \\in W,\\; w_i \\ge \\underline w_i + \\tfrac{1-δ}{δ}(g_i^*(a_{-i}) - g_i(a))\\},

where ``g_i^*(a_{-i})`` is player ``i``'s best stage payoff against ``a_{-i}`` and
``\\underline w_i = \\min_{w \\in W} w_i`` is the harshest punishment available in
``W``. Starting from the feasible, individually rational set ``W_0`` (which contains
``V``), the iterates decrease to ``V`` (APS 1990). Abreu and Sannikov (2014) showed that
only a handful of continuation values per action profile matter: the stage payoff
``g(a)`` itself when it is enforceable with itself as continuation, otherwise the
extreme points of ``W ∩ {incentive constraints}`` that lie on an incentive line (at most
four). Both operators are implemented (``method="abreu-sannikov"`` is the default); they
have the same limit.

The convex-set geometry is our own (:mod:`secdilemma.solvers._polygon`), so points and
segments are answers, not Qhull errors. With ``exact=True`` the fixed point found in
floating point is rounded to nearby rationals and certified exactly: the rational
polygon ``W`` is accepted only when ``B(W) = W`` holds in exact arithmetic.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from .._validation import (check_choice, check_real_number, exact_number, payoff_frame,
                           readonly, to_fraction)
from ..errors import (IncompleteResultWarning, InvalidParameterError, NoPureEquilibriumError,
                      SolverError, UnsupportedGameError)
from ..games.normal_form import NormalFormGame
from . import _polygon as poly

__all__ = ["equilibrium_payoff_set", "PayoffSetResult", "NoPureEquilibriumError",
           "METHODS"]

METHODS = ("abreu-sannikov", "aps")

_FUNC = "equilibrium_payoff_set"



@dataclass(frozen=True, eq=False)
class PayoffSetResult:
    """The pure-strategy SPE payoff set of a repeated two-player game.

    Attributes
    ----------
    vertices : numpy.ndarray
        Float array of shape ``(k, 2)`` (read-only): the extreme points, counter-clockwise,
        starting from the lexicographically smallest vertex (smallest payoff of player 0,
        ties broken by the smallest payoff of player 1). A point has one row, a segment
        two (lexicographically smaller end first).
    exact_vertices : tuple of tuple of Fraction or None
        The same vertices as exact rationals when ``exact=True`` and the exact fixed
        point was certified; None otherwise.
    dimension : int
        0 (a point), 1 (a segment) or 2 (a polygon).
    discount : float or Fraction
        The discount factor used (a Fraction in exact mode).
    method : str
        ``"abreu-sannikov"`` or ``"aps"``.
    iterations : int
        Iterations of the set operator performed (floating point).
    converged : bool
        Whether the last iteration moved the set by at most ``tol`` (Hausdorff distance,
        relative to the spread of the stage payoffs), or an exact fixed point was
        certified.
    tol : float
        The convergence tolerance used.
    minmax_payoffs : numpy.ndarray
        Each player's pure-action minmax value of the stage game (the individually
        rational bound).
    punishment_payoffs : numpy.ndarray
        Each player's lowest payoff in the set: the harshest punishment an SPE can
        impose (at least the minmax value; larger when δ is small).
    exact : bool
        Whether ``exact_vertices`` holds a certified exact fixed point.
    last_change : float
        Hausdorff distance between the last two iterates.
    diagnostics : mapping
        ``scale`` (spread of the stage payoffs) and ``magnitude`` (largest absolute
        payoff), which set the tolerances; ``max_denominator`` used by the exact
        certificate, or ``exact_failure`` when none was found.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> from secdilemma.solvers.payoff_set import equilibrium_payoff_set
    >>> pd = bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> res = equilibrium_payoff_set(pd, Fraction(3, 4), exact=True)
    >>> res.dimension, res.exact_vertices[1]
    (2, (Fraction(39, 4), Fraction(3, 1)))
    >>> res.contains((6, 6)), res.contains((9.5, 9.5))
    (True, False)
    """

    vertices: np.ndarray
    exact_vertices: tuple[tuple[Fraction, Fraction], ...] | None
    dimension: int
    discount: Any
    method: str
    iterations: int
    converged: bool
    tol: float
    minmax_payoffs: np.ndarray
    punishment_payoffs: np.ndarray
    exact: bool = False
    last_change: float = 0.0
    diagnostics: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        verts = np.array(self.vertices, dtype=float).reshape(-1, 2)
        object.__setattr__(self, "vertices", readonly(verts))
        object.__setattr__(self, "minmax_payoffs",
                           readonly(np.array(self.minmax_payoffs, dtype=float)))
        object.__setattr__(self, "punishment_payoffs",
                           readonly(np.array(self.punishment_payoffs, dtype=float)))
        if self.exact_vertices is not None:
            object.__setattr__(self, "exact_vertices",
                               tuple((Fraction(x), Fraction(y)) for x, y in self.exact_vertices))
        object.__setattr__(self, "diagnostics", MappingProxyType(dict(self.diagnostics)))

    @property
    def area(self) -> float:
        """The area of the set (0.0 for a point or a segment)."""
        if self.exact_vertices is not None:
            return float(poly.area(self.exact_vertices))
        return float(poly.area([tuple(v) for v in self.vertices]))

    @property
    def exact_area(self) -> Fraction | None:
        """The exact area when exact vertices are available, else None."""
        if self.exact_vertices is None:
            return None
        return Fraction(poly.area(self.exact_vertices))

    def contains(self, point: Sequence[Any], *, tol: float | None = None) -> bool:
        """Whether ``point`` (a payoff pair) lies in the set.

        With exact vertices and an exact point (ints / Fractions) the test is exact;
        otherwise ``point`` may lie up to ``tol`` away (default ``1e-9`` times the spread
        of the stage payoffs, plus rounding noise of their magnitude).
        """
        if isinstance(point, (str, bytes)) or not hasattr(point, "__len__") or len(point) != 2:
            raise InvalidParameterError(
                f"PayoffSetResult.contains(): point must be a payoff pair; got {point!r}")
        p = tuple(point)
        for k, c in enumerate(p):  # numbers only: strings are refused, never parsed
            exact_number("PayoffSetResult.contains", f"point[{k}]", c)
        if tol is not None:
            check_real_number("PayoffSetResult.contains", "tol", tol, low=0)
        exact_point = all(isinstance(c, (int, Fraction)) and not isinstance(c, bool) for c in p)
        if self.exact_vertices is not None and exact_point and tol is None:
            return poly.contains(self.exact_vertices, (Fraction(p[0]), Fraction(p[1])))
        if tol is None and "spans" in self.diagnostics:
            # relative to each player's payoff range: test in normalised coordinates
            (o0, o1), (s0, s1) = self.diagnostics["offsets"], self.diagnostics["spans"]
            verts = [((x - o0) / s0, (y - o1) / s1) for x, y in self.vertices]
            return poly.contains(verts, ((float(p[0]) - o0) / s0, (float(p[1]) - o1) / s1),
                                 1e-9 + 1e-13 * (1 + max(abs(o0) / s0, abs(o1) / s1)))
        if tol is None:
            tol = (1e-9 * self.diagnostics.get("scale", 1.0)
                   + 1e-13 * self.diagnostics.get("magnitude", 0.0))
        return poly.contains([tuple(v) for v in self.vertices], (float(p[0]), float(p[1])),
                             tol)

    def __repr__(self) -> str:
        kind = {0: "point", 1: "segment", 2: "polygon"}[self.dimension]
        return (f"PayoffSetResult({kind}, {len(self.vertices)} vertices, "
                f"discount={self.discount}, method={self.method!r}, "
                f"converged={self.converged}, exact={self.exact})")


# ---------------------------------------------------------------------------- helpers
def _pure_minmax(A, B):
    """Pure minmax values: player 0 is held to min over columns of the column max."""
    m, n = len(A), len(A[0])
    v0 = min(max(A[r][c] for r in range(m)) for c in range(n))
    v1 = min(max(B[r][c] for c in range(n)) for r in range(m))
    return v0, v1


class _Stage:
    """Stage data in one number type (floats or Fractions), flattened per profile."""

    def __init__(self, A, B, delta, one):
        m, n = len(A), len(A[0])
        best0 = [max(A[r][c] for r in range(m)) for c in range(n)]
        best1 = [max(B[r][c] for c in range(n)) for r in range(m)]
        self.delta = delta
        ratio = (one - delta) / delta if delta != 0 else None
        self.profiles = []
        for r in range(m):
            for c in range(n):
                g = (A[r][c], B[r][c])
                gain = (best0[c] - A[r][c], best1[r] - B[r][c])
                dev = None if ratio is None else (ratio * gain[0], ratio * gain[1])
                self.profiles.append((g, gain, dev))
        self.minmax = _pure_minmax(A, B)


def _operator(W, stage: _Stage, *, reduced: bool, eps: float):
    """One application of the APS operator (``reduced=False``) or of the
    Abreu–Sannikov reduced operator (``reduced=True``) to the convex set ``W``."""
    delta = stage.delta
    keep = 1 - delta
    u = poly.min_coordinates(W)
    out = []
    for g, _gain, dev in stage.profiles:
        ic = (u[0] + dev[0], u[1] + dev[1])
        Q = poly.clip_quadrant(W, ic)
        if not Q:
            continue
        if reduced:
            # eps = 0 (exact mode): exact tests; floats: within eps of the line / set
            if (g[0] >= ic[0] - eps and g[1] >= ic[1] - eps
                    and poly.contains(poly.convex_hull(Q), g, eps)):
                out.append(g)
                continue
            Q = [q for q in Q if abs(q[0] - ic[0]) <= eps or abs(q[1] - ic[1]) <= eps]
        for q in Q:
            out.append((keep * g[0] + delta * q[0], keep * g[1] + delta * q[1]))
    if eps > 0:
        # floats: undo roundoff below the minmax values (the set is individually
        # rational exactly, so this only moves points by rounding errors)
        m0, m1 = stage.minmax
        out = [(max(x, m0), max(y, m1)) for x, y in out]
    return poly.convex_hull(out, eps)


def _initial_set(stage: _Stage, eps: float):
    """The feasible, individually rational set: co(g(A)) ∩ {w >= pure minmax}."""
    hull = poly.convex_hull([p[0] for p in stage.profiles], eps)
    return poly.convex_hull(poly.clip_quadrant(hull, stage.minmax), eps)


def _stage_nash_hull(stage: _Stage, eps: float):
    """δ = 0: the convex hull of the pure stage Nash payoffs (public randomisation)."""
    return poly.convex_hull([g for g, gain, _ in stage.profiles
                             if gain[0] <= 0 and gain[1] <= 0], eps)


def _symmetric_hausdorff(a, b) -> float:
    return max(poly.hausdorff_into(a, b), poly.hausdorff_into(b, a))


def _rational_candidates(W_float, max_denominators=(1, 10, 100, 10**3, 10**4, 10**5,
                                                    10**6, 10**7, 10**8)):
    """Rational polygons near the float polygon, from coarse to fine."""
    seen = set()
    for D in max_denominators:
        pts = [(Fraction(x).limit_denominator(D), Fraction(y).limit_denominator(D))
               for x, y in W_float]
        cand = tuple(poly.convex_hull(pts))
        if cand not in seen:
            seen.add(cand)
            yield D, list(cand)


def _no_equilibrium(stage_repr: str, why: str) -> NoPureEquilibriumError:
    return NoPureEquilibriumError(
        f"{_FUNC}(): the repeated game has no pure-strategy subgame-perfect equilibrium "
        f"({why}); got {stage_repr}")


# ---------------------------------------------------------------------------- public
def equilibrium_payoff_set(stage: NormalFormGame, discount: Any, *, exact: bool = False,
                           method: str = "abreu-sannikov", tol: float = 1e-12,
                           max_iter: int = 5000) -> PayoffSetResult:
    """The set of pure-strategy subgame-perfect equilibrium payoffs of the infinitely
    repeated two-player game with perfect monitoring and public randomisation.

    Payoffs are normalised, ``(1 - δ) Σ_t δ^t u(a_t)``. The set is computed by iterating
    a set operator on convex polygons from the feasible, individually rational set down
    to its largest fixed point: the Abreu–Sannikov (2014) reduced operator by default, or
    the Abreu–Pearce–Stacchetti (1990) operator itself (``method="aps"``). Points and
    segments are valid answers.

    Parameters
    ----------
    stage : NormalFormGame
        A two-player stage game (``payoffs[i][a0, a1]`` is player ``i``'s payoff).
    discount : float or Fraction
        The common discount factor, ``0 <= δ < 1`` (at ``δ = 0`` the answer is the convex
        hull of the pure stage Nash payoffs).
    exact : bool, default False
        Also return the exact rational fixed point: the float iterate is rounded to nearby
        rationals (denominators up to ``1e8``) and accepted only when the rational
        polygon ``W`` is certified in exact arithmetic to satisfy ``B(W) = W`` (APS
        operator) and lies within ``1e-6`` (relative) of the float iterate. A float
        ``discount`` is used as the binary rational it stores; pass
        ``Fraction(9, 10)`` for 0.9. When no certified rational fixed point is found (the
        limit may have huge denominators), ``exact_vertices`` is None, ``exact`` is
        False and an :class:`~secdilemma.errors.IncompleteResultWarning` is issued; the
        float vertices are still returned. What the certificate proves: a polygon with
        ``B(W) = W`` is self-generating, so every point of it is an SPE payoff (an exact
        inner bound); it also lies within the tolerance of the float iterates, which
        decrease to the equilibrium set from outside. The limit need not be rational:
        in Abreu and Sannikov's 3×3 example at δ = 3/10 player 0's harshest punishment
        1.12568239550... is a root of ``3495x³ − 79764x² + 201281x − 130490`` (an
        integer-relation search on 150-digit iterates), so no exact rational answer
        exists there.
    method : {"abreu-sannikov", "aps"}
        The set operator to iterate.
    tol : float, default 1e-12
        Stop when an iteration moves the set by at most ``tol`` times the spread of the
        stage payoffs (Hausdorff distance; tolerances never depend on the distance of
        the payoffs from the origin, only on rounding noise). The operator contracts geometrically, so the distance to
        the limit can be a few times larger than the last move (roughly
        ``tol / (1 - δ)``). Vertices closer than ``tol`` (relative) are merged.
    max_iter : int, default 5000
        Iteration cap. If it is hit, ``converged`` is False, an
        :class:`~secdilemma.errors.IncompleteResultWarning` is issued, and the vertices
        describe an outer approximation of the set.

    Returns
    -------
    PayoffSetResult
        Vertices counter-clockwise from the lexicographically smallest, dimension,
        minmax and punishment payoffs, iterations and convergence.

    Raises
    ------
    UnsupportedGameError
        When the stage game does not have exactly two players.
    InvalidParameterError
        For a discount factor outside ``[0, 1)`` or bad options.
    NoPureEquilibriumError
        (a :class:`~secdilemma.errors.SolverError`) when the set is empty: no pure
        action profile can be supported (e.g. matching pennies, whose feasible
        individually rational set is already empty).

    Notes
    -----
    For each action profile ``a``, with threat point ``u = min over W`` and
    incentive thresholds ``IC_i(a) = u_i + (1-δ)/δ (g_i^*(a_{-i}) - g_i(a))``, the
    continuation values that enforce ``a`` are ``Q(a) = W ∩ {w >= IC(a)}`` (a convex
    polygon clipped by two half-planes). The APS operator takes the convex hull of
    ``(1-δ) g(a) + δ Q(a)`` over all ``a``; the Abreu–Sannikov operator keeps only
    ``g(a)`` when ``g(a) ∈ Q(a)`` and otherwise the extreme points of ``Q(a)`` on the
    incentive lines. Both iterates contain the equilibrium set and decrease to it.
    QuantEcon.py's implementation of the same algorithm calls Qhull and fails when the
    set is a point or a segment (e.g. the prisoner's dilemma below with δ < 1/4);
    here the geometry is a monotone-chain hull and half-plane clipping.

    References
    ----------
    .. [1] Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of
       discounted repeated games with imperfect monitoring. *Econometrica* 58(5),
       1041–1063.
    .. [2] Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated
       games with perfect monitoring. *Theoretical Economics* 9(2), 313–338.
    .. [3] QuantEcon.py, ``quantecon/game_theory/repeated_game.py`` and GameTheory.jl,
       ``src/repeated_game.jl``: reference implementations whose published test vectors
       are used in our tests.

    Examples
    --------
    The prisoner's dilemma of the QuantEcon.py and GameTheory.jl test suites at δ = 3/4:

    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> from secdilemma.solvers.payoff_set import equilibrium_payoff_set
    >>> pd = bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> res = equilibrium_payoff_set(pd, 0.75)
    >>> res.vertices.round(6).tolist()
    [[3.0, 3.0], [9.75, 3.0], [9.0, 9.0], [3.0, 9.75]]
    >>> exact = equilibrium_payoff_set(pd, Fraction(3, 4), exact=True)
    >>> [tuple(map(str, v)) for v in exact.exact_vertices]
    [('3', '3'), ('39/4', '3'), ('9', '9'), ('3', '39/4')]

    With little patience only mutual cooperation and mutual defection survive: a
    segment, not an error.

    >>> seg = equilibrium_payoff_set(pd, Fraction(1, 5), exact=True)
    >>> seg.dimension, [tuple(map(int, v)) for v in seg.exact_vertices]
    (1, [(3, 3), (9, 9)])
    """
    if not isinstance(stage, NormalFormGame):
        raise InvalidParameterError(
            f"{_FUNC}(): stage must be a NormalFormGame; got {type(stage).__name__}")
    if stage.num_players != 2:
        raise UnsupportedGameError(
            f"{_FUNC}(): stage must be a two-player game; got {stage.num_players} players")
    check_real_number(_FUNC, "discount", discount, low=0, high=1, high_open=True)
    check_choice(_FUNC, "method", method, METHODS)
    if not isinstance(exact, bool):
        raise InvalidParameterError(f"{_FUNC}(): exact must be True or False; got {exact!r}")
    check_real_number(_FUNC, "tol", tol, low=0)
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) \
            or max_iter < 1:
        raise InvalidParameterError(
            f"{_FUNC}(): max_iter must be a positive integer; got {max_iter!r}")
    max_iter = int(max_iter)
    tol = float(tol)

    delta_f = float(discount)
    # Each player's payoffs are mapped into [0, 1), (u - min u) / unit with unit the
    # power of two just above the range (max u - min u),
    # before the float iteration: the equilibrium payoff set of the transformed game is
    # the same affine image of the set, so every tolerance below is relative to each
    # player's own payoff range (a player whose payoffs are 1e12 times the other's, or
    # shifted by 1e9, loses nothing), and the vertices are mapped back at the end.
    offsets, spans = [], []
    normal = []
    for pay in stage.exact_payoffs:
        lo, span = payoff_frame(pay)  # a power-of-two unit: integer payoffs stay exact
        offsets.append(lo)
        spans.append(span)
        normal.append([[float((v - lo) / span) for v in row] for row in pay])
    fstage = _Stage(normal[0], normal[1], delta_f, 1.0)
    spread = max(float(np.ptp(stage.payoffs[0])), float(np.ptp(stage.payoffs[1])))
    scale = spread if spread > 0 else 1.0
    magnitude = max(float(np.max(np.abs(stage.payoffs[0]))),
                    float(np.max(np.abs(stage.payoffs[1]))))
    noise = 1e-14                              # rounding noise of normalised payoffs
    eps_iter = 1e-14                           # roundoff-level merging in the iteration
    step_tol = max(tol, 10 * noise)
    eps_final = max(tol, 1e-13, 10 * noise)
    off_f = (float(offsets[0]), float(offsets[1]))
    span_f = (float(spans[0]), float(spans[1]))

    def to_payoffs(points):
        return [(off_f[0] + span_f[0] * x, off_f[1] + span_f[1] * y) for x, y in points]

    def to_normal(points):
        return [(float((Fraction(x) - offsets[0]) / spans[0]),
                 float((Fraction(y) - offsets[1]) / spans[1])) for x, y in points]

    reduced = method == "abreu-sannikov"
    stage_repr = repr(stage)

    iterations = 0
    converged = False
    last_change = 0.0
    if delta_f == 0:
        W = _stage_nash_hull(fstage, eps_final)
        if not W:
            raise _no_equilibrium(stage_repr, "δ = 0 and the stage game has no pure Nash "
                                              "equilibrium")
        converged = True
    else:
        # The stage game's pure Nash payoffs (and their hull, with public randomisation)
        # are equilibrium payoffs at every discount factor, so they lie in every iterate
        # in exact arithmetic; adding them back guards against rounding losing them when
        # payoff differences are far below the tolerance.
        nash_hull = _stage_nash_hull(fstage, eps_iter)
        W = _initial_set(fstage, eps_iter)
        if nash_hull:
            W = poly.convex_hull(list(W) + list(nash_hull), eps_iter)
        if not W:
            raise _no_equilibrium(stage_repr, "the feasible, individually rational set is "
                                              "empty")
        while iterations < max_iter:
            W_new = _operator(W, fstage, reduced=reduced, eps=eps_iter)
            if nash_hull:
                W_new = poly.convex_hull(list(W_new) + list(nash_hull), eps_iter)
            iterations += 1
            if not W_new:
                raise _no_equilibrium(
                    stage_repr, f"no action profile can be enforced after {iterations} "
                                f"iterations at discount {discount}")
            last_change = poly.hausdorff_into(W, W_new) if W_new != W else 0.0
            W = W_new
            if last_change <= step_tol:
                converged = True
                break
        W = poly.convex_hull(W, eps_final)
    W_normal = W
    W = to_payoffs(W)

    exact_vertices = None
    diagnostics: dict[str, Any] = {"scale": scale, "magnitude": magnitude,
                                   "offsets": off_f, "spans": span_f}
    disc_out: Any = delta_f
    if exact:
        delta_q = to_fraction(discount)
        disc_out = delta_q
        qstage = _Stage(stage.exact_payoffs[0].tolist(), stage.exact_payoffs[1].tolist(),
                        delta_q, Fraction(1))
        cert_tol = 1e-6  # relative to each player's payoff range
        for D, cand in _rational_candidates(W):
            if _symmetric_hausdorff(to_normal(cand), W_normal) > cert_tol:
                continue
            if delta_q == 0:
                image = _stage_nash_hull(qstage, 0.0)
            else:
                image = _operator(cand, qstage, reduced=False, eps=0.0)
            if image == cand:
                exact_vertices = tuple(cand)
                diagnostics["max_denominator"] = D
                break
        if exact_vertices is None:
            msg = (f"{_FUNC}(): no exact rational fixed point with denominators up to 1e8 "
                   f"was certified near the float result; exact_vertices is None and the "
                   f"float vertices are accurate to about tol={tol:g} (relative)")
            diagnostics["exact_failure"] = msg
            warnings.warn(msg, IncompleteResultWarning, stacklevel=2)
        else:
            converged = True
            W = [(float(x), float(y)) for x, y in exact_vertices]

    if not converged:
        warnings.warn(
            f"{_FUNC}(): max_iter must be large enough to converge; got {max_iter} "
            f"(last change {last_change:.3g}); the vertices describe an outer approximation",
            IncompleteResultWarning, stacklevel=2)

    mins = poly.min_coordinates(exact_vertices if exact_vertices is not None else W)
    return PayoffSetResult(
        vertices=np.array(W, dtype=float).reshape(-1, 2),
        exact_vertices=exact_vertices,
        dimension=min(len(W) - 1, 2),
        discount=disc_out,
        method=method,
        iterations=iterations,
        converged=converged,
        tol=tol,
        minmax_payoffs=np.array(_pure_minmax(stage.payoffs[0].tolist(),
                                             stage.payoffs[1].tolist()), dtype=float),
        punishment_payoffs=np.array([float(mins[0]), float(mins[1])]),
        exact=exact_vertices is not None,
        last_change=float(last_change),
        diagnostics=diagnostics,
    )
