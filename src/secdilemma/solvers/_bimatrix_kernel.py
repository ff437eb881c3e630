"""The support-enumeration kernel of small bimatrix games: compiled when available,
numpy otherwise, with one set of decision rules.

For every support size s and every pair of supports (I, J) with ``|I| = |J| = s`` the
indifference systems

    [[A[I, J], -1], [1 ... 1, 0]] (y_J, v) = (0, ..., 0, 1)
    [[B[I, J].T, -1], [1 ... 1, 0]] (x_I, w) = (0, ..., 0, 1)

are solved; candidates with non-negative probabilities and no profitable deviation are
the equilibria. In a nondegenerate game every equilibrium is found this way and their
number is odd [1]_ [2]_. The rules that make a game *unsure* (left to the caller's exact
per-game fallback, never answered from floats):

- each player's payoffs are normalised to [0, 1] (minimum subtracted, divided by the
  range), so every tolerance is relative and the answer is invariant to the payoff scale
  and shift; a constant or non-finite payoff array is unsure;
- a singular support system is unsure, and so is one that is not safely conditioned
  (the condition bound of :func:`._polytope.condition_bound` above
  :data:`._polytope.COND_MAX`) unless its own solution is infeasible beyond its forward
  error bound (a nearly singular system has a huge solution, almost always far outside
  the simplex: no equilibrium and no polytope vertex has these supports);
- the game is degenerate, or nearly so, anywhere: a mixed strategy solved for on a
  support of size s that is feasible and has its s replies best, with a probability or
  another reply within ``margin`` (a degenerate vertex of a best-response polytope,
  von Stengel 2007 section 3.2; every pure strategy is checked for a unique best
  reply). Checking only the equilibria found is not enough: an equilibrium component
  with unequal supports is invisible to equal-size supports while every equilibrium
  found looks regular;
- a candidate that is an equilibrium within ``margin`` (probabilities >= -margin,
  regrets <= margin) and has a support probability within ``margin`` of zero, or an
  unused action within ``margin`` of a best reply, or that is not an equilibrium
  within ``tol``, is unsure (a degenerate or nearly degenerate game [3]_); ``margin`` is
  :data:`MARGIN` plus twice the rounding gap of the stored payoffs
  (:func:`._polytope.rounding_gap`: a shift of 1e9 on a range of 1 hides ties of 2e-4);
- an even number of equilibria, or more than the output holds, is unsure.

An answered game is therefore nondegenerate (up to the margin), and its list is
complete: the certificate of vertex enumeration, at support-enumeration cost.

Two implementations take these decisions: the C extension
``secdilemma.solvers._bimatrix_native`` (built ahead of time at install, from plain C
with no numpy headers; Gaussian elimination with partial pivoting, one game at a time,
the GIL released) and a numpy one (stacked :func:`numpy.linalg.solve` over blocks of
games). They agree up to rounding at the margin. :data:`NATIVE` says whether the
extension loaded; the environment variable ``SECDILEMMA_NO_NATIVE=1`` set before import
disables it. Tests switch paths by monkeypatching the module attribute :data:`NATIVE`,
which both :func:`enumerate_batch` and :func:`solve_one` read at every call.

References
----------
.. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In Nisan, N. et al. (eds.), *Algorithmic Game Theory*,
   ch. 3, section 3.3.
.. [2] Wilson, R. (1971). Computing equilibria of n-person games. *SIAM Journal on
   Applied Mathematics* 21(1), 80-87.
.. [3] Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010). Enumeration
   of Nash equilibria for two-player games. *Economic Theory* 42(1), 9-37.
"""

from __future__ import annotations

import itertools
import os
from math import comb
from typing import NamedTuple

import numpy as np

from ._polytope import COND_MAX, condition_bound, normalise

try:  # built at install (setup.py, optional): absent where no C compiler was found
    if os.environ.get("SECDILEMMA_NO_NATIVE", "") not in ("", "0"):
        raise ImportError("disabled by SECDILEMMA_NO_NATIVE")
    from . import _bimatrix_native as _native
