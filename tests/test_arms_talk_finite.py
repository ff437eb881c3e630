"""The talk equilibria of the continuous-type arms game (solvers/continuous_cheap_talk.py)
checked on finite approximations by the package's general cheap-talk machinery.

For n = 8, 16, 32, 64 each state's type h ~ U[h_lo, h_hi] is replaced by n equally likely
types at the midpoints of n equal cells. The base Bayesian game (actions D, H) is built
here from the payoffs (H,H) = h − c, (H,D) = h, (D,H) = −d, (D,D) = 0, with
``with_cheap_talk(base, 2).to_bayesian()`` it becomes the two-stage game whose actions are
(message, action after each rival message) plans, and ``BayesianGame.interim_regrets``
gives every grid type's gain from its best deviation (any message, any continuation).
The profile tested is the closed form restricted to the grid (message by interval
membership, arming rule after each message pair as the closed form states it); nothing
from the model's or the solver's incentive code is used — only the cutoffs it returns.

Discretisation bound (the constant in the tests). Fix a type h and one of its plans. Its
value is E_r[f(r)] with f(r) = u(h, own action after the rival's message m(r), rival's
action s(r)), a step function of the rival's type r whose jumps sit at the profile's
cutoffs: at most J = 2 of them for each own message (interval profile: a and b;
threshold profile: 0 and −d). The grid replaces ∫ f dF by the midpoint rule over n cells
of mass 1/n; the rule is exact on a cell where f is constant and errs by at most
|jump|/(2n) on a cell holding a jump, and every jump is at most the payoff range
R = h_hi − min(−d, h_lo − c). So every plan value is within e = J R/(2n) = R/n of its
continuous value. In the continuous game the closed-form plan of every type is a best
reply (regret 0), so on the grid the regret of a type is at most
(V(best) + e) − (V(profile) − e) ≤ 2e, i.e.

    max regret / R ≤ 2/n.

A deliberately wrong profile (cutoffs moved by 0.1) must keep a regret bounded away from
zero as n grows, so the check can fail.

References: Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
Economic Studies* 71(2), 351-369.
"""

from __future__ import annotations

import numpy as np
import pytest

from secdilemma import BayesianGame, with_cheap_talk
from secdilemma.models.arms_talk import ArmsTalkModel
from secdilemma.solvers.continuous_cheap_talk import (interval_talk_equilibria,
                                                      threshold_talk_equilibrium)

GRIDS = (8, 16, 32, 64)
D, H = 0, 1          # base-game action indices
M0, M1 = 0, 1        # message indices


def grid_types(lo, hi, n):
    """Midpoints of n equal cells of [lo, hi]."""
    return lo + (hi - lo) * (np.arange(n) + 0.5) / n


def base_game(lo, hi, c, d, n):
    """The arms game with n equally likely types per state, from the payoffs."""
    h = grid_types(lo, hi, n)
    u = np.empty((n, n, 2, 2))
    u[:, :, D, D] = 0.0
    u[:, :, D, H] = -d
    u[:, :, H, D] = h[:, None]
    u[:, :, H, H] = h[:, None] - c
    return BayesianGame([u, u.transpose(1, 0, 3, 2)], marginals=[[1 / n] * n] * 2,
                        actions=[["D", "H"], ["D", "H"]])


def payoff_range(lo, hi, c, d):
    return hi - min(-d, lo - c)


def profile_regrets(talk, big, message, act):
    """Per player, every type's interim regret in the induced Bayesian game of ``talk``
    when type t sends ``message(t)`` and after the rival's message m' takes
    ``act(t, own message, m')``; symmetric profile."""
    out = []
    n = talk.base.num_types[0]
    for i in range(2):
        plans = talk.plans(i)       # (msg, plan): plan[k] = action after rival message k
        beh = np.zeros((n, len(plans)))
        for t in range(n):
            m = message(t)
            want = (m, tuple(act(t, m, mr) for mr in (M0, M1)))
            beh[t, plans.index(want)] = 1.0
        out.append(beh)
    return big.interim_regrets(out)


def threshold_profile(h, d, cut=0.0, arm_cut=None):
    """m1 iff h > cut; after (m0, m0) nobody arms; an m1-sender arms; an m0-sender facing
    m1 arms iff h >= -d (``arm_cut`` overrides -d)."""
    arm_cut = -d if arm_cut is None else arm_cut

    def message(t):
        return M1 if h[t] > cut else M0

    def act(t, m, mr):
        if m == M1:
            return H
        if mr == M1:
            return H if h[t] >= arm_cut else D
        return D
    return message, act


