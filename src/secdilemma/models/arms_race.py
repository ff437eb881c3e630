"""Baliga and Sjöström's arms race with private hostility types.

Two states choose simultaneously to arm (**H**, hawkish) or not (**D**, dovish). State
i's *hostility* h_i is private, drawn independently from a continuous distribution F
(any frozen :mod:`scipy.stats` distribution, support possibly unbounded). Row payoffs:

=============  ==========  ==========================
own \\ other    H           D
=============  ==========  ==========================
H              h − c       h
D              −d          0
=============  ==========  ==========================

with c = ``arming_cost`` ≥ 0 and d = ``exploitation_loss`` > 0 (the loss from being
caught unarmed by an armed rival). Against an opponent who arms with probability p, the
gain from arming is

    E[H] − E[D] = (h − pc) − (−pd) = h + pΔ,    Δ = d − c.

With Δ > 0 the actions are **strategic complements** (the more likely the other arms,
the more a state wants to arm), a type arms iff h ≥ −Δ·Pr(other arms), and every
monotone Bayes–Nash equilibrium is a cutoff h*: types h ≥ h* arm. Interior cutoffs solve

    h* = −Δ (1 − F(h*)),

and the corners are "everyone arms" (iff lower edge a of the support has a + Δ ≥ 0)
and "no one arms" (iff the upper edge b ≤ 0). Types h > 0 are **dominant hawks** (they
arm whatever the other does) and types h < −Δ dominant doves. **Contagion**: iterated
elimination of dominated strategies starts from the dominant hawks (nobody else is
known to arm: cutoff 0), the fear of them makes the slightly less hostile arm, and so
on: h_{k+1} = −Δ(1 − F(h_k)) from the top and from the bottom; the equilibrium is unique
iff the two sequences meet, and when Δ is large relative to the spread of F it can be
"everyone arms" although most types would rather not.

(Baliga and Sjöström also add a round of cheap talk, which can bring the probability of
an arms race close to zero; that extension lives with the cheap-talk tools, not here.)

References
----------
.. [1] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
   Economic Studies* 71(2), 351-369.
.. [2] Carlsson, H. and van Damme, E. (1993). Global games and equilibrium selection.
   *Econometrica* 61(5), 989-1018.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from .._validation import check_real_number
from ..errors import InvalidParameterError
from ..games.bayesian import BayesianGame
from ..solvers.cutoff import CutoffResult, check_continuous_distribution, cutoff_equilibria
from .protocol import Metric, Model, Parameter

__all__ = ["ArmsRaceModel"]

ACTIONS = ("H", "D")


def _default_hostility():
    from scipy import stats

    return stats.uniform(loc=-3.0, scale=4.0)


@dataclass(frozen=True)
class ArmsRaceModel(Model):
    """Baliga and Sjöström's (2004) arms race with private hostility types.

    Parameters
    ----------
    arming_cost : float >= 0
        c: the cost of arming when the other arms as well ((H, H) pays h − c).
    exploitation_loss : float > 0
        d: the loss of a dove facing a hawk ((D, H) pays −d).
    hostility : scipy.stats frozen continuous distribution
        F, the distribution of each state's hostility h (the payoff from arming against
        an unarmed rival); independent across states. Default U[−3, 1].

    Attributes
    ----------
    complementarity : float
        Δ = d − c (> 0: strategic complements).

    References
    ----------
    .. [1] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
       Economic Studies* 71(2), 351-369.

    Examples
    --------
    >>> from scipy import stats
    >>> from secdilemma.models.arms_race import ArmsRaceModel
    >>> model = ArmsRaceModel(arming_cost=1, exploitation_loss=3,
    ...                       hostility=stats.uniform(-3, 4))
    >>> res = model.equilibria()
    >>> round(float(res.cutoffs[0]), 9), res.unique
    (-1.0, True)
    >>> float(model.probability_of_arming(-1.0)), float(model.probability_of_arms_race(-1.0))
    (0.5, 0.25)
    """

    arming_cost: Any = 1.0
    exploitation_loss: Any = 3.0
    hostility: Any = field(default_factory=_default_hostility)

    name: ClassVar[str] = "arms_race"
    summary: ClassVar[str] = ("Baliga & Sjöström (2004): arms race with private hostility "
                              "types; cutoff equilibria, contagion, uniqueness")
    method: ClassVar[str] = "cutoff_equilibria (grid 501, per point)"
    references: ClassVar[tuple] = (
        "Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. Review of "
        "Economic Studies 71(2), 351-369.",)
    PARAMETERS: ClassVar[tuple] = (
        Parameter("arming_cost", "cost of arming when the other arms as well", "c", low=0,
                  default=1.0),
        Parameter("exploitation_loss", "loss of a dove facing a hawk", "d", low=0,
                  low_open=True, default=3.0),
    )
    #: The hostility distribution is not swept: ``evaluate`` uses the default U[-3, 1].
    SETTINGS: ClassVar[tuple] = ("hostility",)
    METRICS: ClassVar[tuple] = (
        Metric("num_equilibria", "number of cutoff Bayes-Nash equilibria", "int64"),
        Metric("equilibrium_is_unique", "whether the cutoff equilibrium is unique", "bool"),
        Metric("min_arming_probability", "least Pr(a state arms) over the equilibria"),
        Metric("max_arming_probability", "greatest Pr(a state arms) over the equilibria"),
        Metric("min_arms_race_probability", "least Pr(both arm) over the equilibria"),
        Metric("max_arms_race_probability", "greatest Pr(both arm) over the equilibria"),
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        check_continuous_distribution(type(self).__name__, "hostility", self.hostility)

    @classmethod
    def critical_values(cls, parameter: str, fixed) -> tuple:
        """For the default uniform hostility U[a, b] = U[-3, 1]: the best response
        h ↦ −Δ(1 − F(h)) = −Δ(b − h)/(b − a) has the interior fixed point
        h* = −Δb / (b − a − Δ), which reaches the lower edge a exactly where the
        complementarity Δ = d − c equals −a; from there on everyone arms (the corner
        a + Δ ≥ 0), so Pr(arming) reaches 1. (With b > 0 "no one arms" is never an
        equilibrium and the equilibrium is unique for every Δ.) Solved for
        ``parameter``.

        Examples
        --------
        >>> ArmsRaceModel.critical_values("exploitation_loss", {"arming_cost": 1.0})
        (4.0,)
        """
        a, b = (float(v) for v in _default_hostility().support())
        deltas = [-a] + ([b - a] if b <= 0 else [])
        f = {k: float(v) for k, v in fixed.items()}
        if parameter == "exploitation_loss":
            out = [f["arming_cost"] + d for d in deltas]
        elif parameter == "arming_cost":
            out = [f["exploitation_loss"] - d for d in deltas]
        else:
            out = []
        return tuple(sorted(v for v in out if np.isfinite(v)))

    # ------------------------------------------------------------------ primitives
    @property
    def complementarity(self) -> float:
        """Δ = d − c: how much more arming pays when the other arms."""
        return float(self.exploitation_loss) - float(self.arming_cost)

    @property
    def support(self) -> tuple[float, float]:
        """The support (a, b) of the hostility distribution."""
        a, b = self.hostility.support()
        return float(a), float(b)

    def stage_payoffs(self, hostility: float) -> list[list[float]]:
        """Row payoffs [[HH, HD], [DH, DD]] of a state with the given hostility.

        Examples
        --------
        >>> ArmsRaceModel(1, 3).stage_payoffs(0.5)
        [[-0.5, 0.5], [-3.0, 0.0]]
        """
        h, c, d = float(hostility), float(self.arming_cost), float(self.exploitation_loss)
        return [[h - c, h], [-d, 0.0]]

    def gain_from_arming(self, hostility, probability_other_arms):
        """h + Δ·p: the payoff gain from H over D (vectorised).

        Examples
        --------
        >>> float(ArmsRaceModel(1, 3).gain_from_arming(-1.0, 0.5))
        0.0
        """
        return np.asarray(hostility, dtype=float) + self.complementarity * np.asarray(
            probability_other_arms, dtype=float)

    @property
    def dominant_hawk_threshold(self) -> float:
        """Types above this arm whatever the other does: max(0, −Δ)."""
        return max(0.0, -self.complementarity)

    @property
    def dominant_dove_threshold(self) -> float:
        """Types below this never arm: min(0, −Δ)."""
        return min(0.0, -self.complementarity)

    def best_response(self, cutoff):
        """The best-response cutoff to an opponent with cutoff ``cutoff``:
        −Δ(1 − F(cutoff)), clipped to the support (vectorised).

        Examples
        --------
        >>> float(ArmsRaceModel(1, 3).best_response(1.0))  # against "no one arms"
        0.0
        """
        a, b = self.support
        p = 1.0 - self.hostility.cdf(np.asarray(cutoff, dtype=float))
        return np.clip(-self.complementarity * p, a, b) + 0.0

    def probability_of_arming(self, cutoff):
        """Pr(a state arms) = 1 − F(h*) under cutoff h* (vectorised).

        Examples
        --------
        >>> float(ArmsRaceModel(1, 3).probability_of_arming(-1.0))
        0.5
        """
        return 1.0 - self.hostility.cdf(np.asarray(cutoff, dtype=float))

    def probability_of_arms_race(self, cutoff):
        """Pr(both arm) = (1 − F(h*))² under cutoff h* (vectorised).

        Examples
        --------
        >>> float(ArmsRaceModel(1, 3).probability_of_arms_race(-1.0))
        0.25
        """
        return self.probability_of_arming(cutoff) ** 2

    # ------------------------------------------------------------------ equilibria
    def equilibria(self, *, grid: int = 2001, tol: float = 1e-10,
                   max_iter: int = 500) -> CutoffResult:
        """Every cutoff Bayes–Nash equilibrium (types h ≥ h* arm; action 1 = H), with
        stability and the contagion bounds, via
        :func:`~secdilemma.solvers.cutoff.cutoff_equilibria`.

        Parameters
        ----------
        grid : int
            Scan points in the bulk of F.
        tol : float
            Tolerance on the cutoffs relative to the model's scale max(c, d, IQR of F)
            (the solver gets ``tol`` times it), so the answer does not depend on the
            units of the payoffs.
        max_iter : int
            Cap on each iterated-dominance sequence.

        References
        ----------
        .. [1] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review
           of Economic Studies* 71(2), 351-369.

        Examples
        --------
        A narrow distribution of hostility and strong complementarity: three equilibria
        (everyone arms, an unstable interior cutoff, no one arms).

        >>> from scipy import stats
        >>> res = ArmsRaceModel(1, 3, hostility=stats.uniform(-1.5, 1)).equilibria()
        >>> res.cutoffs.round(9).tolist(), res.kinds
        ([-1.5, -1.0, -0.5], ('all_action1', 'interior', 'no_action1'))
        >>> res.stable.tolist(), res.unique
        ([True, False, True], False)
        """
        check_real_number("ArmsRaceModel.equilibria", "tol", tol, low=0, low_open=True)
        return cutoff_equilibria(self.gain_from_arming, self.hostility, grid=grid,
                                 tol=float(tol) * self._scale(), orientation="above",
                                 max_iter=max_iter)

    def _scale(self) -> float:
        """max(c, d, interquartile range of F) > 0: the scale of the payoffs and of the
        hostility types, so that the cutoff tolerance scales with the model (a model with
        c, d and the types multiplied by k has every cutoff multiplied by k)."""
        iqr = float(self.hostility.ppf(0.75) - self.hostility.ppf(0.25))
        return max(float(self.arming_cost), float(self.exploitation_loss), iqr)

    def contagion_iterates(self, *, max_iter: int = 500) -> tuple[np.ndarray, np.ndarray]:
        """The contagion sequences h_{k+1} = −Δ(1 − F(h_k)) (clipped to the support),
        from the top (h₀ = a: everyone arms) and from the bottom (h₀ = b: no one arms),
        as computed by the cutoff solver.

        Returns
        -------
        from_top, from_bottom : numpy.ndarray

        Examples
        --------
        >>> top, bottom = ArmsRaceModel(1, 3).contagion_iterates()
        >>> bottom[:4].tolist()
        [1.0, 0.0, -0.5, -0.75]
        """
        res = self.equilibria(max_iter=max_iter)
        return res.iterates_from_top, res.iterates_from_bottom

    def to_game(self, types: int = 4):
        """A finite approximation: a :class:`~secdilemma.games.bayesian.BayesianGame`
        with ``types`` equally likely hostility types per state, at the medians of
        equal-probability bins of F (actions H, D).

        Examples
        --------
        >>> game = ArmsRaceModel(1, 3).to_game(types=2)
        >>> game.num_types, game.actions[0]
        ((2, 2), ('H', 'D'))
        """
        if isinstance(types, bool) or not isinstance(types, (int, np.integer)) or types < 1:
            raise InvalidParameterError(f"ArmsRaceModel.to_game(): types must be an integer "
                                        f">= 1; got {types!r}")
        levels = (np.arange(types) + 0.5) / types
        values = self.hostility.ppf(levels)
        row = np.empty((types, types, 2, 2))
        for t, h in enumerate(values):
            row[t, :] = np.asarray(self.stage_payoffs(h))
        col = row.transpose(1, 0, 3, 2)
        labels = [f"h={v:.4g}" for v in values]
        prior = np.full(types, 1.0 / types)
        return BayesianGame([row, col], marginals=[prior, prior], types=[labels, labels],
                            actions=[list(ACTIONS), list(ACTIONS)],
                            players=["state 1", "state 2"])

    # ------------------------------------------------------------------ sweeps
    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Outcome metrics on broadcast arrays of costs, the hostility distribution held
        at its default (one :meth:`equilibria` per point, grid 501).

        Examples
        --------
        >>> out = ArmsRaceModel.evaluate({"arming_cost": [1.0, 1.0],
        ...                               "exploitation_loss": [3.0, 5.0]})
        >>> out["num_equilibria"].tolist(), out["max_arming_probability"].round(6).tolist()
        ([1, 1], [0.5, 1.0])
        """
        hostility = _default_hostility()
        c, d = p["arming_cost"], p["exploitation_loss"]
        out = {k: np.empty(c.shape, dtype=dt) for k, dt in (
            ("num_equilibria", np.int64), ("equilibrium_is_unique", bool),
            ("min_arming_probability", float), ("max_arming_probability", float),
            ("min_arms_race_probability", float), ("max_arms_race_probability", float))}
        for idx in np.ndindex(c.shape):
            res = cls(float(c[idx]), float(d[idx]), hostility).equilibria(grid=501)
            p = res.probability_action1
            out["num_equilibria"][idx] = res.num_equilibria
            out["equilibrium_is_unique"][idx] = res.unique
            out["min_arming_probability"][idx] = p.min()
            out["max_arming_probability"][idx] = p.max()
            out["min_arms_race_probability"][idx] = (p ** 2).min()
            out["max_arms_race_probability"][idx] = (p ** 2).max()
        return out