except ImportError:
    _native = None

__all__ = ["NATIVE", "MARGIN", "MAX_ACTIONS", "KernelResult", "enumerate_batch",
           "enumerate_padded",
           "solve_one", "width_bound"]

#: Whether the compiled extension is used (False when it is absent or disabled).
NATIVE: bool = _native is not None

#: Relative margin below which a probability, a payoff gap or a regret counts as a
#: (near-)tie and makes the game unsure.
MARGIN = 1e-7

#: Largest number of actions of either player that the compiled kernel accepts.
MAX_ACTIONS = 6

#: Probabilities below this are rounding noise and set to zero.
_CLEAN = 1e-12

#: Games per block of the numpy path (bounds the memory of the stacked systems).
_BLOCK = 4096

_EPS = float(np.finfo(float).eps)

def _stale(native) -> str | None:
    """Why a compiled kernel cannot be used (a build older than this module: other
    constants would take other decisions, a missing entry point would fail), or None."""
    for name, value in (("MARGIN", MARGIN), ("COND_MAX", COND_MAX),
                        ("MAX_ACTIONS", MAX_ACTIONS)):
        if getattr(native, name, None) != value:
            return f"its {name} is {getattr(native, name, None)!r}, this module's {value!r}"
    if not hasattr(native, "scatter_padded"):
        return "it lacks scatter_padded"
    return None


if _native is not None and (_why := _stale(_native)) is not None:
    # correct without it (the numpy path), but slow: say so once, at import
    import warnings

    warnings.warn(
        "secdilemma: the compiled kernel secdilemma.solvers._bimatrix_native is older "
        f"than the package ({_why}); using the slower numpy path. Rebuild it: "
        "pip install -e . (or python setup.py build_ext --inplace)",
        RuntimeWarning, stacklevel=2)
    _native = None
    NATIVE = False


class KernelResult(NamedTuple):
    """Equilibria of N games of one shape m x n, K slots per game.

    ``x`` (N, K, m) and ``y`` (N, K, n) strategies, ``payoffs`` (N, K, 2) expected
    payoffs on the original scale, ``regret`` (N, K) the absolute max regret (each
    player's regret relative to their payoff range, times that range, max over
    players); the first ``count`` slots of a game are its equilibria, sorted as
    ``solve_nash`` sorts them, the rest NaN. ``unsure`` (N,) games have ``count`` 0 and
    all slots NaN: the caller must solve them otherwise.
    """

    x: np.ndarray
    y: np.ndarray
    count: np.ndarray
    unsure: np.ndarray
    payoffs: np.ndarray
    regret: np.ndarray


def width_bound(m: int, n: int) -> int:
    """Slots per game K: the number of support pairs, capped for square games with
    d = m = n <= 4 by the largest number of equilibria of a nondegenerate d x d game
    (1, 3, 7, 15: 2**d - 1, proved for d = 3 by Keiding 1997 and d = 4 by McLennan and
    Park 1999), else by 2**(d+1) with d = min(m, n). A game with more equilibria than
    K is unsure (sent to the exact fallback): the cap bounds memory and costs speed on
    such games, never correctness."""
    d = min(m, n)
    pairs = sum(comb(m, s) * comb(n, s) for s in range(1, d + 1))
    cap = 2 ** d - 1 if m == n and d <= 4 else 2 ** (d + 1)
    return max(1, min(pairs, cap))


