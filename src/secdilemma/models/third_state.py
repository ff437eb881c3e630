"""Third states between two great powers: align or hedge.

**Our formalisation** of a verbal argument (Lim; Tiong and Li 2023; on the coercive
use of dependence, Farrell and Newman 2019).

Three players: great powers A and B choose **Engage** (E) or **Restrict** (R); a third
state T chooses **Align-A**, **Hedge** or **Align-B**. Payoffs:

- Great power i against the other great power j (a 2 × 2 prisoner's-dilemma-like core):
  (E, E) pays e = ``engagement_gain``, (E, R) pays −v (``exploitation_loss``), (R, E) pays
  θ = ``restriction_gain``, (R, R) pays 0. Plus λ = ``alignment_value`` if T aligns with
  i and −λ if T aligns with j (relative gains). If T hedges, a restricting great power
  loses ℓ = ``leakage`` (the hedger relays the technology around its controls).
- The third state: aligning pays b = ``alignment_benefit`` minus σ =
  ``sanction_cost`` if the *other* great power restricts (it sanctions its rival's
  ally); hedging pays h = ``hedging_gain`` minus σ for *each* great power that
  restricts (secondary sanctions).

Derivation (pure Nash equilibria with T hedging). T's best reply to (E, E) is to hedge
iff h ≥ b; to (R, E), (E, R) or (R, R) iff h ≥ b + σ (hedging then bears one more
sanction than aligning with the restrictor's side, or than aligning against one of two
restrictors). Given a hedging T, great power i prefers E against an engaging rival iff
e ≥ θ − ℓ, and against a restricting rival iff ℓ ≥ v. So

- (E, E, Hedge) is an equilibrium iff h ≥ b and ℓ ≥ θ − e;
- (R, R, Hedge) iff h ≥ b + σ and ℓ ≤ v;
- (R, E, Hedge) and (E, R, Hedge) iff h ≥ b + σ, ℓ ≤ θ − e and ℓ ≥ v.

Hedging under restriction thus needs h ≥ b + σ and ℓ ≤ max(v, θ − e); hedging with
engagement needs h ≥ b and ℓ ≥ θ − e. As ℓ ≤ θ − e or ℓ ≥ θ − e always holds,
**hedging is part of a pure equilibrium iff h ≥ b + σ (the hedging premium covers one
sanction), or h ≥ b and ℓ ≥ θ − e (the premium covers the alignment benefit and leakage
makes restriction unprofitable against an engaging rival)**. Mixed equilibria come
from the n-player solver (``solve_nash(method="gambit_enumpoly")``, through pygambit).

Floating point: two sides of a condition within 1e-12 of the point's largest |payoff|
are taken as equal (the weak inequality holds), so a tie does not depend on the units
of the payoffs; exact numbers (ints, Fractions) are compared exactly.

References
----------
.. [1] Lim, "The new face of an old problem: technology and the security dilemma"
   (verbal source).
.. [2] Tiong and Li (2023). The US-China security dilemma: the need for constant
   mitigation. RSIS (verbal source).
.. [3] Farrell, H. and Newman, A. L. (2019). Weaponized interdependence.
   *International Security* 44(1), 42-79.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from ..games.normal_form import NormalFormGame
from ..solvers.nash import solve_nash
from ._numbers import is_exact_model, model_numbers, tie_band
from .protocol import Metric, Model, Parameter

__all__ = ["ThirdStateModel", "POWER_ACTIONS", "THIRD_ACTIONS"]

POWER_ACTIONS = ("engage", "restrict")
THIRD_ACTIONS = ("align_a", "hedge", "align_b")

_BOUNDS = {
    "engagement_gain": (None, None, False, False),
    "exploitation_loss": (0, None, False, False),
    "restriction_gain": (None, None, False, False),
    "alignment_value": (0, None, False, False),
    "leakage": (0, None, False, False),
    "alignment_benefit": (None, None, False, False),
    "hedging_gain": (None, None, False, False),
    "sanction_cost": (0, None, False, False),
}


# Float path: the conditions compare sums of payoffs (b + σ, θ − e), so a tie exact
# at one payoff scale is broken by rounding at another; two sides within TIE times the
# point's largest |payoff| are a tie (models._numbers.tie_band: the weak inequality
# holds).


@dataclass(frozen=True)
class ThirdStateModel(Model):
    """Two great powers (Engage / Restrict) and a third state (Align-A / Hedge /
    Align-B); our formalisation.

    Parameters
    ----------
    engagement_gain : real
        e, a great power's payoff from mutual engagement.
    exploitation_loss : real >= 0
        v, an engaging great power's loss against a restrictor.
    restriction_gain : real
        θ, a great power's payoff from restricting an engaging rival.
    alignment_value : real >= 0
        λ, the value (to a great power) of the third state's alignment; −λ if it aligns
        with the rival.
    leakage : real >= 0
        ℓ, a restricting great power's loss when the third state hedges.
    alignment_benefit : real
        b, the third state's benefit from aligning.
    hedging_gain : real
        h, the third state's benefit from hedging.
    sanction_cost : real >= 0
        σ, the third state's loss from each sanction (by the rival of its ally, or by
        each restricting power when it hedges).

    References
    ----------
    .. [1] Lim, "The new face of an old problem: technology and the security dilemma".
    .. [2] Tiong and Li (2023). The US-China security dilemma. RSIS.

    Examples
    --------
    >>> from secdilemma.models.third_state import ThirdStateModel
    >>> m = ThirdStateModel()
    >>> m.hedging_is_equilibrium, m.hedging_equilibria
    (True, (('engage', 'engage', 'hedge'),))
    >>> ThirdStateModel(leakage=0).hedging_is_equilibrium
    False
    """

    engagement_gain: Any = 3
    exploitation_loss: Any = 2
    restriction_gain: Any = 4
    alignment_value: Any = 1
    leakage: Any = 2
    alignment_benefit: Any = 2
    hedging_gain: Any = 3
    sanction_cost: Any = 2

    name: ClassVar[str] = "third_state"
    summary: ClassVar[str] = ("Third state (our formalisation): two great powers engage or "
                              "restrict, a third state aligns or hedges")
    method: ClassVar[str] = "closed forms (pure equilibria of our formalisation)"
    references: ClassVar[tuple] = (
        "Tiong and Li (2023). The US-China security dilemma. RSIS.",)
    PARAMETERS: ClassVar[tuple] = tuple(
        Parameter(name, desc, sym, *_BOUNDS[name], default=default)
        for name, desc, sym, default in (
            ("engagement_gain", "a great power's payoff from mutual engagement", "e", 3.0),
            ("exploitation_loss", "an engaging great power's loss against a restrictor", "v", 2.0),
            ("restriction_gain", "a great power's payoff from restricting an engaging rival",
             "theta", 4.0),
            ("alignment_value", "value to a great power of the third state's alignment",
             "lambda", 1.0),
            ("leakage", "a restricting great power's loss when the third state hedges",
             "l", 2.0),
            ("alignment_benefit", "the third state's benefit from aligning", "b", 2.0),
            ("hedging_gain", "the third state's benefit from hedging", "h", 3.0),
            ("sanction_cost", "the third state's loss from each sanction", "sigma", 2.0)))
    METRICS: ClassVar[tuple] = (
        Metric("hedging_is_equilibrium",
               "whether the third state hedges in some pure equilibrium", "bool"),
        Metric("engaged_hedging_is_equilibrium", "whether (Engage, Engage, Hedge) is an equilibrium", "bool"),
        Metric("restricted_hedging_is_equilibrium",
               "whether a pure equilibrium has T hedging and a restrictor", "bool"),
        Metric("regime", "0 no hedging, 1 hedging with engagement only, 2 hedging under "
               "restriction only, 3 both", "int64",
               flag_meanings=("no_hedging", "engaged_hedging_is_equilibrium", "restricted_hedging_is_equilibrium",
                              "both")),
    )

    @property
    def exact(self) -> bool:
        """Whether every parameter is an int or a Fraction."""
        return is_exact_model(self)

    def _vals(self):
        return model_numbers(self, self.parameters)

    def to_game(self):
        """The three-player ``NormalFormGame`` (players A, B, T; payoff arrays indexed
        ``[a_A, a_B, a_T]``).

        Examples
        --------
        >>> ThirdStateModel().to_game().num_actions
        (2, 2, 3)
        """
        e, v, th, lam, leak, b, h, s = self._vals()
        base = [[e, -v], [th, 0 * e]]
        dtype = object if self.exact else float
        ua, ub, ut = (np.empty((2, 2, 3), dtype=dtype) for _ in range(3))
        for i in range(2):
            for j in range(2):
                for t in range(3):
                    align_a, hedge, align_b = t == 0, t == 1, t == 2
                    ua[i, j, t] = (base[i][j] + lam * (align_a - align_b)
                                   - leak * (hedge and i == 1))
                    ub[i, j, t] = (base[j][i] + lam * (align_b - align_a)
                                   - leak * (hedge and j == 1))
                    restrictors = i + j
                    ut[i, j, t] = (b - s * j if align_a else b - s * i if align_b
                                   else h - s * restrictors)
        return NormalFormGame([ua, ub, ut],
                              actions=[list(POWER_ACTIONS), list(POWER_ACTIONS),
                                       list(THIRD_ACTIONS)],
                              players=["great power A", "great power B", "third state"])

    def _band(self):
        """0 for exact numbers, else the float tie band (:func:`~secdilemma.models._numbers.tie_band`)."""
        if is_exact_model(self):
            return 0
        return float(tie_band(*self._vals()))

    def _hedge_profiles(self):
        e, v, th, lam, leak, b, h, s = self._vals()
        t = self._band()
        out = []
        if h >= b - t and leak >= th - e - t:
            out.append(("engage", "engage", "hedge"))
        if h >= b + s - t and leak <= th - e + t and leak >= v - t:
            out.append(("restrict", "engage", "hedge"))
            out.append(("engage", "restrict", "hedge"))
        if h >= b + s - t and leak <= v + t:
            out.append(("restrict", "restrict", "hedge"))
        return tuple(out)

    @property
    def hedging_equilibria(self) -> tuple:
        """The pure equilibria in which the third state hedges (closed forms)."""
        return self._hedge_profiles()

    @property
    def hedging_is_equilibrium(self) -> bool:
        """h ≥ b + σ, or h ≥ b and ℓ ≥ θ − e."""
        e, v, th, lam, leak, b, h, s = self._vals()
        t = self._band()
        return bool(h >= b + s - t or (h >= b - t and leak >= th - e - t))

    def solve(self, *, method: str = "pure", exact: bool | None = None,
              timeout: float | None = None):
        """Equilibria through :func:`~secdilemma.solvers.nash.solve_nash`: ``"pure"`` (all
        pure equilibria) or ``"gambit_enumpoly"`` (mixed ones too, via pygambit, within
        ``timeout`` seconds: 10 when None, as in ``solve_nash``).

        Examples
        --------
        >>> res = ThirdStateModel().solve()
        >>> len(res) >= 1
        True
        """
        ex = self.exact if exact is None else exact
        return solve_nash(self.to_game(), method=method, exact=ex, timeout=timeout)

    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Closed-form metrics (:attr:`METRICS`) on broadcast parameter arrays.

        Examples
        --------
        >>> import numpy as np
        >>> ThirdStateModel.evaluate({"hedging_gain": np.array([1.0, 2.5, 4.5]),
        ...                           "leakage": 0.5})["regime"]
        array([0, 0, 2])
        """
        c = p
        e, v, th, leak, b, h, s = (c[n] for n in ("engagement_gain", "exploitation_loss",
                                                  "restriction_gain", "leakage",
                                                  "alignment_benefit", "hedging_gain",
                                                  "sanction_cost"))
        t = tie_band(e, v, th, c["alignment_value"], leak, b, h, s)
        engaged = (h >= b - t) & (leak >= th - e - t)
        restricted = (h >= b + s - t) & (leak <= np.maximum(v, th - e) + t)
        return {"hedging_is_equilibrium": engaged | restricted,
                "engaged_hedging_is_equilibrium": engaged,
                "restricted_hedging_is_equilibrium": restricted,
                "regime": (engaged * 1 + restricted * 2).astype(np.int64)}
