"""Nash equilibria of normal-form games: ``solve_nash``.

Every equilibrium any method proposes is re-validated before it is reported: finite, on
the simplex, and with ``max_regret <= tol`` (exactly zero regret in exact mode). A
candidate that fails is dropped and counted in ``diagnostics``, and the result is marked
``complete=False``: never a silent wrong answer.

Methods
-------
``"pure"``
    All pure equilibria, any number of players. Complete for pure equilibria only.
``"vertex_enumeration"``
    Two players: every extreme equilibrium by enumerating the vertices of the
    best-response polytopes (by pivoting); finds all equilibria of a nondegenerate game
    and all extreme equilibria of a degenerate one (flagged ``degenerate=True,
    complete=False``). In floating point the answer is certified (well-conditioned
    pivots, no near-tie, an odd number of equilibria, regrets relative to the payoff
    ranges); a game the float path is unsure of is solved again in exact arithmetic
    (``diagnostics["exact_fallback"]`` says why). Games whose polytopes may have more
    than a million vertices (beyond about 16 x 16) need ``timeout=``.
``"support_enumeration"``
    Two players: equal-size supports; complete for nondegenerate games.
``"lemke_howson"``
    Two players: one equilibrium per dropped label (all labels by default); never
    complete.
``"gambit_enumpoly"``
    Three or more players: the pure equilibria, the mixed ones of pygambit's
    polynomial-system solver (optional dependency: ``pip install pygambit``) run under a
    time budget (``timeout``; a warning says when it ran out), and the limit of the
    logit QRE branch. Never complete.
``"logit_qre"``
    Any number of players: the pure equilibria plus the verified limit of the principal
    logit QRE branch (:func:`~secdilemma.solve_qre`), within ``timeout``. Never complete.
``"auto"``
    Two players: a small float game that the compiled support enumeration certifies
    nondegenerate (every margin clear of zero, an odd number of equilibria; a few
    microseconds) is answered by it, reported as ``"support_enumeration"``; any other
    game by ``"vertex_enumeration"``. For more players, ``"gambit_enumpoly"`` when
    pygambit is installed and ``"logit_qre"`` (with a warning) when it is not;
    ``"pure"`` for a one-player game. The methods for three or more players stop within
    ``timeout`` seconds (10 by default), so the default never runs unbounded.
"""

from __future__ import annotations

import struct
import warnings
from fractions import Fraction
from types import MappingProxyType
from math import comb
from typing import Any

import numpy as np

from .._validation import check_choice, check_real_number
from ..errors import (DegenerateGameWarning, IncompleteResultWarning, InvalidGameError,
                      InvalidParameterError, SolverError, UnsupportedGameError)
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, SolveResult
from .lemke_howson import lemke_howson_path
from .support_enumeration import support_enumeration
from ._bimatrix_kernel import MAX_ACTIONS as _KERNEL_MAX_ACTIONS, solve_one
from ._polytope import normalise
from .vertex_enumeration import MAX_VERTEX_BOUND, deadline_from, extreme_equilibria, vertex_bound

__all__ = ["solve_nash", "METHODS", "DEFAULT_TOL"]

#: Methods accepted by :func:`solve_nash`.
METHODS = ("auto", "pure", "vertex_enumeration", "support_enumeration", "lemke_howson",
           "gambit_enumpoly", "logit_qre")

#: Default regret tolerance of the floating-point methods.
DEFAULT_TOL = 1e-9

_TWO_PLAYER = ("vertex_enumeration", "support_enumeration", "lemke_howson")


