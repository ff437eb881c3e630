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
Vertices are enumerated by brute force over bases, in floating point (batched) or in
exact rational arithmetic.

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
import warnings
from fractions import Fraction
from math import comb
from typing import Any

import numpy as np

from .._validation import check_choice, check_real_number
from ..errors import (DegenerateGameWarning, IncompleteResultWarning, InvalidGameError,
                      UnsupportedGameError)
from ..games.bayesian import BayesianGame
from ..results import Equilibrium, SolveResult
from ._exact_linalg import solve_exact

__all__ = ["solve_bayesian", "BAYESIAN_METHODS"]

BAYESIAN_METHODS = ("auto", "pure", "vertex_enumeration")

_MAX_BASES = 3_000_000


def solve_bayesian(game: BayesianGame, *, method: str = "auto", exact: bool = False,
                   tol: float = 1e-9, warn: bool = True) -> SolveResult:
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
        Largest interim regret accepted in floating point, relative to the payoff scale
        (``tol * max(1, largest |payoff|)``; the absolute value used is ``result.tol``).
    warn : bool
        Issue :class:`DegenerateGameWarning` for degenerate games (recorded in the
        result either way).

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
    n = game.num_players
    if method == "auto":
        method = "vertex_enumeration" if n == 2 else "pure"
    if method == "vertex_enumeration" and n != 2:
        raise UnsupportedGameError(
            f"{func}(): method='vertex_enumeration' needs two players; got {n} (use "
            "method='pure' for the pure equilibria of larger games)")
    diagnostics: dict[str, Any] = {}
    degenerate = None
    if method == "pure":
        candidates = _pure_candidates(game, exact=exact, tol=tol)
        complete = False
        diagnostics["note"] = "pure equilibria only"
    else:
        candidates, degenerate, counts = _block_vertex_equilibria(game, exact=exact, tol=tol)
        diagnostics.update(counts)
        complete = not degenerate
    # regrets of payoffs of size U carry rounding errors of order U * 1e-16: the float
    # acceptance test is relative to the payoff scale, as in solve_nash
    scale = max(1.0, max(float(np.max(np.abs(p))) for p in game.payoffs))
    accept_tol = 0.0 if exact else tol * scale
    equilibria, rejected = _validate(game, candidates, exact=exact, tol=accept_tol)
    diagnostics["candidates"] = len(candidates)
    diagnostics["rejected"] = rejected
    if rejected:
        complete = False
    messages = []
    if degenerate:
        messages.append("solve_bayesian(): the game is degenerate; equilibria may form "
                        "continua and only their extreme points are listed")
    elif not complete and method != "pure":
        messages.append(f"solve_bayesian(): method={method!r} may have missed equilibria")
    if warn:
        for msg in messages:
            warnings.warn(msg, DegenerateGameWarning if degenerate else IncompleteResultWarning,
                          stacklevel=2)
    return SolveResult(game=game, method=method, equilibria=tuple(equilibria),
                       parameters={"method": method, "exact": exact,
                                   "tol": 0.0 if exact else tol},
                       complete=bool(complete), degenerate=degenerate,
                       tol=accept_tol, exact=exact, diagnostics=diagnostics,
                       warnings=tuple(messages))


# ---------------------------------------------------------------------- pure
def _pure_candidates(game: BayesianGame, *, exact: bool, tol: float):
    plans = [list(itertools.product(range(m), repeat=k))
             for m, k in zip(game.num_actions, game.num_types)]
    out = []
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    for combo in itertools.product(*plans):
        profile = []
        for i, plan in enumerate(combo):
            sigma = np.full((game.num_types[i], game.num_actions[i]), zero,
                            dtype=object if exact else float)
            for t, a in enumerate(plan):
                sigma[t, a] = one
            profile.append(sigma)
        regrets = game.interim_regrets(profile, exact=exact)
        worst = max(max(r) for r in regrets)
        if (worst <= 0) if exact else (worst <= tol):
            out.append(tuple(profile))
    return out


