"""The logit quantal response equilibrium (QRE) branch: ``solve_qre``.

In a logit QRE with precision ``λ >= 0`` every player chooses each action with
probability proportional to ``exp(λ · expected payoff)`` against the others' choice
probabilities (McKelvey and Palfrey 1995). At ``λ = 0`` the unique QRE is uniform play;
the *principal branch* is the curve of QRE that starts there, and for a generic game it
converges, as ``λ → ∞``, to one Nash equilibrium (the logit-selected equilibrium). The
branch is traced here by a predictor-corrector path-following method in the variables
(log-probabilities, λ) (Turocy 2005; Allgower and Georg 1990), for any number of players.

Notation: player ``i`` has ``m_i`` actions; ``U_ij(σ)`` is player ``i``'s expected
payoff from action ``j`` against the others' mixed strategies. A profile ``σ`` is a logit
QRE at precision ``λ`` when, for every player ``i`` and actions ``j``, ``k``,

    ln σ_ij − ln σ_ik = λ (U_ij(σ) − U_ik(σ)),    Σ_j σ_ij = 1.

Scale: ``λ`` is measured against the *normalised* payoffs ``(u_i − min u_i) / R`` with
``R`` the largest payoff range over the players (:attr:`QREResult.payoff_range`), so
that multiplying every payoff by ``c > 0`` or shifting a player's payoffs changes
nothing: the precision of McKelvey and Palfrey for the original payoffs is ``λ / R``.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._validation import check_real_number, readonly
from ..errors import IncompleteResultWarning, InvalidGameError, InvalidParameterError
from ..games.bayesian import BayesianGame
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium, SolveResult
from ._exact_linalg import solve_exact

__all__ = ["solve_qre", "QREResult", "payoff_range", "DEFAULT_QRE_TIMEOUT"]

#: Default time budget of :func:`solve_qre`, in seconds.
DEFAULT_QRE_TIMEOUT = 30.0

# path-following controls (Allgower and Georg 1990, ch. 6): largest distance of the
# first Newton correction from the predicted point, largest contraction rate of the
# corrector, and the Newton tolerance (relative to the size of the point). A first
# correction of up to 0.4 let the tracer jump to a nearby branch on a seeded 3^4 game
# (against Gambit's tracer); at 0.1 it agreed with Gambit on 120 of 120 seeded games.
_MAX_DIST = 0.1
_MAX_CONTRACTION = 0.6
_NEWTON_TOL = 1e-10
_MAX_CORRECTOR_STEPS = 12
# insurance against a trace that neither ends nor shrinks its steps (none is known)
_MAX_STEPS = 100_000
# a step whose tangent turns by more than ~18 degrees is retaken with a smaller step
_MIN_COS_TURN = 0.95
# a Nash equilibrium is taken as the limit of the branch only within this distance
# (largest difference of a probability) of the last traced point
_NEAR = 0.05


def payoff_range(game: NormalFormGame) -> float:
    """The largest payoff range over the players, ``max_i (max u_i − min u_i)`` (1.0 when
    every player's payoffs are constant): the unit in which :func:`solve_qre` measures λ
    and regrets."""
    spans = [float(np.max(u)) - float(np.min(u)) for u in game.payoffs]
    span = max(spans)
    return span if span > 0 and math.isfinite(span) else 1.0


@dataclass(frozen=True, eq=False)
class QREResult(SolveResult):
    """The principal logit QRE branch of a game and its limiting Nash equilibrium.

    ``equilibria`` holds at most one entry: the limit of the branch as ``λ → ∞``,
    refined to a Nash equilibrium and verified (regret at most ``tol`` times the payoff
    range). It is empty, with a warning, when no point could be verified within the
    budget. ``complete`` is always False: the method finds one equilibrium.

    Attributes
    ----------
    lambdas : numpy.ndarray
        The requested precisions that were reached (normalised units, see
        :attr:`payoff_range`), in the order given.
    profiles : tuple of tuple of numpy.ndarray
        ``profiles[k][i]`` is player ``i``'s QRE strategy at ``lambdas[k]`` (the first
        point of the branch at that precision).
    branch_lambdas : numpy.ndarray
        λ at every point of the traced branch, in path order (λ need not increase:
        the branch can bend back).
    branch_profiles : tuple of numpy.ndarray
        ``branch_profiles[i]`` has shape ``(len(branch_lambdas), m_i)``.
    payoff_range : float
        ``R``: λ here equals ``R`` times the precision for the original payoffs.
    """

    lambdas: np.ndarray = field(default_factory=lambda: np.zeros(0))
    profiles: tuple = ()
    branch_lambdas: np.ndarray = field(default_factory=lambda: np.zeros(0))
    branch_profiles: tuple = ()
    payoff_range: float = 1.0

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "lambdas", readonly(np.array(self.lambdas, dtype=float)))
        object.__setattr__(self, "branch_lambdas",
                           readonly(np.array(self.branch_lambdas, dtype=float)))
        object.__setattr__(self, "profiles", tuple(
            tuple(readonly(np.array(s, dtype=float)) for s in prof) for prof in self.profiles))
        object.__setattr__(self, "branch_profiles", tuple(
            readonly(np.array(s, dtype=float)) for s in self.branch_profiles))

    @property
    def limit(self) -> Equilibrium | None:
        """The verified Nash equilibrium at the end of the branch (None if none)."""
        return self.equilibria[0] if self.equilibria else None

    def __repr__(self) -> str:
        return (f"QREResult(method={self.method!r}, equilibria={len(self.equilibria)}, "
                f"branch_points={len(self.branch_lambdas)}, "
                f"max_lambda_reached={float(np.max(self.branch_lambdas, initial=0.0)):.6g})")


# ---------------------------------------------------------------------------- the model
class _Logit:
    """The QRE equations of a game with normalised payoffs, in log-probabilities."""

    def __init__(self, payoffs: Sequence[np.ndarray]):
        self.u = [np.asarray(p, dtype=float) for p in payoffs]
        self.n = len(self.u)
        self.m = self.u[0].shape
        self.offsets = np.concatenate([[0], np.cumsum(self.m)]).astype(int)
        self.size = int(self.offsets[-1])

    def split(self, x: np.ndarray) -> list[np.ndarray]:
        return [x[self.offsets[i]:self.offsets[i + 1]] for i in range(self.n)]

    def _contract(self, i: int, sigma: list[np.ndarray], keep: tuple[int, ...]):
        """Player i's payoffs with every axis not in ``keep`` contracted against the
        corresponding mixed strategy (highest axis first, so lower indices stay valid);
        the kept axes remain in increasing order."""
        T = self.u[i]
        for j in reversed(range(self.n)):
            if j not in keep:
                T = np.tensordot(T, sigma[j], axes=([j], [0]))
        return T

    def pair_values(self, sigma: list[np.ndarray]):
        """``M[i][k][j, l]``: player i's expected payoff from action j when player k
        plays l and the rest play ``sigma``; and ``U[i][j]``."""
        n = self.n
        M: list[dict[int, np.ndarray]] = [dict() for _ in range(n)]
        U = []
        for i in range(n):
            if n == 1:
                U.append(self.u[0].copy())
                continue
            for k in range(n):
                if k != i:
                    T = self._contract(i, sigma, (i, k))
                    M[i][k] = T if i < k else T.T
            k0 = 1 if i == 0 else 0
            U.append(M[i][k0] @ sigma[k0])
        return M, U

    def regret(self, sigma) -> float:
        """The largest gain from a unilateral deviation, in these payoffs' units."""
        _, U = self.pair_values([np.asarray(s, dtype=float) for s in sigma])
        return max(float(np.max(u) - u @ np.asarray(s, dtype=float))
                   for u, s in zip(U, sigma))

    def residual_jacobian(self, y: np.ndarray, *, jacobian: bool = True):
        """H(y) and its Jacobian (N x (N+1)) at y = (log-probabilities, λ)."""
        N = self.size
        v, lam = y[:N], y[N]
        sigma = [np.exp(s) for s in self.split(v)]
        M, U = self.pair_values(sigma)
        H = np.empty(N)
        J = np.zeros((N, N + 1)) if jacobian else None
        for i in range(self.n):
            o = self.offsets[i]
            mi = self.m[i]
            H[o] = sigma[i].sum() - 1.0
            H[o + 1:o + mi] = v[o + 1:o + mi] - v[o] - lam * (U[i][1:] - U[i][0])
            if not jacobian:
                continue
            J[o, o:o + mi] = sigma[i]
            rows = np.arange(o + 1, o + mi)
            J[rows, rows] = 1.0
            J[rows, o] = -1.0
            J[rows, N] = -(U[i][1:] - U[i][0])
            for k, Mik in M[i].items():
                ok = self.offsets[k]
                J[o + 1:o + mi, ok:ok + self.m[k]] = -lam * (Mik[1:] - Mik[0]) * sigma[k]
        return H, J


