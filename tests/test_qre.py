"""solve_qre: the principal logit QRE branch and its limit.

Checks against things outside the tracer: the logit fixed-point equations evaluated by
explicit sums over action profiles, the Nash property of the limit, equilibria found by
vertex enumeration, closed forms derived below, and (when installed) Gambit's own
logit tracer.
"""

import itertools
import pickle
from fractions import Fraction

import numpy as np
import pytest

import secdilemma as sd
from secdilemma import BayesianGame, NormalFormGame, bimatrix, solve_nash, solve_qre
from secdilemma.errors import IncompleteResultWarning, InvalidGameError, InvalidParameterError


def action_values(payoffs, sigma, i):
    """Expected payoff of each action of player i, by an explicit sum over profiles."""
    shape = payoffs[0].shape
    out = np.zeros(shape[i])
    for profile in itertools.product(*(range(m) for m in shape)):
        w = np.prod([sigma[k][profile[k]] for k in range(len(shape)) if k != i])
        out[profile[i]] += w * payoffs[i][profile]
    return out


def normalised(game):
    """(u_i - min u_i) / R with R the largest payoff range, as the docstring defines."""
    spans = [np.ptp(u) for u in game.payoffs]
    R = max(spans) if max(spans) > 0 else 1.0
    return [(u - u.min()) / R for u in game.payoffs], R


def qre_residual(game, sigma, lam):
    """Largest violation of sigma_ij = exp(lam U_ij) / sum_k exp(lam U_ik)."""
    u, _ = normalised(game)
    worst = 0.0
    for i in range(game.num_players):
        vals = action_values(u, sigma, i)
        z = np.exp(lam * (vals - vals.max()))
        worst = max(worst, float(np.max(np.abs(z / z.sum() - sigma[i]))))
    return worst


def random_game(rng, shape):
    return NormalFormGame([rng.integers(-9, 10, shape) for _ in shape])


# ----------------------------------------------------------------- the fixed point
@pytest.mark.parametrize("seed", range(4))
def test_requested_points_and_branch_satisfy_logit_equations(seed):
    rng = np.random.default_rng(seed)
    shape = (2, 3, 2) if seed % 2 else (3, 3)
    game = random_game(rng, shape)
    lambdas = [0.0, 0.7, 3.0, 12.0]
    res = solve_qre(game, lambdas=lambdas, warn=False)
    assert list(res.lambdas) == lambdas
    for lam, profile in zip(res.lambdas, res.profiles):
        assert all(np.isclose(s.sum(), 1.0) for s in profile)
        assert qre_residual(game, profile, lam) < 1e-9
    for k in range(0, len(res.branch_lambdas), 3):
        profile = [p[k] for p in res.branch_profiles]
        assert qre_residual(game, profile, res.branch_lambdas[k]) < 1e-7
    # λ = 0 is uniform play
    assert all(np.allclose(s, 1 / len(s)) for s in res.profiles[0])


def test_stag_hunt_qre_by_hand():
    # (R, S, T, P) = (4, 0, 3, 2): normalised payoffs divide by R = 4; with p = P(C),
    # U_C = p, U_D = (2 + p) / 4, so p = 1 / (1 + exp(λ ((2 + p)/4 - p))).
    game = bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    res = solve_qre(game, lambdas=[2.0])
    p = res.profiles[0][0][0]
    assert p == pytest.approx(1 / (1 + np.exp(2.0 * ((2 + p) / 4 - p))), abs=1e-12)
    # the risk-dominant equilibrium (D, D) is the limit
    assert res.limit.exact_strategies == ((0, 1), (0, 1))
    assert res.complete is False and res.method == "logit_qre"


