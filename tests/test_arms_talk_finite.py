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

Discretisation bound (what the tests assert). Fix a grid type h and one of its plans.
Its value is E_r[f(r)] with f(r) = u(h, own action after the rival's message m(r),
rival's action s(r)): a step function of the rival's type r whose jumps sit only at the
rival's cutoffs X (interval profile: X = {a, b}; threshold profile: X = {0, -d}), for
every plan of h, because the rival's message and action change only there and h's own
action depends only on the rival's message. The grid replaces the integral over
U[h_lo, h_hi] by n point masses 1/n at the cell midpoints: exact on a cell where f is
constant; on the cell holding a jump at x it puts the mass that lies on the far side of x
from the midpoint on the wrong side, which is dist(x, nearest cell edge)/W (W = h_hi -
h_lo), at most 1/(2n); every jump is at most the payoff range R = h_hi - min(-d, h_lo -
c). So every plan value is within e = R * sum_x dist(x, edges)/W of its continuous value.
In the continuous game the closed-form plan of every type is a best reply (regret 0), so
on the grid the regret of every type is at most (V(best) + e) - (V(profile) - e) = 2e:

    max regret / R  <=  B(n) = 2 * sum_{x in X} dist(x, cell edges) / W  <=  2 |X| / (2n) = 2/n.

B(n) is O(1/n) but not monotone in n (it depends on where the cutoffs fall in their
cells), and neither are the measured regrets, so the tests assert regret <= B(n) at each
n, not a monotone decrease. The check can fail: a profile whose cutoff is moved (the
"wrong" tests) keeps a regret near its continuous-game regret (~ slope of the payoff gap
x shift) as n grows, which exceeds its own B(n) at the larger grids. The payoff gap
between the messages has slope P0 - P1 at a but only -P1 at b (P1 = Pr(m1) ~ 0.1 at
these points), so a move of b by 0.1 changes a type's regret by only ~0.01 and is below
what n <= 64 resolves; the wrong profiles move a (and, for threshold talk, the message
cutoff 0), where the gap is steep.

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


def bound(lo, hi, cutoffs, n):
    """B(n) = 2 sum_x dist(x, cell edges) / W over the rival's cutoffs x inside the
    support (module docstring); at most 2/n."""
    total = 0.0
    for x in cutoffs:
        if lo < x < hi:
            u = (x - lo) / (hi - lo) * n          # position in cell widths
            total += min(u - np.floor(u), np.ceil(u) - u) / n
    return 2.0 * total


def within_bound(lo, hi, cutoffs, rows):
    """Whether every grid's regret / R is at most B(n) (1e-9 for the float cutoffs)."""
    return all(r <= bound(lo, hi, cutoffs, n) + 1e-9 for n, r in zip(GRIDS, rows))


def assert_vanishing(lo, hi, cutoffs, rows):
    table = [(n, r, bound(lo, hi, cutoffs, n)) for n, r in zip(GRIDS, rows)]
    assert all(r >= -1e-12 for r in rows), table
    assert all(b <= 2.0 / n + 1e-12 for n, _, b in table), table
    assert within_bound(lo, hi, cutoffs, rows), table


# ---------------------------------------------------------------- the base game
def test_base_game_matches_the_models_grid():
    """The grid game built here is the model's ``to_game`` (same types, same payoffs)."""
    mine = base_game(-2.5, 0.05, 0.2, 3.0, 8)
    theirs = ArmsTalkModel(-2.5, 0.05, 0.2, 3.0).to_game(8)
    for p, q in zip(mine.payoffs, theirs.payoffs):
        np.testing.assert_allclose(p, q, rtol=0, atol=1e-12)


# ---------------------------------------------------------------- threshold talk, c = 0
THRESHOLD_POINTS = [(-1.5, 0.25, 3.0),     # F6-b: beta0 = 1
                    (-4.0, 0.5, 3.0)]      # -d inside the support: beta0 = 3/4


@pytest.mark.parametrize("lo, hi, d", THRESHOLD_POINTS)
def test_threshold_equilibrium_on_grids(lo, hi, d):
    eq = threshold_talk_equilibrium(lo, hi, 0, d)
    assert eq.valid and eq.cutoffs == (0,)
    rows = regret_table(lo, hi, 0.0, d, lambda h: threshold_profile(h, d))
    assert_vanishing(lo, hi, (0.0, -d), rows)


@pytest.mark.parametrize("lo, hi, d, cut", [(-1.5, 0.25, 3.0, -0.1),
                                            (-4.0, 0.5, 3.0, -0.3)])   # cells 2.6x wider
def test_threshold_wrong_profile_fails_the_check(lo, hi, d, cut):
    """Message cutoff moved from 0 to ``cut``: doves in (cut, 0] announce and arm; their
    regret (up to |cut| x Pr(rival sends m0)) stays as n grows."""
    rows = regret_table(lo, hi, 0.0, d, lambda h: threshold_profile(h, d, cut=cut))
    assert not within_bound(lo, hi, (cut, -d), rows), rows
    assert min(rows[1:]) > 0.005, rows


def test_threshold_fails_on_grids_with_spillover():
    """F6-d (c = 1/10): the threshold profile keeps a regret of about the hawk's gain from
    hiding, (1 - pi_H) c beta0 = 3/35, at every grid size (within the grid error 2e)."""
    lo, hi, c, d = -1.5, 0.25, 0.1, 3.0
    assert not threshold_talk_equilibrium(lo, hi, c, d).valid
    rows = regret_table(lo, hi, c, d, lambda h: threshold_profile(h, d))
    R = payoff_range(lo, hi, c, d)
    for n, r in zip(GRIDS, rows):
        assert abs(r * R - 3 / 35) <= bound(lo, hi, (0.0, -d), n) * R + 1e-12, (n, r * R)
    assert not within_bound(lo, hi, (0.0, -d), rows)


# ---------------------------------------------------------------- interval talk, c > 0
INTERVAL_POINTS = [(-2.5, 0.05, 0.2, 3.0),    # F6-f
                   (-2.0, 0.05, 0.3, 3.0)]


@pytest.mark.parametrize("lo, hi, c, d", INTERVAL_POINTS)
@pytest.mark.parametrize("k", [0, 1])
def test_every_interval_equilibrium_on_grids(lo, hi, c, d, k):
    eqs = interval_talk_equilibria(lo, hi, c, d)
    assert len(eqs) == 2
    a, b = eqs[k].cutoffs
    rows = regret_table(lo, hi, c, d, lambda h: interval_profile(h, a, b))
    assert_vanishing(lo, hi, (a, b), rows)


@pytest.mark.parametrize("lo, hi, c, d", INTERVAL_POINTS)
@pytest.mark.parametrize("k", [0, 1])
@pytest.mark.parametrize("shift", [0.15, -0.15])
def test_interval_wrong_profile_fails_the_check(lo, hi, c, d, k, shift):
    """The lower cutoff a moved by 0.15 (b kept): the check fails and the regret stays
    away from zero once the grid resolves the move (n >= 16)."""
    a, b = interval_talk_equilibria(lo, hi, c, d)[k].cutoffs
    rows = regret_table(lo, hi, c, d, lambda h: interval_profile(h, a + shift, b))
    assert not within_bound(lo, hi, (a + shift, b), rows), rows
    assert min(rows[1:]) > 0.01, rows
