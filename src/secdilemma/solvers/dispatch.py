"""``solve(game, **options)``: dispatch on the type of the game."""

from __future__ import annotations

from ..errors import UnsupportedGameError
from ..games.bayesian import BayesianGame
from ..games.cheap_talk import CheapTalkGame
from ..games.extensive import ExtensiveGame
from ..games.normal_form import NormalFormGame
from ..games.repeated import RepeatedGame
from ..games.signaling import SignalingGame
from ..results import SolveResult
from .bayesian import solve_bayesian
from .cheap_talk import solve_cheap_talk
from .extensive import solve_spe
from .nash import solve_nash
from .payoff_set import equilibrium_payoff_set
from .pbe import solve_pbe
from .repeated import is_subgame_perfect

__all__ = ["solve"]


def solve(game, **options):
    """Solve a game with the solution concept that fits its type.

    A :class:`~secdilemma.NormalFormGame` goes to :func:`~secdilemma.solve_nash` (for
    three or more players it runs under a time budget, ``timeout=`` seconds, 10 by
    default), a :class:`~secdilemma.BayesianGame` to :func:`~secdilemma.solve_bayesian`,
    a :class:`~secdilemma.SignalingGame` to :func:`~secdilemma.solve_pbe`, an
    :class:`~secdilemma.ExtensiveGame` to :func:`~secdilemma.solve_spe`. The logit
    quantal response equilibrium is :func:`~secdilemma.solve_qre`.

    A :class:`~secdilemma.RepeatedGame` has two questions. With ``profile=`` (an
    :class:`~secdilemma.Automaton`, meaning the symmetric profile, or a pair of them):
    is that profile a subgame-perfect equilibrium at the game's discount factor and
    noise (:func:`~secdilemma.is_subgame_perfect`; returns an
    :class:`~secdilemma.EquilibriumCheck`). Without it: the set of subgame-perfect
    equilibrium payoffs with public randomisation
    (:func:`~secdilemma.equilibrium_payoff_set`; returns a
    :class:`~secdilemma.PayoffSetResult`), defined for perfect monitoring only (``noise
    = 0``). The discount factors at which a profile is an equilibrium are
    :func:`~secdilemma.critical_discount_factor`.

    Raises
    ------
    UnsupportedGameError
        An object that is not one of the game types above, or a noisy repeated game
        without ``profile=``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import RepeatedGame, bimatrix, grim_trigger, solve
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> len(solve(pd))
    1
    >>> repeated = RepeatedGame(pd, discount=Fraction(3, 4))
    >>> solve(repeated, profile=grim_trigger()).is_equilibrium
    True
    >>> solve(RepeatedGame(pd, discount=Fraction(1, 4)), profile=grim_trigger()).is_equilibrium
    False
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
    if isinstance(game, RepeatedGame):
        return _solve_repeated(game, **options)
    raise UnsupportedGameError(
        f"solve(): game must be a NormalFormGame, BayesianGame, CheapTalkGame, "
        f"SignalingGame, ExtensiveGame or RepeatedGame; got "
        f"{type(game).__name__}"
    )


def _solve_repeated(game: RepeatedGame, profile=None, **options):
    """A repeated game: the check of ``profile``, or the equilibrium payoff set."""
    if profile is not None:
        pair = (profile, profile) if not isinstance(profile, (tuple, list)) else profile
        return is_subgame_perfect(game.stage, pair, game.discount, noise=game.noise,
                                  **options)
    if game.noise != 0:
        raise UnsupportedGameError(
            f"solve(): the equilibrium payoff set is for perfect monitoring (noise = 0); "
            f"got noise={game.noise!r} (pass profile=<Automaton or pair> to check a "
            f"strategy profile, or use critical_discount_factor(stage, strategy, "
            f"noise=...))")
    return equilibrium_payoff_set(game.stage, game.discount, **options)
