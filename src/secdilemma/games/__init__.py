"""Model-free mathematical game objects."""

from .automaton import (CLASSIC_STRATEGIES, Automaton, always_cooperate, always_defect,
                        contrite_tit_for_tat, generous_tit_for_tat, grim_trigger,
                        k_period_punishment, tit_for_tat, win_stay_lose_shift)
from .bayesian import BayesianGame
from .cheap_talk import CheapTalkGame, with_cheap_talk
from .extensive import ExtensiveGame, ExtensiveGameBuilder, InformationSet, Node, NodeRef
from .normal_form import NormalFormGame, bimatrix
from .repeated import RepeatedGame
from .signaling import SignalingGame
from .signaling_from_extensive import signaling_game_from_extensive

__all__ = ["SignalingGame", "signaling_game_from_extensive", "ExtensiveGame", "ExtensiveGameBuilder", "InformationSet", "Node", "NodeRef",
           "BayesianGame", "CheapTalkGame", "with_cheap_talk", "NormalFormGame", "bimatrix", "RepeatedGame", "Automaton",
           "CLASSIC_STRATEGIES", "always_cooperate", "always_defect", "grim_trigger",
           "tit_for_tat", "generous_tit_for_tat", "contrite_tit_for_tat",
           "win_stay_lose_shift", "k_period_punishment"]
