"""All Nash equilibria of a batch of small bimatrix games of one shape k x m.

Batched support enumeration [1]_: for every support size s and every pair of supports
(I, J) with ``|I| = |J| = s``, the indifference systems

    [[A[I, J], -1], [1 ... 1, 0]] (y_J, v) = (0, ..., 0, 1)
    [[B[I, J].T, -1], [1 ... 1, 0]] (x_I, w) = (0, ..., 0, 1)

of all N games are solved in one call of :func:`numpy.linalg.solve` on a stacked array
of shape (block, pairs, s + 1, s + 1); candidates with non-negative probabilities and no
profitable deviation are the equilibria. In a nondegenerate game every equilibrium is
found this way and their number is odd [2]_.

Degenerate and nearly degenerate games (a singular support system, a probability or a
payoff gap within a safety margin of zero, or an even number of equilibria) are sent to
the per-game reference ``solve_nash(game, method="vertex_enumeration")``, so the batch
always equals the per-game solver; such games are flagged in ``fallback``.

References
----------
.. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In Nisan, N. et al. (eds.), *Algorithmic Game Theory*,
   ch. 3, section 3.3.
.. [2] Wilson, R. (1971). Computing equilibria of n-person games. *SIAM Journal on
   Applied Mathematics* 21(1), 80-87.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np

from .._validation import check_real_number, readonly
from ..errors import InvalidGameError
from ..games.normal_form import bimatrix
from .nash import solve_nash
from ._polytope import COND_MAX, condition_bound, normalise

__all__ = ["BatchNashResult", "solve_nash_batch"]

#: Relative margin below which a probability, a payoff gap or a determinant counts as
#: zero and sends the game to the per-game solver.
_MARGIN = 1e-7

#: Games per block (bounds the memory of the stacked systems).
_BLOCK = 4096


@dataclass(frozen=True, eq=False)
class BatchNashResult:
    """Nash equilibria of N bimatrix games of one shape, as padded arrays (read-only).

    Attributes
    ----------
    row_strategies : numpy.ndarray, shape (N, K, k)
        The row player's mixed strategy in each equilibrium (NaN where masked).
    col_strategies : numpy.ndarray, shape (N, K, m)
        The column player's mixed strategy.
    mask : numpy.ndarray of bool, shape (N, K)
        Which entries are equilibria; the valid ones are the first ``count``.
    count : numpy.ndarray of int, shape (N,)
        Number of equilibria (extreme equilibria for a degenerate game).
    fallback : numpy.ndarray of bool, shape (N,)
        Games solved by the per-game reference (degenerate or nearly so).
    method : str
        ``"batched_support_enumeration"``.
    tol : float
        The regret tolerance.

    Notes
    -----
    Equilibria are ordered as ``solve_nash`` orders them: pure first, then by total
    support size, then by decreasing probabilities.
    """

    row_strategies: np.ndarray
    col_strategies: np.ndarray
    mask: np.ndarray
    count: np.ndarray
    fallback: np.ndarray
    method: str = "batched_support_enumeration"
    tol: float = 1e-9

    def __post_init__(self) -> None:
        for name in ("row_strategies", "col_strategies", "mask", "count", "fallback"):
            readonly(np.asarray(getattr(self, name)))

    def __len__(self) -> int:
        return int(self.count.shape[0])

    def equilibria(self, index: int) -> list:
        """The equilibria of game ``index`` as ``(x, y)`` pairs.

        Examples
        --------
        >>> import numpy as np
        >>> from secdilemma.solvers.batched_nash import solve_nash_batch
        >>> res = solve_nash_batch(np.array([[[4, 1], [3, 2]]]), np.array([[[4, 3], [1, 2]]]))
        >>> [x.round(12).tolist() for x, _ in res.equilibria(0)]
        [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
        """
        return [(self.row_strategies[index, k].copy(), self.col_strategies[index, k].copy())
                for k in np.flatnonzero(self.mask[index])]


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
    """Solve the stacked systems for right-hand side e_last; (solution, singular).
    Singular means not safely conditioned, by the rule of :mod:`._polytope` (condition
    number at most ``COND_MAX`` on data normalised to [0, 1]), tested through an upper
    bound that needs no inverse (:func:`._polytope.condition_bound`)."""
    s1 = mats.shape[-1]
    singular = ~(condition_bound(mats) <= COND_MAX)
    safe = np.where(singular[..., None, None], np.eye(s1), mats)
    rhs = np.zeros(mats.shape[:-1] + (1,))
    rhs[..., -1, 0] = 1.0
    return np.linalg.solve(safe, rhs)[..., 0], singular


def _batch_block(A, B, tol):
    """Support enumeration on a block; returns candidates and a 'hard' flag per game."""
    n, k, m = A.shape
    # each player's payoffs normalised to [0, 1] (equilibria are invariant), as in
    # solvers._polytope: every tolerance below is relative to that player's range
    An = normalise(A, axis=(1, 2))[0]
    Bn = normalise(B, axis=(1, 2))[0]
    hard = (A.max(axis=(1, 2)) == A.min(axis=(1, 2))) | (B.max(axis=(1, 2))
                                                          == B.min(axis=(1, 2)))
    xs, ys, oks = [], [], []
    for s in range(1, min(k, m) + 1):
        I, J = _combos(k, s), _combos(m, s)
        rows = np.repeat(I, len(J), axis=0)
        cols = np.tile(J, (len(I), 1))
        P = rows.shape[0]
        if s == 1:
            ysol = np.ones((n, P, 1))
            xsol = np.ones((n, P, 1))
            sing = np.zeros((n, P), dtype=bool)
        else:
            ysol, sy = _solve(_systems(An, rows, cols))
            xsol, sx = _solve(_systems(np.swapaxes(Bn, 1, 2), cols, rows))
            ysol, xsol = ysol[..., :s], xsol[..., :s]
            sing = sy | sx
        x = np.zeros((n, P, k))
        y = np.zeros((n, P, m))
        np.put_along_axis(x, np.broadcast_to(rows, (n, P, s)), xsol, axis=2)
        np.put_along_axis(y, np.broadcast_to(cols, (n, P, s)), ysol, axis=2)
        inside = (np.all(xsol >= -tol, axis=-1) & np.all(ysol >= -tol, axis=-1)) & ~sing
        row_vals = np.einsum("nij,npj->npi", An, y)
        col_vals = np.einsum("nij,npi->npj", Bn, x)
        row_best = row_vals.max(axis=-1)
        col_best = col_vals.max(axis=-1)
        row_reg = row_best - np.einsum("npi,npi->np", x, row_vals)
        col_reg = col_best - np.einsum("npj,npj->np", y, col_vals)
        ok = inside & (row_reg <= tol) & (col_reg <= tol)
        # near-degeneracy: a support probability near 0, or an unused action (near) tied
        near_zero = np.any(np.abs(xsol) <= _MARGIN, axis=-1) | np.any(
            np.abs(ysol) <= _MARGIN, axis=-1)
        out_x = np.ones((n, P, k), dtype=bool)
        out_y = np.ones((n, P, m), dtype=bool)
        np.put_along_axis(out_x, np.broadcast_to(rows, (n, P, s)), False, axis=2)
        np.put_along_axis(out_y, np.broadcast_to(cols, (n, P, s)), False, axis=2)
        tie = np.any(out_x & (row_best[..., None] - row_vals <= _MARGIN), axis=-1) | np.any(
            out_y & (col_best[..., None] - col_vals <= _MARGIN), axis=-1)
        # a singular system, or a near-degenerate candidate that is (almost) an
        # equilibrium, makes the game hard
        almost = (np.all(xsol >= -_MARGIN, axis=-1) & np.all(ysol >= -_MARGIN, axis=-1)
                  & (row_reg <= _MARGIN) & (col_reg <= _MARGIN))
        hard |= np.any(sing, axis=1) | np.any(almost & ~sing & (near_zero | tie), axis=1)
        hard |= np.any(almost & ~ok & ~sing, axis=1)
        x = np.clip(np.where(np.abs(x) < 1e-12, 0.0, x), 0.0, None)
        y = np.clip(np.where(np.abs(y) < 1e-12, 0.0, y), 0.0, None)
        with np.errstate(divide="ignore", invalid="ignore"):
            x /= x.sum(axis=-1, keepdims=True)
            y /= y.sum(axis=-1, keepdims=True)
        xs.append(x)
        ys.append(y)
        oks.append(ok)
    x = np.concatenate(xs, axis=1)
    y = np.concatenate(ys, axis=1)
    ok = np.concatenate(oks, axis=1)
    count = ok.sum(axis=1)
    hard |= (count % 2) == 0
    return x, y, ok, hard


def _order(x, y, ok):
    """Sort the candidates of each game as solve_nash does; valid ones first."""
    support = (x > 0).sum(axis=-1) + (y > 0).sum(axis=-1)
    pure = support == 2
    keys = [-v for v in np.concatenate([x, y], axis=-1).transpose(2, 0, 1)[::-1]]
    keys += [support, ~pure, ~ok]
    return np.lexsort(keys, axis=-1)


def solve_nash_batch(A, B, *, tol: float = 1e-9) -> BatchNashResult:
    """All Nash equilibria of N two-player k x m games at once.

    Parameters
    ----------
    A, B : array_like, shape (N, k, m)
        Row and column players' payoffs, indexed ``[game, row action, column action]``.
        A single (k, m) game is accepted as N = 1.
    tol : float
        Regret tolerance, relative to the payoff range of each game.

    Returns
    -------
    BatchNashResult
        Padded arrays with K = the largest number of equilibria in the batch; equal,
        game by game, to ``solve_nash(bimatrix(A[i], B[i]), method="vertex_enumeration")``
        (degenerate games are solved by that reference and flagged ``fallback``).

    Raises
    ------
    InvalidGameError
        Wrong shapes or non-finite payoffs.

    References
    ----------
    .. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
       strategic and extensive form. *Algorithmic Game Theory*, ch. 3.
    .. [2] Avis, D., Rosenberg, G. D., Savani, R. and von Stengel, B. (2010).
       Enumeration of Nash equilibria for two-player games. *Economic Theory* 42(1),
       9-37.

    Examples
    --------
    Rock-paper-scissors and a 3x3 coordination game:

    >>> import numpy as np
    >>> from secdilemma.solvers.batched_nash import solve_nash_batch
    >>> rps = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    >>> coord = np.diag([3.0, 2.0, 1.0])
    >>> res = solve_nash_batch(np.stack([rps, coord]), np.stack([-rps, coord]))
    >>> res.count.tolist()
    [1, 7]
    >>> res.row_strategies[0, 0].round(4).tolist()
    [0.3333, 0.3333, 0.3333]
    """
    func = "solve_nash_batch"
    check_real_number(func, "tol", tol, low=0)
    arrays = []
    for name, M in (("A", A), ("B", B)):
        try:
            M = np.asarray(M, dtype=float)
        except (TypeError, ValueError) as exc:
            raise InvalidGameError(f"{func}(): {name} must be an array of real numbers; "
                                   f"got {M!r}") from exc
        if M.ndim == 2:
            M = M[None]
        if M.ndim != 3 or min(M.shape[1:]) < 1:
            raise InvalidGameError(f"{func}(): {name} must have shape (N, k, m); "
                                   f"got {M.shape}")
        if not np.all(np.isfinite(M)):
            raise InvalidGameError(f"{func}(): {name} must be finite; got a non-finite payoff")
        arrays.append(M)
    A, B = arrays
    if A.shape != B.shape:
        raise InvalidGameError(f"{func}(): A and B must have the same shape; got {A.shape} "
                               f"and {B.shape}")
    n, k, m = A.shape
    blocks = []
    width = 1
    for start in range(0, n, _BLOCK):
        x, y, ok, hard = _batch_block(A[start:start + _BLOCK], B[start:start + _BLOCK],
                                      float(tol))
        order = _order(x, y, ok)
        x = np.take_along_axis(x, order[..., None], axis=1)
        y = np.take_along_axis(y, order[..., None], axis=1)
        ok = np.take_along_axis(ok, order, axis=1)
        width = max(width, int(ok.sum(axis=1).max(initial=0)))
        blocks.append((x, y, ok, hard))
    hard = np.concatenate([b[3] for b in blocks])
    fallback_eqs = {}
    if np.any(hard):
        for i in np.flatnonzero(hard):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = solve_nash(bimatrix(A[i], B[i]), method="vertex_enumeration",
                                 tol=tol, warn=False)
            fallback_eqs[int(i)] = [tuple(e.strategies) for e in res.equilibria]
            width = max(width, len(res.equilibria))
    rows = np.full((n, width, k), np.nan)
    cols = np.full((n, width, m), np.nan)
    mask = np.zeros((n, width), dtype=bool)
    for b, (x, y, ok, _) in enumerate(blocks):
        sl = slice(b * _BLOCK, b * _BLOCK + x.shape[0])
        w = min(width, x.shape[1])
        okw = ok[:, :w]
        rows[sl, :w] = np.where(okw[..., None], x[:, :w], np.nan)
        cols[sl, :w] = np.where(okw[..., None], y[:, :w], np.nan)
        mask[sl, :w] = okw
    for i, eqs in fallback_eqs.items():
        rows[i] = np.nan
        cols[i] = np.nan
        mask[i] = False
        for j, (xx, yy) in enumerate(eqs):
            rows[i, j], cols[i, j] = xx, yy
            mask[i, j] = True
    return BatchNashResult(row_strategies=rows, col_strategies=cols, mask=mask,
                           count=mask.sum(axis=1), fallback=hard, tol=float(tol))
