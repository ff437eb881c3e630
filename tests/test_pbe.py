"""solve_pbe: all perfect Bayesian equilibria of finite signalling games, refinements.

What is checked (Fudenberg and Tirole 1991, §8.2; Cho and Kreps 1987; Banks and Sobel
1987):

- the defining properties on random games: on-path beliefs follow Bayes' rule; the
  receiver is sequentially rational after every message given the beliefs (on the path,
  the posterior; off the path, *every* vertex of the reported belief set); each sender
  type is optimal;
- every PBE is a Nash equilibrium of the strategic form (our NormalFormGame, exactly) and
  of the game tree as pygambit builds it (chance -> sender infoset per type -> receiver
  infoset per message), with exact max regret 0;
- completeness against pygambit: every extreme Nash equilibrium that pygambit's exact
  ``enummixed_solve`` finds on the tree's strategic form and whose behaviour admits
  consistent off-path beliefs lies in the convex hull of the reported PBE whose supports
  are contained in its support (every PBE lies in the convex hull of the extreme points
  of its cell, i.e. of reported equilibria with smaller or equal supports);
- refining never adds equilibria, and D1 eliminates at least what the Intuitive
  Criterion eliminates;
- the textbook beer-quiche game: pooling on quiche fails the Intuitive Criterion.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pygambit as gbt
import pytest
from scipy.optimize import linprog

from secdilemma.errors import InvalidParameterError, UnsupportedGameError
from secdilemma.games.signaling import SignalingGame
from secdilemma.solvers.pbe import SignalingEquilibrium, is_pbe, solve_pbe


def random_game(rng, T, M, A):
    w = rng.integers(1, 5, size=T)
    prior = [F(int(x), int(w.sum())) for x in w]
    return SignalingGame([f"t{i}" for i in range(T)], prior, [f"m{i}" for i in range(M)],
                         [f"a{i}" for i in range(A)],
                         rng.integers(-3, 4, size=(T, M, A)).tolist(),
                         rng.integers(-3, 4, size=(T, M, A)).tolist(),
                         message_costs=rng.integers(0, 3, size=(T, M)).tolist())


def _rational(x: F):
    return gbt.Rational(x.numerator, x.denominator)


def to_gambit(game):
    """The signalling game as a pygambit tree: chance, sender infosets, receiver infosets."""
    T, M, A = game.shape
    g = gbt.Game.new_tree(players=["sender", "receiver"], title="signalling")
    g.append_move(g.root, g.players.chance, list(game.types))
    g.set_chance_probs(g.root.infoset, [_rational(p) for p in game.exact_prior])
    receiver_infosets = [None] * M
    k = 0
    for t, tnode in enumerate(g.root.children):
        g.append_move(tnode, "sender", list(game.messages))
        for m, mnode in enumerate(tnode.children):
            if receiver_infosets[m] is None:
                g.append_move(mnode, "receiver", list(game.actions))
                receiver_infosets[m] = mnode.infoset
            else:
                g.append_infoset(mnode, receiver_infosets[m])
            for a, leaf in enumerate(mnode.children):
                out = g.add_outcome(f"o{k}", [_rational(game.exact_net_sender_payoffs[t, m, a]),
                                              _rational(game.exact_receiver_payoffs[t, m, a])])
                k += 1
                g.set_outcome(leaf, out)
    return g


def gambit_regret(g, sigma, rho):
    prof = g.mixed_behavior_profile(rational=True)
    for t, infoset in enumerate(g.players["sender"].infosets):
        for m, act in enumerate(infoset.actions):
            prof[act] = _rational(sigma[t][m])
    for m, infoset in enumerate(g.players["receiver"].infosets):
        for a, act in enumerate(infoset.actions):
            prof[act] = _rational(rho[m][a])
    return prof.max_regret()


def check_pbe_properties(game, eq):
    T, M, A = game.shape
    sigma, rho = eq.exact_strategies
    p, us, ur = game.exact_prior, game.exact_net_sender_payoffs, game.exact_receiver_payoffs
    for row in list(sigma) + list(rho):
        assert sum(row) == 1 and min(row) >= 0
    # sender optimality per type
    for t in range(T):
        vals = [sum(rho[m][a] * us[t, m, a] for a in range(A)) for m in range(M)]
        assert max(vals) == eq.type_payoffs[t]
        assert all(vals[m] == max(vals) for m in range(M) if sigma[t][m] > 0)
    for m, label in enumerate(game.messages):
        belief = eq.beliefs[label]
        w = [p[t] * sigma[t][m] for t in range(T)]
        assert belief.on_path == (sum(w) > 0) == eq.on_path[m]
        if belief.on_path:  # Bayes' rule
            assert belief.posterior == tuple(x / sum(w) for x in w)
            supporting = [belief.posterior]
        else:
            supporting = list(belief.vertices)
            assert supporting, "an off-path belief set must be non-empty"
        for mu in supporting:  # sequential rationality at every belief in the set
            assert sum(mu) == 1 and min(mu) >= 0
            vals = [sum(mu[t] * ur[t, m, a] for t in range(T)) for a in range(A)]
            assert all(vals[a] == max(vals) for a in range(A) if rho[m][a] > 0)
            assert belief.contains([float(x) for x in mu])


def strategic_regret(game, sigma, rho):
    """Exact max regret of the induced mixed profile in our strategic form."""
    T, M, A = game.shape
    nf = game.to_normal_form()
    x = [np.prod([sigma[t][s[t]] for t in range(T)])
         for s in itertools.product(range(M), repeat=T)]
    y = [np.prod([rho[m][r[m]] for m in range(M)])
         for r in itertools.product(range(A), repeat=M)]
    return max(nf.regrets([np.array(x, dtype=object), np.array(y, dtype=object)], exact=True))


def in_hull(x, points):
    if not points:
        return False
    P = np.array(points, dtype=float).T
    n = P.shape[1]
    A_eq = np.vstack([P, np.ones((1, n))])
    b_eq = np.concatenate([x, [1.0]])
    res = linprog(np.zeros(n), A_eq=A_eq, b_eq=b_eq, bounds=[(0, None)] * n, method="highs")
    return res.status == 0 and float(np.max(np.abs(A_eq @ res.x - b_eq))) < 1e-9


SHAPES_SMALL = [(2, 2, 2), (2, 2, 3), (3, 2, 2)]


@pytest.mark.parametrize("seed", range(24))
def test_random_games_against_pygambit(seed):
    rng = np.random.default_rng(1000 + seed)
    T, M, A = SHAPES_SMALL[seed % len(SHAPES_SMALL)]
    game = random_game(rng, T, M, A)
    res = solve_pbe(game, exact=True)
    assert len(res) >= 1  # a PBE always exists in finite signalling games
    g = to_gambit(game)
    for eq in res:
        assert isinstance(eq, SignalingEquilibrium)
        check_pbe_properties(game, eq)
        sigma, rho = eq.exact_strategies
        assert gambit_regret(g, sigma, rho) == 0
        assert strategic_regret(game, sigma, rho) == 0
        assert is_pbe(game, sigma, rho)
        # D1 is stronger than the Intuitive Criterion (Cho and Kreps 1987, §5)
        assert eq.survives("intuitive") or not eq.survives("d1")
    # completeness: pygambit's extreme Nash equilibria that are PBE behaviour profiles
    vecs = [np.concatenate([e.strategies[0].ravel(), e.strategies[1].ravel()]) for e in res]
    compared = 0
    for ne in gbt.nash.enummixed_solve(g, rational=True).equilibria:
        beh = ne.as_behavior()
        sigma = [[F(str(beh[a])) for a in infoset.actions]
                 for infoset in g.players["sender"].infosets]
        rho = [[F(str(beh[a])) for a in infoset.actions]
               for infoset in g.players["receiver"].infosets]
        if not is_pbe(game, sigma, rho):
            continue  # Nash but not sequentially rational off the path
        compared += 1
        x = np.array([float(v) for row in sigma + rho for v in row])
        cell = [v for v in vecs if np.all((v > 0) <= (x > 0))]
        assert in_hull(x, cell), f"pygambit PBE {x} not covered"
    assert compared >= 1


@pytest.mark.parametrize("seed", range(6))
def test_larger_random_games_are_nash(seed):
    rng = np.random.default_rng(2000 + seed)
    T, M, A = [(3, 3, 3), (2, 3, 3), (3, 3, 2)][seed % 3]
    game = random_game(rng, T, M, A)
    res = solve_pbe(game, exact=True)
    g = to_gambit(game)
    assert len(res) >= 1
    for eq in res:
        check_pbe_properties(game, eq)
        assert gambit_regret(g, *eq.exact_strategies) == 0
    for refine in ("intuitive", "d1"):
        refined = solve_pbe(game, refine=refine, exact=True)
        assert all(any(e == f for f in res) for e in refined)  # never adds
        assert len(refined) + len(refined.diagnostics["eliminated"]) == len(res)


def beer_quiche(prior_weak=F(1, 10)):
    # sender: +1 for the preferred breakfast, +2 if not challenged; receiver: +1 for
    # fighting the weak type or leaving the strong one alone (Cho and Kreps 1987)
    types, msgs, acts = ["weak", "strong"], ["beer", "quiche"], ["duel", "not"]
    us = [[[0, 2], [1, 3]], [[1, 3], [0, 2]]]
    ur = [[[1, 0], [1, 0]], [[0, 1], [0, 1]]]
    return SignalingGame(types, [prior_weak, 1 - prior_weak], msgs, acts, us, ur)


def test_beer_quiche_intuitive_criterion():
    res = solve_pbe(beer_quiche(), exact=True)
    assert {e.kind for e in res} == {"pooling"}
    on_beer = [e for e in res if e.on_path == (True, False)]
    on_quiche = [e for e in res if e.on_path == (False, True)]
    assert on_beer and on_quiche and len(on_beer) + len(on_quiche) == len(res)
    # off-path beliefs that support quiche pooling: Pr(weak | beer) >= 1/2
    pure = [e for e in on_quiche if e.is_pure][0]
    assert pure.beliefs["beer"].interval == (F(1, 2), F(1))
    assert all(e.survives("intuitive") for e in on_beer)
    for e in on_quiche:
        test = e.refinements["intuitive"]
        assert not test.passes
        (dev,) = test.failures
        assert (dev.message, dev.gaining_type, dev.types_considered) == ("beer", "strong",
                                                                         ("strong",))
        assert dev.gain == 1
        assert "'strong' gains at least 1 by sending 'beer'" in e.describe()
    refined = solve_pbe(beer_quiche(), refine="intuitive")
    assert {e.on_path for e in refined} == {(True, False)}
    assert len(refined.diagnostics["eliminated"]) == len(on_quiche)


def test_reassurance_numbers():
    """MODELS.md §3: R_S = 3, T_G = 2, c_r = 1, mu0 = 0.3: separating iff k in [2, 3]."""
    from secdilemma.models.reassurance import ReassuranceModel

    for k in [F(1), F(3, 2), F(2), F(5, 2), F(3), F(7, 2)]:
        res = solve_pbe(ReassuranceModel(trust=F(3, 10), gesture_cost=k).to_game(),
                        exact=True)
        seps = [e for e in res if e.kind == "separating"]
        assert bool(seps) == (2 <= k <= 3)
        for e in seps:
            assert e.exact_strategies[0] == ((0, 1), (1, 0))
            assert e.posterior("gesture") == (1, 0) and e.posterior("no gesture") == (0, 1)
    # semi-separating at k = 1: G gestures with probability 3/7, receiver cooperates with
    # probability k / T_G = 1/2 after the gesture, posterior exactly pi* = 1/2
    res = solve_pbe(ReassuranceModel(trust=F(3, 10), gesture_cost=1).to_game(),
                    exact=True)
    (semi,) = [e for e in res if e.kind == "semi-separating"]
    assert semi.exact_strategies[0] == ((0, 1), (F(4, 7), F(3, 7)))
    assert semi.exact_strategies[1][1] == (F(1, 2), F(1, 2))
    assert semi.posterior("gesture") == (F(1, 2), F(1, 2))


def test_result_metadata_and_components():
    from secdilemma.models.reassurance import ReassuranceModel

    res = solve_pbe(ReassuranceModel().to_game())
    assert res.method == "support_cells" and res.parameters["refine"] is None
    assert res.degenerate and not res.complete  # receiver mixing off path: a continuum
    assert res.diagnostics["extreme_points_complete"]
    pools = [e for e in res if e.kind == "pooling"]
    # the pure and the mixed off-path response are extreme points of one component
    assert len(pools) == 2 and pools[0].component == pools[1].component
    assert not res.exact and res[0].exact_strategies is None
    assert isinstance(res[0].type_payoffs[0], float)


def test_errors():
    game = beer_quiche()
    with pytest.raises(InvalidParameterError, match="solve_pbe\\(\\): refine must be one of"):
        solve_pbe(game, refine="cho-kreps")
    with pytest.raises(InvalidParameterError, match="game must be a SignalingGame"):
        solve_pbe("beer-quiche")
    with pytest.raises(InvalidParameterError, match="exact must be True or False"):
        solve_pbe(game, exact="yes")
    with pytest.raises(UnsupportedGameError, match="prior must be positive for every type"):
        solve_pbe(beer_quiche(prior_weak=F(0)))


@pytest.mark.parametrize("seed", range(8))
def test_invariance_to_affine_payoffs_and_relabelling(seed):
    """Positive affine changes of each type's payoffs (scale and shift per type for the
    sender; common scale and a shift per (type, message) for the receiver) and a
    permutation of the messages map the PBE set onto itself."""
    rng = np.random.default_rng(3000 + seed)
    T, M, A = [(2, 2, 2), (2, 3, 2), (3, 2, 2), (2, 2, 3)][seed % 4]
    game = random_game(rng, T, M, A)
    us = np.array(game.exact_net_sender_payoffs, dtype=object)
    ur = np.array(game.exact_receiver_payoffs, dtype=object)
    scale_s = [F(int(rng.integers(1, 4))) for _ in range(T)]
    shift_s = [F(int(rng.integers(-5, 6))) for _ in range(T)]
    shift_r = rng.integers(-5, 6, size=(T, M))
    perm = rng.permutation(M)
    us2 = np.empty_like(us)
    ur2 = np.empty_like(ur)
    for t in range(T):
        for m in range(M):
            us2[t, m] = [scale_s[t] * x + shift_s[t] for x in us[t, perm[m]]]
            ur2[t, m] = [3 * x + int(shift_r[t, perm[m]]) for x in ur[t, perm[m]]]
    other = SignalingGame(game.types, list(game.exact_prior),
                          [game.messages[k] for k in perm], game.actions, us2, ur2)
    def key(eq, order):
        sigma, rho = eq.exact_strategies
        return (tuple(tuple(row[k] for k in order) for row in sigma),
                tuple(rho[k] for k in order))
    inverse = np.argsort(perm)
    before = sorted(key(e, range(M)) for e in solve_pbe(game, exact=True))
    after = sorted(key(e, inverse) for e in solve_pbe(other, exact=True))
    assert before == after
