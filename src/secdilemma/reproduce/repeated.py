"""Reproductions for repeated interaction (Mailath and Samuelson 2006; Abreu and Sannikov
2014) and action–reaction dynamics (Richardson 1960).

Three entries:

``critical-discount-factors``
    Critical discount factors of grim trigger, tit-for-tat (Nash), win-stay-lose-shift,
    contrite tit-for-tat and k-period punishments in the prisoner's dilemma
    (R, S, T, P) = (3, 0, 5, 1), exactly at noise 0 (grim 1/2, TFT-Nash 2/3, TFT never
    SPE, WSLS never SPE) and against the noise ε ∈ [0, 1/5] (exact, ε in steps of 1/50).
``abreu-sannikov-payoff-sets``
    The pure-strategy SPE payoff sets of the prisoner's dilemma
    [[(9,9),(1,10)],[(10,1),(3,3)]] and of Abreu and Sannikov's 3×3 game across δ,
    drawn over the feasible sets, with the published vertices as checks.
``richardson-arms-race``
    Trajectories of Richardson's model dx/dt = 2y − 5x + 5, dy/dt = 2x − 3y + 5 converging
    to (25/11, 35/11), with nullclines; and an unstable race (ab < kl) that runs away.

Every checked value is computed by the package's solvers and models; only the expected
values come from the literature or its closed forms.
"""

from __future__ import annotations

from fractions import Fraction
from functools import partial

import numpy as np

from ..analysis.repeated_sweeps import critical_discount_grid, payoff_set_area_grid
from ..models.repeated_grids import symmetric_stage
from ..games.automaton import CLASSIC_STRATEGIES, k_period_punishment
from ..games.normal_form import bimatrix
from ..models.richardson import RichardsonModel
from ..plotting.dynamics import phase_portrait_panels
from ..plotting.repeated import critical_discount_plot, payoff_set_panels
from ..solvers import _polygon as poly
from ..solvers.payoff_set import equilibrium_payoff_set
from ..solvers.repeated import critical_discount_factor
from .entry import Check, Reproduction

__all__ = [
    "PD_PAYOFFS",
    "CRITICAL_STRATEGIES",
    "compute_critical_discount",
    "check_critical_discount",
    "CRITICAL_DISCOUNT",
    "PAYOFF_SET_GAMES",
    "PAYOFF_SET_DISCOUNTS",
    "compute_payoff_sets",
    "check_payoff_sets",
    "PAYOFF_SETS",
    "RICHARDSON_STABLE",
    "RICHARDSON_UNSTABLE",
    "compute_richardson",
    "check_richardson",
    "RICHARDSON",
    "ENTRIES",
]

# ======================================================================================
# (a) critical discount factors against noise

#: The prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0) of Axelrod (1984).
PD_PAYOFFS = {"reward": 3, "sucker": 0, "temptation": 5, "punishment": 1}

#: (label, strategy factory name / k, concept) of the curves, in drawing order.
CRITICAL_STRATEGIES = (
    ("grim trigger", "grim_trigger", "spe"),
    ("2-period punishment", 2, "spe"),
    ("3-period punishment", 3, "spe"),
    ("contrite TFT", "contrite_tit_for_tat", "spe"),
    ("TFT (Nash)", "tit_for_tat", "nash"),
    ("TFT (SPE)", "tit_for_tat", "spe"),
    ("WSLS (SPE)", "win_stay_lose_shift", "spe"),
    ("1-period punishment", 1, "spe"),
)

#: Noise levels: ε = 0, 1/50, ..., 1/5 (exact).
_NOISE = tuple(Fraction(i, 50) for i in range(11))


def _automaton(spec):

    return k_period_punishment(spec) if isinstance(spec, int) else CLASSIC_STRATEGIES[spec]()


