"""Repeated games with automaton strategies: values, equilibrium checks, critical
discount factors and Monte-Carlo play.

Notation (see :mod:`secdilemma.games.repeated` and :mod:`secdilemma.games.automaton`):
``stage`` is a two-player :class:`~secdilemma.games.NormalFormGame`; a *profile* is a pair
of :class:`~secdilemma.games.automaton.Automaton` (player 0's, player 1's); δ is the
common discount factor; payoffs are normalised, ``V = (1 - δ) Σ_t δ^t u_t``; ε
(``noise``) is the probability that an intended action is replaced by another action
(flipped in a 2-action game), independently across players and rounds; automata move on
the *realised* actions. A *joint state* is a pair ``(s0, s1)`` of automaton states; the
joint states form a Markov chain, and the values solve the linear system
``V = (1 - δ) u + δ P V`` over joint states.

Exactness: when the stage payoffs, δ, ε and every action probability are ints or
:class:`~fractions.Fraction`, values and equilibrium checks are exact rationals.
:func:`critical_discount_factor` always returns the exact set of δ (sympy, imported
lazily), reading float inputs as the binary rationals they store;
:func:`critical_noise` the exact set of ε at a fixed δ, the same way. Float equilibrium
checks work on payoffs normalised to [0, 1) per player (tolerances relative to the
payoff range) and settle near ties exactly.
"""

from __future__ import annotations

import functools
import itertools
import time
import warnings
from collections import deque
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._validation import (check_choice, check_real_number, exact_number, is_exact_scalar,
                           payoff_frame, readonly, to_fraction)
from ..errors import (IncompleteResultWarning, InvalidGameError, InvalidParameterError,
                      SolverError)
from ..games.automaton import Automaton
from ..games.normal_form import NormalFormGame
from ..games.repeated import check_discount, check_noise, check_stage
from ._exact_linalg import solve_exact

__all__ = [
    "AutomatonValues",
    "Deviation",
    "EquilibriumCheck",
    "DiscountSetResult",
    "SimulationResult",
    "automaton_values",
    "long_run_average",
    "is_subgame_perfect",
    "is_nash",
    "critical_discount_factor",
    "critical_noise",
    "certified_float",
    "NoiseSetResult",
    "simulate",
]

DEFAULT_TOL = 1e-9
MAX_POLICIES = 4096


# ====================================================================== result objects
@dataclass(frozen=True, eq=False)
class AutomatonValues:
    """Normalised discounted values of an automaton profile from every joint state.

    Attributes
    ----------
    values : numpy.ndarray, shape (2, n0, n1)
        ``values[i][s0, s1]`` is player ``i``'s value from joint state ``(s0, s1)``
        (float, read-only).
    exact_values : numpy.ndarray or None
        The same as an object array of Fractions (exact mode), else None.
    initial_state : tuple of int
        The profile's initial joint state.
    discount, noise : number
        The parameters used.
    exact : bool
    method : str
    """

    values: np.ndarray
    exact_values: np.ndarray | None
    initial_state: tuple[int, int]
    discount: Any
    noise: Any
    exact: bool
    method: str = "linear_system"

    @property
    def initial(self) -> tuple:
        """Both players' values at the initial joint state (Fractions when exact)."""
        src = self.exact_values if self.exact else self.values
        s0, s1 = self.initial_state
        return tuple(src[i][s0, s1] if self.exact else float(src[i][s0, s1]) for i in (0, 1))


@dataclass(frozen=True)
class Deviation:
    """A deviation and its gain over the profile's value.

    Attributes
    ----------
    player : int
    state : tuple of int
        Joint automaton state ``(s0, s1)`` where the deviation starts.
    action : int
        The (first) intended action of the deviation.
    gain : Fraction or float
        Deviation value minus the profile's value (> 0 means profitable).
    policy : tuple of int or None
        For Nash checks: the deviator's optimal action in each of the opponent's states
        (a stationary best response); None for one-shot deviations.
    """

    player: int
    state: tuple[int, int]
    action: int
    gain: Any
    policy: tuple[int, ...] | None = None


@dataclass(frozen=True, eq=False)
class EquilibriumCheck:
    """Verdict of :func:`is_subgame_perfect` or :func:`is_nash`.

    Attributes
    ----------
    is_equilibrium : bool
    concept : str
        ``"spe"`` or ``"nash"``.
    worst_deviation : Deviation
        The deviation with the largest gain (profitable iff the gain exceeds ``tol``).
    max_gain : Fraction or float
    states_checked : tuple of tuple of int
        The joint states where deviations were checked.
    discount, noise : number
    exact : bool
        True when decided in exact arithmetic (exact inputs, or float inputs read exactly
        to settle a near tie).
    tol : float
        0 in exact mode; otherwise the gain tolerance, in units of the deviator's
        payoff range.
    method : str
        ``"one_shot_deviation"`` or ``"best_response_mdp"``; with a note in parentheses
        when a float near tie was settled exactly or, for profiles too large to settle,
        left to the tolerance.
    """

    is_equilibrium: bool
    concept: str
    worst_deviation: Deviation
    max_gain: Any
    states_checked: tuple
    discount: Any
    noise: Any
    exact: bool
    tol: float
    method: str

    def __bool__(self) -> bool:
        return self.is_equilibrium


@dataclass(frozen=True, eq=False)
class DiscountSetResult:
    """The set of discount factors in [0, 1) at which a profile is an equilibrium.

    Attributes
    ----------
    set : sympy.Set
        The set as a sympy ``Interval``, ``FiniteSet``, ``Union`` or ``EmptySet`` (exact
        endpoints in exact mode, floats after bracketing).
    pieces : tuple of tuple
        ``(lower, upper, lower_closed, upper_closed)`` for each maximal piece, in
        increasing order; a knife-edge point is ``(c, c, True, True)``. Endpoints are
        Fractions when rational, sympy algebraic numbers when irrational (exact mode),
        floats after bracketing.
    bounds : tuple of tuple of float
        The pieces' endpoints as floats.
    threshold : Fraction, sympy number, float or None
        The infimum of the set (None when empty).
    description : str
        Readable form, e.g. ``"[1/2, 1)"``, ``"{3/5}"`` or ``"empty"``.
    concept : str
    noise : number
    exact : bool
    method : str
        ``"exact"`` (sympy roots of the one-shot deviation constraints) or
        ``"bracketing"``.
    num_constraints : int
        Number of deviation constraints intersected (exact mode).
    parameters : dict
        The options used; ``"inputs"`` says ``"exact"`` or ``"float (read as the binary
        rationals they store)"``.
    complete : bool
        True when the set is certified (exact method). False for the bracketing method,
        which can miss knife-edge points and pieces narrower than its grid.
    warnings : tuple of str
        Messages of the warnings issued (kept here so they survive a silenced warning).
    """

    set: Any
    pieces: tuple
    bounds: tuple
    threshold: Any
    description: str
    concept: str
    noise: Any
    exact: bool
    method: str
    num_constraints: int = 0
    parameters: dict = field(default_factory=dict)
    complete: bool = True
    warnings: tuple = ()

    @property
    def is_empty(self) -> bool:
        """Whether no discount factor in [0, 1) supports the profile."""
        return not self.pieces

    @property
    def is_knife_edge(self) -> bool:
        """Whether the set is a single point."""
        return len(self.pieces) == 1 and self.pieces[0][0] == self.pieces[0][1]

    def contains(self, discount: Any) -> bool:
        """Whether ``discount`` lies in the set, decided exactly.

        ``discount`` must be a number given as an object: an int, a Fraction, a float
        (compared as the binary rational it stores, so ``0.3333`` is not ``1/3``), a
        Decimal, a numpy number or a sympy number (e.g. ``sympy.sqrt(2) / 2``). Strings
        are refused, never parsed or evaluated: convert them yourself, e.g.
        ``Fraction("3/5")``.

        Raises
        ------
        InvalidParameterError
            When ``discount`` is a string, a bool, not a real number, or not finite.

        Examples
        --------
        >>> from fractions import Fraction
        >>> from secdilemma import bimatrix
        >>> from secdilemma.games.automaton import grim_trigger
        >>> from secdilemma.solvers.repeated import critical_discount_factor
        >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> res = critical_discount_factor(pd, grim_trigger())
        >>> res.contains(Fraction(1, 2)), res.contains(0.49999)
        (True, False)
        >>> res.contains("1/2")
        Traceback (most recent call last):
        ...
        secdilemma.errors.InvalidParameterError: DiscountSetResult.contains(): discount ...; got '1/2'
        """
        return _in_pieces(_contains_operand(discount), self.pieces)

    def __str__(self) -> str:
        return f"{self.concept.upper()} for δ ∈ {self.description}"


