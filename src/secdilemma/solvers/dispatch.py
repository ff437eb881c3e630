"""``solve(game, **options)``: dispatch on the type of the game."""

from __future__ import annotations

from ..errors import UnsupportedGameError
from ..games.bayesian import BayesianGame
from ..games.cheap_talk import CheapTalkGame
from ..games.extensive import ExtensiveGame
from ..games.normal_form import NormalFormGame
from ..games.signaling import SignalingGame
from ..results import SolveResult
from .bayesian import solve_bayesian
from .cheap_talk import solve_cheap_talk
from .extensive import solve_spe
from .nash import solve_nash
from .pbe import solve_pbe

__all__ = ["solve"]


def solve(game, **options) -> SolveResult:
    """Solve a game with the solution concept that fits its type.

    A :class:`~secdilemma.NormalFormGame` goes to :func:`~secdilemma.solve_nash` (for
    three or more players it runs under a time budget, ``timeout=`` seconds, 10 by
    default), a :class:`~secdilemma.BayesianGame` to :func:`~secdilemma.solve_bayesian`.
    The logit quantal response equilibrium is :func:`~secdilemma.solve_qre`.

    Examples
    --------
    >>> from secdilemma import bimatrix, solve
    >>> len(solve(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])))
    1
    """
    if isinstance(game, NormalFormGame):
        return solve_nash(game, **options)
    if isinstance(game, SignalingGame):
        return solve_pbe(game, **options)
    if isinstance(game, ExtensiveGame):
        return solve_spe(game, **options)

    if isinstance(game, CheapTalkGame):
        return solve_cheap_talk(game, **options)
    if isinstance(game, BayesianGame):
        return solve_bayesian(game, **options)
    raise UnsupportedGameError(
        f"solve(): game must be a NormalFormGame, BayesianGame, CheapTalkGame, "
        f"SignalingGame or ExtensiveGame; got "
        f"{type(game).__name__}"
    )
