"""Reproductions of reassurance by costly signals (Kydd 2000; our formalisation).

Two entries, both checked against the closed forms of our formalisation of Kydd (2000)
(R_S = 3, T_G = 2, R_G = 1, c_r = 1, so π_r* = 1/2):

``reassurance-regions``
    The map of perfect Bayesian equilibrium classes of
    :class:`~secdilemma.models.reassurance.ReassuranceModel` over the gesture cost k̄ and
    the prior trust μ₀. Checks: π_r* = 1/2; at μ₀ = 0.3 a separating equilibrium exists
    iff k̄ ∈ [2, 3] (closed forms on an exact grid containing 2 and 3); and, at sample
    points, the classes found by :func:`~secdilemma.solvers.pbe.solve_pbe` on the
    model's game equal the closed forms.
``intuitive-criterion``
    Along k̄ at μ₀ = 0.3: which equilibria exist and which survive the Intuitive
    Criterion (Cho and Kreps 1987), computed by ``solve_pbe(refine="intuitive")``. The
    pooling equilibrium without gesture and without trust fails it for T_G < k̄ < R_S
    (at k̄ = R_S the trustworthy type only breaks even by deviating, so the strict test
    of Cho and Kreps does not eliminate it); separation survives wherever it exists.

Every checked value is computed by the package (closed forms, sweep, solver); only the
expected values come from the closed forms (Kydd 2000; Cho and Kreps 1987).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from functools import partial
from types import SimpleNamespace

import numpy as np

from ..analysis.sweep import sweep
from ..models.reassurance import CLASS_FLAGS, ReassuranceModel, class_flag_attrs
from ..plotting.signaling import reassurance_region_map, refinement_dot_chart
from ..solvers.pbe import is_pbe, solve_pbe
from .entry import Check, Reproduction

__all__ = ["REASSURANCE_FIXED", "compute_regions", "check_regions", "REGIONS_MAP",
           "compute_intuitive", "check_intuitive", "INTUITIVE", "REGIONS", "ENTRIES"]

#: The fixed parameters (R_S, T_G, R_G, c_r).
REASSURANCE_FIXED = {"value_trustworthy": 3, "temptation_greedy": 2, "value_greedy": 1,
                     "exploitation_loss": 1}
_PRIOR = Fraction(3, 10)

#: The regions of the map: (bit flags of the classes present, code name, legend label).
REGIONS = (
    (8 | 16, "distrust_or_semi", "no-trust pooling; semi-separating"),
    (8 | 1, "distrust_or_separating", "no-trust pooling; separating"),
    (8, "distrust_only", "no-trust pooling only"),
    (2 | 4 | 32, "trust_pooling_any_gesture", "pooling on gesture / no gesture; hybrid"),
    (1 | 4 | 32, "trust_or_separating", "trust without gesture; separating; hybrid"),
    (4, "trust_only", "trust without gesture only"),
)
_REGION_COLORS = ("#E69F00", "#009E73", "#D55E00", "#56B4E9", "#0072B2", "#CC79A7")

#: Sample points (k̄, μ₀) where the solver is compared with the closed forms.
_SAMPLES = tuple((Fraction(k), mu) for k in ("1", "2", "5/2", "3", "7/2")
                 for mu in (Fraction(3, 10), Fraction(7, 10)))
#: Vertical guides of the figures: k̄ = T_G and k̄ = R_S.
_GUIDES = {r"$T_G$": REASSURANCE_FIXED["temptation_greedy"],
           r"$R_S$": REASSURANCE_FIXED["value_trustworthy"]}


def _key(k, mu) -> str:
    """A NetCDF-safe attribute suffix for a sample point."""
    return f"k{float(k):g}_mu{float(mu):g}"


def _model(k, mu):

    return ReassuranceModel(trust=mu, gesture_cost=k, **REASSURANCE_FIXED)


def _solver_classes(model, refine=None) -> str:

    game = model.to_game()
    res = solve_pbe(game, refine=refine, exact=True)
    found = {ReassuranceModel.class_of(e) for e in res}
    # the classes on the segments of equilibria between extreme points of one component
    # (e.g. the trustworthy type mixing at k = R_S), each midpoint checked exactly
    for a, b in itertools.combinations(res, 2):
        if a.component == b.component:
            s, r = ([[(x + y) / 2 for x, y in zip(ra, rb)] for ra, rb in zip(pa, pb)]
                    for pa, pb in zip(a.exact_strategies, b.exact_strategies))
            if is_pbe(game, s, r):
                kind = "separating" if not any(x and y for x, y in zip(*s)) else "hybrid"
                mid = SimpleNamespace(strategies=(np.array(s, dtype=object),
                                                  np.array(r, dtype=object)),
                                      kind="pooling" if s[0] == s[1] else kind)
                found.add(ReassuranceModel.class_of(mid))
    return ",".join(sorted(found, key=lambda n: CLASS_FLAGS.get(n, 99)))


# ---------------------------------------------------------------------------------------
# (a) the class map


def compute_regions():
    """Sweep the closed-form class map and solve sample points with ``solve_pbe``.

    Returns
    -------
    xarray.Dataset
        ``equilibrium_classes`` and ``intuitive_classes`` (bit flags, CF ``flag_masks``)
        and ``region`` (codes of :data:`REGIONS`, CF ``flag_values``) over
        ``gesture_cost`` (80 cell centres on (0, 4)) × ``trust`` (40 cell centres on
        (0, 1)); ``separating_at_prior`` over ``gesture_cost_exact`` (k̄ = i/20 on
        [1/20, 4], at μ₀ = 0.3); attributes with the solver's classes at the sample
        points (``solver_classes k=.. mu=..``) beside the closed forms (``closed_form
        ...``).
    """
    k = 0.025 + 0.05 * np.arange(80)
    mu = 0.0125 + 0.025 * np.arange(40)
    ds = sweep(ReassuranceModel, {"gesture_cost": k, "trust": mu},
               fixed=dict(REASSURANCE_FIXED),
               metrics=["equilibrium_classes", "intuitive_classes", "separating_is_equilibrium",
                        "trust_threshold"])
    for name in ("equilibrium_classes", "intuitive_classes"):
        ds[name].attrs.update(class_flag_attrs())
    flags = np.asarray(ds["equilibrium_classes"].values)
    region = np.full(flags.shape, -1, dtype=np.int64)
    for code, (bits, _, _) in enumerate(REGIONS):
        region[flags == bits] = code
    ds["region"] = (ds["equilibrium_classes"].dims, region,
                    {"long_name": "which PBE classes exist",
                     "flag_values": np.arange(len(REGIONS)),
                     "flag_meanings": " ".join(r[1] for r in REGIONS)})
    k_exact = [Fraction(i, 20) for i in range(1, 81)]
    sep_line = ReassuranceModel.evaluate(
        {"trust": float(_PRIOR), "gesture_cost": np.array([float(x) for x in k_exact]),
         **REASSURANCE_FIXED})["separating_is_equilibrium"]
    ds = ds.assign_coords(gesture_cost_exact=("gesture_cost_exact",
                                              np.array([float(x) for x in k_exact])))
    ds["separating_at_prior"] = ("gesture_cost_exact", sep_line,
                                 {"long_name": "separating PBE exists at prior trust 0.3"})
    attrs = dict(ds.attrs)
    attrs["title"] = "Reassurance (Kydd 2000): PBE classes over gesture cost and prior trust"
    attrs["threshold_exact"] = str(_model(1, _PRIOR).trust_threshold)
    for kk, m in _SAMPLES:
        model = _model(kk, m)
        key = _key(kk, m)
        attrs[f"solver_classes_{key}"] = _solver_classes(model)
        attrs[f"closed_form_{key}"] = ",".join(model.equilibrium_classes)
        attrs[f"solver_separating_{key}"] = int(
            "separating" in attrs[f"solver_classes_{key}"].split(","))
    attrs["class_flags"] = " ".join(f"{n}={b}" for n, b in CLASS_FLAGS.items())
    ds.attrs = attrs
    return ds


def check_regions(ds) -> list[Check]:
    """The checks of the closed forms (Kydd 2000) on the class map."""
    checks = [Check.compare("receiver threshold pi_r* (model, exact)",
                            Fraction(ds.attrs["threshold_exact"]), Fraction(1, 2))]
    k = np.asarray(ds["gesture_cost_exact"].values)
    sep = np.asarray(ds["separating_at_prior"].values, dtype=bool)
    checks.append(Check.compare("mu0=0.3: least gesture cost with separation (closed form, "
                                "grid k = i/20)", float(k[sep].min()), 2.0))
    checks.append(Check.compare("mu0=0.3: largest gesture cost with separation",
                                float(k[sep].max()), 3.0))
    checks.append(Check.compare("mu0=0.3: separation on a contiguous interval",
                                int(np.sum(sep)), int(np.sum((k >= 2) & (k <= 3)))))
    for kk, m in _SAMPLES:
        key = _key(kk, m)
        where = f"k={kk}, mu0={m}"
        expected_sep = 2 <= kk <= 3
        checks.append(Check.compare(f"separating exists at {where} (solve_pbe)",
                                    bool(ds.attrs[f"solver_separating_{key}"]), expected_sep))
        checks.append(Check.compare(f"PBE classes at {where}: solve_pbe = closed forms",
                                    ds.attrs[f"solver_classes_{key}"],
                                    ds.attrs[f"closed_form_{key}"]))
    # the sweep's map: separation exactly in the cells with 2 < k < 3, at every prior
    swept = np.asarray(ds["separating_is_equilibrium"].transpose("gesture_cost", "trust").values)
    kc = np.asarray(ds["gesture_cost"].values)
    inside = (kc > 2) & (kc < 3)
    checks.append(Check.compare("sweep: separating cells are exactly 2 < k < 3 (all priors)",
                                bool(np.array_equal(swept.all(axis=1), inside)
                                     and np.array_equal(swept.any(axis=1), inside)), True))
    return checks


REGIONS_MAP = Reproduction(
    name="reassurance-regions",
    title=("Reassurance (Kydd 2000): perfect Bayesian equilibrium classes over gesture "
           "cost and prior trust (R_S=3, T_G=2, R_G=1, c_r=1)"),
    citation="kydd2000, fudenberg1991",
    compute=compute_regions,
    check=check_regions,
    draw=partial(reassurance_region_map, labels=[r[2] for r in REGIONS],
                 colors=_REGION_COLORS, guides=_GUIDES, samples=_SAMPLES),
    figsize=(3.4, 3.6),
)

# ---------------------------------------------------------------------------------------
# (b) the Intuitive Criterion selects separation

_K_LINE = tuple(Fraction(i, 8) for i in range(1, 33))  # 1/8 .. 4
_ROWS = ("separating", "pooling_no_gesture_distrust", "semi_separating_greedy_mixes")
_ROW_LABELS = ("separating", "pooling, no gesture,\nno trust", "semi-separating")


def compute_intuitive():
    """Solve the model's game along k̄ (μ₀ = 0.3) with and without the Intuitive
    Criterion and D1.

    Returns
    -------
    xarray.Dataset
        Over ``gesture_cost`` (k̄ = i/8 on [1/8, 4]): for each class of :data:`_ROWS`,
        ``exists_<class>``, ``intuitive_<class>`` and ``d1_<class>`` (0/1, from
        ``solve_pbe``), ``closed_form_<class>`` / ``closed_form_intuitive_<class>`` (from
        the model), and ``num_equilibria`` / ``num_intuitive`` (extreme equilibria
        before / after refining).
    """
    import xarray as xr  # measured import cost: loaded on first use

    data = {f"{p}_{c}": [] for p in ("exists", "intuitive", "d1", "closed_form",
                                     "closed_form_intuitive") for c in _ROWS}
    n_all, n_ic, subset = [], [], []
    for k in _K_LINE:
        model = _model(k, _PRIOR)
        res = solve_pbe(model.to_game())
        ic = solve_pbe(model.to_game(), refine="intuitive")
        found = {ReassuranceModel.class_of(e) for e in res}
        kept = {ReassuranceModel.class_of(e) for e in ic}
        d1 = {ReassuranceModel.class_of(e) for e in res if e.survives("d1")}
        for c in _ROWS:
            data[f"exists_{c}"].append(int(c in found))
            data[f"intuitive_{c}"].append(int(c in kept))
            data[f"d1_{c}"].append(int(c in d1))
            data[f"closed_form_{c}"].append(int(c in model.equilibrium_classes))
            data[f"closed_form_intuitive_{c}"].append(int(c in model.intuitive_classes))
        n_all.append(len(res))
        n_ic.append(len(ic))
        subset.append(int(all(any(e == f for f in res) for e in ic)))
    coords = {"gesture_cost": ("gesture_cost", np.array([float(k) for k in _K_LINE]),
                               {"long_name": "gesture cost k"})}
    ds = xr.Dataset({name: ("gesture_cost", np.array(v, dtype=np.int64))
                     for name, v in data.items()}, coords=coords)
    ds["num_equilibria"] = ("gesture_cost", np.array(n_all))
    ds["num_intuitive"] = ("gesture_cost", np.array(n_ic))
    ds["refined_subset"] = ("gesture_cost", np.array(subset))
    ds.attrs = {"title": "Reassurance: the Intuitive Criterion selects separation "
                         "(mu0 = 0.3, R_S = 3, T_G = 2, c_r = 1)",
                "trust": float(_PRIOR), **{k: v for k, v in REASSURANCE_FIXED.items()}}
    return ds


def check_intuitive(ds) -> list[Check]:
    """The checks of the Intuitive Criterion (Cho and Kreps 1987) along k̄."""
    k = np.asarray(ds["gesture_cost"].values)
    pool_ic = np.asarray(ds["intuitive_pooling_no_gesture_distrust"].values, dtype=bool)
    pool = np.asarray(ds["exists_pooling_no_gesture_distrust"].values, dtype=bool)
    sep = np.asarray(ds["exists_separating"].values, dtype=bool)
    sep_ic = np.asarray(ds["intuitive_separating"].values, dtype=bool)
    fails = pool & ~pool_ic
    checks = [
        Check.compare("no-trust pooling exists at every k (mu0 < pi*)", bool(pool.all()), True),
        Check.compare("no-trust pooling fails the Intuitive Criterion exactly for 2 < k < 3 "
                      "(solve_pbe)", bool(np.array_equal(fails, (k > 2) & (k < 3))), True),
        Check.compare("no-trust pooling survives at k = T_G = 2 and k = R_S = 3 "
                      "(strict Cho-Kreps test)",
                      bool(pool_ic[k == 2][0] and pool_ic[k == 3][0]), True),
        Check.compare("separation survives the Intuitive Criterion wherever it exists",
                      bool(np.array_equal(sep, sep_ic)), True),
        Check.compare("separating exists exactly for 2 <= k <= 3 (solve_pbe)",
                      bool(np.array_equal(sep, (k >= 2) & (k <= 3))), True),
        Check.compare("refined equilibria are a subset of all equilibria (every k)",
                      int(np.asarray(ds["refined_subset"].values).min()), 1),
        Check.compare("D1 also eliminates no-trust pooling for k < R_S (T_G < R_S)",
                      bool(np.array_equal(
                          np.asarray(ds["d1_pooling_no_gesture_distrust"].values, dtype=bool),
                          k >= 3)), True),
    ]
    for c in _ROWS:
        checks.append(Check.compare(
            f"{c}: solve_pbe = closed forms (exists, all k)",
            bool(np.array_equal(ds[f"exists_{c}"].values, ds[f"closed_form_{c}"].values)),
            True))
        checks.append(Check.compare(
            f"{c}: solve_pbe = closed forms (Intuitive Criterion, all k)",
            bool(np.array_equal(ds[f"intuitive_{c}"].values,
                                ds[f"closed_form_intuitive_{c}"].values)), True))
    return checks


INTUITIVE = Reproduction(
    name="intuitive-criterion",
    title=("Reassurance: pooling without a gesture fails the Intuitive Criterion for "
           "T_G < k < R_S; separation survives (mu0=0.3, R_S=3, T_G=2, c_r=1)"),
    citation="kydd2000, cho1987, banks1987",
    compute=compute_intuitive,
    check=check_intuitive,
    draw=partial(refinement_dot_chart, rows=_ROWS, row_labels=_ROW_LABELS,
                 band=(REASSURANCE_FIXED["temptation_greedy"],
                       REASSURANCE_FIXED["value_trustworthy"]),
                 guides=_GUIDES, xlabel=r"gesture cost $\bar k$ (prior trust $\mu_0 = 0.3$)"),
    figsize=(3.4, 2.4),
)

#: The reproductions of this module, in the order of the report.
ENTRIES = (REGIONS_MAP, INTUITIVE)
