"""Support enumeration for bimatrix games.

For every pair of supports ``I`` (rows) and ``J`` (columns) of equal size ``k``, solve
the indifference conditions

    sum_j A[i, j] y_j = v   (i in I),   sum_j y_j = 1,   y_j = 0 (j not in J)
    sum_i B[i, j] x_i = w   (j in J),   sum_i x_i = 1,   x_i = 0 (i not in I)

and keep the solutions with ``x, y >= 0`` against which no action outside the support
does better. In a nondegenerate game every equilibrium has supports of equal size and is
found this way [1]_; in a degenerate game equilibria can be missed, which the caller
records as ``complete=False``.

The float path solves all support pairs of one size as a single batched linear-algebra
call; the exact path uses Fractions.

References
----------
.. [1] Nisan, N., Roughgarden, T., Tardos, E. and Vazirani, V. (eds.) (2007).
   *Algorithmic Game Theory*, ch. 3 (von Stengel, "Equilibrium computation for
   two-player games in strategic and extensive form"), section 3.3.
"""

from __future__ import annotations

import itertools
import time
from fractions import Fraction

import numpy as np

from ._exact_linalg import solve_exact
from ._polytope import normalise, well_conditioned

__all__ = ["support_enumeration"]


def _indifference_systems(M: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> tuple:
    """Batched systems [[M[I, J], -1], [1..1, 0]] z = [0.., 1] for each (I, J)."""
    K, k = rows.shape
    mats = np.zeros((K, k + 1, k + 1))
    mats[:, :k, :k] = M[rows[:, :, None], cols[:, None, :]]
    mats[:, :k, k] = -1.0
    mats[:, k, :k] = 1.0
    rhs = np.zeros((K, k + 1))
    rhs[:, k] = 1.0
    return mats, rhs


def _solve_batch(mats, rhs):
    ok = well_conditioned(mats)  # the rule of the vertex enumeration (normalised data)
    sol = np.full(rhs.shape, np.nan)
    if np.any(ok):
        sol[ok] = np.linalg.solve(mats[ok], rhs[ok][..., None])[..., 0]
    return sol, ok


def _passed(deadline) -> bool:
    return deadline is not None and time.monotonic() > deadline


def support_enumeration(A, B, *, exact: bool = False, tol: float = 1e-9,
                        deadline: float | None = None):
    """All equilibria with supports of equal size.

    Floats: each player's payoffs are normalised to [0, 1] first (scale- and
    shift-invariant tests); ``tol`` is relative to the payoff ranges. ``deadline``
    (:func:`time.monotonic` time) stops the search early (``stats["complete"] = False``).

    Returns
    -------
    pairs : list of (x, y)
    stats : dict
        ``support_pairs`` tried, ``singular`` systems met (a singular system hints at
        degeneracy) and ``complete``.
    """
    if exact:
        return _support_enumeration_exact(A, B, deadline)
    A = normalise(np.asarray(A, dtype=float))[0]
    B = normalise(np.asarray(B, dtype=float))[0]
    m, n = A.shape
    pairs = []
    tried = singular = 0
    for k in range(1, min(m, n) + 1):
        if _passed(deadline):
            return pairs, {"support_pairs": tried, "singular": singular, "complete": False}
        I = np.array(list(itertools.combinations(range(m), k)), dtype=np.intp)
        J = np.array(list(itertools.combinations(range(n), k)), dtype=np.intp)
        rows = np.repeat(I, len(J), axis=0)
        cols = np.tile(J, (len(I), 1))
        tried += len(rows)
        # y makes the row player indifferent over I; x makes the column player
        # indifferent over J
        ysys, yrhs = _indifference_systems(A, rows, cols)
        yz, yok = _solve_batch(ysys, yrhs)
        xsys, xrhs = _indifference_systems(B.T, cols, rows)
        xz, xok = _solve_batch(xsys, xrhs)
        ok = yok & xok
        singular += int(np.count_nonzero(~ok))
        for p in np.flatnonzero(ok):
            ysupp, xsupp = yz[p, :k], xz[p, :k]
            if np.any(ysupp < -tol) or np.any(xsupp < -tol):
                continue
            x = np.zeros(m)
            y = np.zeros(n)
            x[rows[p]] = np.clip(xsupp, 0.0, None)
            y[cols[p]] = np.clip(ysupp, 0.0, None)
            x /= x.sum()
            y /= y.sum()
            row_vals = A @ y
            col_vals = x @ B
            if row_vals.max() - x @ row_vals > tol or col_vals.max() - col_vals @ y > tol:
                continue
            pairs.append((x, y))
    return pairs, {"support_pairs": tried, "singular": singular, "complete": True}


def _support_enumeration_exact(A, B, deadline=None):
    A = np.asarray(A, dtype=object)
    B = np.asarray(B, dtype=object)
    m, n = A.shape
    pairs = []
    tried = singular = 0
    for k in range(1, min(m, n) + 1):
        for I in itertools.combinations(range(m), k):
            if _passed(deadline):
                return pairs, {"support_pairs": tried, "singular": singular,
                               "complete": False}
            for J in itertools.combinations(range(n), k):
                tried += 1
                ysol = _exact_indifference(A, I, J)
                xsol = _exact_indifference(B.T, J, I)
                if ysol is None or xsol is None:
                    singular += 1
                    continue
                if any(v < 0 for v in ysol) or any(v < 0 for v in xsol):
                    continue
                x = [Fraction(0)] * m
                y = [Fraction(0)] * n
                for i, v in zip(I, xsol):
                    x[i] = v
                for j, v in zip(J, ysol):
                    y[j] = v
                row_vals = [sum(A[i, j] * y[j] for j in range(n)) for i in range(m)]
                col_vals = [sum(B[i, j] * x[i] for i in range(m)) for j in range(n)]
                if max(row_vals) > sum(a * b for a, b in zip(x, row_vals)):
                    continue
                if max(col_vals) > sum(a * b for a, b in zip(y, col_vals)):
                    continue
                pairs.append((tuple(x), tuple(y)))
    return pairs, {"support_pairs": tried, "singular": singular, "complete": True}


def _exact_indifference(M, I, J):
    k = len(I)
    mat = [[Fraction(M[i, j]) for j in J] + [Fraction(-1)] for i in I]
    mat.append([Fraction(1)] * k + [Fraction(0)])
    rhs = [Fraction(0)] * k + [Fraction(1)]
    sol = solve_exact(mat, rhs)
    return None if sol is None else sol[:k]
