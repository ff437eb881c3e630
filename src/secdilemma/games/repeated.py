"""Infinitely repeated two-player games with discounting and implementation noise.

Notation: the stage game is a two-player :class:`~secdilemma.games.NormalFormGame`,
``discount`` is the common discount factor δ in [0, 1), payoffs are normalised
(``(1 - δ) Σ δ^t u_t``), and ``noise`` ε in [0, 1/2] is the probability that each
intended action is replaced by another action (uniformly among the other actions; in a
2-action game, flipped), independently across players and rounds. Strategies react to
the *realised* actions (perfect monitoring of realised actions). Strategies are finite
automata (:mod:`secdilemma.games.automaton`); the solvers are in
:mod:`secdilemma.solvers.repeated`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._validation import check_real_number, game_error
from .normal_form import NormalFormGame

__all__ = ["RepeatedGame"]


@dataclass(frozen=True, init=False)
class RepeatedGame:
    """An infinitely repeated two-player game with common discount factor and noise.

    Parameters
    ----------
    stage : NormalFormGame
        The two-player stage game.
    discount : float or Fraction in [0, 1)
        Common discount factor δ (kept exact when given as an int or Fraction).
    noise : float or Fraction in [0, 1/2], default 0
        Probability ε that an intended action is replaced by another one.

    Raises
    ------
    InvalidGameError
        If ``stage`` is not a two-player NormalFormGame.
    InvalidParameterError
        If ``discount`` or ``noise`` is outside its domain.

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       Oxford University Press, ch. 2.
    .. [2] Fudenberg, D. and Maskin, E. (1990). Evolution and cooperation in noisy
       repeated games. *American Economic Review* 80(2), 274–279.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> from secdilemma.games.repeated import RepeatedGame
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> game = RepeatedGame(pd, discount=Fraction(9, 10), noise=Fraction(1, 100))
    >>> game.discount, game.noise
    (Fraction(9, 10), Fraction(1, 100))
    >>> RepeatedGame(pd, discount=1)
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidParameterError: RepeatedGame(): discount must be < 1; got 1
    """

    stage: NormalFormGame
    discount: Any
    noise: Any = 0.0

    def __init__(self, stage: NormalFormGame, *, discount: Any, noise: Any = 0.0) -> None:
        check_stage("RepeatedGame", stage)
        check_discount("RepeatedGame", discount)
        check_noise("RepeatedGame", noise)
        object.__setattr__(self, "stage", stage)
        object.__setattr__(self, "discount", discount)
        object.__setattr__(self, "noise", noise)


def check_stage(func: str, stage: Any) -> None:
    """Raise unless ``stage`` is a two-player NormalFormGame."""
    if not isinstance(stage, NormalFormGame):
        raise game_error(func, f"stage must be a NormalFormGame; got {type(stage).__name__}")
    if stage.num_players != 2:
        raise game_error(func, f"stage must be a two-player game; got {stage.num_players} "
                               f"players")


def check_discount(func: str, discount: Any) -> None:
    """Raise unless ``0 <= discount < 1``."""
    check_real_number(func, "discount", discount, low=0, high=1, high_open=True)


def check_noise(func: str, noise: Any) -> None:
    """Raise unless ``0 <= noise <= 1/2``."""
    check_real_number(func, "noise", noise, low=0, high=0.5)