@dataclass(frozen=True, eq=False)
class NoiseSetResult:
    """The set of noise levels ε in [0, 1/2) at which a profile is an equilibrium, at a
    fixed discount factor (:func:`critical_noise`).

    Attributes
    ----------
    set : sympy.Set
        The set as a sympy ``Interval``, ``FiniteSet``, ``Union`` or ``EmptySet``.
    pieces : tuple of tuple
        ``(lower, upper, lower_closed, upper_closed)`` for each maximal piece, in
        increasing order; endpoints are Fractions when rational, sympy algebraic numbers
        when irrational.
    bounds : tuple of tuple of float
        The pieces' endpoints as floats.
    description : str
        Readable form, e.g. ``"[0, 3/10]"``; an irrational end is shown as the root of
        its polynomial in ε, an interval that holds only that root, and its value:
        ``"[0, root of 9ε^3 − 72ε^2 + 89ε − 16 in (0.2167, 0.2168) ≈ 0.21675344024064008]"``.
    concept : str
    discount : number
        δ as given.
    num_constraints : int
        Number of distinct deviation constraints intersected.
    parameters : dict
        The options used; ``"inputs"`` says ``"exact"`` or ``"float (read as the binary
        rationals they store)"``.
    method : str
        ``"exact"``.
    complete : bool
        Always True: the set is certified.
    """

    set: Any
    pieces: tuple
    bounds: tuple
    description: str
    concept: str
    discount: Any
    num_constraints: int
    parameters: dict = field(default_factory=dict)
    method: str = "exact"
    complete: bool = True

    @property
    def is_empty(self) -> bool:
        """Whether the profile is an equilibrium at no noise level in [0, 1/2)."""
        return not self.pieces

    @property
    def tolerance(self):
        """The largest ε̄ such that the profile is an equilibrium for every noise in
        [0, ε̄] (a closed interval: the deviation gains are continuous in ε on [0, 1/2],
        so the set is closed there); 1/2 when it is one at every noise in [0, 1/2);
        None when it is not one without noise. A Fraction when rational, else a sympy
        algebraic number (:func:`certified_float` rounds it)."""
        if not self.pieces or self.pieces[0][0] != 0:
            return None
        return self.pieces[0][1]

    def contains(self, noise: Any) -> bool:
        """Whether ``noise`` lies in the set, decided exactly (numbers as in
        :meth:`DiscountSetResult.contains`; strings are refused, never parsed)."""
        return _in_pieces(_contains_operand(noise, "NoiseSetResult.contains", "noise"),
                          self.pieces)

    def __str__(self) -> str:
        return f"{self.concept.upper()} for ε ∈ {self.description} at δ = {self.discount}"


def _contains_operand(value: Any, func: str = "DiscountSetResult.contains",
                      name: str = "discount"):
    """A Fraction (numbers) or a sympy number (sympy objects); strings never parsed."""
    if type(value).__module__.split(".")[0] == "sympy":
        import sympy

        if not isinstance(value, sympy.Expr) or not value.is_number \
                or value.is_extended_real is False:
            raise InvalidParameterError(f"{func}(): {name} must be a real number; got "
                                        f"{value!r}")
        if value.is_Rational:
            return Fraction(int(value.p), int(value.q))
        if value.is_finite is False or value.has(sympy.nan):
            raise InvalidParameterError(f"{func}(): {name} must be finite; got {value!r}")
        return value
    return exact_number(func, name, value)


def _as_sympy(x):
    import sympy

    if isinstance(x, float):  # a bracketing endpoint: the binary rational it stores
        x = Fraction(x)
    if isinstance(x, Fraction):
        return sympy.Rational(x.numerator, x.denominator)
    return x  # already a sympy number (an exact endpoint or a sympy operand)


def _in_pieces(x, pieces) -> bool:
    """Whether the number ``x`` (from :func:`_contains_operand`) lies in the pieces."""
    return any(_cmp_ge(x, lo, lo_c) and _cmp_le(x, hi, hi_c) for lo, hi, lo_c, hi_c in pieces)


def _cmp_ge(x, lo, closed):
    if isinstance(x, Fraction) and isinstance(lo, (Fraction, float)):
        lo = Fraction(lo)
        return x >= lo if closed else x > lo
    a, b = _as_sympy(x), _as_sympy(lo)
    return _decide(a >= b) if closed else _decide(a > b)


def _cmp_le(x, hi, closed):
    if isinstance(x, Fraction) and isinstance(hi, (Fraction, float)):
        hi = Fraction(hi)
        return x <= hi if closed else x < hi
    a, b = _as_sympy(x), _as_sympy(hi)
    return _decide(a <= b) if closed else _decide(a < b)


def _decide(relation) -> bool:
    try:
        return bool(relation)
    except TypeError as exc:  # sympy could not decide the sign
        raise InvalidParameterError(
            f"DiscountSetResult.contains(): discount must be a number whose comparison with "
            f"the set's endpoints sympy can decide; got an undecidable {relation}") from exc


@dataclass(frozen=True, eq=False)
class SimulationResult:
    """Monte-Carlo play of an automaton profile.

    Attributes
    ----------
    intended, realised : numpy.ndarray of int, shape (repetitions, rounds, 2)
        Intended and realised actions of both players.
    states : numpy.ndarray of int, shape (repetitions, rounds, 2)
        Joint automaton state at the start of each round.
    payoffs : numpy.ndarray of float, shape (repetitions, rounds, 2)
        Stage payoffs of the realised profiles.
    noise : number
    """

    intended: np.ndarray
    realised: np.ndarray
    states: np.ndarray
    payoffs: np.ndarray
    noise: Any

    @property
    def rounds(self) -> int:
        return int(self.payoffs.shape[1])

    @property
    def repetitions(self) -> int:
        return int(self.payoffs.shape[0])

    def discounted_values(self, discount: float) -> np.ndarray:
        """Normalised discounted payoff ``(1 - δ) Σ_t δ^t u_t`` of each repetition and
        player, shape ``(repetitions, 2)`` (truncated at ``rounds``)."""
        check_discount("SimulationResult.discounted_values", discount)
        weights = (1 - float(discount)) * float(discount) ** np.arange(self.rounds)
        return np.einsum("t,rtp->rp", weights, self.payoffs)

    def average_payoffs(self) -> np.ndarray:
        """Average payoff per round of each repetition and player, shape
        ``(repetitions, 2)``."""
        return self.payoffs.mean(axis=1)


# ====================================================================== validation
def _check_profile(func: str, stage: NormalFormGame, profile: Any, *,
                   allow_single: bool = False) -> tuple[Automaton, Automaton]:
    if allow_single and isinstance(profile, Automaton):
        profile = (profile, profile)
    if (not isinstance(profile, (tuple, list)) or len(profile) != 2
            or not all(isinstance(a, Automaton) for a in profile)):
        what = "an Automaton or a pair of Automaton" if allow_single else "a pair of Automaton"
        raise InvalidParameterError(f"{func}(): profile must be {what}; got {profile!r}")
    m0, m1 = stage.num_actions
    for i, (aut, own, other) in enumerate(((profile[0], m0, m1), (profile[1], m1, m0))):
        if aut.num_actions != own or aut.num_opponent_actions != other:
            raise InvalidGameError(
                f"{func}(): profile[{i}] must have transitions of shape (states, {own}, "
                f"{other}) to play as player {i} of a {m0}×{m1} stage game; got "
                f"(states, {aut.num_actions}, {aut.num_opponent_actions})")
    return profile[0], profile[1]


def _is_exact_input(stage, profile, *numbers) -> bool:
    # a float zero (the default noise) is exactly zero
    return (stage.is_exact and all(a.is_exact for a in profile)
            and all(is_exact_scalar(x) or (isinstance(x, float) and x == 0) for x in numbers))


# ====================================================================== the chain
def _row(probabilities, conv) -> list:
    """A mixed action in the chain's number type. Float probabilities (which sum to one
    only within rounding) are read exactly as the binary rationals they store and
    rescaled to sum to exactly one in exact mode."""
    row = [conv(p) for p in probabilities]
    if conv is to_fraction:
        total = sum(row)
        if total != 1:
            row = [p / total for p in row]
    return row


def _exact_values(rows, rewards, d):
    """``x = (1 − δ)(I − δP)^{-1} r`` in exact arithmetic: ``rows[k]`` is the next-state
    distribution ``{k': p}`` of state ``k`` (states ``0 .. n − 1``), ``rewards[k]`` its
    stage reward; None if ``I − δP`` is singular (never for ``δ < 1``). Shared by the
    automaton chains here and the public-state chains of
    :mod:`secdilemma.solvers.public_monitoring`."""
    n = len(rows)
    M = [[(1 if r == c else 0) - d * rows[r].get(c, 0) for c in range(n)] for r in range(n)]
    return solve_exact(M, [(1 - d) * x for x in rewards])


def _policy_iteration(reward, nxt, d, values, margin=0):
    """A stationary optimal policy of a finite discounted MDP by policy iteration
    (Howard 1960): ``reward[k][a]``, ``nxt[k][a] = {k': p}`` over states ``0 .. n − 1``,
    ``values(policy)`` the normalised values of a policy. A switch needs a gain above
    ``margin`` (0 in exact arithmetic). Returns ``(values, policy)``, or None after
    10 000 rounds (policy iteration ends in finitely many on a finite MDP)."""
    n = len(reward)
    policy = [max(range(len(reward[k])), key=lambda a: reward[k][a]) for k in range(n)]
    for _ in range(10_000):
        W = values(policy)
        changed = False
        for k in range(n):
            qs = [(1 - d) * reward[k][a] + d * sum(p * W[c] for c, p in nxt[k][a].items())
                  for a in range(len(reward[k]))]
            best = max(range(len(qs)), key=lambda a: qs[a])
            if qs[best] > qs[policy[k]] + margin:
                policy[k] = best
                changed = True
        if not changed:
            return W, policy
    return None  # pragma: no cover - finite MDP


def _lift(ring, x):
    """A number (int, Fraction or float read as the rational it stores) as a constant
    of the sympy polynomial ring ``ring`` over Q; elements of ``ring`` unchanged."""
    from sympy import QQ  # measured import cost (sympy): loaded on first use

    if isinstance(x, (int, float, Fraction, np.integer, np.floating)):
        x = to_fraction(x)
        return ring.convert_from(QQ(x.numerator, x.denominator), QQ)
    return ring.convert(x)


