"""All perfect Bayesian equilibria of finite signalling games, with refinements.

Notation (see :mod:`secdilemma.games.signaling`): types ``t`` with prior ``p_t > 0``,
messages ``m``, receiver actions ``a``; ``u_S[t, m, a]`` is the sender's payoff net of the
message cost, ``u_R[t, m, a]`` the receiver's. A profile is ``(σ, ρ, μ)``: the sender's
behaviour ``σ[t, m]``, the receiver's ``ρ[m, a]`` and the receiver's posterior ``μ[m, t]``.
It is a perfect Bayesian equilibrium (PBE; Fudenberg and Tirole 1991, §8.2) when

1. every type sends only messages that maximise ``U_t(m) = Σ_a ρ[m, a] u_S[t, m, a]``;
2. after every message, on or off the path, ``ρ[m]`` puts weight only on best responses
   to ``μ[m]``;
3. ``μ[m]`` follows Bayes' rule from ``p`` and ``σ`` whenever ``m`` is sent with positive
   probability; off the path it is any belief.

Algorithm
---------
The conditions separate. The sender's conditions involve ``ρ`` only; the receiver's
involve only the *unnormalised* posterior ``w_m = (p_t σ[t, m])_t`` and the support of
``ρ[m]`` (the receiver is indifferent among the actions she mixes over). Hence, for fixed
supports, the equilibria form a product of two polytopes, and the set of all PBE is a
finite union of such products ("cells"). We enumerate

- **receiver candidates**: the vertices ``(ρ, v)`` of the polyhedron
  ``Q = {ρ[m] ∈ Δ(A) for all m, v_t >= U_t(m) for all t, m}``. The vertices of every
  cell's ρ-polytope are vertices of ``Q`` (cells are faces of faces of ``Q``), each
  labelled by the messages that are optimal for each type;
- **sender candidates**: writing ``w_m = Σ λ_j μ_j`` over the vertices ``μ_j`` of the
  receiver's belief polytopes ``B_m(X) = {μ ∈ Δ(T) : every action in X is a best reply}``,
  the sender polytope of every cell is the image of ``{λ >= 0 : Σ_j λ_j μ_j = p}``, so its
  vertices are images of basic feasible solutions (``T`` columns at a time);
- **pairs**: a receiver candidate and a sender candidate form a PBE iff every type's
  support lies in its optimal messages, the receiver's support after each on-path message
  lies in the best replies to the Bayes posterior, and after each off-path message some
  belief makes all the actions she uses best replies.

Everything is exact (Fractions); floating point is used only to screen the bases of the
linear systems (a basis counts as regular when its condition number is below 1e12; a
vertex reachable only through worse-conditioned bases would be missed, which needs
payoffs spanning many orders of magnitude), and every reported equilibrium is computed
and verified exactly.

Completeness: every PBE is a convex combination of listed equilibria in one cell (the
listed set contains every extreme point of every cell; it may contain a few non-extreme
points of a cell). Two listed equilibria are joined when the whole segment between them
consists of PBE (tested exactly); the connected components are reported
(:attr:`SignalingEquilibrium.component`). The game is flagged ``degenerate`` when some
component is a continuum (the usual case in signalling games: receiver mixing off the
path), and then ``complete`` is False by the package convention that a degenerate game's
list of extreme equilibria is not its whole equilibrium set.

Limits: every type needs positive prior probability; the receiver-candidate enumeration
tries ``C(MA + TM, M(A-1) + T)`` bases, so it is meant for small games (up to about 3
types × 3 messages × 3 actions; larger games raise :class:`UnsupportedGameError`).

Refinements (tests on equilibrium *outcomes*: the sender's behaviour and payoffs
``u*_t``), for every message ``m`` off the path:

- **Intuitive Criterion** (Cho and Kreps 1987): ``J`` = types for which ``m`` is not
  equilibrium-dominated (``max_{a ∈ BR(m, Θ)} u_S[t, m, a] >= u*_t``; ``J = Θ`` if that
  is empty). The outcome fails if some type ``t ∈ J`` gets strictly more than ``u*_t``
  against every best reply to every belief concentrated on ``J``.
- **D1** (Banks and Sobel 1987; Cho and Kreps 1987): type ``t`` is deleted at ``m`` if
  the set of receiver mixed best replies that make it weakly gain is contained in the set
  that makes another type ``t'`` strictly gain. The outcome fails if no mixed best reply
  to a belief on the undeleted types keeps every type at or below ``u*`` (if all types
  are deleted, beliefs are unrestricted).

References
----------
.. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8 (§8.2 perfect Bayesian
   equilibrium in signalling games, §11.2 refinements). MIT Press.
.. [2] Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
   *Quarterly Journal of Economics* 102(2), 179-221.
.. [3] Banks, J. S. and Sobel, J. (1987). Equilibrium selection in signaling games.
   *Econometrica* 55(3), 647-661.
.. [4] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
   Organization* 54(2), 325-357.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from math import comb
from types import MappingProxyType
from typing import Any, Mapping, Sequence

import numpy as np

from .._validation import check_choice, to_fraction
from ..display import (describe_belief_set, describe_refinement_test,
                       describe_signaling_equilibrium)
from ..display import format_number as _fmt_prob
from ..errors import InvalidParameterError, UnsupportedGameError
from ..games.signaling import SignalingGame
from ..results import Equilibrium, SolveResult
from ._exact_linalg import solve_exact

__all__ = ["solve_pbe", "SignalingEquilibrium", "BeliefSet", "Deviation",
           "RefinementTest", "is_pbe", "REFINEMENTS"]

#: The refinements :func:`solve_pbe` knows.
REFINEMENTS = ("intuitive", "d1")

#: Largest number of bases the receiver-candidate enumeration will try.
MAX_BASES = 3_000_000

_ZERO = Fraction(0)
_ONE = Fraction(1)


# ---------------------------------------------------------------------------------------
# result records


@dataclass(frozen=True)
class BeliefSet:
    """The receiver's beliefs after one message in one equilibrium.

    On the path the belief is the Bayes posterior (one vertex). Off the path it is the
    whole set of beliefs that support the receiver's equilibrium response: the polytope
    ``{μ ∈ Δ(T) : every action the receiver uses is a best reply to μ}``, given by its
    vertices and by its constraints.

    Attributes
    ----------
    message : str
    on_path : bool
    types : tuple of str
    vertices : tuple of tuple
        Beliefs over types (Fractions when solved with ``exact=True``, else floats).
    constraints : tuple of (tuple, str)
        ``(c, sense)`` with ``sense`` ``"<= 0"`` or ``"== 0"``: ``Σ_t c[t] μ[t] sense``
        (besides ``μ >= 0, Σ μ = 1``). Empty on the path.

    References
    ----------
    .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §8.2. MIT Press.

    Examples
    --------
    >>> b = BeliefSet("gesture", False, ("S", "G"), ((0.0, 1.0), (0.5, 0.5)))
    >>> b.interval
    (0.0, 0.5)
    >>> b.contains((0.25, 0.75))
    True
    """

    message: str
    on_path: bool
    types: tuple[str, ...]
    vertices: tuple[tuple[Any, ...], ...]
    constraints: tuple[tuple[tuple[Any, ...], str], ...] = ()

    @property
    def posterior(self):
        """The Bayes posterior (on the path), else None."""
        return self.vertices[0] if self.on_path else None

    @property
    def interval(self):
        """For two types: ``(lowest, highest)`` probability of the first type."""
        if len(self.types) != 2:
            raise InvalidParameterError(
                f"BeliefSet.interval: types must be 2 for an interval; got {len(self.types)}")
        first = [v[0] for v in self.vertices]
        return (min(first), max(first))

    def contains(self, belief: Sequence[Any], tol: float = 1e-12) -> bool:
        """Whether ``belief`` is in the set (checked against the constraints)."""
        b = [float(x) for x in belief]
        if any(x < -tol for x in b) or abs(sum(b) - 1) > tol:
            return False
        if self.on_path:
            return all(abs(x - float(y)) <= tol for x, y in zip(b, self.vertices[0]))
        for coeffs, sense in self.constraints:
            val = sum(float(c) * x for c, x in zip(coeffs, b))
            if sense == "== 0" and abs(val) > tol:
                return False
            if sense == "<= 0" and val > tol:
                return False
        return True

    def describe(self) -> str:
        """A short text: the posterior, or the set of supporting beliefs."""
        return describe_belief_set(self)


@dataclass(frozen=True)
class Deviation:
    """Why an equilibrium outcome fails a refinement at one off-path message.

    Attributes
    ----------
    message : str
        The off-path message.
    types_considered : tuple of str
        Intuitive Criterion: the types for which the message is not
        equilibrium-dominated; D1: the types not deleted.
    gaining_type : str or None
        A type that gains strictly against every receiver response allowed by the
        refinement (None when each response makes *some* type gain, but no single type
        gains against all).
    gain : object or None
        That type's least gain (deviation payoff minus equilibrium payoff).
    text : str
        A sentence saying the same.

    Examples
    --------
    >>> Deviation("gesture", ("S",), "S", 1, "S gains").gaining_type
    'S'
    """

    message: str
    types_considered: tuple[str, ...]
    gaining_type: str | None
    gain: Any
    text: str


@dataclass(frozen=True)
class RefinementTest:
    """The verdict of one refinement on one equilibrium.

    Attributes
    ----------
    name : str
        ``"intuitive"`` or ``"d1"``.
    passes : bool
    failures : tuple of Deviation
        One entry per off-path message at which the outcome fails.

    Examples
    --------
    >>> RefinementTest("intuitive", True).passes
    True
    """

    name: str
    passes: bool
    failures: tuple[Deviation, ...] = ()

    def describe(self) -> str:
        """One line: passes, or the deviations that break it."""
        return describe_refinement_test(self)


@dataclass(frozen=True, eq=False)
class SignalingEquilibrium(Equilibrium):
    """A perfect Bayesian equilibrium of a signalling game.

    The inherited fields: ``strategies = (σ, ρ)`` with ``σ`` the sender's ``(T, M)``
    behaviour (one row per type) and ``ρ`` the receiver's ``(M, A)`` behaviour (one row per
    message); ``payoffs`` the ex-ante payoffs (sender, receiver); ``kind`` one of
    ``"separating"`` (types use disjoint sets of messages), ``"pooling"`` (every type
    uses the same behaviour, so every posterior equals the prior) or
    ``"semi-separating"`` (hybrid: anything else); ``beliefs`` maps each message label to
    a :class:`BeliefSet`.

    Attributes
    ----------
    sender_types, messages, receiver_actions : tuple of str
        The game's labels.
    type_payoffs : tuple
        The equilibrium payoff ``u*_t`` of each sender type (net of message costs).
    on_path : tuple of bool
        Per message: sent with positive probability.
    component : int
        Index of the connected set of equilibria this extreme point belongs to
        (equilibria of one component are joined by segments of equilibria).
    refinements : mapping of str to RefinementTest
        ``"intuitive"`` and ``"d1"`` verdicts.

    References
    ----------
    .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    >>> from secdilemma.models.reassurance import ReassuranceModel
    >>> from secdilemma.solvers.pbe import solve_pbe
    >>> res = solve_pbe(ReassuranceModel(gesture_cost=3).to_game(), exact=True)
    >>> sep = [e for e in res if e.kind == "separating"][0]
    >>> sep.posterior("gesture")
    (Fraction(1, 1), Fraction(0, 1))
    """

    sender_types: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    receiver_actions: tuple[str, ...] = ()
    type_payoffs: tuple[Any, ...] = ()
    on_path: tuple[bool, ...] = ()
    component: int = 0
    refinements: Mapping[str, RefinementTest] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "refinements", MappingProxyType(dict(self.refinements)))

    @property
    def sender(self) -> np.ndarray:
        """The sender's behaviour ``(T, M)``."""
        return self.strategies[0]

    @property
    def receiver(self) -> np.ndarray:
        """The receiver's behaviour ``(M, A)``."""
        return self.strategies[1]

    def posterior(self, message: str | int):
        """The Bayes posterior after an on-path ``message`` (None off the path)."""
        key = message if isinstance(message, str) else self.messages[message]
        return self.beliefs[key].posterior

    def survives(self, refinement: str) -> bool:
        """Whether the equilibrium survives ``"intuitive"`` or ``"d1"``."""
        check_choice("SignalingEquilibrium.survives", "refinement", refinement, REFINEMENTS)
        return self.refinements[refinement].passes

    def describe(self) -> str:
        """A readable description: behaviour per type and per message, beliefs, payoffs,
        and the refinement verdicts."""
        return describe_signaling_equilibrium(self)