# ----------------------------------------------------------------- the limit
@pytest.mark.parametrize("seed", range(12))
def test_limit_is_an_equilibrium_of_random_two_player_games(seed):
    rng = np.random.default_rng(100 + seed)
    m, n = rng.integers(2, 5, 2)
    game = bimatrix(rng.integers(-9, 10, (m, n)), rng.integers(-9, 10, (m, n)))
    res = solve_qre(game, warn=False)
    eq = res.limit
    assert eq is not None
    assert game.is_nash(eq.exact_strategies if eq.exact else eq.strategies)
    # it is one of the equilibria vertex enumeration finds (nondegenerate draws)
    ref = solve_nash(game, exact=True, warn=False)
    if ref.complete and eq.exact:
        assert eq.exact_strategies in [e.exact_strategies for e in ref]


@pytest.mark.parametrize("seed", range(10))
def test_limit_is_an_equilibrium_of_random_three_player_games(seed):
    rng = np.random.default_rng(200 + seed)
    shape = tuple(int(v) for v in rng.integers(2, 4, 3))
    game = NormalFormGame([rng.normal(size=shape) for _ in range(3)])
    res = solve_qre(game, warn=False)
    eq = res.limit
    assert eq is not None
    R = normalised(game)[1]
    # regret recomputed here by explicit sums, relative to the payoff range
    regret = max(action_values(game.payoffs, eq.strategies, i).max()
                 - action_values(game.payoffs, eq.strategies, i) @ eq.strategies[i]
                 for i in range(3))
    assert regret <= 1e-9 * R
    assert res.tol == pytest.approx(1e-9 * R)
    # the limit continues the branch: close to its last point
    last = [p[-1] for p in res.branch_profiles]
    assert max(np.max(np.abs(a - b)) for a, b in zip(eq.strategies, last)) <= 0.05


def test_matching_pennies_stays_at_one_half():
    game = bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    res = solve_qre(game, lambdas=[0.5, 5.0, 50.0])
    for profile in res.profiles + tuple(zip(*res.branch_profiles)):
        assert np.allclose(profile[0], 0.5, atol=1e-12)
        assert np.allclose(profile[1], 0.5, atol=1e-12)
    assert res.limit.exact_strategies == ((Fraction(1, 2),) * 2, (Fraction(1, 2),) * 2)


def test_unique_mixed_equilibrium_is_the_limit():
    # no pure equilibrium: the column player's y makes the row player indifferent,
    # 5y = y + 3(1 - y) -> y = 3/7; the row player's x, 2(1 - x) = 4x + (1 - x) -> x = 1/5
    game = bimatrix([[5, 0], [1, 3]], [[0, 4], [2, 1]])
    assert solve_nash(game, exact=True).pure == ()
    res = solve_qre(game)
    assert res.limit.exact_strategies == ((Fraction(1, 5), Fraction(4, 5)),
                                          (Fraction(3, 7), Fraction(4, 7)))
    assert res.limit.max_regret == 0.0


def test_three_player_matching_pennies_limit():
    # Jordan's three-player matching pennies: player 0 wants to match player 1, player 1
    # to match player 2, player 2 to mismatch player 0; the unique equilibrium is
    # uniform play, and by symmetry the whole branch stays there.
    u = [np.zeros((2, 2, 2)) for _ in range(3)]
    for a in itertools.product(range(2), repeat=3):
        u[0][a] = 1 if a[0] == a[1] else -1
        u[1][a] = 1 if a[1] == a[2] else -1
        u[2][a] = 1 if a[2] != a[0] else -1
    game = NormalFormGame(u)
    res = solve_qre(game, lambdas=[3.0])
    assert all(np.allclose(s, 0.5) for s in res.profiles[0])
    assert all(np.allclose(s, 0.5) for s in res.limit.strategies)


# ----------------------------------------------------------------- scale invariance
@pytest.mark.parametrize("scale,shift", [(1e-9, 0.0), (1e12, 0.0), (1.0, 1e9), (1.0, -1e9),
                                         (3e-7, 2.5)])