class _Chain:
    """The Markov chain over joint automaton states, in one number type (Fraction or
    float), with everything the value and deviation computations need."""

    def __init__(self, stage, a0: Automaton, a1: Automaton, noise, exact: bool, *,
                 normalise: bool = False, ring=None):
        # ring: a sympy polynomial ring Q[ε] (exact mode only). Every number of the chain
        # is then an element of it and ``noise`` is its generator ε: probabilities,
        # payoffs and transitions are polynomials in ε (see _exact_constraints)
        self.exact = exact
        conv = to_fraction if exact else float
        if ring is not None:
            conv = functools.partial(_lift, ring)
        self.conv = conv
        self.eps = noise if ring is not None else conv(noise)
        # span[i]: the unit of player i's values and gains. With normalise=True (float
        # equilibrium checks) each player's payoffs are mapped into [0, 1) first,
        # (u - min u) / unit with unit the power of two just above the payoff range:
        # equilibria are invariant under positive affine maps, so tolerances become
        # relative to the payoff range and a shift of the payoffs (1e9 + u) costs no
        # precision.
        self.span = [1, 1]
        if normalise and not exact:
            self.A = []
            for i in (0, 1):
                pay = stage.exact_payoffs[i]
                lo, span = payoff_frame(pay)  # power-of-two unit: exact in floats
                self.span[i] = float(span)
                self.A.append([[float((v - lo) / span) for v in row] for row in pay])
        else:
            self.A = [[[conv(v) for v in row] for row in
                       (stage.exact_payoffs[i] if exact else stage.payoffs[i])] for i in (0, 1)]
        self.aut = (a0, a1)
        self.n = (a0.num_states, a1.num_states)
        self.m = stage.num_actions
        self.size = self.n[0] * self.n[1]
        self.init = (a0.initial_state, a1.initial_state)
        self.sigma = [[[conv(p) for p in _row(row, to_fraction if exact else float)]
                       for row in a.probabilities] for a in (a0, a1)]
        self.q = [[self.realise(row, self.m[i]) for row in self.sigma[i]] for i in (0, 1)]
        # per joint state: expected stage payoffs and next-state distribution
        self.u = [[None] * self.size for _ in (0, 1)]
        self.next = [None] * self.size
        for s0 in range(self.n[0]):
            for s1 in range(self.n[1]):
                k = self.index(s0, s1)
                u, nxt = self.step(self.q[0][s0], self.q[1][s1], s0, s1)
                self.u[0][k], self.u[1][k] = u
                self.next[k] = nxt
        # deviation steps do not depend on δ: computed once, reused at every δ (the
        # bracketing method asks for them at ~400 discount factors); callers only read
        self._deviations: dict = {}

    def index(self, s0: int, s1: int) -> int:
        return s0 * self.n[1] + s1

    def joint(self, k: int) -> tuple[int, int]:
        return divmod(k, self.n[1])

    def realise(self, probs, m: int):
        """Distribution of the realised action given the intended mixed action."""
        if m == 1 or self.eps == 0:
            return list(probs)
        e = self.eps
        return [(1 - e) * p + e * (1 - p) / (m - 1) for p in probs]

    def pure(self, player: int, action: int):
        one, zero = self.conv(1), self.conv(0)
        return self.realise([one if a == action else zero for a in range(self.m[player])],
                            self.m[player])

    def step(self, q0, q1, s0, s1):
        """Expected stage payoffs and next joint-state distribution."""
        zero = self.conv(0)
        u = [zero, zero]
        nxt: dict[int, Any] = {}
        t0, t1 = self.aut[0].transitions, self.aut[1].transitions
        for b0, p0 in enumerate(q0):
            if p0 == 0:
                continue
            for b1, p1 in enumerate(q1):
                if p1 == 0:
                    continue
                p = p0 * p1
                u[0] += p * self.A[0][b0][b1]
                u[1] += p * self.A[1][b0][b1]
                k = self.index(int(t0[s0, b0, b1]), int(t1[s1, b1, b0]))
                nxt[k] = nxt.get(k, zero) + p
        return u, nxt

    def deviation_step(self, player: int, k: int, action: int):
        key = (player, k, action)
        hit = self._deviations.get(key)
        if hit is None:
            s0, s1 = self.joint(k)
            q = [self.q[0][s0], self.q[1][s1]]
            q[player] = self.pure(player, action)
            hit = self._deviations[key] = self.step(q[0], q[1], s0, s1)
        return hit

    def accessible(self) -> list[int]:
        """Joint states reachable from the initial one after some history (any actions)."""
        t0, t1 = self.aut[0].transitions, self.aut[1].transitions
        start = self.index(*self.init)
        seen, queue = {start}, deque([start])
        while queue:
            k = queue.popleft()
            s0, s1 = self.joint(k)
            for b0 in range(self.m[0]):
                for b1 in range(self.m[1]):
                    nk = self.index(int(t0[s0, b0, b1]), int(t1[s1, b1, b0]))
                    if nk not in seen:
                        seen.add(nk)
                        queue.append(nk)
        return sorted(seen)

    def solve_values(self, delta) -> list[list]:
        """V[i][k] for every joint state k."""
        d = self.conv(delta)
        n = self.size
        if self.exact:
            out = []
            for i in (0, 1):
                sol = _exact_values(self.next, self.u[i], d)
                if sol is None:  # pragma: no cover - I - δP is invertible for δ < 1
                    raise SolverError("automaton_values(): singular value system")
                out.append(sol)
            return out
        P = np.zeros((n, n))
        for r in range(n):
            for c, p in self.next[r].items():
                P[r, c] = p
        U = np.array(self.u, dtype=float).T
        V = np.linalg.solve(np.eye(n) - d * P, (1 - d) * U)
        return [list(V[:, 0]), list(V[:, 1])]

    def one_shot_gains(self, V, delta, states):
        d = self.conv(delta)
        for k in states:
            for i in (0, 1):
                for a in range(self.m[i]):
                    u, nxt = self.deviation_step(i, k, a)
                    q = (1 - d) * u[i] + d * sum(p * V[i][c] for c, p in nxt.items())
                    yield Deviation(i, self.joint(k), a, q - V[i][k])

    # ---------------------------------------------------------------- best-response MDP
    def mdp(self, player: int):
        """The deviator's MDP against the opponent's automaton: states = opponent states;
        returns (reward[s][a], next[s][a] as {s': p}) in the chain's number type."""
        j = 1 - player
        aut_j = self.aut[j]
        zero = self.conv(0)
        reward, nxt = [], []
        for sj in range(self.n[j]):
            r_row, n_row = [], []
            for a in range(self.m[player]):
                qi, qj = self.pure(player, a), self.q[j][sj]
                r, dist = zero, {}
                for bi, pi in enumerate(qi):
                    if pi == 0:
                        continue
                    for bj, pj in enumerate(qj):
                        if pj == 0:
                            continue
                        p = pi * pj
                        prof = (bi, bj) if player == 0 else (bj, bi)
                        r += p * self.A[player][prof[0]][prof[1]]
                        ns = int(aut_j.transitions[sj, bj, bi])
                        dist[ns] = dist.get(ns, zero) + p
                r_row.append(r)
                n_row.append(dist)
            reward.append(r_row)
            nxt.append(n_row)
        return reward, nxt

    def policy_values(self, reward, nxt, policy, delta):
        d = self.conv(delta)
        n = len(policy)
        if self.exact:
            return _exact_values([nxt[r][policy[r]] for r in range(n)],
                                 [reward[r][policy[r]] for r in range(n)], d)
        P = np.zeros((n, n))
        for r in range(n):
            for c, p in nxt[r][policy[r]].items():
                P[r, c] = p
        rhs = np.array([(1 - d) * reward[r][policy[r]] for r in range(n)], dtype=float)
        return list(np.linalg.solve(np.eye(n) - d * P, rhs))

    def best_response(self, player: int, delta, tol: float):
        """Optimal values and a stationary optimal policy of the deviator's MDP (policy
        iteration; exact with Fractions)."""
        reward, nxt = self.mdp(player)
        found = _policy_iteration(reward, nxt, self.conv(delta),
                                  lambda policy: self.policy_values(reward, nxt, policy, delta),
                                  0 if self.exact else tol * 1e-3)
        if found is None:  # pragma: no cover - finite MDP
            raise SolverError("is_nash(): policy iteration did not converge")
        return found[0], tuple(found[1])


def _prepare(func, stage, profile, discount, noise, *, allow_single=False):
    check_stage(func, stage)
    a0, a1 = _check_profile(func, stage, profile, allow_single=allow_single)
    if discount is not None:
        check_discount(func, discount)
    check_noise(func, noise)
    return a0, a1


