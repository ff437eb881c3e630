"""Cheap talk before an arms decision, with continuous types: does talk lower the risk of
an arms race, and when does it raise it?

Our formalisation of the setting of Baliga and Sjöström (2004) (their payoffs and
construction are not reproduced): two states with private hawkishness h ~ U[h_lo, h_hi]
each arm or not; payoffs (H, H) = h − c, (H, D) = h, (D, H) = −d, (D, D) = 0, with c ≥ 0
the spillover (``spillover``) and d the loss from being caught unarmed
(``exploitation_loss``), Δ = d − c > 0. Before choosing, the states may send one of two
costless messages. Solution: PBE with cutoff continuations in every message-pair
subgame (:mod:`secdilemma.solvers.continuous_cheap_talk`).

- **No talk** (= babbling): every symmetric cutoff BNE; when h_lo ≥ −Δ everyone arming is
  one (the multiplier effect), and it is the only one when the support is narrower than
  Δ and h_hi > 0.
- **No spillover** (c = 0): the threshold equilibrium (m1 iff h > 0) cuts Pr(race) to
  π_H² + 2π_H(1 − π_H)β₀, near 0 when hawks are rare.
- **With spillover** it breaks: a dominant hawk gains (1 − π_H)cβ₀ by sending m0 ("I will
  arm" is not credible). Talk then works only through interval messages, whose
  equilibria are all found (roots of a cubic) and verified for every type.
- **Talk can raise the risk**: an interval equilibrium can have a higher Pr(race) than a
  no-talk BNE; always compare with the babbling equilibria.

References
----------
.. [1] Baliga, S. and Sjöström, T. (2004). Arms races and negotiations. *Review of
   Economic Studies* 71(2), 351-369.
.. [2] Baliga, S. and Morris, S. (2002). Co-ordination, spillovers, and cheap talk.
   *Journal of Economic Theory* 105(2), 450-468.

Examples
--------
>>> from fractions import Fraction as F
>>> from secdilemma.models.arms_talk import ArmsTalkModel
>>> m = ArmsTalkModel(F(-3, 2), F(1, 4), 0, 3)
>>> [e.race_probability for e in m.no_talk_equilibria()], m.threshold_equilibrium().race_probability
([Fraction(1, 1)], Fraction(13, 49))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from ..errors import InvalidParameterError
from ..games.bayesian import BayesianGame
from ..solvers.continuous_cheap_talk import (interval_talk_equilibria, no_talk_equilibria,
                                             threshold_talk_equilibrium)
from .protocol import Metric, Model, Parameter

__all__ = ["ArmsTalkModel"]


@dataclass(frozen=True)
class ArmsTalkModel(Model):
    """Two-message cheap talk before the arms game, uniform types (module docstring).

    Parameters
    ----------
    type_low, type_high : float
        h_lo < h_hi, the support of the hawkishness h.
    spillover : float >= 0
        c: how much an armed state loses when the rival arms too.
    exploitation_loss : float > spillover
        d: the loss of an unarmed state when the rival arms.
    """

    type_low: Any = Fraction(-3, 2)
    type_high: Any = Fraction(1, 4)
    spillover: Any = 0
    exploitation_loss: Any = 3

    name: ClassVar[str] = "arms_talk"
    summary: ClassVar[str] = ("Baliga & Sjostrom (2004) setting: cheap talk before an arms "
                              "decision with continuous types; threshold and interval talk")
    method: ClassVar[str] = ("closed forms for uniform types: cutoff fixed points (no talk), "
                             "threshold profile, roots of a cubic (interval messages), "
                             "each verified for every type")
    references: ClassVar[tuple] = (
        "Baliga, S. and Sjostrom, T. (2004). Arms races and negotiations. Review of "
        "Economic Studies 71(2), 351-369.",)
    PARAMETERS: ClassVar[tuple] = (
        Parameter("type_low", "lower end of the hawkishness support", "h_lo", default=-1.5),
        Parameter("type_high", "upper end of the hawkishness support", "h_hi", default=0.25),
        Parameter("spillover", "an armed state's loss when the rival arms too", "c", low=0,
                  default=0.0),
        Parameter("exploitation_loss", "loss of an unarmed state when the rival arms", "d",
                  low=0, low_open=True, default=3.0),
    )
    METRICS: ClassVar[tuple] = (
        Metric("max_arms_race_probability", "largest Pr(race) over the no-talk BNE"),
        Metric("min_arms_race_probability", "smallest Pr(race) over the no-talk BNE"),
        Metric("threshold_is_equilibrium", "the threshold talk profile is a PBE", "bool"),
        Metric("num_interval_equilibria", "number of interval-message PBE", "int64"),
        Metric("min_talk_arms_race_probability",
               "smallest Pr(race) over influential talk PBE (NaN: none)"),
        Metric("max_talk_arms_race_probability",
               "largest Pr(race) over influential talk PBE (NaN: none)"),
        Metric("talk_raises_risk_is_equilibrium",
               "some talk PBE has a higher Pr(race) than some no-talk BNE", "bool"),
    )

    @classmethod
    def _check_joint(cls, func: str, p: dict) -> None:
        lo, hi = np.asarray(p["type_low"]), np.asarray(p["type_high"])
        c, d = np.asarray(p["spillover"]), np.asarray(p["exploitation_loss"])
        bad = ~(np.asarray(lo) < np.asarray(hi))
        if np.any(bad):
            raise InvalidParameterError(f"{func}(): type_high must be > type_low; got "
                                        f"type_low={np.broadcast_to(lo, bad.shape)[bad].ravel()[0]!r}")
        bad = ~(d > c)
        if np.any(bad):
            raise InvalidParameterError(f"{func}(): exploitation_loss must be > spillover; got "
                                        f"{np.broadcast_to(d, bad.shape)[bad].ravel()[0]!r}")

    def _args(self):
        return (self.type_low, self.type_high, self.spillover, self.exploitation_loss)

    def no_talk_equilibria(self):
        """Every symmetric cutoff BNE without talk (:func:`no_talk_equilibria`)."""
        return no_talk_equilibria(*self._args())

    def threshold_equilibrium(self):
        """The threshold profile and whether it is a PBE (None if h_lo < 0 < h_hi fails)."""
        if not self.type_low < 0 < self.type_high:
            return None
        return threshold_talk_equilibrium(*self._args())

    def interval_equilibria(self):
        """Every interval-message PBE (floats)."""
        return interval_talk_equilibria(*self._args())

    def to_game(self, num_types: int = 5):
        """A finite approximation: ``num_types`` equally likely types at the midpoints of
        equal cells of the support, as a :class:`~secdilemma.BayesianGame` (actions D,
        H), for :func:`~secdilemma.solve_bayesian` (and, with
        :func:`~secdilemma.games.cheap_talk.with_cheap_talk`, for the talk stage)."""
        n = int(num_types)
        if n < 1:
            raise InvalidParameterError(f"ArmsTalkModel.to_game(): num_types must be >= 1; "
                                        f"got {num_types!r}")
        exact = all(isinstance(v, (int, Fraction)) for v in self._args())
        lo, hi, c, d = (Fraction(v) for v in self._args()) if exact else \
            (float(v) for v in self._args())
        width = (hi - lo) / n
        types = [lo + width * (i + Fraction(1, 2) if exact else i + 0.5) for i in range(n)]
        u = np.empty((n, n, 2, 2), dtype=object if exact else float)
        for i, h in enumerate(types):
            u[i, :, 0, 0] = 0 * h          # D vs D
            u[i, :, 0, 1] = -d             # D vs H
            u[i, :, 1, 0] = h              # H vs D
            u[i, :, 1, 1] = h - c          # H vs H
        one = Fraction(1, n) if exact else 1.0 / n
        return BayesianGame([u, u.transpose(1, 0, 3, 2)], marginals=[[one] * n, [one] * n],
                            actions=[["D", "H"], ["D", "H"]])

    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """All equilibria at each point, summarised (the degenerate no-talk case, a
        continuum of cutoffs, is flagged).

        Examples
        --------
        >>> out = ArmsTalkModel.evaluate({"type_low": -1.5, "type_high": [0.25, 0.01],
        ...                               "spillover": 0.0})
        >>> out["min_talk_arms_race_probability"].round(6).tolist()
        [0.265306, 0.013201]
        """
        shape = np.broadcast_shapes(*(v.shape for v in p.values()))
        flat = {k: np.broadcast_to(v, shape).ravel() for k, v in p.items()}
        n = int(np.prod(shape)) if shape else 1
        out = {m.name: np.full(n, np.nan) for m in cls.METRICS}
        degenerate = np.zeros(n, dtype=bool)
        for i in range(n):
            vals = [float(flat[q][i]) for q in ("type_low", "type_high", "spillover",
                                                "exploitation_loss")]
            # every metric is a probability or a count, unchanged when the types and the
            # payoffs are divided by one positive number: the solvers (whose tolerances
            # are partly absolute) see them in units of the largest |value| (d > 0)
            scale = max(abs(v) for v in vals)
            m = cls(*(v / scale for v in vals))
            try:
                nt = [float(e.race_probability) for e in m.no_talk_equilibria()]
            except InvalidParameterError:
                nt, degenerate[i] = [], True
            th = m.threshold_equilibrium()
            talk = [float(e.race_probability) for e in m.interval_equilibria()]
            if th is not None and th.valid:
                talk.append(float(th.race_probability))
            out["max_arms_race_probability"][i] = max(nt) if nt else np.nan
            out["min_arms_race_probability"][i] = min(nt) if nt else np.nan
            out["threshold_is_equilibrium"][i] = bool(th is not None and th.valid)
            out["num_interval_equilibria"][i] = len(m.interval_equilibria())
            out["min_talk_arms_race_probability"][i] = min(talk) if talk else np.nan
            out["max_talk_arms_race_probability"][i] = max(talk) if talk else np.nan
            out["talk_raises_risk_is_equilibrium"][i] = bool(
                # race probabilities: scale-free, an absolute margin is fine
                talk and nt and max(talk) > min(nt) + 1e-12)
        res = {k: v.reshape(shape) for k, v in out.items() if k in metrics}
        res["degenerate"] = degenerate.reshape(shape)
        return res
