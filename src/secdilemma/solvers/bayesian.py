"""Bayes–Nash equilibria of finite Bayesian games: ``solve_bayesian``.

Two players, mixed equilibria: each type is an *agent* that best-responds to its interim
belief, so the game is a bipartite polymatrix game between player 0's types and player
1's types. With the polyhedra

    H0 = {(x, w) : x_t in simplex for every type t of player 0,
                   x >= 0,  (N_s x)_b <= w_s  for every type s and action b of player 1}
    H1 = {(y, v) : y_s in simplex for every type s of player 1,
                   y >= 0,  (M_t y)_a <= v_t  for every type t and action a of player 0}

(``M_t y`` is the interim payoff of type t's actions, ``N_s x`` likewise for player 1),
a label is an (agent, action) pair; a constraint is tight when the action is unused
(``x_{t,a} = 0``) or a best response (``(N_s x)_b = w_s``). Completely labelled vertex
pairs are exactly the extreme Bayes–Nash equilibria, as for bimatrix games [1]_ [2]_.
Vertices are enumerated by pivoting (:mod:`._polytope`). In floating point each
player's payoffs are normalised to [0, 1] first; the float answer is kept only when the
pivoting was sure (well-conditioned bases, no near-tie), the number of equilibria is odd
and every equilibrium's interim regret is at most ``tol`` relative to the payoff range;
otherwise that game is solved again in exact arithmetic
(``diagnostics["exact_fallback"]`` says why).

Pure equilibria for any number of players: every type-contingent pure profile is
checked type by type.

References
----------
.. [1] Howson, J. T. (1972). Equilibria of polymatrix games. *Management Science*
   18(5), 312-318.
.. [2] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of
   Game Theory with Economic Applications* 3, ch. 45.
"""

from __future__ import annotations

import itertools
import time
import warnings
from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import check_choice, check_real_number
from ..errors import (DegenerateGameWarning, IncompleteResultWarning, InvalidGameError,
                      UnsupportedGameError)
from ..games.bayesian import BayesianGame
from ..results import Equilibrium, SolveResult
from ._polytope import Polyhedron, max_vertices_bound, normalise, rounding_gap, vertices
from .vertex_enumeration import MAX_VERTEX_BOUND, NEAR_DEGENERATE

__all__ = ["solve_bayesian", "BAYESIAN_METHODS"]

BAYESIAN_METHODS = ("auto", "pure", "vertex_enumeration")

_EPS = float(np.finfo(float).eps)


