"""GradualTrustModel: multi-round reassurance (our formalisation of Kydd 2000)."""

from __future__ import annotations

import dataclasses
import random
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidParameterError
from secdilemma.models.gradual_trust import GradualTrustModel
from secdilemma.models.reassurance import ReassuranceModel, gradual_trust_path
from secdilemma.solvers.pbe import solve_pbe


def test_worked_example():
    p = GradualTrustModel(trust=F(1, 5), rounds=3, gestures=[F(1, 2), 1, 2]).path()
    assert p.odds == (F(1, 4), F(1, 2), F(3, 4), F(1))
    assert p.trust == (F(1, 5), F(1, 3), F(3, 7), F(1, 2))
    assert p.betas == (F(1, 2), F(2, 3), F(3, 4))
    assert p.thresholds == (F(1, 3), F(3, 7), F(1, 2))
    assert p.trust_probabilities == (F(1, 4), F(1, 2), F(1))
    assert p.total_cost == F(7, 2)
    # S pays 1/2, then 1 w.p. 3/4, then 2 w.p. 3/8
    assert p.expected_cost_trustworthy == F(1, 2) + F(3, 4) + F(3, 4)
    assert p.probability_trusted == 1
    assert p.greedy_values == (0, 0, 0)
    assert p.trustworthy_values[2] == -2 + 3  # last round: q = 1
    assert p.feasible and p.reasons == ()
    assert all(p.verify().values())


def test_bayes_matches_belief_arithmetic():
    p = GradualTrustModel(trust=F(1, 10), rounds=5, exploitation_loss=F(3, 2)).path()
    arith = gradual_trust_path(F(1, 10), p.betas)
    assert arith.trust == p.trust and arith.odds == p.odds
    assert p.trust[-1] == F(3, 5)       # pi_r* = c/(1+c)
    prod = 1
    for b in p.betas:
        prod *= b
    assert prod == F(1, 9) / F(3, 2)


@pytest.mark.parametrize("seed", range(25))
def test_random_paths_exact_checks(seed):
    rng = random.Random(seed)
    c = F(rng.randint(1, 8), rng.randint(1, 4))
    pi = c / (1 + c)
    mu = pi * F(rng.randint(1, 9), 10)
    T = rng.randint(1, 6)
    tg = F(rng.randint(1, 6))
    rs = tg + F(rng.randint(0, 4), 2)
    ks = [tg * F(rng.randint(1, 10), 10) for _ in range(T)]
    o0 = mu / (1 - mu)
    cuts = sorted(rng.sample(range(1, 100), T - 1))
    exploitation_losses = [o0 + (c - o0) * F(x, 100) for x in cuts] + [c]
    m = GradualTrustModel(trust=mu, rounds=T, value_trustworthy=rs,
                          temptation_greedy=tg, exploitation_loss=c, value_greedy=tg - 1, gestures=ks,
                          exploitation_losses=exploitation_losses)
    p = m.path()
    checks = p.verify()
    assert checks == {"bayes": True, "receiver_indifferent": True,
                      "greedy_indifferent": True, "trustworthy_participates": True,
                      "reaches_threshold": True}
    assert p.feasible
    # the greedy type's indifference: expected value of being trusted = sunk cost
    for k, q in zip(p.gestures, p.trust_probabilities):
        assert q * tg == k


def test_single_crossing_failure_named():
    m = GradualTrustModel(value_trustworthy=1, temptation_greedy=2, value_greedy=0)
    p = m.path()
    assert not p.feasible
    assert "single crossing" in p.reasons[0]
    assert not p.verify()["trustworthy_participates"]
    assert m.feasibility_conditions == {"gestures_affordable": True,
                                        "single_crossing": False}


def test_unaffordable_gesture_named():
    p = GradualTrustModel(gestures=[1, 3, 1]).path()
    assert not p.feasible
    assert "rounds [2]" in p.reasons[0]


@pytest.mark.parametrize("mu, k", [(F(3, 10), 1), (F(1, 5), F(3, 2)), (F(2, 5), F(1, 2)),
                                   (F(1, 10), 2)])
