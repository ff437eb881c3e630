"""Reproductions of Jervis (1978), "Cooperation under the Security Dilemma".

Two entries, both checked against the closed forms of the stage games (Jervis 1978;
Kydd 2005, ch. 2; Harsanyi and Selten 1988):

``jervis-offense-defense``
    The regime map of the offence–defence model (our formalisation of Jervis's verbal
    argument, :class:`~secdilemma.models.OffenseDefenseModel`) over the offence
    advantage θ and the loss L from being exploited, with V = 10, k = 1, g = 2, and
    contours of the trust threshold p*. Harmony below θ = k/L, stag hunt for
    k/L < θ < k/g, prisoner's dilemma above θ = k/g.
``stag-hunt-trust-threshold``
    The stag hunt (R, S, T, P) = (4, 1, 3, 2): expected payoffs of C and D against the
    probability q that the other side cooperates, the trust threshold p* = 1/2, the
    mixed equilibrium (each side cooperates with probability 1/2, computed exactly by
    :func:`~secdilemma.solve_nash`) and risk dominance (Harsanyi and Selten 1988).

Every checked value is computed by the package (sweep, models, solvers); only the
expected values come from the literature or its closed forms.
"""

from __future__ import annotations

from fractions import Fraction
from functools import partial

import numpy as np

from ..analysis.sweep import sweep
from ..models import OffenseDefenseModel, StageGameModel
from ..plotting.offense_defense import offense_defense_map
from ..plotting.regime_map import categories
from ..plotting.trust_threshold import trust_threshold_diagram
from ..solvers.nash import solve_nash
from .entry import Check, Reproduction

__all__ = [
    "OFFENSE_DEFENSE_FIXED",
    "compute_offense_defense",
    "check_offense_defense",
    "OFFENSE_DEFENSE",
    "STAG_HUNT_PAYOFFS",
    "compute_stag_hunt",
    "check_stag_hunt",
    "STAG_HUNT",
    "ENTRIES",
]

# ---------------------------------------------------------------------------------------
# (a) offence-defence regime map

#: The fixed parameters of the offence–defence map: V, k, g.
OFFENSE_DEFENSE_FIXED = {"status_quo": 10, "arms_cost": 1, "exploitation_gain": 2}

#: Grid resolution: θ in steps of 1/800 on [0, 1], L in steps of 1/80 on [1/2, 8] (fine
#: enough that the boundary curves traced between grid points look smooth at column
#: width; the sweep takes a few milliseconds).
_THETA_STEPS = 800
_LOSS_NUMERATORS = np.arange(40, 641)
_LOSS_DENOMINATOR = 80
#: Worked examples (θ, L) -> regime: one in each regime of Jervis (1978).
_EXAMPLES = ((0.2, "harmony"), (0.4, "stag_hunt"), (0.6, "prisoners_dilemma"))
_EXAMPLE_LOSS = 4.0


def compute_offense_defense():
    """Sweep :class:`~secdilemma.models.OffenseDefenseModel` over θ × L.

    Returns
    -------
    xarray.Dataset
        Dimensions ``offense_advantage`` (θ ∈ [0, 1], 801 points) and
        ``exploitation_loss`` (L ∈ [0.5, 8], 601 points); variables ``regime`` and
        ``trust_threshold``; V = 10, k = 1, g = 2 fixed. Grid points are exact decimal
        fractions (``i / 800``, ``j / 80``), so θ = 0.2, 0.4, 0.6 and L = 4 are on the grid.
    """
    theta = np.arange(_THETA_STEPS + 1) / _THETA_STEPS
    loss = _LOSS_NUMERATORS / _LOSS_DENOMINATOR
    return sweep(OffenseDefenseModel,
                 {"offense_advantage": theta, "exploitation_loss": loss},
                 fixed=dict(OFFENSE_DEFENSE_FIXED),
                 metrics=["regime", "trust_threshold"])


def _transition(regimes: np.ndarray, theta: np.ndarray, left: str, right: str):
    """Midpoint between the last ``left`` cell before the first ``right`` cell (NaN if
    there is no such pair)."""
    right_idx = np.flatnonzero(regimes == right)
    if right_idx.size == 0:
        return float("nan")
    first_right = right_idx[0]
    left_idx = np.flatnonzero(regimes[:first_right] == left)
    if left_idx.size == 0:
        return float("nan")
    return float((theta[left_idx[-1]] + theta[first_right]) / 2)  # a Python float


