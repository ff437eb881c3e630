"""Vertex enumeration of the best-response polytopes of a bimatrix game.

With payoffs shifted to be positive (which leaves the equilibria unchanged), let

    P = {x in R^m : x >= 0, B^T x <= 1},    Q = {y in R^n : A y <= 1, y >= 0}.

Label the constraints 0..m-1 (``x_i = 0`` in P, ``(A y)_i = 1`` in Q) and m..m+n-1
(``(B^T x)_j = 1`` in P, ``y_j = 0`` in Q). A pair of vertices ``(x, y) != (0, 0)``
whose labels together cover all ``m + n`` labels is, after normalisation, an extreme
Nash equilibrium, and every extreme equilibrium arises this way [1]_ [2]_. The game is
nondegenerate iff no point of P has more than ``m`` labels and no point of Q more than
``n`` [1]_; a degenerate game may have continua of equilibria, whose extreme points are
all listed here.

The vertices are found by pivoting from the origin (:mod:`._polytope`), in work
proportional to the number of vertices rather than to the number of bases.

Certified floats
----------------
In floating point each player's payoffs are first normalised to [0, 1] (shift by the
minimum, divide by the range), so every test below is scale- and shift-invariant. The
float answer is kept only if the vertex search was sure (well-conditioned bases, no
near-tie: the game is nondegenerate with a margin), the number of equilibria is odd (a
nondegenerate game has an odd number [3]_) and every equilibrium has regret at most
``tol`` relative to each player's payoff range. Otherwise the same game is solved again
in exact rational arithmetic (floats are binary rationals) and that answer is reported;
``info["exact_fallback"]`` says why.

References
----------
.. [1] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of
   Game Theory with Economic Applications* 3, ch. 45, sections 2-3.
.. [2] Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010). Enumeration of
   Nash equilibria for two-player games. *Economic Theory* 42(1), 9-37.
.. [3] Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Mathematical
   Programming Study* 1, 175-189.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

from ._polytope import Polyhedron, max_vertices_bound, normalise, rounding_gap, vertices

__all__ = ["extreme_equilibria", "bimatrix_polytopes", "vertex_bound", "MAX_VERTEX_BOUND"]

#: Relative gap (normalised payoffs) below which a nondegenerate float game counts as
#: degenerate up to rounding: its answer is flagged (``info["near_degenerate"]``); the
#: :func:`~._polytope.rounding_gap` of the payoffs is added (large for payoffs shifted
#: far from zero, e.g. 1e9 + a few units).
NEAR_DEGENERATE = 1e-12

#: Largest worst-case number of polytope vertices (McMullen's bound) enumerated without
#: an explicit ``timeout``: up to 16 x 16 games; larger ones need ``timeout=`` or
#: another method.
MAX_VERTEX_BOUND = 1_000_000


def vertex_bound(m: int, n: int) -> int:
    """Worst-case number of vertices of the larger best-response polytope of an m x n
    game (McMullen's upper bound theorem)."""
    return max(max_vertices_bound(m, m + n), max_vertices_bound(n, m + n))


def bimatrix_polytopes(A1, B1):
    """The polytopes P (of x) and Q (of y) for positive payoff matrices A1, B1 (floats
    or Fractions), as :class:`~._polytope.Polyhedron` objects."""
    m, n = len(A1), len(A1[0])
    exact = isinstance(A1[0][0], Fraction)
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    eye_m = [[-one if i == j else zero for j in range(m)] for i in range(m)]
    eye_n = [[-one if i == j else zero for j in range(n)] for i in range(n)]
    BT = [[B1[i][j] for i in range(m)] for j in range(n)]
    P = Polyhedron(D=eye_m + BT, c=[zero] * m + [one] * n, E=[], e=[],
                   labels=tuple(range(m + n)), start=tuple(range(m)))
    Q = Polyhedron(D=[list(r) for r in A1] + eye_n, c=[one] * m + [zero] * n, E=[], e=[],
                   labels=tuple(range(m + n)), start=tuple(range(m, m + n)))
    if not exact:
        for poly in (P, Q):
            poly.D = np.array(poly.D, dtype=float)
            poly.c = np.array(poly.c, dtype=float)
            poly.E = np.zeros((0, poly.D.shape[1]))
            poly.e = np.zeros(0)
    return P, Q


def _match(P, Q, m: int, n: int):
    """Index pairs (a, b) of completely labelled vertex pairs, origin excluded."""
    full = (1 << (m + n)) - 1
    p_idx = [a for a, pt in enumerate(P.points) if any(v != 0 for v in pt)]
    q_idx = [b for b, pt in enumerate(Q.points) if any(v != 0 for v in pt)]
    if not P.degenerate and not Q.degenerate:
        lookup = {Q.masks[b]: b for b in q_idx}
        return [(a, lookup[full ^ P.masks[a]]) for a in p_idx
                if (full ^ P.masks[a]) in lookup]
    out = []
    if m + n <= 62:
        qm = np.array([Q.masks[b] for b in q_idx], dtype=np.int64)
        for start in range(0, len(p_idx), 512):
            chunk = p_idx[start:start + 512]
            pm = np.array([P.masks[a] for a in chunk], dtype=np.int64)
            hit = np.argwhere((pm[:, None] | qm[None, :]) == full)
            out.extend((chunk[i], q_idx[j]) for i, j in hit)
    else:
        for a in p_idx:
            need = full ^ P.masks[a]
            out.extend((a, b) for b in q_idx if Q.masks[b] & need == need)
    return sorted(out)


def _solve_exact(A, B, deadline):
    A = np.array([[Fraction(v) for v in row] for row in np.asarray(A, dtype=object)],
                 dtype=object)
    B = np.array([[Fraction(v) for v in row] for row in np.asarray(B, dtype=object)],
                 dtype=object)
    m, n = A.shape

    def positive(M):
        lo, hi = min(M.ravel()), max(M.ravel())
        shift = (hi - lo) if hi > lo else Fraction(1)
        return [[v - lo + shift for v in row] for row in M], float(shift)

    (A1, span_a), (B1, span_b) = positive(A), positive(B)
    Pp, Qp = bimatrix_polytopes(A1, B1)
    # slacks in the units of the normalised float polytopes (coordinates times range)
    Pp.slack_weights = (span_b,) * m + (1.0,) * n
    Qp.slack_weights = (1.0,) * m + (span_a,) * n
    P = vertices(Pp, exact=True, deadline=deadline)
    Q = vertices(Qp, exact=True, deadline=deadline) if P.complete else None
    if Q is None:
        return [], P.degenerate, {"vertices_P": len(P.masks), "vertices_Q": 0,
                                  "complete": False}
    pairs = []
    for a, b in _match(P, Q, m, n):
        x, y = P.points[a], Q.points[b]
        sx, sy = sum(x), sum(y)
        pairs.append((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    degenerate = P.degenerate or Q.degenerate
    return pairs, degenerate, {"vertices_P": len(P.masks), "vertices_Q": len(Q.masks),
                               "complete": P.complete and Q.complete,
                               "min_slack": min(P.extra["min_slack"], Q.extra["min_slack"])}


def regrets_normalised(An, Bn, x, y):
    """Both players' regrets at (x, y) in units of their payoff ranges (An, Bn are the
    normalised payoffs of :func:`~._polytope.normalise`)."""
    row = An @ y
    col = x @ Bn
    return max(float(row.max() - x @ row), 0.0), max(float(col.max() - col @ y), 0.0)


def extreme_equilibria(A, B, *, exact: bool = False, tol: float = 1e-9,
                       deadline: float | None = None, exact_payoffs=None):
    """All extreme Nash equilibria of the bimatrix game (A, B).

    Parameters
    ----------
    A, B : array_like
        Payoffs (floats, or anything ``Fraction`` accepts when ``exact``).
    exact : bool
        Exact rational arithmetic throughout.
    tol : float
        Float path: largest regret, relative to each player's payoff range, of a
        reported equilibrium (else the game is solved exactly).
    deadline : float, optional
        :func:`time.monotonic` time after which the search stops
        (``info["complete"] = False``).
    exact_payoffs : tuple of two arrays, optional
        The game as given (e.g. ``10/3`` where ``A`` holds its rounding): what the exact
        fallback solves. Default: the floats ``A``, ``B`` as binary rationals.

    Returns
    -------
    pairs : list of (x, y)
        Normalised mixed strategies: float arrays, or tuples of Fractions when computed
        exactly (always when ``exact``; in float mode when the float answer was not
        certified, see ``info["exact_fallback"]``).
    degenerate : bool
        Whether a vertex of either polytope has more labels than its dimension.
    info : dict
        ``vertices_P``, ``vertices_Q``, ``complete`` and, when the float answer was
        replaced by the exact one, ``exact_fallback`` (the reason).
    """
    if exact:
        return _solve_exact(A, B, deadline)
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m, n = A.shape
    An, _, _ = normalise(A)
    Bn, _, _ = normalise(B)
    Pp, Qp = bimatrix_polytopes(1.0 + An, 1.0 + Bn)
    gap = rounding_gap(A, B)  # a slack this small may be a tie lost in storage
    Pp.data_error = Qp.data_error = gap
    P = vertices(Pp, exact=False, deadline=deadline)
    Q = vertices(Qp, exact=False, deadline=deadline)
    info = {"vertices_P": len(P.masks), "vertices_Q": len(Q.masks),
            "complete": P.complete and Q.complete}
    reason = P.unsure or Q.unsure
    pairs = []
    if reason is None:
        for a, b in _match(P, Q, m, n):
            x, y = P.points[a].copy(), Q.points[b].copy()
            x[[i for i in range(m) if P.masks[a] >> i & 1]] = 0.0  # tight: exactly zero
            y[[j for j in range(n) if Q.masks[b] >> (m + j) & 1]] = 0.0
            x, y = x / x.sum(), y / y.sum()
            if max(regrets_normalised(An, Bn, x, y)) > tol:
                reason = "an equilibrium failed the regret check"
                break
            pairs.append((x, y))
    if reason is None and info["complete"] and len(pairs) % 2 == 0:
        reason = (f"{len(pairs)} equilibria found; a nondegenerate game has an odd "
                  "number")
    if reason is None:
        return pairs, False, info
    if exact_payoffs is None:
        exact_payoffs = (A, B)
    pairs, degenerate, info = _solve_exact(*exact_payoffs, deadline)
    info["exact_fallback"] = reason
    if not degenerate and info["min_slack"] < NEAR_DEGENERATE + gap:
        # a tie broken only at the level of float rounding: the game meant may be
        # degenerate (with continua) although the game stored is not
        info["near_degenerate"] = info["min_slack"]
    return pairs, degenerate, info


def deadline_from(timeout) -> float | None:
    """A :func:`time.monotonic` deadline ``timeout`` seconds from now (None: none)."""
    return None if timeout is None else time.monotonic() + float(timeout)