def test_branch_is_scale_and_shift_invariant(scale, shift):
    rng = np.random.default_rng(7)
    payoffs = [rng.integers(-5, 6, (2, 2, 3)) for _ in range(3)]
    base = solve_qre(NormalFormGame(payoffs), lambdas=[0.5, 2.0, 8.0])
    moved = solve_qre(NormalFormGame([p * scale + shift for p in payoffs]),
                      lambdas=[0.5, 2.0, 8.0])
    assert moved.payoff_range == pytest.approx(base.payoff_range * scale, rel=1e-12)
    for a, b in zip(base.profiles, moved.profiles):
        for s, t in zip(a, b):
            assert np.allclose(s, t, atol=1e-8)
    assert base.limit is not None and moved.limit is not None
    for s, t in zip(base.limit.strategies, moved.limit.strategies):
        assert np.allclose(s, t, atol=1e-8)
    assert moved.limit.max_regret <= 1e-9 * moved.payoff_range


def test_two_player_scale_gives_same_exact_limit():
    A = np.array([[5, 0], [1, 3]])
    B = np.array([[0, 4], [2, 1]])
    for scale in (1e-9, 1.0, 1e12):
        game = bimatrix(A * scale, B * scale)
        res = solve_qre(game)
        # the stored payoffs 1e-9 * k are binary rationals near the scaled integers, so
        # the exact equilibrium of the stored game is near (1/5, 3/7), and exactly one
        assert np.allclose(res.limit.strategies[0], [1 / 5, 4 / 5], atol=1e-12)
        assert np.allclose(res.limit.strategies[1], [3 / 7, 4 / 7], atol=1e-12)
        assert game.is_nash(res.limit.exact_strategies)


# ----------------------------------------------------------------- budgets and flags
def test_tiny_timeout_returns_flagged():
    rng = np.random.default_rng(3)
    game = random_game(rng, (3, 3, 3))
    with pytest.warns(IncompleteResultWarning):
        res = solve_qre(game, timeout=1e-6)
    assert res.diagnostics["timed_out"] is True
    assert res.complete is False
    assert any(w.startswith("solve_qre(): the time budget of 1e-06 s ran out")
               for w in res.warnings)
    # whatever is reported is still an equilibrium
    for eq in res:
        assert game.max_regret(eq.strategies) <= res.tol


def test_unreached_lambda_is_flagged():
    game = bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    with pytest.warns(IncompleteResultWarning):
        res = solve_qre(game, lambdas=[1e5], timeout=1e-6)
    assert any("did not reach lambda = 100000" in w for w in res.warnings)
    assert len(res.lambdas) == 0 and res.profiles == ()


def test_low_max_lambda_without_verified_limit_is_flagged():
    game = bimatrix([[5, 0], [1, 3]], [[0, 4], [2, 1]])
    with pytest.warns(IncompleteResultWarning, match="no Nash equilibrium could be verified"):
        res = solve_qre(game, max_lambda=0.5)
    assert res.equilibria == () and res.limit is None


# ----------------------------------------------------------------- other inputs
def test_bayesian_game_through_agent_form():
    # a two-type security dilemma: player 0 is a security seeker (stag hunt) or a
    # greedy type (defection dominant), prior 0.7 / 0.3
    sh = np.array([[4, 0], [3, 2]])
    greedy = np.array([[3, 0], [4, 2]])
    u0 = np.zeros((2, 1, 2, 2))
    u1 = np.zeros((2, 1, 2, 2))
    u0[0, 0], u0[1, 0] = sh, greedy
    u1[0, 0] = u1[1, 0] = sh.T
    game = BayesianGame([u0, u1], marginals=[[0.7, 0.3], [1.0]])
    res = solve_qre(game)
    assert res.diagnostics["agent_form"] is True
    assert res.game.num_players == 3
    eq = res.limit
    behaviour = [np.array([eq.strategies[0], eq.strategies[1]]), np.array([eq.strategies[2]])]
    assert game.max_regret(behaviour) <= 1e-9 * res.payoff_range


def test_one_player_and_trivial_games():
    res = solve_qre(NormalFormGame([[1, 3, 2]]))
    assert res.limit.strategies[0].tolist() == [0.0, 1.0, 0.0]
    res = solve_qre(NormalFormGame([np.zeros((2, 2)), np.zeros((2, 2))]))
    assert res.limit is not None and res.payoff_range == 1.0