# ---------------------------------------------------------------------------------------
# exact polytope helpers (tiny dimensions)


def _rank_reduce(rows: list[list[Fraction]], rhs: list[Fraction]):
    """Independent subset of the equality rows (exact); None if inconsistent."""
    kept_rows: list[list[Fraction]] = []
    kept_rhs: list[Fraction] = []
    basis: list[tuple[int, list[Fraction], Fraction]] = []  # (pivot col, reduced row, rhs)
    for row, b in zip(rows, rhs):
        r = list(row)
        bb = b
        for col, prow, pb in basis:
            if r[col] != 0:
                f = r[col] / prow[col]
                r = [x - f * y for x, y in zip(r, prow)]
                bb = bb - f * pb
        piv = next((k for k, x in enumerate(r) if x != 0), None)
        if piv is None:
            if bb != 0:
                return None
            continue
        basis.append((piv, r, bb))
        kept_rows.append(list(row))
        kept_rhs.append(b)
    return kept_rows, kept_rhs


def _polytope_vertices(n: int, eq_rows, eq_rhs, ineq_rows, ineq_rhs) -> list[tuple]:
    """Vertices of ``{x : eq_rows x = eq_rhs, ineq_rows x <= ineq_rhs}`` (bounded, exact,
    brute force over bases; for dimensions <= 4 or so)."""
    red = _rank_reduce(list(eq_rows), list(eq_rhs))
    if red is None:
        return []
    E, e = red
    k = n - len(E)
    out = set()
    if k < 0:
        return []
    for basis in itertools.combinations(range(len(ineq_rows)), k):
        mat = E + [list(ineq_rows[i]) for i in basis]
        rhs = e + [ineq_rhs[i] for i in basis]
        if n == 0:
            sol = []
        else:
            sol = solve_exact(mat, rhs)
        if sol is None:
            continue
        if all(sum(a * x for a, x in zip(row, sol)) <= b for row, b in zip(ineq_rows, ineq_rhs)):
            out.add(tuple(sol))
    return sorted(out)


