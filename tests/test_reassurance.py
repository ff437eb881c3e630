"""ReassuranceModel (Kydd 2000, our formalisation; MODELS.md §3): closed forms against
solve_pbe, explanations, sympy forms, sweeps, the continuous-gesture extension and the
two reproductions."""

from __future__ import annotations

from fractions import Fraction as F
from itertools import combinations
from types import SimpleNamespace

import numpy as np
import pytest

from secdilemma.errors import InvalidParameterError
from secdilemma.models.reassurance import (CLASS_FLAGS, ContinuousReassuranceModel,
                                           ReassuranceModel, gradual_trust_path)
from secdilemma.solvers.pbe import is_pbe, solve_pbe


def test_models_md_numbers():
    # R_S = 3, T_G = 2, R_G = 1, c_r = 1 (pi_r* = 0.5), mu0 = 0.3: separating iff k in [2, 3]
    for k in [F(1, 2), 1, F(19, 10), 2, F(5, 2), 3, F(31, 10), 4]:
        m = ReassuranceModel(trust=F(3, 10), gesture_cost=k)
        assert m.trust_threshold == F(1, 2)
        assert m.separating_exists == (2 <= k <= 3)
    out = ReassuranceModel.evaluate({"trust": 0.3, "gesture_cost": np.arange(1, 81) / 20})
    k = np.arange(1, 81) / 20
    assert k[out["separating_is_equilibrium"]].min() == 2.0 and k[out["separating_is_equilibrium"]].max() == 3.0
    # semi-separating probabilities: beta = mu0 (1 - pi*) / ((1 - mu0) pi*), q = k / T_G
    assert ReassuranceModel(F(3, 10), 1).semi_separating_probabilities == (F(3, 7), F(1, 2))
    assert ReassuranceModel(F(3, 10), 3).semi_separating_probabilities is None


GRID = [(rs, tg, rg, c) for rs, tg, rg in [(3, 2, 1), (2, 3, 1), (2, 2, 1), (3, 2, -1),
                                           (2, 3, 2)]
        for c in (1, F(1, 3))]


def _kind(sigma):
    """Pooling (identical rows), separating (disjoint supports) or semi-separating."""
    if all(list(r) == list(sigma[0]) for r in sigma):
        return "pooling"
    if not any(a > 0 and b > 0 for a, b in zip(sigma[0], sigma[1])):
        return "separating"
    return "semi-separating"


def _solver_classes(game, res):
    """Classes of solve_pbe's extreme equilibria and of the equilibria on the segments
    (and triangles) between extreme equilibria of one component, each such point checked
    exactly with is_pbe. Returns (all classes, classes of interior points with every
    message on the path: they survive every refinement, which only restricts off-path
    beliefs)."""
    classes = {ReassuranceModel.class_of(e) for e in res}
    on_path_interior = set()
    comps = {}
    for e in res:
        comps.setdefault(e.component, []).append(e.exact_strategies)
    for members in comps.values():
        for size in (2, 3):
            for group in combinations(members, size):
                sig = [[sum(g[0][t][m] for g in group) / size for m in range(2)]
                       for t in range(2)]
                rho = [[sum(g[1][m][a] for g in group) / size for a in range(2)]
                       for m in range(2)]
                if not is_pbe(game, sig, rho):
                    continue
                point = SimpleNamespace(strategies=(np.array(sig, dtype=object),
                                                    np.array(rho, dtype=object)),
                                        kind=_kind(sig))
                name = ReassuranceModel.class_of(point)
                if all(sig[0][m] + sig[1][m] > 0 for m in range(2)):
                    on_path_interior.add(name)
                else:  # an off-path message: same class as an end point
                    assert name in classes, name
                classes.add(name)
    return classes, on_path_interior


@pytest.mark.parametrize("rs, tg, rg, c", GRID)
def test_closed_forms_equal_solver(rs, tg, rg, c):
    """Every class, and its survival of the Intuitive Criterion and D1, as solve_pbe finds
    it (extreme equilibria and the continua between them), on a grid including the
    boundaries k = T_G, k = R_S and trust on both sides of pi* (mu0 = pi* excluded: there
    the receiver is indifferent after pooling and further degenerate equilibria exist)."""
    pi = F(c) / (1 + c)
    for k in [F(1, 2), 1, F(3, 2), 2, F(5, 2), 3, F(7, 2)]:
        for mu in [F(1, 10), F(3, 10), F(7, 10), F(9, 10)]:
            assert mu != pi
            m = ReassuranceModel(mu, k, rs, tg, rg, c)
            game = m.to_game()
            res = solve_pbe(game, exact=True)
            found, interior = _solver_classes(game, res)
            assert found == set(m.equilibrium_classes), (k, mu)
            assert {ReassuranceModel.class_of(e) for e in res if e.survives("intuitive")} \
                | interior == set(m.intuitive_classes), (k, mu)
            assert {ReassuranceModel.class_of(e) for e in res if e.survives("d1")} \
                | interior == set(m.d1_classes), (k, mu)
            flags = ReassuranceModel.evaluate(
                {"trust": float(mu), "gesture_cost": float(k), "value_trustworthy": float(rs),
                 "temptation_greedy": float(tg), "value_greedy": float(rg),
                 "exploitation_loss": float(c)})["equilibrium_classes"]
            assert int(flags) == sum(CLASS_FLAGS[n] for n in m.equilibrium_classes)


