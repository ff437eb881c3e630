"""The Lemke–Howson algorithm with lexicographic pivoting and an iteration cap.

Complementary pivoting on the two tableaux

    P:  B^T x + s = 1      (x_i carries label i, s_j carries label m + j)
    Q:  r + A y = 1        (r_i carries label i, y_j carries label m + j)

starting from the artificial equilibrium (0, 0) and dropping one label [1]_. The
lexicographic minimum-ratio test makes the path well defined in degenerate games [2]_;
an iteration cap turns a path that does not end into a :class:`SolverError` instead of
a hang (nashpy's implementation has no cap).

Lemke–Howson finds *one* equilibrium per dropped label; different labels can lead to the
same equilibrium, and some equilibria (e.g. the mixed equilibrium of a stag hunt) are
reached from no label at all. It is never a way to find all equilibria.

References
----------
.. [1] Lemke, C. E. and Howson, J. T. (1964). Equilibrium points of bimatrix games.
   *Journal of the Society for Industrial and Applied Mathematics* 12(2), 413-423.
.. [2] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of
   Game Theory with Economic Applications* 3, ch. 45, section 6.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..errors import SolverError
from ._polytope import normalise

__all__ = ["lemke_howson_path"]


def _pivot(T: np.ndarray, basis: list[int], entering: int, slack_cols: range,
           tol: float) -> int:
    """Pivot ``entering`` into the basis; return the variable that leaves."""
    column = T[:, entering]
    candidates = [r for r in range(T.shape[0]) if column[r] > tol]
    if not candidates:
        raise SolverError("lemke_howson(): unbounded pivot column (payoffs must be positive)")

    def key(r):
        return [T[r, -1] / column[r]] + [T[r, c] / column[r] for c in slack_cols]

    if tol > 0:
        # lexicographic comparison with a tolerance on each component
        best = candidates[0]
        for r in candidates[1:]:
            kr, kb = key(r), key(best)
            for a, b in zip(kr, kb):
                if a < b - tol:
                    best = r
                    break
                if a > b + tol:
                    break
        row = best
    else:
        row = min(candidates, key=key)
    leaving = basis[row]
    T[row] = T[row] / T[row, entering]
    for r in range(T.shape[0]):
        if r != row and T[r, entering] != 0:
            T[r] = T[r] - T[r, entering] * T[row]
    basis[row] = entering
    return leaving


def lemke_howson_path(A, B, initial_dropped_label: int = 0, *, exact: bool = False,
                      max_iter: int = 10_000, tol: float = 1e-12):
    """Follow the Lemke–Howson path that drops ``initial_dropped_label``.

    Returns
    -------
    (x, y), pivots : tuple
        The equilibrium reached (float arrays or tuples of Fractions) and the number of
        pivots taken.

    Raises
    ------
    SolverError
        When ``max_iter`` pivots pass without reaching an equilibrium.
    """
    dtype = object if exact else float
    A = np.asarray(A, dtype=dtype)
    B = np.asarray(B, dtype=dtype)
    m, n = A.shape
    if exact:
        A1 = A - A.min() + 1
        B1 = B - B.min() + 1
    else:  # normalised to [1, 2]: the pivoting tolerance is relative to the payoff range
        A1 = 1.0 + normalise(A)[0]
        B1 = 1.0 + normalise(B)[0]
    one = Fraction(1) if exact else 1.0
    zero = Fraction(0) if exact else 0.0
    eye_n = np.array([[one if i == j else zero for j in range(n)] for i in range(n)], dtype=dtype)
    eye_m = np.array([[one if i == j else zero for j in range(m)] for i in range(m)], dtype=dtype)
    TP = np.hstack([B1.T, eye_n, np.full((n, 1), one, dtype=dtype)])
    TQ = np.hstack([eye_m, A1, np.full((m, 1), one, dtype=dtype)])
    basis_P = list(range(m, m + n))
    basis_Q = list(range(m))
    slack_P = range(m, m + n)
    slack_Q = range(m)
    eps = 0.0 if exact else tol
    k = initial_dropped_label
    entering = k
    in_P = k < m
    for pivots in range(1, max_iter + 1):
        if in_P:
            leaving = _pivot(TP, basis_P, entering, slack_P, eps)
        else:
            leaving = _pivot(TQ, basis_Q, entering, slack_Q, eps)
        if leaving == k:
            break
        entering = leaving
        in_P = not in_P
    else:
        raise SolverError(
            f"lemke_howson(): no equilibrium after max_iter={max_iter} pivots from label {k}; "
            "raise max_iter or use method='vertex_enumeration'"
        )
    x = [zero] * m
    y = [zero] * n
    for r, v in enumerate(basis_P):
        if v < m:
            x[v] = TP[r, -1]
    for r, v in enumerate(basis_Q):
        if v >= m:
            y[v - m] = TQ[r, -1]
    if exact:
        sx, sy = sum(x), sum(y)
        return (tuple(v / sx for v in x), tuple(v / sy for v in y)), pivots
    xa = np.clip(np.array(x, dtype=float), 0.0, None)
    ya = np.clip(np.array(y, dtype=float), 0.0, None)
    return (xa / xa.sum(), ya / ya.sum()), pivots