def _null_tangent(J: np.ndarray):
    """Unit tangent spanning the kernel of J, and the pseudo-inverse factors."""
    Q, R = np.linalg.qr(J.T, mode="complete")
    return Q[:, -1], Q, R[:-1, :]


def _pinv_apply(Q: np.ndarray, R: np.ndarray, H: np.ndarray) -> np.ndarray:
    """J^+ H with J^T = Q R (R square upper-triangular): J^+ = Q_1 R^{-T}."""
    z = np.linalg.solve(R.T, H) if R.size else H
    return Q[:, :-1] @ z


# ---------------------------------------------------------------------------- refinement
def _candidate_supports(sigma: list[np.ndarray]):
    seen = []
    for kappa in (0.1, 1e-3, 1e-6):
        supp = tuple(tuple(int(j) for j in np.flatnonzero(s >= kappa * s.max())) for s in sigma)
        if supp not in seen:
            seen.append(supp)
    return seen


def _newton_on_support(model: _Logit, sigma: list[np.ndarray], support):
    """Solve the indifference conditions on ``support`` by Newton's method from
    ``sigma`` (normalised payoffs). Returns the profile or None."""
    x = [np.zeros(m) for m in model.m]
    for i, S in enumerate(support):
        x[i][list(S)] = sigma[i][list(S)]
        x[i] /= x[i].sum()
    for _ in range(40):
        if model.n == 1:
            return x if len(support[0]) == 1 or np.ptp(model.u[0][list(support[0])]) == 0 \
                else None
        M, U = model.pair_values(x)
        res, rows = [], []
        cols = [np.array(S) for S in support]
        col_off = np.concatenate([[0], np.cumsum([len(S) for S in support])]).astype(int)
        width = int(col_off[-1])
        for i, S in enumerate(support):
            row = np.zeros(width)
            row[col_off[i]:col_off[i + 1]] = 1.0
            rows.append(row)
            res.append(x[i].sum() - 1.0)
            base = S[0]
            for j in S[1:]:
                row = np.zeros(width)
                for k, Mik in M[i].items():
                    row[col_off[k]:col_off[k + 1]] = (Mik[j] - Mik[base])[cols[k]]
                rows.append(row)
                res.append(U[i][j] - U[i][base])
        r = np.array(res)
        if np.max(np.abs(r)) <= 1e-15:
            return x
        step, *_ = np.linalg.lstsq(np.array(rows), -r, rcond=None)
        if not np.all(np.isfinite(step)):
            return None
        for i in range(model.n):
            x[i][cols[i]] += step[col_off[i]:col_off[i + 1]]
        if any(np.any(s < -0.5) for s in x):
            return None
    return x