# ====================================================================== public API
def automaton_values(stage: NormalFormGame, profile: Sequence[Automaton], discount: Any, *,
                     noise: Any = 0.0) -> AutomatonValues:
    """Normalised discounted values of an automaton profile from every joint state.

    Solves ``V = (1 - δ) u + δ P V`` over joint automaton states, where ``u`` is the
    expected stage payoff in each joint state and ``P`` the transition matrix (with noise:
    each intended action is replaced by another with probability ε; automata move on the
    realised actions).

    Parameters
    ----------
    stage : NormalFormGame
        Two-player stage game.
    profile : pair of Automaton
        Player 0's and player 1's strategies.
    discount : float or Fraction in [0, 1)
    noise : float or Fraction in [0, 1/2], default 0

    Returns
    -------
    AutomatonValues
        Exact (Fractions) when the payoffs, δ, ε and action probabilities are exact.

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §2.3 (values of automaton profiles).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> from secdilemma.games.automaton import tit_for_tat, always_defect
    >>> from secdilemma.solvers.repeated import automaton_values
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> v = automaton_values(pd, (tit_for_tat(), always_defect()), Fraction(1, 2))
    >>> v.initial    # (1 - δ) S + δ P and (1 - δ) T + δ P
    (Fraction(1, 2), Fraction(3, 1))
    """
    func = "automaton_values"
    a0, a1 = _prepare(func, stage, profile, discount, noise)
    exact = _is_exact_input(stage, (a0, a1), discount, noise)
    chain = _Chain(stage, a0, a1, noise, exact)
    V = chain.solve_values(discount)
    shape = (2,) + chain.n
    floats = readonly(np.array([[float(v) for v in V[i]] for i in (0, 1)]).reshape(shape))
    exact_arr = None
    if exact:
        exact_arr = np.empty(shape, dtype=object)
        for i in (0, 1):
            for k, v in enumerate(V[i]):
                exact_arr[(i,) + chain.joint(k)] = v
        exact_arr = readonly(exact_arr)
    return AutomatonValues(floats, exact_arr, chain.init, discount, noise, exact)


def long_run_average(stage: NormalFormGame, profile: Sequence[Automaton], *,
                     noise: Any) -> tuple:
    """Long-run average payoffs of an automaton profile from its initial joint state.

    The Cesàro limit ``lim (1/T) Σ_{t<T} E u_t`` of the chain over joint states: the
    stationary distribution of each closed communicating class reached from the initial
    state, weighted by the probability of absorption into it (this also covers
    ``noise=0`` and periodic chains).

    Parameters
    ----------
    stage : NormalFormGame
    profile : pair of Automaton
    noise : float or Fraction in [0, 1/2]

    Returns
    -------
    tuple
        Average payoff of each player (Fractions when the inputs are exact).

    References
    ----------
    .. [1] Kemeny, J. G. and Snell, J. L. (1960). *Finite Markov Chains*, ch. 3–4.
    .. [2] Nowak, M. and Sigmund, K. (1993). A strategy of win-stay, lose-shift that
       outperforms tit-for-tat in the prisoner's dilemma game. *Nature* 364, 56–58.

    Examples
    --------
    Two noisy tit-for-tat players average ``(R + S + T + P) / 4``:

    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> from secdilemma.games.automaton import tit_for_tat
    >>> from secdilemma.solvers.repeated import long_run_average
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> long_run_average(pd, (tit_for_tat(), tit_for_tat()), noise=Fraction(1, 100))
    (Fraction(9, 4), Fraction(9, 4))
    """
    func = "long_run_average"
    a0, a1 = _prepare(func, stage, profile, None, noise)
    exact = _is_exact_input(stage, (a0, a1), noise)
    chain = _Chain(stage, a0, a1, noise, exact)
    conv = chain.conv
    start = chain.index(*chain.init)
    # states reachable with positive probability
    seen, queue = {start}, deque([start])
    while queue:
        k = queue.popleft()
        for c, p in chain.next[k].items():
            if p > 0 and c not in seen:
                seen.add(c)
                queue.append(c)
    states = sorted(seen)
    reach = {k: _reachable(chain, k) for k in states}
    closed = []
    assigned: set[int] = set()
    for k in states:
        if k in assigned:
            continue
        if all(k in reach[c] for c in reach[k]):  # k is recurrent
            cls = sorted(reach[k])
            closed.append(cls)
            assigned.update(cls)
    recurrent = set().union(*map(set, closed))
    transient = [k for k in states if k not in recurrent]
    total = [conv(0), conv(0)]
    for cls in closed:
        pi = _stationary(chain, cls)
        avg = [sum(pi[j] * chain.u[i][k] for j, k in enumerate(cls)) for i in (0, 1)]
        h = _absorption(chain, transient, set(cls), start)
        for i in (0, 1):
            total[i] += h * avg[i]
    return tuple(total) if exact else tuple(float(x) for x in total)


def _reachable(chain, k):
    seen, queue = {k}, deque([k])
    while queue:
        r = queue.popleft()
        for c, p in chain.next[r].items():
            if p != 0 and c not in seen:  # p >= 0 (or a nonzero polynomial in ε)
                seen.add(c)
                queue.append(c)
    return seen


def _solve(chain, M, rhs):
    if chain.exact:
        sol = solve_exact(M, rhs)
        if sol is None:  # pragma: no cover
            raise SolverError("long_run_average(): singular linear system")
        return sol
    return list(np.linalg.solve(np.array(M, dtype=float), np.array(rhs, dtype=float)))


def _stationary(chain, cls):
    n = len(cls)
    # π (P - I) = 0 with Σ π = 1: replace the last equation by the normalisation
    M = [[chain.next[cls[c]].get(cls[r], 0) - (1 if r == c else 0) for c in range(n)]
         for r in range(n)]
    M[-1] = [1] * n
    rhs = [0] * (n - 1) + [1]
    M = [[chain.conv(x) for x in row] for row in M]
    return _solve(chain, M, [chain.conv(x) for x in rhs])


def _absorption(chain, transient, target, start):
    if start in target:
        return chain.conv(1)
    if start not in transient:
        return chain.conv(0)
    n = len(transient)
    pos = {k: j for j, k in enumerate(transient)}
    M = [[chain.conv(1 if r == c else 0) for c in range(n)] for r in range(n)]
    rhs = [chain.conv(0)] * n
    for r, k in enumerate(transient):
        for c, p in chain.next[k].items():
            if c in pos:
                M[r][pos[c]] -= p
            elif c in target:
                rhs[r] += p
    return _solve(chain, M, rhs)[pos[start]]


def is_subgame_perfect(stage: NormalFormGame, profile: Sequence[Automaton], discount: Any, *,
                       noise: Any = 0.0, states: str = "accessible",
                       tol: float = DEFAULT_TOL) -> EquilibriumCheck:
    """Whether an automaton profile is a subgame-perfect equilibrium (one-shot deviation
    principle).

    By the one-shot deviation principle (discounting makes payoffs continuous at
    infinity), the profile is subgame perfect iff at every joint state reachable after
    *some* history, on or off the path, no player gains by changing his intended action
    for one round and then following his automaton again (his own automaton moving on
    the realised actions, deviation included).

    Parameters
    ----------
    stage : NormalFormGame
    profile : pair of Automaton
    discount : float or Fraction in [0, 1)
    noise : float or Fraction in [0, 1/2], default 0
    states : {"accessible", "all"}, default "accessible"
        ``"accessible"`` checks every joint state reachable from the initial one after
        some history (any actions of both players): this is SPE. ``"all"`` also checks
        joint states no history leads to (e.g. grim trigger in two different states),
        a stronger requirement than SPE.
    tol : float, default 1e-9
        Floating-point mode: a gain above ``tol`` times the deviator's payoff range
        (max − min of his stage payoffs, rounded up to a power of two) is profitable;
        gains are computed on payoffs normalised to [0, 1), so the verdict does not
        depend on the payoff scale or a shift. When the best genuine deviation's gain
        is within rounding of ``tol`` (a near tie) and the profile has at most 100
        joint states, the check is redone exactly with the float inputs read as the
        binary rationals they store (``exact=True`` and ``method`` says so); larger
        profiles get a tolerance verdict labelled in ``method``. Exact mode uses 0.

    Returns
    -------
    EquilibriumCheck
        Truthy iff the profile is an SPE; records the worst one-shot deviation.

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       Prop. 2.2.1 (one-shot deviation principle) and Prop. 2.4.1 (automata).
    .. [2] Abreu, D. (1988). On the theory of infinitely repeated games with
       discounting. *Econometrica* 56(2), 383–396.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> from secdilemma.games.automaton import grim_trigger
    >>> from secdilemma.solvers.repeated import is_subgame_perfect
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> g = grim_trigger()
    >>> bool(is_subgame_perfect(pd, (g, g), Fraction(1, 2)))
    True
    >>> check = is_subgame_perfect(pd, (g, g), Fraction(1, 3))
    >>> check.is_equilibrium, check.worst_deviation.gain
    (False, Fraction(2, 3))
    """
    func = "is_subgame_perfect"
    a0, a1 = _prepare(func, stage, profile, discount, noise)
    check_choice(func, "states", states, ("accessible", "all"))
    check_real_number(func, "tol", tol, low=0)
    exact = _is_exact_input(stage, (a0, a1), discount, noise)
    check = _spe_check(stage, a0, a1, discount, noise, states, tol, exact)
    if not exact and check.method == "near_tie" and _can_settle_exactly(a0, a1):
        # the float verdict is within rounding of the tolerance: settle it exactly, with
        # the inputs read as the binary rationals they store
        check = _spe_check(stage, a0, a1, discount, noise, states, tol, True)
        return _settled(check)
    return _unsettled(check, "one_shot_deviation")