def solve_nash(game: NormalFormGame, *, method: str = "auto", exact: bool = False,
               tol: float = DEFAULT_TOL, initial_dropped_label: int | None = None,
               max_iter: int = 10_000, warn: bool = True,
               timeout: float | None = None) -> SolveResult:
    """Compute Nash equilibria of a normal-form game.

    Parameters
    ----------
    game : NormalFormGame
    method : {"auto", "pure", "vertex_enumeration", "support_enumeration", "lemke_howson", "gambit_enumpoly", "logit_qre"}
        The algorithm (see the module docstring). ``"auto"`` finds every equilibrium
        the package can: all extreme equilibria for two players. A small two-player
        float game (at most ``MAX_ACTIONS`` actions each, see
        :mod:`secdilemma.solvers._bimatrix_kernel`) that the compiled support enumeration
        certifies nondegenerate is solved by it (``method="support_enumeration"`` in the
        result, the same equilibria); every other game by vertex enumeration.
    exact : bool
        Compute and verify in exact rational arithmetic (:class:`~fractions.Fraction`).
        Each equilibrium then carries ``exact_strategies`` and ``max_regret == 0.0``.
        Float payoffs are taken as the binary rationals they store.
    tol : float
        Largest regret accepted in floating point, relative to the payoff range: an
        equilibrium is accepted when each player's regret is at most ``tol`` times the
        range (largest minus smallest payoff) of that player's payoffs, so the test does
        not change when payoffs are scaled or shifted (``result.tol`` is ``tol`` times
        the largest range, a bound on every reported ``max_regret``). Ignored when
        ``exact``.
    initial_dropped_label : int, optional
        ``"lemke_howson"`` only: follow one path instead of all ``m + n`` paths.
    max_iter : int
        ``"lemke_howson"`` only: pivot cap per path.
    warn : bool
        Issue :class:`DegenerateGameWarning` / :class:`IncompleteResultWarning` (the
        condition is recorded in the result either way).
    timeout : float, optional
        A time budget in seconds. ``"vertex_enumeration"`` and
        ``"support_enumeration"``: when it runs out the equilibria found so far are
        returned with ``complete=False`` and an :class:`IncompleteResultWarning` (never a
        hang); without it the enumeration is bounded by its size limit instead.
        ``"gambit_enumpoly"`` and ``"logit_qre"`` (three or more players): always
        bounded, 10 s when ``None``; enumpoly runs in a child process that is killed
        after three quarters of the budget, and the logit QRE limit gets the rest. On
        timeout the result lists what was found (the pure equilibria and the QRE limit)
        with a warning and ``diagnostics["timed_out"]``.

    Returns
    -------
    SolveResult
        ``equilibria`` sorted deterministically (pure first, then by support and
        probabilities); ``complete`` says whether the list is known to hold every
        equilibrium.

    Raises
    ------
    InvalidParameterError
        Unknown method, negative tolerance, ``exact`` not a bool, an
        ``initial_dropped_label`` out of range, a negative ``timeout``.
    UnsupportedGameError
        A two-player method on another game; mixed equilibria of an n >= 3 player game
        without pygambit; ``"vertex_enumeration"`` on a game too large to enumerate
        without a ``timeout``.

    References
    ----------
    .. [1] Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2),
       286-295.
    .. [2] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook
       of Game Theory with Economic Applications* 3, ch. 45.

    Examples
    --------
    The stag hunt of Jervis (1978) with (R, T, P, S) = (4, 3, 2, 1) has two pure
    equilibria and a mixed one in which each side cooperates with probability 1/2:

    >>> from secdilemma import bimatrix, solve_nash
    >>> stag_hunt = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]],
    ...                      actions=[["C", "D"], ["C", "D"]])
    >>> result = solve_nash(stag_hunt, exact=True)
    >>> [eq.kind for eq in result]
    ['pure', 'pure', 'mixed']
    >>> result[2].exact_strategies[0]
    (Fraction(1, 2), Fraction(1, 2))
    >>> result.complete
    True
    """
    if (type(game) is NormalFormGame and method == "auto" and exact is False
            and tol == DEFAULT_TOL and timeout is None and initial_dropped_label is None
            and type(max_iter) is int and max_iter >= 1):
        # the default call on a small two-player game (every option valid as given):
        # the compiled kernel's certified answer, or the general path below
        shape = game.num_actions
        if (len(shape) == 2 and shape[0] <= _KERNEL_MAX_ACTIONS
                and shape[1] <= _KERNEL_MAX_ACTIONS):
            fast = _certified_small(game, DEFAULT_TOL, None)
            if fast is not None:
                return fast
    func = "solve_nash"
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{func}(): game must be a NormalFormGame; got {type(game).__name__}"
        )
    check_choice(func, "method", method, METHODS)
    check_real_number(func, "tol", tol, low=0)
    if not isinstance(exact, bool):
        raise InvalidParameterError(f"{func}(): exact must be True or False; got {exact!r}")
    if timeout is not None:
        check_real_number(func, "timeout", timeout, low=0, low_open=True)
    n = game.num_players
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) \
            or max_iter < 1:
        raise InvalidParameterError(f"{func}(): max_iter must be an integer >= 1; got "
                                    f"{max_iter!r}")
    if (n == 2 and not exact and method in ("auto", "support_enumeration")
            and tol >= DEFAULT_TOL and max(game.num_actions) <= _KERNEL_MAX_ACTIONS):
        fast = _certified_small(game, tol, timeout)
        if fast is not None:
            return fast
    no_gambit = method == "auto" and n >= 3 and not _n_player().gambit_backend.have_pygambit()
    if method == "auto":
        method = "pure" if n == 1 else ("vertex_enumeration" if n == 2 else
                                        "logit_qre" if no_gambit else "gambit_enumpoly")
    if method in _TWO_PLAYER and n != 2:
        raise UnsupportedGameError(
            f"{func}(): method={method!r} needs a two-player game; got {n} players "
            "(use method='pure', or method='gambit_enumpoly' with pygambit installed)"
        )
    if method == "gambit_enumpoly" and n < 3:
        raise UnsupportedGameError(
            f"{func}(): method='gambit_enumpoly' is for games of three or more players; "
            f"got {n} (use method='vertex_enumeration')"
        )
    parameters: dict[str, Any] = {"method": method, "exact": exact, "tol": 0.0 if exact else tol}
    diagnostics: dict[str, Any] = {}
    degenerate: bool | None = None
    timed_out = False
    near_degenerate = None

    if method == "pure":
        candidates = _n_player().pure_candidates(game, exact=exact)  # exact: scale-free
        complete = n == 1  # complete for the pure equilibria only
        diagnostics["note"] = "pure equilibria only"
    elif method == "vertex_enumeration":
        A, B = (game.exact_payoffs if exact else game.payoffs)
        bound = vertex_bound(*game.num_actions)
        if timeout is None and bound > MAX_VERTEX_BOUND:
            m_, n_ = game.num_actions
            raise UnsupportedGameError(
                f"{func}(): a {m_} x {n_} game is too large to enumerate every equilibrium "
                f"(its best-response polytopes may have up to {bound:.3g} vertices); use "
                "method='lemke_howson' (one equilibrium per dropped label, "
                "complete=False), or pass timeout=<seconds> for a partial enumeration"
            )
        if timeout is not None:
            parameters["timeout"] = float(timeout)
        candidates, degenerate, info = extreme_equilibria(
            A, B, exact=exact, tol=tol, deadline=deadline_from(timeout),
            exact_payoffs=None if exact else game.exact_payoffs)
        timed_out = not info.pop("complete")
        info.pop("min_slack", None)
        near_degenerate = info.get("near_degenerate")
        diagnostics.update(info)
        complete = not degenerate and not timed_out and near_degenerate is None
    elif method == "support_enumeration":
        A, B = (game.exact_payoffs if exact else game.payoffs)
        pairs_to_try = comb(sum(game.num_actions), game.num_actions[0])
        if timeout is None and pairs_to_try > 10_000_000:
            m_, n_ = game.num_actions
            raise UnsupportedGameError(
                f"{func}(): method='support_enumeration' would try {pairs_to_try:.3g} "
                f"support pairs on a {m_} x {n_} game; use method='vertex_enumeration', "
                "method='lemke_howson' (complete=False), or pass timeout=<seconds>"
            )
        if timeout is not None:
            parameters["timeout"] = float(timeout)
        deadline = deadline_from(timeout)
        candidates, stats = support_enumeration(A, B, exact=exact, tol=tol,
                                                deadline=deadline)
        timed_out = not stats.pop("complete")
        diagnostics.update(stats)
        degenerate = _is_degenerate(game, deadline)
        complete = degenerate is False and not timed_out
    elif method == "lemke_howson":
        A, B = (game.exact_payoffs if exact else game.payoffs)
        labels = (range(sum(game.num_actions)) if initial_dropped_label is None
                  else [initial_dropped_label])
        if initial_dropped_label is not None and not (
                isinstance(initial_dropped_label, (int, np.integer))
                and not isinstance(initial_dropped_label, bool)
                and 0 <= initial_dropped_label < sum(game.num_actions)):
            raise InvalidParameterError(
                f"{func}(): initial_dropped_label must be an integer in "
                f"[0, {sum(game.num_actions) - 1}]; got {initial_dropped_label!r}"
            )
        parameters["initial_dropped_label"] = initial_dropped_label
        parameters["max_iter"] = max_iter
        candidates = []
        failures = []
        pivots = {}
        for label in labels:
            try:
                pair, count = lemke_howson_path(A, B, label, exact=exact, max_iter=max_iter)
            except SolverError as exc:
                failures.append(str(exc))
                continue
            pivots[int(label)] = count
            candidates.append(pair)
        diagnostics["pivots"] = pivots
        diagnostics["failed_paths"] = failures
        if failures and not candidates:
            raise SolverError("; ".join(failures))
        complete = False
    else:  # gambit_enumpoly, logit_qre: pure equilibria + mixed ones within `timeout`
        n_player = _n_player()
        budget = n_player.DEFAULT_TIMEOUT if timeout is None else float(timeout)
        parameters["timeout"] = budget
        candidates, info, n_messages, _ = n_player.n_player_candidates(
            game, method, exact=exact, tol=tol, timeout=budget)
        diagnostics.update(info)
        diagnostics["timed_out"] = bool(info.get("timed_out") or info.get("qre_timed_out"))
        complete = False

    # regrets are measured relative to each player's payoff range (on normalised
    # payoffs, so that scale and shift change nothing); result.tol is the largest
    # absolute regret this allows
    accept_tol = 0.0 if exact else tol * max(_payoff_ranges(game))
    equilibria, rejected = _validate(game, candidates, exact=exact, tol=tol,
                                     regret_tol=accept_tol)
    diagnostics["candidates"] = len(candidates)
    diagnostics["rejected"] = rejected
    if rejected:
        complete = False
    messages = []
    if method in ("gambit_enumpoly", "logit_qre"):
        messages += n_messages
        if no_gambit:
            messages.append(
                f"{func}(): pygambit is not installed, so the mixed equilibria of this "
                f"{n}-player game were not enumerated: listed are the pure equilibria and "
                "the limit of the logit QRE branch (`pip install pygambit` for "
                "method='gambit_enumpoly')")
    if timed_out:
        messages.append(
            f"solve_nash(): method={method!r} stopped at timeout={timeout:g} s; the "
            f"equilibria found so far ({len(equilibria)}) are returned and others may be "
            "missing"
        )
    if near_degenerate is not None:
        messages.append(
            "solve_nash(): the game is degenerate up to rounding (a payoff tie is broken "
            f"only by a relative {near_degenerate:.1e}); the equilibria of the payoffs as "
            "stored are listed, but the game meant may have continua of equilibria (give "
            "exact payoffs, e.g. Fractions, to decide)"
        )
    if degenerate:
        listed = ("only their extreme points are listed" if method == "vertex_enumeration"
                  else "this method may miss some of them (vertex_enumeration lists every "
                       "extreme equilibrium)")
        messages.append(
            "solve_nash(): the game is degenerate; equilibria may form continua and "
            f"{listed} (method={method!r})"
        )
    elif not complete and method != "pure" and not timed_out and near_degenerate is None:
        messages.append(
            f"solve_nash(): method={method!r} may have missed equilibria of this game"
        )
    if warn:
        for msg in messages:
            category = (DegenerateGameWarning if degenerate and "degenerate" in msg
                        else IncompleteResultWarning)
            warnings.warn(msg, category, stacklevel=2)
    return SolveResult(
        game=game, method=method, equilibria=tuple(equilibria), parameters=parameters,
        complete=bool(complete), degenerate=degenerate, tol=accept_tol,
        exact=exact, diagnostics=diagnostics, warnings=tuple(messages),
    )


