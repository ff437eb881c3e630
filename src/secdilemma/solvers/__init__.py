"""Solvers: pure functions, one module per solution concept, each returning a result
object (:mod:`secdilemma.results`)."""

from .batched_bayesian import BatchBayesianResult, solve_bayesian_batch
from .batched_nash import BatchNashResult, solve_nash_batch
from .bayesian import solve_bayesian
from .cheap_talk import solve_cheap_talk
from .cutoff import CutoffResult, cutoff_equilibria
from .dispatch import solve
from .extensive import ExtensiveEquilibrium, solve_spe
from .pbe import solve_pbe
from .nash import METHODS, solve_nash
from .qre import QREResult, solve_qre

__all__ = ["solve_pbe", "solve_nash_batch", "BatchNashResult", "solve_bayesian_batch",
           "BatchBayesianResult", "solve_spe", "ExtensiveEquilibrium", "cutoff_equilibria", "CutoffResult", "solve", "solve_bayesian", "solve_cheap_talk", "solve_nash", "METHODS",
           "solve_qre", "QREResult"]
