"""Bayes–Nash equilibria: Kydd's security dilemma numbers (MODELS.md §2), the defining
property type by type, and agreement with pygambit on the induced normal form."""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction as F

import numpy as np
import pygambit as gbt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import secdilemma as sd
from secdilemma import BayesianGame, InvalidGameError, solve_bayesian


def kydd_game(trust, exploited_cost=F(1, 2), temptation_s=F(1, 2), temptation_g=F(3, 2)):
    """Kydd (2005, ch. 2): CC = 1, DD = 0, CD = -c, DC = a_t; types (S, G)."""
    row = np.empty((2, 2, 2, 2), dtype=object)
    for t, a in enumerate((temptation_s, temptation_g)):
        row[t, :] = np.array([[1, -exploited_cost], [a, 0]], dtype=object)
    col = row.transpose(1, 0, 3, 2)
    return BayesianGame([row, col], marginals=[[trust, 1 - trust], [trust, 1 - trust]],
                        types=[["S", "G"], ["S", "G"]], actions=[["C", "D"], ["C", "D"]])


def prob_mutual_cooperation(game, eq):
    return sum(game.prior[t0, t1] * eq.strategies[0][t0, 0] * eq.strategies[1][t1, 0]
               for t0 in range(2) for t1 in range(2))


# ----------------------------------------------------------------- literature numbers
def test_kydd_trust_above_threshold_has_three_equilibria():
    # a_S = c = 0.5 -> pi* = c / (1 - a_S + c) = 0.5; trust p = 0.6
    game = kydd_game(F(3, 5))
    res = solve_bayesian(game, exact=True)
    assert res.complete and not res.degenerate
    assert len(res) == 3
    cooperative, all_defect, tipping = res.equilibria
    assert cooperative.exact_strategies[0] == ((1, 0), (0, 1))
    assert all_defect.exact_strategies[0] == ((0, 1), (0, 1))
    assert tipping.exact_strategies[0][0] == (F(5, 6), F(1, 6))  # sigma = pi*/p
    assert tipping.exact_strategies[0][1] == (0, 1)              # greedy always defects
    assert prob_mutual_cooperation(game, cooperative) == pytest.approx(0.36, abs=1e-15)


def test_kydd_trust_below_threshold_only_all_defect():
    res = solve_bayesian(kydd_game(F(2, 5)), exact=True)
    assert len(res) == 1
    assert res[0].exact_strategies == (((0, 1), (0, 1)), ((0, 1), (0, 1)))


def test_kydd_at_threshold_is_degenerate_and_flagged():
    with pytest.warns(sd.DegenerateGameWarning):
        res = solve_bayesian(kydd_game(F(1, 2)), exact=True)
    assert res.degenerate and not res.complete
    assert res.warnings


def test_float_and_exact_agree_on_kydd():
    exact = solve_bayesian(kydd_game(F(3, 5)), exact=True)
    floats = solve_bayesian(kydd_game(0.6))
    assert len(exact) == len(floats)
    for a, b in zip(exact, floats):
        for sa, sb in zip(a.strategies, b.strategies):
            np.testing.assert_allclose(sa, sb, atol=1e-9)


# ----------------------------------------------------------------- validation
def test_prior_must_sum_to_one():
    row = np.zeros((2, 2, 2, 2))
    with pytest.raises(InvalidGameError, match=r"BayesianGame\(\): marginals\[0\] must sum to 1; got 9/10"):
        BayesianGame([row, row], marginals=[[F(1, 2), F(2, 5)], [F(1, 2), F(1, 2)]])
    with pytest.raises(InvalidGameError, match=r"prior must be non-negative"):
        BayesianGame([row, row], prior=[[0.5, 0.6], [0.0, -0.1]])


