"""Jervis's four worlds: the vectorised closed-form path of DistinguishabilityModel
against the support enumeration (exact Fractions and the per-point float path), and the
map's region boundaries against curves derived by hand and against the model on both
sides of each curve.

Derivation of the boundaries (v = 1, g = 3, h = 1, L = 8, k = 1, μ = 3/5, the map's
parameters). X = v(2θ − 1) = 2θ − 1, Y = X + gθ = 5θ − 1, κ = k/(Lθ) = 1/(8θ),
c = h(2ρ − 1) = 2ρ − 1. With S → d, G → o, B's posteriors that A is greedy and chose o
are J⁺ = (1−μ)ρ / ((1−μ)ρ + μ(1−ρ)) = 2ρ/(3 − ρ) after an offensive signal and
J⁻ = (1−μ)(1−ρ) / ((1−μ)(1−ρ) + μρ) = 2(1 − ρ)/(2 + ρ) after a defensive one. The
equilibrium list (model docstring and ``_closed_form``) changes where
- Y = 0: θ = 1/5 (pooling on d for θ < 1/5);
- X = 0: θ = 1/2 (pooling on o for θ > 1/2);
- c = X: ρ = θ (S's mixing and the separating PBE need X < c);
- c = Y: ρ = 5θ/2 (G mixes iff Y < c; separating needs c < Y);
- J⁺ = κ: 2ρ/(3 − ρ) = 1/(8θ) ⟺ ρ = 3/(16θ + 1) (honest postures without arming need
  κ > J⁺);
- J⁻ = κ: 2(1 − ρ)/(2 + ρ) = 1/(8θ) ⟺ ρ = (16θ − 2)/(16θ + 1) (separating needs
  κ > J⁻; below, B arms after both signals: "other");
- κ = 1 − μ: θ = 5/16, where both posterior curves meet ρ = 1/2.
Hence the regions: pooling on d for θ < 1/5; honest postures below ρ = 3/(16θ + 1)
(1/5 < θ < 5/16); semi-separating above max(3/(16θ + 1), 5θ/2) (1/5 < θ < 1/2);
separating between max(3/(16θ + 1), (16θ − 2)/(16θ + 1)) and 5θ/2; "other multiple"
below (16θ − 2)/(16θ + 1) (5/16 < θ < 1/2); for θ > 1/2 pooling on o below
max(θ, (16θ − 2)/(16θ + 1)) and separating-or-pooling above. The curve 3/(16θ + 1)
meets 5θ/2 where 80θ² + 5θ − 6 = 0, θ = (−5 + √1945)/160; θ meets (16θ − 2)/(16θ + 1)
where 16θ² − 15θ + 2 = 0, θ = (15 + √97)/32; 5θ/2 leaves the map (ρ = 0.995) at
θ = 0.398.
"""

from __future__ import annotations

from fractions import Fraction as F
from math import sqrt

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.path import Path

from secdilemma.models.distinguishability import (REGIMES, DistinguishabilityModel,
                                                  _closed_form, regime_partition)
from secdilemma.plotting.misperception import four_worlds_map
from secdilemma.reproduce.misperception import (_WORLDS_FIXED, _WORLDS_RHO, _WORLDS_THETA,
                                                compute_four_worlds, partition_dataset)

M = DistinguishabilityModel
NAMES = [p.name for p in M.PARAMETERS]
FIXED = {"trust": 0.6, "posture_value": 1.0, "exploitation_gain": 3.0, "arming_loss": 1.0,
         "exploitation_loss": 8.0, "arms_cost": 1.0}
THETA_T = (-5 + sqrt(1945)) / 160        # 3/(16θ + 1) = 5θ/2
THETA_C = (15 + sqrt(97)) / 32           # θ = (16θ − 2)/(16θ + 1)
BY_HAND = {"rho = 1/2 + X/(2h)": lambda t: t,
           "rho = 1/2 + Y/(2h)": lambda t: 2.5 * t,
           "rho_A: J+ = kappa": lambda t: 3 / (16 * t + 1),
           "rho_B: J- = kappa": lambda t: (16 * t - 2) / (16 * t + 1)}
