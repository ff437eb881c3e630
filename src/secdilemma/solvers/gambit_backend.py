"""Bridge to pygambit for mixed equilibria of games with three or more players.

pygambit is an optional dependency (``pip install pygambit``); it is imported only when
this backend is used.

References
----------
.. [1] McKelvey, R. D., McLennan, A. M. and Turocy, T. L. (2016). Gambit: Software
   Tools for Game Theory, version 16. https://www.gambit-project.org
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import UnsupportedGameError

__all__ = ["enumpoly", "to_gambit", "have_pygambit"]


def have_pygambit() -> bool:
    """Whether pygambit can be imported."""
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return False
    return True


def _import():
    try:
        import pygambit
    except ImportError as exc:
        raise UnsupportedGameError(
            "solve_nash(): mixed equilibria of games with three or more players need "
            "pygambit; install it with `pip install pygambit` (or `pip install "
            "secdilemma[gambit]`), or use method='pure' for the pure equilibria"
        ) from exc
    return pygambit


def to_gambit(game):
    """The game as a ``pygambit.Game`` (exact rational payoffs)."""
    gbt = _import()
    arrays = [np.vectorize(lambda v: gbt.Rational(v.numerator, v.denominator),
                           otypes=[object])(p) for p in game.exact_payoffs]
    g = gbt.Game.from_arrays(*arrays)
    for player, label in zip(g.players, game.players):
        player.label = label
    for player, labels in zip(g.players, game.actions):
        for strategy, label in zip(player.strategies, labels):
            strategy.label = label
    return g


def _profile_to_lists(g, eq, exact: bool):
    out = []
    for player in g.players:
        values = [eq[s] for s in player.strategies]
        if exact:
            out.append(tuple(Fraction(str(v)) for v in values))
        else:
            out.append(np.array([float(v) for v in values]))
    return tuple(out)


def enumpoly(game, *, exact: bool = False):
    """All equilibria found by pygambit's ``enumpoly_solve``.

    Returns candidates (re-validated by the caller), whether the list is complete, and
    diagnostics. ``enumpoly`` solves polynomial systems numerically, so exact
    strategies are the rationalised float solutions and survive only if they verify
    exactly; the result is marked incomplete otherwise.
    """
    gbt = _import()
    g = to_gambit(game)
    result = gbt.nash.enumpoly_solve(g, use_strategic=True)
    candidates = []
    for eq in result.equilibria:
        profile = _profile_to_lists(g, eq, exact=False)
        if exact:
            profile = tuple(tuple(Fraction(float(v)).limit_denominator(10**9) for v in s)
                            for s in profile)
        candidates.append(profile)
    # enumpoly may miss equilibria of degenerate games (continua); it is complete for
    # games with finitely many equilibria in general position.
    return candidates, False, {"backend": f"pygambit {getattr(gbt, '__version__', '?')}",
                               "backend_equilibria": len(candidates)}