@pytest.mark.parametrize("mu", [F(1, 10), F(3, 10), F(7, 10), F(9, 10)])
def test_boundary_mixing_classes(mu):
    """At k = R_S the trustworthy type breaks even on the gesture, at k = T_G the greedy
    type does (R_S = 3, T_G = 2, R_G = 1, c_r = 1, pi* = 1/2). Derivation: below pi*, S
    gesturing with probability 1/2 while G never does leaves the posterior 1 after the
    gesture (the receiver cooperates; G gains T_G - k = -1 < 0 by mimicking) and below
    mu0 < pi* after none (no cooperation), so S gets 0 either way. Above pi*, S always
    and G with probability 1/2 gesturing leaves the posterior mu0 / (mu0 + (1 - mu0)/2)
    > pi* after the gesture and 0 after none; G gets T_G - k = 0 either way, S gets
    R_S - k = 1 > 0 from the gesture. Both are PBE, missing from the closed form before."""
    half = F(1, 2)
    trust_low = mu < half
    k = 3 if trust_low else 2
    m = ReassuranceModel(mu, k)
    game = m.to_game()
    receiver = [[0, 1], [1, 0]]  # no cooperation after no gesture, cooperation after it
    if trust_low:
        sender, name = [[half, half], [1, 0]], "semi_separating_trustworthy_mixes"
    else:
        sender, name = [[0, 1], [half, half]], "semi_separating_greedy_mixes"
    assert is_pbe(game, sender, receiver)
    assert name in m.equilibrium_classes
    assert name in m.intuitive_classes and name in m.d1_classes
    point = SimpleNamespace(strategies=(np.array(sender, dtype=object),
                                        np.array(receiver, dtype=object)),
                            kind="semi-separating")
    assert ReassuranceModel.class_of(point) == name
    # solve_pbe lists the end points (separation and a pooling equilibrium) in one
    # component: the segment between them is the mixing class
    res = solve_pbe(game, exact=True)
    sep = [e for e in res if e.kind == "separating"]
    assert len(sep) == 1 and any(e.component == sep[0].component and e.kind == "pooling"
                                 for e in res)
    # the sweep flags agree
    flags = ReassuranceModel.evaluate({"trust": float(mu), "gesture_cost": float(k)})["equilibrium_classes"]
    assert int(flags) & CLASS_FLAGS[name]
    # and off the boundary the class is gone
    off = ReassuranceModel(mu, k - F(1, 10) if trust_low else k + F(1, 10))
    assert name not in off.equilibrium_classes


def test_intuitive_criterion_kills_no_trust_pooling():
    for k, fails in [(F(3, 2), False), (2, False), (F(5, 2), True), (F(29, 10), True),
                     (3, False), (4, False)]:
        res = solve_pbe(ReassuranceModel(F(3, 10), k).to_game(), refine="intuitive")
        kinds = {ReassuranceModel.class_of(e) for e in res}
        assert ("pooling_no_gesture_distrust" not in kinds) == fails
        for e in res.diagnostics["eliminated"]:
            (dev,) = e.refinements["intuitive"].failures
            assert (dev.message, dev.gaining_type) == ("gesture", "trustworthy")
            assert dev.gain == float(3 - F(k))


def test_no_separation_reasons():
    base = dict(trust=F(3, 10))
    assert ReassuranceModel(gesture_cost=F(5, 2), **base).no_separation_reason is None
    assert "too cheap" in ReassuranceModel(gesture_cost=1, **base).no_separation_reason
    assert "so it mimics" in ReassuranceModel(gesture_cost=1, **base).no_separation_reason
    assert "too expensive" in ReassuranceModel(gesture_cost=4, **base).no_separation_reason
    text = ReassuranceModel(gesture_cost=F(5, 2), value_trustworthy=2, temptation_greedy=3,
                            **base).no_separation_reason
    assert text.startswith("single crossing fails")
    same = ReassuranceModel(gesture_cost=F(5, 2), value_trustworthy=2, temptation_greedy=3,
                            value_greedy=2, **base)
    assert "can mimic the whole trustworthy path" in same.no_separation_reason
    # and indeed no gesture cost separates when types differ only in temptation
    for k in [F(1, 2), 2, F(5, 2), 3, 4]:
        res = solve_pbe(ReassuranceModel(F(3, 10), k, 2, 3, 2, 1).to_game())
        assert all(e.kind != "separating" for e in res)


