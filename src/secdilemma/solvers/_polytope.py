"""Vertex enumeration of the polyhedra of two-player equilibrium problems, by pivoting.

One routine and one rule serve every two-player solver of the package (bimatrix games,
2-player Bayesian games, and the batched kernels, which import the rule from here).

A polyhedron is given as ``{z : E z = e, D z <= c}`` with a label per inequality row and
one known vertex (a *basis*: ``d = dim z - rank E`` rows tight and linearly independent).
Its vertices are found by a graph search over bases: from a basis, relaxing one tight row
and moving along the edge until another row becomes tight gives a neighbouring basis
(one pivot of the simplex dictionary). The graph of the vertices and bounded edges of a
pointed polyhedron is connected, so the search reaches every vertex; unbounded edges
have no neighbour. This replaces the enumeration of every ``d``-subset of rows (which
grows as ``binomial(R, d)``) by work proportional to the number of vertices times
``d``, as in the reverse-search method of Avis and Fukuda [1]_ used by lrs [2]_.

Two arithmetics, one rule
-------------------------
**Exact** (rational data): an integer, fraction-free dictionary (every entry times the
basis determinant is an integer subdeterminant, so the Bareiss/Edmonds update divides
exactly) and the *lexicographic* ratio test, which pivots as if the right-hand side were
perturbed by ``(eps, eps^2, ...)``: the perturbed polyhedron is simple, its bases
connect every vertex of the original one, and degenerate vertices (more than ``d`` tight
rows) are handled without cycling [1]_ [3]_. The search is a depth-first walk that
pivots forward into an unvisited basis and back again, so only one dictionary is kept.

**Float** (the default of the solvers): data normalised first (each player's payoffs
shifted and divided by their range, :func:`normalise`), then a breadth-first search that
recomputes every basis from the data (no accumulated pivoting error), level by level as
stacked numpy solves. The float search is only trusted when the polyhedron is *simple
with a margin*: every basis has condition number at most :data:`COND_MAX`, and every
non-tight row has a slack of at least :func:`tie_margin` (relative to the normalised
data). Anything else -- a near-singular basis, a near-tie (degenerate or nearly
degenerate vertex), an edge that ends nowhere in a bounded polytope -- makes the result
*unsure*; the callers then repeat that one game in exact arithmetic (a float is a binary
rational, so ``Fraction(x)`` is the game itself). Floats therefore never decide a
degenerate case.

References
----------
.. [1] Avis, D. and Fukuda, K. (1992). A pivoting algorithm for convex hulls and vertex
   enumeration of arrangements and polyhedra. *Discrete & Computational Geometry* 8,
   295-313.
.. [2] Avis, D. (2000). lrs: A revised implementation of the reverse search vertex
   enumeration algorithm. In *Polytopes -- Combinatorics and Computation*, 177-198.
.. [3] Dantzig, G. B., Orden, A. and Wolfe, P. (1955). The generalized simplex method
   for minimizing a linear form under linear inequality restraints. *Pacific Journal of
   Mathematics* 5(2), 183-195.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from math import comb, lcm

import numpy as np

__all__ = ["COND_MAX", "Polyhedron", "VertexSet", "normalise", "tie_margin", "well_conditioned",
           "conditioned_inverse", "rounding_gap", "condition_bound",
           "vertices", "max_vertices_bound"]

#: Largest condition number (1-norm, of a basis built from normalised data) that the
#: float path accepts; above it the float answer is *unsure* and the exact path decides.
COND_MAX = 1e6

_EPS = float(np.finfo(float).eps)

#: Relative size below which a slack, a probability or a payoff gap of normalised data
#: counts as a (near-)tie for the float path (before the rounding term of tie_margin).
TIE_REL = 1e-9


def tie_margin(cond):
    """Slack (in normalised units) below which a float quantity may be a tie: ``TIE_REL``
    plus a bound on the rounding error of a solve with condition number ``cond``."""
    return TIE_REL + 64.0 * _EPS * np.asarray(cond, dtype=float)


def rounding_gap(*arrays) -> float:
    """How far from a tie a float game can be *only* because of how its payoffs are
    stored, in normalised units: ``1024 * eps * max |u| / range(u)`` over the arrays (a
    payoff of size 1e9 with a range of 10 is stored to about 1e-8 of that range)."""
    worst = 0.0
    for u in arrays:
        u = np.asarray(u, dtype=float)
        span = float(u.max() - u.min()) if u.size else 0.0
        if span > 0:
            worst = max(worst, float(np.abs(u).max()) / span)
    return 1024.0 * _EPS * worst


def normalise(M, axis=None):
    """``(M - min) / (max - min)`` in [0, 1]: the same array (up to rounding) for every
    positive affine transformation of ``M``; a constant array becomes zeros.

    ``axis`` as for :func:`numpy.min` (e.g. ``(1, 2)`` for a stack of games). Returns
    the normalised array, the minimum and the range (1 where the range is 0).
    """
    M = np.asarray(M, dtype=float)
    lo = M.min(axis=axis, keepdims=True)
    span = M.max(axis=axis, keepdims=True) - lo
    span = np.where(span > 0, span, 1.0)
    return (M - lo) / span, lo, span


def conditioned_inverse(mats):
    """Inverses of stacked square matrices (normalised data) and which of them are
    safely nonsingular: 1-norm condition number ``||M||_1 ||M^-1||_1`` at most
    :data:`COND_MAX` (exactly singular ones are False, their inverse is the identity)."""
    mats = np.asarray(mats, dtype=float)
    k = mats.shape[-1]
    norm = np.abs(mats).sum(axis=-2).max(axis=-1)
    with np.errstate(all="ignore"):
        try:  # the common case: no exactly singular matrix in the stack
            inv = np.linalg.inv(mats)
            singular = np.zeros(mats.shape[:-2], dtype=bool)
        except np.linalg.LinAlgError:
            det = np.linalg.det(mats)
            singular = ~np.isfinite(det) | (det == 0)
            inv = np.linalg.inv(np.where(singular[..., None, None], np.eye(k), mats))
        cond = np.where(singular, np.inf, norm * np.abs(inv).sum(axis=-2).max(axis=-1))
    return inv, np.isfinite(cond) & (cond <= COND_MAX)


def condition_bound(mats) -> np.ndarray:
    """An upper bound on the 2-norm condition number of stacked square matrices without
    inverting them: ``2 / |det M| * (||M||_F / sqrt(k))**k`` (Guggenheimer, Edelman and
    Johnson, 1995, *SIAM J. Numer. Anal.* 32(1), 299-305); inf when singular."""
    mats = np.asarray(mats, dtype=float)
    k = mats.shape[-1]
    with np.errstate(all="ignore"):
        det = np.abs(np.linalg.det(mats))
        frob = np.sqrt((mats * mats).sum(axis=(-2, -1)) / k)
        bound = 2.0 / det * frob ** k
    return np.where(np.isfinite(bound), bound, np.inf)


def well_conditioned(mats) -> np.ndarray:
    """Which stacked square matrices (normalised data) are safely nonsingular, by the
    rule of :func:`conditioned_inverse` (closed form for 2 x 2)."""
    mats = np.asarray(mats, dtype=float)
    if mats.shape[-1] != 2:
        return conditioned_inverse(mats)[1]
    norm = np.abs(mats).sum(axis=-2).max(axis=-1)
    with np.errstate(all="ignore"):
        det = mats[..., 0, 0] * mats[..., 1, 1] - mats[..., 0, 1] * mats[..., 1, 0]
        adj = np.maximum(np.abs(mats[..., 1, 1]) + np.abs(mats[..., 1, 0]),
                         np.abs(mats[..., 0, 1]) + np.abs(mats[..., 0, 0]))
        cond = norm * adj / np.abs(det)
    return np.isfinite(cond) & (cond <= COND_MAX)


def max_vertices_bound(dim: int, facets: int) -> int:
    """McMullen's upper bound on the number of vertices of a ``dim``-polytope with
    ``facets`` facets (McMullen, 1970, *Mathematika* 17, 179-184)."""
    if facets <= dim:
        return 1
    return (comb(facets - (dim + 1) // 2, dim // 2)
            + comb(facets - dim // 2 - 1, (dim + 1) // 2 - 1))


@dataclass
class Polyhedron:
    """``{z : E z = e, D z <= c}`` with one label per inequality row and one vertex.

    ``start`` lists ``d`` rows of ``D`` that are tight and independent at a vertex;
    ``bounded`` says the polyhedron is a polytope (then every edge ends in a vertex).
    ``slack_weights`` (exact path) scale each row's slack to the units of the float
    path's normalised data, for :attr:`VertexSet.extra` ``["min_slack"]``: the smallest
    nonzero slack at any vertex, i.e. how close the data are to a degenerate polyhedron.
    ``data_error`` (float path) is added to the tie margin: the :func:`rounding_gap` of
    the payoffs the data come from. Entries are floats or Fractions (exact path).
    """

    D: object
    c: object
    E: object
    e: object
    labels: tuple
    start: tuple
    bounded: bool = True
    slack_weights: tuple | None = None
    data_error: float = 0.0


@dataclass
class VertexSet:
    """Vertices found: ``points`` (float array (V, dim), or list of tuples of Fractions),
    ``masks`` (label bitmask per vertex, Python ints), ``tight`` (number of tight rows per
    vertex), ``dim`` (``d``), ``complete`` (False when the time budget ran out),
    ``unsure`` (float path: why the float answer cannot be trusted, else None) and
    ``bases`` (number of bases visited)."""

    points: object
    masks: list
    tight: list
    dim: int
    complete: bool = True
    unsure: str | None = None
    bases: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def degenerate(self) -> bool:
        return any(t > self.dim for t in self.tight)


class _Deadline:
    def __init__(self, deadline):
        self.deadline = deadline

    def passed(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


def vertices(poly: Polyhedron, *, exact: bool, deadline: float | None = None) -> VertexSet:
    """All vertices of ``poly`` (see the module docstring). ``deadline`` is a
    :func:`time.monotonic` time after which the search stops (``complete=False``)."""
    if exact:
        return _vertices_exact(poly, _Deadline(deadline))
    return _vertices_float(poly, _Deadline(deadline))


# ---------------------------------------------------------------------------- float
def _vertices_float(poly: Polyhedron, deadline: _Deadline) -> VertexSet:
    D = np.asarray(poly.D, dtype=float)
    c = np.asarray(poly.c, dtype=float)
    R, U = D.shape
    E = np.asarray(poly.E, dtype=float).reshape(-1, U)
    e = np.asarray(poly.e, dtype=float).reshape(-1)
    K = E.shape[0]
    d = U - K
    weights = [1 << int(lab) for lab in poly.labels]
    # bitmasks as int64 arrays when they fit (the common case), Python ints otherwise
    small = R <= 62 and max(poly.labels, default=0) <= 62
    if small:
        row_bit = np.left_shift(np.int64(1), np.arange(R, dtype=np.int64))
        label_bit = np.left_shift(np.int64(1), np.asarray(poly.labels, dtype=np.int64))
    seen = {_key(poly.start)}
    frontier = np.array([sorted(poly.start)], dtype=np.intp).reshape(1, d)
    points, masks, tight = [], [], []
    bases = 0
    unsure = None
    complete = True
    while frontier.shape[0]:
        if deadline.passed():
            complete = False
            break
        F = frontier.shape[0]
        bases += F
        if d:
            mats = np.concatenate([np.broadcast_to(E, (F, K, U)), D[frontier]], axis=1)
            rhs = np.concatenate([np.broadcast_to(e, (F, K)), c[frontier]], axis=1)
        else:
            mats = np.broadcast_to(E, (F, K, U))
            rhs = np.broadcast_to(e, (F, K))
        try:
            inv = np.linalg.inv(mats)
        except np.linalg.LinAlgError:
            unsure = "singular basis"
            break
        cond = (np.abs(mats).sum(axis=1).max(axis=1) * np.abs(inv).sum(axis=1).max(axis=1))
        if not np.all(np.isfinite(cond)) or np.any(cond > COND_MAX):
            unsure = "ill-conditioned basis"
            break
        z = np.einsum("fuv,fv->fu", inv, rhs)
        slack = c[None, :] - z @ D.T  # (F, R)
        nonbasic = np.zeros((F, R), dtype=bool)
        np.put_along_axis(nonbasic, frontier, True, axis=1)
        slack[nonbasic] = 0.0
        margin = (tie_margin(cond)[:, None] + poly.data_error) * np.maximum(
            1.0, np.abs(z).max(axis=1))[:, None]
        if np.any(~nonbasic & (slack <= margin)):
            unsure = "degenerate or nearly degenerate vertex"
            break
        points.append(z)
        if small:
            masks.extend(np.bitwise_or.reduce(label_bit[frontier], axis=1).tolist())
        else:
            masks.extend(sum(weights[r] for r in rows) for rows in frontier.tolist())
        tight.extend([d] * F)
        if d == 0:
            break
        # T[f, r, k]: change of row r's slack per unit of relaxing the k-th tight row
        T = D @ inv[:, :, K:]  # (F, R, d)
        T[nonbasic] = 0.0
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(T < 0, slack[:, :, None] / -T, np.inf)
        best = ratio.argmin(axis=1)  # (F, d)
        bounded_edge = np.isfinite(np.take_along_axis(ratio, best[:, None, :], axis=1)[:, 0])
        if poly.bounded and not np.all(bounded_edge):
            unsure = "edge of a bounded polytope without an end"
            break
        new = np.repeat(frontier[:, None, :], d, axis=1)  # (F, d, d)
        new[:, np.arange(d), np.arange(d)] = best
        new = new[bounded_edge]
        if small:
            keys = np.bitwise_or.reduce(row_bit[new], axis=1)
            keys, first = np.unique(keys, return_index=True)
            fresh = [i for i, k in zip(first.tolist(), keys.tolist()) if k not in seen]
            seen.update(keys.tolist())
            frontier = np.sort(new[fresh], axis=-1).reshape(-1, d)
        else:
            nxt = []
            for row in np.sort(new, axis=-1):
                key = _key(row)
                if key not in seen:
                    seen.add(key)
                    nxt.append(row)
            frontier = np.array(nxt, dtype=np.intp).reshape(-1, d)
    pts = np.concatenate(points, axis=0) if points else np.zeros((0, U))
    return VertexSet(pts, masks, tight, d, complete=complete, unsure=unsure, bases=bases)


def _key(rows) -> int:
    return sum(1 << int(r) for r in rows)


# ---------------------------------------------------------------------------- exact
def _integer_rows(M, rhs, factors=None):
    """Rows of [M | rhs] (Fractions) scaled by positive integers to integers (the
    factors are appended to ``factors`` when given)."""
    out_m, out_r = [], []
    for row, b in zip(M, rhs):
        vals = [Fraction(v) for v in row] + [Fraction(b)]
        den = 1
        for v in vals:
            den = lcm(den, v.denominator)
        ints = [int(v * den) for v in vals]
        if factors is not None:
            factors.append(den)
        out_m.append(ints[:-1])
        out_r.append(ints[-1])
    return out_m, out_r


def _inverse_exact(M):
    """Inverse (Fractions) and determinant of an integer square matrix (None if
    singular)."""
    n = len(M)
    aug = [[Fraction(v) for v in row] + [Fraction(int(i == j)) for j in range(n)]
           for i, row in enumerate(M)]
    det = Fraction(1)
    for col in range(n):
        piv = next((r for r in range(col, n) if aug[r][col] != 0), None)
        if piv is None:
            return None, 0
        if piv != col:
            aug[col], aug[piv] = aug[piv], aug[col]
            det = -det
        p = aug[col][col]
        det *= p
        inv_p = 1 / p
        prow = [v * inv_p for v in aug[col]]
        aug[col] = prow
        for r in range(n):
            if r != col and aug[r][col] != 0:
                f = aug[r][col]
                aug[r] = [a - f * b for a, b in zip(aug[r], prow)]
    return [row[n:] for row in aug], det


def _vertices_exact(poly: Polyhedron, deadline: _Deadline) -> VertexSet:
    factors: list = []
    Drows, c = _integer_rows(poly.D, poly.c, factors)
    R = len(Drows)
    U = len(Drows[0]) if R else 0
    Erows, e = _integer_rows(poly.E, poly.e) if len(poly.E) else ([], [])
    K = len(Erows)
    d = U - K
    start = list(poly.start)
    basis_mat = Erows + [Drows[r] for r in start]
    inv, det = _inverse_exact(basis_mat)
    if inv is None:
        raise ValueError("start basis is singular")
    q = abs(int(det))
    rhs = [Fraction(v) for v in e] + [Fraction(c[r]) for r in start]
    # Cramer: q * inverse is an integer matrix; work in integers from here on
    adj = [[int(v * q) for v in row] for row in inv]
    rhs_int = [int(v) for v in rhs]
    qz = [sum(a * b for a, b in zip(adj[u], rhs_int) if a) for u in range(U)]  # q * z
    # dictionary rows (times q): slack rows 0..R-1, then coordinate rows R..R+U-1;
    # column 0 = value, column k+1 = coefficient of the slack of tight row start[k]
    M = []
    for r in range(R):
        row = Drows[r]
        nz = [(u, a) for u, a in enumerate(row) if a]
        val = q * c[r] - sum(a * qz[u] for u, a in nz)
        M.append([val] + [sum(a * adj[u][K + k] for u, a in nz) for k in range(d)])
    for u in range(U):
        M.append([qz[u]] + [-adj[u][K + k] for k in range(d)])
    # lexicographic priority: the start rows last, so that the start basis is
    # lexicographically feasible (see the module docstring)
    start_set = set(start)
    order = [r for r in range(R) if r not in start_set] + start
    cob = list(start)  # cob[k]: row whose slack is nonbasic at column k + 1
    col_of = {r: k + 1 for k, r in enumerate(cob)}
    weights = [1 << int(lab) for lab in poly.labels]
    state = {"q": q}

    def leaving(col):
        qq = state["q"]
        best = None
        for r in range(R):
            if r in col_of:
                continue
            a = M[r][col]
            if a >= 0:
                continue
            if best is None:
                best = r
                continue
            # compare M[r][0] / -a with M[best][0] / -b
            b = M[best][col]
            lhs = M[r][0] * -b
            rhs_ = M[best][0] * -a
            if lhs < rhs_:
                best = r
            elif lhs == rhs_:
                for v in order:
                    kv = col_of.get(v)
                    x_r = (qq if v == r else 0) - (M[r][kv] if kv else 0)
                    x_b = (qq if v == best else 0) - (M[best][kv] if kv else 0)
                    lhs = x_r * -b
                    rhs_ = x_b * -a
                    if lhs != rhs_:
                        if lhs < rhs_:
                            best = r
                        break
        return best

    def pivot(i, col):
        qq = state["q"]
        prow = M[i]
        piv = prow[col]
        sigma = 1 if piv > 0 else -1
        for r in range(R + U):
            if r == i:
                continue
            row = M[r]
            a = row[col]
            if a == 0:
                if piv == qq or piv == -qq:
                    continue  # sigma * v * piv / q == v
                M[r] = [sigma * ((v * piv) // qq) for v in row]
            else:
                new = [sigma * ((v * piv - a * w) // qq) for v, w in zip(row, prow)]
                new[col] = sigma * a
                M[r] = new
        unit = [0] * (d + 1)
        unit[col] = abs(piv)
        M[i] = unit
        state["q"] = abs(piv)

    points, masks, tight = [], [], []
    seen_vertices = set()
    weights_rel = poly.slack_weights
    closest = [float("inf")]

    def record():
        qq = state["q"]
        tset = list(cob) + [r for r in range(R) if r not in col_of and M[r][0] == 0]
        key = _key(tset)
        if key in seen_vertices:
            return
        seen_vertices.add(key)
        if weights_rel is not None:
            for r in range(R):
                if r not in col_of and M[r][0] != 0:
                    try:
                        gap = M[r][0] / (qq * factors[r]) * weights_rel[r]  # int / int
                    except OverflowError:  # a slack beyond the float range: not close
                        continue
                    if gap < closest[0]:
                        closest[0] = gap
        points.append(tuple(Fraction(M[R + u][0], qq) for u in range(U)))
        masks.append(sum(weights[r] for r in tset))
        tight.append(len(tset))

    visited = {_key(cob)}
    record()
    complete = True
    stack = [[1, None, None]]  # next column to try; how to undo the pivot into here
    count = 0
    while stack and d:
        frame = stack[-1]
        col = frame[0]
        if col > d:
            stack.pop()
            if frame[1] is not None:
                _swap(cob, col_of, frame[1], frame[2])
                pivot(frame[1], frame[2])
            continue
        frame[0] += 1
        count += 1
        if count % 256 == 0 and deadline.passed():
            complete = False
            break
        i = leaving(col)
        if i is None:
            continue
        j = cob[col - 1]
        key = _key(cob) ^ (1 << j) ^ (1 << i)
        if key in visited:
            continue
        visited.add(key)
        pivot(i, col)
        _swap(cob, col_of, i, col)
        record()
        stack.append([1, j, col])
    return VertexSet(points, masks, tight, d, complete=complete, bases=len(visited),
                     extra={"min_slack": closest[0]})


def _swap(cob, col_of, new_row, col):
    """Make ``new_row`` the nonbasic row at column ``col`` (1-based)."""
    old = cob[col - 1]
    del col_of[old]
    cob[col - 1] = new_row
    col_of[new_row] = col