def compute_critical_discount():
    """Critical δ of the classic strategies over the noise ε, exactly.

    Returns
    -------
    xarray.Dataset
        ``critical_discount`` and ``upper_discount`` over (``strategy``, ``noise``)
        from :func:`~secdilemma.analysis.repeated_sweeps.critical_discount_grid` (NaN:
        never an equilibrium); attributes hold the exact sets at ε = 0 (as strings) from
        :func:`~secdilemma.solvers.repeated.critical_discount_factor`.
    """
    import xarray as xr  # measured import cost: loaded on first use

    stage = symmetric_stage(**PD_PAYOFFS)
    parts, attrs = [], {"title": "Critical discount factors, PD (T,R,P,S) = (5,3,1,0)"}
    for k, (label, spec, concept) in enumerate(CRITICAL_STRATEGIES):
        ds = critical_discount_grid(_automaton(spec), noise=list(_NOISE), concept=concept,
                                    **PD_PAYOFFS)
        parts.append(ds[["critical_discount", "upper_discount"]])
        exact0 = critical_discount_factor(stage, _automaton(spec), concept=concept)
        attrs[f"set_at_zero_noise_{k}"] = exact0.description
        attrs[f"threshold_at_zero_noise_{k}"] = ("empty" if exact0.is_empty
                                                 else str(exact0.threshold))
    labels = [c[0] for c in CRITICAL_STRATEGIES]
    out = xr.concat(parts, dim="strategy")
    out = out.assign_coords(strategy=("strategy", np.arange(len(labels))))
    out["strategy_label"] = ("strategy", np.array(labels, dtype=str))
    out["concept"] = ("strategy", np.array([c[2] for c in CRITICAL_STRATEGIES], dtype=str))
    out["noise"].attrs["long_name"] = "noise ε (probability an action is flipped)"
    out.attrs = attrs
    return out


def _index(ds, label):
    return [str(s) for s in ds["strategy_label"].values].index(label)


def check_critical_discount(ds) -> list[Check]:
    """The closed forms at ε = 0 (exact; Mailath and Samuelson 2006), and
    properties of the curves."""
    import sympy  # measured import cost: loaded on first use

    a = ds.attrs
    R, S, T, P = (Fraction(PD_PAYOFFS[n]) for n in ("reward", "sucker", "temptation",
                                                     "punishment"))

    def thr(label):
        return a[f"threshold_at_zero_noise_{_index(ds, label)}"]

    def desc(label):
        return a[f"set_at_zero_noise_{_index(ds, label)}"]

    def curve(label):
        return np.asarray(ds["critical_discount"].isel(strategy=_index(ds, label)).values)

    golden = (np.sqrt(5) - 1) / 2  # root of δ + δ² = 1: (R-P)δ(1+δ) = T-R
    k3 = float(sympy.nsolve(sympy.Symbol("d") + sympy.Symbol("d") ** 2
                            + sympy.Symbol("d") ** 3 - 1, 0.5))
    grim = curve("grim trigger")
    checks = [
        Check.compare("grim trigger SPE: critical δ = (T-R)/(T-P) (exact)",
                      Fraction(thr("grim trigger")), (T - R) / (T - P)),
        Check.compare("TFT Nash: critical δ = max((T-R)/(T-P), (T-R)/(R-S)) (exact)",
                      Fraction(thr("TFT (Nash)")), max((T - R) / (T - P), (T - R) / (R - S))),
        Check.compare("TFT is never an SPE (exact)", desc("TFT (SPE)"), "empty"),
        Check.compare("WSLS is never an SPE: 2R = T + P (exact)", desc("WSLS (SPE)"), "empty"),
        Check.compare("1-period punishment never SPE: (R-P)δ < T-R (exact)",
                      desc("1-period punishment"), "empty"),
        Check.compare("2-period punishment: δ + δ² = 1, δ = (√5 - 1)/2",
                      float(curve("2-period punishment")[0]), float(golden), tol=1e-12),
        Check.compare("3-period punishment: δ + δ² + δ³ = 1",
                      float(curve("3-period punishment")[0]), k3, tol=1e-12),
        Check.compare("grim trigger: critical δ rises with noise (strictly, on the grid)",
                      bool(np.all(np.diff(grim) > 0)), True),
        Check.compare("TFT Nash only without noise: NaN for every ε > 0",
                      bool(np.all(np.isnan(curve("TFT (Nash)")[1:]))), True),
        Check.compare("contrite TFT is an SPE at ε = 1/5 (Boyd 1989)",
                      bool(np.isfinite(curve("contrite TFT")[-1])), True),
    ]
    return checks