def interval_profile(h, a, b):
    """m1 iff a < h < b; after (m1, m1) nobody arms; a mismatch means both arm; after
    (m0, m0) types >= b arm."""
    def message(t):
        return M1 if a < h[t] < b else M0

    def act(t, m, mr):
        if m != mr:
            return H
        if m == M1:
            return D
        return H if h[t] >= b else D
    return message, act


def regret_table(lo, hi, c, d, make_profile):
    """Largest interim regret / payoff range at every grid size."""
    R = payoff_range(lo, hi, c, d)
    rows = []
    for n in GRIDS:
        talk = with_cheap_talk(base_game(lo, hi, c, d, n), 2)
        big = talk.to_bayesian()
        message, act = make_profile(grid_types(lo, hi, n))
        reg = profile_regrets(talk, big, message, act)
        rows.append(max(float(np.max(r)) for r in reg) / R)
    return rows


def assert_vanishing(rows):
    """Below the derived bound 2/n at every n, and smaller at n = 64 than at n = 8."""
    for n, r in zip(GRIDS, rows):
        assert -1e-12 <= r <= 2.0 / n, (n, r, rows)
    assert rows[-1] < rows[0], rows


# ---------------------------------------------------------------- the base game
def test_base_game_matches_the_models_grid():
    """The grid game built here is the model's ``to_game`` (same types, same payoffs)."""
    mine = base_game(-2.5, 0.05, 0.2, 3.0, 8)
    theirs = ArmsTalkModel(h_lo=-2.5, h_hi=0.05, spillover=0.2, loss=3.0).to_game(8)
    for p, q in zip(mine.payoffs, theirs.payoffs):
        np.testing.assert_allclose(p, q, rtol=0, atol=1e-12)


# ---------------------------------------------------------------- threshold talk, c = 0
@pytest.mark.parametrize("lo, hi, d", [(-1.5, 0.25, 3.0),    # F6-b: beta0 = 1
                                       (-4.0, 0.5, 3.0)])    # -d inside: beta0 = 3/4
def test_threshold_equilibrium_on_grids(lo, hi, d):
    eq = threshold_talk_equilibrium(lo, hi, 0, d)
    assert eq.valid
    rows = regret_table(lo, hi, 0.0, d, lambda h: threshold_profile(h, d))
    assert_vanishing(rows)


def test_threshold_wrong_profiles_keep_a_regret():
    lo, hi, d = -1.5, 0.25, 3.0
    # message threshold moved to -0.1: doves in (-0.1, 0] announce and arm
    moved = regret_table(lo, hi, 0.0, d, lambda h: threshold_profile(h, d, cut=-0.1))
    assert min(moved) > 0.01, moved
    # with lo = -4 the m0-sender's arming cutoff -d moved by 0.1
    rows = regret_table(-4.0, 0.5, 0.0, d,
                        lambda h: threshold_profile(h, d, arm_cut=-d + 0.1))
    assert min(rows) > 0.001, rows


def test_threshold_fails_on_grids_with_spillover():
    """F6-d (c = 1/10): the threshold profile keeps a regret of about the hawk's gain from
    hiding, (1 - pi_H) c beta0 = 3/35, at every grid size."""
    lo, hi, c, d = -1.5, 0.25, 0.1, 3.0
    rows = regret_table(lo, hi, c, d, lambda h: threshold_profile(h, d))
    R = payoff_range(lo, hi, c, d)
    for n, r in zip(GRIDS, rows):
        assert r * R > 3 / 35 - 2 * R / n, (n, r * R)
    assert rows[-1] * R == pytest.approx(3 / 35, abs=2 * R / 64)


# ---------------------------------------------------------------- interval talk, c > 0
INTERVAL_POINTS = [(-2.5, 0.05, 0.2, 3.0),    # F6-f: both interval equilibria
                   (-2.0, 0.05, 0.3, 3.0)]


@pytest.mark.parametrize("lo, hi, c, d", INTERVAL_POINTS)
def test_every_interval_equilibrium_on_grids(lo, hi, c, d):
    eqs = interval_talk_equilibria(lo, hi, c, d)
    assert len(eqs) == 2
    for eq in eqs:
        a, b = eq.cutoffs
        rows = regret_table(lo, hi, c, d, lambda h: interval_profile(h, a, b))
        assert_vanishing(rows)


@pytest.mark.parametrize("lo, hi, c, d", INTERVAL_POINTS)
@pytest.mark.parametrize("shift", [(0.1, 0.0), (0.0, 0.1), (-0.1, 0.0), (0.0, -0.1)])
def test_interval_wrong_profiles_keep_a_regret(lo, hi, c, d, shift):
    a, b = interval_talk_equilibria(lo, hi, c, d)[0].cutoffs
    rows = regret_table(lo, hi, c, d,
                        lambda h: interval_profile(h, a + shift[0], b + shift[1]))
    assert min(rows) > 0.005, rows