def _exact_two_player(game: NormalFormGame, support):
    """For two players with equal-size supports: the equilibrium on the support in exact
    rational arithmetic, or None."""
    S1, S2 = support
    if len(S1) != len(S2):
        return None
    A, B = game.exact_payoffs
    k = len(S1)

    def indifference(M, I, J):
        mat = [[Fraction(M[i, j]) for j in J] + [Fraction(-1)] for i in I]
        mat.append([Fraction(1)] * k + [Fraction(0)])
        sol = solve_exact(mat, [Fraction(0)] * k + [Fraction(1)])
        return None if sol is None else sol[:k]

    y = indifference(A, S1, S2)
    x = indifference(B.T, S2, S1)
    if x is None or y is None or any(v < 0 for v in x + y):
        return None
    xs = [Fraction(0)] * game.num_actions[0]
    ys = [Fraction(0)] * game.num_actions[1]
    for i, v in zip(S1, x):
        xs[i] = v
    for j, v in zip(S2, y):
        ys[j] = v
    profile = (tuple(xs), tuple(ys))
    if max(game.regrets(profile, exact=True)) > 0:
        return None
    return profile


def _equilibrium(game: NormalFormGame, strategies, regret: float, exact_profile=None):
    if exact_profile is not None:
        pays = tuple(game.expected_payoffs(exact_profile, exact=True))
        floats = tuple(np.array([float(v) for v in s]) for s in exact_profile)
        pure = all(sum(1 for v in s if v) == 1 for s in exact_profile)
        return Equilibrium(strategies=floats, payoffs=[float(u) for u in pays], max_regret=0.0,
                           kind="pure" if pure else "mixed", exact_strategies=exact_profile,
                           exact_payoffs=pays, actions=game.actions, players=game.players)
    pure = all(np.count_nonzero(s) == 1 for s in strategies)
    return Equilibrium(strategies=strategies, payoffs=game.expected_payoffs(strategies),
                       max_regret=max(regret, 0.0), kind="pure" if pure else "mixed",
                       actions=game.actions, players=game.players)