def _spe_check(stage, a0, a1, discount, noise, states, tol, exact):
    chain = _Chain(stage, a0, a1, noise, exact, normalise=True)
    V = chain.solve_values(discount)
    ks = chain.accessible() if states == "accessible" else list(range(chain.size))
    devs = list(chain.one_shot_gains(V, discount, ks))
    worst = max(devs, key=lambda dev: dev.gain)
    checked = tuple(chain.joint(k) for k in ks)
    if exact:
        return EquilibriumCheck(worst.gain <= 0, "spe", worst, worst.gain, checked, discount,
                                noise, True, 0.0, "one_shot_deviation")
    # float mode, gains in units of the player's payoff range. Deviating to the action a
    # pure state plays gains exactly 0 (not a deviation); the verdict is decided by the
    # other deviations unless their best gain is within rounding of the tolerance.
    rivals = [float(dev.gain) for dev in devs if not _plays(chain, dev)]
    best = max(rivals) if rivals else -np.inf
    rounding = _rounding(chain, discount)
    near = abs(best) <= tol + rounding
    # a near tie left to the tolerance counts gains within rounding as no gain
    verdict = bool(best <= (max(tol, rounding) if near else tol))
    method = "near_tie" if near else "one_shot_deviation"
    gain = float(worst.gain) * chain.span[worst.player]
    worst = Deviation(worst.player, worst.state, worst.action, gain)
    return EquilibriumCheck(verdict, "spe", worst, gain, checked, discount, noise, False,
                            float(tol), method)


def _plays(chain, dev) -> bool:
    """Whether ``dev`` is no deviation: the state plays ``dev.action`` for sure."""
    s = dev.state[dev.player]
    return chain.sigma[dev.player][s][dev.action] == 1


def _rounding(chain, discount) -> float:
    """A generous bound on the rounding error of a normalised float gain: the value
    system ``(I - δP) V = (1 - δ) u`` has condition number about ``1 / (1 - δ)``."""
    return 1e-12 * chain.size / (1.0 - float(discount))


#: joint automaton states up to which a float check within rounding of its tolerance is
#: recomputed exactly (exact linear algebra on n joint states costs about n³ Fraction
#: operations: well under a second at 100)
EXACT_SETTLE_STATES = 100


def _can_settle_exactly(a0, a1) -> bool:
    return a0.num_states * a1.num_states <= EXACT_SETTLE_STATES


def _unsettled(check: EquilibriumCheck, method: str) -> EquilibriumCheck:
    """A float check, its method labelled when it was a near tie left to the tolerance."""
    if check.method != "near_tie":
        return check
    label = (f"{method} (near tie: a tolerance verdict; more than {EXACT_SETTLE_STATES} "
             f"joint states to settle it exactly — pass Fractions for an exact check)")
    return EquilibriumCheck(check.is_equilibrium, check.concept, check.worst_deviation,
                            check.max_gain, check.states_checked, check.discount, check.noise,
                            False, check.tol, label)


def _settled(check: EquilibriumCheck) -> EquilibriumCheck:
    """An exact check of float inputs, labelled as such."""
    return EquilibriumCheck(check.is_equilibrium, check.concept, check.worst_deviation,
                            check.max_gain, check.states_checked, check.discount, check.noise,
                            True, 0.0, check.method + " (float inputs read exactly: the "
                                                      "float check was a near tie)")


def is_nash(stage: NormalFormGame, profile: Sequence[Automaton], discount: Any, *,
            noise: Any = 0.0, tol: float = DEFAULT_TOL) -> EquilibriumCheck:
    """Whether an automaton profile is a Nash equilibrium of the repeated game.

    Against the opponent's automaton, a deviator faces a Markov decision process whose
    states are the opponent's automaton states; his best reply is stationary in them.
    The profile is Nash iff, for each player, the value of his own automaton at the
    initial joint state equals the optimal value of that MDP at the opponent's initial
    state (computed exactly by policy iteration). Equivalently: no profitable one-shot
    deviation *from the best-reply continuation* at the states reached on the path.
    Checking one-shot deviations followed by the player's own automaton at on-path
    states only is necessary but not sufficient: for tit-for-tat the profitable
    deviation to "always defect" at ``(T - R)/(R - S) <= δ < (T - R)/(T - P)`` is not a
    one-shot deviation.

    Parameters
    ----------
    stage : NormalFormGame
    profile : pair of Automaton
    discount : float or Fraction in [0, 1)
    noise : float or Fraction in [0, 1/2], default 0
    tol : float, default 1e-9
        Floating-point mode: gain tolerance relative to the deviator's payoff range,
        computed on normalised payoffs (see :func:`is_subgame_perfect`). A gain within
        rounding of ``tol`` — every Nash equilibrium has gain 0 — is settled exactly for
        profiles with at most 100 joint states. Exact mode uses 0.

    Returns
    -------
    EquilibriumCheck
        ``worst_deviation`` is the best reply's gain at the initial joint state, its
        first action and its stationary ``policy`` (one action per opponent state).

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §2.4 (automata; a player's best reply to an automaton solves a dynamic program
       on the opponent's states).
    .. [2] Puterman, M. L. (1994). *Markov Decision Processes*, Wiley, §6.4 (policy
       iteration).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> from secdilemma.games.automaton import tit_for_tat
    >>> from secdilemma.solvers.repeated import is_nash
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> t = tit_for_tat()
    >>> bool(is_nash(pd, (t, t), Fraction(2, 3))), bool(is_nash(pd, (t, t), Fraction(3, 5)))
    (True, False)
    """
    func = "is_nash"
    a0, a1 = _prepare(func, stage, profile, discount, noise)
    check_real_number(func, "tol", tol, low=0)
    exact = _is_exact_input(stage, (a0, a1), discount, noise)
    check = _nash_check(stage, a0, a1, discount, noise, tol, exact)
    if not exact and check.method == "near_tie" and _can_settle_exactly(a0, a1):
        return _settled(_nash_check(stage, a0, a1, discount, noise, tol, True))
    return _unsettled(check, "best_response_mdp")


def _nash_check(stage, a0, a1, discount, noise, tol, exact):
    chain = _Chain(stage, a0, a1, noise, exact, normalise=True)
    V = chain.solve_values(discount)
    k0 = chain.index(*chain.init)
    worst = None
    for i in (0, 1):
        W, policy = chain.best_response(i, discount, tol)
        sj = chain.init[1 - i]
        gain = W[sj] - V[i][k0]
        dev = Deviation(i, chain.init, policy[sj], gain, policy)
        if worst is None or dev.gain > worst.gain:
            worst = dev
    if exact:
        return EquilibriumCheck(worst.gain <= 0, "nash", worst, worst.gain, (chain.init,),
                                discount, noise, True, 0.0, "best_response_mdp")
    # the best reply's gain is >= 0 and exactly 0 at a Nash equilibrium: a gain within
    # rounding of the tolerance is a near tie
    rounding = _rounding(chain, discount)
    near = abs(float(worst.gain)) <= tol + rounding
    method = "near_tie" if near else "best_response_mdp"
    verdict = bool(float(worst.gain) <= (max(tol, rounding) if near else tol))
    gain = float(worst.gain) * chain.span[worst.player]
    worst = Deviation(worst.player, worst.state, worst.action, gain, worst.policy)
    return EquilibriumCheck(verdict, "nash", worst, gain, (chain.init,), discount, noise,
                            False, float(tol), method)


# ====================================================================== critical δ
def critical_discount_factor(stage: NormalFormGame, strategy: Any, *, noise: Any = 0.0,
                             concept: str = "spe", exact: bool | None = None,
                             grid: int = 400) -> DiscountSetResult:
    """The set of discount factors δ in [0, 1) at which a profile is an equilibrium.

    Exact method: every deviation constraint is a rational function of δ. The values
    ``V(δ) = (1 - δ)(I - δ P)^{-1} u`` are computed over the field Q(δ) (sympy); for
    ``concept="spe"`` the constraints are the one-shot deviations at every accessible
    joint state (see :func:`is_subgame_perfect`), for ``concept="nash"`` the values of
    every stationary deviation policy against the opponent's automaton (see
    :func:`is_nash`). The real roots of the numerators in [0, 1) split [0, 1) into
    pieces on which every constraint has a constant sign; each piece and each root is
    tested exactly, and the feasible ones are merged. The answer can be empty, a
    knife-edge point, an interval or a union.

    Float payoffs, noise and probabilities are binary rationals: by default they are
    read exactly (``Fraction(0.1)`` is the rational 0.1 stores) and served by the exact
    method, so the answer is certified for the numbers given; the description shows
    long endpoints to 12 digits, ``pieces`` keeps them exact.

    Bracketing method (``exact=False`` only): the largest deviation gain, in units of
    each player's payoff range, is evaluated on a grid of ``grid`` discount factors and
    sign changes are refined by bisection. It is not certified (``complete=False`` and an
    :class:`~secdilemma.errors.IncompleteResultWarning`): it misses knife-edge points and
    pieces narrower than the grid, and near δ = 1, where every gain is of order
    ``(1 - δ)``, it counts gains below ``1e-9`` of the payoff range as unprofitable.

    Parameters
    ----------
    stage : NormalFormGame
        Two-player stage game.
    strategy : Automaton or pair of Automaton
        A single automaton means the symmetric profile (strategy vs itself).
    noise : float or Fraction in [0, 1/2], default 0
    concept : {"spe", "nash"}, default "spe"
    exact : bool, optional
        Default (None) and ``True``: the exact method (floats are read as the rationals
        they store). ``False``: the bracketing method (flagged as not certified).
    grid : int, default 400
        Grid size of the bracketing method.

    Returns
    -------
    DiscountSetResult

    Raises
    ------
    SolverError
        When ``concept="nash"`` would need more than 4096 deviation policies in exact
        mode (``exact=False`` gives a flagged bracketing answer).

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §2.4 (critical discount factors of grim trigger, tit-for-tat and finite
       punishments).
    .. [2] Axelrod, R. (1984). *The Evolution of Cooperation*, ch. 2 and appendix B.

    Examples
    --------
    Prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1):

    >>> from secdilemma import bimatrix
    >>> from secdilemma.games.automaton import grim_trigger, tit_for_tat
    >>> from secdilemma.solvers.repeated import critical_discount_factor
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> res = critical_discount_factor(pd, grim_trigger())
    >>> res.threshold, res.description
    (Fraction(1, 2), '[1/2, 1)')
    >>> critical_discount_factor(pd, tit_for_tat(), concept="nash").description
    '[2/3, 1)'
    >>> critical_discount_factor(pd, tit_for_tat()).is_empty
    True
    """
    func = "critical_discount_factor"
    a0, a1 = _prepare(func, stage, strategy, None, noise, allow_single=True)
    check_choice(func, "concept", concept, ("spe", "nash"))
    if exact is not None and not isinstance(exact, bool):
        raise InvalidParameterError(f"{func}(): exact must be True, False or None; got "
                                    f"{exact!r}")
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 10:
        raise InvalidParameterError(f"{func}(): grid must be an integer >= 10; got {grid!r}")
    exact_inputs = _is_exact_input(stage, (a0, a1), noise)
    params = {"noise": noise, "concept": concept, "profile": (a0.name, a1.name),
              "inputs": "exact" if exact_inputs
              else "float (read as the binary rationals they store)"}
    if exact is None or exact:
        return _critical_exact(stage, a0, a1, noise, concept, params,
                               short=not exact_inputs)
    return _critical_bracketing(stage, a0, a1, noise, concept, int(grid), params)