# (curve, θ from, θ to) of every boundary derived above, within the map
EXPECTED = [("theta", 0.2, 0.2), ("theta", 0.5, 0.5),
            ("rho_A: J+ = kappa", 0.2, 5 / 16),
            ("rho = 1/2 + Y/(2h)", THETA_T, 0.995 / 2.5),
            ("rho_B: J- = kappa", 5 / 16, THETA_C),
            ("rho = 1/2 + X/(2h)", THETA_C, 0.995)]


def exact_regime(vals):
    """Regime code and degenerate flag of the exact support enumeration at the exact
    values of float inputs."""
    summ, deg = M._summary(tuple(F(float(x)) for x in vals))
    return summ["regime"], deg


def float_regime(vals):
    summ, deg = M._summary(tuple(float(x) for x in vals))
    return summ, deg


def random_points(seed, n):
    rng = np.random.default_rng(seed)
    return {"offense_advantage": rng.uniform(0.001, 1, n),
            "distinguishability": rng.uniform(0.5, 0.999, n),
            "trust": rng.uniform(0.01, 0.99, n), "posture_value": rng.uniform(0.1, 3, n),
            "exploitation_gain": rng.uniform(0.05, 5, n), "arming_loss": rng.uniform(0.1, 3, n),
            "exploitation_loss": rng.uniform(0.5, 20, n), "arms_cost": rng.uniform(0.1, 3, n)}


# ------------------------------------------------------------------ the vectorised path
def test_closed_form_agrees_with_the_enumeration_on_random_points():
    """Regime for regime (and every metric) with the per-point float enumeration and
    the exact enumeration, on a seeded sample of the whole parameter space."""
    p = random_points(7, 400)
    out = M.evaluate(p)
    closed, near = _closed_form(*[p[q] for q in NAMES])
    assert near.mean() < 0.05                # the closed forms answer almost everywhere
    seen = set()
    for i in range(400):
        vals = [p[q][i] for q in NAMES]
        summ, deg = float_regime(vals)
        assert out["regime"][i] == summ["regime"] == exact_regime(vals)[0], vals
        assert out["degenerate"][i] == deg
        for key, val in summ.items():
            got = float(out[key][i])
            val = float(val)
            assert (np.isnan(got) and np.isnan(val)) or got == pytest.approx(val, abs=1e-9)
        seen.add(int(out["regime"][i]))
    assert seen >= {0, 1, 2, 3, 4, 5, 6}      # every regime with area was sampled


def test_closed_form_agrees_on_a_fine_grid_away_from_the_boundaries():
    """The map's parameters on a fine grid, points within 1e-3 of a derived boundary
    left out: closed form = per-point float enumeration everywhere, = exact on a subgrid."""
    t = np.linspace(0.013, 0.997, 90)
    r = np.linspace(0.501, 0.994, 70)
    T, R = (a.ravel() for a in np.meshgrid(t, r))
    near_curve = (np.abs(T - 0.2) < 1e-3) | (np.abs(T - 0.5) < 1e-3)
    for f in BY_HAND.values():
        near_curve |= np.abs(R - f(T)) < 1e-3
    T, R = T[~near_curve], R[~near_curve]
    out = M.evaluate({"offense_advantage": T, "distinguishability": R, **FIXED})
    fixed = [FIXED[q] for q in NAMES[2:]]
    for i in range(len(T)):
        summ, deg = float_regime([T[i], R[i], *fixed])
        assert out["regime"][i] == summ["regime"] and not deg, (T[i], R[i])
    for i in range(0, len(T), 23):
        assert out["regime"][i] == exact_regime([T[i], R[i], *fixed])[0], (T[i], R[i])