def enumerate_batch(A, B, tol: float = 1e-9) -> KernelResult:
    """Support enumeration of N games of one shape (m x n), native or numpy.

    Parameters
    ----------
    A, B : numpy.ndarray of float, shape (N, m, n)
        Row and column players' payoffs (finite; validated by the caller).
    tol : float
        Regret and probability tolerance, relative to each player's payoff range.

    Returns
    -------
    KernelResult
        With ``K = width_bound(m, n)``.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.solvers._bimatrix_kernel import enumerate_batch
    >>> res = enumerate_batch(np.array([[[4.0, 1], [3, 2]]]), np.array([[[4.0, 3], [1, 2]]]))
    >>> res.count.tolist(), res.unsure.tolist()
    ([3], [False])
    >>> res.x[0, :3].round(6).tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    >>> res.payoffs[0, 2].round(6).tolist()
    [2.5, 2.5]
    """
    A = np.ascontiguousarray(A, dtype=float)
    B = np.ascontiguousarray(B, dtype=float)
    N, m, n = A.shape
    K = width_bound(m, n)
    if NATIVE and m <= MAX_ACTIONS and n <= MAX_ACTIONS:
        x = np.empty((N, K, m))
        y = np.empty((N, K, n))
        count = np.empty(N, dtype=np.int64)
        unsure = np.empty(N, dtype=bool)
        payoffs = np.empty((N, K, 2))
        regret = np.empty((N, K))
        _native.enumerate_batch(A, B, float(tol), x, y, count, unsure, payoffs, regret)
        return KernelResult(x, y, count, unsure, payoffs, regret)
    parts = [_numpy_block(A[s:s + _BLOCK], B[s:s + _BLOCK], float(tol), K)
             for s in range(0, max(N, 1), _BLOCK)]
    if len(parts) == 1:
        return parts[0]
    return KernelResult(*(np.concatenate(p) for p in zip(*parts)))


def solve_one(A, B, tol: float = 1e-9):
    """All equilibria of one game, or None when the kernel cannot answer it.

    Parameters
    ----------
    A, B : numpy.ndarray of float64, shape (m, n), C-contiguous
        Payoffs (finite; validated by the caller).
    tol : float
        As :func:`enumerate_batch`.

    Returns
    -------
    tuple or None
        ``((x, y, u0, u1, regret), ...)`` sorted as ``solve_nash`` sorts equilibria
        (``x``, ``y`` tuples of floats, ``u0``, ``u1`` expected payoffs, ``regret`` the
        absolute max regret); None when the game is unsure, larger than
        :data:`MAX_ACTIONS`, or the compiled kernel is not in use (:data:`NATIVE`).

    Notes
    -----
    Stricter than :func:`enumerate_batch`: the game is unsure when it is degenerate or
    nearly so *anywhere*, not only at an equilibrium -- a vertex of either
    best-response polytope (a mixed strategy with s actions in its support and s best
    replies [1]_) with a probability or a best-reply gap within the margin, every pure
    strategy with a unique best reply, and a badly conditioned support system only
    when its own solution is surely infeasible; the rounding gap counts twice in the
    margin. An answer is then that of a nondegenerate game, which the vertex
    enumeration of ``solve_nash`` (whose tie margin is smaller) also calls complete.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.solvers import _bimatrix_kernel as kernel
    >>> eqs = kernel.solve_one(np.array([[4.0, 1], [3, 2]]), np.array([[4.0, 3], [1, 2]]))
    >>> eqs is None or [e[0] for e in eqs][:2] == [(1.0, 0.0), (0.0, 1.0)]
    True
    """
    if NATIVE:
        return _native.solve_one(A, B, tol)
    return None