def critical_noise(stage: NormalFormGame, strategy: Any, *, discount: Any,
                   concept: str = "spe", timeout: float | None = 60.0) -> NoiseSetResult:
    """The set of noise levels ε in [0, 1/2) at which a profile is an equilibrium at a
    fixed discount factor, decided exactly.

    The analogue in ε of :func:`critical_discount_factor`: at a fixed rational δ the
    chain's transition probabilities are polynomials in ε, the values
    ``V(ε) = (1 - δ)(I - δ P(ε))^{-1} u(ε)`` are computed over the field Q(ε) (sympy)
    and every deviation constraint — the one-shot deviations at every accessible joint
    state for ``concept="spe"``, every stationary deviation policy against the
    opponent's automaton for ``concept="nash"`` — is a rational function of ε. The real
    roots of the numerators in (0, 1/2) split [0, 1/2) into pieces on which every
    constraint has a constant sign; each piece and each root is tested exactly. The
    denominators (determinants of ``I - δ P(ε)``) do not vanish for δ < 1, so every
    constraint is continuous in ε on [0, 1/2] and the set is closed in [0, 1/2).

    Float payoffs, δ and probabilities are read exactly as the binary rationals they
    store (the answer is certified for the numbers given).

    Parameters
    ----------
    stage : NormalFormGame
        Two-player stage game.
    strategy : Automaton or pair of Automaton
        A single automaton means the symmetric profile (strategy vs itself).
    discount : float or Fraction in [0, 1)
    concept : {"spe", "nash"}, default "spe"
    timeout : float or None, default 60
        Time budget in seconds, checked between constraints, factorisations and
        critical points (a single sympy step is not interrupted); None for no limit.

    Returns
    -------
    NoiseSetResult

    Raises
    ------
    SolverError
        When the time budget runs out, or ``concept="nash"`` would need more than 4096
        deviation policies.

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §2.4 (automata) and §7 (imperfect monitoring).
    .. [2] Boyd, R. (1989). Mistakes allow evolutionary stability in the repeated
       prisoner's dilemma game. *Journal of Theoretical Biology* 136(1), 47-56.

    Examples
    --------
    Grim trigger in the prisoner's dilemma (R, S, T, P) = (3, 0, 5, 1) at δ = 9/10:

    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> from secdilemma.games.automaton import grim_trigger
    >>> from secdilemma.solvers.repeated import certified_float, critical_noise
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> res = critical_noise(pd, grim_trigger(), discount=Fraction(9, 10))
    >>> res.description
    '[0, root of 9ε^3 − 72ε^2 + 89ε − 16 in (0.2167, 0.2168) ≈ 0.21675344024064008]'
    >>> certified_float(res.tolerance)
    0.21675344024064008
    >>> res.contains(Fraction(1, 5)), res.contains(Fraction(1, 4))
    (True, False)
    """
    func = "critical_noise"
    a0, a1 = _prepare(func, stage, strategy, discount, 0, allow_single=True)
    check_choice(func, "concept", concept, ("spe", "nash"))
    if timeout is not None:
        check_real_number(func, "timeout", timeout, low=0)
    deadline = None if timeout is None else (time.monotonic() + float(timeout), timeout)
    exact_inputs = _is_exact_input(stage, (a0, a1), discount)
    params = {"discount": discount, "concept": concept, "profile": (a0.name, a1.name),
              "timeout": timeout,
              "inputs": "exact" if exact_inputs
              else "float (read as the binary rationals they store)"}
    eps, _, gains = _exact_constraints(stage, a0, a1, None, concept,
                                       discount=to_fraction(discount), deadline=deadline,
                                       func=func)
    pieces, count = _discount_pieces(eps, gains, upper=Fraction(1, 2), deadline=deadline,
                                     func=func)
    the_set, public, bounds, description = _describe_pieces(pieces, not exact_inputs, "ε")
    return NoiseSetResult(the_set, public, bounds, description, concept, discount, count,
                          params)


def certified_float(x) -> float:
    """A float within one ulp of the exact number ``x``: a Fraction is rounded
    correctly; an irrational real algebraic number (a sympy number, e.g. an endpoint of
    :class:`NoiseSetResult` or :class:`DiscountSetResult`) is evaluated to 40 digits
    and the result certified: its minimal polynomial has exactly one root (Sturm
    count, exact rational arithmetic) between the neighbouring floats, and that root is
    ``x``.

    Examples
    --------
    >>> import sympy
    >>> from secdilemma.solvers.repeated import certified_float
    >>> certified_float(sympy.sqrt(2)) == 2 ** 0.5
    True
    """
    import math

    if isinstance(x, (Fraction, int)):
        return float(x)
    import sympy  # measured import cost: loaded on first use

    if getattr(x, "is_Rational", False):
        return float(Fraction(int(x.p), int(x.q)))
    value = float(x.evalf(40))
    t = sympy.Dummy("t")
    poly = sympy.Poly(sympy.minimal_polynomial(x, t), t)
    step = Fraction(math.ulp(value))
    lo = sympy.Rational(str(Fraction(value) - step))
    hi = sympy.Rational(str(Fraction(value) + step))
    if poly.count_roots(lo, hi) != 1 or not (bool(x > lo) and bool(x < hi)):
        raise SolverError(f"certified_float(): could not certify a float within one ulp "
                          f"of {x}")  # pragma: no cover - 40 digits are plenty
    return value


def _field_values(R, delta, states, rows, rewards):
    """Normalised values ``(1 − δ)(I − δP)^{-1} r`` as elements of Q(δ): ``(numerators
    by state, common denominator)``, polynomials of ``R = Q[δ]``.

    ``rows[j]`` is the next-state distribution ``{state: p}`` of ``states[j]`` (Fractions),
    ``rewards[j]`` its stage reward. The system is solved fraction-free over Q[δ] and
    divided once in Q(δ) by the caller: the same elements of Q(δ) as arithmetic in Q(δ)
    throughout, which cancels a gcd at every step (several times slower). Shared with
    :func:`secdilemma.solvers.public_monitoring.public_critical_discount_factor`.
    """
    from sympy.polys.matrices import DomainMatrix  # measured import cost (sympy)

    d, one = R.convert(delta), R.one

    def c(x):  # rationals, or elements of R (the chain in ε at a fixed δ)
        return _lift(R, x)

    n = len(states)
    pos = {k: j for j, k in enumerate(states)}
    M = [[R.zero] * n for _ in range(n)]
    for r in range(n):
        M[r][r] = one
        for k, p in rows[r].items():
            M[r][pos[k]] = M[r][pos[k]] - d * c(p)
    rhs = DomainMatrix([[(one - d) * c(x)] for x in rewards], (n, 1), R)
    num, den = DomainMatrix(M, (n, n), R).solve_den(rhs)
    num = num.rep.to_ddm()
    return {k: num[j][0] for j, k in enumerate(states)}, den


