"""The standard outcome metrics of a symmetric 2x2 stage game, as the analysis layer
names them; their home is :mod:`secdilemma.models.stage_metrics` (the economics lives
in ``models/``).

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
"""

from __future__ import annotations

from types import MappingProxyType

from ..models.stage_metrics import EQUILIBRIUM_METRICS, STAGE_METRICS, compute_metrics

__all__ = ["METRICS", "EQUILIBRIUM_METRICS", "compute_metrics", "metric_attrs"]

#: Metric name -> one-line description (the 2x2 models' ``sweep_metrics``).
METRICS = MappingProxyType({m.name: m.description for m in STAGE_METRICS})

_BY_NAME = {m.name: m for m in STAGE_METRICS}


def metric_attrs(name: str) -> dict:
    """netCDF/CF attributes of a 2x2 metric's data variable (``long_name``; for
    ``regime`` also ``flag_values`` and ``flag_meanings``).

    Examples
    --------
    >>> from secdilemma.analysis.metrics import metric_attrs
    >>> metric_attrs("regime")["flag_meanings"]
    'harmony stag_hunt prisoners_dilemma chicken deadlock other'
    """
    return _BY_NAME[name].attrs()