CRITICAL_DISCOUNT = Reproduction(
    name="critical-discount-factors",
    title=("Critical discount factors of grim trigger, TFT, WSLS, contrite TFT and "
           "k-period punishment in the PD (5,3,1,0) against noise"),
    citation="mailath2006, axelrod1984, nowak1993, boyd1989",
    compute=compute_critical_discount,
    check=check_critical_discount,
    draw=critical_discount_plot,
    figsize=(3.4, 3.0),
    description=("Exact critical δ (sympy roots of the one-shot deviation constraints; "
                 "Nash via best-response MDPs) for ε = 0, 1/50, ..., 1/5."),
)

# ======================================================================================
# (b) Abreu-Sannikov payoff sets

#: The two stage games (player 0's and player 1's payoff matrices): a prisoner's dilemma
#: and the 3×3 example game of Abreu and Sannikov (2014), as in QuantEcon's tests.
PAYOFF_SET_GAMES = {
    "prisoners_dilemma": ([[9, 1], [10, 3]], [[9, 10], [1, 3]]),
    "abreu_sannikov_3x3": ([[16, 3, 0], [21, 10, -1], [9, 5, -5]],
                           [[9, 13, 3], [1, 4, 0], [0, -4, -15]]),
}

#: Panel titles of the figure, by game.
_PANEL_TITLES = {"prisoners_dilemma": "Prisoner's dilemma",
                 "abreu_sannikov_3x3": "Abreu–Sannikov 3×3 game"}

#: The discount factors drawn.
PAYOFF_SET_DISCOUNTS = (0.1, 0.2, 0.248, 0.3, 0.5, 0.75, 0.9)

#: The published vertices of the 3×3 game at δ = 0.3 (QuantEcon.py / GameTheory.jl tests).
_AS_VERTICES = ((7.33770472, 10.9826253), (1.1256824, 2.8), (7.33770472, 0.0),
                (7.86308964, 0.0), (19.7917977, 2.8), (15.5630896, 9.1))

#: δ grid for the area/dimension curves (0, 0.01, ..., 0.95).
_AREA_DISCOUNTS = tuple(i / 100 for i in range(96))


def _stage(name):

    A, B = PAYOFF_SET_GAMES[name]
    return bimatrix(A, B)