def test_sympy_conditions_match_closed_forms():
    import sympy as sp

    cond = ReassuranceModel().symbolic_conditions()
    names = sp.symbols("mu0 k R_S T_G R_G c_r")
    for mu, k, rs, tg in [(F(3, 10), F(5, 2), 3, 2), (F(7, 10), 1, 3, 2), (F(3, 10), 1, 3, 2),
                          (F(7, 10), F(5, 2), 2, 3)]:
        m = ReassuranceModel(mu, k, rs, tg)
        subs = dict(zip(names, (mu, k, rs, tg, 1, 1)))
        for name in CLASS_FLAGS:
            assert bool(cond[name].subs(subs)) == (name in m.equilibrium_classes), name
        assert cond["trust_threshold"].subs(subs) == F(1, 2)


def test_sweep_class_map():
    import secdilemma

    ds = secdilemma.sweep(ReassuranceModel, {"gesture_cost": [1.0, 2.5, 4.0],
                                             "trust": [0.3, 0.7]},
                          fixed={"value_trustworthy": 3, "temptation_greedy": 2,
                                 "value_greedy": 1, "exploitation_loss": 1})
    flags = ds["equilibrium_classes"].values
    assert flags.tolist() == [[24, 38], [9, 37], [8, 4]]
    assert ds["separating_is_equilibrium"].values[:, 0].tolist() == [False, True, False]
    assert ds["intuitive_classes"].values[1, 0] == CLASS_FLAGS["separating"]
    assert ds["no_separation_reason"].values[:, 0].tolist() == [1, 0, 2]
    assert np.isclose(ds["max_cooperation_probability"].values[1, 0], 0.3)
    with pytest.raises(InvalidParameterError, match="trust must be < 1"):
        ReassuranceModel.evaluate({"trust": 1.0, "gesture_cost": 2.0})
    with pytest.raises(InvalidParameterError, match="value_greedy must be < temptation_greedy"):
        ReassuranceModel.evaluate({"trust": 0.3, "gesture_cost": 2.0, "value_greedy": 3})


@pytest.mark.parametrize("kwargs, match", [
    ({"trust": 0}, "trust must be > 0"),
    ({"gesture_cost": -1}, "gesture_cost must be > 0"),
    ({"exploitation_loss": 0}, "exploitation_loss must be > 0"),
    ({"value_greedy": 2}, "value_greedy must be < temptation_greedy"),
    ({"trust": "high"}, "trust must be a real number"),
])
def test_invalid_parameters(kwargs, match):
    with pytest.raises(InvalidParameterError, match=match):
        ReassuranceModel(**kwargs)


def test_continuous_gesture_least_cost_separation():
    m = ContinuousReassuranceModel(trust=F(3, 10))
    assert m.least_cost_separating_gesture == 2 and m.separating_gestures == (2, 3)
    assert ContinuousReassuranceModel(F(7, 10)).pooling_gestures == (0, 2)
    assert ContinuousReassuranceModel(F(3, 10), 2, 3).separating_gestures is None
    game = m.to_game([0, 1, 2, F(5, 2), 3])
    res = solve_pbe(game)
    seps = {int(np.argmax(e.sender[0])) for e in res if e.kind == "separating"}
    assert seps == {2, 3, 4}  # gestures 2, 5/2, 3 = [T_G, R_S]
    d1 = solve_pbe(game, refine="d1")
    assert {int(np.argmax(e.sender[0])) for e in d1 if e.kind == "separating"} == {2}
    with pytest.raises(InvalidParameterError, match="gestures must be distinct"):
        m.to_game([0, 0, 1])


def test_gradual_trust_path():
    path = gradual_trust_path(F(1, 5), [F(1, 2), F(1, 2)])
    assert path.odds == (F(1, 4), F(1, 2), F(1))
    assert path.trust == (F(1, 5), F(1, 3), F(1, 2))
    with pytest.raises(InvalidParameterError, match="betas"):
        gradual_trust_path(F(1, 5), [0])


@pytest.mark.parametrize("name", ["reassurance-regions", "intuitive-criterion"])
def test_reproductions(name, tmp_path):
    import secdilemma.reproduce.reassurance  # noqa: F401  (registers the entries)
    from secdilemma.reproduce import run

    checks = run(name, tmp_path, formats=("png",))
    assert checks and all(c.passed for c in checks), [c for c in checks if not c.passed]
    assert (tmp_path / f"{name}.png").exists()
