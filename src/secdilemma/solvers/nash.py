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
    best-response polytopes; finds all equilibria of a nondegenerate game and all extreme
    equilibria of a degenerate one (flagged ``degenerate=True, complete=False``).
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
    ``"vertex_enumeration"`` for two players; for more, ``"gambit_enumpoly"`` when
    pygambit is installed and ``"logit_qre"`` (with a warning) when it is not;
    ``"pure"`` for a one-player game. The methods for three or more players stop within
    ``timeout`` seconds (10 by default), so the default never runs unbounded.
"""

from __future__ import annotations

import dataclasses
import warnings
from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import check_choice, check_real_number
from ..errors import (DegenerateGameWarning, IncompleteResultWarning, InvalidGameError,
                      InvalidParameterError, SolverError, UnsupportedGameError)
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, SolveResult
from . import gambit_backend
from .n_player import DEFAULT_TIMEOUT, centered, n_player_candidates, pure_candidates
from .lemke_howson import lemke_howson_path
from .support_enumeration import support_enumeration
from .vertex_enumeration import extreme_equilibria

__all__ = ["solve_nash", "METHODS", "DEFAULT_TOL"]

#: Methods accepted by :func:`solve_nash`.
METHODS = ("auto", "pure", "vertex_enumeration", "support_enumeration", "lemke_howson",
           "gambit_enumpoly", "logit_qre")

#: Default regret tolerance of the floating-point methods.
DEFAULT_TOL = 1e-9

_TWO_PLAYER = ("vertex_enumeration", "support_enumeration", "lemke_howson")


def solve_nash(game: NormalFormGame, *, method: str = "auto", exact: bool = False,
               tol: float = DEFAULT_TOL, initial_dropped_label: int | None = None,
               max_iter: int = 10_000, timeout: float | None = DEFAULT_TIMEOUT,
               warn: bool = True) -> SolveResult:
    """Compute Nash equilibria of a normal-form game.

    Parameters
    ----------
    game : NormalFormGame
    method : {"auto", "pure", "vertex_enumeration", "support_enumeration", "lemke_howson", "gambit_enumpoly", "logit_qre"}
        The algorithm (see the module docstring). ``"auto"`` finds every equilibrium
        the package can: all extreme equilibria for two players.
    exact : bool
        Compute and verify in exact rational arithmetic (:class:`~fractions.Fraction`).
        Each equilibrium then carries ``exact_strategies`` and ``max_regret == 0.0``.
        Float payoffs are taken as the binary rationals they store.
    tol : float
        Largest regret accepted in floating point, relative to the payoff scale: an
        equilibrium is accepted when its regret is at most ``tol * max(1, largest
        absolute payoff)`` (the absolute value used is ``result.tol``); for
        ``"gambit_enumpoly"`` and ``"logit_qre"``, ``tol`` times the payoff range.
        Ignored when ``exact``.
    initial_dropped_label : int, optional
        ``"lemke_howson"`` only: follow one path instead of all ``m + n`` paths.
    max_iter : int
        ``"lemke_howson"`` only: pivot cap per path.
    timeout : float or None
        ``"gambit_enumpoly"`` and ``"logit_qre"`` only: time budget in seconds (default
        10). enumpoly runs in a child process that is killed after three quarters of it;
        the logit QRE limit then gets the rest. On timeout the result lists what was
        found (the pure equilibria and the QRE limit) with a warning and
        ``diagnostics["timed_out"]``. ``None`` removes the budget (enumpoly may then run
        without end).
    warn : bool
        Issue :class:`DegenerateGameWarning` / :class:`IncompleteResultWarning` (the
        condition is recorded in the result either way).

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
        ``initial_dropped_label`` out of range.
    UnsupportedGameError
        A two-player method on another game; mixed equilibria of an n >= 3 player game
        without pygambit.

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
    func = "solve_nash"
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(
            f"{func}(): game must be a NormalFormGame; got {type(game).__name__}"
        )
    check_choice(func, "method", method, METHODS)
    check_real_number(func, "tol", tol, low=0)
    if not isinstance(exact, bool):
        raise InvalidParameterError(f"{func}(): exact must be True or False; got {exact!r}")
    n = game.num_players
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) \
            or max_iter < 1:
        raise InvalidParameterError(f"{func}(): max_iter must be an integer >= 1; got "
                                    f"{max_iter!r}")
    if timeout is not None:
        check_real_number(func, "timeout", timeout, low=0, low_open=True)
    no_gambit = method == "auto" and n >= 3 and not gambit_backend.have_pygambit()
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

    if method == "pure":
        candidates = pure_candidates(game, exact=exact)  # exact comparisons: scale-free
        complete = n == 1  # complete for the pure equilibria only
        diagnostics["note"] = "pure equilibria only"
    elif method == "vertex_enumeration":
        A, B = (game.exact_payoffs if exact else game.payoffs)
        candidates, degenerate, counts = extreme_equilibria(A, B, exact=exact, tol=tol)
        diagnostics.update(counts)
        complete = not degenerate
    elif method == "support_enumeration":
        A, B = (game.exact_payoffs if exact else game.payoffs)
        candidates, stats = support_enumeration(A, B, exact=exact, tol=tol)
        diagnostics.update(stats)
        degenerate = _is_degenerate(game)
        complete = degenerate is False
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
        parameters["timeout"] = timeout
        candidates, info, n_messages, n_tol = n_player_candidates(
            game, method, exact=exact, tol=tol, timeout=timeout)
        diagnostics.update(info)
        diagnostics["timed_out"] = bool(info.get("timed_out") or info.get("qre_timed_out"))
        complete = False

    # a regret computed from payoffs of size U carries rounding errors of order U * 1e-16,
    # so the regret test is relative to the payoff scale (plain tol when |payoffs| <= 1)
    accept_tol = 0.0 if exact else tol * _payoff_scale(game)
    checked = game
    if method in ("gambit_enumpoly", "logit_qre"):
        accept_tol = n_tol  # tol times the payoff range
        checked = game if exact else centered(game)  # regrets free of a large shift
    equilibria, rejected = _validate(checked, candidates, exact=exact, tol=tol,
                                     regret_tol=accept_tol)
    if checked is not game:  # payoffs of the game as given
        equilibria = [dataclasses.replace(e, payoffs=game.expected_payoffs(e.strategies))
                      for e in equilibria]
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
    if degenerate:
        listed = ("only their extreme points are listed" if method == "vertex_enumeration"
                  else "this method may miss some of them (vertex_enumeration lists every "
                       "extreme equilibrium)")
        messages.append(
            "solve_nash(): the game is degenerate; equilibria may form continua and "
            f"{listed} (method={method!r})"
        )
    elif not complete and method != "pure":
        messages.append(
            f"solve_nash(): method={method!r} may have missed equilibria of this game"
        )
    if warn:
        for msg in messages:
            category = DegenerateGameWarning if degenerate else IncompleteResultWarning
            warnings.warn(msg, category, stacklevel=2)
    return SolveResult(
        game=game, method=method, equilibria=tuple(equilibria), parameters=parameters,
        complete=bool(complete), degenerate=degenerate, tol=accept_tol,
        exact=exact, diagnostics=diagnostics, warnings=tuple(messages),
    )