def compute_payoff_sets():
    """Payoff sets of both games at :data:`PAYOFF_SET_DISCOUNTS`, the feasible sets,
    the area and dimension over a δ grid, and exact answers for the checks.

    Returns
    -------
    xarray.Dataset
        ``vertices`` over (``game``, ``discount``, ``vertex``, ``coordinate``), NaN
        padded, with ``num_vertices``, ``dimension``; ``feasible`` (the convex hull of
        the stage payoffs, padded) and ``minmax``; ``area`` / ``area_dimension`` over
        (``game``, ``area_discount``); attributes with exact vertices (strings) at
        δ = 3/4 and 9/10 and the dimensions around δ = 1/7 and 1/4.
    """
    import xarray as xr  # measured import cost: loaded on first use

    games = list(PAYOFF_SET_GAMES)
    nd, nv = len(PAYOFF_SET_DISCOUNTS), 12
    verts = np.full((len(games), nd, nv, 2), np.nan)
    nverts = np.zeros((len(games), nd), dtype=np.int64)
    dims = np.zeros((len(games), nd), dtype=np.int64)
    feas = np.full((len(games), nv, 2), np.nan)
    minmax = np.zeros((len(games), 2))
    areas, adims = [], []
    for g, name in enumerate(games):
        stage = _stage(name)
        for d, delta in enumerate(PAYOFF_SET_DISCOUNTS):
            res = equilibrium_payoff_set(stage, delta)
            verts[g, d, :len(res.vertices)] = res.vertices
            nverts[g, d], dims[g, d] = len(res.vertices), res.dimension
            minmax[g] = res.minmax_payoffs
        pts = [(float(a), float(b)) for a, b in zip(stage.payoffs[0].ravel(),
                                                    stage.payoffs[1].ravel())]
        hull = poly.convex_hull(pts)
        feas[g, :len(hull)] = hull
        sweep = payoff_set_area_grid(stage, list(_AREA_DISCOUNTS))
        areas.append(sweep["area"].values)
        adims.append(sweep["dimension"].values)
    pd = _stage("prisoners_dilemma")
    attrs = {"title": "Abreu-Sannikov SPE payoff sets across the discount factor"}
    for key, delta in (("3/4", Fraction(3, 4)), ("9/10", Fraction(9, 10))):
        res = equilibrium_payoff_set(pd, delta, exact=True)
        attrs[f"pd_exact_vertices_{key.replace('/', '_')}"] = (
            "; ".join(f"{x},{y}" for x, y in res.exact_vertices)
            if res.exact_vertices is not None else "none")
    for key, delta in (("below_1_7", Fraction(1, 7) - Fraction(1, 1000)),
                       ("at_1_7", Fraction(1, 7)),
                       ("at_6_25", Fraction(6, 25)),
                       ("at_1_4", Fraction(1, 4))):
        res = equilibrium_payoff_set(pd, delta, exact=True)
        attrs[f"pd_dimension_{key}"] = res.dimension
        attrs[f"pd_vertices_{key}"] = "; ".join(f"{x},{y}" for x, y in res.exact_vertices)
    # the segment turns into a polygon at δ* = 36√7 − 95 (see check_payoff_sets)
    star = 36 * np.sqrt(7) - 95
    for key, delta in (("below_star", star - 1e-6), ("above_star", star + 1e-6),
                       ("at_0_249", 0.249)):
        res = equilibrium_payoff_set(pd, delta)
        attrs[f"pd_dimension_{key}"] = res.dimension
        attrs[f"pd_max_payoff_{key}"] = float(res.vertices[:, 0].max())
    return xr.Dataset(
        {
            "vertices": (("game", "discount", "vertex", "coordinate"), verts,
                         {"long_name": "vertices of the SPE payoff set (NaN padded)"}),
            "num_vertices": (("game", "discount"), nverts),
            "dimension": (("game", "discount"), dims),
            "feasible": (("game", "vertex", "coordinate"), feas,
                         {"long_name": "vertices of the feasible set (NaN padded)"}),
            "minmax": (("game", "coordinate"), minmax,
                       {"long_name": "pure-action minmax payoffs"}),
            "area": (("game", "area_discount"), np.array(areas)),
            "area_dimension": (("game", "area_discount"), np.array(adims)),
        },
        coords={"game": ("game", np.arange(len(games))),
                "game_name": ("game", np.array(games, dtype=str)),
                "discount": ("discount", np.array(PAYOFF_SET_DISCOUNTS)),
                "area_discount": ("area_discount", np.array(_AREA_DISCOUNTS)),
                "vertex": ("vertex", np.arange(nv)),
                "coordinate": ("coordinate", np.array([0, 1]))},
        attrs=attrs)


def _game_index(ds, name):
    return [str(s) for s in ds["game_name"].values].index(name)


def _vertices(ds, game, delta):
    g = _game_index(ds, game)
    d = int(np.flatnonzero(np.isclose(ds["discount"].values, delta))[0])
    n = int(ds["num_vertices"].values[g, d])
    return np.asarray(ds["vertices"].values[g, d, :n], dtype=float)