def _n_player():
    """The module of the pure and the n-player methods, imported on first use: it
    brings the QRE solver, BayesianGame, json and the pygambit bridge, an import cost
    of about 3 ms that a two-player solve does not need."""
    from . import n_player  # on first use: import cost (see the docstring)

    return n_player


def _certified_small(game: NormalFormGame, tol: float, timeout) -> SolveResult | None:
    """Every equilibrium of a small nondegenerate bimatrix game, by the compiled support
    enumeration of :mod:`._bimatrix_kernel`; None when the kernel is unsure of the game
    (a near-tie or a near-singular support system: the general path decides) or absent.

    The kernel works on payoffs normalised per player, so its decisions do not depend on
    scale or shift; it certifies that the game is nondegenerate (every margin clear of
    zero, an odd number of equilibria) and checks each equilibrium's regret, so the list
    is complete: in a nondegenerate game each equilibrium has supports of equal size
    (von Stengel 2007, *Algorithmic Game Theory* ch. 3, section 3.3).
    """
    A, B = game.payoffs
    try:
        found = solve_one(A, B, tol)
    except InvalidGameError:  # strided arrays (a game built around foreign views)
        A, B = np.ascontiguousarray(A), np.ascontiguousarray(B)
        found = solve_one(A, B, tol)
    if found is None:
        return None
    # the largest payoff range (1 for a constant array) makes the relative tol absolute;
    # sorted() of a few floats costs less than max() and min() of them
    a = sorted(A.ravel().tolist())
    b = sorted(B.ravel().tolist())
    scale = max(a[-1] - a[0] or 1.0, b[-1] - b[0] or 1.0)
    actions, players = game.actions, game.players
    m = len(found[0][0])
    equilibria = []
    pack = _PACK[m + len(found[0][1]) + 2]
    for x, y, u0, u1, regret in found:
        # one read-only array per equilibrium (on an immutable bytes buffer: half the
        # cost of np.array plus clearing its write flag); strategies and payoffs are
        # views of it
        flat = _frombuffer(pack(*x, *y, u0, u1))
        pure = len(x) - x.count(0.0) == 1 and len(y) - y.count(0.0) == 1
        equilibria.append(_equilibrium((flat[:m], flat[m:-2]), flat[-2:], regret,
                                       "pure" if pure else "mixed", actions, players))
    if tol == DEFAULT_TOL and timeout is None:
        parameters = _DEFAULT_PARAMETERS
    else:
        parameters = {"method": "support_enumeration", "exact": False, "tol": tol}
        if timeout is not None:
            parameters["timeout"] = float(timeout)
        parameters = MappingProxyType(parameters)
    count = len(equilibria)
    diagnostics = _DIAGNOSTICS.get(count)
    if diagnostics is None:
        diagnostics = _DIAGNOSTICS[count] = MappingProxyType(
            {"candidates": count, "rejected": 0,
             "kernel": "compiled support enumeration (nondegenerate game)"})
    return _result(game, "support_enumeration", tuple(equilibria), parameters, True, False,
                   tol * scale, False, diagnostics)


