"""Reproduction: constant mitigation under imperfect public monitoring (Green and Porter
1984 trigger strategies, in the textbook form of Mailath and Samuelson 2006, §7.2).

``green-porter-monitoring``
    :class:`~secdilemma.models.green_porter.GreenPorterModel` with the prisoner's dilemma
    (T, R, P, S) = (5, 3, 1, 0), detection β = 3/5 and δ = 9/10. Every worked number is
    checked twice: the model's closed form against the number derived by hand, and the
    general solver (:mod:`secdilemma.solvers.public_monitoring`: exact critical sets of
    grim trigger, one-shot deviation checks of K-period triggers, exact values, the value
    of grim trigger started by a public lottery) against the same number. Worked
    numbers: α = 1/10 gives δ* = 5/7, x* = 5/18, K* = 4, V₄ = 2.527288833, grim value
    39/19, value with public randomisation 13/5; α = 1/20 gives δ* = 2/3, K* = 3,
    V₃ = 2.782610633, 31/11; α = 1/50, 3/20, 1/5 give δ* = 25/39, 10/13, 5/6 and
    K* = 3, 5, 8. Perfect monitoring (α = 0, β = 1) gives grim's 1/2 = (T − R)/(T − P).
    The sweeps: δ* and K* over (α, β); the value over (α, δ); the guardrail bound
    α̂(δ).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..models.green_porter import GreenPorterModel
from ..plotting.monitoring import monitoring_panels
from ..solvers.public_monitoring import (PublicMonitoring, PublicStrategy,
                                         check_public_equilibrium,
                                         public_critical_discount_factor, public_values)
from .entry import Check, Reproduction

__all__ = ["compute_monitoring", "check_monitoring", "MONITORING", "ENTRIES",
           "MONITORING_VECTORS"]

#: The fixed parameters: the PD (5, 3, 1, 0), detection 3/5, discount 9/10.
MONITORING_FIXED = {"reward": 3, "sucker": 0, "temptation": 5, "punishment": 1,
                    "detection": Fraction(3, 5), "discount": Fraction(9, 10)}

#: The worked numbers, by false-alarm rate: δ*, K*, V_{K*} (9 digits), grim value,
#: value with public randomisation (None: not stated).
#: Derivation ((T, R, P, S) = (5, 3, 1, 0), β = 3/5, δ = 9/10): δ* = 2/[2(1 - α) + 2(β - α)],
#: x* = 2(1 - δ)/[δ(2(β - α) - 2α)], K* = ⌈ln(1 - x*)/ln δ⌉,
#: V_K = 1 + 0.2/[0.1 + 0.9α(1 - 0.9^K)], bound 3 - 2α/(β - α). α = 1/10: δ* = 2/2.8 = 5/7,
#: x* = 0.2/0.72 = 5/18, K* = ⌈3.09⌉ = 4, V_4 = 1 + 0.2/0.130951 = 2.527289, grim
#: 1 + 0.2/0.19 = 39/19, bound 3 - 0.4 = 13/5. α = 1/20: δ* = 2/3, x* = 2/9, K* = ⌈2.39⌉ = 3,
#: V_3 = 1 + 0.2/0.112195 = 2.782611, bound 3 - 2/11 = 31/11. α = 1/50, 3/20, 1/5: δ* =
#: 2/3.12, 2/2.6, 2/2.4 = 25/39, 10/13, 5/6; x* = 0.1984, 0.3704, 5/9; K* = 3, 5, 8.
MONITORING_VECTORS = {
    Fraction(1, 10): (Fraction(5, 7), 4, 2.527288833, Fraction(39, 19), Fraction(13, 5)),
    Fraction(1, 20): (Fraction(2, 3), 3, 2.782610633, None, Fraction(31, 11)),
    Fraction(1, 50): (Fraction(25, 39), 3, None, None, None),
    Fraction(3, 20): (Fraction(10, 13), 5, None, None, None),
    Fraction(1, 5): (Fraction(5, 6), 8, None, None, None),
}

#: Discount factors of the value curves.
VALUE_DISCOUNTS = (0.8, 0.9, 0.97)


def _solver_numbers(alpha):
    """The general solver's numbers at one worked point (exact, as strings)."""
    m = GreenPorterModel(false_alarm=alpha, **MONITORING_FIXED)
    game, mon, d = m.to_game(), m.monitoring(), Fraction(m.discount)
    grim = public_critical_discount_factor(game, mon, PublicStrategy.trigger())
    ks = [k for k in range(1, 13)
          if check_public_equilibrium(game, mon, PublicStrategy.trigger(k), d)]
    kstar = ks[0] if ks else None
    out = {"set": grim.description,
           "threshold": str(grim.threshold),
           "kstar": kstar,
           "k_contiguous": int(ks == list(range(kstar, 13))) if ks else 0,
           "value": str(public_values(game, mon, PublicStrategy.trigger(kstar), d).initial[0])
           if kstar else "none",
           "grim_value": str(public_values(game, mon, PublicStrategy.trigger(), d).initial[0])}
    # public randomisation: grim started with the probability that makes the IC bind
    r, t, p = 3, 5, 1
    b = MONITORING_FIXED["detection"]
    margin = (b - alpha) * (r - p) - alpha * (t - r)
    q = (1 - d) * (t - r) / (d * margin)
    lottery = PublicStrategy.randomised_trigger(q)
    chk = check_public_equilibrium(game, mon, lottery, d)
    out["randomised_value"] = str(public_values(game, mon, lottery, d).initial[0])
    out["randomised_binds"] = int(chk.is_equilibrium and chk.max_gain == 0)
    return out


