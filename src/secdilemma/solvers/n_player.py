"""Mixed equilibria of games with three or more players under a time budget.

Used by :func:`~secdilemma.solve_nash` for ``method="gambit_enumpoly"`` and
``method="logit_qre"``. Both always include every pure equilibrium (decided by exact
comparisons of the payoffs, so at any payoff scale) and never claim completeness:

- ``"gambit_enumpoly"``: pygambit's polynomial-system enumeration, run in a child
  process that is killed when three quarters of the budget have passed, and the limit
  of the logit QRE branch in the rest (enumpoly can miss equilibria of degenerate
  games that the QRE limit finds; when enumpoly is killed the result says so).
- ``"logit_qre"``: the limit of the principal logit QRE branch
  (:func:`~secdilemma.solve_qre`), one equilibrium of any game in bounded time.
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import numpy as np

from ..games.normal_form import NormalFormGame
from . import gambit_backend
from .pure import pure_equilibrium_profiles
from .qre import payoff_range, solve_qre

__all__ = ["pure_candidates", "n_player_candidates", "centered", "DEFAULT_TIMEOUT"]

#: Default time budget, in seconds, of the methods for three or more players.
DEFAULT_TIMEOUT = 10.0

# share of the budget given to enumpoly; the QRE fallback gets the rest (at least this
# share even when enumpoly used all of its own)
_ENUMPOLY_SHARE = 0.75


def pure_candidates(game: NormalFormGame, *, exact: bool) -> list[tuple]:
    """Every pure equilibrium as a profile of probability vectors.

    The best-response test compares payoffs exactly: as Fractions when the game holds
    ints/Fractions or ``exact`` is set, otherwise on the stored floats with no tolerance
    (comparing two stored numbers involves no rounding), so the answer does not depend
    on the payoff scale.
    """
    use_exact = exact or game.is_exact
    profiles = pure_equilibrium_profiles(game, exact=use_exact, tol=0.0)
    out = []
    for profile in profiles:
        strategies = []
        for i, a in enumerate(profile):
            if exact:
                vec: Any = [Fraction(0)] * game.num_actions[i]
                vec[a] = Fraction(1)
                strategies.append(tuple(vec))
            else:
                vec = np.zeros(game.num_actions[i])
                vec[a] = 1.0
                strategies.append(vec)
        out.append(tuple(strategies))
    return out


def centered(game: NormalFormGame) -> NormalFormGame:
    """The game with each player's minimum payoff subtracted: the same equilibria and
    regrets, but regrets computed from it carry no rounding error from a large common
    shift (payoffs near 1e9 that differ by units)."""
    return NormalFormGame([u - float(np.min(u)) for u in game.payoffs],
                          actions=game.actions, players=game.players)


def _qre_candidate(game, *, exact: bool, tol: float, timeout: float | None):
    # each player's payoffs on their own scale: the Nash limit comes soonest
    res = solve_qre(game, tol=tol, timeout=timeout, scale="player", warn=False)
    info = {"qre_lambda": res.diagnostics["lambda_reached"],
            "qre_timed_out": res.diagnostics["timed_out"],
            "qre_verified": res.limit is not None}
    if res.limit is None:
        return [], info
    eq = res.limit
    if exact:
        if eq.exact_strategies is not None:
            return [eq.exact_strategies], info
        # an irrational equilibrium fails the exact check and is counted as rejected
        return [tuple(tuple(Fraction(float(v)).limit_denominator(10**12) for v in s)
                      for s in eq.strategies)], info
    return [tuple(np.array(s) for s in eq.strategies)], info


def n_player_candidates(game: NormalFormGame, method: str, *, exact: bool, tol: float,
                        timeout: float | None):
    """Candidates, diagnostics, messages and the regret tolerance for ``method``.

    The regret tolerance is ``tol`` times the payoff range (0 in exact mode).
    """
    start = time.monotonic()
    candidates = pure_candidates(game, exact=exact)
    info: dict[str, Any] = {"pure_equilibria": len(candidates), "timeout": timeout}
    messages = []
    if method == "gambit_enumpoly":
        budget = None if timeout is None else _ENUMPOLY_SHARE * timeout
        found, _, backend = gambit_backend.enumpoly(game, exact=exact, timeout=budget)
        info.update(backend)
        candidates += found
        # the QRE limit too: cheap, and enumpoly can miss equilibria of degenerate games
        rest = None if timeout is None else max(timeout - (time.monotonic() - start),
                                                (1 - _ENUMPOLY_SHARE) * timeout)
        qre, qre_info = _qre_candidate(game, exact=exact, tol=tol, timeout=rest)
        info.update(qre_info)
        candidates += qre
        if backend["error"]:
            messages.append(
                f"solve_nash(): pygambit enumpoly failed ({backend['error']}); listed are "
                f"the pure equilibria and the limit of the logit QRE branch")
        if backend["timed_out"]:
            messages.append(
                f"solve_nash(): pygambit enumpoly did not finish within its time budget "
                f"({budget:.3g} s of timeout={timeout:g}); listed are the pure equilibria "
                f"and the limit of the logit QRE branch"
                f"{'' if qre else ' (not verified in time)'}; raise timeout for more")
    else:  # logit_qre
        qre, qre_info = _qre_candidate(game, exact=exact, tol=tol, timeout=timeout)
        info.update(qre_info)
        candidates += qre
        if qre_info["qre_timed_out"]:
            messages.append(f"solve_nash(): the logit QRE trace ran out of its time budget "
                            f"(timeout={timeout:g} s)"
                            f"{'' if qre else '; its end point could not be verified'}")
    regret_tol = 0.0 if exact else tol * payoff_range(game)
    return candidates, info, messages, regret_tol