def check_payoff_sets(ds) -> list[Check]:
    """The published vertices (the QuantEcon.py / GameTheory.jl tests of the Abreu and
    Sannikov 2014 algorithm) and the degenerate cases."""
    a = ds.attrs
    expected_pd = [(3, 3), (9.75, 3), (9, 9), (3, 9.75)]
    expected_exact = "3,3; 39/4,3; 9,9; 3,39/4"
    checks = []
    for delta in (0.9, 0.75):
        got = _vertices(ds, "prisoners_dilemma", delta)
        err = max(min(np.hypot(*(got - np.array(v)).T)) for v in expected_pd) \
            if len(got) == 4 else np.inf
        checks.append(Check.compare(f"PD δ = {delta}: 4 vertices (3,3),(9.75,3),(9,9),"
                                    f"(3,9.75), max distance", float(err), 0.0, tol=1e-9))
    checks.append(Check.compare("PD δ = 3/4 exact vertices", a["pd_exact_vertices_3_4"],
                                expected_exact))
    checks.append(Check.compare("PD δ = 9/10 exact vertices", a["pd_exact_vertices_9_10"],
                                expected_exact))
    checks.append(Check.compare("PD just below δ = 1/7: a point", int(a["pd_dimension_below_1_7"]),
                                0))
    checks.append(Check.compare("PD point = (3,3)", a["pd_vertices_below_1_7"], "3,3"))
    checks.append(Check.compare("PD at δ = 1/7: the segment (3,3)-(9,9)",
                                a["pd_vertices_at_1_7"], "3,3; 9,9"))
    checks.append(Check.compare("PD at δ = 6/25: still the segment", a["pd_vertices_at_6_25"],
                                "3,3; 9,9"))
    checks.append(Check.compare("PD at δ = 1/4: the whole feasible IR set (exact)",
                                a["pd_vertices_at_1_4"], expected_exact))
    # Our closed form: the extreme point (3, M) is generated by (C, D) with continuation
    # on the edge (M, 3)-(9, 9) at player 1's incentive bound 3 + 2(1-δ)/δ, so u = M - 9
    # solves u² - (1-δ)u + 12(1-4δ) = 0; a real root exists iff δ² + 190δ - 47 >= 0,
    # i.e. δ >= δ* = 36√7 - 95 ≈ 0.24705 (below it only the segment survives).
    checks.append(Check.compare("PD segment just below δ* = 36√7 - 95",
                                int(a["pd_dimension_below_star"]), 1))
    checks.append(Check.compare("PD polygon just above δ* = 36√7 - 95",
                                int(a["pd_dimension_above_star"]), 2))
    d = 0.249
    u = ((1 - d) + np.sqrt((1 - d) ** 2 - 48 * (1 - 4 * d))) / 2
    checks.append(Check.compare("PD δ = 0.249: largest payoff 9 + u(δ) (closed form)",
                                float(a["pd_max_payoff_at_0_249"]), float(9 + u), tol=1e-9))
    got = _vertices(ds, "abreu_sannikov_3x3", 0.3)
    checks.append(Check.compare("3x3 game δ = 0.3: number of vertices", len(got), 6))
    err = max(float(min(np.hypot(*(got - np.array(v)).T))) for v in _AS_VERTICES)
    checks.append(Check.compare("3x3 game δ = 0.3: max distance to the published vertices",
                                err, 0.0, tol=1e-7))
    area = np.asarray(ds["area"].values, dtype=float)
    checks.append(Check.compare("the area grows with δ (both games, δ grid)",
                                bool(np.all(np.diff(area, axis=1) >= -1e-9)), True))
    return checks


PAYOFF_SETS = Reproduction(
    name="abreu-sannikov-payoff-sets",
    title=("Pure-strategy SPE payoff sets (Abreu-Sannikov algorithm) of the PD "
           "[[(9,9),(1,10)],[(10,1),(3,3)]] and a 3x3 game across the discount factor"),
    citation="abreu1990, abreu2014",
    compute=compute_payoff_sets,
    check=check_payoff_sets,
    draw=partial(payoff_set_panels, titles=_PANEL_TITLES),
    figsize=(6.8, 3.2),
    description="Vertices from equilibrium_payoff_set; exact certificates for the PD.",
)