# ---------------------------------------------------------------------------------------
# the solver's working data


class _Work:
    """Exact data and caches for one game."""

    def __init__(self, game) -> None:
        self.game = game
        self.T, self.M, self.A = game.shape
        self.p = list(game.exact_prior)
        self.us = game.exact_net_sender_payoffs
        self.ur = game.exact_receiver_payoffs
        self._belief_cache: dict = {}
        self.full_types = (1 << self.T) - 1
        self.full_actions = (1 << self.A) - 1

    # -- receiver side ------------------------------------------------------------------
    def belief_polytope(self, m: int, actions_mask: int, types_mask: int | None = None):
        """Vertices of ``{μ ∈ Δ(types) : every action in the mask is a best reply}``."""
        types_mask = self.full_types if types_mask is None else types_mask
        key = (m, actions_mask, types_mask)
        if key in self._belief_cache:
            return self._belief_cache[key]
        ts = [t for t in range(self.T) if types_mask >> t & 1]
        acts = [a for a in range(self.A) if actions_mask >> a & 1]
        a0 = acts[0]
        n = len(ts)
        eq_rows = [[_ONE] * n]
        eq_rhs = [_ONE]
        for a in acts[1:]:
            eq_rows.append([self.ur[t, m, a] - self.ur[t, m, a0] for t in ts])
            eq_rhs.append(_ZERO)
        ineq_rows, ineq_rhs = [], []
        for k in range(n):
            row = [_ZERO] * n
            row[k] = -_ONE
            ineq_rows.append(row)
            ineq_rhs.append(_ZERO)
        for a in range(self.A):
            if not actions_mask >> a & 1:
                ineq_rows.append([self.ur[t, m, a] - self.ur[t, m, a0] for t in ts])
                ineq_rhs.append(_ZERO)
        local = _polytope_vertices(n, eq_rows, eq_rhs, ineq_rows, ineq_rhs)
        verts = []
        for v in local:
            full = [_ZERO] * self.T
            for t, x in zip(ts, v):
                full[t] = x
            verts.append(tuple(full))
        self._belief_cache[key] = verts
        return verts

    def belief_constraints(self, m: int, actions_mask: int):
        acts = [a for a in range(self.A) if actions_mask >> a & 1]
        a0 = acts[0]
        out = []
        for a in acts[1:]:
            out.append((tuple(self.ur[t, m, a] - self.ur[t, m, a0] for t in range(self.T)),
                        "== 0"))
        for a in range(self.A):
            if not actions_mask >> a & 1:
                out.append((tuple(self.ur[t, m, a] - self.ur[t, m, a0] for t in range(self.T)),
                            "<= 0"))
        return tuple(out)

    def best_replies(self, m: int, w: Sequence[Fraction]) -> int:
        """Mask of best replies at message m to the (unnormalised) belief w; all if w=0."""
        if all(x == 0 for x in w):
            return self.full_actions
        vals = [sum(w[t] * self.ur[t, m, a] for t in range(self.T)) for a in range(self.A)]
        best = max(vals)
        return sum(1 << a for a, v in enumerate(vals) if v == best)

    def rationalisable(self, m: int, types_mask: int | None = None) -> list[int]:
        """Action masks X such that some belief on the types makes all of X best replies."""
        return [x for x in range(1, self.full_actions + 1)
                if self.belief_polytope(m, x, types_mask)]

    def br_actions(self, m: int, types_mask: int) -> list[int]:
        """Pure actions that are a best reply to some belief on the types in the mask."""
        return [a for a in range(self.A) if self.belief_polytope(m, 1 << a, types_mask)]


