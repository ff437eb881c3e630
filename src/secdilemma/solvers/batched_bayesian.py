"""All Bayes–Nash equilibria of a batch of two-player, two-type, two-action games.

Notation. Player 0 has types t in {0, 1}, player 1 types s in {0, 1}, both actions
{0, 1} (e.g. C, D); ``u0[t, s, a0, a1]`` and ``u1[t, s, a0, a1]`` are the payoffs and
``prior[t, s]`` the common prior. A behaviour profile is ``x[t]`` (probability that type
t of player 0 plays action 0) and ``y[s]``.

The induced normal form of such a game is 4 x 4 (plans = one action per type,
:func:`induced_normal_form_batch`), but it is degenerate whenever a player's two types
both mix (many mixed plans induce one behaviour strategy). The batch therefore works in
the agent form, whose equilibria are exactly the behaviour strategies induced by the
equilibria of the normal form [1]_: the interim gain of action 0 over action 1 for type
t of player 0 is affine in y,

    d0[t](y) = alpha0[t] + beta0[t, 0] * y[0] + beta0[t, 1] * y[1],

and likewise ``d1[s](x)``. Support enumeration over the agents (each plays 0, plays 1,
or mixes, as many mixing agents on each side, player 0's pure agents best-replying:
4 pure, 8 one-mixing and 1 all-mixing candidate) is closed-form linear algebra (scalar
divisions and 2 x 2 Cramer rules), vectorised over the batch. Games that are
degenerate or nearly so (a tie, a probability at 0 or 1 within a margin, a singular
but consistent system, an even number of equilibria) are solved by the per-game
reference :func:`~secdilemma.solvers.bayesian.solve_bayesian` and flagged
``fallback``. A type of prior probability zero believes the other's marginal, as in
:meth:`~secdilemma.BayesianGame.interim_belief`.

References
----------
.. [1] Harsanyi, J. C. (1967-68). Games with incomplete information played by
   "Bayesian" players, I-III. *Management Science* 14, 159-182, 320-334, 486-502.
.. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.
   Princeton University Press.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass

import numpy as np

from .._validation import check_real_number, readonly
from ..errors import InvalidGameError
from ..games.bayesian import BayesianGame
from .bayesian import solve_bayesian

__all__ = ["BatchBayesianResult", "solve_bayesian_batch", "induced_normal_form_batch"]

_MARGIN = 1e-9



@dataclass(frozen=True, eq=False)
class BatchBayesianResult:
    """Bayes–Nash equilibria of N 2-type 2-action games, padded (read-only).

    Attributes
    ----------
    row_behaviour : numpy.ndarray, shape (N, K, 2)
        ``[game, equilibrium, type]``: probability that player 0's type plays action 0.
    col_behaviour : numpy.ndarray, shape (N, K, 2)
        The same for player 1.
    mask : numpy.ndarray of bool, shape (N, K)
        Which entries are equilibria (the first ``count``).
    count : numpy.ndarray of int, shape (N,)
        Number of (extreme) Bayes–Nash equilibria.
    fallback : numpy.ndarray of bool, shape (N,)
        Games solved by the per-game reference (degenerate or nearly so).
    method : str
        ``"batched_agent_support_enumeration"``.
    tol : float
        Regret tolerance.

    Notes
    -----
    Ordered as ``solve_bayesian`` orders them: pure first, then by decreasing
    probabilities (type by type, player 0 first).
    """

    row_behaviour: np.ndarray
    col_behaviour: np.ndarray
    mask: np.ndarray
    count: np.ndarray
    fallback: np.ndarray
    method: str = "batched_agent_support_enumeration"
    tol: float = 1e-9

    def __post_init__(self) -> None:
        for name in ("row_behaviour", "col_behaviour", "mask", "count", "fallback"):
            readonly(np.asarray(getattr(self, name)))

    def __len__(self) -> int:
        return int(self.count.shape[0])

    def equilibria(self, index: int) -> list:
        """The equilibria of game ``index`` as pairs of (2, 2) behaviour strategies
        (rows: types, columns: actions), as ``solve_bayesian`` reports them.

        Examples
        --------
        >>> from secdilemma.solvers.batched_bayesian import solve_bayesian_batch
        >>> from secdilemma.models.security_dilemma import security_dilemma_batch
        >>> res = solve_bayesian_batch(*security_dilemma_batch(0.6, 0.6, 0.5, 0.5, 2.0))
        >>> [s0[0].round(6).tolist() for s0, _ in res.equilibria(0)]
        [[1.0, 0.0], [0.0, 1.0], [0.833333, 0.166667]]
        """
        out = []
        for k in np.flatnonzero(self.mask[index]):
            x, y = self.row_behaviour[index, k], self.col_behaviour[index, k]
            out.append((np.stack([x, 1.0 - x], axis=-1), np.stack([y, 1.0 - y], axis=-1)))
        return out


def induced_normal_form_batch(u0, u1, prior):
    """The 4 x 4 induced normal forms (plans in lexicographic order, as
    :meth:`~secdilemma.BayesianGame.to_normal_form`) of N 2-type 2-action games.

    Returns
    -------
    A, B : numpy.ndarray, shape (N, 4, 4)
        Ex-ante expected payoffs of plan pairs.

    References
    ----------
    .. [1] Harsanyi, J. C. (1967-68). Games with incomplete information played by
       "Bayesian" players. *Management Science* 14.

    Examples
    --------
    >>> from secdilemma.solvers.batched_bayesian import induced_normal_form_batch
    >>> from secdilemma.models.security_dilemma import security_dilemma_batch
    >>> A, B = induced_normal_form_batch(*security_dilemma_batch(0.6, 0.6, 0.5, 0.5, 2.0))
    >>> A.shape, float(A[0, 0, 0])
    ((1, 4, 4), 1.0)
    """
    u0, u1, prior = _check(u0, u1, prior, "induced_normal_form_batch")
    plans = list(itertools.product((0, 1), repeat=2))
    n = u0.shape[0]
    A = np.zeros((n, 4, 4))
    B = np.zeros((n, 4, 4))
    for p, plan0 in enumerate(plans):
        for q, plan1 in enumerate(plans):
            for t in (0, 1):
                for s in (0, 1):
                    w = prior[:, t, s]
                    A[:, p, q] += w * u0[:, t, s, plan0[t], plan1[s]]
                    B[:, p, q] += w * u1[:, t, s, plan0[t], plan1[s]]
    return A, B


def _check(u0, u1, prior, func):
    out = []
    for name, M, shape in (("u0", u0, (2, 2, 2, 2)), ("u1", u1, (2, 2, 2, 2)),
                           ("prior", prior, (2, 2))):
        try:
            M = np.asarray(M, dtype=float)
        except (TypeError, ValueError) as exc:
            raise InvalidGameError(f"{func}(): {name} must be an array of real numbers; "
                                   f"got {M!r}") from exc
        if M.shape == shape:
            M = M[None]
        if M.shape[1:] != shape:
            raise InvalidGameError(f"{func}(): {name} must have shape (N, "
                                   f"{', '.join(map(str, shape))}); got {M.shape}")
        if not np.all(np.isfinite(M)):
            raise InvalidGameError(f"{func}(): {name} must be finite; got a non-finite value")
        out.append(M)
    u0, u1, prior = out
    if not (u0.shape[0] == u1.shape[0] == prior.shape[0]):
        raise InvalidGameError(f"{func}(): u0, u1 and prior must describe the same number of "
                               f"games; got {u0.shape[0]}, {u1.shape[0]}, {prior.shape[0]}")
    if np.any(prior < 0) or np.any(np.abs(prior.sum(axis=(1, 2)) - 1.0) > 1e-9):
        raise InvalidGameError(f"{func}(): prior must be non-negative and sum to 1 per game")
    return u0, u1, prior


_SUB = 8192  # games per sub-block (keeps the temporaries in cache)


def _coefficients(u0, u1, prior):
    """Per block: alpha0[t], beta0[t][s], alpha1[s], beta1[s][t] as contiguous 1-D arrays
    (payoffs scaled to unit range) and the flag of constant games."""
    n = u0.shape[0]
    # rows of (32, n): entry (t, s, a0, a1) of u0 at row 8t + 4s + 2a0 + a1, u1 from 16
    rows = np.concatenate([u0.reshape(n, 16), u1.reshape(n, 16)], axis=1).T.copy()
    lo = rows.min(axis=0)
    span = rows.max(axis=0) - lo
    hard = span <= 0
    inv = 1.0 / np.where(hard, 1.0, span)
    pr = prior.reshape(n, 4).T.copy()  # row 2t + s
    m0 = [pr[0] + pr[1], pr[2] + pr[3]]  # player 0's type marginals
    m1 = [pr[0] + pr[2], pr[1] + pr[3]]
    q0 = [[None, None], [None, None]]  # q0[t][s]: player 0's type t's belief about s
    q1 = [[None, None], [None, None]]  # q1[s][t]
    with np.errstate(divide="ignore", invalid="ignore"):
        for t in (0, 1):
            for s_ in (0, 1):
                joint = pr[2 * t + s_]
                # a type of prior probability zero believes the other's marginal (the
                # convention of BayesianGame.interim_belief)
                q0[t][s_] = np.where(m0[t] == 0, m1[s_], joint / m0[t])
                q1[s_][t] = np.where(m1[s_] == 0, m0[t], joint / m1[s_])

    def u(player, t, s_, a0, a1):
        return rows[16 * player + 8 * t + 4 * s_ + 2 * a0 + a1]

    a0, b0, a1, b1 = [], [[None, None], [None, None]], [], [[None, None], [None, None]]
    for t in (0, 1):
        acc = 0.0
        for s_ in (0, 1):
            g_c = u(0, t, s_, 0, 0) - u(0, t, s_, 1, 0)  # gain of action 0 if y = 1
            g_d = u(0, t, s_, 0, 1) - u(0, t, s_, 1, 1)
            acc = acc + q0[t][s_] * g_d * inv
            b0[t][s_] = q0[t][s_] * (g_c - g_d) * inv
        a0.append(acc)
    for s_ in (0, 1):
        acc = 0.0
        for t in (0, 1):
            g_c = u(1, t, s_, 0, 0) - u(1, t, s_, 0, 1)  # gain of action 0 if x = 1
            g_d = u(1, t, s_, 1, 0) - u(1, t, s_, 1, 1)
            acc = acc + q1[s_][t] * g_d * inv
            b1[s_][t] = q1[s_][t] * (g_c - g_d) * inv
        a1.append(acc)
    return a0, b0, a1, b1, hard


def _kernel_block(a0, b0, a1, b1, tol):
    """Equilibrium candidates of a block of games.

    Returns ``Z`` (x0, x1, y0, y1, each (n, 13)), validity ``ok`` (n, 13) and the
    hardness flag (n,). Candidates: 4 pure (one per pure y; x is player 0's best reply),
    8 with one mixing agent per player (the other agent of player 0 best-replies) and
    the all-mixing one.
    """
    n = a0[0].shape[0]
    margin = max(tol, _MARGIN)

    def g0(t, y0, y1):
        return a0[t] + b0[t][0] * y0 + b0[t][1] * y1

    def g1(s, x0, x1):
        return a1[s] + b1[s][0] * x0 + b1[s][1] * x1

    def consistent(value, gain):
        # a pure agent playing action 0 (value 1) needs gain >= 0, action 1 gain <= 0
        return np.where(value == 1.0, gain >= -tol, gain <= tol)

    def in_unit(z):
        return (z >= -tol) & (z <= 1 + tol)

    def at_end(z):
        return (np.abs(z) <= margin) | (np.abs(1 - z) <= margin)

    # candidate-major layout (13, n): reductions over candidates run along axis 0
    Z = [np.empty((13, n)) for _ in range(4)]
    ok = np.empty((13, n), dtype=bool)
    near = np.empty((13, n), dtype=bool)
    hard = np.zeros(n, dtype=bool)
    col = 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for y0 in (1.0, 0.0):
            for y1 in (1.0, 0.0):
                gx0, gx1 = g0(0, y0, y1), g0(1, y0, y1)
                x0 = (gx0 > 0).astype(float)
                x1 = (gx1 > 0).astype(float)
                gy0, gy1 = g1(0, x0, x1), g1(1, x0, x1)
                Z[0][col], Z[1][col], Z[2][col], Z[3][col] = x0, x1, y0, y1
                ok[col] = consistent(y0, gy0) & consistent(y1, gy1)
                near[col] = ((np.abs(gx0) <= margin) | (np.abs(gx1) <= margin)
                                | (np.abs(gy0) <= margin) | (np.abs(gy1) <= margin))
                col += 1
        for t in (0, 1):
            for s in (0, 1):
                for yo in (1.0, 0.0):
                    # agent t of player 0 is indifferent: solve for y_s given y_{s'} = yo
                    num_y = a0[t] + b0[t][1 - s] * yo
                    den_y = b0[t][s]
                    ys = -num_y / den_y
                    y = [None, None]
                    y[s], y[1 - s] = ys, yo
                    g_other = g0(1 - t, y[0], y[1])
                    xo = (g_other > 0).astype(float)
                    num_x = a1[s] + b1[s][1 - t] * xo
                    den_x = b1[s][t]
                    xt = -num_x / den_x
                    x = [None, None]
                    x[t], x[1 - t] = xt, xo
                    g_s_other = g1(1 - s, x[0], x[1])
                    flat_y = np.abs(den_y) <= _MARGIN
                    flat_x = np.abs(den_x) <= _MARGIN
                    hard |= (flat_y & (np.abs(num_y) <= margin)) | (
                        flat_x & (np.abs(num_x) <= margin))
                    Z[0][col], Z[1][col] = x[0], x[1]
                    Z[2][col], Z[3][col] = y[0], y[1]
                    ok[col] = (~flat_x & ~flat_y & in_unit(ys) & in_unit(xt)
                                  & consistent(yo, g_s_other))
                    near[col] = (at_end(ys) | at_end(xt) | (np.abs(g_other) <= margin)
                                    | (np.abs(g_s_other) <= margin))
                    col += 1
        # both agents of both players mix: beta0 y = -alpha0, beta1 x = -alpha1
        ok[col] = True
        near[col] = False
        for a, b, k in ((a0, b0, 2), (a1, b1, 0)):
            det = b[0][0] * b[1][1] - b[0][1] * b[1][0]
            singular = np.abs(det) <= _MARGIN
            incons = np.abs(b[0][0] * a[1] - b[1][0] * a[0]) + np.abs(
                b[0][1] * a[1] - b[1][1] * a[0])
            hard |= singular & (incons <= margin)
            z0 = (-a[0] * b[1][1] + a[1] * b[0][1]) / det
            z1 = (-a[1] * b[0][0] + a[0] * b[1][0]) / det
            Z[k][col], Z[k + 1][col] = z0, z1
            ok[col] &= ~singular & in_unit(z0) & in_unit(z1)
            near[col] |= at_end(z0) | at_end(z1)
    hard |= (ok & near).any(axis=0)
    count = ok.sum(axis=0, dtype=np.int8)
    hard |= (count % 2) == 0
    return Z, ok, hard, count


def _compact(Z, ok, width):
    """Valid candidates (Z: four (13, n) arrays) moved to the first ``width`` slots of
    (n, width) arrays, in candidate order."""
    n = ok.shape[1]
    pos = np.empty(ok.shape, dtype=np.int8)
    running = np.full(n, -1, dtype=np.int8)
    for c in range(ok.shape[0]):  # a running count row by row (faster than cumsum here)
        running += ok[c]
        pos[c] = running
    cand, game = np.nonzero(ok)
    slot = pos[cand, game]
    out = np.full((4, n, width), np.nan)
    for k in range(4):
        out[k, game, slot] = Z[k][cand, game]
    mask = np.zeros((n, width), dtype=bool)
    mask[game, slot] = True
    return out, mask


def _order(out, mask):
    """Order as solve_bayesian: pure first, then decreasing x0, x1, y0, y1."""
    x0, x1, y0, y1 = (np.where(mask, v, 0.0) for v in out)
    pure = ((x0 == 0) | (x0 == 1)) & ((x1 == 0) | (x1 == 1)) & ((y0 == 0) | (y0 == 1)) & (
        (y1 == 0) | (y1 == 1))
    return np.lexsort([-y1, -y0, -x1, -x0, ~pure, ~mask], axis=-1)


def solve_bayesian_batch(u0, u1, prior, *, tol: float = 1e-9) -> BatchBayesianResult:
    """All Bayes–Nash equilibria of N two-player games with two types and two actions.

    Parameters
    ----------
    u0, u1 : array_like, shape (N, 2, 2, 2, 2)
        ``u[game, t, s, a0, a1]``: the payoffs of player 0 and player 1 when the types
        are (t, s) and the actions (a0, a1) (the layout of
        :class:`~secdilemma.BayesianGame`).
    prior : array_like, shape (N, 2, 2)
        Joint prior over type profiles.
    tol : float
        Interim regret tolerance, relative to each game's payoff range.

    Returns
    -------
    BatchBayesianResult
        Equal, game by game, to the extreme equilibria of
        ``solve_bayesian(BayesianGame([u0[i], u1[i]], prior=prior[i]))``.

    Raises
    ------
    InvalidGameError
        Wrong shapes, non-finite payoffs, a prior that is not a distribution.

    References
    ----------
    .. [1] Harsanyi, J. C. (1967-68). Games with incomplete information played by
       "Bayesian" players. *Management Science* 14.
    .. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    Kydd's security dilemma at trust 0.6 (three equilibria) and 0.3 (all-defect only):

    >>> from secdilemma.solvers.batched_bayesian import solve_bayesian_batch
    >>> from secdilemma.models.security_dilemma import security_dilemma_batch
    >>> res = solve_bayesian_batch(*security_dilemma_batch([0.6, 0.3], [0.6, 0.3],
    ...                                                    0.5, 0.5, 2.0))
    >>> res.count.tolist(), res.fallback.tolist()
    ([3, 1], [False, False])
    >>> res.row_behaviour[0, 2].round(6).tolist()  # tipping: security seekers mix
    [0.833333, 0.0]
    """
    func = "solve_bayesian_batch"
    check_real_number(func, "tol", tol, low=0)
    u0, u1, prior = _check(u0, u1, prior, func)
    n = u0.shape[0]
    hard = np.zeros(n, dtype=bool)
    blocks = []
    width = 1
    for start in range(0, n, _SUB):
        sl = slice(start, start + _SUB)
        a0, b0, a1, b1, h0 = _coefficients(u0[sl], u1[sl], prior[sl])
        Z, ok, h, count = _kernel_block(a0, b0, a1, b1, float(tol))
        hard[sl] = h0 | h
        w = int(count.max(initial=1))
        Z = [np.clip(z, 0.0, 1.0) for z in Z]
        out, mask = _compact(Z, ok, w)
        order = _order(out, mask)
        out = np.take_along_axis(out, order[None], axis=2)
        mask = np.take_along_axis(mask, order, axis=1)
        width = max(width, w)
        blocks.append((sl, out, mask))
    fallback = {}
    if np.any(hard):
        for i in np.flatnonzero(hard):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = solve_bayesian(BayesianGame([u0[i], u1[i]], prior=prior[i]), tol=tol,
                                     warn=False)
            fallback[int(i)] = [(e.strategies[0][:, 0], e.strategies[1][:, 0])
                                for e in res.equilibria]
            width = max(width, len(res.equilibria))
    rows = np.full((n, width, 2), np.nan)
    cols = np.full((n, width, 2), np.nan)
    mask = np.zeros((n, width), dtype=bool)
    for sl, out, m in blocks:
        w = out.shape[2]
        rows[sl, :w, 0], rows[sl, :w, 1] = out[0], out[1]
        cols[sl, :w, 0], cols[sl, :w, 1] = out[2], out[3]
        mask[sl, :w] = m
    for i, eqs in fallback.items():
        rows[i], cols[i], mask[i] = np.nan, np.nan, False
        for j, (xx, yy) in enumerate(eqs):
            rows[i, j], cols[i, j], mask[i, j] = xx, yy, True
    return BatchBayesianResult(row_behaviour=rows, col_behaviour=cols, mask=mask,
                               count=mask.sum(axis=1), fallback=hard, tol=float(tol))