# ======================================================================================
# (c) Richardson arms race

#: A stable Richardson (1960) race: dx/dt = 2y − 5x + 5, dy/dt = 2x − 3y + 5.
RICHARDSON_STABLE = {"reaction_x": 2, "reaction_y": 2, "fatigue_x": 5, "fatigue_y": 3,
                     "grievance_x": 5, "grievance_y": 5}
#: An unstable race (a b = 4 < k l = 9): dx/dt = 3y − 2x + 1, dy/dt = 3x − 2y + 1.
RICHARDSON_UNSTABLE = {"reaction_x": 3, "reaction_y": 3, "fatigue_x": 2, "fatigue_y": 2,
                       "grievance_x": 1, "grievance_y": 1}

#: Panel titles of the figure: the stable race, the runaway race.
_PHASE_TITLES = (r"$ab > kl$: stable ($x^* = 25/11,\ y^* = 35/11$)",
                 r"$ab < kl$: runaway race (saddle at $(-1,-1)$)")

_STARTS = ((0.0, 0.0), (6.0, 0.0), (0.0, 6.0), (6.0, 6.0), (3.0, 0.5), (0.5, 4.5))
_UNSTABLE_STARTS = ((0.0, 0.0), (2.0, 0.0), (0.0, 2.0), (1.0, 0.5))


def compute_richardson():
    """Trajectories, nullclines and vector fields of both Richardson systems.

    Returns
    -------
    xarray.Dataset
        ``trajectory`` over (``system``, ``start``, ``time``, ``coordinate``) from
        :meth:`~secdilemma.models.RichardsonModel.trajectory` (closed form), the
        ``velocity`` field on a grid, the rest points and eigenvalues; attributes hold
        the exact equilibria and eigenvalues (strings).
    """
    import xarray as xr  # measured import cost: loaded on first use

    systems = (RichardsonModel(**RICHARDSON_STABLE), RichardsonModel(**RICHARDSON_UNSTABLE))
    times = (np.linspace(0.0, 10.0, 201), np.linspace(0.0, 3.5, 201))
    ns = max(len(_STARTS), len(_UNSTABLE_STARTS))
    traj = np.full((2, ns, 201, 2), np.nan)
    starts = np.full((2, ns, 2), np.nan)
    grid = np.linspace(0.0, 8.0, 13)
    field = np.zeros((2, len(grid), len(grid), 2))
    rest = np.zeros((2, 2))
    eig = np.zeros((2, 2))
    attrs = {"title": "Richardson arms races"}
    for s, (model, t, pts) in enumerate(zip(systems, times, (_STARTS, _UNSTABLE_STARTS))):
        for k, (x0, y0) in enumerate(pts):
            traj[s, k] = model.trajectory(x0, y0, t)
            starts[s, k] = (x0, y0)
        X, Y = np.meshgrid(grid, grid, indexing="xy")
        vx, vy = model.velocity(X.astype(float), Y.astype(float))
        field[s] = np.stack([np.asarray(vx, float), np.asarray(vy, float)], axis=-1)
        eq = model.equilibrium
        rest[s] = [float(eq[0]), float(eq[1])]
        eig[s] = model.eigenvalues
        attrs[f"equilibrium_{s}"] = f"{eq[0]},{eq[1]}"
        attrs[f"exact_eigenvalues_{s}"] = "; ".join(str(e) for e in model.exact_eigenvalues)
        attrs[f"is_stable_{s}"] = int(model.is_stable)
        attrs[f"determinant_{s}"] = str(model.determinant)
        for name, value in model.to_dict().items():
            attrs[f"{name}_{s}"] = value
    return xr.Dataset(
        {
            "trajectory": (("system", "start", "time_index", "coordinate"), traj),
            "time": (("system", "time_index"), np.array(times)),
            "start_point": (("system", "start", "coordinate"), starts),
            "velocity": (("system", "grid_y", "grid_x", "coordinate"), field),
            "rest_point": (("system", "coordinate"), rest),
            "eigenvalues": (("system", "eigen"), eig),
        },
        coords={"system": ("system", np.array([0, 1])),
                "system_name": ("system", np.array(["stable", "unstable"], dtype=str)),
                "grid_x": ("grid_x", grid), "grid_y": ("grid_y", grid),
                "coordinate": ("coordinate", np.array([0, 1]))},
        attrs=attrs)


