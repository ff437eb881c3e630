"""Analysis: parameter sweeps over models and the standard security-dilemma metrics.

Imports xarray lazily through :mod:`secdilemma.analysis.sweep`.

Examples
--------
>>> from secdilemma.analysis import METRICS
>>> "regime" in METRICS
True
"""

from .metrics import METRICS, compute_metrics
from .sweep import evaluate_points, sweep

__all__ = ["METRICS", "compute_metrics", "evaluate_points", "sweep"]