def test_payoffs_missing_for_a_type():
    row = np.zeros((2, 2, 2, 2))
    short = np.zeros((1, 2, 2, 2))
    with pytest.raises(InvalidGameError, match="payoffs must all have the same shape"):
        BayesianGame([row, short], marginals=[[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(InvalidGameError, match=r"marginals\[1\] must have shape \(2,\)"):
        BayesianGame([row, row], marginals=[[0.5, 0.5], [1.0]])


def test_exactly_one_prior():
    row = np.zeros((1, 1, 2, 2))
    with pytest.raises(InvalidGameError, match="give exactly one of prior"):
        BayesianGame([row, row])


def test_zero_probability_type_is_handled():
    game = kydd_game(F(1))  # greedy type has prior probability zero
    assert game.zero_probability_types == ((1,), (1,))
    res = solve_bayesian(game, exact=True)
    # the greedy type still best-responds to its (conventional) belief: D is dominant
    for eq in res:
        assert eq.exact_strategies[0][1] == (0, 1)


# ----------------------------------------------------------------- properties
def _random_bayesian(rng, types=(2, 2), actions=(2, 2), exact=True, low=-20, high=20):
    shape = types + actions
    pays = [rng.integers(low, high + 1, size=shape) for _ in range(2)]
    if exact:
        pays = [np.vectorize(lambda v: F(int(v)), otypes=[object])(p) for p in pays]
    margs = []
    for k in types:
        w = rng.integers(1, 10, size=k)
        margs.append([F(int(v), int(w.sum())) for v in w])
    return BayesianGame(pays, marginals=margs)


def _regrets_by_hand(game, profile):
    """Interim regrets computed from scratch (independent of the package's code)."""
    (K0, K1), (m0, m1) = game.num_types, game.num_actions
    prior = game.exact_prior
    out = []
    for i, K in enumerate((K0, K1)):
        for t in range(K):
            weights = prior[t, :] if i == 0 else prior[:, t]
            total = sum(weights)
            if total == 0:
                continue
            m = (m0, m1)[i]
            values = []
            for a in range(m):
                v = 0
                for s in range((K1, K0)[i]):
                    for b in range((m1, m0)[i]):
                        idx = (t, s, a, b) if i == 0 else (s, t, b, a)
                        v += weights[s] / total * game.exact_payoffs[i][idx] * profile[1 - i][s][b]
                values.append(v)
            played = sum(values[a] * profile[i][t][a] for a in range(m))
            out.append(max(values) - played)
    return out


@settings(deadline=None, max_examples=25)
@given(seed=st.integers(0, 2**32 - 1), m0=st.integers(2, 3), m1=st.integers(2, 3))
def test_every_bne_has_no_profitable_deviation_for_any_type(seed, m0, m1):
    rng = np.random.default_rng(seed)
    game = _random_bayesian(rng, actions=(m0, m1), low=-3, high=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sd.SecDilemmaWarning)
        res = solve_bayesian(game, exact=True)
    assert len(res) >= 1  # a Bayes-Nash equilibrium always exists
    for eq in res:
        assert max(_regrets_by_hand(game, eq.exact_strategies)) == 0


@settings(deadline=None, max_examples=25)
@given(seed=st.integers(0, 2**32 - 1))
def test_one_type_per_player_bne_equal_nash(seed):
    rng = np.random.default_rng(seed)
    A = rng.integers(-4, 5, size=(3, 3))
    B = rng.integers(-4, 5, size=(3, 3))
    bayes = BayesianGame([A[None, None].astype(object), B[None, None].astype(object)],
                         marginals=[[1], [1]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sd.SecDilemmaWarning)
        bne = solve_bayesian(bayes, exact=True)
        ne = sd.solve_nash(sd.bimatrix(A, B), exact=True)
    as_set = {tuple(tuple(row[0]) for row in eq.exact_strategies) for eq in bne}
    assert as_set == {tuple(eq.exact_strategies) for eq in ne}


def _gambit_behaviour_set(game):
    nf = game.to_normal_form()
    g = gbt.Game.from_arrays(*[np.vectorize(lambda v: gbt.Rational(v.numerator, v.denominator),
                                            otypes=[object])(p) for p in nf.exact_payoffs])
    result = gbt.nash.enummixed_solve(g, rational=True)
    out = set()
    for eq in result.equilibria:
        behaviour = []
        for i, player in enumerate(g.players):
            mixed = [F(str(eq[s])) for s in player.strategies]
            b = game.plan_to_behaviour(i, mixed)
            behaviour.append(tuple(tuple(row) for row in b))
        out.add(tuple(behaviour))
    return out


@pytest.mark.parametrize("seed", range(50))
def test_agrees_with_pygambit_on_induced_normal_form(seed):
    rng = np.random.default_rng(1000 + seed)
    # pygambit's enummixed needs seconds on the degenerate 9x9 induced form of a
    # 2-type 3x3 game, so most draws have 2x2, 2x3 or 3x2 actions
    actions = [(2, 2), (2, 3), (3, 2)][seed % 3] if seed % 17 else (3, 3)
    game = _random_bayesian(rng, actions=actions, low=-50, high=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sd.DegenerateGameWarning)
        res = solve_bayesian(game, exact=True)
    ours = {tuple(tuple(tuple(row) for row in s) for s in eq.exact_strategies) for eq in res}
    theirs = _gambit_behaviour_set(game)
    if res.degenerate:
        # a continuum: the images of pygambit's extreme equilibria of the induced normal
        # form contain every extreme Bayes-Nash equilibrium (and possibly inner points)
        assert ours <= theirs
    else:
        assert ours == theirs


def test_pure_method_matches_pure_subset_for_three_players():
    rng = np.random.default_rng(7)
    shape = (2, 1, 2, 2, 2, 2)
    pays = [rng.integers(-3, 4, size=shape) for _ in range(3)]
    game = BayesianGame(pays, marginals=[[0.5, 0.5], [1.0], [0.25, 0.75]])
    res = solve_bayesian(game)
    assert res.method == "pure"
    for eq in res:
        assert eq.is_pure and game.max_regret(eq.strategies) <= 1e-12
    # brute force: every pure plan profile with zero regret is listed
    plans = [list(itertools.product(range(2), repeat=k)) for k in game.num_types]
    count = 0
    for combo in itertools.product(*plans):
        prof = [np.eye(2)[list(plan)] for plan in combo]
        if game.max_regret(prof) <= 1e-12:
            count += 1
    assert count == len(res)


def test_solve_dispatches_bayesian_games():
    res = sd.solve(kydd_game(F(3, 5)), exact=True)
    assert res.method == "vertex_enumeration" and len(res) == 3
    assert "type S mixes (C: 5/6, D: 1/6)" in res.describe()


def test_agent_form_equilibria_are_the_bne():
    game = kydd_game(F(3, 5))
    agents = game.to_agent_form()
    assert agents.num_players == 4
    # pure equilibria of the agent form = pure BNE
    pure = sd.solve_nash(agents, method="pure", exact=True)
    bne = solve_bayesian(game, exact=True)
    as_rows = {tuple(tuple(row) for s in eq.exact_strategies for row in s)
               for eq in bne if eq.is_pure}
    assert {tuple(eq.exact_strategies) for eq in pure} == as_rows
    # the tipping equilibrium is a Nash equilibrium of the agent form, exactly
    tipping = [eq for eq in bne if eq.kind == "mixed"][0]
    profile = [row for s in tipping.exact_strategies for row in s]
    assert agents.is_nash(profile)