def _is_degenerate(game: NormalFormGame) -> bool | None:
    """Degeneracy by the polytope-label test (None when the game is too large)."""
    m, n = game.num_actions
    from math import comb

    if comb(m + n, m) > 200_000:
        return None
    A, B = game.payoffs
    _, degenerate, _ = extreme_equilibria(A, B)
    return degenerate


def _sort_key(eq: Equilibrium):
    # probabilities rounded to 9 decimals so that rounding noise (0.5000000000000001)
    # cannot reorder equilibria between runs on equivalent games
    return (not eq.is_pure, sum(len(s) for s in eq.support),
            tuple(-round(float(p), 9) for s in eq.strategies for p in s))


def _payoff_scale(game: NormalFormGame) -> float:
    """max(1, largest absolute payoff): the factor that makes ``tol`` relative."""
    return max(1.0, max(float(np.max(np.abs(u))) for u in game.payoffs))


def _validate(game: NormalFormGame, candidates, *, exact: bool, tol: float,
              regret_tol: float):
    """Keep only true equilibria; deduplicate; build Equilibrium objects."""
    accepted: list[Equilibrium] = []
    rejected = {"not_finite": 0, "off_simplex": 0, "regret": 0, "duplicate": 0}
    seen = []
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
            regret = game.max_regret(strategies)
            if regret > regret_tol:
                rejected["regret"] += 1
                continue
            if any(all(np.allclose(a, b, atol=tol, rtol=0) for a, b in zip(strategies, old))
                   for old in seen):
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
    """Zero out rounding noise and renormalise."""
    s = np.where(np.abs(s) < 1e-12, 0.0, s)
    s = np.clip(s, 0.0, None)
    return s / s.sum()