def solve_bayesian(game: BayesianGame, *, method: str = "auto", exact: bool = False,
                   tol: float = 1e-9, warn: bool = True,
                   timeout: float | None = None) -> SolveResult:
    """All Bayes–Nash equilibria of a finite Bayesian game, as behaviour per type.

    Parameters
    ----------
    game : BayesianGame
    method : {"auto", "pure", "vertex_enumeration"}
        ``"vertex_enumeration"`` (two players; the default for two) finds every extreme
        equilibrium, mixed ones included; ``"pure"`` (any number of players; the default
        for more than two) finds every pure equilibrium.
    exact : bool
        Rational arithmetic; each equilibrium carries ``exact_strategies`` (one tuple of
        Fractions per type, flattened per player as rows) and zero regret.
    tol : float
        Largest interim regret accepted in floating point, relative to each player's
        payoff range (largest minus smallest payoff); ``result.tol`` is ``tol`` times the
        largest range.
    warn : bool
        Issue :class:`DegenerateGameWarning` for degenerate games (recorded in the
        result either way).
    timeout : float, optional
        Time budget in seconds; when it runs out the equilibria found so far are
        returned with ``complete=False`` and an :class:`IncompleteResultWarning`. Without
        it the work is bounded by a size limit instead: ``"vertex_enumeration"`` refuses
        games whose polytopes may have more than a million vertices, ``"pure"`` games
        with more than ten million pure type-contingent profiles
        (:class:`~secdilemma.errors.UnsupportedGameError`, naming ``timeout=``).

    Returns
    -------
    SolveResult
        Each :class:`Equilibrium` has ``strategies[i]`` of shape ``(K_i, m_i)`` (one row
        per type), ``payoffs`` the ex-ante expected payoffs and ``max_regret`` the largest
        interim regret of any type. ``kind`` is ``"pure"`` or ``"mixed"``.

    References
    ----------
    .. [1] Harsanyi, J. C. (1967-68). Games with incomplete information played by
       "Bayesian" players. *Management Science* 14.
    .. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*,
       ch. 2. Princeton University Press.

    Examples
    --------
    Kydd's security dilemma (a_S = c = 0.5, trust 0.6): a cooperative equilibrium
    (security seekers cooperate, greedy states defect), all-defect, and the tipping
    equilibrium in which security seekers cooperate with probability 5/6.

    >>> from fractions import Fraction as F
    >>> import numpy as np
    >>> from secdilemma import BayesianGame, solve_bayesian
    >>> u = {"S": [[1, F(-1, 2)], [F(1, 2), 0]], "G": [[1, F(-1, 2)], [F(3, 2), 0]]}
    >>> row = np.empty((2, 2, 2, 2), dtype=object)
    >>> for t, own in enumerate("SG"):
    ...     row[t, :] = np.array(u[own], dtype=object)
    >>> game = BayesianGame([row, row.transpose(1, 0, 3, 2)],
    ...                     marginals=[[F(3, 5), F(2, 5)], [F(3, 5), F(2, 5)]])
    >>> res = solve_bayesian(game, exact=True)
    >>> len(res)
    3
    >>> [row[0] for row in res[2].exact_strategies[0]]
    [Fraction(5, 6), Fraction(0, 1)]
    """
    func = "solve_bayesian"
    if not isinstance(game, BayesianGame):
        raise InvalidGameError(f"{func}(): game must be a BayesianGame; got "
                               f"{type(game).__name__}")
    check_choice(func, "method", method, BAYESIAN_METHODS)
    check_real_number(func, "tol", tol, low=0)
    if timeout is not None:
        check_real_number(func, "timeout", timeout, low=0)
    n = game.num_players
    if method == "auto":
        method = "vertex_enumeration" if n == 2 else "pure"
    if method == "vertex_enumeration" and n != 2:
        raise UnsupportedGameError(
            f"{func}(): method='vertex_enumeration' needs two players; got {n} (use "
            "method='pure' for the pure equilibria of larger games)")
    diagnostics: dict[str, Any] = {}
    degenerate = None
    timed_out = False
    near_degenerate = None
    deadline = None if timeout is None else time.monotonic() + float(timeout)
    _check_size(game, method, timeout)
    if method == "pure":
        candidates, timed_out = _pure_candidates(game, exact=exact, tol=tol,
                                                 deadline=deadline)
        complete = False
        diagnostics["note"] = "pure equilibria only"
    else:
        candidates, degenerate, counts = _block_vertex_equilibria(
            game, exact=exact, tol=tol, deadline=deadline)
        timed_out = not counts.pop("complete")
        counts.pop("min_slack", None)
        near_degenerate = counts.get("near_degenerate")
        diagnostics.update(counts)
        complete = not degenerate and not timed_out and near_degenerate is None
    # regrets relative to each player's payoff range, computed on normalised payoffs
    # (scale- and shift-invariant), as in solve_nash
    ranges = [float(normalise(p)[2].ravel()[0]) for p in game.payoffs]
    accept_tol = 0.0 if exact else tol * max(ranges)
    equilibria, rejected = _validate(game, candidates, exact=exact, tol=tol)
    diagnostics["candidates"] = len(candidates)
    diagnostics["rejected"] = rejected
    if rejected:
        complete = False
    messages = []
    if timed_out:
        messages.append(f"solve_bayesian(): stopped at timeout={timeout:g} s; the "
                        f"equilibria found so far ({len(equilibria)}) are returned and others "
                        "may be missing")
    if near_degenerate is not None:
        messages.append(
            "solve_bayesian(): the game is degenerate up to rounding (a payoff tie is "
            f"broken only by a relative {near_degenerate:.1e}); the equilibria of the "
            "payoffs as stored are listed, but the game meant may have continua of "
            "equilibria (give exact payoffs, e.g. Fractions, to decide)")
    if degenerate:
        messages.append("solve_bayesian(): the game is degenerate; equilibria may form "
                        "continua and only their extreme points are listed")
    elif not complete and method != "pure" and not timed_out and near_degenerate is None:
        messages.append(f"solve_bayesian(): method={method!r} may have missed equilibria")
    if warn:
        for msg in messages:
            warnings.warn(msg, DegenerateGameWarning if "degenerate" in msg
                          else IncompleteResultWarning, stacklevel=2)
    return SolveResult(game=game, method=method, equilibria=tuple(equilibria),
                       parameters={"method": method, "exact": exact,
                                   "tol": 0.0 if exact else tol},
                       complete=bool(complete), degenerate=degenerate,
                       tol=accept_tol, exact=exact, diagnostics=diagnostics,
                       warnings=tuple(messages))


