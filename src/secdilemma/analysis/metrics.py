"""Standard outcome metrics of a symmetric 2x2 security-dilemma stage game.

Each metric maps arrays of stage payoffs (R, S, T, P) to one array of values, computed
for many games at once. Metrics that depend on the equilibria use
:func:`~secdilemma.solvers.batched.solve_2x2_entries` (all extreme equilibria, as
``solve_nash(method="vertex_enumeration")`` finds them).

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
"""

from __future__ import annotations

from types import MappingProxyType

import numpy as np

from ..models.stage_game import REGIMES, classify_regimes, trust_thresholds

__all__ = ["METRICS", "EQUILIBRIUM_METRICS", "compute_metrics", "metric_attrs"]

#: Metric name -> one-line description.
METRICS = MappingProxyType({
    "regime": "regime code, an index into secdilemma.models.REGIMES",
    "num_equilibria": "number of Nash equilibria (extreme equilibria of a degenerate game)",
    "cooperation_is_equilibrium": "whether (C, C) is a pure Nash equilibrium",
    "cooperation_is_unique": "whether (C, C) is the unique Nash equilibrium",
    "mixed_cooperation_probability":
        "probability that state 1 plays C in the fully mixed equilibrium (NaN if none)",
    "trust_threshold":
        "stag-hunt trust threshold p* = (P - S) / ((R - T) + (P - S)); NaN outside the "
        "stag hunt",
})

_STAG_HUNT = REGIMES.index("stag_hunt")

#: The metrics that need the equilibria of each game.
EQUILIBRIUM_METRICS = frozenset({"num_equilibria", "cooperation_is_equilibrium",
                                 "cooperation_is_unique", "mixed_cooperation_probability"})


def metric_attrs(name: str) -> dict:
    """netCDF/CF attributes of a metric's data variable (``long_name``; for ``regime``
    also ``flag_values`` and ``flag_meanings``).

    Examples
    --------
    >>> from secdilemma.analysis.metrics import metric_attrs
    >>> metric_attrs("regime")["flag_meanings"]
    'harmony stag_hunt prisoners_dilemma chicken deadlock other'
    """
    attrs = {"long_name": METRICS[name]}
    if name == "regime":
        attrs["flag_values"] = np.arange(len(REGIMES), dtype=np.int8)
        attrs["flag_meanings"] = " ".join(REGIMES)
    return attrs


def compute_metrics(reward, sucker, temptation, punishment, metrics, *, tol=1e-9) -> dict:
    """The requested metrics for many symmetric stage games at once.

    Parameters
    ----------
    reward, sucker, temptation, punishment : numpy.ndarray
        1-D float arrays of equal length: R, S, T, P of each game.
    metrics : sequence of str
        Names from :data:`METRICS`.
    tol : float
        Regret tolerance of the equilibrium computation.

    Returns
    -------
    dict of str to numpy.ndarray
        One 1-D array per metric, in the order requested; ``"degenerate"`` is added
        (bool) when equilibria were computed.

    Notes
    -----
    ``trust_threshold`` is the model's p* where the game is a stag hunt, the only regime
    in which it is a threshold on trust, and NaN elsewhere (use
    :func:`~secdilemma.models.trust_thresholds` for the raw formula). In a degenerate game (a tie, e.g. exactly on a regime boundary) equilibria can form
    a continuum; ``num_equilibria`` then counts its extreme points, and
    ``mixed_cooperation_probability`` is NaN unless exactly one extreme equilibrium is
    fully mixed.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.analysis.metrics import compute_metrics
    >>> out = compute_metrics(np.array([4.0]), np.array([1.0]), np.array([3.0]),
    ...                       np.array([2.0]), ["num_equilibria",
    ...                                         "mixed_cooperation_probability"])
    >>> out["num_equilibria"].tolist(), out["mixed_cooperation_probability"].tolist()
    ([3], [0.5])
    """
    R, S, T, P = reward, sucker, temptation, punishment
    out: dict = {}
    res = None
    if EQUILIBRIUM_METRICS.intersection(metrics):
        from ..solvers.batched import solve_2x2_entries

        res = solve_2x2_entries((R, S, T, P), (R, T, S, P), tol=tol)
    for name in metrics:
        if name == "regime":
            out[name] = classify_regimes(R, S, T, P)
        elif name == "trust_threshold":
            regime = out["regime"] if "regime" in out else classify_regimes(R, S, T, P)
            out[name] = np.where(regime == _STAG_HUNT, trust_thresholds(R, S, T, P), np.nan)
        elif name == "num_equilibria":
            out[name] = res.count.astype(np.int64)
        elif name in ("cooperation_is_equilibrium", "cooperation_is_unique"):
            coop = np.any((res.row_probs == 1.0) & (res.col_probs == 1.0), axis=1)
            out[name] = coop if name == "cooperation_is_equilibrium" else coop & (res.count == 1)
        elif name == "mixed_cooperation_probability":
            row, col = res.row_probs, res.col_probs
            fully = res.mask & (row > 0) & (row < 1) & (col > 0) & (col < 1)
            value = np.where(fully, row, 0.0).sum(axis=1)
            out[name] = np.where(fully.sum(axis=1) == 1, value, np.nan)
        else:  # pragma: no cover - names are validated by the callers
            raise KeyError(name)
    if res is not None:
        out["degenerate"] = res.degenerate
    return out