def enumerate_padded(A, B, tol: float = 1e-9):
    """The equilibria of N games of one shape as arrays padded to the largest count.

    What :func:`enumerate_batch` computes, without payoffs and regrets and with only as
    many slots as the games need: the compiled kernel writes the equilibria compactly
    (game after game) and they are copied once, in one sequential pass that also
    writes the NaN padding, into arrays of width ``w``, the largest number of
    equilibria of a game (at least 1).

    Returns
    -------
    x : numpy.ndarray, shape (N, w, m)
    y : numpy.ndarray, shape (N, w, n)
        Strategies, NaN past each game's count.
    count : numpy.ndarray of int64, shape (N,)
    unsure : numpy.ndarray of bool, shape (N,)

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.solvers._bimatrix_kernel import enumerate_padded
    >>> x, y, count, unsure = enumerate_padded(np.array([[[4.0, 1], [3, 2]]]),
    ...                                        np.array([[[4.0, 3], [1, 2]]]))
    >>> count.tolist(), x[0].round(6).tolist()
    ([3], [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    """
    A = np.ascontiguousarray(A, dtype=float)
    B = np.ascontiguousarray(B, dtype=float)
    N, m, n = A.shape
    if not (NATIVE and m <= MAX_ACTIONS and n <= MAX_ACTIONS):
        res = enumerate_batch(A, B, tol)
        w = max(int(res.count.max(initial=0)), 1)
        return res.x[:, :w], res.y[:, :w], res.count, res.unsure
    K = width_bound(m, n)
    # room for K equilibria per game; np.empty maps pages only where rows are written
    xs = np.empty((N * K, m))
    ys = np.empty((N * K, n))
    count = np.empty(N, dtype=np.int64)
    unsure = np.empty(N, dtype=bool)
    rows = _native.enumerate_compact(A, B, float(tol), xs, ys, count, unsure)
    w = max(int(count.max(initial=0)), 1)
    # x and y share one allocation (each a C-contiguous view): one large block faults
    # in fewer, larger pages than two (measured: 10% of the whole call on 4x4 games)
    both = np.empty(N * w * (m + n))
    x = both[:N * w * m].reshape(N, w, m)
    y = both[N * w * m:].reshape(N, w, n)
    _native.scatter_padded(xs[:rows], ys[:rows], count, x, y)
    return x, y, count, unsure


# ---------------------------------------------------------------- numpy path


def _combos(n: int, s: int) -> np.ndarray:
    return np.array(list(itertools.combinations(range(n), s)), dtype=np.intp)


def _systems(M, rows, cols):
    """Stacked systems [[M[:, I, J], -1], [1, 0]] of shape (N, P, s+1, s+1)."""
    n, P, s = M.shape[0], rows.shape[0], rows.shape[1]
    mats = np.zeros((n, P, s + 1, s + 1))
    mats[:, :, :s, :s] = M[:, rows[:, :, None], cols[:, None, :]]
    mats[:, :, :s, s] = -1.0
    mats[:, :, s, :s] = 1.0
    return mats


def _solve(mats):
    """Solve the stacked systems for right-hand side e_last; returns the solutions, the
    condition bounds (:func:`._polytope.condition_bound`; inf when singular) and which
    systems are singular (their solution is meaningless)."""
    s1 = mats.shape[-1]
    bound = condition_bound(mats)
    singular = ~np.isfinite(bound)
    safe = np.where(singular[..., None, None], np.eye(s1), mats)
    rhs = np.zeros(mats.shape[:-1] + (1,))
    rhs[..., -1, 0] = 1.0
    return np.linalg.solve(safe, rhs)[..., 0], bound, singular


def _surely_infeasible(z, bound, margin, gaprel):
    """Whether solutions z (..., s) of support systems with condition bounds ``bound``
    (at least ``COND_MAX``) are infeasible beyond doubt: the smallest probability is
    below -margin by more than the forward error bound ``2 rel ||(z, v)||_2`` with
    ``rel = bound * (2 k^2 2^(k-1) eps + s gaprel) < 1/2`` (k = s + 1: the normwise
    backward error of Gaussian elimination with partial pivoting at worst-case growth,
    plus data stored to a relative accuracy ``gaprel``) and
    ``||(z, v)||_2 <= k max(1, max|z|)``; as the compiled path."""
    s = z.shape[-1]
    k = s + 1
    bound = np.maximum(bound, COND_MAX)  # as the compiled path: never below COND_MAX
    big = np.maximum(np.abs(z).max(axis=-1), 1.0)
    rel = bound * (2.0 * k * k * 2.0 ** (k - 1) * _EPS + s * gaprel)
    return (rel < 0.5) & (z.min(axis=-1) < -(margin + 2.0 * rel * k * big))