def test_one_round_is_one_shot_semi_separating(mu, k):
    p = GradualTrustModel(trust=mu, rounds=1, gestures=k).path()
    model = ReassuranceModel(trust=mu, gesture_cost=k)
    assert model.semi_separating_probabilities == (p.betas[0], p.trust_probabilities[0])
    res = solve_pbe(model.to_game(), exact=True)
    semi = [e for e in res if ReassuranceModel.class_of(e) == "semi_separating_greedy_mixes"]
    assert len(semi) == 1
    sigma, rho = semi[0].exact_strategies
    assert sigma[0][1] == 1 and sigma[1][1] == p.betas[0]
    assert rho[1][0] == p.trust_probabilities[0]
    assert semi[0].beliefs["gesture"].vertices[0][0] == p.trust[1]
    # the round game built by the path is the same game
    g = p.round_game(1)
    assert g.exact_net_sender_payoffs[:, 1, :].tolist() == \
        model.to_game().exact_net_sender_payoffs[:, 1, :].tolist()


@pytest.mark.parametrize("rounds", [2, 3, 4])
def test_every_round_is_a_pbe_of_its_round_game(rounds):
    """One-shot deviation principle: the path restricted to each round is a PBE of the
    round's signalling game given the continuation values."""
    p = GradualTrustModel(trust=F(1, 5), rounds=rounds, gestures=F(3, 2),
                          value_trustworthy=F(5, 2)).path()
    for t in range(1, rounds + 1):
        res = solve_pbe(p.round_game(t), exact=True)
        hits = [e for e in res
                if e.exact_strategies[0][0][1] == 1
                and e.exact_strategies[0][1][1] == p.betas[t - 1]
                and e.exact_strategies[1][1][0] == p.trust_probabilities[t - 1]]
        assert len(hits) == 1, t
        assert hits[0].beliefs["gesture"].vertices[0][0] == p.trust[t]
        assert hits[0].type_payoffs[1] == 0                       # greedy indifferent
        assert hits[0].type_payoffs[0] == p.trustworthy_values[t - 1]


def test_float_inputs():
    p = GradualTrustModel(trust=0.2, rounds=3, gestures=0.5).path()
    assert abs(p.trust[-1] - 0.5) < 1e-12
    assert p.feasible
    assert all(p.verify().values())


@pytest.mark.parametrize("kwargs, match", [
    ({"rounds": 0}, "rounds"),
    ({"trust": F(1, 2)}, "below the cooperation threshold"),
    ({"gestures": [1, 1]}, "one value per round"),
    ({"gestures": 0}, "gestures"),
    ({"exploitation_losses": [F(1, 2), F(1, 3), 1]}, "rise strictly"),
    ({"exploitation_losses": [F(1, 2), F(2, 3), 2]}, "last exposure"),
    ({"value_greedy": 3}, "value_greedy"),
])
def test_invalid(kwargs, match):
    with pytest.raises(InvalidParameterError, match=match):
        GradualTrustModel(**kwargs)


def test_round_game_bounds():
    with pytest.raises(InvalidParameterError, match="round_game"):
        GradualTrustModel().path().round_game(4)


def test_reproduction_checks_pass():
    from secdilemma.reproduce.gradual import check_gradual, compute_gradual

    checks = check_gradual(compute_gradual())
    assert len(checks) >= 30
    assert all(c.passed for c in checks), [c for c in checks if not c.passed]


@pytest.mark.parametrize("k", [1e-9, 1e-3, 1.0, 1e6, 1e12, 1e12 / 3])
def test_verify_is_scale_free(k):
    """The sender's payoffs (k_t, T_G, R_S, R_G) multiplied by k: the path's trust
    probabilities (ratios of those payoffs) are unchanged, verify() passes, and a path whose round-2 trust probability is off by a relative 1e-6 (G no
    longer indifferent, by 1e-6 of the payoff scale) fails at every scale. With an
    absolute 1e-12 the perturbed path passed at k = 1e-9. No shift: a shift of the
    sender's payoffs would move the payoff 0 of quitting."""
    def model(scale):
        return GradualTrustModel(trust=0.2, rounds=4, value_trustworthy=3.1 * scale,
                                 temptation_greedy=2.3 * scale, value_greedy=1.0 * scale,
                                 gestures=0.7 * scale)
    ref, path = model(1.0).path(), model(k).path()
    np.testing.assert_allclose(path.trust_probabilities, ref.trust_probabilities,
                               rtol=1e-12)
    assert all(path.verify().values())
    q = list(path.trust_probabilities)
    q[1] *= 1 + 1e-6
    bad = dataclasses.replace(path, trust_probabilities=tuple(q)).verify()
    assert bad["greedy_indifferent"] is False