@pytest.mark.parametrize("vals, tie", [
    # (θ, ρ, μ, v, g, h, L, k), every tie exact in binary floating point
    ((0.5, 0.8, 0.6, 1, 3, 1, 8, 1), "X = 0"),
    ((0.5, 0.5, 0.6, 1, 3, 1, 8, 1), "X = 0, rho = 1/2"),
    ((0.25, 0.7, 0.6, 1, 2, 1, 8, 1), "Y = 0"),
    ((0.75, 0.75, 0.6, 1, 3, 1, 8, 1), "c = X"),
    ((0.375, 0.9375, 0.6, 1, 3, 1, 8, 1), "c = Y"),
    ((0.25, 0.75, 0.75, 1, 3, 1, 8, 1), "J+ = kappa"),
    ((0.25, 0.75, 0.25, 1, 3, 1, 8, 1), "J- = kappa"),
    ((0.75, 0.75, 0.25, 1, 3, 1, 2, 1), "J- = kappa, X > 0"),
    ((0.25, 0.8, 0.5, 1, 3, 1, 8, 1), "kappa = 1 - mu"),
    ((0.75, 0.9, 0.5, 1, 3, 1, 8, 3), "kappa = 1 - mu, X > 0"),
    ((0.5, 0.75, 0.5, 1, 3, 1, 8, 4), "X = 0 and kappa = 1"),
])
def test_the_convention_at_a_tie_is_the_exact_one(vals, tie):
    """On a boundary (weak or strict inequality, degenerate flag) the vectorised path
    answers as the exact enumeration; just off it too."""
    exact, deg = exact_regime(vals)
    out = M.evaluate(dict(zip(NAMES, vals)))
    assert (int(out["regime"]), bool(out["degenerate"])) == (exact, deg), tie
    for d in (-1e-6, 1e-6):
        for j in (0, 1):
            moved = list(vals)
            moved[j] = moved[j] + d
            if not 0.5 <= moved[1] <= 1:
                continue
            out = M.evaluate(dict(zip(NAMES, moved)))
            assert (int(out["regime"]), bool(out["degenerate"])) == exact_regime(moved), \
                (tie, moved)


@pytest.mark.parametrize("floats, exact", [
    ((0.2, 0.7), (F(1, 5), F(7, 10))),        # Y = 0 up to rounding
    ((0.2, 0.5), (F(1, 5), F(1, 2))),
    ((0.3, 0.75), (F(3, 10), F(3, 4))),       # c = Y up to rounding
    ((0.25, 0.6), (F(1, 4), F(3, 5))),        # J+ = kappa up to rounding
])
def test_a_tie_up_to_rounding_is_the_tie(floats, exact):
    """Decimal inputs on a boundary (not binary fractions): the float path answers as
    the exact model on the boundary the decimals name (flagged degenerate), not as the
    exact value of the rounded binary input."""
    out = M.evaluate({"offense_advantage": floats[0], "distinguishability": floats[1],
                      **FIXED})
    m = M(exact[0], exact[1], F(3, 5))
    summ, deg = M._summary((exact[0], exact[1], F(3, 5), 1, 3, 1, 8, 1))
    assert deg and m.degenerate
    assert (int(out["regime"]), bool(out["degenerate"])) == (summ["regime"], deg)


def test_scaled_payoffs_give_the_same_regimes():
    """Each player's payoffs scaled by 1e-9 .. 1e12: the closed forms compare ratios."""
    p = random_points(11, 200)
    ref = M.evaluate(p)["regime"]
    for scale in (1e-9, 1e-3, 1e6, 1e12):
        q = dict(p)
        for name in ("posture_value", "exploitation_gain", "arming_loss",
                     "exploitation_loss", "arms_cost"):
            q[name] = p[name] * scale
        assert (M.evaluate(q)["regime"] == ref).all(), scale


# ------------------------------------------------------------------ the drawn boundaries
@pytest.fixture(scope="module")
def drawn():
    ds = compute_four_worlds()
    ax = Figure().add_subplot()
    four_worlds_map(ds, ax)
    segs = [s for c in ax.collections if isinstance(c, LineCollection)
            for s in c.get_segments()]
    return ds, ax, segs


