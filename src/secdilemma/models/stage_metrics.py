"""The economics of a symmetric 2x2 stage game (R, S, T, P): regimes, the trust
threshold, and the standard outcome metrics of many games at once.

Notation (fixed for the whole package): two states choose **C** (cooperate: do not
arm, stay open) or **D** (defect: arm, restrict); the row player's payoffs are R
(C, C), S (C, D), T (D, C) and P (D, D), always in the order R, S, T, P, and the
column player's matrix is the transpose. The classic orderings [1]_ [2]_ name the
regimes in :data:`REGIMES`.

The metrics (:data:`STAGE_METRICS`) are computed by :func:`symmetric_2x2_metrics`:
closed forms for the nondegenerate games, and
:func:`~secdilemma.solvers.batched.solve_2x2_entries` (all extreme equilibria, as
``solve_nash(method="vertex_enumeration")`` finds them) for games with a (near) tie,
through :func:`compute_metrics`, the reference that goes through the solver for every
game.

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
.. [2] Rapoport, A. and Guyer, M. (1966). A taxonomy of 2x2 games. *General Systems*
   11, 203-214.
"""

from __future__ import annotations

import numpy as np

from ..solvers.batched import _NEAR_TIE, solve_2x2_entries
from .protocol import Metric

__all__ = ["REGIMES", "classify_regimes", "trust_threshold", "trust_thresholds",
           "STAGE_METRICS", "EQUILIBRIUM_METRICS", "compute_metrics", "symmetric_2x2_metrics",
           "stage_metrics"]

#: Regime names, in the order in which they are tested; ``"other"`` is everything else
#: (including the boundaries between regimes, where two payoffs tie). The integer code
#: of a regime is its index in this tuple.
REGIMES = ("harmony", "stag_hunt", "prisoners_dilemma", "chicken", "deadlock", "other")

_STAG_HUNT = REGIMES.index("stag_hunt")


def regime_masks(R, S, T, P):
    """Boolean arrays (or bools), one per regime except ``"other"``, in REGIMES order.

    Harmony: R > T and S > P. Stag hunt: R > T >= P > S. Prisoner's dilemma:
    T > R > P > S. Chicken: T > R > S > P. Deadlock: T > P > R > S.
    """
    return (
        (R > T) & (S > P),                       # harmony
        (R > T) & (T >= P) & (P > S),            # stag hunt / assurance
        (T > R) & (R > P) & (P > S),             # prisoner's dilemma
        (T > R) & (R > S) & (S > P),             # chicken
        (T > P) & (P > R) & (R > S),             # deadlock
    )


def classify_regimes(reward, sucker, temptation, punishment) -> np.ndarray:
    """Regime codes (indices into :data:`REGIMES`) of many stage games at once.

    Parameters
    ----------
    reward, sucker, temptation, punishment : array_like
        R, S, T and P; broadcast against each other.

    Returns
    -------
    numpy.ndarray of int8
        ``REGIMES.index(regime)`` for every game; the first matching regime in the order
        of :data:`REGIMES` wins (the five named regimes are in fact mutually exclusive).

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.models.stage_metrics import classify_regimes, REGIMES
    >>> codes = classify_regimes([4, 3], [1, 0], [3, 5], [2, 1])
    >>> [REGIMES[c] for c in codes]
    ['stag_hunt', 'prisoners_dilemma']
    """
    R, S, T, P = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in
                                       (reward, sucker, temptation, punishment)))
    codes = np.full(R.shape, len(REGIMES) - 1, dtype=np.int8)
    # assign in reverse so that the first matching regime wins
    for code, mask in reversed(list(enumerate(regime_masks(R, S, T, P)))):
        codes[mask] = code
    return codes


def trust_threshold(reward, sucker, temptation, punishment):
    """The stag-hunt trust threshold p* = (P - S) / ((R - T) + (P - S)), the one home of
    the formula: in a stag hunt a state does best to cooperate iff the probability
    that the other cooperates is at least p*, which is also the cooperation
    probability of the symmetric mixed equilibrium [1]_.

    Works on any numbers with field arithmetic (Fractions stay exact, sympy symbols
    give the expression); raises ZeroDivisionError (or returns nan/inf for floats)
    where ``(R - T) + (P - S) == 0`` -- see :func:`trust_thresholds` for arrays.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma.models.stage_metrics import trust_threshold
    >>> trust_threshold(4, Fraction(1), 3, 2)
    Fraction(1, 2)
    """
    R, S, T, P = reward, sucker, temptation, punishment
    return (P - S) / ((R - T) + (P - S))