def compute_monitoring():
    """Closed-form sweeps of the Green–Porter model and the general solver's numbers at
    the worked points.

    Returns
    -------
    xarray.Dataset
        Over (``false_alarm``, ``detection``) at δ₀ = 9/10: ``critical_discount``,
        ``shortest_punishment_map``, ``punishment_ratio`` (ln(1 − x*)/ln δ₀) and
        ``grim_slack``; over (``value_discount``, ``value_false_alarm``) at β = 3/5:
        ``optimal_value``, ``shortest_punishment``, ``randomised_value``,
        ``grim_value``, ``required_cut``; over ``value_discount``: ``max_false_alarm``;
        over ``guardrail_discount``: ``guardrail_false_alarm`` (α̂(δ)). Attributes:
        the solver's and the model's numbers at the worked points.
    """
    import xarray as xr  # measured import cost: loaded on first use

    d0, b0 = 0.9, 0.6
    T, R, P = 5.0, 3.0, 1.0
    a = np.linspace(0.0, 0.5, 251)
    b = np.linspace(0.0, 1.0, 251)
    A, B = np.meshgrid(a, b, indexing="ij")
    valid = B > A
    grid = GreenPorterModel.evaluate(
        {"false_alarm": np.where(valid, A, 0.0), "detection": np.where(valid, B, 1.0),
         "discount": d0}, ["critical_discount", "shortest_punishment"])
    margin = (B - A) * (R - P) - A * (T - R)
    dstar = np.where(valid, grid["critical_discount"], np.nan)
    kstar = np.where(valid, grid["shortest_punishment"], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (T - R) * (1 - d0) / (d0 * margin)
        ratio = np.where(valid & (margin > 0) & (x < 1), np.log1p(-x) / np.log(d0), np.nan)
    slack = d0 * (margin + (T - R)) - (T - R)  # >= 0 iff grim is a PPE at δ₀
    va = np.linspace(0.0, 0.3, 601)
    vd = np.asarray(VALUE_DISCOUNTS)
    vals = GreenPorterModel.evaluate({"false_alarm": va[None, :], "discount": vd[:, None],
                                      "detection": b0})
    gd = np.linspace(0.5, 0.99, 50)
    guard = GreenPorterModel.evaluate({"discount": gd, "detection": b0},
                                      ["max_false_alarm"])["max_false_alarm"]
    ds = xr.Dataset(
        {"critical_discount": (("false_alarm", "detection"), dstar),
         "shortest_punishment_map": (("false_alarm", "detection"), kstar),
         "punishment_ratio": (("false_alarm", "detection"), ratio),
         "grim_slack": (("false_alarm", "detection"), np.where(valid, slack, np.nan)),
         "optimal_value": (("value_discount", "value_false_alarm"), vals["optimal_value"]),
         "shortest_punishment": (("value_discount", "value_false_alarm"),
                                 vals["shortest_punishment"]),
         "randomised_value": (("value_discount", "value_false_alarm"),
                              vals["randomised_value"]),
         "grim_value": (("value_discount", "value_false_alarm"), vals["grim_value"]),
         "required_cut": (("value_discount", "value_false_alarm"), vals["required_cut"]),
         "max_false_alarm": ("value_discount", vals["max_false_alarm"][:, 0]),
         "guardrail_false_alarm": ("guardrail_discount", guard)},
        coords={"false_alarm": a, "detection": b, "value_discount": vd,
                "value_false_alarm": va, "guardrail_discount": gd})
    attrs = {"title": "Green-Porter trigger strategies under imperfect public monitoring",
             "fixed": "T=5 R=3 P=1 S=0 beta=3/5 delta=9/10",
             "reference_discount": d0, "reference_detection": b0,
             "points_false_alarm": [float(x) for x in MONITORING_VECTORS],
             "points_shortest_punishment": [MONITORING_VECTORS[x][1]
                                            for x in MONITORING_VECTORS]}
    for alpha in MONITORING_VECTORS:
        key = f"{alpha.numerator}_{alpha.denominator}"
        m = GreenPorterModel(false_alarm=alpha, **MONITORING_FIXED)
        attrs[f"model_dstar_{key}"] = str(m.critical_discount)
        attrs[f"model_kstar_{key}"] = int(m.shortest_punishment)
        attrs[f"model_value_{key}"] = str(m.optimal_value)
        attrs[f"model_grim_{key}"] = str(m.value())
        attrs[f"model_randomised_{key}"] = str(m.randomised_value)
        for name, value in _solver_numbers(alpha).items():
            attrs[f"solver_{name}_{key}"] = value
    perfect = public_critical_discount_factor(
        GreenPorterModel().to_game(), PublicMonitoring.binary(0, 1), PublicStrategy.trigger())
    attrs["solver_perfect_grim"] = perfect.description
    ds.attrs = attrs
    return ds


def check_monitoring(ds) -> list[Check]:
    """Every worked number: the model's closed form and the general solver, each against
    the number derived by hand; the perfect-monitoring special case; the sweeps against
    the closed forms."""
    at = ds.attrs
    checks = []
    for alpha, (dstar, kstar, value, grim, bound) in MONITORING_VECTORS.items():
        key = f"{alpha.numerator}_{alpha.denominator}"
        where = f"α = {alpha}"
        checks.append(Check.compare(f"{where}: δ* (closed form)",
                                    Fraction(at[f"model_dstar_{key}"]), dstar))
        checks.append(Check.compare(f"{where}: δ* (general solver: grim's exact PPE set)",
                                    at[f"solver_set_{key}"], f"[{dstar}, 1)"))
        checks.append(Check.compare(f"{where}: K* (closed form)",
                                    int(at[f"model_kstar_{key}"]), kstar))
        checks.append(Check.compare(f"{where}: K* (general solver: shortest PPE trigger)",
                                    int(at[f"solver_kstar_{key}"]), kstar))
        checks.append(Check.compare(f"{where}: every longer trigger is a PPE too "
                                    "(general solver, K ≤ 12)",
                                    int(at[f"solver_k_contiguous_{key}"]), 1))
        # x* by hand: (T - R)(1 - δ)/(δ[(β - α)(R - P) - α(T - R)]) and K* = ⌈ln(1-x*)/ln δ⌉
        d, b = Fraction(9, 10), Fraction(3, 5)
        x = 2 * (1 - d) / (d * ((b - alpha) * 2 - alpha * 2))
        k_hand = math.ceil(math.log(1 - x) / math.log(d))
        checks.append(Check.compare(f"{where}: K* = ⌈ln(1 − x*)/ln δ⌉ by hand", k_hand, kstar))
        if alpha == Fraction(1, 10):
            checks.append(Check.compare(f"{where}: x* by hand", x, Fraction(5, 18)))
        if value is not None:
            checks.append(Check.compare(f"{where}: V_K* (closed form, 9 digits)",
                                        round(float(Fraction(at[f"model_value_{key}"])), 9),
                                        value))
            checks.append(Check.compare(f"{where}: V_K* (general solver, 9 digits)",
                                        round(float(Fraction(at[f"solver_value_{key}"])), 9),
                                        value))
        if grim is not None:
            checks.append(Check.compare(f"{where}: grim value (closed form)",
                                        Fraction(at[f"model_grim_{key}"]), grim))
            checks.append(Check.compare(f"{where}: grim value (general solver)",
                                        Fraction(at[f"solver_grim_value_{key}"]), grim))
        if bound is not None:
            checks.append(Check.compare(f"{where}: value with public randomisation (closed "
                                        "form)", Fraction(at[f"model_randomised_{key}"]), bound))
            checks.append(Check.compare(f"{where}: value with public randomisation (general "
                                        "solver: binding lottery)",
                                        Fraction(at[f"solver_randomised_value_{key}"]), bound))
            checks.append(Check.compare(f"{where}: the lottery's IC binds (general solver)",
                                        int(at[f"solver_randomised_binds_{key}"]), 1))
    checks.append(Check.compare("perfect monitoring (α = 0, β = 1): grim's set is "
                                "[(T − R)/(T − P), 1) (general solver)",
                                at["solver_perfect_grim"], "[1/2, 1)"))
    # sweeps: δ* on the map equals the closed form; α̂(δ) makes δ*(α̂) = δ
    a = np.asarray(ds["false_alarm"].values)[:, None]
    b = np.asarray(ds["detection"].values)[None, :]
    margin = (b - a) * 2 - a * 2
    with np.errstate(divide="ignore", invalid="ignore"):
        closed = np.where((b > a) & (margin > 0), 2 / (2 + margin), np.nan)
    got = np.asarray(ds["critical_discount"].values)
    checks.append(Check.compare("sweep: δ*(α, β) = (T − R)/[(1 − α)(T − R) + (β − α)(R − P)]",
                                float(np.nanmax(np.abs(got - closed))), 0.0, tol=1e-12))
    checks.append(Check.compare("sweep: δ* is defined exactly where (β − α)(R − P) > α(T − R)",
                                bool(np.array_equal(np.isnan(got), np.isnan(closed))), True))
    gd = np.asarray(ds["guardrail_discount"].values)
    ga = np.asarray(ds["guardrail_false_alarm"].values)
    ok = np.isfinite(ga)
    back = 2 / ((1 - ga[ok]) * 2 + (0.6 - ga[ok]) * 2)
    checks.append(Check.compare("sweep: the guardrail bound α̂(δ) solves δ*(α̂) = δ",
                                float(np.max(np.abs(back - gd[ok]))), 0.0, tol=1e-12))
    return checks


MONITORING = Reproduction(
    name="green-porter-monitoring",
    title=("Trigger strategies under imperfect public monitoring: δ* and the shortest "
           "punishment over false alarms and detection; the value over false alarms"),
    citation="green1984, mailath2006",
    compute=compute_monitoring,
    check=check_monitoring,
    draw=monitoring_panels,
    figsize=(7.0, 3.2),
    description=("Closed forms of the Green–Porter trigger model checked against the "
                 "general public-monitoring solver (exact) at the worked points."),
)

#: The reproductions of this module, in report order.
ENTRIES = (MONITORING,)