def _boundaries(ds, left: str, right: str) -> tuple[np.ndarray, np.ndarray]:
    """The swept θ of the left→right transition for every L (NaN where absent)."""
    reg = ds["regime"].transpose("exploitation_loss", "offense_advantage")
    names = dict(categories(ds["regime"]))
    labels = np.vectorize(names.get, otypes=[object])(np.asarray(reg.values, dtype=int))
    theta = np.asarray(ds["offense_advantage"].values, dtype=float)
    loss = np.asarray(ds["exploitation_loss"].values, dtype=float)
    return loss, np.array([_transition(row, theta, left, right) for row in labels])


def check_offense_defense(ds) -> list[Check]:
    """The closed forms (Jervis 1978, formalised) checked on the swept offence–defence data.

    Regimes at θ = 0.2, 0.4, 0.6 (L = 4), p*(0.4) = 3/4 (from the sweep and, exactly,
    from the model), and the boundaries θ = k/L and θ = k/g read off the swept map
    (tolerance: one grid step).
    """
    fixed = OFFENSE_DEFENSE_FIXED
    k, g = Fraction(fixed["arms_cost"]), Fraction(fixed["exploitation_gain"])
    names = dict(categories(ds["regime"]))
    theta = np.asarray(ds["offense_advantage"].values, dtype=float)
    step = 1 / _THETA_STEPS  # the grid spacing in theta
    checks = []
    at_l4 = {"exploitation_loss": _EXAMPLE_LOSS}
    for th, expected in _EXAMPLES:
        code = int(ds["regime"].sel(offense_advantage=th, **at_l4).item())
        checks.append(Check.compare(f"regime at theta={th}, L=4 (sweep)", names[code],
                                    expected))
    p_sweep = float(ds["trust_threshold"].sel(offense_advantage=0.4, **at_l4).item())
    checks.append(Check.compare("p* at theta=0.4, L=4 (sweep)", p_sweep, 0.75, tol=1e-12))
    model = OffenseDefenseModel(Fraction(2, 5), fixed["status_quo"], fixed["arms_cost"],
                                fixed["exploitation_gain"], 4)
    checks.append(Check.compare("p* at theta=2/5, L=4 (model, exact)",
                                model.trust_threshold, Fraction(3, 4)))

    loss, harmony_sh = _boundaries(ds, "harmony", "stag_hunt")
    _, sh_pd = _boundaries(ds, "stag_hunt", "prisoners_dilemma")
    i4 = int(np.flatnonzero(loss == _EXAMPLE_LOSS)[0])
    checks.append(Check.compare("harmony/stag hunt boundary at L=4: theta = k/L",
                                float(harmony_sh[i4]), float(k / 4), tol=step))
    checks.append(Check.compare("stag hunt/PD boundary at L=4: theta = k/g",
                                float(sh_pd[i4]), float(k / g), tol=step))
    # the whole map: for every L > g (where the stag hunt exists and lies on the grid)
    rows = (loss > float(g)) & (k / loss >= theta[1])
    err_low = np.abs(harmony_sh[rows] - float(k) / loss[rows])
    err_high = np.abs(sh_pd[rows] - float(k / g))
    checks.append(Check.compare(f"max |boundary - k/L| over {int(rows.sum())} rows L > g",
                                float(np.max(err_low)), 0.0, tol=step))
    checks.append(Check.compare(f"max |boundary - k/g| over {int(rows.sum())} rows L > g",
                                float(np.max(err_high)), 0.0, tol=step))
    no_sh = int(np.sum(np.asarray(
        (ds["regime"] == [c for c, n in names.items() if n == "stag_hunt"][0])
        .sel(exploitation_loss=loss[loss <= float(g)]).values)))
    checks.append(Check.compare("stag-hunt cells with L <= g (needs L > g)", no_sh, 0))
    return checks


OFFENSE_DEFENSE = Reproduction(
    name="jervis-offense-defense",
    title=("Offence-defence balance: harmony, stag hunt and prisoner's dilemma regimes "
           "over offence advantage and loss if exploited (V=10, k=1, g=2)"),
    citation="jervis1978",
    compute=compute_offense_defense,
    check=check_offense_defense,
    draw=partial(offense_defense_map,
                 marks=[(th, _EXAMPLE_LOSS) for th, _ in _EXAMPLES],
                 marks_label="worked points (checked)"),
    figsize=(3.4, 3.0),
)

