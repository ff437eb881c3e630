"""All pure-strategy Nash equilibria of an n-player normal-form game.

A profile is a pure equilibrium when every player's action is a best response to the
others' actions. The check is vectorised over all profiles at once: for each player the
boolean array "this action attains the maximum along my own axis" is computed, and the
equilibria are the profiles where every player's array is True.
"""

from __future__ import annotations

import numpy as np

from ..games.normal_form import NormalFormGame

__all__ = ["pure_equilibrium_profiles"]


def pure_equilibrium_profiles(game: NormalFormGame, *, exact: bool = False,
                              tol: float = 1e-9) -> list[tuple[int, ...]]:
    """Pure action profiles that are Nash equilibria, in lexicographic order.

    Parameters
    ----------
    game : NormalFormGame
    exact : bool
        Compare payoffs exactly (Fractions) instead of within ``tol``.
    tol : float
        A deviation must gain more than ``tol`` to count as profitable.

    Examples
    --------
    >>> from secdilemma import bimatrix
    >>> from secdilemma.solvers.pure import pure_equilibrium_profiles
    >>> pure_equilibrium_profiles(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]))
    [(0, 0), (1, 1)]
    """
    ok = np.ones(game.num_actions, dtype=bool)
    for i in range(game.num_players):
        if exact:
            u = game.exact_payoffs[i]
            best = np.max(u, axis=i, keepdims=True)
            ok &= np.asarray(u == best, dtype=bool)
        else:
            u = game.payoffs[i]
            best = np.max(u, axis=i, keepdims=True)
            ok &= u >= best - tol
    return [tuple(int(a) for a in idx) for idx in np.argwhere(ok)]
