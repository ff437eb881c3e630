"""Model-free mathematical game objects.

:class:`NormalFormGame` and :func:`bimatrix` load with the package; the other names
load on first use (:func:`__getattr__`): their modules are not needed to build and
solve a normal-form game, and importing them all costs about 4 ms (process time of a
fresh interpreter, bytecode cached; ``import secdilemma`` with a first ``solve_nash``
takes about 20 ms more than numpy alone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from .normal_form import NormalFormGame, bimatrix

__all__ = ["SignalingGame", "signaling_game_from_extensive", "ExtensiveGame", "ExtensiveGameBuilder", "InformationSet", "Node", "NodeRef",
           "BayesianGame", "CheapTalkGame", "with_cheap_talk", "NormalFormGame", "bimatrix", "RepeatedGame", "Automaton",
           "CLASSIC_STRATEGIES", "always_cooperate", "always_defect", "grim_trigger",
           "tit_for_tat", "generous_tit_for_tat", "contrite_tit_for_tat",
           "win_stay_lose_shift", "k_period_punishment"]

#: The names loaded on first use, each with the module (of this package) defining it.
_LAZY = {
    **dict.fromkeys(("CLASSIC_STRATEGIES", "Automaton", "always_cooperate", "always_defect",
                     "contrite_tit_for_tat", "generous_tit_for_tat", "grim_trigger",
                     "k_period_punishment", "tit_for_tat", "win_stay_lose_shift"),
                    "automaton"),
    "BayesianGame": "bayesian",
    "CheapTalkGame": "cheap_talk", "with_cheap_talk": "cheap_talk",
    **dict.fromkeys(("ExtensiveGame", "ExtensiveGameBuilder", "InformationSet", "Node",
                     "NodeRef"), "extensive"),
    "RepeatedGame": "repeated",
    "SignalingGame": "signaling",
    "signaling_game_from_extensive": "signaling_from_extensive",
}

if TYPE_CHECKING:  # the same names, for type checkers and readers of the import graph
    from .automaton import (CLASSIC_STRATEGIES, Automaton, always_cooperate, always_defect,
                            contrite_tit_for_tat, generous_tit_for_tat, grim_trigger,
                            k_period_punishment, tit_for_tat, win_stay_lose_shift)
    from .bayesian import BayesianGame
    from .cheap_talk import CheapTalkGame, with_cheap_talk
    from .extensive import ExtensiveGame, ExtensiveGameBuilder, InformationSet, Node, NodeRef
    from .repeated import RepeatedGame
    from .signaling import SignalingGame
    from .signaling_from_extensive import signaling_game_from_extensive


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