def trust_thresholds(reward, sucker, temptation, punishment) -> np.ndarray:
    """:func:`trust_threshold` of many games at once; NaN where the denominator is zero.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.models.stage_metrics import trust_thresholds
    >>> trust_thresholds([4, 4], [1, 1], [3, 4], [2, 1]).tolist()
    [0.5, nan]
    """
    R, S, T, P = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in
                                       (reward, sucker, temptation, punishment)))
    den = (R - T) + (P - S)
    out = np.full(R.shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.copyto(out, trust_threshold(R, S, T, P), where=den != 0)
    return out


#: The standard metrics of a symmetric 2x2 stage game.
STAGE_METRICS = (
    Metric("regime", "regime code, an index into secdilemma.models.REGIMES", "int8",
           flag_meanings=REGIMES),
    Metric("num_equilibria",
           "number of Nash equilibria (extreme equilibria of a degenerate game)", "int64"),
    Metric("cooperation_is_equilibrium", "whether (C, C) is a pure Nash equilibrium", "bool"),
    Metric("cooperation_is_unique_equilibrium", "whether (C, C) is the unique Nash equilibrium", "bool"),
    Metric("mixed_cooperation_probability",
           "probability that state 1 plays C in the fully mixed equilibrium (NaN if none)",
           "float64"),
    Metric("trust_threshold",
           "stag-hunt trust threshold p* = (P - S) / ((R - T) + (P - S)); NaN outside the "
           "stag hunt", "float64"),
)

#: The metrics that need the equilibria of each game.
EQUILIBRIUM_METRICS = frozenset({"num_equilibria", "cooperation_is_equilibrium",
                                 "cooperation_is_unique_equilibrium", "mixed_cooperation_probability"})


def compute_metrics(reward, sucker, temptation, punishment, metrics, *, tol=1e-9) -> dict:
    """The requested metrics for many symmetric stage games at once, every game through
    the batched solver (the reference for :func:`symmetric_2x2_metrics`).

    Parameters
    ----------
    reward, sucker, temptation, punishment : numpy.ndarray
        1-D float arrays of equal length: R, S, T, P of each game.
    metrics : sequence of str
        Names from :data:`STAGE_METRICS`.
    tol : float
        Regret tolerance of the equilibrium computation.

    Returns
    -------
    dict of str to numpy.ndarray
        One 1-D array per metric, in the order requested; ``"degenerate"`` is added
        (bool) when equilibria were computed.

    Notes
    -----
    ``trust_threshold`` is p* where the game is a stag hunt, the only regime in which
    it is a threshold on trust, and NaN elsewhere (use :func:`trust_thresholds` for the
    raw formula). In a degenerate game (a tie, e.g. exactly on a regime boundary)
    equilibria can form a continuum; ``num_equilibria`` then counts its extreme
    points, and ``mixed_cooperation_probability`` is NaN unless exactly one extreme
    equilibrium is fully mixed.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.models.stage_metrics import compute_metrics
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
        res = solve_2x2_entries((R, S, T, P), (R, T, S, P), tol=tol)
    for name in metrics:
        if name == "regime":
            out[name] = classify_regimes(R, S, T, P)
        elif name == "trust_threshold":
            regime = out["regime"] if "regime" in out else classify_regimes(R, S, T, P)
            out[name] = np.where(regime == _STAG_HUNT, trust_thresholds(R, S, T, P), np.nan)
        elif name == "num_equilibria":
            out[name] = res.count.astype(np.int64)
        elif name in ("cooperation_is_equilibrium", "cooperation_is_unique_equilibrium"):
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


def symmetric_2x2_metrics(reward, sucker, temptation, punishment, metrics, *,
                          tol: float = 1e-9) -> dict:
    """The standard metrics of symmetric 2x2 games, the fast way.

    Same output, bit for bit, as :func:`compute_metrics` (which goes through
    :func:`~secdilemma.solvers.batched.solve_2x2_entries`), but the equilibria of a
    nondegenerate symmetric game are never materialised: with (R, S, T, P) the
    equilibria are (C, C) iff R > T, (D, D) iff P > S, (C, D) and (D, C) iff S > P and
    T > R, and the fully mixed one with p = (P - S) / (R - S - T + P) iff 0 < p < 1
    [1]_; only the requested metrics are computed. Games with a (near) tie R ~ T or
    S ~ P (the near-tie test of ``solve_2x2_entries``) go through
    :func:`compute_metrics` unchanged.

    Parameters
    ----------
    reward, sucker, temptation, punishment : numpy.ndarray
        1-D float arrays of equal length.
    metrics : sequence of str
        Names from :data:`STAGE_METRICS`.
    tol : float
        Regret tolerance of the equilibrium computation (degenerate rows).

    Returns
    -------
    dict of str to numpy.ndarray
        One array per metric, plus ``"degenerate"`` when equilibria were needed.

    References
    ----------
    .. [1] Rapoport, A. and Guyer, M. (1966). A taxonomy of 2 x 2 games. *General
       Systems* 11, 203-214.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.models.stage_metrics import symmetric_2x2_metrics
    >>> out = symmetric_2x2_metrics(np.array([4.0, 3.0]), np.array([1.0, 0.0]),
    ...     np.array([3.0, 5.0]), np.array([2.0, 1.0]),
    ...     ["num_equilibria", "mixed_cooperation_probability"])
    >>> out["num_equilibria"].tolist(), out["mixed_cooperation_probability"].tolist()
    ([3, 1], [0.5, nan])
    """
    R, S, T, P = (np.asarray(v, dtype=float) for v in (reward, sucker, temptation,
                                                          punishment))
    n = R.shape[0]
    out: dict = {}
    need_eq = bool(EQUILIBRIUM_METRICS.intersection(metrics))
    if need_eq:
        hi = np.maximum(np.maximum(R, S), np.maximum(T, P))
        lo = np.minimum(np.minimum(R, S), np.minimum(T, P))
        lim = hi
        lim -= lo
        lim += 1.0
        lim *= _NEAR_TIE
        r_t = R - T
        s_p = S - P
        hard = np.abs(r_t) <= lim
        hard |= np.abs(s_p) <= lim
        coop = R > T
        if "num_equilibria" in metrics or "cooperation_is_unique_equilibrium" in metrics \
                or "mixed_cooperation_probability" in metrics:
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                den = R - S
                den -= T
                den += P
                p = P - S
                p /= den
            mixed = (p > 0) & (p < 1)
            count = (coop.astype(np.int64) + (P > S)) + mixed
            count += 2 * ((S > P) & (T > R))
    regime = None
    for name in metrics:
        if name == "regime":
            regime = classify_regimes(R, S, T, P) if regime is None else regime
            out[name] = regime
        elif name == "trust_threshold":
            regime = classify_regimes(R, S, T, P) if regime is None else regime
            out[name] = np.where(regime == _STAG_HUNT, trust_thresholds(R, S, T, P), np.nan)
        elif name == "num_equilibria":
            out[name] = count
        elif name == "cooperation_is_equilibrium":
            out[name] = coop
        elif name == "cooperation_is_unique_equilibrium":
            out[name] = coop & (count == 1)
        elif name == "mixed_cooperation_probability":
            out[name] = np.where(mixed, p, np.nan)
        else:  # pragma: no cover - names are validated by the callers
            raise KeyError(name)
    if need_eq:
        degenerate = np.zeros(n, dtype=bool)
        if hard.any():
            idx = np.flatnonzero(hard)
            eq_metrics = [m for m in metrics if m in EQUILIBRIUM_METRICS]
            sub = compute_metrics(R[idx], S[idx], T[idx], P[idx], eq_metrics, tol=tol)
            for m in eq_metrics:
                out[m] = np.array(out[m], copy=True) if m == "cooperation_is_equilibrium" \
                    else out[m]
                out[m][idx] = sub[m]
            degenerate[idx] = sub["degenerate"]
        out["degenerate"] = degenerate
    return out


def stage_metrics(reward, sucker, temptation, punishment, metrics) -> dict:
    """:func:`symmetric_2x2_metrics` on arrays of any (common) shape: the ``_compute``
    of the 2x2 models. Returns arrays of the input shape."""
    R, S, T, P = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in
                                       (reward, sucker, temptation, punishment)))
    shape = R.shape
    out = symmetric_2x2_metrics(R.ravel(), S.ravel(), T.ravel(), P.ravel(), metrics)
    return {k: v.reshape(shape) for k, v in out.items()}
