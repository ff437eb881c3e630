"""The technology security dilemma: openness, restriction and decoupling.

**Our formalisation** of a verbal argument (Lim; Tiong and Li 2023; on the coercive use
of dependence, Farrell and Newman 2019). The game, the notation and the closed forms
below are ours; the sources argue in words.

Each state chooses **Open** (O), **Restrict** (R: entity lists, export controls) or
**Decouple** (D: supply-chain self-sufficiency). Types as in Kydd's Bayesian security
dilemma (Kydd 2005, ch. 2): a state is a security seeker (S) or greedy (G), independently;
``trust_1`` = p₁ is state 1's belief that state 2 is a security seeker, ``trust_2`` = p₂
the reverse. With x = ``interdependence`` ∈ [0, 1], a state's payoff (own action in the
row, the other's in the column) is

=========  ===============  ==========  ==========
own \\ other  O                R           D
=========  ===============  ==========  ==========
O          g·x              −v·x        0
R          ℓ_t·x − r        −r          −r
D          −d               −d          −d
=========  ===============  ==========  ==========

- g = ``openness_gain``: mutual openness yields gains g·x that grow with interdependence;
- v = ``exploitation_loss``: an open state facing a restrictor is coerced and loses v·x, in
  proportion to its dependence;
- ℓ_t: the restrictor's gain from coercing an open state, ℓ_S = 0 for a security seeker
  and ℓ_G = ``coercion_gain`` > g for a greedy state;
- r = ``restriction_cost``: efficiency cost of a control regime (protects from coercion);
- d = ``decoupling_cost``: cost of self-sufficiency (protects, forgoes everything).

Derivation (pure Bayes–Nash equilibria, "O" for the security seekers of both states).
Write m = min(r, d). Against an open opponent a security seeker opens (g·x ≥ −r, −d).
A greedy state facing an opponent who is open for sure restricts iff (ℓ_G − g)·x ≥ r.
Facing an opponent whose security seeker opens and whose greedy type restricts (open with
probability p = trust):

- a security seeker's payoffs are O: (p·g − (1 − p)·v)·x, R: −r, D: −d, so it opens iff
  x·k ≤ m with k = (1 − p)·v − p·g, i.e. iff trust p ≥ π*(x) = (v·x − m) / ((v + g)·x)
  (the **trust threshold**, rising with interdependence);
- a greedy state restricts (R: p·ℓ_G·x − r) rather than opens iff
  x·(p·(ℓ_G − g) + (1 − p)·v) ≥ r (decoupling is then never better: R ≥ O ≥ −m ≥ −d
  whenever the security seeker opens).

So the security seekers of both states are open in a pure BNE iff one of

(a) **open**: everyone open, iff x ≤ x_a = r / (ℓ_G − g) (trust plays no role);
(b) **cooperative** (Kydd's): S open and G restricting on both sides, iff for i = 1, 2
    x·k_i ≤ m and x ≥ x_b,i = r / (p_i·(ℓ_G − g) + (1 − p_i)·v);
(c) **mixed greedy**: state i's greedy type open (x ≤ x_b,i, x·k_i ≤ m), state j's
    restricting (x ≥ x_a).

The pieces join into one interval: cooperation between security seekers is an
equilibrium outcome iff x ≤ x*, with, for equal trust p,

    x* = max(r / (ℓ_G − g), m / ((1 − p)·v − p·g))      (second term ∞ if p·g ≥ (1 − p)·v).

Other pure BNE: the **restriction spiral** (everyone restricts) iff r ≤ v·x and r ≤ d,
whatever the trust. Mixed equilibria (greedy types mixing between O and R) also exist
where x_a < x < x_b; the closed forms here cover pure equilibria and are checked against
:func:`~secdilemma.solvers.bayesian.solve_bayesian` (``method="pure"``, exact) in the
tests.

Floating point: two sides of a condition within 1e-12 of the point's largest |payoff|
are taken as equal (the weak inequality holds), so a tie does not depend on the units
of the payoffs; exact numbers (ints, Fractions) are compared exactly.

References
----------
.. [1] Lim, "The new face of an old problem: technology and the security dilemma"
   (verbal source).
.. [2] Tiong and Li (2023). The US-China security dilemma: the need for constant
   mitigation. RSIS (verbal source).
.. [3] Farrell, H. and Newman, A. L. (2019). Weaponized interdependence: how global
   economic networks shape state coercion. *International Security* 44(1), 42-79.
.. [4] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.
   Princeton University Press.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from ..errors import InvalidParameterError
from ..games.bayesian import BayesianGame
from ._numbers import is_exact_model, model_numbers, tie_band
from .protocol import Metric, Model, Parameter, first_where

__all__ = ["InterdependenceModel", "TYPES", "ACTIONS"]

TYPES = ("security_seeker", "greedy")
ACTIONS = ("open", "restrict", "decouple")

_BOUNDS = {
    "interdependence": (0, 1, False, False),
    "trust_1": (0, 1, False, False),
    "trust_2": (0, 1, False, False),
    "openness_gain": (0, None, True, False),
    "exploitation_loss": (0, None, False, False),
    "coercion_gain": (0, None, True, False),
    "restriction_cost": (0, None, False, False),
    "decoupling_cost": (0, None, False, False),
}


# Float path: two payoff expressions within TIE times the point's payoff scale
# max(g, v, ℓ_G, r, d) are a tie (models._numbers.tie_band), and a weak inequality holds
# there. The conditions compare payoffs (times x, p ∈ [0, 1]), so the band scales with
# them: a tie exact at one payoff scale (e.g. (ℓ_G − g)·x = r with ℓ_G = 3, g = 2,
# x = r = 1/2) stays a tie when every payoff is multiplied by 1e-9 and rounding moves the
# two sides apart.


def _pieces(x, p1, p2, g, v, lg, r, d):
    """Broadcast closed-form conditions (see the module docstring), for floats: weak
    inequalities within the tie band ``_band``."""
    band = tie_band(g, v, lg, r, d)
    m = np.minimum(r, d)
    k1 = (1 - p1) * v - p1 * g
    k2 = (1 - p2) * v - p2 * g
    open_eq = (lg - g) * x <= r + band
    s1 = x * k1 <= m + band
    s2 = x * k2 <= m + band
    c1 = x * (p1 * (lg - g) + (1 - p1) * v)   # greedy 1 restricts vs (O, R) iff c1 >= r
    c2 = x * (p2 * (lg - g) + (1 - p2) * v)
    greedy_vs_open = (lg - g) * x >= r - band
    coop_eq = s1 & s2 & (c1 >= r - band) & (c2 >= r - band)
    mixed_1 = s1 & (c1 <= r + band) & greedy_vs_open   # greedy 1 open, greedy 2 restricts
    mixed_2 = s2 & (c2 <= r + band) & greedy_vs_open
    spiral = (r <= v * x + band) & (r <= d + band)
    return open_eq, coop_eq, mixed_1, mixed_2, spiral


def _safe_div(num, den):
    num, den = np.broadcast_arrays(np.asarray(num, float), np.asarray(den, float))
    out = np.full(num.shape, np.inf)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _critical(p1, p2, g, v, lg, r, d):
    """x*: the largest interdependence with cooperation (may exceed 1; inf if none)."""
    m = np.minimum(r, d)
    xa = r / (lg - g)
    xh1 = _safe_div(m, (1 - p1) * v - p1 * g)
    xh2 = _safe_div(m, (1 - p2) * v - p2 * g)
    xb1 = _safe_div(r, p1 * (lg - g) + (1 - p1) * v)
    xb2 = _safe_div(r, p2 * (lg - g) + (1 - p2) * v)
    best = np.asarray(xa, float)
    for hi in (np.minimum(xb1, xh1), np.minimum(xb2, xh2)):
        best = np.where(hi >= xa, np.maximum(best, hi), best)
    lo_b, hi_b = np.maximum(xb1, xb2), np.minimum(xh1, xh2)
    return np.where(lo_b <= hi_b, np.maximum(best, hi_b), best)


@dataclass(frozen=True)
class InterdependenceModel(Model):
    """Open / Restrict / Decouple under uncertainty about intentions (our formalisation).

    Parameters
    ----------
    interdependence : real in [0, 1]
        x, the depth of economic and technological interdependence.
    trust_1, trust_2 : real in [0, 1]
        p₁ (p₂): state 1's (2's) belief that the other is a security seeker.
    openness_gain : real > 0
        g: mutual openness pays g·x.
    exploitation_loss : real >= 0
        v: an open state facing a restrictor loses v·x (coercion).
    coercion_gain : real > openness_gain
        ℓ_G: a greedy restrictor's gain ℓ_G·x from coercing an open state (a security
        seeker gains nothing from coercion).
    restriction_cost : real >= 0
        r: the efficiency cost of restricting.
    decoupling_cost : real >= 0
        d: the cost of self-sufficiency.

    References
    ----------
    .. [1] Lim, "The new face of an old problem: technology and the security dilemma".
    .. [2] Tiong and Li (2023). The US-China security dilemma: the need for
       constant mitigation. RSIS.
    .. [3] Farrell, H. and Newman, A. L. (2019). Weaponized interdependence.
       *International Security* 44(1), 42-79.
    .. [4] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.interdependence import InterdependenceModel
    >>> m = InterdependenceModel(interdependence=F(3, 5), trust_1=F(1, 2), trust_2=F(1, 2))
    >>> m.trust_threshold
    Fraction(7, 18)
    >>> m.cooperative_equilibrium_exists, m.open_equilibrium_exists
    (True, False)
    >>> m.critical_interdependence
    Fraction(1, 1)
    >>> InterdependenceModel(interdependence=F(3, 5), trust_1=F(1, 10),
    ...                      trust_2=F(1, 10)).cooperation_is_equilibrium
    False
    """

    interdependence: Any = Fraction(1, 2)
    trust_1: Any = Fraction(1, 2)
    trust_2: Any = Fraction(1, 2)
    openness_gain: Any = 1
    exploitation_loss: Any = 2
    coercion_gain: Any = 3
    restriction_cost: Any = Fraction(1, 2)
    decoupling_cost: Any = 1

    name: ClassVar[str] = "interdependence"
    summary: ClassVar[str] = ("Technology security dilemma (our formalisation of Lim; Tiong & "
                              "Li 2023): open / restrict / decouple with uncertain intentions")
    method: ClassVar[str] = "closed forms (our formalisation; Kydd 2005, ch. 2)"
    references: ClassVar[tuple] = (
        "Kydd, A. H. (2005). Trust and Mistrust in International Relations, ch. 2. "
        "Princeton University Press.",
        "Farrell, H. and Newman, A. L. (2019). Weaponized interdependence. International "
        "Security 44(1), 42-79.",
        "Tiong and Li (2023). The US-China security dilemma: the need for constant "
        "mitigation. RSIS.")
    PARAMETERS: ClassVar[tuple] = tuple(
        Parameter(name, desc, sym, *_BOUNDS[name], default=default)
        for name, desc, sym, default in (
            ("interdependence", "depth of economic and technological interdependence", "x",
             0.5),
            ("trust_1", "state 1's belief that state 2 is a security seeker", "p_1", 0.5),
            ("trust_2", "state 2's belief that state 1 is a security seeker", "p_2", 0.5),
            ("openness_gain", "mutual openness pays openness_gain * x", "g", 1.0),
            ("exploitation_loss", "an open state facing a restrictor loses exploitation_loss * x",
             "v", 2.0),
            ("coercion_gain", "a greedy restrictor's gain from coercing an open state, per "
             "unit of x (> openness_gain)", "l_G", 3.0),
            ("restriction_cost", "efficiency cost of restricting", "r", 0.5),
            ("decoupling_cost", "cost of self-sufficiency", "d", 1.0)))
    METRICS: ClassVar[tuple] = (
        Metric("trust_threshold",
               "pi*(x) = (v x - min(r, d)) / ((v + g) x), clipped to [0, 1]"),
        Metric("cooperation_is_equilibrium",
               "whether both security seekers are open in some pure BNE", "bool"),
        Metric("open_is_equilibrium", "whether everyone open is a BNE", "bool"),
        Metric("cooperative_is_equilibrium",
               "whether security seekers open, greedy restrict (both sides) is a BNE", "bool"),
        Metric("spiral_is_equilibrium", "whether everyone restricting is a BNE", "bool"),
        Metric("critical_interdependence", "x*: cooperation is an equilibrium iff x <= x*"),
        Metric("regime", "0 open, 1 cooperative, 2 mixed greedy, 3 no cooperation", "int64",
               flag_meanings=("open", "cooperative", "mixed_greedy", "no_cooperation")),
    )

    @classmethod
    def _check_joint(cls, func: str, p: dict) -> None:
        lg, g = p["coercion_gain"], p["openness_gain"]
        bad = np.asarray(lg <= g)
        if np.any(bad):
            raise InvalidParameterError(
                f"{func}(): coercion_gain must be > openness_gain (the greedy type prefers "
                f"coercion to mutual openness); got {first_where(lg, bad)!r} <= "
                f"{first_where(g, bad)!r}")

    # ------------------------------------------------------------------ closed forms
    @property
    def exact(self) -> bool:
        """Whether every parameter is an int or a Fraction."""
        return is_exact_model(self)

    def _vals(self):
        return model_numbers(self, self.parameters)

    @property
    def trust_threshold(self):
        """π*(x) = (v·x − min(r, d)) / ((v + g)·x), clipped to [0, 1]: the least trust at
        which a security seeker stays open against a greedy type that restricts."""
        x, _, _, g, v, _, r, d = self._vals()
        if x == 0:
            return 0 * x
        return min(max((v * x - min(r, d)) / ((v + g) * x), 0 * x), 0 * x + 1)

    def _conditions(self):
        x, p1, p2, g, v, lg, r, d = self._vals()
        if not self.exact:   # floats: the vectorised conditions, with their tie band
            return dict(zip(("open", "cooperative", "mixed_1", "mixed_2", "spiral"),
                            (bool(c) for c in _pieces(x, p1, p2, g, v, lg, r, d))))
        m = min(r, d)
        k1, k2 = (1 - p1) * v - p1 * g, (1 - p2) * v - p2 * g
        c1, c2 = x * (p1 * (lg - g) + (1 - p1) * v), x * (p2 * (lg - g) + (1 - p2) * v)
        s1, s2 = x * k1 <= m, x * k2 <= m
        greedy_vs_open = (lg - g) * x >= r
        return {"open": (lg - g) * x <= r,
                "cooperative": s1 and s2 and c1 >= r and c2 >= r,
                "mixed_1": s1 and c1 <= r and greedy_vs_open,
                "mixed_2": s2 and c2 <= r and greedy_vs_open,
                "spiral": r <= v * x and r <= d}

    @property
    def open_equilibrium_exists(self) -> bool:
        """Everyone open is a BNE: (ℓ_G − g)·x ≤ r."""
        return bool(self._conditions()["open"])

    @property
    def cooperative_equilibrium_exists(self) -> bool:
        """Security seekers open, greedy types restrict (both states) is a BNE."""
        return bool(self._conditions()["cooperative"])

    @property
    def spiral_equilibrium_exists(self) -> bool:
        """Everyone restricts is a BNE: r ≤ v·x and r ≤ d."""
        return bool(self._conditions()["spiral"])

    @property
    def cooperation_is_equilibrium(self) -> bool:
        """Both security seekers are open in some pure BNE (cases a, b, c)."""
        c = self._conditions()
        return bool(c["open"] or c["cooperative"] or c["mixed_1"] or c["mixed_2"])

    @property
    def critical_interdependence(self):
        """x* (capped at 1): cooperation is a pure-BNE outcome iff x ≤ x*."""
        _, p1, p2, g, v, lg, r, d = self._vals()
        val = float(_critical(p1, p2, g, v, lg, r, d))
        if self.exact:
            return self._exact_critical(p1, p2, g, v, lg, r, d)
        return min(val, 1.0)

    @staticmethod
    def _exact_critical(p1, p2, g, v, lg, r, d):
        m = min(r, d)
        inf = None

        def div(a, b):
            return a / b if b > 0 else inf

        def mn(a, b):
            return b if a is inf else a if b is inf else min(a, b)

        xa = r / (lg - g)
        xh1, xh2 = div(m, (1 - p1) * v - p1 * g), div(m, (1 - p2) * v - p2 * g)
        xb1 = div(r, p1 * (lg - g) + (1 - p1) * v)
        xb2 = div(r, p2 * (lg - g) + (1 - p2) * v)
        best = xa
        for hi in (mn(xb1, xh1), mn(xb2, xh2)):
            if hi is inf or hi >= xa:
                best = inf if (hi is inf or best is inf) else max(best, hi)
        lo_b = inf if (xb1 is inf or xb2 is inf) else max(xb1, xb2)
        hi_b = mn(xh1, xh2)
        if lo_b is not inf and (hi_b is inf or lo_b <= hi_b):
            best = inf if (hi_b is inf or best is inf) else max(best, hi_b)
        return Fraction(1) if best is inf else min(best, Fraction(1))

    # ------------------------------------------------------------------ the game
    def stage_payoffs(self, type_name: str) -> list[list[Any]]:
        """Row payoffs of a type (``"security_seeker"`` or ``"greedy"``), 3 × 3 in the
        order open, restrict, decouple.

        Examples
        --------
        >>> InterdependenceModel(interdependence=1).stage_payoffs("greedy")[1]
        [Fraction(5, 2), Fraction(-1, 2), Fraction(-1, 2)]
        """
        if type_name not in TYPES:
            raise InvalidParameterError(
                f"InterdependenceModel.stage_payoffs(): type_name must be one of {TYPES}; "
                f"got {type_name!r}")
        x, _, _, g, v, lg, r, d = self._vals()
        gain = lg if type_name == "greedy" else 0 * lg
        return [[g * x, -v * x, 0 * x], [gain * x - r, -r, -r], [-d, -d, -d]]

    def to_game(self):
        """The Bayesian game (types security seeker / greedy; actions open / restrict /
        decouple). Player 0 is state 1, whose type state 2 believes to be a security
        seeker with probability ``trust_2``.

        Returns
        -------
        BayesianGame

        Examples
        --------
        >>> from secdilemma.solvers.bayesian import solve_bayesian
        >>> res = solve_bayesian(InterdependenceModel().to_game(), method="pure", exact=True)
        >>> len(res) >= 1
        True
        """
        dtype = object if self.exact else float
        row = np.empty((2, 2, 3, 3), dtype=dtype)
        for t, name in enumerate(TYPES):
            row[t, :] = np.array(self.stage_payoffs(name), dtype=dtype)
        col = row.transpose(1, 0, 3, 2)
        one = Fraction(1) if self.exact else 1.0
        return BayesianGame(
            [row, col],
            marginals=[[self.trust_2, one - self.trust_2], [self.trust_1, one - self.trust_1]],
            types=[list(TYPES), list(TYPES)], actions=[list(ACTIONS), list(ACTIONS)],
            players=["state 1", "state 2"])

    # ------------------------------------------------------------------ sweeps
    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Closed-form metrics (:attr:`METRICS`) on broadcast parameter arrays.

        References
        ----------
        .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

        Examples
        --------
        >>> import numpy as np
        >>> out = InterdependenceModel.evaluate({"interdependence": np.array([0.1, 0.5, 0.9]),
        ...                                      "trust_1": 0.2, "trust_2": 0.2})
        >>> out["regime"].tolist(), out["cooperation_is_equilibrium"].tolist()
        ([0, 3, 3], [True, False, False])
        >>> round(float(out["critical_interdependence"][0]), 4)   # 1/2 / (0.8 * 2 - 0.2)
        0.3571
        """
        x, p1, p2, g, v, lg, r, d = (p[n] for n in cls.parameters)
        open_eq, coop_eq, mixed_1, mixed_2, spiral = _pieces(x, p1, p2, g, v, lg, r, d)
        mixed = mixed_1 | mixed_2
        coop = open_eq | coop_eq | mixed
        m = np.minimum(r, d)
        thr = np.where(x > 0, _safe_div(v * x - m, (v + g) * x), 0.0)
        thr = np.clip(np.where(np.isfinite(thr), thr, 0.0), 0.0, 1.0)
        regime = np.where(open_eq, 0, np.where(coop_eq, 1, np.where(mixed, 2, 3)))
        return {
            "trust_threshold": thr,
            "cooperation_is_equilibrium": coop,
            "open_is_equilibrium": open_eq,
            "cooperative_is_equilibrium": coop_eq,
            "spiral_is_equilibrium": spiral,
            "critical_interdependence": np.minimum(_critical(p1, p2, g, v, lg, r, d), 1.0),
            "regime": regime.astype(np.int64),
        }