def _refine(game: NormalFormGame, model: _Logit, verify: _Logit, sigma: list[np.ndarray],
            tol: float, span: float):
    """The verified Nash equilibrium closest to the QRE point ``sigma``, or None.

    Tries the supports suggested by ``sigma`` (actions played with a probability not
    negligible against the most likely one), solves the indifference conditions on each
    (exactly for two players, and by Gauss-Newton steps from ``sigma`` — the smallest
    correction, which projects ``sigma`` onto a component of equilibria when the
    conditions leave freedom), keeps the solutions within ``_NEAR`` of ``sigma``, on
    the simplex, with regret at most ``tol`` in the payoffs of ``verify`` (the game's
    payoffs minus each player's minimum, divided by the payoff range ``span``: the same
    test as regret <= tol * span in the original game, without the rounding errors that
    a large common shift of the payoffs brings), and returns the closest (an exact one
    on ties).
    """
    found = []  # (distance, order, equilibrium, support)
    for support in _candidate_supports(sigma):
        if game.num_players == 2:
            exact_profile = _exact_two_player(game, support)
            if exact_profile is not None:
                d = _distance(exact_profile, sigma)
                if d <= _NEAR:
                    found.append((d, 0, _equilibrium(game, None, 0.0, exact_profile), support))
        x = _newton_on_support(model, sigma, support)
        if x is None or any(np.any(s < -1e-9) or not np.all(np.isfinite(s)) for s in x):
            continue
        x = [np.clip(s, 0.0, None) for s in x]
        x = tuple(s / s.sum() for s in x)
        d = _distance(x, sigma)
        if d > _NEAR:
            continue
        regret = verify.regret(x)
        if regret <= tol:
            found.append((d, 1, _equilibrium(game, x, regret * span), support))
    # the QRE point itself, when it is already within tolerance
    regret = verify.regret(sigma)
    if regret <= tol:
        found.append((0.0, 2, _equilibrium(game, tuple(np.array(s) for s in sigma),
                                           regret * span), None))
    if not found:
        return None, None
    # exact solutions first among candidates at the same place (up to rounding)
    best = min(found, key=lambda f: (round(f[0], 12), f[1]))
    return best[2], best[3]


def _distance(profile, sigma) -> float:
    return max(float(np.max(np.abs(np.array([float(v) for v in p]) - s)))
               for p, s in zip(profile, sigma))