def _degenerate_vertex(zsol, vals, best, out, mg):
    """Which stacked mixed strategies ``zsol`` (support of size s) are degenerate or
    nearly degenerate vertices of the opponent-facing best-response polytope: feasible
    within ``mg``, the s replies they were solved for (``~out``) all best within
    ``mg``, and a probability within ``mg`` of 0 or another reply within ``mg`` of the
    best (``vals``: the opponent's normalised payoff of each reply, ``best`` its
    maximum). The numpy twin of the compiled ``degenerate_vertex``."""
    feasible = zsol.min(axis=-1) >= -mg
    worst_in = np.where(out, np.inf, vals).min(axis=-1)
    vertex = feasible & (best - worst_in <= mg)
    zero = np.abs(zsol).min(axis=-1) <= mg
    other = np.any(out & (best[..., None] - vals <= mg[..., None]), axis=-1)
    return vertex & (zero | other)


def _numpy_block(A, B, tol, K) -> KernelResult:
    """The numpy implementation of :func:`enumerate_batch` on one block of games."""
    n, k, m = A.shape
    with np.errstate(all="ignore"):
        An, _, spanA = normalise(A, axis=(1, 2))
        Bn, _, spanB = normalise(B, axis=(1, 2))
        spanA, spanB = spanA[:, 0, 0], spanB[:, 0, 0]
        hard = ~(np.isfinite(A).all(axis=(1, 2)) & np.isfinite(B).all(axis=(1, 2)))
        hard |= (A.max(axis=(1, 2)) == A.min(axis=(1, 2))) | (
            B.max(axis=(1, 2)) == B.min(axis=(1, 2)))
        gap = np.maximum(np.abs(A).max(axis=(1, 2)) / spanA, np.abs(B).max(axis=(1, 2)) / spanB)
    gaprel = 1024.0 * _EPS * np.where(np.isfinite(gap), gap, 0.0)
    margin = MARGIN + 2.0 * gaprel  # the rounding gap counts twice
    mg = margin[:, None]
    xs, ys, oks = [], [], []
    for s in range(1, min(k, m) + 1):
        I, J = _combos(k, s), _combos(m, s)
        rows = np.repeat(I, len(J), axis=0)
        cols = np.tile(J, (len(I), 1))
        P = rows.shape[0]
        if s == 1:
            ysol = np.ones((n, P, 1))
            xsol = np.ones((n, P, 1))
            sing = bad_x_s = bad_y_s = np.zeros((n, P), dtype=bool)
        else:
            with np.errstate(all="ignore"):
                ysol, by, sy = _solve(_systems(An, rows, cols))
                xsol, bx, sx = _solve(_systems(np.swapaxes(Bn, 1, 2), cols, rows))
                ysol, xsol = ysol[..., :s], xsol[..., :s]
                # a badly conditioned pair is harmless only when one of its solutions
                # is infeasible beyond its error bound (then it is rejected as usual)
                bad_y, bad_x = ~(by <= COND_MAX), ~(bx <= COND_MAX)
                sing = bad_y | bad_x
                # a badly conditioned system is harmless only when its own solution
                # is infeasible beyond its error bound; an exactly singular one never
                risky = sy | sx | (bad_y & ~_surely_infeasible(ysol, by, mg, gaprel[:, None])) \
                    | (bad_x & ~_surely_infeasible(xsol, bx, mg, gaprel[:, None]))
            hard |= np.any(risky, axis=1)
            bad_x_s, bad_y_s = bad_x | sx, bad_y | sy
        x = np.zeros((n, P, k))
        y = np.zeros((n, P, m))
        np.put_along_axis(x, np.broadcast_to(rows, (n, P, s)), xsol, axis=2)
        np.put_along_axis(y, np.broadcast_to(cols, (n, P, s)), ysol, axis=2)
        low = np.minimum(xsol.min(axis=-1), ysol.min(axis=-1))
        row_vals = np.einsum("nij,npj->npi", An, y)
        col_vals = np.einsum("nij,npi->npj", Bn, x)
        row_best = row_vals.max(axis=-1)
        col_best = col_vals.max(axis=-1)
        row_reg = row_best - np.einsum("npi,npi->np", x, row_vals)
        col_reg = col_best - np.einsum("npj,npj->np", y, col_vals)
        ok = (low >= -tol) & ~sing & (row_reg <= tol) & (col_reg <= tol)
        # near-degeneracy: a support probability near 0, or an unused action (near) tied
        near_zero = np.minimum(np.abs(xsol).min(axis=-1), np.abs(ysol).min(axis=-1)) <= mg
        out_x = np.ones((n, P, k), dtype=bool)
        out_y = np.ones((n, P, m), dtype=bool)
        np.put_along_axis(out_x, np.broadcast_to(rows, (n, P, s)), False, axis=2)
        np.put_along_axis(out_y, np.broadcast_to(cols, (n, P, s)), False, axis=2)
        tie = np.any(out_x & (row_best[..., None] - row_vals <= mg[..., None]), axis=-1) | (
            np.any(out_y & (col_best[..., None] - col_vals <= mg[..., None]), axis=-1))
        # a candidate that is (almost) an equilibrium and is near-degenerate or not an
        # equilibrium within tol makes the game unsure
        almost = (low >= -mg) & (row_reg <= mg) & (col_reg <= mg) & ~sing
        hard |= np.any(almost & (near_zero | tie | ~ok), axis=1)
        # and so does a degenerate vertex of either best-response polytope anywhere,
        # equilibrium or not: x on I whose best replies J are not exactly |I| (or with a
        # probability near 0), and likewise y on J facing the rows (von Stengel 2007,
        # section 3.2); a component of equilibria with unequal supports, invisible to
        # equal-size supports, always has one
        hard |= np.any(~bad_x_s & _degenerate_vertex(xsol, col_vals, col_best, out_y, mg)
                       | ~bad_y_s & _degenerate_vertex(ysol, row_vals, row_best, out_x, mg),
                       axis=1)
        xs.append(x)
        ys.append(y)
        oks.append(ok)
    x = np.concatenate(xs, axis=1)
    y = np.concatenate(ys, axis=1)
    ok = np.concatenate(oks, axis=1)
    count = ok.sum(axis=1)
    hard |= (count % 2 == 0) | (count > K)
    ok &= ~hard[:, None]
    # keep the equilibria, in solve_nash's order, in the first K slots
    x = np.clip(np.where(np.abs(x) < _CLEAN, 0.0, x), 0.0, None)
    y = np.clip(np.where(np.abs(y) < _CLEAN, 0.0, y), 0.0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        x /= x.sum(axis=-1, keepdims=True)
        y /= y.sum(axis=-1, keepdims=True)
    support = (x > 0).sum(axis=-1) + (y > 0).sum(axis=-1)
    probs = np.rint(np.concatenate([x, y], axis=-1) * 1e9)
    keys = [-v for v in probs.transpose(2, 0, 1)[::-1]] + [support, support != 2, ~ok]
    order = np.lexsort(keys, axis=-1)[:, :K]
    x = np.take_along_axis(x, order[..., None], axis=1)
    y = np.take_along_axis(y, order[..., None], axis=1)
    ok = np.take_along_axis(ok, order, axis=1)
    x[~ok] = np.nan
    y[~ok] = np.nan
    with np.errstate(invalid="ignore"):
        payoffs = np.stack([np.einsum("nki,nij,nkj->nk", x, A, y),
                            np.einsum("nki,nij,nkj->nk", x, B, y)], axis=-1)
        row_vals = np.einsum("nij,nkj->nki", An, y)
        col_vals = np.einsum("nij,nki->nkj", Bn, x)
        r0 = np.maximum(row_vals.max(axis=-1) - (x * row_vals).sum(axis=-1), 0.0)
        r1 = np.maximum(col_vals.max(axis=-1) - (y * col_vals).sum(axis=-1), 0.0)
        regret = np.maximum(r0 * spanA[:, None], r1 * spanB[:, None])
    count = np.where(hard, 0, count).astype(np.int64)
    return KernelResult(x, y, count, hard, payoffs, regret)
