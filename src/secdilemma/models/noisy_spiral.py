"""A spiral between two security seekers from noise alone: noisy public reports, Bayes'
rule and an absorbing spiral.

Our formalisation of the spiral argument of Jervis (1976, ch. 3) and Kydd (1997; 2005,
ch. 3): a spiral can start "even though both sides have only defensive intentions"
(Tiong and Li 2023), because each side sees the other's moves through a noisy channel.

The game
--------
Every period the two states play Kydd's security dilemma
(:class:`~secdilemma.models.SecurityDilemmaModel`): a state is a security seeker (S) or
greedy (G), types persist, and ``trust`` (μ₀) is each side's prior that the other is a
security seeker. Decision makers are short-run (each period's leaders weigh only that
period), so the perfect Bayesian equilibrium is the sequence of stage Bayes–Nash
equilibria at the public beliefs. Selection: the cooperative BNE (S → C, G → D) while
both beliefs are at least the trust threshold π* = c / (1 − a_S + c); otherwise
all-defect.

Monitoring. Each state's action is reported publicly and flipped with probability
``noise`` (ε < 1/2). With a verification hotline, each action is verified with
probability ``verification`` (φ): the report is then exact and known to be so. Bayes'
rule with the cooperative strategies:

- report D: μ' = με / (με + (1 − μ)(1 − ε)); report C: μ' = μ(1 − ε) / (μ(1 − ε) + (1 − μ)ε);
- verified C: μ' = 1; verified D: μ' = 0.

In all-defect both types play D, the reports carry no information and beliefs freeze:
**the spiral is absorbing**. Between two security seekers it comes from noise alone.

Closed forms (derived for this package)
---------------------------------------
Each report moves the log-odds of trust by ±λ, λ = ln((1 − ε)/ε). The number of net
false alarms that ends cooperation (μ = π* still cooperates) is

    n* = ⌊(logit μ₀ − logit π*) / λ⌋ + 1   (``false_alarm_tolerance``),

computed exactly (by comparing odds) rather than by logarithms. The distance to ruin
is a random walk that steps down with probability (1 − φ)ε, up with (1 − φ)(1 − ε) and
is absorbed at safety (a verified C) with probability φ. Its probability of ever
reaching 0 from 1 is r, from n it is rⁿ (the walk is skip-free downwards):

- no hotline: r = ε / (1 − ε);
- hotline: r(φ) = [1 − √(1 − 4(1 − φ)²ε(1 − ε))] / (2(1 − φ)(1 − ε)).

The two sides' reports are independent, so Pr(spiral ever | both S) = 1 − (1 − r^{n*})².
Finite horizon: sₜ, the probability that one side's reputation survives t periods, by
a dynamic programme on the distance; Pr(spiral by the start of period T + 1) = 1 − s_T².
Mutual cooperation is played in period t + 1 with probability sₜ², so the pair's
discounted value (R = 1, P = 0; period 1 undiscounted) is W = Σ_{t≥0} δᵗ sₜ², reported
in average terms as (1 − δ)W (``cooperation_value``).

**Sawtooth.** r^{n*} is not monotone in ε: less noise makes each false alarm more
damning and can cut n* by one (at a_S = c = 1/2, μ₀ = 9/10: ε = 6/25 gives a per-side
ruin probability 36/361, the noisier ε = 13/50 gives 2197/50653).

Remedies
--------
- A **costless message** each period is babbling only: every type of each state strictly
  prefers the rival to cooperate (S: 1 > a_S and −c < 0; G: a_G > 0 and −c < 0), so
  every type sends whichever message makes the rival cooperate most, and a message
  that moved the rival's play would be sent by every type. :meth:`NoisySpiralModel.message_game`
  gives the cheap-talk game for :func:`~secdilemma.solvers.cheap_talk.solve_cheap_talk`
  to confirm it.
- A **verification hotline** always lowers the spiral probability (r(φ) falls with φ,
  n* is unchanged). At a per-period cost κ (average payoff) it is worth having iff
  (1 − δ)[W(φ) − W(0)] ≥ κ (``hotline_break_even_cost``).
- **Sharper routine reports** (lower ε) can backfire: the sawtooth.

References
----------
.. [1] Kydd, A. (1997). Game theory and the spiral model. *World Politics* 49(3),
   371-400.
.. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2-3.
   Princeton University Press.
.. [3] Jervis, R. (1976). *Perception and Misperception in International Politics*,
   ch. 3. Princeton University Press.
.. [4] Tiong, W. H. and Li, M. (2023). The US–China security dilemma requires constant
   mitigation. RSIS Commentary.

Examples
--------
>>> from fractions import Fraction as F
>>> from secdilemma.models.noisy_spiral import NoisySpiralModel
>>> m = NoisySpiralModel(noise=F(1, 5), trust=F(9, 10), exploitation_loss=F(1, 2),
...                      temptation_secure=F(1, 2))
>>> m.false_alarm_tolerance, m.ruin_step_probability, m.spiral_probability
(2, Fraction(1, 4), Fraction(31, 256))
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from .._validation import is_exact_scalar
from ..errors import InvalidParameterError
from ..games.cheap_talk import with_cheap_talk
from ._numbers import exact_or_float, is_exact_model
from .protocol import Metric, Model, Parameter
from .security_dilemma import SecurityDilemmaModel, cooperation_threshold

__all__ = ["NoisySpiralModel", "false_alarm_tolerance", "ruin_step_probability",
           "survival_probabilities", "simulate_noisy_spiral", "NoisySpiralSample"]


def _sqrt(x):
    """Exact square root of a Fraction when it is a perfect square, else a float."""
    if isinstance(x, Fraction) and x >= 0:
        n, d = math.isqrt(x.numerator), math.isqrt(x.denominator)
        if n * n == x.numerator and d * d == x.denominator:
            return Fraction(n, d)
    return math.sqrt(x)


def false_alarm_tolerance(trust, noise, threshold):
    """n*: the number of net false alarms (reports of D about a cooperating state) after
    which trust falls below ``threshold`` and cooperation ends (trust equal to the
    threshold still cooperates). 0 when ``trust < threshold``; a very large integer
    (``2**62``) when no finite number of reports ends cooperation (trust 1 or no noise).

    Exact for Fractions; for floats the logarithmic estimate is corrected by comparing
    odds, so an exact boundary is not lost to rounding.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> false_alarm_tolerance(F(9, 10), F(1, 5), F(1, 2))
    2
    >>> false_alarm_tolerance(0.9, [0.24, 0.26], 0.5).tolist()
    [2, 3]
    """
    if all(is_exact_scalar(v) for v in (trust, noise, threshold)):
        mu, eps, pi = Fraction(trust), Fraction(noise), Fraction(threshold)
        if mu < pi:
            return 0
        if mu == 1 or eps == 0:
            return 2 ** 62
        if pi == 0:
            return 2 ** 62
        odds, target, ratio = mu / (1 - mu), pi / (1 - pi), eps / (1 - eps)
        n = 0
        while odds >= target:
            odds *= ratio
            n += 1
        return n
    mu, eps, pi = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                        for v in (trust, noise, threshold)))
    big = np.int64(2 ** 62)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        lam = np.log1p(-eps) - np.log(eps)
        gap = (np.log(mu) - np.log1p(-mu)) - (np.log(pi) - np.log1p(-pi))
        est = np.floor(gap / lam) + 1
        finite = (mu < 1) & (eps > 0) & (pi > 0) & (mu >= pi)
        est = np.where(finite, np.clip(est, 1, 1e15), 0).astype(np.int64)
        # correct by comparing the log-odds after est and est - 1 reports
        for _ in range(2):
            after = gap - est * lam            # must be < 0 (below the threshold)
            before = gap - (est - 1) * lam     # must be >= 0 (still cooperates)
            est = np.where(finite & (after >= 0), est + 1, est)
            est = np.where(finite & (before < 0) & (est > 1), est - 1, est)
    out = np.where(mu < pi, 0, np.where(finite, est, big)).astype(np.int64)
    return out[()] if out.ndim == 0 else out


def ruin_step_probability(noise, verification=0):
    """r: the probability that the distance to ruin ever falls by one.

    r = ε / (1 − ε) without a hotline; with verification probability φ,
    r(φ) = [1 − √(1 − 4(1 − φ)²ε(1 − ε))] / (2(1 − φ)(1 − ε)), the smaller root of
    (1 − φ)(1 − ε)r² − r + (1 − φ)ε = 0. Exact for Fractions when the root is rational.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> ruin_step_probability(F(1, 5))
    Fraction(1, 4)
    >>> round(float(ruin_step_probability(0.2, 0.5)), 9)
    0.104356076
    """
    if is_exact_scalar(noise) and is_exact_scalar(verification):
        eps, phi = Fraction(noise), Fraction(verification)
        if phi == 1:
            return Fraction(0)
        if phi == 0:
            return eps / (1 - eps)
        disc = 1 - 4 * (1 - phi) ** 2 * eps * (1 - eps)
        root = _sqrt(disc)
        # 1 - sqrt(disc) computed as 4(1-φ)²ε(1-ε) / (1 + sqrt(disc)) (no cancellation)
        return (4 * (1 - phi) ** 2 * eps * (1 - eps)) / (1 + root) \
            / (2 * (1 - phi) * (1 - eps))
    eps, phi = np.broadcast_arrays(np.asarray(noise, dtype=float),
                                   np.asarray(verification, dtype=float))
    a = (1 - phi) ** 2 * eps * (1 - eps)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(phi >= 1, 0.0,
                       2 * (1 - phi) * eps / (1 + np.sqrt(np.maximum(1 - 4 * a, 0.0))))
    return out[()] if out.ndim == 0 else out


def survival_probabilities(distance: int, noise, verification=0, periods: int = 1):
    """s₀, …, s_T: the probability that one side's reputation survives t periods from a
    distance of ``distance`` net false alarms to ruin (a dynamic programme on the
    distance; exact for Fractions).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> [str(s) for s in survival_probabilities(2, F(1, 5), periods=3)]
    ['1', '1', '24/25', '24/25']
    """
    eps, phi, one = exact_or_float(noise, verification, 1)
    if distance <= 0:
        return [0 * one] * (periods + 1)
    if distance >= 2 ** 62:
        return [one] * (periods + 1)
    dist = {distance: one}      # probability mass at each live distance
    safe = 0 * one              # verified as cooperating: trust 1, never ruined
    out = [one]
    for _ in range(periods):
        new: dict = {}
        for k, mass in dist.items():
            safe += phi * mass
            down, up = (1 - phi) * eps * mass, (1 - phi) * (1 - eps) * mass
            if k - 1 > 0:
                new[k - 1] = new.get(k - 1, 0 * one) + down
            new[k + 1] = new.get(k + 1, 0 * one) + up
        dist = new
        out.append(safe + sum(dist.values(), 0 * one))
    return out


class _Walk:
    """The distribution of one side's distance to ruin for arrays of (n*, ε, φ), advanced
    period by period (floats). Distances at or beyond ``cap`` are lumped as never ruined:
    from there the ruin probability is at most r^cap <= 1e-16 (r the one-step ruin
    probability), the only approximation."""

    def __init__(self, n, eps, phi):
        r = np.atleast_1d(ruin_step_probability(eps, phi))
        rmax = float(r.max(initial=0.0))
        reach = 1 if rmax <= 0 else int(np.ceil(np.log(1e-16) / np.log(rmax))) + 1
        self.cap = max(2, reach)
        live = (n > 0)
        start = np.minimum(np.where(live, n, 0), self.cap).astype(np.int64)
        self.dist = np.zeros((n.size, self.cap + 1))
        self.dist[np.flatnonzero(live), start[live]] = 1.0
        self.safe = self.dist[:, self.cap].copy()   # far away or verified
        self.dist[:, self.cap] = 0.0
        self.down = ((1 - phi) * eps)[:, None]
        self.up = ((1 - phi) * (1 - eps))[:, None]
        self.phi = phi

    def survival(self):
        return self.safe + self.dist.sum(axis=1)

    def step(self):
        d = self.dist
        self.safe = self.safe + self.phi * d.sum(axis=1) + (self.up[:, 0] * d[:, -2])
        new = np.zeros_like(d)
        new[:, 1:-2] = self.down * d[:, 2:-1]       # k -> k - 1 (k = 1 is ruined)
        new[:, 2:-1] += self.up * d[:, 1:-2]        # k -> k + 1 below the cap
        self.dist = new


def _survival_batch(n, eps, phi, periods):
    """Float survival curves s_0..s_periods for arrays of (n*, ε, φ), shape
    (N, periods + 1)."""
    walk = _Walk(n, eps, phi)
    out = np.empty((n.size, periods + 1))
    out[:, 0] = walk.survival()
    for t in range(1, periods + 1):
        walk.step()
        out[:, t] = walk.survival()
    return out


def _value_batch(n, eps, phi, delta, tol=1e-13):
    """(1 − δ) Σ_{t≥0} δᵗ sₜ² for arrays. sₜ decreases to s_∞ = 1 − r^{n*}, so the tail
    after T lies between δ^T s_∞² and δ^T s_T² (in average terms); we stop when that gap
    is below ``tol`` everywhere and add the midpoint."""
    r = np.atleast_1d(ruin_step_probability(eps, phi))
    with np.errstate(over="ignore", under="ignore"):
        s_inf = np.where(n >= 2 ** 62, 1.0,
                         np.where(n == 0, 0.0, 1 - np.power(r, np.minimum(n, 10 ** 6))))
    walk = _Walk(n, eps, phi)
    head = np.zeros(n.size)
    weight = np.ones(n.size)  # δ^t
    t = 0
    while True:
        s = walk.survival()
        gap = weight * (s ** 2 - s_inf ** 2)
        if np.all(gap <= tol) or t >= 10 ** 6:
            return head + weight * (s ** 2 + s_inf ** 2) / 2
        head = head + (1 - delta) * weight * s ** 2
        weight = weight * delta
        walk.step()
        t += 1


@dataclass(frozen=True)
class NoisySpiralSample:
    """Simulated paths of the noisy spiral.

    Attributes
    ----------
    spiral_period : numpy.ndarray of int, shape (paths,)
        The first period played in all-defect (1 when trust starts below π*; at most
        ``periods + 1``, when the reports of the last period end cooperation; 0: no
        spiral). A spiral by the start of period T + 1 is ``0 < spiral_period <= T + 1``.
    trust : numpy.ndarray, shape (paths, periods + 1, 2)
        Each side's trust in the other at the start of each period (and after the last).
    """

    spiral_period: np.ndarray
    trust: np.ndarray


def simulate_noisy_spiral(model, periods: int, paths: int, rng) -> NoisySpiralSample:
    """Simulate the noisy spiral between two security seekers: draw the reports, update
    trust by Bayes' rule (not through the distance walk of the closed forms) and stop
    cooperating when a belief falls below π*.

    Parameters
    ----------
    model : NoisySpiralModel
    periods, paths : int >= 1
    rng : numpy.random.Generator

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.models.noisy_spiral import NoisySpiralModel, simulate_noisy_spiral
    >>> m = NoisySpiralModel(noise=0.2, trust=0.9, exploitation_loss=0.5)
    >>> sample = simulate_noisy_spiral(m, 50, 2000, np.random.default_rng(1))
    >>> bool(abs((sample.spiral_period > 0).mean() - float(m.spiral_probability)) < 0.03)
    True
    """
    func = "simulate_noisy_spiral"
    for name, v in (("periods", periods), ("paths", paths)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise InvalidParameterError(f"{func}(): {name} must be an integer >= 1; got {v!r}")
    if not isinstance(rng, np.random.Generator):
        raise InvalidParameterError(f"{func}(): rng must be a numpy.random.Generator; "
                                    f"got {rng!r}")
    eps, phi = float(model.noise), float(model.verification)
    pi = float(model.trust_threshold)
    mu = np.full((paths, 2), float(model.trust))
    trust = np.empty((paths, periods + 1, 2))
    trust[:, 0] = mu
    spiral = np.zeros(paths, dtype=np.int64)
    cooperating = np.all(mu >= pi, axis=1)
    spiral[~cooperating] = 1
    for t in range(1, periods + 1):
        verified = rng.random((paths, 2)) < phi
        flipped = rng.random((paths, 2)) < eps  # a security seeker played C
        report_d = flipped & ~verified
        post_d = mu * eps / (mu * eps + (1 - mu) * (1 - eps))
        post_c = mu * (1 - eps) / (mu * (1 - eps) + (1 - mu) * eps)
        new = np.where(verified, 1.0, np.where(report_d, post_d, post_c))
        mu = np.where(cooperating[:, None], new, mu)  # all-D: beliefs freeze
        trust[:, t] = mu
        ended = cooperating & ~np.all(mu >= pi, axis=1)
        spiral[ended] = t + 1
        cooperating = cooperating & ~ended
    return NoisySpiralSample(spiral_period=spiral, trust=trust)


_METRICS = (
    Metric("trust_threshold", "cooperation threshold pi* = c / (1 - a_S + c)"),
    Metric("false_alarm_tolerance", "n*: net false alarms that end cooperation "
           "(0: no cooperation at the start; 2**62: never)", "int64"),
    Metric("ruin_probability", "Pr(one side's reputation is ever ruined | both S) = r**n*"),
    Metric("spiral_probability", "Pr(spiral ever | both security seekers) = "
           "1 - (1 - r**n*)**2"),
    Metric("horizon_spiral_probability", "Pr(spiral by the start of period horizon + 1 | "
           "both S) = 1 - s_T**2"),
    Metric("cooperation_value", "average discounted payoff of each security seeker, "
           "(1 - delta) sum_t delta**t s_t**2 (R = 1, P = 0)"),
    Metric("hotline_break_even_cost", "largest per-period cost at which the hotline pays: "
           "(1 - delta)[W(phi) - W(0)]"),
)


@dataclass(frozen=True)
class NoisySpiralModel(Model):
    """Two security seekers under noisy public reports: the spiral from noise alone (see
    the module docstring for the game and the closed forms).

    Parameters
    ----------
    noise : float in [0, 1/2)
        Probability that a report flips the action (ε).
    trust : float in [0, 1]
        Prior trust μ₀ of each side that the other is a security seeker.
    verification : float in [0, 1]
        Probability that an action is verified by the hotline (φ; 0: no hotline).
    exploitation_loss : float > 0
        c (payoff −c from cooperating against D).
    temptation_secure : float in [0, 1)
        a_S (a security seeker's payoff from D against C).
    horizon : float >= 1 (an integer)
        T, for ``horizon_spiral_probability``.
    discount : float in [0, 0.999]
        δ, for ``cooperation_value`` and ``hotline_break_even_cost`` (the sum over
        periods stops when the remaining tail is below 1e-13, at most ~30 000 periods).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> m = NoisySpiralModel(noise=F(1, 5), trust=F(9, 10), verification=F(1, 2),
    ...                      exploitation_loss=F(1, 2), temptation_secure=F(1, 2))
    >>> round(float(m.spiral_probability), 9)
    0.021661785
    >>> m.horizon_spiral_probability(3)
    Fraction(199, 10000)
    """

    noise: Any
    trust: Any
    verification: Any = 0
    exploitation_loss: Any = 1
    temptation_secure: Any = Fraction(1, 2)
    horizon: Any = 10
    discount: Any = Fraction(9, 10)

    name: ClassVar[str] = "noisy_spiral"
    summary: ClassVar[str] = ("Kydd (1997) spiral between two security seekers from noisy "
                              "public reports; ruin probability, sawtooth, hotline")
    method: ClassVar[str] = ("closed forms (gambler's-ruin walk on the log-odds of trust) and "
                             "a dynamic programme on the distance to ruin")
    references: ClassVar[tuple] = (
        "Kydd, A. (1997). Game theory and the spiral model. World Politics 49(3), 371-400.",
        "Kydd, A. H. (2005). Trust and Mistrust in International Relations, ch. 2-3. "
        "Princeton University Press.",
        "Jervis, R. (1976). Perception and Misperception in International Politics, ch. 3.",
    )
    PARAMETERS: ClassVar[tuple] = (
        Parameter("noise", "probability that a public report flips the action", "ε",
                  low=0, high=0.5, high_open=True),
        Parameter("trust", "each side's prior that the other is a security seeker", "μ_0",
                  low=0, high=1),
        Parameter("verification", "probability that the hotline verifies an action", "φ",
                  low=0, high=1, default=0.0),
        Parameter("exploitation_loss", "loss from cooperating while the other defects", "c",
                  low=0, low_open=True, default=1.0),
        Parameter("temptation_secure", "a security seeker's payoff from defecting on a "
                  "cooperator", "a_S", low=0, high=1, high_open=True, default=0.5),
        Parameter("horizon", "number of periods T for the finite-horizon probability", "T",
                  low=1, high=100000, default=10.0),
        Parameter("discount", "discount factor (at most 0.999, which bounds the number of "
                  "periods summed for the value)", "δ", low=0, high=0.999, default=0.9),
    )
    METRICS: ClassVar[tuple] = _METRICS

    @classmethod
    def _check_joint(cls, func: str, p: dict) -> None:
        h = np.asarray(p["horizon"], dtype=float)
        bad = h != np.round(h)
        if np.any(bad):
            raise InvalidParameterError(f"{func}(): horizon must be an integer; got "
                                        f"{h[bad].ravel()[0].item()!r}")

    # ------------------------------------------------------------------ closed forms
    @property
    def exact(self) -> bool:
        return is_exact_model(self)

    @property
    def trust_threshold(self):
        """π* = c / (1 − a_S + c)."""
        return cooperation_threshold(self.exploitation_loss, self.temptation_secure)

    @property
    def false_alarm_tolerance(self) -> int:
        """n* (see :func:`false_alarm_tolerance`)."""
        return int(false_alarm_tolerance(self.trust, self.noise, self.trust_threshold))

    @property
    def ruin_step_probability(self):
        """r (or r(φ) with the hotline)."""
        return ruin_step_probability(self.noise, self.verification)

    @property
    def ruin_probability(self):
        """Pr(one side's reputation is ever ruined | both S) = r^{n*}."""
        n = self.false_alarm_tolerance
        if n >= 2 ** 62:
            return 0 * self.ruin_step_probability
        return self.ruin_step_probability ** n

    @property
    def spiral_probability(self):
        """Pr(spiral ever | both security seekers) = 1 − (1 − r^{n*})²."""
        return 1 - (1 - self.ruin_probability) ** 2

    def survival(self, periods: int | None = None) -> list:
        """s₀, …, s_T for one side (T = ``horizon`` by default)."""
        T = int(self.horizon) if periods is None else int(periods)
        return survival_probabilities(self.false_alarm_tolerance, self.noise,
                                      self.verification, T)

    def horizon_spiral_probability(self, periods: int | None = None):
        """Pr(spiral by the start of period T + 1) = 1 − s_T²."""
        return 1 - self.survival(periods)[-1] ** 2

    def cooperation_value(self) -> float:
        """(1 − δ) Σ_{t≥0} δᵗ sₜ²: each security seeker's average payoff (float)."""
        return float(self.evaluate(self._params(), ("cooperation_value",))
                     ["cooperation_value"])

    def hotline_break_even_cost(self) -> float:
        """(1 − δ)[W(φ) − W(0)]: the largest per-period cost at which the hotline pays."""
        return float(self.evaluate(self._params(), ("hotline_break_even_cost",))
                     ["hotline_break_even_cost"])

    def _params(self) -> dict:
        return {p.name: float(getattr(self, p.name)) for p in self.PARAMETERS}

    # ------------------------------------------------------------------ games
    def stage(self, trust_1=None, trust_2=None) -> SecurityDilemmaModel:
        """The stage game (Kydd's security dilemma) at the given trust (default μ₀)."""
        t1 = self.trust if trust_1 is None else trust_1
        t2 = self.trust if trust_2 is None else trust_2
        return SecurityDilemmaModel(t1, t2, self.exploitation_loss, self.temptation_secure,
                                    Fraction(2) if self.exact else 2.0)

    def to_game(self):
        """The first period's game: Kydd's Bayesian security dilemma at the prior trust.

        The model's equilibrium is the sequence of stage BNE at the public beliefs (module
        docstring), so each period is checked by solving the stage game at that period's
        trust; the greedy type's temptation is set to a_G = 2 (any a_G > 1 gives the
        same equilibria).
        """
        return self.stage().to_game()

    def message_game(self, trust=None):
        """The stage game at ``trust`` preceded by one round of costless messages (two
        messages each), for :func:`~secdilemma.solvers.cheap_talk.solve_cheap_talk`:
        it finds only babbling.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> from secdilemma.solvers.cheap_talk import solve_cheap_talk
        >>> m = NoisySpiralModel(noise=F(1, 5), trust=F(9, 10), exploitation_loss=F(1, 2))
        >>> solve_cheap_talk(m.message_game(), exact=True).only_babbling
        True
        """
        return with_cheap_talk(self.stage(trust, trust).to_game())

    # ------------------------------------------------------------------ sweeps
    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Closed forms, vectorised (see the module docstring).

        Examples
        --------
        >>> out = NoisySpiralModel.evaluate({"noise": [0.2, 0.24, 0.26], "trust": 0.9,
        ...     "exploitation_loss": 0.5})
        >>> out["false_alarm_tolerance"].tolist()
        [2, 2, 3]
        >>> out["ruin_probability"].round(7).tolist()
        [0.0625, 0.099723, 0.0433735]
        """
        shape = np.broadcast_shapes(*(v.shape for v in p.values()))
        flat = {k: np.broadcast_to(v, shape).ravel() for k, v in p.items()}
        eps, mu, phi = flat["noise"], flat["trust"], flat["verification"]
        pi = cooperation_threshold(flat["exploitation_loss"], flat["temptation_secure"])
        n = np.atleast_1d(false_alarm_tolerance(mu, eps, pi))
        r = np.atleast_1d(ruin_step_probability(eps, phi))
        never = n >= 2 ** 62
        with np.errstate(under="ignore"):
            ruin = np.where(never, 0.0, np.power(r, np.where(never, 1, n).astype(float)))
        out = {"trust_threshold": pi, "false_alarm_tolerance": n, "ruin_probability": ruin,
               "spiral_probability": 1 - (1 - ruin) ** 2}
        if "horizon_spiral_probability" in metrics:
            T = flat["horizon"].astype(np.int64)
            res = np.empty(n.size)
            for h in np.unique(T):
                sel = T == h
                s = _survival_batch(n[sel], eps[sel], phi[sel], int(h))[:, -1]
                res[sel] = 1 - s ** 2
            out["horizon_spiral_probability"] = res
        if "cooperation_value" in metrics or "hotline_break_even_cost" in metrics:
            delta = flat["discount"]
            w = _value_batch(n, eps, phi, delta)
            out["cooperation_value"] = w
            if "hotline_break_even_cost" in metrics:
                out["hotline_break_even_cost"] = w - _value_batch(n, eps, np.zeros_like(phi),
                                                                  delta)
        return {k: np.asarray(v).reshape(shape) for k, v in out.items() if k in metrics}

    @classmethod
    def critical_values(cls, parameter: str, fixed) -> tuple:
        """The noise levels at which n* changes (the teeth of the sawtooth), for
        ``parameter == "noise"``: ε_k with (odds μ₀ / odds π*) = ((1 − ε_k)/ε_k)^k, i.e.
        ε_k = 1 / (1 + (odds μ₀ / odds π*)^{1/k}), for k = 1, 2, … while ε_k < 1/2.

        Examples
        --------
        >>> [round(e, 4) for e in NoisySpiralModel.critical_values("noise",
        ...     {"trust": 0.9, "exploitation_loss": 0.5, "temptation_secure": 0.5})][:3]
        [0.1, 0.25, 0.3247]
        """
        if parameter != "noise":
            return ()
        f = {k: float(v) for k, v in fixed.items()}
        pi = cooperation_threshold(f.get("exploitation_loss", 1.0),
                                   f.get("temptation_secure", 0.5))
        mu = f["trust"]
        if not (0 < pi <= mu < 1):
            return ()
        ratio = (mu / (1 - mu)) / (pi / (1 - pi))
        if ratio <= 1:
            return ()
        out = []
        for k in range(1, 200):
            e = 1 / (1 + ratio ** (1 / k))
            if e >= 0.5 - 1e-12:   # a noise probability: scale-free
                break
            out.append(e)
        return tuple(out)