# ---------------------------------------------------------------------------- the solver
def _number(func: str, name: str, value: Any, **bounds) -> float:
    check_real_number(func, name, value, **bounds)
    return float(value)


def solve_qre(game: NormalFormGame | BayesianGame, *, lambdas: Sequence[float] = (),
              max_lambda: float = 1e6, tol: float = 1e-9, first_step: float = 0.03,
              max_accel: float = 1.5, min_step: float = 1e-10,
              scale: str = "game", timeout: float | None = DEFAULT_QRE_TIMEOUT,
              warn: bool = True) -> QREResult:
    """Trace the principal branch of the logit quantal response equilibrium.

    Starting from uniform play at ``λ = 0``, the branch of logit QRE is followed by a
    predictor-corrector method (Euler predictor along the tangent, Newton corrector
    orthogonal to it, adaptive step length; Allgower and Georg 1990) in the variables
    (log-probabilities, λ), as in Turocy (2005). When the branch has come close to a
    Nash equilibrium, the limit is computed directly: the indifference conditions on the
    support the QRE point suggests are solved (exactly for two players, by Newton's
    method otherwise) and the solution is verified (on the simplex, regret at most
    ``tol`` times the payoff range) before it is reported.

    Parameters
    ----------
    game : NormalFormGame or BayesianGame
        Any number of players. A Bayesian game is solved through its agent form
        (:meth:`BayesianGame.to_agent_form`, one player per type): the result is the
        agent QRE, and its limit a Bayes-Nash equilibrium in behaviour strategies;
        ``result.game`` is the agent form.
    lambdas : sequence of float
        Precisions at which to report the QRE (normalised units, see below), each in
        ``[0, max_lambda]``. The branch is traced at least up to the largest.
    max_lambda : float
        Stop tracing at this precision (normalised units).
    tol : float
        The limit is accepted as a Nash equilibrium when its regret is at most
        ``tol * payoff_range`` (``result.tol`` holds that absolute value).
    first_step : float
        Initial arc-length step of the predictor.
    max_accel : float
        Largest factor by which the step may grow from one step to the next (> 1).
    min_step : float
        The trace stops, flagged, when the step would have to fall below this.
    scale : {"game", "player"}
        How payoffs are normalised before λ multiplies them: ``"game"`` (default)
        divides every player's payoffs by the same ``R``, the largest payoff range, as
        in McKelvey and Palfrey's model with one λ; ``"player"`` divides each player's
        payoffs by that player's own range, which reaches the Nash limit much sooner
        when the players' payoff scales differ by orders of magnitude (the QRE are then
        those of the game with each player's payoffs rescaled; the limit is a Nash
        equilibrium of the original game either way).
    timeout : float or None
        Time budget in seconds (default 30). When it runs out the trace stops where it
        is, the end point is refined if possible, and the result carries a warning and
        ``diagnostics["timed_out"] = True``. ``None`` removes the budget.
    warn : bool
        Issue :class:`~secdilemma.IncompleteResultWarning` when no equilibrium could be
        verified, the budget ran out or the trace failed (recorded in the result either
        way).

    Returns
    -------
    QREResult
        ``method="logit_qre"``, ``complete=False``; ``equilibria`` holds the verified
        limit (at most one); ``lambdas``/``profiles`` the QRE at the requested
        precisions; ``branch_lambdas``/``branch_profiles`` the traced branch.

    Notes
    -----
    λ is measured against normalised payoffs: the branch is traced for
    ``(u_i − min u_i) / R`` with ``R = max_i (max u_i − min u_i)`` the largest payoff
    range (``result.payoff_range``; with ``scale="player"``, each player's own range).
    The branch is therefore the same for payoffs multiplied by any ``c > 0`` (1e-9 or
    1e12 alike) or shifted, and the precision in the units of the original payoffs is
    ``λ / R``. A common ``R`` for all players keeps the model of McKelvey and Palfrey
    (one λ for everyone).

    For a generic game the principal branch is a smooth curve converging to one Nash
    equilibrium. In a non-generic game (ties, symmetries) it may meet bifurcations; the
    tracer keeps its direction through them.

    The limit is taken once the equilibria refined at two successive checkpoints (λ and
    about 2λ, from λ = 4 on) coincide; it must lie within 0.05 (in every probability) of
    the traced point. When the branch approaches a continuum of equilibria (degenerate
    games), the reported equilibrium is the traced point's projection onto it at the end
    of the trace, which tends to the limit as ``max_lambda`` grows;
    ``diagnostics["lambda_reached"]`` and ``diagnostics["limit_support"]`` say where.
    The reported equilibrium is always verified, whichever way it was found.

    References
    ----------
    .. [1] McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for
       normal form games. *Games and Economic Behavior* 10(1), 6-38.
    .. [2] Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
       quantal response equilibrium correspondence. *Games and Economic Behavior* 51(2),
       243-263.
    .. [3] Allgower, E. L. and Georg, K. (1990). *Numerical Continuation Methods: An
       Introduction*. Springer, ch. 2 and 6.

    Examples
    --------
    A stag hunt in which cooperation pays 4 against cooperation and 0 against
    defection, defection 3 and 2: both pure profiles are equilibria, but defection is
    risk dominant, and the logit branch selects it.

    >>> from secdilemma import bimatrix, solve_qre
    >>> stag_hunt = bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]],
    ...                      actions=[["C", "D"], ["C", "D"]])
    >>> res = solve_qre(stag_hunt, lambdas=[2.0])
    >>> round(float(res.profiles[0][0][0]), 4)   # P(C) at λ = 2 (payoffs / R, R = 4)
    0.4021
    >>> print(res.limit.describe())
    pure: player 0 plays D; player 1 plays D; payoffs (2, 2)
    >>> res.complete
    False
    """
    func = "solve_qre"
    start_time = time.monotonic()
    agent_form = False
    if isinstance(game, BayesianGame):
        game = game.to_agent_form()
        agent_form = True
    if not isinstance(game, NormalFormGame):
        raise InvalidGameError(f"{func}(): game must be a NormalFormGame or BayesianGame; "
                               f"got {type(game).__name__}")
    max_lambda = _number(func, "max_lambda", max_lambda, low=0, low_open=True)
    tol = _number(func, "tol", tol, low=0)
    first_step = _number(func, "first_step", first_step, low=0, low_open=True)
    max_accel = _number(func, "max_accel", max_accel, low=1, low_open=True)
    min_step = _number(func, "min_step", min_step, low=0, low_open=True)
    if timeout is not None:
        timeout = _number(func, "timeout", timeout, low=0, low_open=True)
    if not isinstance(warn, bool):
        raise InvalidParameterError(f"{func}(): warn must be True or False; got {warn!r}")
    if scale not in ("game", "player"):
        raise InvalidParameterError(f"{func}(): scale must be one of 'game', 'player'; "
                                    f"got {scale!r}")
    if isinstance(lambdas, (str, bytes)) or not hasattr(lambdas, "__iter__"):
        raise InvalidParameterError(f"{func}(): lambdas must be a sequence of numbers; "
                                    f"got {lambdas!r}")
    targets = [_number(func, "lambdas", v, low=0) for v in lambdas]
    if any(t > max_lambda for t in targets):
        raise InvalidParameterError(
            f"{func}(): lambdas must be <= max_lambda ({max_lambda:g}); got "
            f"{max(targets)!r}")
    deadline = None if timeout is None else start_time + timeout

    span = payoff_range(game)
    # subtracting each player's minimum first keeps the differences of payoffs that are
    # large but close (a shift of 1e9) exact
    shifted = [u - float(np.min(u)) for u in game.payoffs]
    verify = _Logit([u / span for u in shifted])
    if scale == "game":
        model = verify
    else:
        model = _Logit([u / (float(np.max(u)) or 1.0) for u in shifted])
    regret_tol = tol * span
    # overflow in a rejected predictor step is caught by the finiteness checks
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        trace = _trace(game, model, targets=targets, max_lambda=max_lambda,
                       first_step=first_step, max_accel=max_accel, min_step=min_step,
                       deadline=deadline, verify=verify, tol=tol, span=span)

    messages = []
    eq = trace["equilibrium"]
    if trace["timed_out"]:
        messages.append(f"{func}(): the time budget of {timeout:g} s ran out at "
                        f"lambda={trace['lambda']:.6g}; the branch is partial")
    if trace["failure"]:
        messages.append(f"{func}(): the trace stopped at lambda={trace['lambda']:.6g}: "
                        f"{trace['failure']}")
    missing = [t for t in targets if t not in trace["reached"]]
    if missing:
        messages.append(f"{func}(): the branch did not reach lambda = "
                        f"{', '.join(f'{t:g}' for t in missing)}")
    if eq is None:
        messages.append(f"{func}(): no Nash equilibrium could be verified at the end of "
                        f"the branch (regret {trace['end_regret']:.3g} relative to the "
                        f"payoff range); raise max_lambda or timeout")
    if warn:
        for msg in messages:
            warnings.warn(msg, IncompleteResultWarning, stacklevel=2)

    reached = [t for t in targets if t in trace["reached"]]
    branch_l = np.array([p[0] for p in trace["branch"]])
    branch_p = tuple(np.array([p[1][i] for p in trace["branch"]])
                     for i in range(game.num_players))
    diagnostics = {
        "steps": trace["steps"], "rejected_steps": trace["rejected"],
        "lambda_reached": trace["lambda"], "end_regret": trace["end_regret"],
        "timed_out": trace["timed_out"], "failure": trace["failure"],
        "limit_support": trace["support"], "agent_form": agent_form,
        "seconds": time.monotonic() - start_time,
    }
    parameters = {"method": "logit_qre", "lambdas": tuple(targets), "max_lambda": max_lambda,
                  "tol": tol, "first_step": first_step, "max_accel": max_accel,
                  "min_step": min_step, "scale": scale, "timeout": timeout}
    return QREResult(
        game=game, method="logit_qre", equilibria=() if eq is None else (eq,),
        parameters=parameters, complete=False, degenerate=None, tol=regret_tol,
        exact=False, diagnostics=diagnostics, warnings=tuple(messages),
        lambdas=np.array(reached), profiles=tuple(trace["reached"][t] for t in reached),
        branch_lambdas=branch_l, branch_profiles=branch_p, payoff_range=span,
    )