#: Largest number of pure type-contingent profiles ``method="pure"`` checks without a
#: ``timeout``.
MAX_PURE_PROFILES = 10_000_000


def _check_size(game: BayesianGame, method: str, timeout) -> None:
    """Refuse, unless a ``timeout`` bounds it, work that may run for hours."""
    if timeout is not None:
        return
    if method == "pure":
        count = 1
        for m, k in zip(game.num_actions, game.num_types):
            count *= m ** k
        if count > MAX_PURE_PROFILES:
            raise UnsupportedGameError(
                f"solve_bayesian(): method='pure' would check {count:.3g} pure "
                f"type-contingent profiles (more than {MAX_PURE_PROFILES:.0e}); pass "
                "timeout=<seconds> for a partial answer")
        return
    (K0, K1), (m0, m1) = game.num_types, game.num_actions
    labels = K0 * m0 + K1 * m1
    dims = (K0 * m0 + K1 - K0, K1 * m1 + K0 - K1)
    bound = max(max_vertices_bound(d, labels) for d in dims)
    if bound > MAX_VERTEX_BOUND:
        raise UnsupportedGameError(
            f"solve_bayesian(): a game with {labels} (type, action) labels is too large "
            f"to enumerate every equilibrium (its polytopes may have up to {bound:.3g} "
            "vertices); pass timeout=<seconds> for a partial enumeration")


# ---------------------------------------------------------------------- pure
def _pure_candidates(game: BayesianGame, *, exact: bool, tol: float,
                     deadline: float | None = None):
    plans = [list(itertools.product(range(m), repeat=k))
             for m, k in zip(game.num_actions, game.num_types)]
    out = []
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    if not exact:
        scale = max(float(normalise(p)[2].ravel()[0]) for p in game.payoffs)
        big = max(float(np.max(np.abs(p))) for p in game.payoffs)
    for count, combo in enumerate(itertools.product(*plans)):
        if deadline is not None and count % 256 == 0 and time.monotonic() > deadline:
            return out, True
        profile = []
        for i, plan in enumerate(combo):
            sigma = np.full((game.num_types[i], game.num_actions[i]), zero,
                            dtype=object if exact else float)
            for t, a in enumerate(plan):
                sigma[t, a] = one
            profile.append(sigma)
        regrets = game.interim_regrets(profile, exact=exact)
        worst = max(max(r) for r in regrets)
        # float: a generous pre-filter (rounding of raw payoffs included); _validate
        # then applies the range-relative test on normalised payoffs
        if (worst <= 0) if exact else (worst <= tol * scale + 64 * _EPS * big):
            out.append(tuple(profile))
    return out, False


