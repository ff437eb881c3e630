"""Solvers: pure functions, one module per solution concept, each returning a result
object (:mod:`secdilemma.results`).

:func:`solve_nash` loads with the package; the other names load on first use
(:func:`__getattr__`): the first ``solve_nash`` needs none of their modules, and
importing them all costs about 15 ms (process time of a fresh interpreter, bytecode
cached; ``import secdilemma`` with a first ``solve_nash`` takes about 20 ms more than
numpy alone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports
from .nash import METHODS, solve_nash

__all__ = ["solve_pbe", "solve_nash_batch", "BatchNashResult", "solve_bayesian_batch",
           "BatchBayesianResult", "solve_spe", "ExtensiveEquilibrium", "cutoff_equilibria", "CutoffResult", "solve", "solve_bayesian", "solve_cheap_talk", "solve_nash", "METHODS",
           "solve_qre", "QREResult"]

#: The names loaded on first use, each with the module (of this package) defining it.
_LAZY = {
    "BatchBayesianResult": "batched_bayesian", "solve_bayesian_batch": "batched_bayesian",
    "BatchNashResult": "batched_nash", "solve_nash_batch": "batched_nash",
    "solve_bayesian": "bayesian",
    "solve_cheap_talk": "cheap_talk",
    "CutoffResult": "cutoff", "cutoff_equilibria": "cutoff",
    "solve": "dispatch",
    "ExtensiveEquilibrium": "extensive", "solve_spe": "extensive",
    "solve_pbe": "pbe",
    "QREResult": "qre", "solve_qre": "qre",
}

if TYPE_CHECKING:  # the same names, for type checkers and readers of the import graph
    from .batched_bayesian import BatchBayesianResult, solve_bayesian_batch
    from .batched_nash import BatchNashResult, solve_nash_batch
    from .bayesian import solve_bayesian
    from .cheap_talk import solve_cheap_talk
    from .cutoff import CutoffResult, cutoff_equilibria
    from .dispatch import solve
    from .extensive import ExtensiveEquilibrium, solve_spe
    from .pbe import solve_pbe
    from .qre import QREResult, solve_qre


__getattr__, __dir__ = lazy_exports(__name__, _LAZY)
