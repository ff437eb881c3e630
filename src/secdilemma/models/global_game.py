r"""Strategic risk in the security dilemma: a two-player global game.

*Our formalisation* of the strategic-risk argument (Carlsson and van Damme 1993;
Chassang and Padró i Miquel 2010; Acharya and Ramsay 2013). Two states choose to cooperate (C) or defect (D). The value of
cooperation θ is common but unobserved; each state i sees a private signal

    x_i = θ + σ ε_i,   ε_i ~ N(0, 1) independent of θ and of each other.

Cooperation pays θ − c·1{the other defects}; defection pays 0 (c = ``exploitation_loss``
> 0, the loss from being exploited; σ = ``signal_noise``). So the gain from cooperating for a
state with signal x, when the other cooperates iff its own signal is at least k, is

    Δ(x; k) = E[θ | x] − c · Pr(x_j < k | x).

**Cutoff equilibria.** Δ is increasing in x, so best responses are cutoff strategies
(cooperate iff x ≥ x*), and a symmetric cutoff x* makes its own type indifferent:

    E[θ | x*] − c · Pr(x_j < x* | x*) = 0.                                   (1)

*Improper uniform prior.* θ | x ~ N(x, σ²), and x_j | x ~ N(x, 2σ²): the other's
signal is symmetric around one's own, so Pr(x_j < x* | x*) = 1/2 and (1) reads
x* − c/2 = 0: **x* = c/2 for every noise level σ**.

*Normal prior* θ ~ N(μ, τ²). Writing λ = τ²/(τ² + σ²),

    θ | x ~ N(m(x), v),   m(x) = (τ² x + σ² μ)/(τ² + σ²) = λx + (1 − λ)μ,
                          v = σ²τ²/(σ² + τ²) = λσ²,
    x_j | x ~ N(m(x), v + σ²),   s = √(v + σ²) = σ√(1 + λ),

and (1) becomes an equation in the normal cdf Φ:

    G(x*) = λx* + (1 − λ)μ − c · Φ((1 − λ)(x* − μ) / s) = 0.                  (2)

As σ → 0 or τ → ∞, λ → 1 and (1 − λ)/s → 0, so Φ(·) → 1/2 and x* → c/2: the prior
washes out and the risk-dominance cutoff of the improper-prior game is recovered.

**Uniqueness.** G'(x) = λ − c(1 − λ)/s · φ((1 − λ)(x − μ)/s) ≥ λ − c(1 − λ)/(s√(2π)),
with equality at x = μ. So G is increasing, and the cutoff unique, for every prior
mean μ iff

    c σ ≤ τ² √(2π(1 + λ)),                                                   (3)

and when (3) fails there are three cutoffs for μ = c/2 (G(μ) = 0 with G'(μ) < 0). This is
the two-player analogue of Morris and Shin's (2003) condition σ ≤ √(2π) τ² (private
precision at least the square of public precision over 2π; their payoffs depend on a
continuum of players, so the factor c√(1 + λ) is absent there). The solver finds every
root of (2) whether or not (3) holds; iterated dominance from both ends meets iff the
cutoff is unique.

In the solver's convention (:mod:`secdilemma.solvers.cutoff`) action 1 is **defect**
(the "arm" action) and low signals take it: ``orientation="below"``, defect iff
x ≤ x*.

References
----------
.. [1] Carlsson, H. and van Damme, E. (1993). Global games and equilibrium selection.
   *Econometrica* 61(5), 989-1018.
.. [2] Chassang, S. and Padró i Miquel, G. (2010). Conflict and deterrence under strategic
   risk. *Quarterly Journal of Economics* 125(4), 1821-1858.
.. [3] Acharya, A. and Ramsay, K. W. (2013). The calculus of the security dilemma.
   *Quarterly Journal of Political Science* 8(2), 183-203.
.. [4] Morris, S. and Shin, H. S. (2003). Global games: theory and applications. In
   *Advances in Economics and Econometrics* (8th World Congress), vol. 1, 56-114.
   Cambridge University Press.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

from .._validation import check_real_number
from ..errors import InvalidParameterError
from ..games.bayesian import BayesianGame
from ..solvers.cutoff import CutoffResult, check_continuous_distribution, cutoff_fixed_points
from .protocol import Metric, Model, Parameter

__all__ = ["GlobalGameModel"]


def _ndtr(z):
    global _NDTR
    if _NDTR is None:  # scipy.special on first use (measured import cost), then reused:
        from scipy.special import ndtr  # the solver calls this ~10^5 times per figure

        _NDTR = ndtr
    return _NDTR(z)


_NDTR = None


@dataclass(frozen=True)
class GlobalGameModel(Model):
    """A two-player global game of cooperation under strategic risk.

    Parameters
    ----------
    exploitation_loss : float >= 0
        c: the loss of a cooperator whose rival defects (cooperation pays θ − c then).
    signal_noise : float > 0
        σ: the standard deviation of each state's private signal error.
    prior : None or scipy.stats.norm frozen distribution
        The prior of θ: None for the improper uniform prior, or N(μ, τ²) given as
        ``scipy.stats.norm(μ, τ)``.

    References
    ----------
    .. [1] Carlsson, H. and van Damme, E. (1993). Global games and equilibrium
       selection. *Econometrica* 61(5), 989-1018.
    .. [2] Morris, S. and Shin, H. S. (2003). Global games: theory and applications.

    Examples
    --------
    >>> from scipy import stats
    >>> from secdilemma.models.global_game import GlobalGameModel
    >>> GlobalGameModel(exploitation_loss=1.0, signal_noise=0.3).cutoff
    0.5
    >>> model = GlobalGameModel(1.0, 0.1, prior=stats.norm(0.0, 1.0))
    >>> round(model.cutoff, 6), model.uniqueness_condition
    (0.519693, True)
    """

    exploitation_loss: Any = 1.0
    signal_noise: Any = 0.5
    prior: Any = None

    name: ClassVar[str] = "global_game"
    summary: ClassVar[str] = ("Strategic risk (global game, Carlsson & van Damme 1993): "
                              "private noisy signals, cutoff equilibria")
    method: ClassVar[str] = "closed form x* = c/2 (improper prior of the state)"
    references: ClassVar[tuple] = (
        "Carlsson, H. and van Damme, E. (1993). Global games and equilibrium selection. "
        "Econometrica 61(5), 989-1018.",
        "Morris, S. and Shin, H. S. (2003). Global games: theory and applications. In "
        "Advances in Economics and Econometrics, vol. 1, 56-114.")
    PARAMETERS: ClassVar[tuple] = (
        Parameter("exploitation_loss", "loss of a cooperator whose rival defects", "c", low=0,
                  default=1.0),
        Parameter("signal_noise", "standard deviation of each state's private signal error",
                  "sigma", low=0, low_open=True, default=0.5),
    )
    #: The prior of the state is not swept: ``evaluate`` uses the improper uniform prior.
    SETTINGS: ClassVar[tuple] = ("prior",)
    METRICS: ClassVar[tuple] = (
        Metric("cutoff", "the equilibrium cutoff x* (cooperate iff the signal is >= x*)"),
        Metric("num_equilibria", "number of cutoff equilibria", "int64"),
        Metric("equilibrium_is_unique", "whether the cutoff equilibrium is unique", "bool"),
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        func = type(self).__name__
        if self.prior is not None:
            check_continuous_distribution(func, "prior", self.prior)
            if self.prior.dist.name != "norm":
                raise InvalidParameterError(
                    f"{func}(): prior must be None (improper uniform) or a frozen "
                    f"scipy.stats.norm; got {self.prior.dist.name}")
            if not float(self.prior.std()) > 0:
                raise InvalidParameterError(f"{func}(): prior must have a positive "
                                            f"standard deviation; got {self.prior.std()}")

    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Under the improper prior (the default setting) the cutoff equilibrium is
        unique, x* = c/2, whatever the noise [1]_.

        References
        ----------
        .. [1] Carlsson, H. and van Damme, E. (1993). Global games and equilibrium
           selection. *Econometrica* 61(5), 989-1018.

        Examples
        --------
        >>> GlobalGameModel.evaluate({"exploitation_loss": [1.0, 3.0]})["cutoff"].tolist()
        [0.5, 1.5]
        """
        c = p["exploitation_loss"]
        return {"cutoff": c / 2.0, "num_equilibria": np.ones(c.shape, dtype=np.int64),
                "equilibrium_is_unique": np.ones(c.shape, dtype=bool)}

    def to_game(self, types: int = 4, nodes: int = 60):
        """A finite approximation under a normal prior: a
        :class:`~secdilemma.games.bayesian.BayesianGame` whose types are ``types``
        equally likely bins of the signal (quantiles of its marginal N(μ, τ² + σ²)),
        with the joint prior of the two signals and the payoffs averaged over the state
        θ by Gauss-Hermite quadrature on ``nodes`` points (actions C, D).

        The improper uniform prior has no finite approximation (no distribution of
        types): it raises.

        Raises
        ------
        InvalidParameterError
            Under the improper prior, or for bad ``types`` / ``nodes``.

        Examples
        --------
        >>> from scipy import stats
        >>> game = GlobalGameModel(1.0, 0.5, prior=stats.norm(0.5, 1.0)).to_game(types=3)
        >>> game.num_types, game.actions[0]
        ((3, 3), ('C', 'D'))
        """
        from scipy import stats  # scipy.stats: a measured import cost (lazy)

        func = "GlobalGameModel.to_game"
        for name, value, low in (("types", types, 1), ("nodes", nodes, 2)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
                    or value < low:
                raise InvalidParameterError(f"{func}(): {name} must be an integer >= {low}; "
                                            f"got {value!r}")
        if self.improper:
            raise InvalidParameterError(
                f"{func}(): prior must be a normal distribution (the improper uniform prior "
                "has no finite approximation); got None")
        mu, tau, sigma = self.prior_mean, self.prior_sd, float(self.signal_noise)
        c = float(self.exploitation_loss)
        z, w = np.polynomial.hermite_e.hermegauss(int(nodes))
        theta, w = mu + tau * z, w / w.sum()
        edges = stats.norm(mu, math.hypot(tau, sigma)).ppf(np.linspace(0, 1, types + 1))
        cdf = _ndtr((edges[None, :] - theta[:, None]) / sigma)   # (nodes, types + 1)
        bins = np.diff(cdf, axis=1)                              # Pr(bin | theta)
        joint = np.einsum("n,ni,nj->ij", w, bins, bins)
        mean = np.einsum("n,n,ni,nj->ij", w, theta, bins, bins) / joint
        row = np.empty((types, types, 2, 2))
        row[:, :, 0, 0] = mean              # C against C: theta
        row[:, :, 0, 1] = mean - c          # C against D: theta - c
        row[:, :, 1, :] = 0.0               # D: 0
        col = row.transpose(1, 0, 3, 2)
        labels = [f"x{t + 1}/{types}" for t in range(types)]
        return BayesianGame([row, col], prior=joint / joint.sum(), types=[labels, labels],
                            actions=[["C", "D"], ["C", "D"]], players=["state 1", "state 2"])

    # ------------------------------------------------------------------ posterior
    @cached_property
    def improper(self) -> bool:
        """True under the improper uniform prior."""
        return self.prior is None

    @cached_property
    def prior_mean(self) -> float:
        """μ (NaN under the improper prior)."""
        return math.nan if self.improper else float(self.prior.mean())

    @cached_property
    def prior_sd(self) -> float:
        """τ (inf under the improper prior)."""
        return math.inf if self.improper else float(self.prior.std())

    @cached_property
    def signal_weight(self) -> float:
        """λ = τ²/(τ² + σ²), the weight of the signal in the posterior mean (1 under the
        improper prior)."""
        if self.improper:
            return 1.0
        tau2, s2 = self.prior_sd ** 2, float(self.signal_noise) ** 2
        return tau2 / (tau2 + s2)

    def posterior_mean(self, signal):
        """E[θ | x] = λx + (1 − λ)μ (vectorised).

        Examples
        --------
        >>> from scipy import stats
        >>> float(GlobalGameModel(1.0, 1.0, prior=stats.norm(2.0, 1.0)).posterior_mean(0.0))
        1.0
        """
        x = np.asarray(signal, dtype=float)
        if self.improper:
            return x
        lam = self.signal_weight
        return lam * x + (1.0 - lam) * self.prior_mean

    @cached_property
    def posterior_sd(self) -> float:
        """√v, v = σ²τ²/(σ² + τ²) (σ under the improper prior)."""
        return float(self.signal_noise) * math.sqrt(self.signal_weight)

    @cached_property
    def other_signal_sd(self) -> float:
        """s = √(v + σ²), the sd of the other's signal given one's own."""
        return float(self.signal_noise) * math.sqrt(1.0 + self.signal_weight)

    def cooperation_gain(self, signal, other_cutoff):
        """E[θ | x] − c·Pr(x_j < k | x): the gain from cooperating over defecting of a
        state with signal x when the other cooperates iff its signal is ≥ k
        (vectorised; k may be ±inf).

        Examples
        --------
        >>> float(GlobalGameModel(1.0, 0.5).cooperation_gain(0.5, 0.5))
        0.0
        """
        m = self.posterior_mean(signal)
        k = np.asarray(other_cutoff, dtype=float)
        with np.errstate(invalid="ignore"):
            z = (k - m) / self.other_signal_sd
        return m - float(self.exploitation_loss) * _ndtr(z)

    def cutoff_equation(self, signal):
        """G(x) = E[θ | x] − c·Pr(x_j < x | x), equation (2) of the module notes.

        Examples
        --------
        >>> float(GlobalGameModel(1.0, 0.5).cutoff_equation(0.75))
        0.25
        """
        return self.cooperation_gain(signal, signal)

    # ------------------------------------------------------------------ closed forms
    @property
    def limit_cutoff(self) -> float:
        """c/2: the cutoff under the improper prior, and the limit as σ → 0 or τ → ∞."""
        return float(self.exploitation_loss) / 2.0

    @property
    def uniqueness_condition(self) -> bool:
        """Condition (3): c σ ≤ τ² √(2π(1 + λ)) (always True under the improper prior).
        Under it the cutoff is unique for every prior mean.

        Examples
        --------
        >>> from scipy import stats
        >>> GlobalGameModel(1.0, 10.0, prior=stats.norm(0.5, 1.0)).uniqueness_condition
        False
        """
        if self.improper:
            return True
        c, sigma, tau = float(self.exploitation_loss), float(self.signal_noise), self.prior_sd
        return bool(c * sigma <= tau ** 2 * math.sqrt(2 * math.pi * (1 + self.signal_weight)))

    def probability_of_cooperation(self, cutoff):
        """Ex-ante Pr(a state cooperates) = Pr(x ≥ x*), x ~ N(μ, τ² + σ²) (NaN under the
        improper prior).

        Examples
        --------
        >>> from scipy import stats
        >>> float(GlobalGameModel(1.0, 1.0, prior=stats.norm(0.5, 1.0))
        ...       .probability_of_cooperation(0.5))
        0.5
        """
        c = np.asarray(cutoff, dtype=float)
        if self.improper:
            return np.full(c.shape, np.nan)[()]
        sd = math.sqrt(self.prior_sd ** 2 + float(self.signal_noise) ** 2)
        return 1.0 - _ndtr((c - self.prior_mean) / sd)

    # ------------------------------------------------------------------ equilibria
    def _grid(self, n: int) -> np.ndarray:
        c, sigma = float(self.exploitation_loss), float(self.signal_noise)
        width = self._scale()
        base = [self.limit_cutoff + width * np.linspace(-40.0, 40.0, n)]
        if not self.improper:
            lam, mu, s = self.signal_weight, self.prior_mean, self.other_signal_sd
            lo = (0.0 - (1 - lam) * mu) / lam
            hi = (c - (1 - lam) * mu) / lam
            pad = 0.1 * (hi - lo) + width
            base.append(np.linspace(lo - pad, hi + pad, n))
            if lam < 1:
                base.append(mu + s / (1 - lam) * np.linspace(-12.0, 12.0, n))
        return np.unique(np.concatenate(base))

    def _scale(self) -> float:
        """max(σ, c) > 0 (σ > 0): the scale of the state, the signals and the payoffs,
        so that the grid and the tolerances scale with the model (no absolute floor: a
        model with every parameter multiplied by k has every cutoff multiplied by k)."""
        return max(float(self.signal_noise), float(self.exploitation_loss))

    def equilibria(self, *, grid: int = 2001, tol: float = 1e-10,
                   max_iter: int = 500) -> CutoffResult:
        """Every symmetric cutoff equilibrium: the roots of equation (2), with stability
        and the iterated-dominance bounds (action 1 = defect, ``orientation="below"``;
        ``probability_action1`` is the ex-ante probability of defection).

        Parameters
        ----------
        grid : int
            Scan points (>= 50).
        tol : float
            Tolerance on the cutoffs relative to the model's scale max(σ, c) (the
            solver gets ``tol * max(σ, c)``), so the answer does not depend on the units
            of the payoffs.
        max_iter : int
            Cap on each iterated-dominance sequence.

        References
        ----------
        .. [1] Morris, S. and Shin, H. S. (2003). Global games: theory and applications.

        Examples
        --------
        A noisy signal and a prior centred on c/2 violate condition (3): three cutoffs.

        >>> from scipy import stats
        >>> res = GlobalGameModel(1.0, 10.0, prior=stats.norm(0.5, 1.0)).equilibria()
        >>> res.num_equilibria, res.unique, res.stable.tolist()
        (3, False, [True, False, True])
        >>> round(float(res.cutoffs[1]), 9)
        0.5
        """
        if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 50:
            raise InvalidParameterError(f"GlobalGameModel.equilibria(): grid must be an "
                                        f"integer >= 50; got {grid!r}")
        check_real_number("GlobalGameModel.equilibria", "tol", tol, low=0, low_open=True)
        scale = self._scale()

        def defect_gain(x, k):
            return -self.cooperation_gain(x, k)

        def probability_defect(k):
            if self.improper:
                return math.nan
            return 1.0 - float(self.probability_of_cooperation(k))

        return cutoff_fixed_points(
            defect_gain, support=(-np.inf, np.inf), grid=self._grid(int(grid)),
            orientation="below", diagonal=lambda x: -self.cutoff_equation(x),
            probability_action1=probability_defect, tol=float(tol) * scale,
            max_iter=max_iter, scale=scale,
            parameters={"model": "GlobalGameModel", "exploitation_loss": self.exploitation_loss,
                        "signal_noise": self.signal_noise,
                        "prior": "improper uniform" if self.improper else
                        f"norm({self.prior_mean}, {self.prior_sd})"})

    @property
    def cutoff(self) -> float | None:
        """The equilibrium cutoff x* (cooperate iff x ≥ x*) when it is unique; None when
        there are several. Exactly c/2 under the improper prior.

        Examples
        --------
        >>> GlobalGameModel(2.0, 5.0).cutoff
        1.0
        """
        if self.improper:
            return self.limit_cutoff
        res = self.equilibria()
        if res.num_equilibria != 1:
            return None
        return float(res.cutoffs[0])