def _float_screen(mats: np.ndarray, rhs: np.ndarray):
    """Batch-solve square systems; returns (solutions, mask of numerically regular)."""
    if mats.shape[0] == 0:
        return np.zeros((0, mats.shape[-1])), np.zeros(0, dtype=bool)
    # regularity by the condition number: a determinant test relative to max|entry|**n
    # wrongly rejects well-conditioned (e.g. unimodular) bases of larger systems
    with np.errstate(all="ignore"):
        cond = np.linalg.cond(mats)
    regular = np.isfinite(cond) & (cond < 1e12)
    sols = np.full((mats.shape[0], mats.shape[-1]), np.nan)
    if np.any(regular):
        sols[regular] = np.linalg.solve(mats[regular], rhs[regular][..., None])[..., 0]
    return sols, regular


def _receiver_candidates(work: _Work):
    """Exact vertices (ρ, v) of Q, as (rho rows tuple, v tuple)."""
    T, M, A = work.T, work.M, work.A
    nr = M * A
    n = nr + T
    # equality rows: simplex per message
    E = np.zeros((M, n))
    e = np.ones(M)
    for m in range(M):
        E[m, m * A:(m + 1) * A] = 1.0
    # inequality rows: -rho <= 0 ; U_t(m) - v_t <= 0
    G_exact = []
    for m in range(M):
        for a in range(A):
            row = [_ZERO] * n
            row[m * A + a] = -_ONE
            G_exact.append(row)
    for t in range(T):
        for m in range(M):
            row = [_ZERO] * n
            for a in range(A):
                row[m * A + a] = work.us[t, m, a]
            row[nr + t] = -_ONE
            G_exact.append(row)
    G = np.array([[float(x) for x in row] for row in G_exact])
    h = np.zeros(len(G_exact))
    K = len(G_exact)
    k = n - M
    total = comb(K, k)
    if total > MAX_BASES:
        raise UnsupportedGameError(
            f"solve_pbe(): game must be small enough to enumerate {total} bases (limit "
            f"{MAX_BASES}); got (types, messages, actions) = {(T, M, A)}")
    found: dict[tuple, tuple] = {}
    combos_iter = itertools.combinations(range(K), k)
    chunk = 20000
    scale_g = max(1.0, float(np.max(np.abs(G)))) if G.size else 1.0
    while True:
        block = list(itertools.islice(combos_iter, chunk))
        if not block:
            break
        idx = np.array(block, dtype=np.intp)
        mats = np.concatenate([np.broadcast_to(E, (len(block),) + E.shape), G[idx]], axis=1)
        rhs = np.concatenate([np.broadcast_to(e, (len(block), M)), h[idx]], axis=1)
        sols, regular = _float_screen(mats, rhs)
        if not np.any(regular):
            continue
        sols_r = sols[regular]
        slack = h[None, :] - sols_r @ G.T
        sc = np.maximum(1.0, np.max(np.abs(sols_r), axis=1, keepdims=True)) * scale_g
        feas = np.all(slack >= -1e-8 * sc, axis=1)
        tight = np.abs(slack) <= 1e-8 * sc
        for b, mask in zip(idx[regular][feas], tight[feas]):
            # a vertex is determined by its tight constraints: one exact solve per set
            key = tuple(np.flatnonzero(mask).tolist())
            if key not in found:
                found[key] = tuple(int(i) for i in b)
    E_exact = [[_ONE if m * A <= c < (m + 1) * A else _ZERO for c in range(n)]
               for m in range(M)]
    out = {}
    for basis in found.values():
        mat = E_exact + [G_exact[i] for i in basis]
        rhs = [_ONE] * M + [_ZERO] * len(basis)
        sol = solve_exact(mat, rhs)
        if sol is None:
            continue
        if all(sum(a * x for a, x in zip(row, sol) if a != 0) <= 0 for row in G_exact):
            rho = tuple(tuple(sol[m * A + a] for a in range(A)) for m in range(M))
            out[rho] = tuple(sol[nr:])
    return [(rho, v) for rho, v in sorted(out.items())]


