"""secdilemma: game-theoretic models of the security dilemma.

Write the situation down as a game (or pick a model), compute every equilibrium, sweep
the parameters to see where cooperation becomes stable, and regenerate published figures.

>>> import secdilemma as sd
>>> game = sd.bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])
>>> len(sd.solve_nash(game))
3
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from ._version import __version__
from .errors import (DegenerateGameWarning, IncompleteResultWarning, InvalidGameError,
                     InvalidParameterError, NoPureEquilibriumError, SecDilemmaError,
                     SecDilemmaWarning, SolverError, UnsupportedGameError)
from .games.normal_form import NormalFormGame, bimatrix
from .results import Equilibrium, SolveResult
from .solvers.nash import solve_nash

__all__ = [
    "__version__",
    "NormalFormGame",
    "bimatrix",
    "BayesianGame",
    "solve_bayesian",
    "CheapTalkGame",
    "with_cheap_talk",
    "solve_cheap_talk",
    "CheapTalkEquilibrium",
    "CheapTalkResult",
    "SignalingGame",
    "solve_pbe",
    "SignalingEquilibrium",
    "ExtensiveGame",
    "ExtensiveGameBuilder",
    "ExtensiveEquilibrium",
    "solve_spe",
    "cutoff_equilibria",
    "CutoffResult",
    "RepeatedGame",
    "Automaton",
    "CLASSIC_STRATEGIES",
    "always_cooperate",
    "always_defect",
    "grim_trigger",
    "tit_for_tat",
    "generous_tit_for_tat",
    "contrite_tit_for_tat",
    "win_stay_lose_shift",
    "k_period_punishment",
    "automaton_values",
    "long_run_average",
    "is_subgame_perfect",
    "critical_discount_factor",
    "DiscountSetResult",
    "EquilibriumCheck",
    "equilibrium_payoff_set",
    "PayoffSetResult",
    "NoPureEquilibriumError",
    "solve",
    "solve_nash",
    "solve_qre",
    "QREResult",
    "sweep",
    "threshold",
    "Equilibrium",
    "SolveResult",
    "SecDilemmaError",
    "InvalidGameError",
    "InvalidParameterError",
    "UnsupportedGameError",
    "SolverError",
    "SecDilemmaWarning",
    "DegenerateGameWarning",
    "IncompleteResultWarning",
]


#: The names served on first use by :func:`__getattr__`, each with the module (of this
#: package) that defines it: ``import secdilemma`` loads only what building and solving
#: a normal-form game needs. The other game classes and solvers cost about 18 ms more
#: (process time of a fresh interpreter, bytecode cached; numpy alone takes about 90 ms),
#: the upper layers far more (they import xarray, pandas, sympy, scipy.stats; see
#: tests/test_import_graph.py and tests/test_lazy_exports.py).
_LAZY = {
    **dict.fromkeys(("CLASSIC_STRATEGIES", "Automaton", "always_cooperate", "always_defect",
                     "contrite_tit_for_tat", "generous_tit_for_tat", "grim_trigger",
                     "k_period_punishment", "tit_for_tat", "win_stay_lose_shift"),
                    "games.automaton"),
    "BayesianGame": "games.bayesian",
    "CheapTalkGame": "games.cheap_talk", "with_cheap_talk": "games.cheap_talk",
    "ExtensiveGame": "games.extensive", "ExtensiveGameBuilder": "games.extensive",
    "RepeatedGame": "games.repeated",
    "SignalingGame": "games.signaling",
    "solve": "solvers.dispatch",
    "solve_bayesian": "solvers.bayesian",
    "solve_cheap_talk": "solvers.cheap_talk", "CheapTalkEquilibrium": "solvers.cheap_talk",
    "CheapTalkResult": "solvers.cheap_talk",
    "QREResult": "solvers.qre", "solve_qre": "solvers.qre",
    "CutoffResult": "solvers.cutoff", "cutoff_equilibria": "solvers.cutoff",
    "ExtensiveEquilibrium": "solvers.extensive", "solve_spe": "solvers.extensive",
    "SignalingEquilibrium": "solvers.pbe", "solve_pbe": "solvers.pbe",
    **dict.fromkeys(("DiscountSetResult", "EquilibriumCheck", "automaton_values",
                     "critical_discount_factor", "is_subgame_perfect", "long_run_average"),
                    "solvers.repeated"),
    "PayoffSetResult": "solvers.payoff_set", "equilibrium_payoff_set": "solvers.payoff_set",
    "sweep": "analysis.sweep",
    "threshold": "analysis.threshold",
}

#: The subpackages and modules served on first use (as ``secdilemma.models`` etc.).
_LAZY_MODULES = ("models", "analysis", "plotting", "reproduce", "symbolic", "io")

if TYPE_CHECKING:  # the same names, for type checkers and readers of the import graph
    from .analysis.sweep import sweep
    from .analysis.threshold import threshold
    from .games.automaton import (CLASSIC_STRATEGIES, Automaton, always_cooperate,
                                  always_defect, contrite_tit_for_tat, generous_tit_for_tat,
                                  grim_trigger, k_period_punishment, tit_for_tat,
                                  win_stay_lose_shift)
    from .games.bayesian import BayesianGame
    from .games.cheap_talk import CheapTalkGame, with_cheap_talk
    from .games.extensive import ExtensiveGame, ExtensiveGameBuilder
    from .games.repeated import RepeatedGame
    from .games.signaling import SignalingGame
    from .solvers.bayesian import solve_bayesian
    from .solvers.cheap_talk import CheapTalkEquilibrium, CheapTalkResult, solve_cheap_talk
    from .solvers.cutoff import CutoffResult, cutoff_equilibria
    from .solvers.dispatch import solve
    from .solvers.extensive import ExtensiveEquilibrium, solve_spe
    from .solvers.payoff_set import PayoffSetResult, equilibrium_payoff_set
    from .solvers.pbe import SignalingEquilibrium, solve_pbe
    from .solvers.qre import QREResult, solve_qre
    from .solvers.repeated import (DiscountSetResult, EquilibriumCheck, automaton_values,
                                   critical_discount_factor, is_subgame_perfect,
                                   long_run_average)


__getattr__, __dir__ = lazy_exports(__name__, _LAZY, _LAZY_MODULES)
