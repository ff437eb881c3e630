"""Solvers: pure functions, one module per solution concept, each returning a result
object (:mod:`secdilemma.results`)."""

from .dispatch import solve
from .nash import METHODS, solve_nash

__all__ = ["solve", "solve_nash", "METHODS"]