def _exact_constraints(stage, a0, a1, noise, concept, *, discount=None, deadline=None,
                       func="critical_discount_factor"):
    """Deviation gains as elements of a field of rational functions of one variable.

    With ``discount=None``: gains in Q(δ) at the fixed rational ``noise`` (the variable is
    the discount factor). With a rational ``discount``: gains in Q(ε) at that fixed δ, the
    chain's probabilities being polynomials in the noise ε (``noise`` is ignored). The
    same constraints either way: one-shot deviations at every accessible joint state
    (``"spe"``), or every stationary deviation policy against the opponent's automaton
    (``"nash"``). ``deadline`` is checked between
    constraints (see :func:`_check_deadline`). Returns ``(variable, field, gains)``."""
    import sympy
    from sympy import QQ

    if discount is None:
        var = sympy.Symbol("delta")
        R = QQ[var]
        chain = _Chain(stage, a0, a1, noise, exact=True)
        d = R.convert(var)
    else:
        var = sympy.Symbol("epsilon")
        R = QQ[var]
        chain = _Chain(stage, a0, a1, R.convert(var), exact=True, ring=R)
        d = _lift(R, discount)
    K = QQ.frac_field(var)
    one = R.one

    def c(x):
        return _lift(R, x)

    def frac(num, den):
        return K.convert_from(num, R) / K.convert_from(den, R)

    def solve(states, rows, rewards):
        _check_deadline(deadline, func)
        return _field_values(R, d, states, rows, rewards)

    gains = []
    if concept == "spe":
        states = chain.accessible()
        rows = [chain.next[k] for k in states]
        V = [solve(states, rows, [chain.u[i][k] for k in states]) for i in (0, 1)]
        for k in states:
            _check_deadline(deadline, func)
            for i in (0, 1):
                Vn, Vd = V[i]
                for a in range(chain.m[i]):
                    u, nxt = chain.deviation_step(i, k, a)
                    # (1 - δ) u + δ Σ p V_t - V_k, times the denominator Vd
                    q = ((one - d) * c(u[i]) * Vd
                         + d * sum((c(p) * Vn[t] for t, p in nxt.items()), R.zero))
                    gains.append(frac(q - Vn[k], Vd))
    else:
        k0 = chain.index(*chain.init)
        mdps = [chain.mdp(i) for i in (0, 1)]
        opps = []
        for i in (0, 1):
            reward, nxt = mdps[i]
            sj0 = chain.init[1 - i]
            # opponent states reachable from its initial state under any actions
            seen, queue = {sj0}, deque([sj0])
            while queue:
                s = queue.popleft()
                for a in range(chain.m[i]):
                    for t in nxt[s][a]:
                        if t not in seen:
                            seen.add(t)
                            queue.append(t)
            opps.append(sorted(seen))
            if chain.m[i] ** len(opps[i]) > MAX_POLICIES:
                raise SolverError(
                    f"{func}(): concept='nash' needs "
                    f"{chain.m[i]}**{len(opps[i])} deviation policies in exact mode (more "
                    f"than {MAX_POLICIES}); " + ("use exact=False" if discount is None
                                                 else "check single noise levels with "
                                                      "is_nash"))
        path = sorted(_reachable(chain, k0))
        V = [solve(path, [chain.next[k] for k in path], [chain.u[i][k] for k in path])
             for i in (0, 1)]
        for i in (0, 1):
            j = 1 - i
            reward, nxt = mdps[i]
            opp = opps[i]
            sj0 = chain.init[j]
            Vn, Vd = V[i]
            for policy in itertools.product(range(chain.m[i]), repeat=len(opp)):
                pol = dict(zip(opp, policy))
                Wn, Wd = solve(opp, [nxt[s][pol[s]] for s in opp],
                               [reward[s][pol[s]] for s in opp])
                gains.append(frac(Wn[sj0] * Vd - Vn[k0] * Wd, Wd * Vd))
    return var, K, gains


def _check_deadline(deadline, func) -> None:
    """Raise when the time budget ``(time.monotonic() instant, timeout)``, or None, has
    run out."""
    if deadline is not None and time.monotonic() > deadline[0]:
        raise SolverError(f"{func}(): the exact computation ran out of its time budget, "
                          f"timeout={deadline[1]!r} s; pass a larger timeout, or None for "
                          f"no limit")


def _critical_exact(stage, a0, a1, noise, concept, params, short=False):
    delta, _, gains = _exact_constraints(stage, a0, a1, noise, concept)
    pieces, count = _discount_pieces(delta, gains)
    return _discount_result(pieces, concept, noise, True, "exact", count, params,
                            short=short)


def _discount_pieces(delta, gains, *, upper=1, deadline=None,
                     func="critical_discount_factor"):
    """The pieces of [0, ``upper``) on which no deviation gain (an element of Q(δ), or of
    Q(ε) for the noise sets) is positive, decided exactly, and the number of distinct
    gains; shared with
    :func:`secdilemma.solvers.public_monitoring.public_critical_discount_factor`.
    ``deadline`` (see :func:`_check_deadline`) is checked between factorisations and
    critical points."""
    import sympy  # measured import cost: loaded on first use

    top = sympy.Rational(upper)
    polys = []
    seen_keys = set()
    for g in gains:
        num = sympy.Poly(g.numer.as_expr(), delta)
        den = sympy.Poly(g.denom.as_expr(), delta)
        if num.is_zero:
            continue
        key = (tuple(num.all_coeffs()), tuple(den.all_coeffs()))
        if key in seen_keys:
            continue
        seen_keys.add(key)
        polys.append((num, den))
    # Critical points: the real roots in (0, 1) of the irreducible factors of the
    # numerators. Distinct monic irreducible polynomials over Q share no root, so every
    # point is distinct and known with its minimal polynomial: a numerator vanishes at
    # an irrational point iff that polynomial divides it (an exact test, no tolerance).
    factors: list = []
    for num, _ in polys:
        _check_deadline(deadline, func)
        for f, _mult in num.factor_list()[1]:
            f = f.monic()
            if f.degree() >= 1 and f not in factors:
                factors.append(f)
    points: list = []  # (point, minimal polynomial or None when rational)
    for f in factors:
        _check_deadline(deadline, func)
        for r in f.real_roots(multiple=True, radicals=True):
            if bool(r > 0) and bool(r < top):
                points.append((r, None if r.is_Rational else f))
    points.sort(key=functools.cmp_to_key(_compare_algebraic))
    zero = sympy.Integer(0)

    def feasible_at(x, minpoly):
        for num, den in polys:
            if minpoly is None:
                nv = num.eval(x)
                if nv == 0:
                    continue
                positive = (nv > 0) == (den.eval(x) > 0)
            else:
                if num.rem(minpoly).is_zero:
                    continue  # the gain is exactly 0 at x
                positive = _sign_at(num, delta, x) == _sign_at(den, delta, x)
            if positive:  # gain > 0: a profitable deviation
                return False
        return True

    minpolys = {idx + 1: f for idx, (_, f) in enumerate(points)}
    points = [x for x, _ in points]
    bounds = [zero] + points + [top]
    elements = []  # (lo, hi, lo_closed, hi_closed, feasible)
    for idx, x in enumerate(bounds[:-1]):
        _check_deadline(deadline, func)
        elements.append((x, x, True, True, feasible_at(x, minpolys.get(idx))))
        mid = _rational_between(x, bounds[idx + 1])
        elements.append((x, bounds[idx + 1], False, False, feasible_at(mid, None)))
    return _merge(elements), len(polys)


def _compare_algebraic(a, b) -> int:
    """Order two distinct real algebraic numbers (sympy decides with adaptive
    precision; distinct numbers always differ)."""
    a, b = a[0], b[0]
    if a == b:
        return 0
    return -1 if bool(a < b) else 1


def _sign_at(poly, delta, x) -> int:
    """The sign of ``poly`` at the irrational algebraic ``x``, known to be nonzero: sympy's
    evalf refines the precision until the requested relative accuracy is reached, and
    ``strict=True`` raises rather than return an unreliable digit."""
    import sympy
    from mpmath.libmp.libhyper import NoConvergence

    value = poly.as_expr().subs(delta, x)
    try:
        v = value.evalf(30, strict=True, maxn=4000)
    except (sympy.core.evalf.PrecisionExhausted, NoConvergence) as exc:  # pragma: no cover
        raise SolverError(f"critical_discount_factor(): could not decide the sign of a "
                          f"deviation gain at δ = {x}") from exc
    return 1 if v > 0 else -1