def _labelled(ds):
    out = []
    for name, t, r in zip(ds["boundary_curve"].values, ds["boundary_theta"].values,
                          ds["boundary_rho"].values):
        keep = np.isfinite(t)
        out.append((str(name), t[keep], r[keep]))
    return out


def test_drawn_curves_are_the_dataset_boundaries(drawn):
    ds, _, segs = drawn
    bounds = _labelled(ds)
    assert len(segs) == len(bounds)
    for seg, (_, t, r) in zip(segs, bounds):
        np.testing.assert_array_equal(seg, np.column_stack([t, r]))


def test_drawn_curves_lie_on_the_derived_curves(drawn):
    """Every vertex of every drawn boundary is on the curve derived by hand (module
    docstring), and together they cover exactly the derived boundaries."""
    ds, _, _ = drawn
    covered = []
    for name, t, r in _labelled(ds):
        if name.startswith("theta = "):
            assert np.ptp(t) == 0 and min(abs(t[0] - 0.2), abs(t[0] - 0.5)) < 1e-12
            covered.append(("theta", t[0], t[0], r.min(), r.max()))
        else:
            assert np.max(np.abs(r - BY_HAND[name](t))) < 1e-12, name
            covered.append((name, t.min(), t.max(), r.min(), r.max()))
    for name, a, b in EXPECTED:
        pieces = sorted((lo, hi, rlo, rhi) for n, lo, hi, rlo, rhi in covered
                        if n == name and lo <= b + 1e-9 and hi >= a - 1e-9)
        assert pieces, name
        if name == "theta":   # the whole height of the map
            assert pieces[0][2] == pytest.approx(0.5) and pieces[-1][3] == pytest.approx(0.995)
            continue
        assert pieces[0][0] == pytest.approx(a, abs=1e-9), name
        assert pieces[-1][1] == pytest.approx(b, abs=1e-9), name
        for (lo0, hi0, *_), (lo1, *_rest) in zip(pieces[:-1], pieces[1:]):
            assert hi0 == pytest.approx(lo1, abs=1e-12)           # no gap along the curve
    names = {n for n, *_ in covered}
    assert names == {n for n, *_ in EXPECTED}


def _piece_at(ds, theta, rho):
    """Regime codes of the drawn pieces containing the point."""
    codes = []
    for code, t, lo, hi in zip(ds["piece_code"].values, ds["piece_theta"].values,
                               ds["piece_lower"].values, ds["piece_upper"].values):
        keep = np.isfinite(t)
        t, lo, hi = t[keep], lo[keep], hi[keep]
        ring = np.vstack([np.column_stack([t, lo]), np.column_stack([t, hi])[::-1],
                          [[t[0], lo[0]]]])   # closed: CLOSEPOLY's own vertex is ignored
        if Path(ring, closed=True).contains_point((theta, rho)):
            codes.append(int(code))
    return codes


def test_the_regime_changes_across_every_drawn_curve(drawn):
    """Just on both sides of each drawn boundary (1e-5 away, ten points along it) the
    exact model's regimes differ, and each is the regime of the piece drawn there."""
    ds, _, _ = drawn
    fixed = [FIXED[q] for q in NAMES[2:]]
    for name, t, r in _labelled(ds):
        vertical = name.startswith("theta = ")
        for s in np.linspace(0.05, 0.95, 10):
            if vertical:
                th, rh = t[0], r[0] + s * (r[1] - r[0])
                sides = [(th - 1e-5, rh), (th + 1e-5, rh)]
            else:
                i = int(s * (len(t) - 1))
                th, rh = t[i], r[i]
                sides = [(th, rh - 1e-5), (th, rh + 1e-5)]
            got = []
            for x, y in sides:
                if not 0.5 <= y <= 0.995:
                    continue
                code = exact_regime([x, y, *fixed])[0]
                assert _piece_at(ds, x, y) == [code], (name, x, y)
                got.append(code)
            if len(got) == 2:
                assert got[0] != got[1], (name, th, rh)