# ---------------------------------------------------------------------- vertices
def _interim_matrices(game: BayesianGame, player: int, exact: bool, payoffs=None):
    """For each type t of ``player``, the matrix mapping the other player's stacked
    behaviour (K_other * m_other) to t's interim action values (m_player). ``payoffs``
    overrides the game's payoffs (e.g. normalised ones)."""
    other = 1 - player
    K_o, m_o = game.num_types[other], game.num_actions[other]
    K, m = game.num_types[player], game.num_actions[player]
    if payoffs is None:
        payoffs = game.exact_payoffs if exact else game.payoffs
    payoff = payoffs[player]
    mats = []
    for t in range(K):
        belief = game.interim_belief(player, t, exact=exact)  # over other's types
        M = np.empty((m, K_o * m_o), dtype=object if exact else float)
        for s in range(K_o):
            for b in range(m_o):
                for a in range(m):
                    if player == 0:
                        u = payoff[t, s, a, b]
                    else:
                        u = payoff[s, t, b, a]
                    M[a, s * m_o + b] = belief[s] * u
        mats.append(M)
    return mats


def _polyhedron(game: BayesianGame, player: int, exact: bool, payoffs=None) -> Polyhedron:
    """The polyhedron of ``player``'s behaviour (see module docstring), with unknowns
    z = (x (K*m), w (K_o)): rows ``-x_k <= 0`` then ``(N_s x)_b - w_s <= 0``, the
    per-type normalisation as equalities, and the vertex "every type plays its first
    action" as the start."""
    other = 1 - player
    K, m = game.num_types[player], game.num_actions[player]
    K_o, m_o = game.num_types[other], game.num_actions[other]
    U = K * m + K_o
    dtype = object if exact else float
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    E = np.full((K, U), zero, dtype=dtype)
    for t in range(K):
        E[t, t * m:(t + 1) * m] = one
    e = np.full(K, one, dtype=dtype)
    rows, labels = [], []
    own_offset = 0 if player == 0 else game.num_types[0] * game.num_actions[0]
    other_offset = game.num_types[0] * game.num_actions[0] if player == 0 else 0
    for k in range(K * m):
        r = np.full(U, zero, dtype=dtype)
        r[k] = -one
        rows.append(r)
        labels.append(own_offset + k)
    other_mats = _interim_matrices(game, other, exact, payoffs)
    start = [t * m + a for t in range(K) for a in range(1, m)]
    for s in range(K_o):
        values = [sum(other_mats[s][b][t * m] for t in range(K)) for b in range(m_o)]
        best = max(range(m_o), key=lambda b: values[b])
        for b in range(m_o):
            r = np.full(U, zero, dtype=dtype)
            r[:K * m] = other_mats[s][b]
            r[K * m + s] = -one
            if b == best:
                start.append(len(rows))
            rows.append(r)
            labels.append(other_offset + s * m_o + b)
    D = np.array(rows, dtype=dtype)
    c = np.full(len(rows), zero, dtype=dtype)
    return Polyhedron(D=D, c=c, E=E, e=e, labels=tuple(labels), start=tuple(start),
                      bounded=False)


def _pair_vertices(V0, V1, full: int, dims):
    """Index pairs of completely labelled vertex pairs."""
    if not V0.degenerate and not V1.degenerate:
        lookup = {mk: b for b, mk in enumerate(V1.masks)}
        return [(a, lookup[full ^ mk]) for a, mk in enumerate(V0.masks)
                if (full ^ mk) in lookup]
    m1 = np.array(V1.masks, dtype=np.int64)
    out = []
    for a, mk in enumerate(V0.masks):
        out.extend((a, int(b)) for b in np.flatnonzero((mk | m1) == full))
    return out


