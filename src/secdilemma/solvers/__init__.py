"""Solvers: pure functions, one module per solution concept, each returning a result
object (:mod:`secdilemma.results`)."""

from .bayesian import solve_bayesian
from .dispatch import solve
from .nash import METHODS, solve_nash

__all__ = ["solve", "solve_bayesian", "solve_nash", "METHODS"]
