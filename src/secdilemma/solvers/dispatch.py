"""``solve(game, **options)``: dispatch on the type of the game."""

from __future__ import annotations

from ..errors import UnsupportedGameError
from ..games.bayesian import BayesianGame
from ..games.normal_form import NormalFormGame
from ..results import SolveResult
from .nash import solve_nash

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
    from ..games.cheap_talk import CheapTalkGame
    from ..games.extensive import ExtensiveGame

    from ..games.signaling import SignalingGame

    if isinstance(game, SignalingGame):
        from .pbe import solve_pbe

        return solve_pbe(game, **options)
    if isinstance(game, ExtensiveGame):
        from .extensive import solve_spe

        return solve_spe(game, **options)

    if isinstance(game, CheapTalkGame):
        from .cheap_talk import solve_cheap_talk

        return solve_cheap_talk(game, **options)
    if isinstance(game, BayesianGame):
        from .bayesian import solve_bayesian

        return solve_bayesian(game, **options)
    raise UnsupportedGameError(
        f"solve(): game must be a NormalFormGame, BayesianGame, CheapTalkGame, "
        f"SignalingGame or ExtensiveGame; got "
        f"{type(game).__name__}"
    )