def _block_vertex_equilibria(game: BayesianGame, *, exact: bool, tol: float,
                             deadline: float | None = None):
    (K0, K1), (m0, m1) = game.num_types, game.num_actions
    total_labels = K0 * m0 + K1 * m1
    if total_labels > 62:
        raise UnsupportedGameError("solve_bayesian(): too many (type, action) labels for "
                                   f"vertex enumeration ({total_labels} > 62)")
    full = (1 << total_labels) - 1
    dims = (K0 * m0 + K1 - K0, K1 * m1 + K0 - K1)
    if exact:
        return _block_exact(game, full, dims, deadline)
    # float: each player's payoffs normalised to [0, 1] (scale- and shift-invariant)
    norm = [normalise(u)[0] for u in game.payoffs]
    gap = rounding_gap(*game.payoffs)  # a slack this small may be a tie lost in storage
    H0, H1 = _polyhedron(game, 0, False, norm), _polyhedron(game, 1, False, norm)
    H0.data_error = H1.data_error = gap
    V0 = vertices(H0, exact=False, deadline=deadline)
    V1 = vertices(H1, exact=False, deadline=deadline)
    info = {"vertices_0": len(V0.masks), "vertices_1": len(V1.masks),
            "complete": V0.complete and V1.complete}
    reason = V0.unsure or V1.unsure
    pairs = []
    if reason is None:
        N0 = _interim_matrices(game, 0, False, norm)
        N1 = _interim_matrices(game, 1, False, norm)
        for a, b in _pair_vertices(V0, V1, full, dims):
            xs = V0.points[a][:K0 * m0].reshape(K0, m0).copy()
            ys = V1.points[b][:K1 * m1].reshape(K1, m1).copy()
            xs[(np.array(V0.masks[a]) >> np.arange(K0 * m0)).reshape(K0, m0) & 1 == 1] = 0.0
            off = K0 * m0
            ys[(np.array(V1.masks[b]) >> (off + np.arange(K1 * m1))).reshape(K1, m1)
               & 1 == 1] = 0.0
            xs = np.clip(xs, 0.0, None)
            ys = np.clip(ys, 0.0, None)
            xs /= xs.sum(axis=1, keepdims=True)
            ys /= ys.sum(axis=1, keepdims=True)
            worst = max(max(_type_regret(N0[t], xs[t], ys.ravel()) for t in range(K0)),
                        max(_type_regret(N1[s], ys[s], xs.ravel()) for s in range(K1)))
            if worst > tol:
                reason = "an equilibrium failed the regret check"
                break
            pairs.append((xs, ys))
    if reason is None and info["complete"] and len(pairs) % 2 == 0:
        reason = f"{len(pairs)} equilibria found; a nondegenerate game has an odd number"
    if reason is None:
        return pairs, False, info
    pairs, degenerate, info = _block_exact(game, full, dims, deadline)
    info["exact_fallback"] = reason
    slack = info.get("min_slack")  # absent when the budget ran out first
    if not degenerate and slack is not None and slack < NEAR_DEGENERATE + gap:
        # a tie broken only at the level of float rounding (see solve_nash)
        info["near_degenerate"] = slack
    return pairs, degenerate, info


def _type_regret(M, own, other_flat) -> float:
    values = M @ other_flat
    return float(values.max() - own @ values)


def _block_exact(game: BayesianGame, full: int, dims, deadline):
    """Exact vertex enumeration (floats taken as the binary rationals they store)."""
    (K0, K1), (m0, m1) = game.num_types, game.num_actions
    spans = [float(normalise(u)[2].ravel()[0]) for u in game.payoffs]
    H0, H1 = _polyhedron(game, 0, True), _polyhedron(game, 1, True)
    # slacks in the units of the float path (probabilities; payoffs over their range)
    H0.slack_weights = (1.0,) * (K0 * m0) + (1.0 / spans[1],) * (K1 * m1)
    H1.slack_weights = (1.0,) * (K1 * m1) + (1.0 / spans[0],) * (K0 * m0)
    V0 = vertices(H0, exact=True, deadline=deadline)
    V1 = vertices(H1, exact=True, deadline=deadline) if V0.complete else None
    if V1 is None:
        return [], V0.degenerate, {"vertices_0": len(V0.masks), "vertices_1": 0,
                                   "complete": False}
    pairs = []
    for a, b in _pair_vertices(V0, V1, full, dims):
        xs = np.array(V0.points[a][:K0 * m0], dtype=object).reshape(K0, m0)
        ys = np.array(V1.points[b][:K1 * m1], dtype=object).reshape(K1, m1)
        pairs.append((xs, ys))
    degenerate = V0.degenerate or V1.degenerate
    return pairs, degenerate, {"vertices_0": len(V0.masks), "vertices_1": len(V1.masks),
                               "complete": V0.complete and V1.complete,
                               "min_slack": min(V0.extra["min_slack"],
                                                V1.extra["min_slack"])}