def _trace(game, model: _Logit, *, targets, max_lambda, first_step, max_accel, min_step,
           deadline, verify, tol, span):
    N = model.size
    y = np.concatenate([np.full(m, -math.log(m)) for m in model.m] + [[0.0]])
    H, J = model.residual_jacobian(y)
    t, _, _ = _null_tangent(J)
    if t[N] < 0:
        t = -t
    h = first_step
    pending = sorted(set(targets))
    reached: dict[float, tuple] = {}
    if pending and pending[0] == 0.0:
        reached[0.0] = tuple(np.exp(s) for s in model.split(y[:N]))
        pending.pop(0)
    branch = [(0.0, tuple(np.exp(s) for s in model.split(y[:N])))]
    state = {"steps": 0, "rejected": 0, "timed_out": False, "failure": None,
             "equilibrium": None, "support": None}
    next_check = 4.0
    candidate = None
    while True:
        if deadline is not None and time.monotonic() > deadline:
            state["timed_out"] = True
            break
        lam = y[N]
        if lam >= max_lambda:
            break
        if h < min_step:
            state["failure"] = f"the step fell below min_step={min_step:g}"
            break
        if state["steps"] + state["rejected"] >= _MAX_STEPS:
            state["failure"] = f"{_MAX_STEPS} steps were taken"
            break
        # Euler predictor along the tangent, then the corrector back onto the branch
        y_pred = y + h * t
        ok, y_new, dist, contr = _correct(model, y_pred, deadline)
        t_new = None
        if ok:
            _, J_new = model.residual_jacobian(y_new)
            t_new, _, _ = _null_tangent(J_new)
            if t_new @ t < 0:
                t_new = -t_new
            if t_new @ t < _MIN_COS_TURN:
                ok = False
        if not ok:
            state["rejected"] += 1
            h /= 2.0
            continue
        state["steps"] += 1
        lam_old = y[N]
        # requested precisions crossed by this step: correct onto them at fixed λ
        for target in list(pending):
            if (lam_old - target) * (y_new[N] - target) <= 0 and target not in reached:
                frac = (target - lam_old) / (y_new[N] - lam_old) if y_new[N] != lam_old else 0.0
                guess = y + frac * (y_new - y)
                point = _at_lambda(model, guess[:N], target)
                if point is not None:
                    reached[target] = tuple(np.exp(s) for s in model.split(point))
                    pending.remove(target)
        y, t = y_new, t_new
        branch.append((float(y[N]), tuple(np.exp(s) for s in model.split(y[:N]))))
        decel = max(math.sqrt(dist / _MAX_DIST), contr / _MAX_CONTRACTION, 1.0 / max_accel)
        h = h / min(decel, 2.0)
        if y[N] >= next_check and not pending:
            next_check = 2.0 * y[N]
            eq, support = _refine(game, model, verify,
                                  [np.exp(s) for s in model.split(y[:N])], tol, span)
            # accept the limit once two successive checkpoints (λ and about 2λ) refine
            # to the same equilibrium: the branch has settled near it
            if eq is not None and candidate is not None and _distance(
                    eq.strategies, candidate.strategies) <= 1e-9:
                state["equilibrium"], state["support"] = eq, support
                break
            candidate = eq
    sigma = [np.exp(s) for s in model.split(y[:N])]
    if state["equilibrium"] is None:
        eq, support = _refine(game, model, verify, sigma, tol, span)
        state["equilibrium"], state["support"] = eq, support
    state.update(branch=branch, reached=reached, **{"lambda": float(y[N])})
    state["end_regret"] = verify.regret(sigma)
    return state


