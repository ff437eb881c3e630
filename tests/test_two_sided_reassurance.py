"""TwoSidedReassuranceModel: simultaneous costly gestures, then cooperation."""

from __future__ import annotations

import random
from fractions import Fraction as F

import numpy as np
import pytest

from secdilemma.errors import InvalidParameterError
from secdilemma.models.two_sided_reassurance import (TWO_SIDED_CLASSES,
                                                     TwoSidedReassuranceModel)
from secdilemma.solvers.bayesian import solve_bayesian


def test_bayesian_game_payoffs():
    m = TwoSidedReassuranceModel(trust_b=F(1, 2), trust_a=F(1, 4), gestures=(1, F(1, 2)))
    g = m.to_game()
    labels = g.actions[0]
    a = labels.index("gesture|N|C")
    b = labels.index("gesture|N|C")
    n = labels.index("none|N|N")
    # two trustworthy states that gesture and reply C to a gesture: R_S - k
    assert g.exact_payoffs[0][0, 0, a, b] == 3 - 1
    assert g.exact_payoffs[1][0, 0, a, b] == 3 - F(1, 2)
    # greedy B gestures and exploits trustworthy A's cooperation
    x = labels.index("gesture|N|N")
    assert g.exact_payoffs[1][0, 1, a, x] == 2 - F(1, 2)
    assert g.exact_payoffs[0][0, 1, a, x] == -1 - 1
    # greedy B that replies C gets R_G
    assert g.exact_payoffs[1][0, 1, a, b] == 1 - F(1, 2)
    # nobody gestures, nobody cooperates
    assert g.exact_payoffs[0][1, 1, n, n] == 0
    assert m.trust_threshold == F(1, 4)


def test_exact_worked_example():
    m = TwoSidedReassuranceModel(F(1, 2), F(1, 2), gestures=(F(6, 5), F(6, 5)))
    assert m.mutual_separation_bounds == ((1, F(3, 2)), (1, F(3, 2)))
    eqs = m.equilibria()
    sep = [e for e in eqs if e.kind == "mutual_separation"]
    assert len(sep) == 1
    e = sep[0]
    assert e.plans == (("gesture|N|C", "none|N|N"), ("gesture|N|C", "none|N|N"))
    assert e.side_classes == ("separating", "separating")
    # trustworthy: mu_j R_S - k_i; greedy: 0
    assert e.payoffs == ((F(3, 10), 0), (F(3, 10), 0))
    assert e.mutual_cooperation
    assert {x.kind for x in eqs} <= set(TWO_SIDED_CLASSES)
    # the off-path filter removes Bayes-Nash equilibria with non-credible replies
    bne = solve_bayesian(m.to_game(), method="pure", warn=False)
    assert len(bne) > len(eqs)


def _draw(rng):
    quarter = [F(1, 4), F(1, 2), F(3, 4)]
    mu_a, mu_b = rng.choice(quarter), rng.choice(quarter)
    tg = F(rng.randint(1, 4))
    rs = F(rng.randint(1, 5))
    rg = tg - rng.randint(1, 2)
    c = F(rng.randint(1, 3), 2)
    lo_a, hi_a = mu_b * tg, mu_b * rs
    lo_b, hi_b = mu_a * tg, mu_a * rs

    def pick(lo, hi):
        # often on or near the boundaries (multiples of 1/8: exact in binary)
        cands = [lo, hi, lo - F(1, 8), hi + F(1, 8), (lo + hi) / 2, F(rng.randint(1, 32), 8)]
        return max(F(1, 8), rng.choice(cands))

    return TwoSidedReassuranceModel(trust_b=mu_a, trust_a=mu_b, gestures=(pick(lo_a, hi_a), pick(lo_b, hi_b)),
                                    value_trustworthy=rs, temptation_greedy=tg,
                                    value_greedy=rg, exploitation_loss=c)


@pytest.mark.parametrize("seed", range(8))
def test_closed_form_matches_solver_random(seed):
    m = _draw(random.Random(seed))
    eqs = m.equilibria()                   # exact verification
    found = [e for e in eqs if e.kind == "mutual_separation"]
    assert bool(found) == m.mutual_separation_exists, (m, m.no_mutual_separation_reason)
    if found:
        mu = (m.trust_b, m.trust_a)
        for e in found:
            for i in range(2):
                assert e.payoffs[i][0] == mu[1 - i] * m.value_trustworthy - m.gestures[i]
                assert e.payoffs[i][1] == 0
            assert e.mutual_cooperation
    else:
        assert m.no_mutual_separation_reason is not None


def test_many_draws_cover_both_outcomes():
    rng = random.Random(1234)
    outcomes = {_draw(rng).mutual_separation_exists for _ in range(40)}
    assert outcomes == {True, False}