def check_richardson(ds) -> list[Check]:
    """Equilibrium (exact), eigenvalues −4 ± √5, stability, convergence, divergence."""
    import sympy  # measured import cost: loaded on first use

    a = ds.attrs
    x, y = (Fraction(v) for v in a["equilibrium_0"].split(","))
    # the attribute is compared as text (sympy's canonical printing of the exact values):
    # strings read from a dataset are never parsed by sympy (sympify evaluates code)
    lam = [e.strip() for e in a["exact_eigenvalues_0"].split(";")]
    expected = [-4 - sympy.sqrt(5), -4 + sympy.sqrt(5)]
    traj = np.asarray(ds["trajectory"].values, dtype=float)
    n0 = len(_STARTS)
    final = traj[0, :n0, -1]
    dist = float(np.max(np.hypot(final[:, 0] - float(x), final[:, 1] - float(y))))
    far = traj[1, :len(_UNSTABLE_STARTS), -1]
    rest_u = np.asarray(ds["rest_point"].values[1], dtype=float)
    return [
        Check.compare("equilibrium x* = 25/11 (exact)", x, Fraction(25, 11)),
        Check.compare("equilibrium y* = 35/11 (exact)", y, Fraction(35, 11)),
        Check.compare("eigenvalues = -4 ± √5 (exact)",
                      lam == [str(q) for q in expected], True),
        Check.compare("eigenvalues (float) -4 - √5", float(ds["eigenvalues"].values[0, 0]),
                      -4 - np.sqrt(5), tol=1e-12),
        Check.compare("eigenvalues (float) -4 + √5", float(ds["eigenvalues"].values[0, 1]),
                      -4 + np.sqrt(5), tol=1e-12),
        Check.compare("stable: ab > kl", bool(int(a["is_stable_0"])), True),
        Check.compare(f"all {n0} trajectories reach (25/11, 35/11) by t = 10 (max distance)",
                      dist, 0.0, tol=1e-6),
        Check.compare("unstable example: ab - kl = 4 - 9", Fraction(a["determinant_1"]),
                      Fraction(-5)),
        Check.compare("unstable example is not stable", bool(int(a["is_stable_1"])), False),
        Check.compare("unstable example: every trajectory runs away (x + y > 50 at t = 3.5)",
                      bool(np.all(far.sum(axis=1) > 50)), True),
        Check.compare("unstable rest point (-1, -1): a saddle outside the positive quadrant",
                      (float(rest_u[0]), float(rest_u[1])), (-1.0, -1.0)),
    ]


RICHARDSON = Reproduction(
    name="richardson-arms-race",
    title=("Richardson arms race dx/dt = 2y - 5x + 5, dy/dt = 2x - 3y + 5: convergence "
           "to (25/11, 35/11); a runaway race when ab < kl"),
    citation="richardson1960",
    compute=compute_richardson,
    check=check_richardson,
    draw=partial(phase_portrait_panels, titles=_PHASE_TITLES),
    figsize=(6.8, 3.3),
    description="Closed-form trajectories (matrix exponential) from several starts.",
)

#: The reproductions of this module, in the order of the report.
ENTRIES = (CRITICAL_DISCOUNT, PAYOFF_SETS, RICHARDSON)
