"""The offence-defence balance as a stage game: our formalisation of Jervis (1978).

Jervis argues verbally that the security dilemma is milder when defence has the
advantage [1]_. We formalise that argument (the mapping is ours, not Jervis's) with an
offence advantage theta in [0, 1], a status-quo value V, an arms-race cost k, a gain
g*theta from exploiting a state that did not arm and a loss L*theta from being
exploited:

    R = V,    P = V - k,    T = V - k + g*theta,    S = V - L*theta.

Then T > R iff theta > k/g (exploiting pays) and S < P iff theta > k/L (being caught
unarmed is worse than an arms race), so with k, g, L > 0:

- harmony for theta < min(k/g, k/L);
- stag hunt for k/L < theta < k/g (needs L > g), with trust threshold
  p*(theta) = (L*theta - k) / ((L - g)*theta);
- prisoner's dilemma for theta > max(k/g, k/L) (theta > k/g when L > g);
- chicken for k/g < theta < k/L (only when g > L);
- ``"other"`` exactly on a boundary (a tie between two payoffs).

Floating point: gθ = k (T = R) and Lθ = k (S = P) are taken as ties when they hold
to a relative 1e-12, so a tie does not depend on the units of the payoffs or on V.

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from ._numbers import TIE, exact_or_float
from .protocol import Model, Parameter, check_parameter_arrays
from .stage_game import StageGameModel
from .stage_metrics import REGIMES, STAGE_METRICS, stage_metrics

__all__ = ["OffenseDefenseModel", "offense_defense_payoffs"]


def offense_defense_payoffs(offense_advantage, status_quo, arms_cost, exploitation_gain,
                            exploitation_loss) -> tuple:
    """(R, S, T, P) = (V, V - L*theta, V - k + g*theta, V - k): the one home of the
    offence-defence stage payoffs (numbers, Fractions, arrays or sympy symbols).

    Examples
    --------
    >>> from secdilemma.models.offense_defense import offense_defense_payoffs
    >>> offense_defense_payoffs(0.5, 10, 1, 2, 4)
    (10, 8.0, 10.0, 9)
    """
    theta, V, k, g, L = (offense_advantage, status_quo, arms_cost, exploitation_gain,
                         exploitation_loss)
    return (V, V - L * theta, V - k + g * theta, V - k)


# Float path: gθ = k (T = R) and Lθ = k (S = P) are ties when they hold to the relative
# precision TIE of models._numbers (see :func:`_float_payoffs`).


def _float_payoffs(theta, V, k, g, L) -> tuple:
    """:func:`offense_defense_payoffs` for floats (scalars or arrays), with the two ties
    that shape the game made exact: T = R where gθ = k and S = P where Lθ = k, to a
    relative 1e-12. Computed as V − k + gθ and V, the two sides of a tie differ by
    rounding once the payoffs are rescaled (e.g. by 1e-9) or V is shifted (e.g. by
    1e9), and the regime and the degenerate flag would then depend on the units; the
    comparisons gθ vs k and Lθ vs k are scale- and shift-free."""
    R, S, T, P = offense_defense_payoffs(theta, V, k, g, L)
    gt, lt = g * theta, L * theta
    tie_t = np.abs(gt - k) <= TIE * np.maximum(np.abs(gt), np.abs(k))
    tie_s = np.abs(lt - k) <= TIE * np.maximum(np.abs(lt), np.abs(k))
    if np.ndim(tie_t) == 0 and np.ndim(tie_s) == 0 and np.ndim(R) == 0:
        return (R, P if tie_s else S, R if tie_t else T, P)
    return (R, np.where(tie_s, P, S), np.where(tie_t, R, T), P)


@dataclass(frozen=True)
class OffenseDefenseModel(Model):
    """Offence-defence balance stage game (our formalisation of Jervis 1978).

    This is **our formalisation** of the verbal offence-defence argument of Jervis
    (1978) [1]_, not a model stated in that paper: the stage game is symmetric with

    R = V, P = V - k, T = V - k + g*theta, S = V - L*theta.

    Parameters
    ----------
    offense_advantage : real in [0, 1]
        theta, how much the offence is favoured (0: defence dominant).
    status_quo : real
        V, the value of the peaceful status quo (mutual cooperation).
    arms_cost : real > 0
        k, the cost of an arms race (mutual defection).
    exploitation_gain : real > 0
        g, the gain from exploiting an unarmed state is g*theta.
    exploitation_loss : real > 0
        L, the loss from being exploited is L*theta.

    Ints and Fractions stay exact (game, regime and threshold in rational arithmetic).

    Attributes
    ----------
    PARAMETERS, METRICS, name, summary, method, references
        The model protocol (:mod:`secdilemma.models.protocol`); the metrics are
        :data:`~secdilemma.models.stage_metrics.STAGE_METRICS`.

    Raises
    ------
    InvalidParameterError
        If a parameter is outside its domain.

    Notes
    -----
    Regime boundaries (closed form, see :meth:`boundaries`): T > R iff theta > k/g,
    P > S iff theta > k/L. Hence harmony iff theta < min(k/g, k/L), stag hunt iff
    k/L < theta < k/g (possible only when L > g), prisoner's dilemma iff
    theta > max(k/g, k/L), chicken iff k/g < theta < k/L (only when g > L). In the stag
    hunt the trust threshold is p*(theta) = (L*theta - k) / ((L - g)*theta).

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma.models import OffenseDefenseModel
    >>> m = OffenseDefenseModel(Fraction(2, 5), 10, 1, 2, 4)
    >>> m.regime
    'stag_hunt'
    >>> m.trust_threshold
    Fraction(3, 4)
    >>> OffenseDefenseModel(0.6, 10, 1, 2, 4).regime
    'prisoners_dilemma'
    """

    offense_advantage: Any
    status_quo: Any
    arms_cost: Any
    exploitation_gain: Any
    exploitation_loss: Any

    name: ClassVar[str] = "offense_defense"
    summary: ClassVar[str] = ("Offence-defence balance (our formalisation of Jervis 1978): "
                              "harmony, stag hunt or PD as offence gains.")
    method: ClassVar[str] = "solve_2x2_batch"
    references: ClassVar[tuple] = (
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics 30(2), "
        "167-214.",)
    PARAMETERS: ClassVar[tuple] = (
        Parameter("offense_advantage", "how much the offence is favoured (0: defence "
                  "dominant)", "theta", low=0, high=1),
        Parameter("status_quo", "value of the peaceful status quo (mutual cooperation)", "V"),
        Parameter("arms_cost", "cost of an arms race (mutual defection)", "k", low=0,
                  low_open=True),
        Parameter("exploitation_gain", "gain from exploiting an unarmed state, per unit of "
                  "offence advantage", "g", low=0, low_open=True),
        Parameter("exploitation_loss", "loss from being exploited, per unit of offence "
                  "advantage", "L", low=0, low_open=True),
    )
    METRICS: ClassVar[tuple] = STAGE_METRICS

    # ------------------------------------------------------------------ payoffs
    @property
    def payoffs(self) -> tuple:
        """(R, S, T, P): Fractions when every parameter is exact, floats otherwise (the
        ties T = R at gθ = k and S = P at Lθ = k then hold to a relative 1e-12)."""
        values = exact_or_float(*(getattr(self, name) for name in self.parameters))
        if all(isinstance(v, Fraction) for v in values):
            return offense_defense_payoffs(*values)
        return tuple(float(x) for x in _float_payoffs(*values))

    def stage_game(self) -> StageGameModel:
        """The :class:`StageGameModel` with these R, S, T, P.

        Examples
        --------
        >>> from secdilemma.models import OffenseDefenseModel
        >>> OffenseDefenseModel(0, 10, 1, 2, 4).stage_game().regime
        'harmony'
        """
        R, S, T, P = self.payoffs
        return StageGameModel(reward=R, sucker=S, temptation=T, punishment=P)

    def to_game(self):
        """The symmetric 2x2 :class:`~secdilemma.NormalFormGame` (actions C, D).

        Examples
        --------
        >>> from secdilemma.models import OffenseDefenseModel
        >>> OffenseDefenseModel(1, 10, 1, 2, 4).to_game().payoff_profile((1, 0))
        (11.0, 6.0)
        """
        return self.stage_game().to_game()

    @property
    def regime(self) -> str:
        """The regime name from :data:`~secdilemma.models.REGIMES` (see Notes)."""
        return self.stage_game().regime

    @property
    def trust_threshold(self):
        """p* = (P - S) / ((R - T) + (P - S)) = (L*theta - k) / ((L - g)*theta).

        NaN when the denominator ``(L - g)*theta`` is zero. A probability threshold
        only in the stag-hunt region ``k/L < theta < k/g``.
        """
        return self.stage_game().trust_threshold

    @property
    def cooperation_risk_dominant(self) -> bool:
        """Whether (C, C) is risk-dominant (``trust_threshold < 1/2``)."""
        return self.stage_game().cooperation_risk_dominant

    def boundaries(self) -> dict:
        """Closed-form regime boundaries in theta.

        Returns
        -------
        dict
            ``"exploitation"``: k/g (T > R above it); ``"vulnerability"``: k/L (P > S
            above it); ``"harmony_upper"``: min(k/g, k/L); ``"stag_hunt"``: the
            interval (k/L, k/g) or None when L <= g.

        Examples
        --------
        >>> from secdilemma.models import OffenseDefenseModel
        >>> OffenseDefenseModel(0.4, 10, 1, 2, 4).boundaries()["stag_hunt"]
        (0.25, 0.5)
        """
        _, _, k, g, L = exact_or_float(*(getattr(self, n) for n in self.parameters))
        exploit, vuln = k / g, k / L
        return {
            "exploitation": exploit,
            "vulnerability": vuln,
            "harmony_upper": min(exploit, vuln),
            "stag_hunt": (vuln, exploit) if vuln < exploit else None,
        }

    # ------------------------------------------------------------------ batches
    @classmethod
    def stage_payoffs_batch(cls, **arrays):
        """R, S, T, P arrays for many parameter values at once.

        Parameters
        ----------
        **arrays : array_like
            ``offense_advantage``, ``status_quo``, ``arms_cost``, ``exploitation_gain``
            and ``exploitation_loss``, broadcast together and validated element-wise.

        Returns
        -------
        tuple of numpy.ndarray
            ``(R, S, T, P)`` float arrays of the broadcast shape.

        Examples
        --------
        >>> import numpy as np
        >>> from secdilemma.models import OffenseDefenseModel
        >>> R, S, T, P = OffenseDefenseModel.stage_payoffs_batch(
        ...     offense_advantage=np.array([0.2, 0.4, 0.6]), status_quo=10, arms_cost=1,
        ...     exploitation_gain=2, exploitation_loss=4)
        >>> S.tolist(), T.tolist()
        ([9.2, 8.4, 7.6], [9.4, 9.8, 10.2])
        """
        a = check_parameter_arrays(f"{cls.__name__}.stage_payoffs_batch", cls.parameters,
                                   arrays, rules=cls.parameter_bounds)
        return cls._payoffs(a)

    @staticmethod
    def _payoffs(p: dict) -> tuple:
        """(R, S, T, P) arrays from validated, broadcast parameter arrays."""
        R, S, T, P = _float_payoffs(*(p[n] for n in OffenseDefenseModel.parameters))
        zero = 0.0 * p["offense_advantage"]  # R and P do not depend on theta: broadcast
        return (R + zero, S, T, P + zero)

    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        # a parameter held fixed in a sweep arrives broadcast (stride 0): computed on as
        # a scalar, R = V and P = V - k stay scalars (stage_metrics keeps them 0-d)
        values = [p[n] for n in cls.parameters]
        values = [np.asarray(v.reshape(-1)[0]) if v.size and not any(v.strides) else v
                  for v in values]
        return stage_metrics(*_float_payoffs(*values), metrics)

    @classmethod
    def critical_values(cls, parameter: str, fixed) -> tuple:
        """Where a regime and the equilibria change: T = R at theta = k/g and P = S at
        theta = k/L, solved for ``parameter`` (the status quo V never matters).

        Examples
        --------
        >>> from secdilemma.models import OffenseDefenseModel
        >>> OffenseDefenseModel.critical_values("offense_advantage", {"status_quo": 10,
        ...     "arms_cost": 1, "exploitation_gain": 2, "exploitation_loss": 4})
        (0.25, 0.5)
        """
        f = {k: float(v) for k, v in fixed.items()}
        with np.errstate(divide="ignore", invalid="ignore"):
            out = {"offense_advantage": lambda: [f["arms_cost"] / f["exploitation_gain"],
                                                 f["arms_cost"] / f["exploitation_loss"]],
                   "arms_cost": lambda: [f["offense_advantage"] * f["exploitation_gain"],
                                         f["offense_advantage"] * f["exploitation_loss"]],
                   "exploitation_gain": lambda: [f["arms_cost"] / f["offense_advantage"]],
                   "exploitation_loss": lambda: [f["arms_cost"] / f["offense_advantage"]],
                   }.get(parameter, list)()
        return tuple(sorted(float(v) for v in out if np.isfinite(v)))

    @classmethod
    def regimes_closed_form(cls, **arrays) -> np.ndarray:
        """Regime codes from the closed-form boundaries k/g and k/L (no payoffs).

        Agrees with classifying the payoffs except for floating-point rounding exactly
        on a boundary.

        Examples
        --------
        >>> from secdilemma.models import OffenseDefenseModel, REGIMES
        >>> codes = OffenseDefenseModel.regimes_closed_form(
        ...     offense_advantage=[0.2, 0.4, 0.6], status_quo=10, arms_cost=1,
        ...     exploitation_gain=2, exploitation_loss=4)
        >>> [REGIMES[c] for c in codes]
        ['harmony', 'stag_hunt', 'prisoners_dilemma']
        """
        a = check_parameter_arrays(f"{cls.__name__}.regimes_closed_form", cls.parameters,
                                   arrays, rules=cls.parameter_bounds)
        theta, k = a["offense_advantage"], a["arms_cost"]
        exploit = k / a["exploitation_gain"]
        vuln = k / a["exploitation_loss"]
        codes = np.full(theta.shape, REGIMES.index("other"), dtype=np.int8)
        codes[(theta < exploit) & (theta < vuln)] = REGIMES.index("harmony")
        codes[(theta > vuln) & (theta < exploit)] = REGIMES.index("stag_hunt")
        codes[(theta > exploit) & (theta > vuln)] = REGIMES.index("prisoners_dilemma")
        codes[(theta > exploit) & (theta < vuln)] = REGIMES.index("chicken")
        return codes