# ---------------------------------------------------------------------------------------
# (b) the trust threshold of a stag hunt

#: (R, S, T, P) = (4, 1, 3, 2): an illustrative stag hunt (our payoffs).
STAG_HUNT_PAYOFFS = {"reward": 4, "sucker": 1, "temptation": 3, "punishment": 2}
#: Two stag hunts off the tie (R - T != P - S), so that the risk-dominance check can fail:
#: (R, T, P, S) = (5, 3, 2, 1), where (C, C) risk-dominates, and (4, 3, 2, 0), where
#: (D, D) does.
RISK_DOMINANCE_CONTROLS = (
    {"reward": 5, "sucker": 1, "temptation": 3, "punishment": 2},
    {"reward": 4, "sucker": 0, "temptation": 3, "punishment": 2},
)


def _risk_dominance_attrs(payoffs, tag):
    """Nash products (from the game's matrices) and the solver's mixed equilibrium."""
    game = StageGameModel(**payoffs).to_game()
    A, B = game.exact_payoffs
    mixed = [e for e in solve_nash(game, exact=True) if e.kind == "mixed"]
    return {
        f"nash_product_cc_{tag}": str((A[0, 0] - A[1, 0]) * (B[0, 0] - B[0, 1])),
        f"nash_product_dd_{tag}": str((A[1, 1] - A[0, 1]) * (B[1, 1] - B[1, 0])),
        f"mixed_cooperation_{tag}": " ".join(str(e.exact_strategies[0][0]) for e in mixed),
    }


def compute_stag_hunt():
    """Expected payoffs of C and D against q, the trust threshold, the equilibria.

    Returns
    -------
    xarray.Dataset
        Variables ``payoff_cooperate`` and ``payoff_defect`` over ``q`` (101 points on
        [0, 1]); attributes ``trust_threshold`` (float) and ``trust_threshold_exact``
        (a fraction string, from the model), the equilibria found by
        ``solve_nash(exact=True)`` (``num_equilibria``, ``pure_equilibria``,
        ``mixed_cooperation_probability_1`` / ``_2`` as fraction strings) and the
        Harsanyi–Selten Nash products of the two pure equilibria.
    """
    import xarray as xr  # measured import cost: loaded on first use

    model = StageGameModel(**STAG_HUNT_PAYOFFS)
    game = model.to_game()
    q = np.arange(101) / 100
    # player 0's expected payoff of each action against (q, 1 - q)
    values = game.payoffs[0] @ np.vstack([q, 1 - q])
    result = solve_nash(game, exact=True)
    mixed = [e for e in result if e.kind == "mixed"]
    pure = [e for e in result if e.kind == "pure"]
    A, B = game.exact_payoffs
    p_star = model.trust_threshold
    attrs = {
        "title": "Stag hunt (R, S, T, P) = (4, 1, 3, 2): trust threshold",
        "trust_threshold": float(p_star),
        "trust_threshold_exact": str(p_star),
        "num_equilibria": len(result),
        "solver_method": result.method,
        "solver_complete": int(result.complete),
        "pure_equilibria": "; ".join(
            ",".join(game.actions[i][e.support[i][0]] for i in range(2)) for e in pure),
        # Harsanyi-Selten: product of the deviation losses at (C,C) and at (D,D)
        "nash_product_cc": str((A[0, 0] - A[1, 0]) * (B[0, 0] - B[0, 1])),
        "nash_product_dd": str((A[1, 1] - A[0, 1]) * (B[1, 1] - B[1, 0])),
    }
    for k, e in enumerate(mixed[:1]):
        for i in range(2):
            attrs[f"mixed_cooperation_probability_{i + 1}"] = str(e.exact_strategies[i][0])
    for tag, payoffs in enumerate(RISK_DOMINANCE_CONTROLS):
        attrs.update(_risk_dominance_attrs(payoffs, tag))
    return xr.Dataset(
        {
            "payoff_cooperate": ("q", values[0], {"long_name": "expected payoff of C"}),
            "payoff_defect": ("q", values[1], {"long_name": "expected payoff of D"}),
        },
        coords={"q": ("q", q, {"long_name": "probability the other side cooperates"})},
        attrs=attrs,
    )