def _rational_between(a, b):
    """A rational number strictly between the real numbers ``a < b``."""
    import sympy

    if a.is_Rational and b.is_Rational:
        return (a + b) / 2
    digits = 60
    while True:
        fa, fb = sympy.N(a, digits), sympy.N(b, digits)
        gap = fb - fa
        # the gap must be well above the precision of fa and fb
        if gap > sympy.Float(10, digits) ** (-(digits // 2)) * (abs(fa) + abs(fb) + 1):
            mid = sympy.nsimplify((fa + fb) / 2, rational=True, tolerance=gap / 8)
            if bool(mid > a) and bool(mid < b):
                return mid
        digits *= 2
        if digits > 10_000:  # pragma: no cover - distinct algebraic numbers
            raise SolverError("critical_discount_factor(): could not separate two critical "
                              "discount factors")


def _merge(elements):
    pieces = []
    for lo, hi, lo_c, hi_c, ok in elements:
        if not ok:
            continue
        if pieces and pieces[-1][1] == lo and (pieces[-1][3] or lo_c):
            plo, _, plo_c, _ = pieces[-1]
            pieces[-1] = (plo, hi, plo_c, hi_c)
        else:
            pieces.append((lo, hi, lo_c, hi_c))
    return pieces


def _to_public(x):
    """sympy Rational -> Fraction; other sympy numbers unchanged; floats unchanged."""
    if isinstance(x, float):
        return x
    if getattr(x, "is_Rational", False):
        return Fraction(int(x.p), int(x.q))
    return x


def _poly_text(coeffs, var):
    """``9ε^3 − 72ε^2 + 89ε − 16`` from the integer coefficients (highest first)."""
    terms, deg = [], len(coeffs) - 1
    for i, a in enumerate(coeffs):
        if a == 0:
            continue
        p = deg - i
        mag = abs(a)
        body = (str(mag) if mag != 1 or p == 0 else "") + \
            ("" if p == 0 else var if p == 1 else f"{var}^{p}")
        if not terms:
            terms.append(("-" if a < 0 else "") + body)
        else:
            terms.append(("− " if a < 0 else "+ ") + body)
    return " ".join(terms)


def _root_text(x, var):
    """An algebraic endpoint given as a sympy ``CRootOf``: its polynomial in ``var``, a
    short decimal interval holding exactly this root of it, and its float value, e.g.
    ``root of 9ε^3 − 72ε^2 + 89ε − 16 in (0.2167, 0.2168) ≈ 0.21675344024064008``."""
    import math

    import sympy

    poly = x.poly
    value = certified_float(x)
    for digits in range(4, 40):
        scale = 10 ** digits
        lo = math.floor(value * scale)
        a, b = sympy.Rational(lo, scale), sympy.Rational(lo + 1, scale)
        # exactly one root in [a, b] and it is x (a < x < b): the interval names it
        if poly.count_roots(a, b) == 1 and poly.eval(a) != 0 and poly.eval(b) != 0 \
                and bool(x > a) and bool(x < b):
            break
    coeffs = [Fraction(int(c.p), int(c.q)) for c in poly.all_coeffs()]
    den = math.lcm(*(c.denominator for c in coeffs))
    coeffs = [int(c * den) for c in coeffs]

    def dec(n):   # the integer n / 10**digits, written exactly
        text = str(abs(n)).rjust(digits + 1, "0")
        return ("-" if n < 0 else "") + text[:-digits] + "." + text[-digits:]

    return (f"root of {_poly_text(coeffs, var)} in ({dec(lo)}, {dec(lo + 1)}) "
            f"≈ {value!r}")


def _describe_pieces(pieces, short=False, var="x"):
    """``(sympy set, public pieces, float bounds, description)`` of merged pieces
    ``(lo, hi, lo_closed, hi_closed)``: endpoints as Fractions when rational, sympy
    numbers when irrational, floats after bracketing. Shared by the discount-factor and
    the noise sets; ``var`` names the set's variable (δ or ε) in the description of an
    endpoint that is a root of a polynomial (:func:`_root_text`)."""
    import sympy

    sets = []
    for lo, hi, lo_c, hi_c in pieces:
        if lo == hi:
            sets.append(sympy.FiniteSet(lo))
        else:
            sets.append(sympy.Interval(lo, hi, not lo_c, not hi_c))
    the_set = sympy.Union(*sets) if sets else sympy.S.EmptySet
    public = tuple((_to_public(lo), _to_public(hi), bool(lo_c), bool(hi_c))
                   for lo, hi, lo_c, hi_c in pieces)
    bounds = tuple((float(lo), float(hi)) for lo, hi, _, _ in public)

    def fmt(x):
        if isinstance(x, float):
            return f"{x:.10g}"
        text = _root_text(x, var) if isinstance(x, sympy.CRootOf) else str(x)
        if short and len(text) > 24:
            # float inputs: exact endpoints with long binary denominators are shown to
            # 12 significant digits (the pieces keep the exact values)
            return f"≈{float(x):.12g}"
        return text

    parts = []
    for lo, hi, lo_c, hi_c in public:
        if lo == hi:
            parts.append("{" + fmt(lo) + "}")
        else:
            parts.append(("[" if lo_c else "(") + f"{fmt(lo)}, {fmt(hi)}" + ("]" if hi_c else ")"))
    description = " ∪ ".join(parts) if parts else "empty"
    return the_set, public, bounds, description


def _discount_result(pieces, concept, noise, exact, method, num_constraints, params, *,
                     short=False, complete=True, warnings_=()):
    the_set, public, bounds, description = _describe_pieces(pieces, short, "δ")
    threshold = public[0][0] if public else None
    return DiscountSetResult(the_set, public, bounds, threshold, description, concept, noise,
                             exact, method, num_constraints, dict(params), complete,
                             tuple(warnings_))


def _critical_bracketing(stage, a0, a1, noise, concept, grid, params):
    # normalised payoffs: gains in units of each player's payoff range (scale and shift
    # invariant); the tolerance is relative to that range
    chain = _Chain(stage, a0, a1, noise, exact=False, normalise=True)
    acc = chain.accessible()

    def max_gain(delta):
        V = chain.solve_values(delta)
        if concept == "spe":
            gains = [float(dev.gain) for dev in chain.one_shot_gains(V, delta, acc)
                     if not _plays(chain, dev)]
            return max(gains, default=0.0)
        k0 = chain.index(*chain.init)
        out = -np.inf
        for i in (0, 1):
            W, _ = chain.best_response(i, delta, DEFAULT_TOL)
            out = max(out, W[chain.init[1 - i]] - V[i][k0])
        return float(out)

    def ok(delta):
        return max_gain(delta) <= DEFAULT_TOL

    top = 1 - 1e-9
    xs = np.linspace(0.0, top, grid)
    flags = [ok(x) for x in xs]
    pieces = []
    start = None
    for idx in range(grid):
        if flags[idx] and start is None:
            start = 0.0 if idx == 0 else _bisect(ok, xs[idx - 1], xs[idx])
        if start is not None and (idx == grid - 1 or not flags[idx + 1]):
            if idx == grid - 1:
                pieces.append((start, 1.0, True, False))
            else:
                pieces.append((start, _bisect(ok, xs[idx + 1], xs[idx]), True, True))
            start = None
    msg = ("critical_discount_factor(): exact=False (bracketing) is not certified: it can "
           "miss knife-edge points and pieces narrower than the grid, and it counts "
           f"deviation gains up to {DEFAULT_TOL:g} of the payoff range as unprofitable "
           "(near δ = 1 every gain is that small); the default exact method is certified")
    warnings.warn(msg, IncompleteResultWarning, stacklevel=3)
    return _discount_result(pieces, concept, noise, False, "bracketing", 0, params,
                            complete=False, warnings_=(msg,))


def _bisect(ok, bad, good, iterations: int = 60):
    """Boundary between a point where ``ok`` is False and one where it is True."""
    for _ in range(iterations):
        mid = 0.5 * (bad + good)
        if mid in (bad, good):
            break
        if ok(mid):
            good = mid
        else:
            bad = mid
    return float(good)


# ====================================================================== simulation
def simulate(stage: NormalFormGame, profile: Sequence[Automaton], *, rounds: int,
             noise: Any = 0.0, rng: Any = None, repetitions: int = 1) -> SimulationResult:
    """Monte-Carlo play of an automaton profile, with implementation noise.

    Each round both automata draw their intended actions from their current states'
    mixed actions, each intended action is replaced by another (uniformly among the
    other actions) with probability ``noise``, payoffs are those of the realised
    profile, and both automata move on the realised actions. ``repetitions``
    independent plays are vectorised.

    Parameters
    ----------
    stage : NormalFormGame
    profile : pair of Automaton
    rounds : int >= 1
    noise : float or Fraction in [0, 1/2], default 0
    rng : None, int or numpy.random.Generator
        Seed or generator (``numpy.random.default_rng(rng)``); never global state.
    repetitions : int >= 1, default 1

    Returns
    -------
    SimulationResult

    References
    ----------
    .. [1] Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.

    Examples
    --------
    >>> from secdilemma import bimatrix
    >>> from secdilemma.games.automaton import tit_for_tat, always_defect
    >>> from secdilemma.solvers.repeated import simulate
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> play = simulate(pd, (tit_for_tat(), always_defect()), rounds=3, rng=0)
    >>> play.realised[0].tolist()
    [[0, 1], [1, 1], [1, 1]]
    >>> play.payoffs[0, :, 0].tolist()
    [0.0, 1.0, 1.0]
    """
    func = "simulate"
    a0, a1 = _prepare(func, stage, profile, None, noise)
    for name, value in (("rounds", rounds), ("repetitions", repetitions)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise InvalidParameterError(f"{func}(): {name} must be an integer >= 1; got "
                                        f"{value!r}")
    gen = np.random.default_rng(rng)
    eps = float(noise)
    m = stage.num_actions
    auts = (a0, a1)
    cum = [np.cumsum(a.probability_matrix(), axis=1) for a in auts]
    trans = [a.transitions for a in auts]
    state = np.tile(np.array([a0.initial_state, a1.initial_state]), (repetitions, 1))
    intended = np.empty((repetitions, rounds, 2), dtype=np.int64)
    realised = np.empty_like(intended)
    states = np.empty_like(intended)
    payoffs = np.empty((repetitions, rounds, 2))
    A = stage.payoffs
    for t in range(rounds):
        states[:, t] = state
        acts = []
        for i in (0, 1):
            u = gen.random(repetitions)
            c = cum[i][state[:, i]]
            a = np.minimum((u[:, None] >= c).sum(axis=1), m[i] - 1)
            intended[:, t, i] = a
            if eps > 0 and m[i] > 1:
                flip = gen.random(repetitions) < eps
                shift = gen.integers(1, m[i], size=repetitions)
                a = np.where(flip, (a + shift) % m[i], a)
            acts.append(a)
        realised[:, t, 0], realised[:, t, 1] = acts
        payoffs[:, t, 0] = A[0][acts[0], acts[1]]
        payoffs[:, t, 1] = A[1][acts[0], acts[1]]
        state = np.stack([trans[0][state[:, 0], acts[0], acts[1]],
                          trans[1][state[:, 1], acts[1], acts[0]]], axis=1)
    return SimulationResult(readonly(intended), readonly(realised), readonly(states),
                            readonly(payoffs), noise)
