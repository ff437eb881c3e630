"""Bargaining with private information: the risk–return trade-off (Fearon 1995).

Our formalisation of the private-information mechanism of Fearon (1995). State A
proposes state B's share ``x`` of a good of size 1, take it or leave it; B accepts or
fights. In war B wins with probability ``war_chance`` (p); the payoffs of war are
``1 − p − cost_a`` for A and ``p − c_B`` for B. B's cost of war c_B is its private
information, drawn from a distribution F that A knows. Solution concept: perfect
Bayesian equilibrium (B's types accept iff ``x >= p − c_B``; A's offer is optimal
against that rule).

Symbols: p = ``war_chance``, c_A = ``cost_a``, c_B ~ F on [c_lo, c_hi] =
[``cost_low``, ``cost_high``]; in the two-type game c_L = ``cost_resolved`` (the
resolved type, probability q = ``resolved_share``) and c_H = ``cost_unresolved``.

Results (derived in the docstrings of the functions below):

- **Risk–return offer.** A chooses the cutoff cost z = p − x (types with c_B < z fight)
  to maximise U(z) = (1 − p + z)(1 − F(z)) + (1 − p − c_A)F(z). U'(z) =
  f(z)[(1 − F(z))/f(z) − z − c_A], so with a monotone hazard rate the interior
  optimum solves (1 − F(z))/f(z) = z + c_A and is unique; Pr(war) = F(z*).
- **Uniform F.** z* = min(max(c_lo, (c_hi − c_A)/2), p) (the cap p keeps the offer
  x* = p − z* non-negative); Pr(war) = max(0, (z* − c_lo)/(c_hi − c_lo)). While
  x* ∈ (0, 1] Pr(war) does not depend on p, rises with the spread of resolve and falls
  with c_A.
- **Two types (screening).** The screening offer p − c_H (the resolved type fights)
  beats the safe offer p − c_L iff q < q* = (c_H − c_L)/(c_H + c_A); then Pr(war) = q.

References
----------
.. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
   Organization* 49(3), 379-414.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from .._validation import is_exact_scalar
from ..errors import InvalidParameterError
from ..games.extensive import ExtensiveGameBuilder
from .protocol import Metric, Model, Parameter

__all__ = ["BargainingOutcome", "risk_return_offer", "RiskReturnModel", "ScreeningModel",
           "screening_threshold"]

_FEARON = ("Fearon, J. D. (1995). Rationalist explanations for war. International "
           "Organization 49(3), 379-414.",)


@dataclass(frozen=True)
class BargainingOutcome:
    """The equilibrium of a take-it-or-leave-it offer under private information.

    Attributes
    ----------
    offer : number
        B's share x* offered by A.
    cutoff : number
        z* = p − x*: the types with a cost of war below z* fight.
    war_probability : number
        Pr(war) = F(z*).
    payoff_a, payoff_b : number
        A's and B's expected payoffs (B's averaged over its types).
    interior : bool
        Whether z* solves the first-order condition inside the support (False: a
        corner, the offer every type accepts, or the zero offer).
    method : str
        ``"closed form (uniform)"`` or ``"bracketing root of the first-order
        condition (brentq), checked against a grid"``.
    """

    offer: Any
    cutoff: Any
    war_probability: Any
    payoff_a: Any
    payoff_b: Any
    interior: bool
    method: str


def _check_number(func, name, value, *, low=None, high=None, low_open=False):
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, np.integer,
                                                         np.floating)):
        raise InvalidParameterError(f"{func}(): {name} must be a real number; got {value!r}")
    if not np.isfinite(float(value)):
        raise InvalidParameterError(f"{func}(): {name} must be finite; got {value!r}")
    if low is not None and (value <= low if low_open else value < low):
        rule = f"> {low}" if low_open else f">= {low}"
        raise InvalidParameterError(f"{func}(): {name} must be {rule}; got {value!r}")
    if high is not None and value > high:
        raise InvalidParameterError(f"{func}(): {name} must be <= {high}; got {value!r}")


def risk_return_offer(war_chance, cost_a, distribution=None, *, cost_low=None,
                      cost_high=None, grid_points: int = 4001) -> BargainingOutcome:
    """A's optimal take-it-or-leave-it offer when B's cost of war is private.

    Either ``distribution`` (a frozen continuous :mod:`scipy.stats` distribution of
    c_B with a monotone hazard rate on its support, which must lie in [0, ∞)) or the
    bounds ``cost_low``/``cost_high`` of a uniform distribution (closed form; exact
    when every input is an int or a Fraction).

    For a general F, the first-order condition g(z) = 1 − F(z) − (z + c_A) f(z) = 0
    is solved by a bracketing root finder (:func:`scipy.optimize.brentq`) on
    [c_lo, min(c_hi, p)]; the hazard rate is checked to be non-decreasing on a grid of
    ``grid_points`` points, and U(z*) is checked to be the largest value of U on the
    grid and at the ends (the global maximum).

    Parameters
    ----------
    war_chance : float in [0, 1]
        p, the probability that B wins a war.
    cost_a : float >= 0
        c_A, A's cost of war.
    distribution : scipy.stats frozen distribution, optional
        F, the distribution of B's cost of war.
    cost_low, cost_high : float, optional
        The support [c_lo, c_hi] of a uniform F (0 <= c_lo < c_hi).
    grid_points : int
        Points of the verification grid (general F).

    Returns
    -------
    BargainingOutcome

    Raises
    ------
    InvalidParameterError
        Bad numbers; neither or both of ``distribution`` and the bounds; a support
        with negative costs; a hazard rate that decreases (the assumption under which
        the first-order condition has one root); an optimum the grid beats.

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
       Organization* 49(3), 379-414.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> out = risk_return_offer(F(1, 2), F(1, 10), cost_low=0, cost_high=F(2, 5))
    >>> out.offer, out.war_probability, out.payoff_a
    (Fraction(7, 20), Fraction(3, 8), Fraction(89, 160))
    >>> from scipy import stats
    >>> num = risk_return_offer(0.5, 0.1, stats.uniform(0, 0.4))
    >>> round(num.offer, 12), round(num.war_probability, 12)
    (0.35, 0.375)
    """
    func = "risk_return_offer"
    _check_number(func, "war_chance", war_chance, low=0, high=1)
    _check_number(func, "cost_a", cost_a, low=0)
    if (distribution is None) == (cost_low is None or cost_high is None):
        raise InvalidParameterError(
            f"{func}(): distribution must be given, or else both cost_low and cost_high "
            f"(uniform); got distribution={distribution!r}, cost_low={cost_low!r}, "
            f"cost_high={cost_high!r}")
    p, ca = war_chance, cost_a
    if distribution is None:
        _check_number(func, "cost_low", cost_low, low=0)
        _check_number(func, "cost_high", cost_high, low=cost_low, low_open=True)
        lo, hi = cost_low, cost_high
        exact = all(is_exact_scalar(v) for v in (p, ca, lo, hi))
        if exact:
            p, ca, lo, hi = (Fraction(v) for v in (p, ca, lo, hi))
        z_int = (hi - ca) / 2
        z = min(max(z_int, lo), p)
        war = max(z - lo, 0) / (hi - lo)
        pay_a = (1 - p + z) * (1 - war) + (1 - p - ca) * war
        zw = max(z, lo)  # fighting types are c in [lo, z]; their mean is (lo + z)/2
        pay_b = (1 - war) * (p - z) + war * (p - (lo + zw) / 2)
        return BargainingOutcome(offer=p - z, cutoff=z, war_probability=war, payoff_a=pay_a,
                                 payoff_b=pay_b, interior=bool(lo < z_int < p) and z == z_int,
                                 method="closed form (uniform)")
    return _general_offer(func, float(p), float(ca), distribution, int(grid_points))


def _general_offer(func, p, ca, dist, n):
    from scipy import integrate, optimize  # measured import cost: loaded on first use

    for attr in ("cdf", "pdf", "support", "sf"):
        if not callable(getattr(dist, attr, None)):
            raise InvalidParameterError(
                f"{func}(): distribution must be a frozen continuous scipy.stats "
                f"distribution; got {dist!r}")
    lo, hi = (float(v) for v in dist.support())
    if not np.isfinite(lo) or lo < 0:
        raise InvalidParameterError(
            f"{func}(): distribution must have support in [0, inf) (costs of war are "
            f"non-negative); got support starting at {lo!r}")
    if n < 11:
        raise InvalidParameterError(f"{func}(): grid_points must be >= 11; got {n!r}")
    top = min(hi, p)

    def value(z):
        F = dist.cdf(z)
        return (1 - p + z) * (1 - F) + (1 - p - ca) * F

    def foc(z):
        return dist.sf(z) - (z + ca) * dist.pdf(z)

    if top <= lo:  # every type accepts the zero offer (p <= c_lo) or the corner c_lo
        z = top
        interior = False
    else:
        grid = np.linspace(lo, top, n)
        inner = grid[1:-1]
        dens = dist.pdf(inner)
        sf = dist.sf(inner)
        ok = dens > 0
        hazard = dens[ok] / sf[ok]
        # costs are in units of the pie (size 1): the model has no free payoff scale,
        # so these floors of 1 (here and below) are on normalised quantities
        drops = np.diff(hazard) < -1e-9 * np.maximum(1.0, np.abs(hazard[:-1]))
        if np.any(drops):
            at = inner[ok][1:][drops][0]
            raise InvalidParameterError(
                f"{func}(): distribution must have a monotone (non-decreasing) hazard "
                f"rate f/(1 - F) on [c_lo, min(c_hi, p)]; got a decrease near c = {at!r}")
        g = foc(grid)
        if g[0] <= 0:
            z, interior = lo, False
        elif g[-1] >= 0:
            z, interior = top, False
        else:
            k = int(np.argmax(g <= 0))
            z = optimize.brentq(foc, grid[k - 1], grid[k], xtol=1e-14, rtol=4 * np.finfo(float).eps)
            interior = True
        best = max(value(grid).max(), value(lo), value(top))
        if value(z) < best - 1e-12 * max(1.0, abs(best)):
            raise InvalidParameterError(  # pragma: no cover - excluded by the MHR check
                f"{func}(): distribution must give a single-peaked U(z); got a grid value "
                f"{best!r} above the first-order solution's {value(z)!r}")
    war = float(dist.cdf(z))
    tail = integrate.quad(lambda c: c * dist.pdf(c), lo, z)[0] if z > lo else 0.0
    pay_b = (1 - war) * (p - z) + p * war - tail
    return BargainingOutcome(offer=p - z, cutoff=z, war_probability=war,
                             payoff_a=float(value(z)), payoff_b=float(pay_b),
                             interior=interior,
                             method="bracketing root of the first-order condition "
                                    "(brentq), checked against a grid")


def screening_threshold(cost_a, cost_resolved, cost_unresolved):
    """q* = (c_H − c_L)/(c_H + c_A): the largest share of resolved types at which A
    prefers the screening offer (exact for Fractions).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> screening_threshold(F(1, 10), F(1, 20), F(3, 10))
    Fraction(5, 8)
    """
    return (cost_unresolved - cost_resolved) / (cost_unresolved + cost_a)


_UNIFORM_PARAMS = (
    Parameter("war_chance", "probability that B wins a war", "p", low=0, high=1),
    Parameter("cost_a", "A's cost of war (common knowledge)", "c_A", low=0, default=0.1),
    Parameter("cost_low", "lowest cost of war B may have", "c_lo", low=0, default=0.0),
    Parameter("cost_high", "highest cost of war B may have", "c_hi", low=0, low_open=True,
              default=0.4),
)


@dataclass(frozen=True)
class RiskReturnModel(Model):
    """Fearon's risk–return trade-off with B's cost of war uniform on [c_lo, c_hi].

    Our formalisation of Fearon (1995); see :mod:`secdilemma.models.bargaining`. For
    another distribution call :func:`risk_return_offer` with a scipy distribution.

    Parameters
    ----------
    war_chance : float in [0, 1]
        p.
    cost_a : float >= 0
        c_A.
    cost_low, cost_high : float, 0 <= cost_low < cost_high
        c_lo and c_hi; the spread of resolve is c_hi − c_lo.

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
       Organization* 49(3), 379-414.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> m = RiskReturnModel(F(1, 2), F(3, 20), F(1, 5), F(1, 2))
    >>> m.outcome.offer, m.outcome.war_probability, m.outcome.payoff_a
    (Fraction(3, 10), Fraction(0, 1), Fraction(7, 10))
    """

    war_chance: Any
    cost_a: Any = Fraction(1, 10)
    cost_low: Any = 0
    cost_high: Any = Fraction(2, 5)

    name: ClassVar[str] = "risk_return_bargaining"
    summary: ClassVar[str] = ("Fearon (1995): take-it-or-leave-it offer against a private "
                              "cost of war; the risk-return trade-off")
    method: ClassVar[str] = "closed forms (uniform cost of war; our formalisation of Fearon 1995)"
    references: ClassVar[tuple] = _FEARON
    no_game_reason: ClassVar[str] = ("a continuum of types and offers; the two-type "
                                     "ScreeningModel has a finite game")
    to_game = None
    PARAMETERS: ClassVar[tuple] = _UNIFORM_PARAMS
    METRICS: ClassVar[tuple] = (
        Metric("offer", "B's share x* offered by A"),
        Metric("war_probability", "probability of war F(z*)"),
        Metric("payoff_a", "A's expected payoff"),
        Metric("payoff_b", "B's expected payoff (over its types)"),
        Metric("cutoff_cost", "z* = p - x*: types with a lower cost of war fight"),
        Metric("interior", "whether z* solves the first-order condition inside the support",
               "bool"),
    )

    def __post_init__(self):
        func = "RiskReturnModel"
        _check_number(func, "war_chance", self.war_chance, low=0, high=1)
        _check_number(func, "cost_a", self.cost_a, low=0)
        _check_number(func, "cost_low", self.cost_low, low=0)
        _check_number(func, "cost_high", self.cost_high, low=self.cost_low, low_open=True)

    @property
    def outcome(self) -> BargainingOutcome:
        """The equilibrium (:func:`risk_return_offer` with the uniform closed form)."""
        return risk_return_offer(self.war_chance, self.cost_a, cost_low=self.cost_low,
                                 cost_high=self.cost_high)

    @classmethod
    def _compute(cls, p, metrics, rng):
        pw, ca, lo, hi = p["war_chance"], p["cost_a"], p["cost_low"], p["cost_high"]
        bad = ~(hi > lo)
        if np.any(bad):
            raise InvalidParameterError(
                f"RiskReturnModel.evaluate(): cost_high must be > cost_low; got cost_high="
                f"{hi[bad].ravel()[0]!r} with cost_low={lo[bad].ravel()[0]!r}")
        z_int = (hi - ca) / 2
        z = np.minimum(np.maximum(z_int, lo), pw)
        war = np.maximum(z - lo, 0.0) / (hi - lo)
        zw = np.maximum(z, lo)
        out = {"offer": pw - z, "war_probability": war, "cutoff_cost": z,
               "payoff_a": (1 - pw + z) * (1 - war) + (1 - pw - ca) * war,
               "payoff_b": (1 - war) * (pw - z) + war * (pw - (lo + zw) / 2),
               "interior": (z_int > lo) & (z_int < pw) & (z == z_int)}
        return {m: out[m] for m in metrics}

    @classmethod
    def critical_values(cls, parameter, fixed):
        """Where the optimum leaves the interior: c_A = c_hi − 2c_lo (no war above it)
        and c_A = c_hi − 2p (the zero offer below it); c_hi = 2c_lo + c_A."""
        f = {k: float(v) for k, v in fixed.items()}
        if parameter == "cost_a":
            return tuple(sorted({f["cost_high"] - 2 * f["cost_low"],
                                 f["cost_high"] - 2 * f["war_chance"]}))
        if parameter == "cost_high":
            return tuple(sorted({2 * f["cost_low"] + f["cost_a"],
                                 2 * f["war_chance"] + f["cost_a"]}))
        return ()


@dataclass(frozen=True)
class ScreeningModel(Model):
    """Two-type screening offer (Fearon 1995, our formalisation).

    B is resolved (cost of war c_L = ``cost_resolved``) with probability q =
    ``resolved_share``, else unresolved (c_H = ``cost_unresolved`` > c_L). A offers
    either the safe share p − c_L (both accept) or the screening share p − c_H (the
    unresolved type accepts, the resolved type fights). A's payoffs are 1 − p + c_L
    (safe) and (1 − q)(1 − p + c_H) + q(1 − p − c_A) (screen), so A screens iff
    q < q* = (c_H − c_L)/(c_H + c_A); then Pr(war) = q. Offers below p − c_H
    (everyone fights) and between the two (only the unresolved type accepts, at a
    higher price) are beaten by these two; offers above p − c_L by the safe one.

    The responder is indifferent at the offers (the resolved type at p − c_L, the
    unresolved at p − c_H): the equilibrium has the indifferent type accept, the only
    choice under which A's best offer exists in the continuous game.

    Parameters
    ----------
    war_chance : float in [0, 1]
        p.
    cost_a : float >= 0
        c_A.
    cost_resolved : float >= 0
        c_L.
    cost_unresolved : float, cost_resolved < cost_unresolved <= war_chance
        c_H (the screening offer p − c_H must be a share).
    resolved_share : float in [0, 1]
        q.

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
       Organization* 49(3), 379-414.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> m = ScreeningModel(F(1, 2), F(1, 10), F(1, 20), F(3, 10), F(1, 5))
    >>> m.critical_share, m.screens, m.war_probability, m.payoff_a
    (Fraction(5, 8), True, Fraction(1, 5), Fraction(18, 25))
    """

    war_chance: Any
    cost_a: Any = Fraction(1, 10)
    cost_resolved: Any = Fraction(1, 20)
    cost_unresolved: Any = Fraction(3, 10)
    resolved_share: Any = Fraction(1, 5)

    name: ClassVar[str] = "screening_bargaining"
    summary: ClassVar[str] = ("Fearon (1995): screening offer against a resolved or "
                              "unresolved opponent; war as the price of a better deal")
    method: ClassVar[str] = "closed forms (our formalisation of Fearon 1995)"
    references: ClassVar[tuple] = _FEARON
    PARAMETERS: ClassVar[tuple] = (
        Parameter("war_chance", "probability that B wins a war", "p", low=0, high=1),
        Parameter("cost_a", "A's cost of war", "c_A", low=0, default=0.1),
        Parameter("cost_resolved", "the resolved type's cost of war", "c_L", low=0,
                  default=0.05),
        Parameter("cost_unresolved", "the unresolved type's cost of war", "c_H", low=0,
                  low_open=True, default=0.3),
        Parameter("resolved_share", "probability that B is resolved", "q", low=0, high=1,
                  default=0.2),
    )
    METRICS: ClassVar[tuple] = (
        Metric("offer", "B's share offered by A"),
        Metric("war_probability", "probability of war"),
        Metric("payoff_a", "A's expected payoff"),
        Metric("payoff_b", "B's expected payoff (over its types)"),
        Metric("screens", "whether A makes the screening offer p - c_H", "bool"),
        Metric("critical_share", "q* = (c_H - c_L)/(c_H + c_A)"),
    )

    def __post_init__(self):
        _check_pair("ScreeningModel", self.war_chance, self.cost_a, self.cost_resolved,
                    self.cost_unresolved, self.resolved_share)

    @property
    def critical_share(self):
        """q* = (c_H − c_L)/(c_H + c_A)."""
        return screening_threshold(self.cost_a, self.cost_resolved, self.cost_unresolved)

    @property
    def screens(self) -> bool:
        """Whether A screens (q < q*; at q = q* A is indifferent and both offers are
        equilibria, see :meth:`equilibrium_offers`)."""
        return bool(self.resolved_share < self.critical_share)

    def _values(self):
        p, ca, cl, ch, q = (self.war_chance, self.cost_a, self.cost_resolved,
                            self.cost_unresolved, self.resolved_share)
        safe = 1 - p + cl
        screen = (1 - q) * (1 - p + ch) + q * (1 - p - ca)
        return safe, screen

    def equilibrium_offers(self) -> tuple:
        """A's optimal offers (``"safe"``, ``"screen"``; both at q = q*)."""
        safe, screen = self._values()
        if screen > safe:
            return ("screen",)
        if screen < safe:
            return ("safe",)
        return ("safe", "screen")

    @property
    def offer(self):
        """The equilibrium share (the safe one at q = q*)."""
        return self.war_chance - (self.cost_unresolved if self.screens else self.cost_resolved)

    @property
    def war_probability(self):
        """q if A screens, else 0."""
        return self.resolved_share if self.screens else 0 * self.resolved_share

    @property
    def payoff_a(self):
        safe, screen = self._values()
        return max(safe, screen)

    @property
    def payoff_b(self):
        p, cl, ch, q = (self.war_chance, self.cost_resolved, self.cost_unresolved,
                        self.resolved_share)
        return q * (p - cl) + (1 - q) * (p - ch) if self.screens else p - cl

    def to_game(self):
        """The extensive game: chance draws B's type (resolved with probability q), A
        offers ``safe`` (p − c_L) or ``screen`` (p − c_H) without seeing it, B (seeing
        its type and the offer) accepts or fights. Players ``A`` (0) and ``B`` (1); B's
        information sets are ``B|<type>|<offer>``. Exact when the parameters are."""
        p, ca = self.war_chance, self.cost_a
        costs = {"resolved": self.cost_resolved, "unresolved": self.cost_unresolved}
        offers = {"safe": p - self.cost_resolved, "screen": p - self.cost_unresolved}
        q = self.resolved_share
        b = ExtensiveGameBuilder(players=["A", "B"])
        root = b.chance(b.root, {"resolved": q, "unresolved": 1 - q})
        for t, c in costs.items():
            a = b.decision(root[t], "A", list(offers), infoset="A")
            for o, x in offers.items():
                r = b.decision(a[o], "B", ["accept", "fight"], infoset=f"B|{t}|{o}")
                b.terminal(r["accept"], (1 - x, x))
                b.terminal(r["fight"], (1 - p - ca, p - c))
        return b.build()

    @classmethod
    def _compute(cls, p, metrics, rng):
        pw, ca, cl, ch, q = (p[k] for k in ("war_chance", "cost_a", "cost_resolved",
                                            "cost_unresolved", "resolved_share"))
        _check_pair("ScreeningModel.evaluate", pw, ca, cl, ch, q)
        qstar = (ch - cl) / (ch + ca)
        safe = 1 - pw + cl
        screen_v = (1 - q) * (1 - pw + ch) + q * (1 - pw - ca)
        screens = screen_v > safe
        out = {"critical_share": qstar, "screens": screens,
               "offer": np.where(screens, pw - ch, pw - cl),
               "war_probability": np.where(screens, q, 0.0),
               "payoff_a": np.maximum(safe, screen_v),
               "payoff_b": np.where(screens, q * (pw - cl) + (1 - q) * (pw - ch), pw - cl)}
        # at q = q* A is indifferent: both offers are equilibria (the safe one reported)
        return {**{m: out[m] for m in metrics}, "degenerate": screen_v == safe}

    @classmethod
    def critical_values(cls, parameter, fixed):
        """The screening threshold: q* for ``resolved_share``."""
        f = {k: float(v) for k, v in fixed.items()}
        if parameter == "resolved_share":
            return ((f["cost_unresolved"] - f["cost_resolved"])
                    / (f["cost_unresolved"] + f["cost_a"]),)
        return ()


def _check_pair(func, p, ca, cl, ch, q):
    arrays = [np.asarray(v, dtype=float) for v in (p, ca, cl, ch, q)]
    if func == "ScreeningModel":
        names = ("war_chance", "cost_a", "cost_resolved", "cost_unresolved", "resolved_share")
        for name, v in zip(names, (p, ca, cl, ch, q)):
            high = 1 if name in ("war_chance", "resolved_share") else None
            _check_number(func, name, v, low=0, high=high)
    pa, _, la, ha, _ = np.broadcast_arrays(*arrays)
    bad = ~(ha > la)
    if np.any(bad):
        raise InvalidParameterError(
            f"{func}(): cost_unresolved must be > cost_resolved; got cost_unresolved="
            f"{ha[bad].ravel()[0]!r} with cost_resolved={la[bad].ravel()[0]!r}")
    bad = ha > pa
    if np.any(bad):
        raise InvalidParameterError(
            f"{func}(): cost_unresolved must be <= war_chance (the screening offer p - c_H "
            f"must be a share in [0, 1]); got cost_unresolved={ha[bad].ravel()[0]!r} with "
            f"war_chance={pa[bad].ravel()[0]!r}")