# ---------------------------------------------------------------------- validation
def _relative_regrets(game: BayesianGame, profile) -> list:
    """Each player's largest interim regret in units of that player's payoff range,
    computed on normalised payoffs (two players; the pure method's n-player candidates
    use the game's own regrets divided by the range)."""
    ranges = [float(normalise(p)[2].ravel()[0]) for p in game.payoffs]
    if game.num_players != 2:
        return [float(max(r)) / w for r, w in zip(game.interim_regrets(profile), ranges)]
    norm = [normalise(u)[0] for u in game.payoffs]
    out = []
    for i in range(2):
        mats = _interim_matrices(game, i, False, norm)
        other = profile[1 - i].ravel()
        out.append(max(max(_type_regret(M, profile[i][t], other)
                           for t, M in enumerate(mats)), 0.0))
    return out


def _validate(game: BayesianGame, candidates, *, exact: bool, tol: float):
    ranges = [float(normalise(p)[2].ravel()[0]) for p in game.payoffs]
    accepted = []
    seen = []
    rejected = 0
    for cand in candidates:
        if exact:
            profile = [np.array([[Fraction(v) for v in row] for row in np.asarray(s, dtype=object)],
                                dtype=object) for s in cand]
            if any(v < 0 for s in profile for v in s.ravel()) or any(
                    sum(row) != 1 for s in profile for row in s):
                rejected += 1
                continue
            if max(max(r) for r in game.interim_regrets(profile, exact=True)) > 0:
                rejected += 1
                continue
            key = tuple(tuple(tuple(row) for row in s) for s in profile)
            if key in seen:
                continue
            seen.append(key)
            pays = tuple(game.behaviour_payoffs(profile, exact=True))
            floats = [np.array(s, dtype=float) for s in profile]
            pure = all(sum(1 for v in row if v) == 1 for s in profile for row in s)
            accepted.append(Equilibrium(
                strategies=floats, payoffs=[float(u) for u in pays], max_regret=0.0,
                kind="pure" if pure else "mixed",
                exact_strategies=tuple(tuple(tuple(row) for row in s) for s in profile),
                exact_payoffs=pays, actions=game.actions, players=game.players, types=game.types))
        else:
            profile = [np.asarray(s, dtype=float) for s in cand]
            if any(not np.all(np.isfinite(s)) for s in profile) or any(
                    np.any(s < -tol) or np.any(np.abs(s.sum(axis=1) - 1) > tol) for s in profile):
                rejected += 1
                continue
            profile = [_clean_rows(s) for s in profile]
            relative = _relative_regrets(game, profile)
            if max(relative) > tol:
                rejected += 1
                continue
            regret = max(r * w for r, w in zip(relative, ranges))
            if any(all(np.allclose(a, b, atol=tol, rtol=0) for a, b in zip(profile, old))
                   for old in seen):
                continue
            seen.append(profile)
            pure = all(np.all(np.count_nonzero(s, axis=1) == 1) for s in profile)
            accepted.append(Equilibrium(
                strategies=profile, payoffs=game.behaviour_payoffs(profile),
                max_regret=max(regret, 0.0), kind="pure" if pure else "mixed",
                actions=game.actions, players=game.players, types=game.types))
    accepted.sort(key=lambda eq: (not eq.is_pure,
                                  tuple(-p for s in eq.strategies for p in s.ravel())))
    return accepted, rejected


def _clean_rows(s: np.ndarray) -> np.ndarray:
    s = np.where(np.abs(s) < 1e-12, 0.0, s)
    s = np.clip(s, 0.0, None)
    return s / s.sum(axis=1, keepdims=True)
