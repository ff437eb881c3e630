"""Action–reaction dynamics of two-player normal-form games.

Two-population replicator dynamics (Taylor 1979): with mixed strategies ``x`` (row
player, payoff matrix ``A``) and ``y`` (column player, ``B``),

    dx_i/dt = x_i [(A y)_i − xᵀ A y],    dy_j/dt = y_j [(Bᵀ x)_j − xᵀ B y].

Rest points are the profiles at which every action in each player's support earns the
same payoff (Nash equilibria are rest points, not conversely); their stability is read
from the eigenvalues of the Jacobian on the product of simplices. Discrete best-response
dynamics iterate pure best responses. Richardson's arms-race model is
:class:`secdilemma.models.richardson.RichardsonModel`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import check_choice, check_probability_vector, readonly
from ..errors import InvalidGameError, InvalidParameterError, SolverError
from ..games.normal_form import NormalFormGame
from ..models.richardson import RichardsonModel
from ..solvers._exact_linalg import solve_exact

__all__ = [
    "RichardsonModel",
    "ReplicatorTrajectory",
    "RestPoint",
    "BestResponsePath",
    "replicator_field",
    "replicator_trajectory",
    "replicator_rest_points",
    "best_response_dynamics",
]


@dataclass(frozen=True, eq=False)
class ReplicatorTrajectory:
    """A solution of the replicator dynamics.

    Attributes
    ----------
    t : numpy.ndarray, shape (T,)
    x : numpy.ndarray, shape (T, m0)
        Row player's mixed strategy at each time.
    y : numpy.ndarray, shape (T, m1)
        Column player's mixed strategy at each time.
    method : str
        The ``scipy.integrate.solve_ivp`` method used.
    """

    t: np.ndarray
    x: np.ndarray
    y: np.ndarray
    method: str

    @property
    def final(self) -> tuple[np.ndarray, np.ndarray]:
        """The profile at the last time."""
        return self.x[-1], self.y[-1]


@dataclass(frozen=True, eq=False)
class RestPoint:
    """A rest point of the replicator dynamics and its linear stability.

    Attributes
    ----------
    x, y : numpy.ndarray
        The profile (float).
    exact_x, exact_y : tuple of Fraction or None
        The same, exactly, for games with exact payoffs.
    eigenvalues : numpy.ndarray
        Eigenvalues of the Jacobian in the ``(m0 − 1) + (m1 − 1)`` free coordinates.
    stability : str
        ``"stable"`` (all real parts < 0), ``"unstable"`` (all > 0), ``"saddle"`` (both
        signs) or ``"non-hyperbolic"`` (some real part 0 within ``tol``).
    is_nash : bool
        Whether the rest point is a Nash equilibrium of the stage game.
    """

    x: np.ndarray
    y: np.ndarray
    exact_x: tuple | None
    exact_y: tuple | None
    eigenvalues: np.ndarray
    stability: str
    is_nash: bool


@dataclass(frozen=True, eq=False)
class BestResponsePath:
    """A path of pure best responses.

    Attributes
    ----------
    profiles : tuple of tuple of int
        The pure profiles visited, the start included.
    converged : bool
        Whether the path reached a pure Nash equilibrium (a fixed point).
    cycle : tuple of tuple of int
        The profiles of the cycle entered, when the path cycles (empty otherwise).
    mode : str
    """

    profiles: tuple
    converged: bool
    cycle: tuple
    mode: str


def _check_two_player(func: str, game: Any) -> None:
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{func}(): game must be a NormalFormGame; got "
                               f"{type(game).__name__}")
    if game.num_players != 2:
        raise InvalidGameError(f"{func}(): game must be a two-player game; got "
                               f"{game.num_players} players")


def replicator_field(game: NormalFormGame, x: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """The two-population replicator vector field ``(dx/dt, dy/dt)`` at ``(x, y)``.

    References
    ----------
    .. [1] Taylor, P. D. (1979). Evolutionarily stable strategies with two types of
       player. *Journal of Applied Probability* 16(1), 76–83.
    .. [2] Hofbauer, J. and Sigmund, K. (1998). *Evolutionary Games and Population
       Dynamics*, Cambridge University Press, ch. 10.

    Examples
    --------
    >>> from secdilemma import bimatrix
    >>> from secdilemma.analysis.dynamics import replicator_field
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> dx, dy = replicator_field(pd, [0.5, 0.5], [0.5, 0.5])
    >>> dx.tolist()
    [-0.375, 0.375]
    """
    _check_two_player("replicator_field", game)
    A, B = game.payoffs
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ux = A @ y
    uy = B.T @ x
    return x * (ux - x @ ux), y * (uy - y @ uy)


def replicator_trajectory(game: NormalFormGame, x0: Any, y0: Any, t: Any, *,
                          method: str = "LSODA", rtol: float = 1e-9,
                          atol: float = 1e-12) -> ReplicatorTrajectory:
    """Integrate the two-population replicator dynamics from ``(x0, y0)``.

    Parameters
    ----------
    game : NormalFormGame
        Two-player game.
    x0, y0 : array_like
        Initial mixed strategies (probability vectors).
    t : array_like of float
        Increasing times, starting at the initial time.
    method : str, default "LSODA"
        Passed to :func:`scipy.integrate.solve_ivp`.
    rtol, atol : float
        Integration tolerances.

    Returns
    -------
    ReplicatorTrajectory

    References
    ----------
    .. [1] Taylor, P. D. (1979). Evolutionarily stable strategies with two types of
       player. *Journal of Applied Probability* 16(1), 76–83.
    .. [2] Weibull, J. W. (1995). *Evolutionary Game Theory*, MIT Press, ch. 5.

    Examples
    --------
    In a prisoner's dilemma every interior start flows to mutual defection:

    >>> from secdilemma import bimatrix
    >>> from secdilemma.analysis.dynamics import replicator_trajectory
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> traj = replicator_trajectory(pd, [0.9, 0.1], [0.9, 0.1], [0, 50])
    >>> traj.final[0].round(6).tolist()
    [0.0, 1.0]
    """
    from scipy.integrate import solve_ivp

    func = "replicator_trajectory"
    _check_two_player(func, game)
    m0, m1 = game.num_actions
    x0 = check_probability_vector(func, "x0", x0, size=m0)
    y0 = check_probability_vector(func, "y0", y0, size=m1)
    times = np.asarray(t, dtype=float)
    if times.ndim != 1 or times.size < 2 or not np.all(np.isfinite(times)) \
            or np.any(np.diff(times) <= 0):
        raise InvalidParameterError(f"{func}(): t must be an increasing 1-D array of at least "
                                    f"2 finite times; got {t!r}")

    def rhs(_, z):
        dx, dy = replicator_field(game, z[:m0], z[m0:])
        return np.concatenate([dx, dy])

    sol = solve_ivp(rhs, (times[0], times[-1]), np.concatenate([x0, y0]), t_eval=times,
                    method=method, rtol=rtol, atol=atol)
    if not sol.success:  # pragma: no cover - the field is polynomial and bounded
        raise SolverError(f"{func}(): integration failed: {sol.message}")
    z = np.clip(sol.y.T, 0.0, 1.0)
    return ReplicatorTrajectory(readonly(times.copy()), readonly(z[:, :m0].copy()),
                                readonly(z[:, m0:].copy()), method)


def _reduced_jacobian(game: NormalFormGame, x: np.ndarray, y: np.ndarray,
                      h: float = 1e-6) -> np.ndarray:
    """Jacobian of the field in the coordinates (x_0..x_{m0-2}, y_0..y_{m1-2})."""
    m0, m1 = game.num_actions

    def field(z):
        xs = np.append(z[:m0 - 1], 1 - z[:m0 - 1].sum())
        ys = np.append(z[m0 - 1:], 1 - z[m0 - 1:].sum())
        dx, dy = replicator_field(game, xs, ys)
        return np.concatenate([dx[:-1], dy[:-1]])

    z0 = np.concatenate([x[:-1], y[:-1]])
    n = z0.size
    J = np.zeros((n, n))
    for c in range(n):
        e = np.zeros(n)
        e[c] = h
        J[:, c] = (field(z0 + e) - field(z0 - e)) / (2 * h)
    return J


def _classify(eigs: np.ndarray, tol: float) -> str:
    re = eigs.real
    if eigs.size == 0 or np.any(np.abs(re) <= tol):
        return "non-hyperbolic"
    if np.all(re < 0):
        return "stable"
    if np.all(re > 0):
        return "unstable"
    return "saddle"


def replicator_rest_points(game: NormalFormGame, *, tol: float = 1e-7) -> tuple[RestPoint, ...]:
    """Isolated rest points of the two-population replicator dynamics and their
    stability.

    For each pair of supports of equal size, the rest point with those supports makes
    every action in each support earn the same payoff; it is found by solving a square
    linear system (exactly for exact payoffs). Supports of unequal size, or singular
    systems, have no isolated rest point in general and are skipped (degenerate games can
    have continua of rest points, which are not listed). Stability comes from the
    eigenvalues of the Jacobian in the free coordinates (central differences of the
    polynomial field).

    Parameters
    ----------
    game : NormalFormGame
        Two-player game.
    tol : float, default 1e-7
        Eigenvalues with ``|Re| <= tol`` times the larger player's payoff range count as
        zero (the eigenvalues scale with the payoffs, so the test is scale-free).

    Returns
    -------
    tuple of RestPoint
        In the order of the supports enumerated (pure profiles first).

    References
    ----------
    .. [1] Hofbauer, J. and Sigmund, K. (1998). *Evolutionary Games and Population
       Dynamics*, Cambridge University Press, §10.3.
    .. [2] Weibull, J. W. (1995). *Evolutionary Game Theory*, MIT Press, §5.2.

    Examples
    --------
    Jervis's stag hunt: both pure equilibria are stable, the mixed one is a saddle.

    >>> from secdilemma import bimatrix
    >>> from secdilemma.analysis.dynamics import replicator_rest_points
    >>> stag_hunt = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])
    >>> for p in replicator_rest_points(stag_hunt):
    ...     print(p.exact_x, p.exact_y, p.stability)
    (Fraction(1, 1), Fraction(0, 1)) (Fraction(1, 1), Fraction(0, 1)) stable
    (Fraction(1, 1), Fraction(0, 1)) (Fraction(0, 1), Fraction(1, 1)) unstable
    (Fraction(0, 1), Fraction(1, 1)) (Fraction(1, 1), Fraction(0, 1)) unstable
    (Fraction(0, 1), Fraction(1, 1)) (Fraction(0, 1), Fraction(1, 1)) stable
    (Fraction(1, 2), Fraction(1, 2)) (Fraction(1, 2), Fraction(1, 2)) saddle
    """
    from fractions import Fraction

    _check_two_player("replicator_rest_points", game)
    m0, m1 = game.num_actions
    # the Jacobian scales with the payoffs: zero-eigenvalue test relative to their range
    scale = max(float(np.ptp(u)) for u in game.payoffs) or 1.0
    # the field is unchanged when a player's payoffs are shifted: differentiate it on
    # payoffs that start at 0, free of the rounding a large shift brings
    centred = NormalFormGame([u - u.min() for u in game.payoffs])
    exact = game.is_exact
    A = game.exact_payoffs[0] if exact else game.payoffs[0]
    B = game.exact_payoffs[1] if exact else game.payoffs[1]
    out = []
    for size in range(1, min(m0, m1) + 1):
        for S0 in itertools.combinations(range(m0), size):
            for S1 in itertools.combinations(range(m1), size):
                # y on S1 equalises player 0's payoffs on S0; x on S0 equalises player 1's
                y = _equaliser([[A[i, j] for j in S1] for i in S0], exact)
                x = _equaliser([[B[i, j] for i in S0] for j in S1], exact)
                if x is None or y is None:
                    continue
                if any(v <= 0 for v in x) or any(v <= 0 for v in y):
                    continue
                xf = np.zeros(m0)
                yf = np.zeros(m1)
                xf[list(S0)] = [float(v) for v in x]
                yf[list(S1)] = [float(v) for v in y]
                ex = ey = None
                if exact:
                    ex = tuple(x[S0.index(i)] if i in S0 else Fraction(0) for i in range(m0))
                    ey = tuple(y[S1.index(j)] if j in S1 else Fraction(0) for j in range(m1))
                J = _reduced_jacobian(centred, xf, yf)
                eigs = np.linalg.eigvals(J) if J.size else np.zeros(0)
                # float: regret relative to each player's payoff range (is_nash's rule)
                nash = game.is_nash([ex, ey]) if exact else game.is_nash([xf, yf])
                out.append(RestPoint(readonly(xf), readonly(yf), ex, ey,
                                     readonly(np.sort_complex(eigs)),
                                     _classify(eigs, tol * scale),
                                     bool(nash)))
    return tuple(out)


def _equaliser(M, exact: bool):
    """Probability vector z with M z constant (all rows equal); None if not unique."""
    n = len(M)
    if exact:
        from fractions import Fraction

        rows = [[Fraction(M[r][c]) - Fraction(M[0][c]) for c in range(n)] for r in range(1, n)]
        rows.append([Fraction(1)] * n)
        return solve_exact(rows, [Fraction(0)] * (n - 1) + [Fraction(1)])
    rows = np.array([[M[r][c] - M[0][c] for c in range(n)] for r in range(1, n)]
                    + [[1.0] * n], dtype=float)
    if abs(np.linalg.det(rows)) < 1e-12:
        return None
    return list(np.linalg.solve(rows, np.r_[np.zeros(n - 1), 1.0]))


def best_response_dynamics(game: NormalFormGame, start: Any, *, mode: str = "alternating",
                           max_steps: int = 100) -> BestResponsePath:
    """Discrete-time pure best-response dynamics from a pure profile.

    In ``"alternating"`` mode players revise in turn (player 0 first), in
    ``"simultaneous"`` mode both revise at once. A player keeps his action when it is
    already a best response; otherwise he moves to his lowest-index best response. The
    path stops at a pure Nash equilibrium or when a profile (with the same player to
    move) repeats, which identifies a cycle.

    Parameters
    ----------
    game : NormalFormGame
        Two-player game.
    start : pair of int
        Initial pure profile.
    mode : {"alternating", "simultaneous"}
    max_steps : int, default 100

    Returns
    -------
    BestResponsePath

    References
    ----------
    .. [1] Fudenberg, D. and Levine, D. K. (1998). *The Theory of Learning in Games*,
       MIT Press, ch. 1–2.

    Examples
    --------
    >>> from secdilemma import bimatrix
    >>> from secdilemma.analysis.dynamics import best_response_dynamics
    >>> pd = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> best_response_dynamics(pd, (0, 0)).profiles
    ((0, 0), (1, 0), (1, 1))
    >>> pennies = bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> best_response_dynamics(pennies, (0, 0)).cycle
    ((0, 1), (1, 1), (1, 0), (0, 0))
    """
    func = "best_response_dynamics"
    _check_two_player(func, game)
    check_choice(func, "mode", mode, ("alternating", "simultaneous"))
    if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) \
            or max_steps < 1:
        raise InvalidParameterError(f"{func}(): max_steps must be an integer >= 1; got "
                                    f"{max_steps!r}")
    try:
        profile = tuple(int(a) for a in start)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(f"{func}(): start must be a pair of action indices; got "
                                    f"{start!r}") from exc
    m = game.num_actions
    if len(profile) != 2 or not all(0 <= a < k for a, k in zip(profile, m)):
        raise InvalidParameterError(f"{func}(): start must be a pair of action indices "
                                    f"within {m}; got {start!r}")
    A, B = game.exact_payoffs if game.is_exact else game.payoffs

    def br(player, prof):
        vals = A[:, prof[1]] if player == 0 else B[prof[0], :]
        best = max(vals)
        if vals[prof[player]] == best:
            return prof[player]
        return int(next(k for k, v in enumerate(vals) if v == best))

    def is_fixed(prof):
        return br(0, prof) == prof[0] and br(1, prof) == prof[1]

    path = [profile]
    seen = {(profile, 0): 0}
    mover = 0
    for _ in range(max_steps):
        prof = path[-1]
        if is_fixed(prof):
            return BestResponsePath(tuple(path), True, (), mode)
        if mode == "simultaneous":
            new = (br(0, prof), br(1, prof))
        else:
            new = list(prof)
            new[mover] = br(mover, prof)
            new = tuple(new)
            mover = 1 - mover
            if new == prof:  # this player was content; let the other move
                new = list(prof)
                new[mover] = br(mover, prof)
                new = tuple(new)
                mover = 1 - mover
        key = (new, mover if mode == "alternating" else 0)
        if key in seen:
            first = seen[key]
            path.append(new)
            return BestResponsePath(tuple(path), False, tuple(path[first:-1]), mode)
        seen[key] = len(path)
        path.append(new)
    return BestResponsePath(tuple(path), is_fixed(path[-1]), (), mode)