def check_stag_hunt(ds) -> list[Check]:
    """The checks for (R, S, T, P) = (4, 1, 3, 2): p* = 1/2 (Jervis 1978; Kydd 2005,
    ch. 2), three equilibria, no risk dominance (Harsanyi and Selten 1988): a tie, so
    two stag hunts off the tie check that the criterion discriminates."""
    a = ds.attrs
    p_star = Fraction(a["trust_threshold_exact"])
    q = np.asarray(ds["q"].values, dtype=float)
    gap = np.asarray(ds["payoff_cooperate"].values - ds["payoff_defect"].values, dtype=float)
    cc, dd = Fraction(a["nash_product_cc"]), Fraction(a["nash_product_dd"])
    return [
        Check.compare("trust threshold p* (model, exact)", p_star, Fraction(1, 2)),
        Check.compare("number of equilibria (solve_nash, exact)", int(a["num_equilibria"]), 3),
        Check.compare("pure equilibria", a["pure_equilibria"], "C,C; D,D"),
        Check.compare("mixed equilibrium: Pr(C) of state 1 (exact)",
                      Fraction(a["mixed_cooperation_probability_1"]), Fraction(1, 2)),
        Check.compare("mixed equilibrium: Pr(C) of state 2 (exact)",
                      Fraction(a["mixed_cooperation_probability_2"]), Fraction(1, 2)),
        Check.compare("u(C) - u(D) at q = p*", float(np.interp(float(p_star), q, gap)), 0.0,
                      tol=1e-12),
        # Harsanyi-Selten written out: the Nash product of (C,C) is (R - T)^2 = (4 - 3)^2 = 1,
        # of (D,D) it is (P - S)^2 = (2 - 1)^2 = 1; equal, so neither is risk-dominant
        Check.compare("Nash product of (C,C) = (R-T)^2 = (4-3)^2", cc, Fraction(1)),
        Check.compare("Nash product of (D,D) = (P-S)^2 = (2-1)^2", dd, Fraction(1)),
        *_risk_dominance_checks(a),
    ]


def _risk_dominance_checks(a) -> list[Check]:
    """Off the tie: in a symmetric 2x2 stag hunt (C,C) risk-dominates iff
    (R-T)^2 > (P-S)^2 iff R-T > P-S iff the mixed equilibrium's Pr(C),
    q = (P-S)/((R-T)+(P-S)), is below 1/2 (the uniform belief of Harsanyi and Selten's
    tracing procedure makes C the best reply). The Nash products come from the game's
    matrices; q from solve_nash; the expected values are written out here."""
    checks = []
    for tag, payoffs in enumerate(RISK_DOMINANCE_CONTROLS):
        R, S, T, P = (payoffs[k] for k in ("reward", "sucker", "temptation", "punishment"))
        where = f"(R,T,P,S) = ({R},{T},{P},{S})"
        cc, dd = Fraction(a[f"nash_product_cc_{tag}"]), Fraction(a[f"nash_product_dd_{tag}"])
        q = a[f"mixed_cooperation_{tag}"]
        checks += [
            Check.compare(f"{where}: Nash products = (R-T)^2, (P-S)^2", f"{cc}, {dd}",
                          f"{(R - T) ** 2}, {(P - S) ** 2}"),
            Check.compare(f"{where}: mixed Pr(C) (solve_nash) = (P-S)/((R-T)+(P-S))",
                          Fraction(q), Fraction(P - S, (R - T) + (P - S))),
            Check.compare(f"{where}: (C,C) risk-dominant (Nash products) iff mixed Pr(C) "
                          "< 1/2 (solve_nash)", bool(cc > dd), Fraction(q) < Fraction(1, 2)),
        ]
    return checks


STAG_HUNT = Reproduction(
    name="stag-hunt-trust-threshold",
    title=("Stag hunt (R,T,P,S) = (4,3,2,1): trust threshold p* = 1/2, mixed equilibrium "
           "and risk dominance"),
    citation="jervis1978, kydd2005, harsanyi1988",
    compute=compute_stag_hunt,
    check=check_stag_hunt,
    draw=trust_threshold_diagram,
)

#: The reproductions of this module, in the order of the report.
ENTRIES = (OFFENSE_DEFENSE, STAG_HUNT)
