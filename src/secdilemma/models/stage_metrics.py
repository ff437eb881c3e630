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
        1-D float arrays of equal length, or 0-d (one value for every game: it is
        broadcast, never materialised).
    metrics : sequence of str
        Names from :data:`STAGE_METRICS`.
    tol : float
        Regret tolerance of the equilibrium computation (degenerate rows).

    Returns
    -------
    dict of str to numpy.ndarray
        One array per metric, plus ``"degenerate"`` when equilibria were needed.

    Notes
    -----
    Every decision is a comparison of two stored payoffs (exact in floating point); the
    near-tie test is first run against the largest tolerance of the batch (one bound
    for every game, from the batch's payoff range) and then, on the few games it
    leaves, with each game's own tolerance, which gives the same games as testing each
    game with its own.

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
    n = max(x.shape[0] if x.ndim else 1 for x in (R, S, T, P))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _symmetric_kernel(R, S, T, P, tuple(metrics), n, tol)


def _full(x, n: int) -> np.ndarray:
    """``x`` as a writable array of shape (n,) (a 0-d value is repeated)."""
    x = np.asarray(x)
    return x if x.shape == (n,) else np.broadcast_to(x, (n,)).copy()


def _symmetric_kernel(R, S, T, P, metrics: tuple, n: int, tol: float) -> dict:
    """:func:`symmetric_2x2_metrics` on arrays of shape (n,) or 0-d, under errstate.

    Each step is one NumPy pass over the games; the 0-d payoffs of a sweep (R and P of
    the offence-defence model when V and k are fixed) stay scalars. The regimes are
    the masks of :func:`regime_masks`, which are mutually exclusive, so the code is
    ``5 - 5*harmony - 4*stag_hunt - 3*prisoners_dilemma - 2*chicken - 1*deadlock``.
    """
    want = frozenset(metrics)
    need_eq = bool(EQUILIBRIUM_METRICS & want)
    out: dict = {}
    rt = _full(R > T, n)                                     # (C, C) is an equilibrium
    ps = _full(P > S, n)                                     # (D, D) is an equilibrium
    stag = None
    if "regime" in want or "trust_threshold" in want:
        stag = rt & ps
        stag &= T >= P
    if "regime" in want:
        tr = T > R
        sp = S > P
        code = np.full(n, len(REGIMES) - 1, dtype=np.int8)
        code -= stag.view(np.int8) * np.int8(4)
        harmony = rt & sp
        code -= harmony.view(np.int8) * np.int8(5)
        pd = tr & ps
        r_p = R > P
        if r_p.ndim or not r_p:
            pd &= r_p
        code -= pd.view(np.int8) * np.int8(3)
        chicken = tr & sp
        chicken &= R > S
        code -= chicken.view(np.int8) * np.int8(2)
        p_r = P > R
        if p_r.ndim or p_r:  # deadlock: T > P > R > S
            deadlock = _full(T > P, n)
            deadlock &= p_r
            deadlock &= R > S
            code -= deadlock.view(np.int8)
        out["regime"] = code
    if need_eq or "trust_threshold" in want:
        r_t = _full(R - T, n)
        p_s = _full(P - S, n)
    if "trust_threshold" in want:  # p* = (P - S) / ((R - T) + (P - S)), in the stag hunt
        if stag.any():
            tt = r_t + p_s
            np.divide(p_s, tt, out=tt)
            if not stag.all():
                np.copyto(tt, np.nan, where=~stag)
        else:
            tt = np.full(n, np.nan)
        out["trust_threshold"] = tt
    if need_eq:
        p = _full(R - S, n)
        p -= T
        p += P
        np.divide(p_s, p, out=p)                             # the mixed equilibrium
        mixed = p > 0
        mixed &= p < 1
        count = ps.view(np.uint8) + rt.view(np.uint8)
        count += mixed.view(np.uint8)
        two = _full(S > P, n)                                 # (C, D) and (D, C)
        two &= T > R
        count += two.view(np.uint8) * np.uint8(2)
        if "num_equilibria" in want:
            out["num_equilibria"] = count.astype(np.int64)
        if "cooperation_is_equilibrium" in want:
            out["cooperation_is_equilibrium"] = rt  # its own array: patched below
        if "cooperation_is_unique_equilibrium" in want:
            unique = count == 1
            unique &= rt
            out["cooperation_is_unique_equilibrium"] = unique
        if "mixed_cooperation_probability" in want:
            if not mixed.all():
                np.copyto(p, np.nan, where=~mixed)
            out["mixed_cooperation_probability"] = p
        # near ties: first against the batch's largest tolerance, then game by game
        hi = max(x.max() if x.ndim else x for x in (R, S, T, P))
        lo = min(x.min() if x.ndim else x for x in (R, S, T, P))
        lim = ((hi - lo) + 1.0) * _NEAR_TIE
        near_rt = np.abs(r_t, out=r_t)
        near_sp = np.abs(p_s, out=p_s)
        cand = near_rt <= lim
        cand |= near_sp <= lim
        degenerate = np.zeros(n, dtype=bool)
        if cand.any():
            idx = np.flatnonzero(cand)
            R, S, T, P = (x[idx] if x.ndim else np.full(idx.size, x) for x in (R, S, T, P))
            lim = np.maximum(np.maximum(R, S), np.maximum(T, P))
            lim -= np.minimum(np.minimum(R, S), np.minimum(T, P))
            lim += 1.0
            lim *= _NEAR_TIE
            hard = near_rt[idx] <= lim
            hard |= near_sp[idx] <= lim
            if hard.any():
                R, S, T, P = R[hard], S[hard], T[hard], P[hard]
                idx = idx[hard]
                eq_metrics = [m for m in metrics if m in EQUILIBRIUM_METRICS]
                sub = compute_metrics(R, S, T, P, eq_metrics, tol=tol)
                for m in eq_metrics:
                    out[m][idx] = sub[m]
                degenerate[idx] = sub["degenerate"]
        out["degenerate"] = degenerate
    return {m: out[m] for m in metrics} | ({"degenerate": out["degenerate"]}
                                           if need_eq else {})


def stage_metrics(reward, sucker, temptation, punishment, metrics) -> dict:
    """:func:`symmetric_2x2_metrics` on arrays of any (common) shape: the ``_compute``
    of the 2x2 models. Returns arrays of the broadcast shape; a payoff that is one
    value for every game (0-d, or an array of equal values broadcast with stride 0)
    stays a scalar in the computation."""
    arrays = [np.asarray(v, dtype=float) for v in (reward, sucker, temptation, punishment)]
    shape = np.broadcast_shapes(*(x.shape for x in arrays))
    n = int(np.prod(shape, dtype=np.int64))
    flat = []
    for x in arrays:
        if x.size and not any(x.strides):  # one value, broadcast: keep it 0-d
            flat.append(np.asarray(x.reshape(-1)[0]))
        else:
            flat.append(np.broadcast_to(x, shape).reshape(n))
    out = symmetric_2x2_metrics(*flat, metrics)
    return {k: v.reshape(shape) for k, v in out.items()}
