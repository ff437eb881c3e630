"""All Nash equilibria of many 2x2 bimatrix games at once, in pure numpy.

A sweep over a 2x2 model is a batch of N small games of one shape. Solving them one by
one through :func:`~secdilemma.solve_nash` costs ~1 ms per game;
:func:`solve_2x2_batch` solves the whole batch with array operations and no Python loop
over games.

Two vectorised paths give the same answer as
``solve_nash(game, method="vertex_enumeration")`` game by game:

- **Nondegenerate games** (no payoff tie in a player's best reply to a pure strategy):
  closed forms. Every decision there is the sign of a difference of two stored floats,
  which floating point gets exactly right, so near-ties need no special care. A pure profile is an equilibrium iff each
  action is a best reply; the only candidate mixed equilibrium makes each player
  indifferent, ``x0 = (B11 - B10) / (B00 - B10 - B01 + B11)`` and
  ``y0 = (A11 - A01) / (A00 - A01 - A10 + A11)``, and is an equilibrium iff both lie
  strictly inside (0, 1). A nondegenerate 2x2 game has 1 or 3 equilibria [1]_.
- **Degenerate games** (an exact tie, measure zero in a sweep): a batched replica of
  the vertex enumeration of the best-response polytopes [2]_, on payoffs normalised to
  [0, 1] with the conditioning rule of :mod:`secdilemma.solvers._polytope`, when every
  other payoff difference is far from zero (at least ``_SEPARATED`` times the range);
  a degenerate game with a near-tie besides goes to ``solve_nash`` itself (which
  decides it in exact arithmetic). Such games may have continua of equilibria; their
  extreme equilibria are reported and the game is flagged ``degenerate``.

References
----------
.. [1] Wilson, R. (1971). Computing equilibria of n-person games. *SIAM Journal on
   Applied Mathematics* 21(1), 80-87 (generic games have an odd number of equilibria).
.. [2] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook of
   Game Theory with Economic Applications* 3, ch. 45.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from .._validation import check_real_number, readonly
from ..errors import InvalidGameError
from ..games.normal_form import bimatrix
from ._polytope import normalise, well_conditioned
from .nash import solve_nash

__all__ = ["Batch2x2Result", "solve_2x2_batch", "solve_2x2_entries", "MAX_EQUILIBRIA_2X2"]

#: Most extreme equilibria a 2x2 game can have (a degenerate game; 3 when nondegenerate):
#: the width K of the result arrays. A batch is wider only when payoff differences at the
#: level of the tolerance make the vertex enumeration (like ``solve_nash``) accept extra
#: eps-equilibria; then K is the largest count in the batch.
MAX_EQUILIBRIA_2X2 = 4

#: Relative payoff tie below which symmetric_2x2_metrics leaves its closed forms.
_NEAR_TIE = 1e-6

#: A degenerate game is solved by the batched replica when every nonzero difference of
#: two payoffs of one player is at least this fraction of that player's payoff range.
_SEPARATED = 1e-6

#: Games per block on the vertex-enumeration path: bounds its temporary memory (the
#: vertices and labels of the block's games, a few KiB per game) whatever the batch size.
_BLOCK = 2048


@dataclass(frozen=True, eq=False)
class Batch2x2Result:
    """Nash equilibria of N 2x2 games, as padded arrays (read-only).

    Attributes
    ----------
    row_probs : numpy.ndarray, shape (N, K)
        Probability that the row player plays action 0 in each equilibrium.
    col_probs : numpy.ndarray, shape (N, K)
        Probability that the column player plays action 0.
    mask : numpy.ndarray of bool, shape (N, K)
        Which entries are equilibria (entries where it is False hold NaN).
    count : numpy.ndarray of int, shape (N,)
        Number of (extreme) equilibria of each game; the valid entries are the first
        ``count`` columns.
    degenerate : numpy.ndarray of bool, shape (N,)
        Whether the game is degenerate (equilibria may form continua; their extreme
        points are listed), with the same test as ``solve_nash``.
    payoff_entries : tuple
        The payoffs as two 4-tuples of 1-D arrays ``(m00, m01, m10, m11)`` (used by
        :meth:`max_regret`).
    method : str
        ``"solve_2x2_batch"``.
    tol : float
        The regret tolerance used.

    Notes
    -----
    Equilibria are ordered as ``solve_nash`` orders them: pure ones first in the order
    (0, 0), (0, 1), (1, 0), (1, 1), then mixed ones.
    """

    row_probs: np.ndarray
    col_probs: np.ndarray
    mask: np.ndarray
    count: np.ndarray
    degenerate: np.ndarray
    method: str = "solve_2x2_batch"
    tol: float = 1e-9
    payoff_entries: tuple = field(default=(), repr=False)

    def __post_init__(self) -> None:
        for name in ("row_probs", "col_probs", "mask", "count", "degenerate"):
            readonly(np.asarray(getattr(self, name)))

    def max_regret(self) -> np.ndarray:
        """Largest gain from a unilateral deviation at each equilibrium, shape (N, K)
        (NaN where masked); computed on demand from the stored payoffs.

        Examples
        --------
        >>> from secdilemma.solvers.batched import solve_2x2_batch
        >>> res = solve_2x2_batch([[[4, 1], [3, 2]]], [[[4, 3], [1, 2]]])
        >>> bool(res.max_regret()[0, :3].max() <= 1e-12)
        True
        """
        a, b = self.payoff_entries
        regret = _regrets(a, b, np.where(self.mask, self.row_probs, 0.5),
                          np.where(self.mask, self.col_probs, 0.5))
        regret = np.where(regret < 0.0, 0.0, regret)
        regret[~self.mask] = np.nan
        return regret

    def __len__(self) -> int:
        return int(self.count.shape[0])

    def equilibria(self, index: int) -> list:
        """The equilibria of game ``index`` as ``(x, y)`` pairs of probability vectors.

        Examples
        --------
        >>> from secdilemma.solvers.batched import solve_2x2_batch
        >>> res = solve_2x2_batch([[[4, 1], [3, 2]]], [[[4, 3], [1, 2]]])
        >>> [(x.tolist(), y.tolist()) for x, y in res.equilibria(0)][-1]
        ([0.5, 0.5], [0.5, 0.5])
        """
        out = []
        for k in np.flatnonzero(self.mask[index]):
            p, q = self.row_probs[index, k], self.col_probs[index, k]
            out.append((np.array([p, 1.0 - p]), np.array([q, 1.0 - q])))
        return out


def _entries(M):
    """The four payoff entries (m00, m01, m10, m11) of (N, 2, 2) games as 1-D arrays."""
    return tuple(np.ascontiguousarray(M[:, i, j]) for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)))


def _regrets(a, b, x0, y0):
    """Max regret at profiles (x0, y0) of shape (N, K); ``a``, ``b`` from _entries."""
    a00, a01, a10, a11 = (v[:, None] for v in a)
    b00, b01, b10, b11 = (v[:, None] for v in b)
    x1, y1 = 1.0 - x0, 1.0 - y0
    v0 = a00 * y0 + a01 * y1  # row player's action values
    v1 = a10 * y0 + a11 * y1
    w0 = b00 * x0 + b10 * x1  # column player's action values
    w1 = b01 * x0 + b11 * x1
    reg_row = np.maximum(v0, v1) - (x0 * v0 + x1 * v1)
    reg_col = np.maximum(w0, w1) - (y0 * w0 + y1 * w1)
    return np.maximum(reg_row, reg_col)


def _spread(m):
    hi = np.maximum(np.maximum(m[0], m[1]), np.maximum(m[2], m[3]))
    lo = np.minimum(np.minimum(m[0], m[1]), np.minimum(m[2], m[3]))
    return hi - lo + 1.0


def _near_tie(a, b, rel):
    """Games with a (near) tie in a best reply to a pure strategy."""
    a00, a01, a10, a11 = a
    b00, b01, b10, b11 = b
    lim_a = rel * _spread(a)
    lim_b = rel * _spread(b)
    return ((np.abs(a00 - a10) <= lim_a) | (np.abs(a01 - a11) <= lim_a)
            | (np.abs(b00 - b01) <= lim_b) | (np.abs(b10 - b11) <= lim_b))


def _separated(m):
    """Games whose payoffs (four 1-D arrays) differ pairwise either not at all or by at
    least ``_SEPARATED`` times their range."""
    ok = np.ones(m[0].shape, dtype=bool)
    span = np.maximum(m[0], np.maximum(m[1], np.maximum(m[2], m[3]))) - np.minimum(
        m[0], np.minimum(m[1], np.minimum(m[2], m[3])))
    for i, j in itertools.combinations(range(4), 2):
        gap = np.abs(m[i] - m[j])
        ok &= (gap == 0) | (gap >= _SEPARATED * span)
    return ok


def _closed_form(a, b):
    """Equilibria of nondegenerate games as padded (N, 4) arrays.

    Candidates are the pure profiles in solve_nash order (0,0), (0,1), (1,0), (1,1) and
    then the fully mixed profile; valid ones fill the slots in that order.
    """
    a00, a01, a10, a11 = a
    b00, b01, b10, b11 = b
    ok = [(a00 > a10) & (b00 > b01), (a01 > a11) & (b01 > b00),
          (a10 > a00) & (b10 > b11), (a11 > a01) & (b11 > b10)]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x0 = (b11 - b10) / (b00 - b10 - b01 + b11)
        y0 = (a11 - a01) / (a00 - a01 - a10 + a11)
    # the mixed equilibrium exists iff each player's two payoff differences have strict
    # opposite signs (exact in floating point); x0 itself may round to 0 or 1 (e.g.
    # 1 - 1e-164), which must not drop the game's only equilibrium
    ok.append((np.sign(b00 - b01) * np.sign(b10 - b11) < 0)
              & (np.sign(a00 - a10) * np.sign(a01 - a11) < 0))
    # rank[k]: how many valid candidates come up to and including candidate k
    rank = []
    running = np.zeros(a00.shape, dtype=np.int8)
    for valid in ok:
        running = running + valid
        rank.append(np.where(valid, running, 0))
    width = MAX_EQUILIBRIA_2X2
    n = a00.shape[0]
    rows = np.full((n, width), np.nan)
    cols = np.full((n, width), np.nan)
    for slot in range(width):
        sel = [r == slot + 1 for r in rank]
        row_one = sel[0] | sel[1]
        col_one = sel[0] | sel[2]
        pure = row_one | sel[2] | sel[3]
        rows[:, slot] = np.where(sel[4], x0, np.where(pure, row_one, np.nan))
        cols[:, slot] = np.where(sel[4], y0, np.where(pure, col_one, np.nan))
    count = running
    mask = np.arange(width)[None, :] < count[:, None]
    return rows, cols, mask


# bases of the 2-D polytopes: pairs of tight constraints out of 4
_BASES = np.array(list(itertools.combinations(range(4), 2)), dtype=np.intp)


def _polytope_vertices(M, own_first, tol):
    """Batched ``polytope_vertices`` for 2x2 payoff blocks M of shape (N, 2, 2).

    Returns points (N, 6, 2), label bitmasks (N, 6) and a validity mask (N, 6), with
    duplicates (same label set) removed as the per-game code does.
    """
    n = M.shape[0]
    eye = np.broadcast_to(np.eye(2), (n, 2, 2))
    if own_first:
        G = np.concatenate([eye, M], axis=1)  # (N, 4, 2)
        h = np.array([0.0, 0.0, 1.0, 1.0])
        nonneg = np.array([0, 1])
    else:
        G = np.concatenate([M, eye], axis=1)
        h = np.array([1.0, 1.0, 0.0, 0.0])
        nonneg = np.array([2, 3])
    mats = G[:, _BASES]  # (N, 6, 2, 2)
    rhs = np.broadcast_to(h[_BASES], (n, 6, 2))
    good = well_conditioned(mats)  # the rule of solvers._polytope
    # LAPACK solves (as the per-game code does), singular bases replaced by the identity
    safe = np.where(good[..., None, None], mats, np.eye(2))
    z = np.linalg.solve(safe, rhs[..., None])[..., 0]  # (N, 6, 2)
    slack = h[None, None, :] - np.einsum("nbd,nrd->nbr", z, G)
    slack[..., nonneg] = z
    sc = np.maximum(1.0, np.max(np.abs(z), axis=-1, keepdims=True))
    feasible = np.all(slack >= -tol * sc, axis=-1)
    nonzero = np.any(np.abs(z) > tol, axis=-1)
    valid = good & feasible & nonzero
    tight = np.abs(slack) <= tol * sc
    labels = (tight.astype(np.int64) * (1 << np.arange(4, dtype=np.int64))).sum(axis=-1)
    # drop a vertex whose label set already appeared at an earlier valid basis
    same = (labels[:, :, None] == labels[:, None, :]) & valid[:, None, :]
    earlier = np.tril(np.ones((6, 6), dtype=bool), k=-1)
    dup = np.any(same & earlier[None], axis=-1)
    valid &= ~dup
    nlabels = np.zeros(labels.shape, dtype=np.int64)
    for bit in range(4):
        nlabels += (labels >> bit) & 1
    max_labels = np.where(valid, nlabels, 0).max(axis=1)
    return np.clip(z, 0.0, None), labels, valid, max_labels


def _vertex_enumeration(A, B, tol):
    """Batched replica of ``solve_nash(method="vertex_enumeration")`` for 2x2 games.

    Returns the equilibria as a flat list, ``(game, x0, y0)`` (each of length M, in
    the order of the candidates: x-vertex, then y-vertex), and the degeneracy flags of
    the N games. Only the completely labelled vertex pairs (a few per game) are ever
    materialised, so the memory is that of the vertices, O(N), and of the M
    candidates, not of all 36 vertex pairs of every game.
    """
    An = normalise(A, axis=(1, 2))[0]
    Bn = normalise(B, axis=(1, 2))[0]
    A1, B1 = 1.0 + An, 1.0 + Bn
    xp, xl, xv, xmax = _polytope_vertices(np.swapaxes(B1, 1, 2), True, tol)
    yq, yl, yv, ymax = _polytope_vertices(A1, False, tol)
    degenerate = (xmax > 2) | (ymax > 2)
    covered = ((xl[:, :, None] | yl[:, None, :]) == 15) & xv[:, :, None] & yv[:, None, :]
    game, i, j = np.nonzero(covered)  # candidates in (game, x-vertex, y-vertex) order
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = xp / xp.sum(axis=-1, keepdims=True)
        ys = yq / yq.sum(axis=-1, keepdims=True)
    x = xs[game, i]  # (M, 2)
    y = ys[game, j]
    ok = np.all(np.isfinite(x), axis=-1) & np.all(np.isfinite(y), axis=-1)
    # simplex check then _clean: zero out |s| < 1e-12, clip and renormalise
    for s in (x, y):
        ok &= ~np.any(s < -tol, axis=-1) & (np.abs(s.sum(axis=-1) - 1.0) <= tol)
    # (np.maximum is clip(0, None) here: no -0.0 is left and NaN stays NaN)
    x = np.maximum(np.where(np.abs(x) < 1e-12, 0.0, x), 0.0)
    y = np.maximum(np.where(np.abs(y) < 1e-12, 0.0, y), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = x / x.sum(axis=-1, keepdims=True)
        y = y / y.sum(axis=-1, keepdims=True)
    x0 = np.where(ok, x[..., 0], 0.5)[:, None]
    y0 = np.where(ok, y[..., 0], 0.5)[:, None]
    # regrets relative to each player's payoff range, as solve_nash certifies them
    a = tuple(v[game] for v in _entries(An))
    b = tuple(v[game] for v in _entries(Bn))
    zero = tuple(v[game] for v in _entries(An * 0.0))
    zero_b = tuple(v[game] for v in _entries(Bn * 0.0))
    regret = np.maximum(_regrets(a, zero_b, x0, y0), _regrets(zero, b, x0, y0))[:, 0]
    ok &= regret <= tol
    game, x0, y0 = game[ok], x0[ok, 0], y0[ok, 0]
    # deduplicate as solve_nash does: drop a candidate within tol of an earlier one of
    # its game (earlier candidates of a game are at most max-count - 1 places back)
    keep = np.ones(game.shape, dtype=bool)
    most = int(np.bincount(game).max(initial=0)) if game.size else 0
    for back in range(1, most):
        close = game[back:] == game[:-back]
        close &= np.abs(x0[back:] - x0[:-back]) <= tol
        close &= np.abs(y0[back:] - y0[:-back]) <= tol
        keep[back:] &= ~close
    return game[keep], x0[keep], y0[keep], degenerate


def _sort_and_pad(game, x0, y0, n, width):
    """The equilibria of :func:`_vertex_enumeration` in solve_nash's order, as padded
    ``(n, width)`` arrays (row, column probabilities and mask); ``width`` grows to the
    largest count of a game when that is larger."""
    pure_x = (x0 == 0) | (x0 == 1)
    pure_y = (y0 == 0) | (y0 == 1)
    support = np.where(pure_x, 1, 2) + np.where(pure_y, 1, 2)
    # lexsort is stable and sorts by its last key first: ties keep the candidate order
    order = np.lexsort((-(1 - y0), -y0, -(1 - x0), -x0, support, ~(pure_x & pure_y), game))
    game, x0, y0 = game[order], x0[order], y0[order]
    counts = np.bincount(game, minlength=n)
    width = max(width, int(counts.max(initial=0)))
    rank = np.arange(game.size) - (np.cumsum(counts) - counts)[game]
    rows = np.full((n, width), np.nan)
    cols = np.full((n, width), np.nan)
    mask = np.zeros((n, width), dtype=bool)
    rows[game, rank] = x0
    cols[game, rank] = y0
    mask[game, rank] = True
    return rows, cols, mask


def solve_2x2_batch(A, B, *, tol: float = 1e-9) -> Batch2x2Result:
    """All Nash equilibria of N two-player 2x2 games at once (vectorised).

    Parameters
    ----------
    A, B : array_like, shape (N, 2, 2)
        Row and column players' payoffs, indexed ``[game, row action, column action]``
        (the convention of :func:`~secdilemma.bimatrix`). A single (2, 2) game is
        accepted as N = 1.
    tol : float
        Regret tolerance (as in ``solve_nash``).

    Returns
    -------
    Batch2x2Result
        Padded arrays with ``K = 4`` columns (see :data:`MAX_EQUILIBRIA_2X2`): every
        equilibrium of a nondegenerate game
        (1 or 3) and every extreme equilibrium of a degenerate one (up to 4), equal as a
        set, and in the same order, to ``solve_nash(game, method="vertex_enumeration")``.

    Raises
    ------
    InvalidGameError
        Wrong shapes or non-finite payoffs.

    References
    ----------
    .. [1] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook
       of Game Theory with Economic Applications* 3, ch. 45.
    .. [2] Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010).
       Enumeration of Nash equilibria for two-player games. *Economic Theory* 42(1),
       9-37.

    Examples
    --------
    A stag hunt (4, 1, 3, 2) and a prisoner's dilemma (3, 0, 5, 1):

    >>> import numpy as np
    >>> from secdilemma.solvers.batched import solve_2x2_batch
    >>> A = np.array([[[4, 1], [3, 2]], [[3, 0], [5, 1]]])
    >>> res = solve_2x2_batch(A, A.transpose(0, 2, 1))
    >>> res.count.tolist()
    [3, 1]
    >>> res.row_probs[0, :3].tolist()
    [1.0, 0.0, 0.5]
    >>> res.degenerate.tolist()
    [False, False]
    """
    func = "solve_2x2_batch"
    check_real_number(func, "tol", tol, low=0)
    arrays = []
    for name, M in (("A", A), ("B", B)):
        try:
            M = np.asarray(M, dtype=float)
        except (TypeError, ValueError) as exc:
            raise InvalidGameError(f"{func}(): {name} must be an array of real numbers; "
                                   f"got {M!r}") from exc
        if M.shape == (2, 2):
            M = M[None]
        if M.ndim != 3 or M.shape[1:] != (2, 2):
            raise InvalidGameError(f"{func}(): {name} must have shape (N, 2, 2); "
                                   f"got {M.shape}")
        if not np.all(np.isfinite(M)):
            raise InvalidGameError(f"{func}(): {name} must be finite; got a non-finite "
                                   "payoff")
        arrays.append(M)
    A, B = arrays
    if A.shape != B.shape:
        raise InvalidGameError(f"{func}(): A and B must have the same shape; got {A.shape} "
                               f"and {B.shape}")
    return solve_2x2_entries(_entries(A), _entries(B), tol=tol)


def solve_2x2_entries(a, b, *, tol: float = 1e-9) -> Batch2x2Result:
    """:func:`solve_2x2_batch` for games given entry by entry (no copies).

    Parameters
    ----------
    a, b : tuple of four 1-D arrays
        ``(m00, m01, m10, m11)``: the row and the column player's payoffs at profiles
        (0, 0), (0, 1), (1, 0), (1, 1), each an array of length N (finite floats; not
        validated). A symmetric stage game is ``a = (R, S, T, P)``,
        ``b = (R, T, S, P)``.
    tol : float
        Regret tolerance.

    Returns
    -------
    Batch2x2Result

    References
    ----------
    .. [1] von Stengel, B. (2002). Computing equilibria for two-person games. *Handbook
       of Game Theory with Economic Applications* 3, ch. 45.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.solvers.batched import solve_2x2_entries
    >>> R, S, T, P = (np.array([4.0]), np.array([1.0]), np.array([3.0]), np.array([2.0]))
    >>> solve_2x2_entries((R, S, T, P), (R, T, S, P)).count.tolist()
    [3]
    """
    a = tuple(np.asarray(v, dtype=float) for v in a)
    b = tuple(np.asarray(v, dtype=float) for v in b)
    n = a[0].shape[0]
    width = MAX_EQUILIBRIA_2X2
    degenerate = np.zeros(n, dtype=bool)
    hard = _near_tie(a, b, 0.0)  # exact ties only: elsewhere the closed forms are exact
    # closed forms everywhere (cheap); the few hard rows are then overwritten
    row, col, mask = _closed_form(a, b)
    fragile = np.zeros(n, dtype=bool)
    if np.any(hard):
        fragile[hard] = ~(_separated(tuple(v[hard] for v in a))
                          & _separated(tuple(v[hard] for v in b)))
    if np.any(hard & ~fragile):
        all_idx = np.flatnonzero(hard & ~fragile)
        # blocks bound the memory of the vertices (a few KiB per game) whatever N
        for start in range(0, all_idx.size, _BLOCK):
            idx = all_idx[start:start + _BLOCK]
            A = np.stack([v[idx] for v in a], axis=-1).reshape(-1, 2, 2)
            B = np.stack([v[idx] for v in b], axis=-1).reshape(-1, 2, 2)
            game, x0, y0, deg = _vertex_enumeration(A, B, tol)
            # tolerance-level near-ties can make the vertex enumeration (like
            # solve_nash) report extra eps-equilibria: then the arrays grow
            x0, y0, ok = _sort_and_pad(game, x0, y0, idx.size, width)
            if ok.shape[1] > width:
                extra = ok.shape[1] - width
                row = np.pad(row, ((0, 0), (0, extra)), constant_values=np.nan)
                col = np.pad(col, ((0, 0), (0, extra)), constant_values=np.nan)
                mask = np.pad(mask, ((0, 0), (0, extra)), constant_values=False)
                width = ok.shape[1]
            row[idx] = x0
            col[idx] = y0
            mask[idx] = ok
            degenerate[idx] = deg
    for i in np.flatnonzero(fragile):
        # a tie next to a near-tie: solve_nash decides it (exactly, if it must)
        A = np.array([[a[0][i], a[1][i]], [a[2][i], a[3][i]]])
        B = np.array([[b[0][i], b[1][i]], [b[2][i], b[3][i]]])
        res = solve_nash(bimatrix(A, B), method="vertex_enumeration", tol=tol, warn=False)
        if len(res) > width:
            extra = len(res) - width
            row = np.pad(row, ((0, 0), (0, extra)), constant_values=np.nan)
            col = np.pad(col, ((0, 0), (0, extra)), constant_values=np.nan)
            mask = np.pad(mask, ((0, 0), (0, extra)), constant_values=False)
            width = len(res)
        row[i], col[i], mask[i] = np.nan, np.nan, False
        for k, eq in enumerate(res):
            row[i, k], col[i, k], mask[i, k] = eq.strategies[0][0], eq.strategies[1][0], True
        degenerate[i] = bool(res.degenerate)
    return Batch2x2Result(row_probs=row, col_probs=col, mask=mask,
                          count=mask.sum(axis=1), degenerate=degenerate, tol=float(tol),
                          payoff_entries=(a, b))