# ---------------------------------------------------------------------- vertices
def _interim_matrices(game: BayesianGame, player: int, exact: bool):
    """For each type t of ``player``, the matrix mapping the other player's stacked
    behaviour (K_other * m_other) to t's interim action values (m_player)."""
    other = 1 - player
    K_o, m_o = game.num_types[other], game.num_actions[other]
    K, m = game.num_types[player], game.num_actions[player]
    payoff = (game.exact_payoffs if exact else game.payoffs)[player]
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


def _polyhedron(game: BayesianGame, player: int, exact: bool):
    """Constraints of the polyhedron of ``player``'s behaviour (see module docstring).

    Unknowns: z = (x (K*m), w (K_o)). Returns (E, e, G, h, label_of_row), with rows
    of G z <= h, and E z = e the per-type normalisation.
    """
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
    rows, rhs, labels = [], [], []
    # x >= 0  <=>  -x <= 0
    own_offset = 0 if player == 0 else game.num_types[0] * game.num_actions[0]
    other_offset = game.num_types[0] * game.num_actions[0] if player == 0 else 0
    for k in range(K * m):
        r = np.full(U, zero, dtype=dtype)
        r[k] = -one
        rows.append(r)
        rhs.append(zero)
        labels.append(own_offset + k)
    # other's interim payoffs <= w_s
    other_mats = _interim_matrices(game, other, exact)
    for s in range(K_o):
        for b in range(m_o):
            r = np.full(U, zero, dtype=dtype)
            r[:K * m] = other_mats[s][b]
            r[K * m + s] = -one
            rows.append(r)
            rhs.append(zero)
            labels.append(other_offset + s * m_o + b)
    return E, e, np.array(rows, dtype=dtype), np.array(rhs, dtype=dtype), labels


def _vertices(E, e, G, h, labels, *, exact: bool, tol: float, num_x: int):
    K, U = E.shape
    L = G.shape[0]
    need = U - K
    if comb(L, need) > _MAX_BASES:
        raise UnsupportedGameError(
            f"solve_bayesian(): the game is too large for vertex enumeration "
            f"({comb(L, need)} bases); use method='pure'")
    masks_seen: dict[int, Any] = {}
    if exact:
        Erows = [list(r) for r in E]
        Grows = [list(r) for r in G]
        for basis in _exact_candidate_bases(E, e, G, h, need):
            mat = Erows + [Grows[r] for r in basis]
            sol = solve_exact(mat, list(e) + [h[r] for r in basis])
            if sol is None:
                continue
            mask = 0
            ok = True
            for r in range(L):
                slack = h[r] - sum(a * b for a, b in zip(Grows[r], sol) if a != 0)
                if slack < 0:
                    ok = False
                    break
                if slack == 0:
                    mask |= 1 << labels[r]
            if ok and mask not in masks_seen:
                masks_seen[mask] = tuple(sol[:num_x])
        return masks_seen
    bases = np.array(list(itertools.combinations(range(L), need)), dtype=np.intp)
    if bases.size == 0:
        bases = bases.reshape(1, 0)
    mats = np.concatenate([np.broadcast_to(E, (len(bases), K, U)), G[bases]], axis=1)
    rhs = np.concatenate([np.broadcast_to(e, (len(bases), K)), h[bases]], axis=1)
    scale = max(1.0, float(np.max(np.abs(G))))
    dets = np.linalg.det(mats / scale)
    good = np.abs(dets) > 1e-12
    if not np.any(good):
        return masks_seen
    z = np.linalg.solve(mats[good], rhs[good][..., None])[..., 0]
    slack = h[None, :] - z @ G.T
    feasible = np.all(slack >= -tol * scale, axis=1)
    z, slack = z[feasible], slack[feasible]
    tight = np.abs(slack) <= tol * scale
    weights = np.array([1 << lab for lab in labels], dtype=np.int64)
    masks = (tight.astype(np.int64) * weights).sum(axis=1)
    for mask, point in zip(masks, z):
        if int(mask) not in masks_seen:
            masks_seen[int(mask)] = np.clip(point[:num_x], 0.0, None)
    return masks_seen