_equilibrium = Equilibrium._verified  # bound once: the fast path calls them per game
_frombuffer = np.frombuffer
#: Packers of m + n + 2 native doubles (an equilibrium's strategies and payoffs).
_PACK = {k: struct.Struct(f"{k}d").pack for k in range(4, 2 * _KERNEL_MAX_ACTIONS + 3)}
_result = SolveResult._verified

# read-only mappings shared by the fast path's results (never mutated)
_DEFAULT_PARAMETERS = MappingProxyType({"method": "support_enumeration", "exact": False,
                                        "tol": DEFAULT_TOL})
_DIAGNOSTICS: dict = {}


def _is_degenerate(game: NormalFormGame, deadline: float | None = None) -> bool | None:
    """Degeneracy by the polytope-label test (exact when the float test is unsure; None
    when the game is too large or the time budget runs out)."""
    m, n = game.num_actions
    if vertex_bound(m, n) > MAX_VERTEX_BOUND:
        return None
    A, B = game.payoffs
    _, degenerate, info = extreme_equilibria(A, B, deadline=deadline,
                                             exact_payoffs=game.exact_payoffs)
    return degenerate if info["complete"] else None


def _sort_key(eq: Equilibrium):
    # probabilities rounded to 9 decimals so that rounding noise (0.5000000000000001)
    # cannot reorder equilibria between runs on equivalent games
    return (not eq.is_pure, sum(len(s) for s in eq.support),
            tuple(-round(float(p), 9) for s in eq.strategies for p in s))


