"""secdilemma: game-theoretic models of the security dilemma.

Write the situation down as a game (or pick a model), compute every equilibrium, sweep
the parameters to see where cooperation becomes stable, and regenerate published figures.

>>> import secdilemma as sd
>>> game = sd.bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])
>>> len(sd.solve_nash(game))
3
"""

from ._version import __version__
from .errors import (DegenerateGameWarning, IncompleteResultWarning, InvalidGameError,
                     InvalidParameterError, NoPureEquilibriumError, SecDilemmaError,
                     SecDilemmaWarning, SolverError, UnsupportedGameError)
from .games import (CLASSIC_STRATEGIES, Automaton, BayesianGame, CheapTalkGame,
                    NormalFormGame, RepeatedGame, always_cooperate, always_defect, bimatrix,
                    contrite_tit_for_tat, generous_tit_for_tat, grim_trigger,
                    k_period_punishment, tit_for_tat, win_stay_lose_shift, with_cheap_talk)
from .results import Equilibrium, SolveResult
from .solvers import solve, solve_bayesian, solve_cheap_talk, solve_nash
from .solvers.qre import QREResult, solve_qre
from .solvers.cheap_talk import CheapTalkEquilibrium, CheapTalkResult
from .solvers.cutoff import CutoffResult, cutoff_equilibria
from .games.extensive import ExtensiveGame, ExtensiveGameBuilder
from .solvers.extensive import ExtensiveEquilibrium, solve_spe
from .games.signaling import SignalingGame
from .solvers.pbe import SignalingEquilibrium, solve_pbe
from .solvers.repeated import (DiscountSetResult, EquilibriumCheck, automaton_values,
                               critical_discount_factor, is_subgame_perfect,
                               long_run_average)
from .solvers.payoff_set import PayoffSetResult, equilibrium_payoff_set

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


#: Names served on first use by :func:`__getattr__` (listed by ``dir(secdilemma)``).
_LAZY = ("sweep", "threshold", "models", "analysis", "plotting", "reproduce", "symbolic", "io")


def __getattr__(name):
    # the upper layers load on first use so that `import secdilemma` stays fast (they
    # import xarray, pandas, sympy, scipy.stats; measured in tests/test_import_graph.py)
    if name == "sweep":
        from .analysis.sweep import sweep

        return sweep
    if name == "threshold":
        from .analysis.threshold import threshold

        return threshold
    if name in _LAZY:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'secdilemma' has no attribute {name!r}")


def __dir__():
    # the lazily served names too, so that tab completion and dir() show them
    return sorted(set(globals()) | set(_LAZY))