def _exact_candidate_bases(E, e, G, h, need):
    """Bases worth solving exactly: a float screen drops the bases whose solution is
    infeasible by a margin far above its rounding error bound (condition number times
    machine epsilon); near-singular bases are always kept. The exact solve then decides,
    so the screen can only save time, never change the answer."""
    L = G.shape[0]
    bases = np.array(list(itertools.combinations(range(L), need)), dtype=np.intp)
    if bases.size == 0:
        return [()]
    Ef, ef = np.array(E, dtype=float), np.array(e, dtype=float)
    Gf, hf = np.array(G, dtype=float), np.array(h, dtype=float)
    K, U = Ef.shape
    mats = np.concatenate([np.broadcast_to(Ef, (len(bases), K, U)), Gf[bases]], axis=1)
    rhs = np.concatenate([np.broadcast_to(ef, (len(bases), K)), hf[bases]], axis=1)
    cond = np.linalg.cond(mats)
    keep = ~np.isfinite(cond) | (cond > 1e10)
    ok = ~keep
    if np.any(ok):
        z = np.linalg.solve(mats[ok], rhs[ok][..., None])[..., 0]
        slack = hf[None, :] - z @ Gf.T
        size = np.abs(z).max(axis=1) * np.abs(Gf).max() + np.abs(hf).max() + 1.0
        margin = 1e-6 + cond[ok] * 1e-13 * size
        keep[np.flatnonzero(ok)] = np.all(slack >= -margin[:, None], axis=1)
    return [tuple(int(r) for r in b) for b in bases[keep]]


def _block_vertex_equilibria(game: BayesianGame, *, exact: bool, tol: float):
    (K0, K1), (m0, m1) = game.num_types, game.num_actions
    total_labels = K0 * m0 + K1 * m1
    if total_labels > 62:
        raise UnsupportedGameError("solve_bayesian(): too many (type, action) labels for "
                                   f"vertex enumeration ({total_labels} > 62)")
    V0 = _vertices(*_polyhedron(game, 0, exact), exact=exact, tol=tol, num_x=K0 * m0)
    V1 = _vertices(*_polyhedron(game, 1, exact), exact=exact, tol=tol, num_x=K1 * m1)
    full = (1 << total_labels) - 1
    # a vertex of H0 lies in K0*m0 + K1 dimensions with K0 equalities: it is simple
    # (nondegenerate) when exactly K0*m0 + K1 - K0 inequalities are tight
    dims = (K0 * m0 + K1 - K0, K1 * m1 + K0 - K1)
    degenerate = any(bin(mk).count("1") > dims[0] for mk in V0) or any(
        bin(mk).count("1") > dims[1] for mk in V1)
    pairs = []
    for mx, x in V0.items():
        for my, y in V1.items():
            if (mx | my) == full:
                if exact:
                    xs = np.array(x, dtype=object).reshape(K0, m0)
                    ys = np.array(y, dtype=object).reshape(K1, m1)
                else:
                    xs = np.asarray(x, dtype=float).reshape(K0, m0)
                    ys = np.asarray(y, dtype=float).reshape(K1, m1)
                    xs = xs / xs.sum(axis=1, keepdims=True)
                    ys = ys / ys.sum(axis=1, keepdims=True)
                pairs.append((xs, ys))
    return pairs, degenerate, {"vertices_0": len(V0), "vertices_1": len(V1)}


# ---------------------------------------------------------------------- validation
def _validate(game: BayesianGame, candidates, *, exact: bool, tol: float):
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
            regret = game.max_regret(profile)
            if regret > tol:
                rejected += 1
                continue
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
