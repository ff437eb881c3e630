"""Distinguishability and Jervis's four worlds: a posture seen through a noisy signal.

Our formalisation of Jervis (1978): whether the security dilemma bites depends on the
offence–defence balance and on whether defensive postures can be told from offensive
ones. Dual-use technology makes them hard to tell apart (low distinguishability).

The game
--------
- State A is a security seeker (S, probability ``trust`` μ) or greedy (G). It picks a
  posture, defensive (d) or offensive (o).
- State B sees a signal of the posture that is correct with probability
  ``distinguishability`` ρ ∈ [1/2, 1] (ρ = 1/2: the signal says nothing; dual use means
  ρ near 1/2), then arms or not.
- A's payoff: the posture value v(1 − θ) for d and vθ for o (θ = ``offense_advantage``);
  G also gets gθ from o (``exploitation_gain``); both types lose h (``arming_loss``) if B
  arms.
- B's payoff: −k if it arms (``arms_cost``); −Lθ if it stays unarmed against G with
  posture o (``exploitation_loss`` L, per unit of θ).

Solution: perfect Bayesian equilibrium. For ρ < 1 every signal is on the path, so PBE =
Bayes–Nash equilibrium of the game with the signal. For ρ = 1 the signal is the posture
and an unused posture needs off-path beliefs: the model then uses the general
signalling-game solver (:func:`~secdilemma.solvers.pbe.solve_pbe`), which returns every
PBE with its off-path belief sets and the Intuitive Criterion and D1 verdicts.

Conditions (derived for this package). Let X = v(2θ − 1), Y = X + gθ, κ = k/(Lθ), s_y
B's arming probability after signal y and Z = h(2ρ − 1)(s_ô − s_d̂), the reputational cost
of o. S plays o iff X > Z, G iff Y > Z; B arms after y iff J_y = Pr(G and o | y) > κ.

- **Separating** (S → d, G → o, B arms iff ô) iff X ≤ h(2ρ − 1) ≤ Y and J_d̂ ≤ κ ≤ J_ô,
  with J_ô = (1−μ)ρ / ((1−μ)ρ + μ(1−ρ)), J_d̂ = (1−μ)(1−ρ) / ((1−μ)(1−ρ) + μρ): for ρ in
  [ρ*, 1/2 + Y/(2h)] with ρ* = max(1/2 + X/(2h), ρ_B, ρ_A), ρ_B = (1−μ)(1−κ) /
  ((1−μ)(1−κ) + μκ) (J_d̂ ≤ κ) and ρ_A = μκ / (μκ + (1−μ)(1−κ)) (κ ≤ J_ô)
  (``critical_distinguishability``).
- **Pooling on o** iff X ≥ 0 (B arms after both signals iff (1 − μ)Lθ > k);
  **pooling on d** iff Y ≤ 0 (B never arms); **honest postures, no arming** (S → d,
  G → o, B never arms) iff X ≤ 0 ≤ Y and J_ô ≤ κ; honest postures with B arming after
  both signals (kind ``"other"``) iff X ≤ 0 ≤ Y and κ ≤ J_d̂.
- Otherwise **semi-separating**: one type mixes (Z = X or Z = Y) and B mixes after one
  signal (J_y = κ). Every equilibrium in closed form, and the region boundaries of the
  (θ, ρ) map as curves: the comments above ``_closed_form`` and
  :func:`regime_partition`.

All equilibria (ρ < 1) are found by support enumeration: for every support of σ_S,
σ_G, s_d̂, s_ô the indifference equations are linear (Z = X_t in B's strategy, J_y = κ in
A's), solved exactly for Fractions; a support whose equations leave a continuum, or an
equilibrium in which an agent playing pure is indifferent, is flagged ``degenerate``
(the list is then not certified complete).

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
.. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.
   Princeton University Press.

Examples
--------
Jervis's fourth world (defence has the advantage, postures distinguishable): the greedy
type hides behind defence a quarter of the time.

>>> from fractions import Fraction as F
>>> from secdilemma.models.distinguishability import DistinguishabilityModel
>>> m = DistinguishabilityModel(offense_advantage=F(1, 4), distinguishability=F(9, 10),
...                             trust=F(3, 5))
>>> [(e.kind, e.greedy_offence, e.arm_after_offensive_signal) for e in m.equilibria()]
[('semi_separating', Fraction(1, 4), Fraction(5, 16))]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from ..errors import InvalidParameterError, SolverError
from ..games.bayesian import BayesianGame
from ..games.signaling import SignalingGame
from ..solvers.pbe import solve_pbe
from ._numbers import is_exact_model
from .protocol import Metric, Model, Parameter

__all__ = ["DistinguishabilityModel", "PostureEquilibrium", "REGIMES", "RegimePartition",
           "regime_partition"]

#: Regime codes of the four-worlds map (``regime`` metric).
REGIMES = ("pooling_on_offence", "pooling_on_defence", "honest_postures_no_arming",
           "separating", "separating_or_pooling", "semi_separating", "other_multiple",
           "degenerate")


@dataclass(frozen=True)
class PostureEquilibrium:
    """One PBE: A's offence probabilities per type, B's arming probability per signal.

    Attributes
    ----------
    secure_offence, greedy_offence
        Pr(o | S), Pr(o | G).
    arm_after_defensive_signal, arm_after_offensive_signal
        s_d̂, s_ô (for ρ = 1: after posture d and after posture o).
    kind : str
        ``"separating"`` (S → d, G → o, B arms iff ô), ``"honest_postures_no_arming"``,
        ``"pooling_on_offence"``, ``"pooling_on_defence"``, ``"semi_separating"`` or
        ``"other"``.
    tragic_arming : number
        Pr(B arms | A is a security seeker).
    undeterred_offence : number or None
        Pr(B unarmed | G chose o) (None when G never chooses o).
    degenerate : bool
        An agent playing pure is indifferent (the equilibrium may lie in a continuum).
    """

    secure_offence: Any
    greedy_offence: Any
    arm_after_defensive_signal: Any
    arm_after_offensive_signal: Any
    kind: str
    tragic_arming: Any
    undeterred_offence: Any
    degenerate: bool = False


def _solve2(rows, rhs, tol=0, n=None):
    """Solve a linear system of at most 2 unknowns (rows: coefficient lists). Returns
    ('unique', x), ('none', None) or ('many', None)."""
    n = (len(rows[0]) if rows else 0) if n is None else n
    m = len(rows)
    if n == 0:
        ok = all(r == 0 if tol == 0 else abs(r) <= tol for r in rhs)
        return ("unique", []) if ok else ("none", None)
    if m == 0:
        return ("many", None)
    # pick n independent rows, solve, check the rest
    for idx in itertools.combinations(range(m), n):
        a = [rows[i] for i in idx]
        b = [rhs[i] for i in idx]
        if n == 1:
            det = a[0][0]
            if det == 0:
                continue
            x = [b[0] / det]
        else:
            det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
            if det == 0:
                continue
            x = [(b[0] * a[1][1] - a[0][1] * b[1]) / det,
                 (a[0][0] * b[1] - b[0] * a[1][0]) / det]
        resid = [sum(c * xi for c, xi in zip(rows[i], x)) - rhs[i] for i in range(m)]
        if all(r == 0 if tol == 0 else abs(r) <= tol for r in resid):
            return "unique", x
        return "none", None
    # every n-subset singular (or fewer equations than unknowns): rank below n.
    def zero(x):
        return x == 0 if tol == 0 else abs(x) <= tol
    nonzero = [i for i in range(m) if not all(zero(c) for c in rows[i])]
    if not nonzero:
        return ("many", None) if all(zero(b) for b in rhs) else ("none", None)
    i0 = nonzero[0]
    r0, b0 = rows[i0], rhs[i0]
    j0 = next(j for j in range(n) if not zero(r0[j]))
    for i in range(m):   # row i must be (row_i[j0]/r0[j0]) times row i0, rhs included
        lam = rows[i][j0] / r0[j0]
        if not all(zero(rows[i][j] - lam * r0[j]) for j in range(n)) or \
                not zero(rhs[i] - lam * b0):
            return ("none", None)
    return ("many", None)


def _feasible(n, eq_rows, eq_rhs, le_rows, le_rhs, tol):
    """Whether {x in (0, 1)^n : eq_rows x = eq_rhs, le_rows x <= le_rhs} is non-empty
    (n <= 2). The vertices of the closed polytope are intersections of constraint lines;
    their centroid lies in the open box iff the polytope meets it (convexity)."""
    if n == 0:
        return all(-b <= tol for b in le_rhs) and all(abs(b) <= tol for b in eq_rhs)
    one, zero = 1 + 0 * tol, 0 * tol
    lines = [(list(r), b) for r, b in zip(eq_rows, eq_rhs)]
    lines += [(list(r), b) for r, b in zip(le_rows, le_rhs)]
    for j in range(n):
        unit = [one if i == j else zero for i in range(n)]
        lines += [(unit, zero), (unit, one)]

    def ok(x):
        if any(v < -tol or v > 1 + tol for v in x):
            return False
        if any(abs(sum(c * v for c, v in zip(r, x)) - b) > tol
               for r, b in zip(eq_rows, eq_rhs)):
            return False
        return all(sum(c * v for c, v in zip(r, x)) - b <= tol
                   for r, b in zip(le_rows, le_rhs))

    verts = []
    for combo in itertools.combinations(lines, n):
        rows = [r for r, _ in combo]
        rhs = [b for _, b in combo]
        if n == 1:
            if rows[0][0] == 0:
                continue
            x = [rhs[0] / rows[0][0]]
        else:
            det = rows[0][0] * rows[1][1] - rows[0][1] * rows[1][0]
            if det == 0:
                continue
            x = [(rhs[0] * rows[1][1] - rows[0][1] * rhs[1]) / det,
                 (rows[0][0] * rhs[1] - rhs[0] * rows[1][0]) / det]
        if ok(x):
            verts.append(x)
    if not verts:
        return False
    centroid = [sum(v[j] for v in verts) / len(verts) for j in range(n)]
    return all(tol < v < 1 - tol for v in centroid) and ok(centroid)


def _side_feasible(pat, fixed_sig, fixed_s, a_unknown, b_unknown, sig_coeffs, c, X, Y,
                   tol):
    """Whether a support pattern has an equilibrium (used when its indifference
    equations leave a continuum)."""
    pS, pG, pd, po = pat
    # σ-side: B's mixing signals give equalities, B's pure signals inequalities
    eq_r, eq_b, le_r, le_b = [], [], [], []
    for y, p in ((0, pd), (1, po)):
        cS, cG, c0 = sig_coeffs(y)
        coef = (cS, cG)
        row = [coef[i] for i in a_unknown]
        const = c0 + sum(coef[i] * fixed_sig[i] for i in (0, 1) if fixed_sig[i] is not None)
        if p == 2:
            eq_r.append(row)
            eq_b.append(-const)
        elif p == 1:          # val >= 0  ->  -row x <= const
            le_r.append([-v for v in row])
            le_b.append(const)
        else:                 # val <= 0
            le_r.append(row)
            le_b.append(-const)
    if not _feasible(len(a_unknown), eq_r, eq_b, le_r, le_b, tol):
        return False
    # s-side: A's mixing types give equalities, A's pure types inequalities
    eq_r, eq_b, le_r, le_b = [], [], [], []
    for t, p in ((0, pS), (1, pG)):
        coef = (c, -c)        # gain = X_t - c(s_o - s_d) = X_t + c s_d - c s_o
        row = [coef[i] for i in b_unknown]
        const = (X if t == 0 else Y) + sum(coef[i] * fixed_s[i] for i in (0, 1)
                                           if fixed_s[i] is not None)
        if p == 2:            # gain = 0
            eq_r.append(row)
            eq_b.append(-const)
        elif p == 1:          # gain >= 0  ->  -row x <= const
            le_r.append([-v for v in row])
            le_b.append(const)
        else:                 # gain <= 0
            le_r.append(row)
            le_b.append(-const)
    return _feasible(len(b_unknown), eq_r, eq_b, le_r, le_b, tol)


def _enumerate(theta, rho, mu, v, g, h, L, k, tol=0):
    """All PBE for ρ < 1 by support enumeration (generic number type; ``tol`` 0 for
    Fractions). ``tol`` is absolute: it is compared with probabilities and with payoffs,
    so float callers pass payoffs normalised to a scale of about 1 (``_solve``).
    Returns (list of PostureEquilibrium, degenerate flag)."""
    zero, one = theta * 0, theta * 0 + 1
    X = v * (2 * theta - 1)
    Y = X + g * theta
    c = h * (2 * rho - 1)        # Z = c (s_o - s_d)
    loss = L * theta
    found, degenerate = [], False
    pure = (zero, one)
    for pat in itertools.product((0, 1, 2), repeat=4):   # 2 = mixed
        pS, pG, pd, po = pat
        # B's indifference equations in the mixed σ's: loss*P(G,o,y) - k*P(y) = 0
        a_unknown = [i for i, p in enumerate((pS, pG)) if p == 2]
        b_unknown = [i for i, p in enumerate((pd, po)) if p == 2]

        def sig_coeffs(y):
            # P(G,o,y) and P(y) are affine in (σ_S, σ_G): return (coef_S, coef_G, const)
            q = rho if y == 1 else one - rho      # Pr(signal y | o)
            qd = one - q                          # Pr(signal y | d)
            # loss*(1-mu)σ_G q - k*[mu(σ_S q + (1-σ_S) qd) + (1-mu)(σ_G q + (1-σ_G) qd)]
            cS = -k * mu * (q - qd)
            cG = loss * (1 - mu) * q - k * (1 - mu) * (q - qd)
            c0 = -k * (mu * qd + (1 - mu) * qd)
            return cS, cG, c0

        rows, rhs = [], []
        fixed_sig = {0: pure[pS] if pS < 2 else None, 1: pure[pG] if pG < 2 else None}
        for y, p in ((0, pd), (1, po)):
            if p != 2:
                continue
            cS, cG, c0 = sig_coeffs(y)
            coef = (cS, cG)
            row = [coef[i] for i in a_unknown]
            const = c0 + sum(coef[i] * fixed_sig[i] for i in (0, 1) if fixed_sig[i] is not None)
            rows.append(row)
            rhs.append(-const)
        status_a, xa = _solve2(rows, rhs, tol, len(a_unknown))
        if status_a == "none":
            continue
        # A's indifference: c (s_o - s_d) = X_t for each mixing type
        rows, rhs = [], []
        fixed_s = {0: pure[pd] if pd < 2 else None, 1: pure[po] if po < 2 else None}
        for t, p in ((0, pS), (1, pG)):
            if p != 2:
                continue
            coef = (-c, c)
            row = [coef[i] for i in b_unknown]
            const = sum(coef[i] * fixed_s[i] for i in (0, 1) if fixed_s[i] is not None)
            rows.append(row)
            rhs.append((X if t == 0 else Y) - const)
        status_b, xb = _solve2(rows, rhs, tol, len(b_unknown))
        if status_b == "none":
            continue
        if "many" in (status_a, status_b):
            # a continuum of candidates: flag it (not enumerated) if some point of it is
            # an equilibrium; the two sides are independent (σ: B's conditions; s: A's)
            if _side_feasible(pat, fixed_sig, fixed_s, a_unknown, b_unknown, sig_coeffs,
                              c, X, Y, tol):
                degenerate = True
            continue
        sig = dict(fixed_sig)
        for i, val in zip(a_unknown, xa):
            sig[i] = val
        s = dict(fixed_s)
        for i, val in zip(b_unknown, xb):
            s[i] = val
        values = [sig[0], sig[1], s[0], s[1]]
        if any(pat[i] == 2 and not (tol < values[i] < 1 - tol) for i in range(4)):
            continue
        # best responses of the pure agents (weak), indifference noted
        Z = c * (s[1] - s[0])
        ok, tie = True, False
        for t, p in ((0, pS), (1, pG)):
            gain = (X if t == 0 else Y) - Z            # o minus d
            if p == 1 and gain < -tol or p == 0 and gain > tol:
                ok = False
            if p < 2 and abs(gain) <= tol:
                tie = True
        for y, p in ((0, pd), (1, po)):
            cS, cG, c0 = sig_coeffs(y)
            val = cS * sig[0] + cG * sig[1] + c0     # loss*P(G,o,y) - k P(y): arm iff > 0
            if p == 1 and val < -tol or p == 0 and val > tol:
                ok = False
            if p < 2 and abs(val) <= tol:
                tie = True
        if not ok:
            continue
        degenerate = degenerate or tie
        found.append(_record(sig[0], sig[1], s[0], s[1], rho, tie))
    return found, degenerate


def _kind(sS, sG, sd, so):
    if sS == 0 and sG == 1:
        if so == 1 and sd == 0:
            return "separating"
        if so == 0 and sd == 0:
            return "honest_postures_no_arming"
        return "other"
    if sS == 1 and sG == 1:
        return "pooling_on_offence"
    if sS == 0 and sG == 0:
        return "pooling_on_defence"
    if (0 < sS < 1) or (0 < sG < 1):
        return "semi_separating"
    return "other"


def _record(sS, sG, sd, so, rho, tie):
    one = rho * 0 + 1
    arm_o = rho * so + (one - rho) * sd     # Pr(arm | posture o)
    arm_d = rho * sd + (one - rho) * so
    tragic = sS * arm_o + (one - sS) * arm_d
    undeterred = (one - arm_o) if sG > 0 else None
    return PostureEquilibrium(sS, sG, sd, so, _kind(sS, sG, sd, so), tragic, undeterred, tie)


_PARAMS = (
    Parameter("offense_advantage", "offence advantage", "θ", low=0, high=1),
    Parameter("distinguishability", "accuracy of B's signal of A's posture", "ρ",
              low=0.5, high=1),
    Parameter("trust", "B's prior that A is a security seeker", "μ", low=0, high=1),
    Parameter("posture_value", "value of the posture to A (v(1-θ) for d, vθ for o)", "v",
              low=0, low_open=True, default=1.0),
    Parameter("exploitation_gain", "greedy A's extra gain from o, per unit of θ", "g",
              low=0, default=3.0),
    Parameter("arming_loss", "A's loss if B arms", "h", low=0, low_open=True, default=1.0),
    Parameter("exploitation_loss", "B's loss unarmed against greedy o, per unit of θ", "L",
              low=0, low_open=True, default=8.0),
    Parameter("arms_cost", "B's cost of arming", "k", low=0, low_open=True, default=1.0),
)


@dataclass(frozen=True)
class DistinguishabilityModel(Model):
    """Jervis's four worlds: posture choice observed through a signal of accuracy ρ (see
    the module docstring).

    Parameters
    ----------
    offense_advantage, distinguishability, trust, posture_value, exploitation_gain,
    arming_loss, exploitation_loss, arms_cost
        θ, ρ ∈ [1/2, 1], μ, v, g, h, L, k.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> m = DistinguishabilityModel(F(3, 4), F(9, 10), F(3, 5))
    >>> sorted(e.kind for e in m.equilibria())
    ['pooling_on_offence', 'semi_separating', 'separating']
    >>> m.critical_distinguishability
    Fraction(10, 13)
    """

    offense_advantage: Any
    distinguishability: Any
    trust: Any
    posture_value: Any = 1
    exploitation_gain: Any = 3
    arming_loss: Any = 1
    exploitation_loss: Any = 8
    arms_cost: Any = 1

    name: ClassVar[str] = "distinguishability"
    summary: ClassVar[str] = ("Jervis (1978) four worlds: offence-defence balance x "
                              "distinguishability of postures seen through a noisy signal")
    method: ClassVar[str] = ("support enumeration with exact indifference equations (rho < 1); "
                             "solve_pbe with off-path belief sets (rho = 1)")
    references: ClassVar[tuple] = (
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics 30(2), "
        "167-214.",
        "Kydd, A. H. (2005). Trust and Mistrust in International Relations, ch. 2.")
    PARAMETERS: ClassVar[tuple] = _PARAMS
    METRICS: ClassVar[tuple] = (
        Metric("num_equilibria", "number of PBE", "int64"),
        Metric("equilibrium_is_unique", "whether the PBE is unique", "bool"),
        Metric("separating_is_equilibrium", "S -> d, G -> o, B arms iff the signal is o",
               "bool"),
        Metric("max_tragic_arming_probability", "largest Pr(B arms | A is a security seeker)"),
        Metric("min_tragic_arming_probability", "smallest Pr(B arms | A is a security seeker)"),
        Metric("max_undeterred_offence_probability",
               "largest Pr(B unarmed | greedy A chose o) (NaN: G never plays o)"),
        Metric("max_offence_probability", "largest Pr(o | greedy A) over the equilibria"),
        Metric("critical_distinguishability", "least rho at which the separating PBE exists "
               "(NaN: for no rho < 1)"),
        Metric("regime", "equilibrium regime", "int8", flag_meanings=REGIMES),
    )

    @property
    def exact(self) -> bool:
        return is_exact_model(self)

    def _values(self):
        vals = [getattr(self, p.name) for p in self.PARAMETERS]
        return [Fraction(x) for x in vals] if self.exact else [float(x) for x in vals]

    # ------------------------------------------------------------------ equilibria
    def equilibria(self) -> list[PostureEquilibrium]:
        """Every PBE (ρ < 1: support enumeration; ρ = 1: :func:`solve_pbe`)."""
        return self._solve()[0]

    @property
    def degenerate(self) -> bool:
        """Whether the list may miss a continuum (an indifferent pure agent, or a
        support whose equations leave a continuum)."""
        return self._solve()[1]

    def _solve(self):
        theta, rho, mu, v, g, h, L, k = self._values()
        if rho == 1:
            return self._solve_signaling()
        if theta == 0:
            raise InvalidParameterError(
                "DistinguishabilityModel.equilibria(): offense_advantage must be > 0 for "
                "kappa = k/(L theta) to exist; got 0")
        if self.exact:
            return _enumerate(theta, rho, mu, v, g, h, L, k, 0)
        # Floats: the enumeration's tolerance 1e-12 must be relative to the payoff scale
        # (scale invariance). Dividing A's payoff parameters (v, g, h) by the bound
        # v + gθ + h on A's |payoffs|, and B's (L, k) by k + Lθ, rescales each player's
        # payoffs by a positive factor (the same equilibria) and makes every quantity the
        # enumeration compares with the tolerance either a normalised payoff of one
        # player (X, Y, c, B's arming gain) or a probability (scale-free already).
        sa, sb = v + g * theta + h, k + L * theta
        return _enumerate(theta, rho, mu, v / sa, g / sa, h / sa, L / sb, k / sb, 1e-12)

    def _solve_signaling(self):
        res = solve_pbe(self.to_game(), exact=True)
        out = []
        for eq in res:
            sigma, resp = eq.exact_strategies if eq.exact_strategies else eq.strategies
            sS, sG = Fraction(sigma[0][1]), Fraction(sigma[1][1])
            sd, so = Fraction(resp[0][0]), Fraction(resp[1][0])
            out.append(_record(sS, sG, sd, so, Fraction(1), False))
        return out, bool(res.degenerate)

    @property
    def critical_distinguishability(self):
        """ρ* = max(1/2 + X/(2h), ρ_B, ρ_A), the least ρ with a separating PBE; None when
        it exceeds 1/2 + Y/(2h) or is ≥ 1 (no separating PBE with ρ < 1)."""
        theta, rho, mu, v, g, h, L, k = self._values()
        X = v * (2 * theta - 1)
        Y = X + g * theta
        kappa = k / (L * theta)
        half = theta * 0 + Fraction(1, 2) if self.exact else 0.5
        if kappa >= 1:
            return None
        rb = (1 - mu) * (1 - kappa) / ((1 - mu) * (1 - kappa) + mu * kappa)
        ra = mu * kappa / (mu * kappa + (1 - mu) * (1 - kappa))
        lo = max(half + X / (2 * h), rb, ra, half)
        if lo > half + Y / (2 * h) or lo >= 1:
            return None
        return lo

    # ------------------------------------------------------------------ games
    def to_game(self):
        """For ρ < 1: the :class:`~secdilemma.BayesianGame` in which A (types S, G)
        picks a posture and B (one type) picks an arming plan (after d̂, after ô) ∈
        {NN, NA, AN, AA}, payoffs integrated over the signal; its BNE are the PBE (every
        signal is on the path). For ρ = 1: the :class:`SignalingGame` (messages d, o;
        B's actions arm, not), for :func:`solve_pbe` with off-path beliefs."""
        theta, rho, mu, v, g, h, L, k = [getattr(self, p.name) for p in self.PARAMETERS]
        one = Fraction(1) if self.exact else 1.0
        post = {0: v * (one - theta), 1: v * theta}            # d, o
        extra = {("S", 0): 0 * one, ("S", 1): 0 * one, ("G", 0): 0 * one,
                 ("G", 1): g * theta}
        if rho == 1:
            sender = [[[post[m] + extra[(t, m)] - h, post[m] + extra[(t, m)]]
                       for m in (0, 1)] for t in ("S", "G")]
            receiver = [[[-k, 0 * one], [-k, 0 * one]],
                        [[-k, 0 * one], [-k, -L * theta]]]
            return SignalingGame(["security_seeker", "greedy"], [self.trust, one - self.trust],
                                 ["defensive", "offensive"], ["arm", "not"],
                                 sender_payoffs=sender, receiver_payoffs=receiver)
        plans = [(0, 0), (0, 1), (1, 0), (1, 1)]  # (arm after d̂, arm after ô)
        ua = np.empty((2, 1, 2, 4), dtype=object if self.exact else float)
        ub = np.empty((2, 1, 2, 4), dtype=object if self.exact else float)
        for ti, t in enumerate(("S", "G")):
            for m in (0, 1):
                pr_o = rho if m == 1 else one - rho      # Pr(signal ô | posture m)
                for j, (ad, ao) in enumerate(plans):
                    arm = pr_o * ao + (one - pr_o) * ad
                    ua[ti, 0, m, j] = post[m] + extra[(t, m)] - h * arm
                    lossB = L * theta * (one - arm) if (t == "G" and m == 1) else 0 * one
                    ub[ti, 0, m, j] = -k * arm - lossB
        return BayesianGame([ua, ub], marginals=[[self.trust, one - self.trust], [one]],
                            types=[["security_seeker", "greedy"], ["B"]],
                            actions=[["defensive", "offensive"], ["NN", "NA", "AN", "AA"]],
                            players=["A", "B"])

    # ------------------------------------------------------------------ sweeps
    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Every PBE at each point, summarised: by the closed forms (vectorised; see
        the comment above ``_closed_form``), except points within a relative 1e-9 of a
        tie, ρ = 1 and θ = 0, which go one by one to the support enumeration in floats
        (ρ = 1: solve_pbe). Exact answers: the model's own :meth:`equilibria` with
        Fractions.

        Examples
        --------
        >>> out = DistinguishabilityModel.evaluate({"offense_advantage": [0.75, 0.25],
        ...     "distinguishability": 0.9, "trust": 0.6})
        >>> out["num_equilibria"].tolist(), out["regime"].tolist()
        ([3, 1], [4, 5])
        """
        shape = np.broadcast_shapes(*(v.shape for v in p.values()))
        flat = {k: np.broadcast_to(v, shape).ravel() for k, v in p.items()}
        n = int(np.prod(shape)) if shape else 1
        names = [q.name for q in cls.PARAMETERS]
        out = {m.name: np.full(n, np.nan) for m in cls.METRICS}
        degenerate = np.zeros(n, dtype=bool)
        cols = [np.asarray(flat[q], dtype=float) for q in names]
        closed, near = _closed_form(*cols)
        for key, val in closed.items():
            out[key] = np.asarray(val, dtype=float)
        cache: dict = {}
        for i in np.flatnonzero(near):
            vals = tuple(float(flat[q][i]) for q in names)
            if vals not in cache:
                cache[vals] = cls._summary(vals)
            summ, deg = cache[vals]
            degenerate[i] = deg
            for key, val in summ.items():
                out[key][i] = val
        res = {k: v.reshape(shape) for k, v in out.items() if k in metrics}
        res["degenerate"] = degenerate.reshape(shape)
        return res

    @classmethod
    def _summary(cls, vals):
        m = cls(*vals)
        if vals[0] == 0:
            eqs, deg = [], True
        else:
            eqs, deg = m._solve()
        kinds = sorted(e.kind for e in eqs)
        tragic = [float(e.tragic_arming) for e in eqs]
        und = [float(e.undeterred_offence) for e in eqs if e.undeterred_offence is not None]
        off = [float(e.greedy_offence) for e in eqs]
        if deg or not eqs:
            regime = 7
        elif len(eqs) == 1:
            regime = {"pooling_on_offence": 0, "pooling_on_defence": 1,
                      "honest_postures_no_arming": 2, "separating": 3,
                      "semi_separating": 5}.get(kinds[0], 6)
        elif "separating" in kinds:
            regime = 4
        else:
            regime = 6
        crit = m.critical_distinguishability if vals[0] > 0 else None
        return {
            "num_equilibria": len(eqs), "equilibrium_is_unique": len(eqs) == 1,
            "separating_is_equilibrium": "separating" in kinds,
            "max_tragic_arming_probability": max(tragic) if tragic else np.nan,
            "min_tragic_arming_probability": min(tragic) if tragic else np.nan,
            "max_undeterred_offence_probability": max(und) if und else np.nan,
            "max_offence_probability": max(off) if off else np.nan,
            "critical_distinguishability": np.nan if crit is None else float(crit),
            "regime": regime,
        }, deg


# ------------------------------------------------------------------ closed forms (floats)
# The equilibrium set in closed form, for the vectorised float path (derivation).
# c = h(2ρ − 1) (0 ≤ c < h), Z = c(s_ô − s_d̂); type t plays o iff X_t > Z (X_S = X,
# X_G = Y = X + gθ > X when gθ > 0, so σ_S > 0 forces σ_G = 1 and σ_G < 1 forces
# σ_S = 0); B arms after y iff J_y > κ. With σ_G = 1, σ_S = 0 the posteriors are
# J⁺ = (1−μ)ρ / ((1−μ)ρ + μ(1−ρ)) after ô and J⁻ = (1−μ)(1−ρ) / ((1−μ)(1−ρ) + μρ)
# after d̂; J⁻ ≤ 1 − μ ≤ J⁺, with equality iff ρ = 1/2. Away from every tie:
#   pooling on d (0, 0, 0, 0)   iff Y < 0 (then J = 0 < κ after both signals);
#   pooling on o (1, 1, s, s)   iff X > 0, s = 1 iff 1 − μ > κ (posterior = prior);
#   separating (0, 1, 0, 1)     iff X < c < Y and J⁻ < κ < J⁺;
#   honest, no arming (0,1,0,0) iff X < 0 < Y and κ > J⁺;
#   other (0, 1, 1, 1)          iff X < 0 < Y and κ < J⁻;
#   G mixes, B mixes after ô    (0, b, 0, Y/c) iff 0 < Y < c and κ < J⁺, J_ô(b) = κ:
#       b = κ(1−ρ) / ((1−μ)(ρ − κ(2ρ−1)));
#   G mixes, B mixes after d̂    (0, b, 1 − Y/c, 1) iff 0 < Y < c and κ < J⁻, J_d̂(b) = κ:
#       b = κρ / ((1−μ)((1−ρ) + κ(2ρ−1)));
#   S mixes, B mixes after ô    (a, 1, 0, X/c) iff 0 < X < c and 1 − μ < κ < J⁺:
#       a = ((1−μ)ρ(1−κ) − κμ(1−ρ)) / (κμ(2ρ−1));
#   S mixes, B mixes after d̂    (a, 1, 1 − X/c, 1) iff 0 < X < c and J⁻ < κ < 1 − μ:
#       a = (κμρ − (1−κ)(1−μ)(1−ρ)) / (κμ(2ρ−1)).
# (J_ô(b) rises from 0 to J⁺ in b; J_d̂(b) from 0 to J⁻; with σ_G = 1, J_ô(a) falls from
# J⁺ to 1 − μ in a and J_d̂(a) rises from J⁻ to 1 − μ; for ρ > 1/2, J_ô > J_d̂ at every
# σ with σ_G > 0, so B cannot mix after both signals and a type with X_t < 0 cannot mix.)
# At ρ = 1/2 (c = 0, J⁺ = J⁻ = 1 − μ) the same conditions hold (no type can mix, and B
# arms after both signals or neither). A point within a relative band of a tie (X, Y,
# X − c, Y − c, κ − J⁺, κ − J⁻, κ − (1 − μ), gθ, μ(1 − μ), θ, 1 − ρ) goes to the
# support enumeration instead: there the list may change or be degenerate, and the
# enumeration's convention (weak inequalities, ties flagged) decides.
_TIE_BAND = 1e-9

#: (σ_S, σ_G, s_d̂, s_ô) kind codes of the closed form, in the order of ``_kind``'s names.
_CF_KINDS = ("pooling_on_defence", "pooling_on_offence", "separating",
             "honest_postures_no_arming", "other", "semi_separating", "semi_separating",
             "semi_separating", "semi_separating")


def _closed_form(theta, rho, mu, v, g, h, L, k):
    """The summary metrics of every PBE at float arrays of parameters from the closed
    forms above; returns (metrics dict, mask of the points left to the enumeration)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        X = v * (2 * theta - 1)
        Y = X + g * theta
        c = h * (2 * rho - 1)
        kappa = k / (L * theta)
        jp = (1 - mu) * rho / ((1 - mu) * rho + mu * (1 - rho))
        jm = (1 - mu) * (1 - rho) / ((1 - mu) * (1 - rho) + mu * rho)
        prior = 1 - mu
        sa = np.abs(v) + np.abs(g) * theta + np.abs(h)
        band = _TIE_BAND
        near = ~np.isfinite(kappa) | (theta <= band) | (rho >= 1 - band) \
            | (mu <= band) | (mu >= 1 - band) | (g * theta <= band * sa)
        for a_side in (X, Y, X - c, Y - c):
            near |= np.abs(a_side) <= band * sa
        for j in (jp, jm, prior):
            near |= np.abs(kappa - j) <= band * (kappa + j)
        n = theta.shape[0]
        one, zero = np.ones(n), np.zeros(n)
        cands = [   # (valid, σ_S, σ_G, s_d̂, s_ô)
            (Y < 0, zero, zero, zero, zero),
            (X > 0, one, one, (prior > kappa) * one, (prior > kappa) * one),
            ((X < c) & (c < Y) & (jm < kappa) & (kappa < jp), zero, one, zero, one),
            ((X < 0) & (0 < Y) & (kappa > jp), zero, one, zero, zero),
            ((X < 0) & (0 < Y) & (kappa < jm), zero, one, one, one),
            ((0 < Y) & (Y < c) & (kappa < jp), zero,
             kappa * (1 - rho) / ((1 - mu) * (rho - kappa * (2 * rho - 1))), zero, Y / c),
            ((0 < Y) & (Y < c) & (kappa < jm), zero,
             kappa * rho / ((1 - mu) * ((1 - rho) + kappa * (2 * rho - 1))), 1 - Y / c, one),
            ((0 < X) & (X < c) & (prior < kappa) & (kappa < jp),
             ((1 - mu) * rho * (1 - kappa) - kappa * mu * (1 - rho))
             / (kappa * mu * (2 * rho - 1)), one, zero, X / c),
            ((0 < X) & (X < c) & (jm < kappa) & (kappa < prior),
             (kappa * mu * rho - (1 - kappa) * (1 - mu) * (1 - rho))
             / (kappa * mu * (2 * rho - 1)), one, 1 - X / c, one),
        ]
        count = np.zeros(n, dtype=np.int64)
        kinds = np.zeros((len(cands), n), dtype=bool)
        tr_max, tr_min = np.full(n, -np.inf), np.full(n, np.inf)
        und_max, off_max = np.full(n, -np.inf), np.full(n, -np.inf)
        for i, (ok, sS, sG, sd, so) in enumerate(cands):
            ok = ok & ~near
            kinds[i] = ok
            count += ok
            arm_o = rho * so + (1 - rho) * sd
            arm_d = rho * sd + (1 - rho) * so
            tragic = sS * arm_o + (1 - sS) * arm_d
            tr_max = np.where(ok, np.maximum(tr_max, tragic), tr_max)
            tr_min = np.where(ok, np.minimum(tr_min, tragic), tr_min)
            und_max = np.where(ok & (sG > 0), np.maximum(und_max, 1 - arm_o), und_max)
            off_max = np.where(ok, np.maximum(off_max, sG), off_max)
        code = np.full(n, 6, dtype=np.int64)        # other_multiple
        single = {0: 1, 1: 0, 2: 3, 3: 2, 4: 6}     # candidate -> regime when alone
        for i in range(len(cands)):
            if i in single:
                code = np.where((count == 1) & kinds[i], single[i], code)
            else:
                code = np.where((count == 1) & kinds[i], 5, code)
        code = np.where((count > 1) & kinds[2], 4, code)
        code = np.where(count == 0, 7, code)
        # ρ* = max(1/2 + X/(2h), ρ_B, ρ_A) when ≤ 1/2 + Y/(2h) and < 1 (κ < 1)
        rb = (1 - mu) * (1 - kappa) / ((1 - mu) * (1 - kappa) + mu * kappa)
        ra = mu * kappa / (mu * kappa + (1 - mu) * (1 - kappa))
        lo = np.maximum.reduce([0.5 + X / (2 * h), rb, ra, np.full(n, 0.5)])
        crit = np.where((kappa < 1) & (lo <= 0.5 + Y / (2 * h)) & (lo < 1), lo, np.nan)
    near = near | (count == 0)    # a finite game has an equilibrium: enumerate there
    nan = np.nan
    return {
        "num_equilibria": count, "equilibrium_is_unique": count == 1,
        "separating_is_equilibrium": kinds[2],
        "max_tragic_arming_probability": np.where(count > 0, tr_max, nan),
        "min_tragic_arming_probability": np.where(count > 0, tr_min, nan),
        "max_undeterred_offence_probability": np.where(np.isfinite(und_max), und_max, nan),
        "max_offence_probability": np.where(count > 0, off_max, nan),
        "critical_distinguishability": crit,
        "regime": code,
    }, near


# ------------------------------------------------------------------ the exact partition
# Region boundaries in the (θ, ρ) plane, from the closed forms above. At fixed θ every
# condition is monotone in ρ: c = h(2ρ − 1) and J⁺ rise with ρ, J⁻ falls, and X, Y, κ,
# 1 − μ do not depend on ρ. So along a vertical line the equilibrium set changes only
# where c = X, c = Y, J⁺ = κ or J⁻ = κ, i.e. at
#   ρ_X(θ) = 1/2 + X/(2h),  ρ_Y(θ) = 1/2 + Y/(2h),
#   ρ_A(θ) = μκ / (μκ + (1−μ)(1−κ))   (J⁺ = κ; +∞ when κ ≥ 1: J⁺ < κ for every ρ),
#   ρ_B(θ) = (1−μ)(1−κ) / ((1−μ)(1−κ) + μκ)   (J⁻ = κ; −∞ when κ ≥ 1),
# and between them the regime is constant. Across θ the regime of a band between two
# consecutive such curves changes only where a sign of X, Y or κ − (1 − μ) changes
# (θ = 1/2, θ = v/(2v + g), θ = k/(L(1 − μ))) or where two curves cross (the band
# vanishes there). Splitting the θ range at those points, each band of each piece is
# one region piece between two analytic curves, and a boundary is drawn along a curve
# where the regimes below and above differ, and along a vertical line θ = θ_s where the
# regimes left and right differ.
_BREAK_LABELS = ("rho = 1/2 + X/(2h)", "rho = 1/2 + Y/(2h)", "rho_A: J+ = kappa",
                 "rho_B: J- = kappa")


@dataclass(frozen=True)
class RegimePartition:
    """The four-worlds map drawn from the model's boundary curves.

    Attributes
    ----------
    pieces : tuple of (int, ndarray, ndarray, ndarray)
        (regime code, θ samples, lower ρ, upper ρ): the region between the two curves
        over the θ samples; the pieces tile the rectangle.
    boundaries : tuple of (str, ndarray, ndarray)
        (which curve, θ, ρ) of each boundary segment: ``"theta = ..."`` for a vertical
        line, else one of the curves ρ_X, ρ_Y, ρ_A, ρ_B of the module's derivation.
    """

    pieces: tuple
    boundaries: tuple


def _breakpoints(theta, mu, v, g, h, L, k):
    """ρ_X, ρ_Y, ρ_A, ρ_B at float θ (array), shape (4, n)."""
    theta = np.asarray(theta, dtype=float)
    X = v * (2 * theta - 1)
    Y = X + g * theta
    kappa = k / (L * theta)
    with np.errstate(divide="ignore", invalid="ignore"):
        ra = np.where(kappa < 1, mu * kappa / (mu * kappa + (1 - mu) * (1 - kappa)), np.inf)
        rb = np.where(kappa < 1, (1 - mu) * (1 - kappa)
                      / ((1 - mu) * (1 - kappa) + mu * kappa), -np.inf)
    return np.array([0.5 + X / (2 * h), 0.5 + Y / (2 * h), ra, rb])


def _roots(f, lo, hi, num=4001):
    """Every sign change of f (vectorised in θ) on [lo, hi], by bisection to machine
    precision."""
    x = np.linspace(lo, hi, num)
    y = f(x)
    out = []
    for i in np.flatnonzero(np.isfinite(y[:-1]) & np.isfinite(y[1:])
                            & (np.sign(y[:-1]) * np.sign(y[1:]) < 0)):
        a, b, fa = x[i], x[i + 1], y[i]
        for _ in range(200):
            m = 0.5 * (a + b)
            if m in (a, b):
                break
            fm = f(np.array([m]))[0]
            if np.sign(fm) == np.sign(fa):
                a, fa = m, fm
            else:
                b = m
        out.append(0.5 * (a + b))
    return out


def regime_partition(theta_range, rho_range, *, trust, posture_value=1.0,
                     exploitation_gain=3.0, arming_loss=1.0, exploitation_loss=8.0,
                     arms_cost=1.0, num=1200) -> RegimePartition:
    """The regime map over θ × ρ as regions between the model's analytic boundary
    curves (see the derivation in the comment above), not a sampled grid.

    Parameters
    ----------
    theta_range, rho_range : (float, float)
        The rectangle (0 < θ_lo < θ_hi ≤ 1, 1/2 ≤ ρ_lo < ρ_hi < 1).
    trust, posture_value, exploitation_gain, arming_loss, exploitation_loss, arms_cost
        μ, v, g, h, L, k (as :class:`DistinguishabilityModel`; g > 0).
    num : int
        θ samples of the curves over the whole range.

    Returns
    -------
    RegimePartition

    Examples
    --------
    >>> part = regime_partition((0.01, 1.0), (0.5, 0.995), trust=0.6)
    >>> sorted({REGIMES[code] for code, *_ in part.pieces})[:3]
    ['honest_postures_no_arming', 'other_multiple', 'pooling_on_defence']
    >>> sorted({label for label, *_ in part.boundaries})[:2]
    ['rho = 1/2 + X/(2h)', 'rho = 1/2 + Y/(2h)']
    """
    func = "regime_partition()"
    t_lo, t_hi = (float(t) for t in theta_range)
    r_lo, r_hi = (float(r) for r in rho_range)
    mu, v, g, h, L, k = (float(x) for x in (trust, posture_value, exploitation_gain,
                                            arming_loss, exploitation_loss, arms_cost))
    if not 0 < t_lo < t_hi <= 1:
        raise InvalidParameterError(f"{func}: theta_range must satisfy 0 < lo < hi <= 1; "
                                    f"got {theta_range!r}")
    if not 0.5 <= r_lo < r_hi < 1:
        raise InvalidParameterError(f"{func}: rho_range must satisfy 1/2 <= lo < hi < 1; "
                                    f"got {rho_range!r}")
    if not (0 < mu < 1 and v > 0 and g > 0 and h > 0 and L > 0 and k > 0):
        raise InvalidParameterError(
            f"{func}: trust must be in (0, 1) and every payoff parameter > 0; got trust="
            f"{mu}, v={v}, g={g}, h={h}, L={L}, k={k}")
    if not (isinstance(num, int) and num >= 10):
        raise InvalidParameterError(f"{func}: num must be an int >= 10; got {num!r}")
    fixed = (mu, v, g, h, L, k)

    def brk(t):
        return _breakpoints(t, *fixed)

    # the θ's where a band can change regime or vanish
    special = {t_lo, t_hi}
    for t in (0.5, v / (2 * v + g), k / (L * (1 - mu))):
        if t_lo < t < t_hi:
            special.add(t)
    for i in range(4):
        for edge in (r_lo, r_hi):
            special.update(_roots(lambda t, i=i, e=edge: brk(t)[i] - e, t_lo, t_hi))
        for j in range(i + 1, 4):
            special.update(_roots(lambda t, i=i, j=j: brk(t)[i] - brk(t)[j], t_lo, t_hi))
    special = sorted(s for s in special if t_lo <= s <= t_hi)
    span = t_hi - t_lo
    pieces, boundaries, codes_of = [], [], []
    for a, b in zip(special[:-1], special[1:]):
        if b - a <= 1e-12 * span:
            codes_of.append(None)
            continue
        t = np.linspace(a, b, max(5, int(np.ceil(num * (b - a) / span)) + 1))
        raw = brk(t)
        edges = np.sort(np.clip(raw, r_lo, r_hi), axis=0)
        edges = np.vstack([np.full_like(t, r_lo), edges, np.full_like(t, r_hi)])
        inner = t[1:-1]
        mids = 0.5 * (edges[:-1, 1:-1] + edges[1:, 1:-1])        # (5, n - 2)
        width = edges[1:, 1:-1] - edges[:-1, 1:-1]
        band_codes = []
        for j in range(5):
            live = width[j] > 1e-9 * (r_hi - r_lo)
            if not live.any():
                band_codes.append(None)
                continue
            got = _classify(inner[live], mids[j][live], fixed)
            if np.unique(got).size != 1:
                raise SolverError(   # a missed breakpoint: a bug, never a wrong map
                    f"{func}: the regime must be constant between two boundary curves; "
                    f"it changes inside a band over theta in [{a}, {b}]")
            band_codes.append(int(got[0]))
            if pieces and pieces[-1][0] == int(got[0]) and pieces[-1][1] is t:
                # the band above a band of the same regime: one piece
                pieces[-1] = (pieces[-1][0], t, pieces[-1][2], edges[j + 1])
            else:
                pieces.append((int(got[0]), t, edges[j], edges[j + 1]))
        codes_of.append((a, b, t, edges, raw, band_codes))
        # curves between two live bands with different regimes
        live_bands = [j for j in range(5) if band_codes[j] is not None]
        for lo_band, hi_band in zip(live_bands[:-1], live_bands[1:]):
            if band_codes[lo_band] == band_codes[hi_band]:
                continue
            rho = edges[lo_band + 1]
            mid = len(t) // 2
            which = int(np.argmin(np.abs(raw[:, mid] - rho[mid])))
            boundaries.append((_BREAK_LABELS[which], t, rho))
    # vertical boundaries at the interior special θ's
    for left, right in zip(codes_of[:-1], codes_of[1:]):
        if left is None or right is None:
            continue
        ts = left[1]
        e = left[3][:, -1]
        segs = [(e[j], e[j + 1]) for j in range(5)
                if e[j + 1] - e[j] > 1e-9 * (r_hi - r_lo)
                and left[5][j] is not None and right[5][j] is not None
                and left[5][j] != right[5][j]]
        merged = []
        for lo_r, hi_r in segs:   # adjacent segments form one line
            if merged and merged[-1][1] == lo_r:
                merged[-1] = (merged[-1][0], hi_r)
            else:
                merged.append((lo_r, hi_r))
        for lo_r, hi_r in merged:
            boundaries.append((f"theta = {ts:.12g}", np.array([ts, ts]),
                               np.array([lo_r, hi_r])))
    return RegimePartition(_join_pieces(pieces, 1e-12 * (r_hi - r_lo)), tuple(boundaries))


def _join_pieces(pieces, tol):
    """Pieces of one regime that meet along a whole vertical edge (the same ρ interval
    on both sides of a θ split), joined into one piece."""
    out = []
    for code, t, lo, hi in pieces:
        for i in range(len(out) - 1, -1, -1):
            c0, t0, lo0, hi0 = out[i]
            if c0 == code and t0[-1] == t[0] and abs(lo0[-1] - lo[0]) <= tol \
                    and abs(hi0[-1] - hi[0]) <= tol:
                out[i] = (code, np.concatenate([t0, t[1:]]), np.concatenate([lo0, lo[1:]]),
                          np.concatenate([hi0, hi[1:]]))
                break
        else:
            out.append((code, t, lo, hi))
    return tuple(out)


def _classify(theta, rho, fixed):
    """Regime codes at float points (closed forms; a point at a tie by the
    enumeration)."""
    n = len(theta)
    cols = [np.asarray(theta, float), np.asarray(rho, float)] + \
        [np.full(n, x) for x in fixed]
    closed, near = _closed_form(*cols)
    code = np.asarray(closed["regime"], dtype=int).copy()
    for i in np.flatnonzero(near):
        code[i] = DistinguishabilityModel._summary(tuple(float(c[i]) for c in cols))[0][
            "regime"]
    return code