def _correct(model: _Logit, y: np.ndarray, deadline: float | None = None):
    """Newton corrector orthogonal to the kernel (Moore-Penrose steps)."""
    dist = contr = 0.0
    prev = None
    for k in range(_MAX_CORRECTOR_STEPS):
        if deadline is not None and k and time.monotonic() > deadline:
            return False, y, dist, contr
        H, J = model.residual_jacobian(y)
        if not np.all(np.isfinite(H)) or not np.all(np.isfinite(J)):
            return False, y, dist, contr
        _, Q, R = _null_tangent(J)
        try:
            delta = _pinv_apply(Q, R, H)
        except np.linalg.LinAlgError:
            return False, y, dist, contr
        size = float(np.linalg.norm(delta))
        if not math.isfinite(size):
            return False, y, dist, contr
        if k == 0:
            dist = size
            if dist > _MAX_DIST:
                return False, y, dist, contr
        elif k == 1:
            contr = size / (prev + 1e-12)
            if contr > _MAX_CONTRACTION:
                return False, y, dist, contr
        y = y - delta
        prev = size
        if size <= _NEWTON_TOL * (1.0 + float(np.max(np.abs(y)))):
            return True, y, dist, contr
    return False, y, dist, contr


def _at_lambda(model: _Logit, v: np.ndarray, lam: float):
    """Newton's method for the QRE at a fixed λ from the log-probabilities ``v``."""
    N = model.size
    y = np.concatenate([v, [lam]])
    for _ in range(30):
        H, J = model.residual_jacobian(y)
        try:
            delta = np.linalg.solve(J[:, :N], H)
        except np.linalg.LinAlgError:
            delta, *_ = np.linalg.lstsq(J[:, :N], H, rcond=None)
        if not np.all(np.isfinite(delta)):
            return None
        y[:N] -= delta
        if np.max(np.abs(delta)) <= _NEWTON_TOL * (1.0 + float(np.max(np.abs(y[:N])))):
            H, _ = model.residual_jacobian(y, jacobian=False)
            return y[:N] if np.max(np.abs(H)) <= 1e-8 * max(1.0, lam) else None
    return None