def test_result_pickles():
    res = solve_qre(bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]]), lambdas=[1.0])
    back = pickle.loads(pickle.dumps(res))
    assert isinstance(back, sd.QREResult)
    assert np.array_equal(back.branch_lambdas, res.branch_lambdas)
    assert back.limit == res.limit


@pytest.mark.parametrize("kwargs,match", [
    ({"max_lambda": 0}, r"^solve_qre\(\): max_lambda must be > 0; got 0"),
    ({"tol": -1.0}, r"^solve_qre\(\): tol must be >= 0; got -1.0"),
    ({"timeout": 0}, r"^solve_qre\(\): timeout must be > 0; got 0"),
    ({"timeout": "5"}, r"^solve_qre\(\): timeout must be a real number; got '5'"),
    ({"max_accel": 1.0}, r"^solve_qre\(\): max_accel must be > 1; got 1.0"),
    ({"lambdas": [-1.0]}, r"^solve_qre\(\): lambdas must be >= 0; got -1.0"),
    ({"lambdas": "1"}, r"^solve_qre\(\): lambdas must be a sequence of numbers; got '1'"),
    ({"lambdas": [10.0], "max_lambda": 5.0},
     r"^solve_qre\(\): lambdas must be <= max_lambda \(5\); got 10.0"),
    ({"warn": 1}, r"^solve_qre\(\): warn must be True or False; got 1"),
])
def test_bad_parameters(kwargs, match):
    game = bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(InvalidParameterError, match=match):
        solve_qre(game, **kwargs)


def test_not_a_game():
    with pytest.raises(InvalidGameError, match=r"^solve_qre\(\): game must be a "
                                               r"NormalFormGame or BayesianGame; got list"):
        solve_qre([[1, 0], [0, 1]])


# ----------------------------------------------------------------- against Gambit
@pytest.mark.parametrize("seed", range(5))
def test_limit_agrees_with_gambit_logit(seed):
    gbt = pytest.importorskip("pygambit")
    from secdilemma.solvers.gambit_backend import to_gambit

    rng = np.random.default_rng(300 + seed)
    game = random_game(rng, (2, 2, 3) if seed % 2 else (3, 2, 2))
    ours = solve_qre(game, warn=False).limit
    g = to_gambit(game)
    theirs = gbt.nash.logit_solve(g, use_strategic=True).equilibria[0]
    theirs_profile = [np.array([float(theirs[s]) for s in p.strategies]) for p in g.players]
    for s, t in zip(ours.strategies, theirs_profile):
        assert np.allclose(s, t, atol=1e-3)


def test_no_jump_to_a_nearby_branch():
    # a 3x3x3x3 game on which a looser step control (first corrections up to 0.4) left
    # the principal branch near λ = 35 for a nearby one; the reference is the limit of
    # Gambit 16.7's logit tracer (logit_solve) on the same game
    rng = np.random.default_rng(7)
    shapes = [(5, 5), (6, 6), (4, 4, 4), (3, 3, 3, 3), (10, 10), (2, 2, 2, 2, 2)]
    for k in range(40):
        shape = shapes[k % 6]
        payoffs = [rng.integers(-20, 21, shape) for _ in shape]
    game = NormalFormGame(payoffs)
    limit = solve_qre(game).limit
    gambit = [[0.4216, 0.0, 0.5784], [0.0, 0.8838, 0.1162], [0.0, 0.1194, 0.8806],
              [0.0, 0.8632, 0.1368]]
    for s, t in zip(limit.strategies, gambit):
        assert np.allclose(s, t, atol=2e-4)


def test_step_below_min_step_is_flagged():
    game = bimatrix([[5, 0], [1, 3]], [[0, 4], [2, 1]])
    with pytest.warns(IncompleteResultWarning):
        res = solve_qre(game, first_step=0.01, min_step=0.1)
    assert res.diagnostics["failure"] == "the step fell below min_step=0.1"
    assert any("the trace stopped at lambda=0" in w for w in res.warnings)
    assert res.equilibria == ()