def _sender_candidates(work: _Work):
    """Exact sender behaviours σ (T × M tuples) from basic solutions of Σ λ_j μ_j = p."""
    T, M = work.T, work.M
    columns = []  # (m, belief)
    for m in range(M):
        seen = set()
        for x in work.rationalisable(m):
            for v in work.belief_polytope(m, x):
                if v not in seen:
                    seen.add(v)
                    columns.append((m, v))
    C = np.array([[float(x) for x in v] for _, v in columns]).T  # T × J
    p = np.array([float(x) for x in work.p])
    sigmas = set()
    combos = np.array(list(itertools.combinations(range(len(columns)), T)), dtype=np.intp)
    if combos.size == 0:
        return []
    mats = np.transpose(C[:, combos], (1, 0, 2))  # (K, T, T)
    sols, regular = _float_screen(mats, np.broadcast_to(p, (len(combos), T)))
    cand = regular & np.all(np.nan_to_num(sols, nan=-1.0) >= -1e-9, axis=1)
    for basis in combos[cand]:
        mat = [[columns[j][1][t] for j in basis] for t in range(T)]
        lam = solve_exact(mat, work.p)
        if lam is None or any(x < 0 for x in lam):
            continue
        w = [[_ZERO] * T for _ in range(M)]
        for j, l in zip(basis, lam):
            if l != 0:
                m, mu = columns[j]
                for t in range(T):
                    w[m][t] += l * mu[t]
        sigma = tuple(tuple(w[m][t] / work.p[t] for m in range(M)) for t in range(T))
        sigmas.add(sigma)
    return sorted(sigmas)


def _mask(values) -> int:
    return sum(1 << k for k, v in enumerate(values) if v != 0)


# ---------------------------------------------------------------------------------------
# refinements


def _mixed_response_exists(work: _Work, m: int, types_mask: int, bounds) -> bool:
    """Is there a mixed best reply at m to some belief on ``types_mask`` with
    ``u_S[t, m, ρ] <= bound_t`` for every ``(t, bound_t, strict_sense)`` in bounds?

    ``bounds`` is a list of ``(t, value, sense)`` with sense ``"<="`` or ``">="``.
    """
    for X in work.rationalisable(m, types_mask):
        acts = [a for a in range(work.A) if X >> a & 1]
        n = len(acts)
        ineq_rows, ineq_rhs = [], []
        for k in range(n):
            row = [_ZERO] * n
            row[k] = -_ONE
            ineq_rows.append(row)
            ineq_rhs.append(_ZERO)
        for t, val, sense in bounds:
            row = [work.us[t, m, a] for a in acts]
            if sense == "<=":
                ineq_rows.append(row)
                ineq_rhs.append(val)
            else:
                ineq_rows.append([-x for x in row])
                ineq_rhs.append(-val)
        if _polytope_vertices(n, [[_ONE] * n], [_ONE], ineq_rows, ineq_rhs):
            return True
    return False