def test_one_sided_separation():
    # A's partner B is likely trustworthy (3/4 >= pi* = 1/4): A separates with
    # k_A in [3/2, 9/4]; B's gesture is too expensive for its trustworthy type
    m = TwoSidedReassuranceModel(trust_b=F(1, 2), trust_a=F(3, 4), gestures=(2, 4))
    assert not m.mutual_separation_exists
    assert "side B's gesture is too expensive" in m.no_mutual_separation_reason
    eqs = m.equilibria(exact=False)
    one = [e for e in eqs if e.kind == "one_sided_A"]
    assert one
    for e in one:
        assert e.side_classes[0] == "separating"
        assert e.side_classes[1] == "pooling_none"
    assert not any(e.kind == "one_sided_B" for e in eqs)


def test_pooling_with_cooperation_when_trust_is_high():
    m = TwoSidedReassuranceModel(F(3, 4), F(3, 4), gestures=(1, 1))
    eqs = m.equilibria(exact=False)
    pool = [e for e in eqs if e.kind == "pooling" and e.mutual_cooperation]
    assert pool
    assert any(e.side_classes == ("pooling_none", "pooling_none") for e in pool)
    for e in pool:
        assert all(s.startswith("pooling") for s in e.side_classes)
        paid = 1.0 if e.side_classes[0] == "pooling_gesture" else 0.0
        assert e.payoffs[0][0] == pytest.approx(0.75 * 3 - 0.25 * 1 - paid)


def test_single_crossing_failure():
    m = TwoSidedReassuranceModel(gestures=(1, 1), value_trustworthy=1, temptation_greedy=2)
    assert "single crossing fails" in m.no_mutual_separation_reason
    assert not any(e.kind == "mutual_separation" for e in m.equilibria(exact=False))


@pytest.mark.parametrize("kwargs, match", [
    ({"trust_a": 1}, "trust_a"),
    ({"gestures": (1,)}, "pair"),
    ({"gestures": (1, 0)}, "gestures"),
    ({"value_greedy": 2}, "value_greedy"),
    ({"exploitation_loss": -1}, "exploitation_loss"),
])
def test_invalid(kwargs, match):
    with pytest.raises(InvalidParameterError, match=match):
        TwoSidedReassuranceModel(**kwargs)


def test_float_game():
    g = TwoSidedReassuranceModel(trust_b=0.4, trust_a=0.6, gestures=(1.0, 1.5)).to_game()
    assert not g.is_exact
    k = g.actions[0].index("gesture|N|C")
    assert np.isclose(g.payoffs[0][0, 0, k, k], 3 - 1.0)
    assert np.isclose(g.payoffs[1][0, 0, k, k], 3 - 1.5)


# Off-path cooperation is allowed iff p R_S − (1 − p) c >= 0, i.e. p >= π* = c/(R_S + c);
# with R_S = 3, c = 1 (π* = 1/4) and p a prior, trust 1/4 is exactly on that tie (exact
# in binary). The float path keeps a point within a relative 1e-9 of the tie (it must not
# lose an exact equilibrium); a point a relative 1e-6 away is decided as the exact path.
_PAY = ("value_trustworthy", "temptation_greedy", "value_greedy", "exploitation_loss")


def _two_sided(trust, gesture, c, conv=float):
    kw = {name: conv(getattr(TwoSidedReassuranceModel, name)) * conv(c) for name in _PAY}
    return TwoSidedReassuranceModel(conv(trust), conv(trust),
                                    gestures=(conv(gesture) * conv(c),) * 2, **kw)


def _plans(model):
    return sorted(e.plans for e in model.equilibria())


@pytest.mark.parametrize("trust, inside_band", [
    (0.25, True), (0.25 * (1 + 1e-10), True), (0.25 * (1 - 1e-10), True),
    (0.25 * (1 + 1e-6), False), (0.25 * (1 - 1e-6), False),
])
@pytest.mark.parametrize("gesture", [0.25, 0.75])
def test_float_equilibria_are_scale_free_at_and_near_the_off_path_tie(trust, inside_band,
                                                                     gesture):
    """Every payoff (R_S, T_G, R_G, c and the gestures k_i) multiplied by c in
    1e-9..1e12 changes no equilibrium: the same plans at every scale, equal to the exact
    (Fraction) answer outside the float path's 1e-9 band and containing it inside. No
    shift: the payoff 0 of not cooperating is fixed and R_S, T_G, c, k_i must stay
    positive, so adding a constant to the parameters is not a shift of the payoffs."""
    ref = _plans(_two_sided(trust, gesture, 1))
    exact = _plans(_two_sided(trust, gesture, 1, conv=F))
    if inside_band:
        assert set(exact) <= set(ref)
    else:
        assert ref == exact
    for c in (1e-9, 1e-3, 1e6, 1e12, 1e12 / 3):
        assert _plans(_two_sided(trust, gesture, c)) == ref, c
