"""Analysis: parameter sweeps over models and the standard security-dilemma metrics.

Imports xarray lazily through :mod:`secdilemma.analysis.sweep`.

Examples
--------
>>> from secdilemma.analysis import METRICS
>>> "regime" in METRICS
True
"""

from .checkpoint import CheckpointMismatchError
from .dynamics import best_response_dynamics, replicator_rest_points, replicator_trajectory
from .metrics import METRICS, compute_metrics
from .repeated_sweeps import (cooperation_survival_grid, critical_discount_grid,
                              payoff_set_area_grid)
from .sweep import available_metrics, evaluate_points, sweep
from .threshold import RefinementResult, ThresholdResult, boundaries, refine_boundary, threshold

__all__ = ["threshold", "boundaries", "refine_boundary", "ThresholdResult", "RefinementResult",
           "CheckpointMismatchError", "METRICS", "compute_metrics", "evaluate_points", "available_metrics", "sweep",
           "critical_discount_grid", "payoff_set_area_grid", "cooperation_survival_grid",
           "replicator_trajectory", "replicator_rest_points", "best_response_dynamics"]