def _refine(work: _Work, on_path_mask: int, ustar: Sequence[Fraction], conv, labels):
    """Intuitive Criterion and D1 verdicts for one equilibrium outcome."""
    T, M = work.T, work.M
    types, messages = labels
    intuitive, d1 = [], []
    for m in range(M):
        if on_path_mask >> m & 1:
            continue
        all_br = work.br_actions(m, work.full_types)
        # --- Intuitive Criterion
        J = [t for t in range(T) if max(work.us[t, m, a] for a in all_br) >= ustar[t]]
        dominated = [types[t] for t in range(T) if t not in J]
        if not J:
            J = list(range(T))
        jmask = sum(1 << t for t in J)
        brJ = work.br_actions(m, jmask)
        best_gain = None
        for t in J:
            gain = min(work.us[t, m, a] for a in brJ) - ustar[t]
            if gain > 0 and (best_gain is None or gain > best_gain[1]):
                best_gain = (t, gain)
        if best_gain is not None:
            t, gain = best_gain
            why = (f"; {', '.join(dominated)} cannot gain from it" if dominated else "")
            intuitive.append(Deviation(
                messages[m], tuple(types[k] for k in J), types[t], conv(gain),
                f"type {types[t]!r} gains at least {_fmt_prob(conv(gain))} by sending "
                f"{messages[m]!r}, against every best reply to beliefs on "
                f"{', '.join(types[k] for k in J)}{why}"))
        # --- D1
        deleted = set()
        for t in range(T):
            for t2 in range(T):
                if t2 == t:
                    continue
                # t deleted if no mixed BR with u_t >= u*_t and u_t2 <= u*_t2
                if not _mixed_response_exists(work, m, work.full_types,
                                              [(t, ustar[t], ">="), (t2, ustar[t2], "<=")]):
                    deleted.add(t)
                    break
        kept = [t for t in range(T) if t not in deleted] or list(range(T))
        kmask = sum(1 << t for t in kept)
        deterred = _mixed_response_exists(work, m, kmask,
                                          [(t, ustar[t], "<=") for t in range(T)])
        if not deterred:
            brK = work.br_actions(m, kmask)
            gainer = None
            for t in range(T):
                g = min(work.us[t, m, a] for a in brK) - ustar[t]
                if g > 0 and (gainer is None or g > gainer[1]):
                    gainer = (t, g)
            kept_names = ", ".join(types[t] for t in kept)
            if gainer is not None:
                text = (f"type {types[gainer[0]]!r} gains at least "
                        f"{_fmt_prob(conv(gainer[1]))} by sending {messages[m]!r} when the "
                        f"receiver's belief is restricted to the types most eager to send it "
                        f"({kept_names})")
            else:
                text = (f"no best reply to {messages[m]!r} under beliefs on "
                        f"{kept_names} keeps every type at its equilibrium payoff")
            d1.append(Deviation(messages[m], tuple(types[t] for t in kept),
                                None if gainer is None else types[gainer[0]],
                                None if gainer is None else conv(gainer[1]), text))
    return {"intuitive": RefinementTest("intuitive", not intuitive, tuple(intuitive)),
            "d1": RefinementTest("d1", not d1, tuple(d1))}


# ---------------------------------------------------------------------------------------
# verification (also used by the tests)


def is_pbe(game, sender: Any, receiver: Any, *, beliefs: Mapping[int, Any] | None = None
           ) -> bool:
    """Exact check that ``(sender, receiver)`` is a perfect Bayesian equilibrium.

    On-path beliefs are computed by Bayes' rule; off the path, ``beliefs[m]`` is used when
    given, otherwise the check asks whether *some* belief supports the receiver's
    response.

    Parameters
    ----------
    game : SignalingGame
    sender : array_like, shape (T, M)
    receiver : array_like, shape (M, A)
    beliefs : mapping of int to array_like, optional
        Off-path beliefs per message index.

    Returns
    -------
    bool

    References
    ----------
    .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §8.2. MIT Press.

    Examples
    --------
    >>> from secdilemma.models.reassurance import ReassuranceModel
    >>> game = ReassuranceModel(gesture_cost=3).to_game()
    >>> is_pbe(game, [[0, 1], [1, 0]], [[0, 1], [1, 0]])  # separating
    True
    >>> is_pbe(game, [[0, 1], [1, 0]], [[1, 0], [1, 0]])  # trusting the greedy type
    False
    """
    work = _Work(game)
    T, M, A = work.T, work.M, work.A
    s = [[to_fraction(x) for x in row] for row in np.asarray(sender, dtype=object)]
    r = [[to_fraction(x) for x in row] for row in np.asarray(receiver, dtype=object)]
    if any(sum(row) != 1 or min(row) < 0 for row in s + r):
        return False
    for t in range(T):
        vals = [sum(r[m][a] * work.us[t, m, a] for a in range(A)) for m in range(M)]
        best = max(vals)
        if any(s[t][m] > 0 and vals[m] < best for m in range(M)):
            return False
    for m in range(M):
        w = [work.p[t] * s[t][m] for t in range(T)]
        supp = _mask(r[m])
        if any(w):
            if supp & ~work.best_replies(m, w):
                return False
        elif beliefs is not None and m in beliefs:
            b = [to_fraction(x) for x in beliefs[m]]
            if supp & ~work.best_replies(m, b):
                return False
        elif not work.belief_polytope(m, supp):
            return False
    return True


# ---------------------------------------------------------------------------------------
# the solver


def _classify(sigma) -> str:
    T = len(sigma)
    rows = [tuple(r) for r in sigma]
    if all(r == rows[0] for r in rows):
        return "pooling"
    masks = [_mask(r) for r in rows]
    if all(masks[i] & masks[j] == 0 for i in range(T) for j in range(i + 1, T)):
        return "separating"
    return "semi-separating"