def _payoff_ranges(game: NormalFormGame) -> list:
    """Each player's payoff range (largest minus smallest payoff; 1 when constant): the
    factors that make ``tol`` relative."""
    return [float(normalise(u)[2].ravel()[0]) for u in game.payoffs]


def _relative_regrets(game: NormalFormGame, strategies, normalised=None) -> list:
    """Each player's regret at ``strategies`` in units of that player's payoff range,
    computed on normalised payoffs (accurate whatever the scale and shift)."""
    out = []
    n = game.num_players
    if normalised is None:
        normalised = [normalise(u)[0] for u in game.payoffs]
    for i, u in enumerate(normalised):
        values = np.moveaxis(u, i, 0)
        for j in range(n):
            if j != i:
                values = np.tensordot(values, strategies[j], axes=([1], [0]))
        out.append(max(float(values.max() - strategies[i] @ values), 0.0))
    return out


def _validate(game: NormalFormGame, candidates, *, exact: bool, tol: float,
              regret_tol: float):
    """Keep only true equilibria; deduplicate; build Equilibrium objects."""
    accepted: list[Equilibrium] = []
    rejected = {"not_finite": 0, "off_simplex": 0, "regret": 0, "duplicate": 0}
    seen = []
    normalised = ranges = None  # computed at the first float candidate
    for cand in candidates:
        if exact:
            strategies = tuple(tuple(Fraction(v) for v in s) for s in cand)
            if any(v < 0 for s in strategies for v in s) or any(sum(s) != 1 for s in strategies):
                rejected["off_simplex"] += 1
                continue
            regrets = game.regrets(strategies, exact=True)
            if max(regrets) > 0:
                rejected["regret"] += 1
                continue
            key = strategies
            if key in seen:
                rejected["duplicate"] += 1
                continue
            seen.append(key)
            pays = tuple(game.expected_payoffs(strategies, exact=True))
            floats = tuple(np.array([float(v) for v in s]) for s in strategies)
            accepted.append(Equilibrium(
                strategies=floats, payoffs=[float(u) for u in pays], max_regret=0.0,
                kind="pure" if all(sum(1 for v in s if v) == 1 for s in strategies) else "mixed",
                exact_strategies=strategies, exact_payoffs=pays,
                actions=game.actions, players=game.players,
            ))
        else:
            strategies = tuple(np.asarray(s, dtype=float) for s in cand)
            if any(not np.all(np.isfinite(s)) for s in strategies):
                rejected["not_finite"] += 1
                continue
            if any(np.any(s < -tol) or abs(s.sum() - 1.0) > tol for s in strategies):
                rejected["off_simplex"] += 1
                continue
            strategies = tuple(_clean(s) for s in strategies)
            if normalised is None:
                normalised = [normalise(u)[0] for u in game.payoffs]
                ranges = _payoff_ranges(game)
            relative = _relative_regrets(game, strategies, normalised)
            if max(relative) > tol:
                rejected["regret"] += 1
                continue
            regret = max(r * w for r, w in zip(relative, ranges))
            if any(all(np.array_equal(a > 0, b > 0) and np.allclose(a, b, atol=tol, rtol=0)
                       for a, b in zip(strategies, old)) for old in seen):
                rejected["duplicate"] += 1
                continue
            seen.append(strategies)
            pure = all(np.count_nonzero(s) == 1 for s in strategies)
            accepted.append(Equilibrium(
                strategies=strategies, payoffs=game.expected_payoffs(strategies),
                max_regret=max(regret, 0.0), kind="pure" if pure else "mixed",
                actions=game.actions, players=game.players,
            ))
    accepted.sort(key=_sort_key)
    rejected.pop("duplicate")
    return accepted, sum(rejected.values())


def _clean(s: np.ndarray) -> np.ndarray:
    """Clip rounding noise below zero and renormalise. Small positive probabilities
    stay: in ``[[1, -1e-300], [0, 0]]``-like games an equilibrium probability can be
    1e-300 (the candidate methods put exact zeros off the support)."""
    s = np.clip(s, 0.0, None)
    return s / s.sum()
