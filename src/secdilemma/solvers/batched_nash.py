"""All Nash equilibria of a batch of small bimatrix games of one shape k x m.

Batched support enumeration [1]_ by :mod:`._bimatrix_kernel`: for every support size s
and every pair of supports (I, J) with ``|I| = |J| = s``, the indifference systems

    [[A[I, J], -1], [1 ... 1, 0]] (y_J, v) = (0, ..., 0, 1)
    [[B[I, J].T, -1], [1 ... 1, 0]] (x_I, w) = (0, ..., 0, 1)

of every game are solved, by a compiled kernel built at install (one game at a time,
up to 6 actions per player) or, where it is absent, by stacked numpy solves over blocks
of games; candidates with non-negative probabilities and no profitable deviation are the
equilibria. In a nondegenerate game every equilibrium is found this way and their
number is odd [2]_.

Degenerate and nearly degenerate games (a badly conditioned support system, a
probability or a payoff gap within a safety margin of zero, or an even number of
equilibria) are sent to the per-game reference
``solve_nash(game, method="vertex_enumeration")``, so the batch always equals the
per-game solver; such games are flagged in ``fallback``.

References
----------
.. [1] von Stengel, B. (2007). Equilibrium computation for two-player games in
   strategic and extensive form. In Nisan, N. et al. (eds.), *Algorithmic Game Theory*,
   ch. 3, section 3.3.
.. [2] Wilson, R. (1971). Computing equilibria of n-person games. *SIAM Journal on
   Applied Mathematics* 21(1), 80-87.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from .._validation import check_real_number, readonly
from ..errors import InvalidGameError
from ..games.normal_form import bimatrix
from .nash import solve_nash
from ._bimatrix_kernel import enumerate_padded

__all__ = ["BatchNashResult", "solve_nash_batch"]

#: Games per call of the kernel (bounds the memory of its padded outputs).
_CHUNK = 1 << 16



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
    parts = []
    width = 1
    for start in range(0, max(n, 1), _CHUNK):  # one (empty) call when n = 0
        x, y, cnt, unsure = enumerate_padded(A[start:start + _CHUNK],
                                             B[start:start + _CHUNK], float(tol))
        width = max(width, x.shape[1])
        parts.append((x, y, cnt, unsure))
    hard = np.concatenate([p[3] for p in parts]) if len(parts) > 1 else parts[0][3]
    count = np.concatenate([p[2] for p in parts]) if len(parts) > 1 else parts[0][2]
    fallback_eqs = {}
    for i in np.flatnonzero(hard):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = solve_nash(bimatrix(A[i], B[i]), method="vertex_enumeration",
                             tol=tol, warn=False)
        fallback_eqs[int(i)] = [tuple(e.strategies) for e in res.equilibria]
        width = max(width, len(res.equilibria))
    if len(parts) == 1 and parts[0][0].shape[1] == width:
        rows, cols = parts[0][0], parts[0][1]  # views of the kernel's fresh arrays
    else:
        rows = np.full((n, width, k), np.nan)
        cols = np.full((n, width, m), np.nan)
        for b, (x, y, _, _) in enumerate(parts):
            sl = slice(b * _CHUNK, b * _CHUNK + x.shape[0])
            rows[sl, :x.shape[1]] = x
            cols[sl, :y.shape[1]] = y
    mask = np.arange(width) < count[:, None]
    for i, eqs in fallback_eqs.items():
        for j, (xx, yy) in enumerate(eqs):
            rows[i, j], cols[i, j] = xx, yy
            mask[i, j] = True
    return BatchNashResult(row_strategies=rows, col_strategies=cols, mask=mask,
                           count=mask.sum(axis=1), fallback=hard.copy(), tol=float(tol))