def solve_pbe(game, *, refine: str | None = None, exact: bool = False) -> SolveResult:
    """All perfect Bayesian equilibria of a finite signalling game.

    Pure and mixed (semi-separating, hybrid) equilibria, with the receiver's posterior
    after every on-path message and, after every off-path message, the whole set of
    beliefs that supports the equilibrium. See the module docstring for the algorithm
    and its completeness guarantee.

    Parameters
    ----------
    game : SignalingGame
        Every type must have positive prior probability.
    refine : {None, "intuitive", "d1"}
        Keep only the equilibria whose outcome survives the Intuitive Criterion (Cho and
        Kreps 1987) or D1 (Banks and Sobel 1987). The eliminated ones are listed in
        ``result.diagnostics["eliminated"]`` with the deviation that breaks them. Both
        verdicts are recorded on every equilibrium
        (:attr:`SignalingEquilibrium.refinements`) whatever ``refine`` is.
    exact : bool
        Attach exact rational strategies, payoffs and beliefs (computation is always
        exact).

    Returns
    -------
    SolveResult
        ``method="support_cells"``; ``equilibria`` are :class:`SignalingEquilibrium`
        ordered by component, kind and strategies; ``degenerate`` is True when some
        component is a continuum (``complete`` is then False, by the package convention
        for lists of extreme equilibria); ``diagnostics`` holds counts
        (``receiver_candidates``, ``sender_candidates``, ``components``,
        ``extreme_points_complete``, ``eliminated``, ...).

    Raises
    ------
    InvalidParameterError
        ``refine`` not one of None, "intuitive", "d1"; a game that is not a
        SignalingGame.
    UnsupportedGameError
        A type with zero prior probability, or a game too large to enumerate.

    References
    ----------
    .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8 and §11.2. MIT Press.
    .. [2] Cho, I.-K. and Kreps, D. M. (1987). Signaling games and stable equilibria.
       *Quarterly Journal of Economics* 102(2), 179-221.
    .. [3] Banks, J. S. and Sobel, J. (1987). Equilibrium selection in signaling games.
       *Econometrica* 55(3), 647-661.
    .. [4] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.

    Examples
    --------
    Reassurance (Kydd 2000, our formalisation) with R_S = 3, T_G = 2, c_r = 1, prior
    trust 0.3 and a gesture costing 5/2: separation, and pooling on no gesture
    supported by distrust of the gesture, which fails the Intuitive Criterion.

    >>> from fractions import Fraction as F
    >>> from secdilemma.models.reassurance import ReassuranceModel
    >>> from secdilemma.solvers.pbe import solve_pbe
    >>> game = ReassuranceModel(trust=F(3, 10), gesture_cost=F(5, 2)).to_game()
    >>> res = solve_pbe(game, exact=True)
    >>> sorted({e.kind for e in res})
    ['pooling', 'separating']
    >>> pool = [e for e in res if e.kind == "pooling" and e.is_pure][0]
    >>> pool.beliefs["gesture"].interval
    (Fraction(0, 1), Fraction(1, 2))
    >>> [e.kind for e in solve_pbe(game, refine="intuitive")]
    ['separating']
    """
    func = "solve_pbe"
    if not isinstance(game, SignalingGame):
        raise InvalidParameterError(f"{func}(): game must be a SignalingGame; got "
                                    f"{type(game).__name__}")
    if refine is not None:
        check_choice(func, "refine", refine, REFINEMENTS)
    if not isinstance(exact, bool):
        raise InvalidParameterError(f"{func}(): exact must be True or False; got {exact!r}")
    if any(v == 0 for v in game.exact_prior):
        zero = [t for t, v in zip(game.types, game.exact_prior) if v == 0]
        raise UnsupportedGameError(
            f"{func}(): prior must be positive for every type; got zero for {zero} (drop "
            "those types: they never move)")
    work = _Work(game)
    T, M, A = work.T, work.M, work.A
    rhos = _receiver_candidates(work)
    sigmas = _sender_candidates(work)
    off_ok = np.zeros((M, 1 << A), dtype=bool)
    for m in range(M):
        for x in work.rationalisable(m):
            off_ok[m, x] = True

    # --- pairing, vectorised over candidates
    r_tight = np.zeros((len(rhos), T), dtype=np.int64)
    r_supp = np.zeros((len(rhos), M), dtype=np.int64)
    for i, (rho, v) in enumerate(rhos):
        for t in range(T):
            r_tight[i, t] = sum(1 << m for m in range(M)
                                if sum(rho[m][a] * work.us[t, m, a] for a in range(A)) == v[t])
        for m in range(M):
            r_supp[i, m] = _mask(rho[m])
    s_supp = np.zeros((len(sigmas), T), dtype=np.int64)
    s_br = np.zeros((len(sigmas), M), dtype=np.int64)
    s_on = np.zeros((len(sigmas), M), dtype=bool)
    for j, sig in enumerate(sigmas):
        for t in range(T):
            s_supp[j, t] = _mask(sig[t])
        for m in range(M):
            w = [work.p[t] * sig[t][m] for t in range(T)]
            s_on[j, m] = any(w)
            s_br[j, m] = work.best_replies(m, w)
    pairs = []
    for i in range(len(rhos)):
        ok = np.all((s_supp & ~r_tight[i][None, :]) == 0, axis=1)
        ok &= np.all((r_supp[i][None, :] & ~s_br) == 0, axis=1)
        ok &= np.all(s_on | off_ok[np.arange(M), r_supp[i]][None, :], axis=1)
        for j in np.flatnonzero(ok):
            pairs.append((i, int(j)))

    # --- components: segments of equilibria (exact, vectorised over pairs)
    n = len(pairs)
    pi = np.array([p[0] for p in pairs], dtype=np.intp)
    pj = np.array([p[1] for p in pairs], dtype=np.intp)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    degenerate = False
    if n > 1:
        ST, RT = s_supp[pj], r_tight[pi]          # (n, T)
        RS, BR, ON = r_supp[pi], s_br[pj], s_on[pj]  # (n, M)
        for a in range(n - 1):
            b = np.arange(a + 1, n)
            c1 = np.all(((ST[a] | ST[b]) & ~(RT[a] & RT[b])) == 0, axis=1)
            union = RS[a] | RS[b]
            c2 = np.all((union & ~(BR[a] & BR[b])) == 0, axis=1)
            both_off = ~ON[a] & ~ON[b]
            c3 = np.all(~both_off | off_ok[np.arange(M)[None, :], union], axis=1)
            for k in b[c1 & c2 & c3]:
                degenerate = True
                ra, rb = find(a), find(int(k))
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    roots = sorted({find(x) for x in range(n)})
    comp_of = {r: k for k, r in enumerate(roots)}

    # --- build the equilibria
    conv = (lambda x: x) if exact else float
    labels = (game.types, game.messages)
    built = []
    for k, (i, j) in enumerate(pairs):
        rho, v = rhos[i]
        sig = sigmas[j]
        on_mask = sum(1 << m for m in range(M) if s_on[j, m])
        beliefs = {}
        for m in range(M):
            if s_on[j, m]:
                w = [work.p[t] * sig[t][m] for t in range(T)]
                tot = sum(w)
                post = tuple(conv(x / tot) for x in w)
                beliefs[game.messages[m]] = BeliefSet(game.messages[m], True, game.types,
                                                      (post,))
            else:
                supp = int(r_supp[i, m])
                verts = tuple(tuple(conv(x) for x in vv) for vv in work.belief_polytope(m, supp))
                cons = tuple((tuple(conv(c) for c in cc), sense)
                             for cc, sense in work.belief_constraints(m, supp))
                beliefs[game.messages[m]] = BeliefSet(game.messages[m], False, game.types,
                                                      verts, cons)
        pay_s = sum(work.p[t] * v[t] for t in range(T))
        pay_r = sum(work.p[t] * sig[t][m] * rho[m][a] * work.ur[t, m, a]
                    for t in range(T) for m in range(M) for a in range(A))
        verdicts = _refine(work, on_mask, v, conv, labels)
        eq = SignalingEquilibrium(
            strategies=(np.array(sig, dtype=float), np.array(rho, dtype=float)),
            payoffs=np.array([float(pay_s), float(pay_r)]),
            max_regret=0.0,
            kind=_classify(sig),
            exact_strategies=(sig, rho) if exact else None,
            exact_payoffs=(pay_s, pay_r) if exact else None,
            beliefs=beliefs,
            actions=(game.messages, game.actions),
            players=("sender", "receiver"),
            types=(game.types, game.messages),
            sender_types=game.types, messages=game.messages, receiver_actions=game.actions,
            type_payoffs=tuple(conv(x) for x in v),
            on_path=tuple(bool(s_on[j, m]) for m in range(M)),
            component=comp_of[find(k)],
            refinements=verdicts,
        )
        built.append((comp_of[find(k)], _KIND_ORDER[eq.kind], sig, rho, eq))
    built.sort(key=lambda x: (x[0], x[1], not x[4].is_pure,
                              [[-y for y in r] for r in x[2]],
                              [[-y for y in r] for r in x[3]]))
    everything = [b[-1] for b in built]
    if refine is None:
        kept, eliminated = everything, []
    else:
        kept = [e for e in everything if e.refinements[refine].passes]
        eliminated = [e for e in everything if not e.refinements[refine].passes]
    note = ("the equilibrium set contains continua: every listed equilibrium is a PBE and "
            "every PBE is a convex combination of listed equilibria of one component"
            if degenerate else "finitely many equilibria")
    return SolveResult(
        game=game, method="support_cells", equilibria=tuple(kept),
        parameters={"refine": refine, "exact": exact},
        complete=not degenerate, degenerate=degenerate, tol=0.0, exact=exact,
        diagnostics={
            "receiver_candidates": len(rhos), "sender_candidates": len(sigmas),
            "equilibria_before_refinement": len(everything),
            "components": len(roots), "extreme_points_complete": True,
            "eliminated": tuple(eliminated), "note": note,
        })


_KIND_ORDER = {"separating": 0, "pooling": 1, "semi-separating": 2}