def test_pieces_tile_the_map_and_match_the_sweep(drawn):
    ds, _, _ = drawn
    area = 0.0
    for t, lo, hi in zip(ds["piece_theta"].values, ds["piece_lower"].values,
                         ds["piece_upper"].values):
        keep = np.isfinite(t)
        area += np.trapezoid(hi[keep] - lo[keep], t[keep])
    assert area == pytest.approx((1 - 0.01) * (0.995 - 0.5), rel=1e-9)
    rng = np.random.default_rng(3)
    T, R = rng.uniform(0.01, 1, 300), rng.uniform(0.5, 0.995, 300)
    out = M.evaluate({"offense_advantage": T, "distinguishability": R, **FIXED})
    for th, rh, code in zip(T, R, out["regime"]):
        got = _piece_at(ds, th, rh)
        if len(got) == 1:           # on a boundary (measure zero) a point may be in two
            assert got == [code], (th, rh)


def test_the_partition_carries_its_parameters_through():
    """Another parameter set: the vertical lines move to θ = v/(2v + g) and 1/2 and
    every curve vertex still lies on a breakpoint curve of those parameters."""
    kw = dict(trust=0.4, posture_value=2.0, exploitation_gain=1.0, arming_loss=1.5,
              exploitation_loss=5.0, arms_cost=0.7)
    part = regime_partition((0.05, 0.95), (0.5, 0.99), **kw)
    mu, v, g, h, L, k = kw.values()
    verticals = {round(float(t[0]), 9) for n, t, _ in part.boundaries if n.startswith("theta")}
    assert verticals <= {round(v / (2 * v + g), 9), 0.5, round(k / (L * (1 - mu)), 9)}
    assert round(v / (2 * v + g), 9) in verticals
    for name, t, r in part.boundaries:
        if name.startswith("theta"):
            continue
        X, kappa = v * (2 * t - 1), k / (L * t)
        f = {"rho = 1/2 + X/(2h)": 0.5 + X / (2 * h),
             "rho = 1/2 + Y/(2h)": 0.5 + (X + g * t) / (2 * h),
             "rho_A: J+ = kappa": mu * kappa / (mu * kappa + (1 - mu) * (1 - kappa)),
             "rho_B: J- = kappa": (1 - mu) * (1 - kappa) / ((1 - mu) * (1 - kappa)
                                                             + mu * kappa)}[name]
        assert np.max(np.abs(r - f)) < 1e-12
    # and the pieces' regimes agree with the model on a grid
    T, R = np.meshgrid(np.linspace(0.06, 0.94, 23), np.linspace(0.51, 0.98, 17))
    out = M.evaluate({"offense_advantage": T.ravel(), "distinguishability": R.ravel(),
                      **kw})
    ds = partition_dataset(part)
    for th, rh, code, deg in zip(T.ravel(), R.ravel(), out["regime"], out["degenerate"]):
        got = _piece_at(ds, th, rh)
        if len(got) == 1 and not deg:      # a degenerate point lies on a boundary line
            assert got == [code], (th, rh, REGIMES[code])


def test_the_map_uses_the_reproduction_rectangle():
    ds = compute_four_worlds()
    assert float(ds["offense_advantage"].min()) == _WORLDS_THETA[0]
    assert float(ds["distinguishability"].max()) == _WORLDS_RHO[1]
    assert {k: float(v) for k, v in _WORLDS_FIXED.items()} == FIXED


def test_bad_partition_arguments():
    from secdilemma.errors import InvalidParameterError
    with pytest.raises(InvalidParameterError, match="theta_range"):
        regime_partition((0, 1), (0.5, 0.9), trust=0.6)
    with pytest.raises(InvalidParameterError, match="rho_range"):
        regime_partition((0.1, 1), (0.5, 1), trust=0.6)
    with pytest.raises(InvalidParameterError, match="trust"):
        regime_partition((0.1, 1), (0.5, 0.9), trust=1.0)
