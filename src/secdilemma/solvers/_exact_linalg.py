"""Exact rational linear algebra on small dense systems (Fractions)."""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

__all__ = ["solve_exact"]


def solve_exact(matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]):
    """Solve ``matrix @ x = rhs`` exactly by Gaussian elimination.

    Returns the solution as a list of Fractions, or None when the matrix is singular.
    """
    n = len(rhs)
    rows = [list(matrix[i]) + [rhs[i]] for i in range(n)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        if pivot != col:
            rows[col], rows[pivot] = rows[pivot], rows[col]
        prow = rows[col]
        inv = 1 / Fraction(prow[col])
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col] * inv
                row = rows[r]
                for c in range(col, n + 1):
                    row[c] -= factor * prow[c]
    return [Fraction(rows[i][n]) / rows[i][i] for i in range(n)]
