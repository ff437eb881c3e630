"""Intentions that change: trust in a reciprocator who may turn greedy, observed with noise.

Our formalisation of the argument that a security seeker must ask not only "what does the
other side want now?" but "will it remain peaceful into the future?" (Lim 2021; see also
Tiong and Li 2023 on uncertain intentions; Kydd 2005, ch. 3 and 7). Those sources are verbal; the model below is ours.

Setting
-------
Periods ``t = 1, 2, ...``. The other state's *type* is ``S`` (security seeker) or ``G``
(greedy). Types switch from S to G with *hazard* ``λ`` per period, at the start of the
period and before its move; G is absorbing. While we cooperate, an S type plays a
reciprocating strategy and intends C with probability ``c`` (``secure_cooperation``;
``c = 1`` for tit-for-tat or grim trigger, ``c < 1`` for a reciprocator that sometimes
tests us); a G type intends D. We observe the other's move with *noise* ``ε``: the
observed action is the intended one flipped with probability ``ε`` (misperception). So

    Pr(observe C | S) = c (1 − ε) + (1 − c) ε,        Pr(observe C | G) = ε.

Trust ``μ_t = Pr(S in period t | o_1, ..., o_t)`` is updated by the forward
(hidden-Markov) filter: *predict* ``μ⁻_t = (1 − λ) μ_{t−1}`` (``μ_0`` is the prior), then
*update* by Bayes' rule with the likelihood of the observation ``o_t``.

When does reciprocity survive?
------------------------------
We are a security seeker facing a stage game whose trust threshold is ``π*`` (for a stag
hunt, ``p* = (P − S)/((R − T) + (P − S))``; see
:attr:`~secdilemma.models.StageGameModel.trust_threshold`). In period ``t`` we cooperate
iff the predicted trust ``μ⁻_t`` (the probability that the other is a security seeker
*in the period about to be played*) is at least ``π*``. Once we defect, a reciprocating S
type answers with D, so both types defect, observations carry no information, trust only
decays by the hazard, and cooperation never resumes: the first defection starts a spiral.
The *duration of cooperation* ``D`` is the number of periods in which we cooperate, and
``Pr(D >= t)`` is the probability that cooperation survives ``t`` periods. A breakdown is
*tragic* when the other is still a security seeker in the period we defect (a spiral
started by misperception, not by a change of intentions).

Computation: the survival probabilities are computed exactly by a forward recursion over
the distinct reachable trust values (Fractions, merged when equal), or on a belief grid
(a finite Markov chain, fast, with an infinite-horizon expected duration); Monte-Carlo
play with an ``rng`` checks both.

References
----------
.. [1] Lim, D. (2021). The new face of an old problem: technology and the security
   dilemma. Futures Hub, The Australian National University (verbal source of the
   "will it remain peaceful into the future?" argument).
.. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, Princeton
   University Press, ch. 3 and 7.
.. [3] Rabiner, L. R. (1989). A tutorial on hidden Markov models. *Proceedings of the
   IEEE* 77(2), 257–286 (the forward algorithm).
.. [4] Tiong, W. J. and Li, M. (2023). The US-China security dilemma: the need for
   constant mitigation. RSIS Commentary IP23082, S. Rajaratnam School of International
   Studies, 17 November 2023.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar, Sequence

import numpy as np

from .._validation import check_real_number, is_exact_scalar, readonly, to_fraction
from ..errors import InvalidParameterError
from .stage_game import StageGameModel

__all__ = [
    "trust_filter",
    "TrustFilterResult",
    "expected_trust",
    "ChangingIntentionsModel",
    "SurvivalResult",
    "IntentionsSimulation",
]

_ACTIONS = {0: 0, 1: 1, "C": 0, "D": 1, "c": 0, "d": 1}


def _number(values, exact: bool):
    return [to_fraction(v) for v in values] if exact else [float(v) for v in values]


def _as_observations(func: str, observations: Any) -> list[int]:
    if isinstance(observations, str):
        observations = list(observations)
    try:
        obs = list(observations)
    except TypeError:
        raise InvalidParameterError(
            f"{func}(): observations must be a sequence of actions (0/'C' or 1/'D'); got "
            f"{observations!r}") from None
    out = []
    for o in obs:
        key = int(o) if isinstance(o, (np.integer,)) else o
        if isinstance(key, bool) or key not in _ACTIONS:
            raise InvalidParameterError(
                f"{func}(): observations must hold 0/'C' (cooperate) or 1/'D' (defect); got "
                f"{o!r}")
        out.append(_ACTIONS[key])
    return out


def _likelihood_c(cooperation, noise):
    """Pr(observe C) when C is intended with probability ``cooperation``."""
    return cooperation * (1 - noise) + (1 - cooperation) * noise


def _belief_grid(low: float, n: int, lam: float, ls: float, lg: float) -> np.ndarray:
    """The trust points of the belief grid: ``n`` points uniform on ``[low, 1]`` and
    ``n`` points uniform in ``log(1 − μ)`` between ``1 − low`` and the least distance
    to 1 that trust can reach.

    Repeated observations of C drive trust to a fixed point close to 1, where the
    posterior after one observed D is steep in trust (its odds are the prior odds
    over the likelihood ratio, and the odds of ``μ`` grow like ``1/(1 − μ)``). A grid
    uniform in trust alone smears the mass that piles up there over two points
    ``(1 − low)/n`` apart, on both sides of the threshold for one D, and misplaces the
    jump of the duration that the model has where that threshold crosses the fixed
    point; the logarithmic points resolve it.
    """
    xs = np.linspace(low, 1.0, n)
    if low >= 1.0:
        return xs
    # highest filtered trust: an observed C from predicted trust 1 - λ
    top = (1 - lam) * ls / ((1 - lam) * ls + lam * lg) if lam > 0 else 1.0
    closest = max(1.0 - top, 1e-12)   # trust is a probability: scale-free
    if closest < 1.0 - low:
        near_one = 1.0 - np.geomspace(1.0 - low, closest, n)
        xs = np.unique(np.clip(np.concatenate([xs, near_one]), low, 1.0))
    return xs


@dataclass(frozen=True, eq=False)
class TrustFilterResult:
    """The output of :func:`trust_filter`.

    Attributes
    ----------
    observations : tuple of int
        The observed actions (0 = C, 1 = D).
    predicted : numpy.ndarray
        ``μ⁻_t = (1 − λ) μ_{t−1}``: trust before observation ``t`` (length ``T``).
    filtered : numpy.ndarray
        ``μ_t``: trust after observation ``t`` (length ``T``).
    observation_probability : numpy.ndarray
        ``Pr(o_t | o_1, ..., o_{t−1})``, the predictive probability of each observation.
    exact : bool
        Whether the arrays hold Fractions (object dtype) rather than floats.
    trust, hazard, noise : number
        The parameters used.
    """

    observations: tuple
    predicted: np.ndarray
    filtered: np.ndarray
    observation_probability: np.ndarray
    exact: bool
    trust: Any
    hazard: Any
    noise: Any

    @property
    def final(self):
        """The trust after the last observation (the prior when there is none)."""
        return self.filtered[-1] if len(self.filtered) else self.trust

    @property
    def log_likelihood(self) -> float:
        """``log Pr(o_1, ..., o_T)`` (a float)."""
        return float(np.sum(np.log(np.asarray(self.observation_probability, dtype=float))))


def trust_filter(observations: Sequence[Any], trust: Any, hazard: Any, noise: Any, *,
                 secure_cooperation: Any = 1, greedy_cooperation: Any = 0) -> TrustFilterResult:
    """Forward (hidden-Markov) filter of trust, ``Pr(other is a security seeker)``.

    Each period: predict ``μ⁻_t = (1 − λ) μ_{t−1}`` (a security seeker turns greedy with
    hazard ``λ``; greedy is absorbing), then update by Bayes' rule with the likelihood of
    the observed move, ``μ_t = μ⁻_t L_S(o_t) / (μ⁻_t L_S(o_t) + (1 − μ⁻_t) L_G(o_t))``,
    where ``L_θ(C) = c_θ (1 − ε) + (1 − c_θ) ε`` and ``c_θ`` is the probability that type
    ``θ`` intends C.

    Parameters
    ----------
    observations : sequence of {0, 1, "C", "D"}
        The observed (possibly misperceived) moves of the other state.
    trust : number in [0, 1]
        ``μ_0``, trust before the first period.
    hazard : number in [0, 1]
        ``λ``, the per-period probability that a security seeker turns greedy.
    noise : number in [0, 1]
        ``ε``, the probability that an observed move is flipped.
    secure_cooperation : number in [0, 1] or sequence of them, default 1
        Probability that a security seeker intends C in each period (one value, or one
        per period: e.g. 0 in periods after we defected, when a reciprocator defects).
    greedy_cooperation : number in [0, 1] or sequence of them, default 0
        Probability that a greedy type intends C.

    Returns
    -------
    TrustFilterResult
        Exact (Fractions) when every input is an int or a Fraction, floats otherwise.

    Raises
    ------
    InvalidParameterError
        On a parameter outside [0, 1], an unknown action, or an observation that has
        probability zero under the model (e.g. ``noise = 0``, full trust and an observed
        D from a sure cooperator).

    References
    ----------
    .. [1] Rabiner, L. R. (1989). A tutorial on hidden Markov models. *Proceedings of
       the IEEE* 77(2), 257–286, §III.A (forward algorithm).
    .. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 3
       (trust as the probability that the other is a security seeker).

    Examples
    --------
    Prior 1/2, hazard 1/10, noise 1/10; we observe C, then D:

    >>> from fractions import Fraction as F
    >>> from secdilemma.models.changing_intentions import trust_filter
    >>> res = trust_filter("CD", F(1, 2), F(1, 10), F(1, 10))
    >>> res.predicted.tolist(), res.filtered.tolist()
    ([Fraction(9, 20), Fraction(729, 920)], [Fraction(81, 92), Fraction(81, 272)])

    Without hazard and with uninformative moves (ε = 1/2) trust does not move:

    >>> trust_filter([0, 1, 1], 0.3, 0, 0.5).filtered.tolist()
    [0.3, 0.3, 0.3]
    """
    func = "trust_filter"
    obs = _as_observations(func, observations)
    n = len(obs)
    for name, value in (("trust", trust), ("hazard", hazard), ("noise", noise)):
        check_real_number(func, name, value, low=0, high=1)
    coop = []
    for name, value in (("secure_cooperation", secure_cooperation),
                        ("greedy_cooperation", greedy_cooperation)):
        seq = list(value) if isinstance(value, (list, tuple, np.ndarray)) else [value] * n
        if len(seq) != n:
            raise InvalidParameterError(
                f"{func}(): {name} must be a number or one value per observation ({n}); got "
                f"{len(seq)} values")
        for v in seq:
            check_real_number(func, name, v, low=0, high=1)
        coop.append(seq)
    exact = all(is_exact_scalar(v) for v in (trust, hazard, noise, *coop[0], *coop[1]))
    conv = to_fraction if exact else float
    mu, lam, eps = conv(trust), conv(hazard), conv(noise)
    predicted, filtered, probs = [], [], []
    for t, o in enumerate(obs):
        pred = (1 - lam) * mu
        ls = _likelihood_c(conv(coop[0][t]), eps)
        lg = _likelihood_c(conv(coop[1][t]), eps)
        if o == 1:
            ls, lg = 1 - ls, 1 - lg
        p = pred * ls + (1 - pred) * lg
        if p == 0:
            raise InvalidParameterError(
                f"{func}(): observations[{t}] = {'CD'[o]!r} has probability zero under the "
                f"model (trust {pred}, noise {noise}); got an impossible observation")
        mu = pred * ls / p
        predicted.append(pred)
        filtered.append(mu)
        probs.append(p)
    dtype = object if exact else float
    return TrustFilterResult(
        tuple(obs), readonly(np.array(predicted, dtype=dtype)),
        readonly(np.array(filtered, dtype=dtype)), readonly(np.array(probs, dtype=dtype)),
        exact, trust, hazard, noise)


def expected_trust(trust: Any, hazard: Any, periods: int):
    """Expected trust after ``periods`` periods: ``E[μ_t] = (1 − λ)^t μ_0``.

    The filtered trust is the conditional probability of the event "the other is S in
    period t", so its expectation (over types and observations drawn from the model) is
    the unconditional probability of that event, ``(1 − λ)^t μ_0``, whatever the noise.
    With ``λ = 0`` trust is a martingale; with ``λ > 0`` it drifts down by the factor
    ``1 − λ`` per period and tends to 0 almost surely when ``ε < 1/2`` (the other turns
    greedy eventually, and a greedy type's moves reveal it).

    Parameters
    ----------
    trust : number in [0, 1]
    hazard : number in [0, 1]
    periods : int >= 0

    Returns
    -------
    Fraction or float

    References
    ----------
    .. [1] Cappé, O., Moulines, E. and Rydén, T. (2005). *Inference in Hidden Markov
       Models*, Springer, ch. 3 (filtering).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.changing_intentions import expected_trust
    >>> expected_trust(F(9, 10), F(1, 10), 2)
    Fraction(729, 1000)
    """
    func = "expected_trust"
    check_real_number(func, "trust", trust, low=0, high=1)
    check_real_number(func, "hazard", hazard, low=0, high=1)
    if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) or periods < 0:
        raise InvalidParameterError(f"{func}(): periods must be an integer >= 0; got "
                                    f"{periods!r}")
    if is_exact_scalar(trust) and is_exact_scalar(hazard):
        return (1 - to_fraction(hazard)) ** int(periods) * to_fraction(trust)
    return (1 - float(hazard)) ** int(periods) * float(trust)


@dataclass(frozen=True, eq=False)
class SurvivalResult:
    """How long cooperation lasts under :class:`ChangingIntentionsModel`.

    Attributes
    ----------
    survival : numpy.ndarray, shape (periods + 1,)
        ``survival[t] = Pr(D >= t)``: the probability that we cooperated in every period
        ``1, ..., t`` (``survival[0] = 1``). Fractions (object dtype) in exact mode.
    tragic : numpy.ndarray, shape (periods + 1,)
        ``tragic[t]``: probability that cooperation has broken down by the decision of
        period ``t`` (i.e. ``D < t``) *while the other was still a security seeker* in the
        period we first defected.
    expected_duration : float or None
        ``E[D]`` over the infinite horizon (``inf`` when ``λ = 0`` and cooperation can
        last forever); None when not computed (exact method).
    method : str
        ``"exact"`` or ``"grid"``.
    num_states : int
        Largest number of distinct trust values carried by the exact recursion, or the
        number of grid points.
    exact : bool
    """

    survival: np.ndarray
    tragic: np.ndarray
    expected_duration: Any
    method: str
    num_states: int
    exact: bool

    def probability_survives(self, periods: int):
        """``Pr(D >= periods)``."""
        return self.survival[periods]


@dataclass(frozen=True, eq=False)
class IntentionsSimulation:
    """Monte-Carlo play of :class:`ChangingIntentionsModel`.

    Attributes
    ----------
    secure : numpy.ndarray of bool, shape (repetitions, periods)
        Whether the other is a security seeker in each period.
    observations : numpy.ndarray of int, shape (repetitions, periods)
        Observed moves (0 = C, 1 = D).
    trust : numpy.ndarray of float, shape (repetitions, periods)
        Predicted trust ``μ⁻_t`` at each period's decision.
    cooperate : numpy.ndarray of bool, shape (repetitions, periods)
        Whether we cooperated in each period.
    duration : numpy.ndarray of int, shape (repetitions,)
        Periods of cooperation (capped at ``periods``).
    """

    secure: np.ndarray
    observations: np.ndarray
    trust: np.ndarray
    cooperate: np.ndarray
    duration: np.ndarray

    def survival(self) -> np.ndarray:
        """Empirical ``Pr(D >= t)`` for ``t = 0, ..., periods``."""
        T = self.trust.shape[1]
        return np.array([np.mean(self.duration >= t) for t in range(T + 1)])


@dataclass(frozen=True)
class ChangingIntentionsModel:
    """A security seeker facing a reciprocator whose intentions can change.

    Parameters
    ----------
    hazard : number in [0, 1)
        ``λ``: per-period probability that a security seeker turns greedy (absorbing).
    noise : number in [0, 1/2]
        ``ε``: probability that an observed move is misperceived (flipped).
    trust : number in [0, 1]
        ``μ_0``: initial trust, the probability that the other is a security seeker.
    trust_threshold : number in (0, 1]
        ``π*``: we cooperate in a period iff the predicted trust is at least ``π*`` (the
        trust threshold of the stage game; see :meth:`from_payoffs`).
    secure_cooperation : number in (0, 1], default 1
        ``c``: probability that a security seeker intends C while we cooperate (1 for
        tit-for-tat / grim trigger).

    Ints and Fractions are kept exactly: the filter and the exact survival recursion are
    then exact.

    Notes
    -----
    See the module docstring for the timing and for why the first defection is never
    undone (a reciprocator answers it, so both types defect afterwards). The exact
    survival recursion carries one pair of masses (S, G) per distinct trust value; the
    number of trust values can grow exponentially with the horizon (the hazard makes the
    order of observations matter), but beliefs that fall below the threshold are
    dropped, so horizons of 20–60 periods are cheap at moderate noise.

    References
    ----------
    .. [1] Lim, D. (2021). The new face of an old problem: technology and the security
       dilemma. Futures Hub, The Australian National University (verbal source of the
       "will it remain peaceful into the future?" argument; this formalisation is ours).
    .. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 3
       and 7.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.changing_intentions import ChangingIntentionsModel
    >>> m = ChangingIntentionsModel(hazard=F(1, 10), noise=F(1, 10), trust=F(9, 10),
    ...                             trust_threshold=F(1, 2))
    >>> m.likelihoods
    (Fraction(9, 10), Fraction(1, 10))
    >>> m.survival(2).survival.tolist()   # period 2 needs a C observed in period 1
    [Fraction(1, 1), Fraction(1, 1), Fraction(187, 250)]
    """

    hazard: Any
    noise: Any
    trust: Any
    trust_threshold: Any
    secure_cooperation: Any = 1

    #: No finite game: one state filters the other's intentions and follows a fixed
    #: threshold rule against a reciprocator; the strategic part, the trust_threshold, comes
    #: from a stage game (:meth:`from_payoffs`, whose ``StageGameModel.to_game()`` the
    #: solvers check).
    to_game: ClassVar[None] = None
    no_game_reason: ClassVar[str] = ("a single decision-maker's filtering problem against a "
                                     "fixed reciprocator; its threshold comes from a stage "
                                     "game (from_payoffs)")

    def __post_init__(self) -> None:
        func = "ChangingIntentionsModel"
        check_real_number(func, "hazard", self.hazard, low=0, high=1, high_open=True)
        check_real_number(func, "noise", self.noise, low=0, high=Fraction(1, 2))
        check_real_number(func, "trust", self.trust, low=0, high=1)
        check_real_number(func, "trust_threshold", self.trust_threshold, low=0, high=1, low_open=True)
        check_real_number(func, "secure_cooperation", self.secure_cooperation, low=0,
                          high=1, low_open=True)

    @classmethod
    def from_payoffs(cls, *, reward: Any, sucker: Any, temptation: Any, punishment: Any,
                     hazard: Any, noise: Any, trust: Any,
                     secure_cooperation: Any = 1) -> ChangingIntentionsModel:
        """The model whose threshold is the trust threshold of a stag hunt.

        ``π* = (P − S)/((R − T) + (P − S))``: a security seeker cooperates iff the other
        cooperates with probability at least ``π*``; with ``secure_cooperation = c < 1``
        the threshold on trust is ``π*/c``.

        Examples
        --------
        >>> m = ChangingIntentionsModel.from_payoffs(reward=4, sucker=1, temptation=3,
        ...                                          punishment=2, hazard=0, noise=0,
        ...                                          trust=1)
        >>> m.trust_threshold
        Fraction(1, 2)
        """
        p_star = StageGameModel(reward=reward, sucker=sucker, temptation=temptation,
                                punishment=punishment).trust_threshold
        if p_star is None or not 0 < float(p_star) <= 1:
            raise InvalidParameterError(
                f"ChangingIntentionsModel.from_payoffs(): the payoffs must form a stag hunt "
                f"with a trust threshold in (0, 1]; got {p_star!r}")
        c = secure_cooperation
        thr = p_star / to_fraction(c) if is_exact_scalar(c) and isinstance(
            p_star, Fraction) else float(p_star) / float(c)
        if thr > 1:
            raise InvalidParameterError(
                f"ChangingIntentionsModel.from_payoffs(): secure_cooperation must be at "
                f"least the trust threshold {p_star}; got {c!r}")
        return cls(hazard=hazard, noise=noise, trust=trust, trust_threshold=thr,
                   secure_cooperation=secure_cooperation)

    # ------------------------------------------------------------------ basics
    @property
    def is_exact(self) -> bool:
        """Whether every parameter is an int or a Fraction."""
        return all(is_exact_scalar(v) for v in (self.hazard, self.noise, self.trust,
                                                 self.trust_threshold, self.secure_cooperation))

    def _numbers(self, exact: bool):
        return _number((self.hazard, self.noise, self.trust, self.trust_threshold,
                        self.secure_cooperation), exact)

    @property
    def likelihoods(self) -> tuple:
        """``(Pr(observe C | S), Pr(observe C | G))`` while we cooperate."""
        lam, eps, mu0, thr, c = self._numbers(self.is_exact)
        return (_likelihood_c(c, eps), eps)

    def filter(self, observations: Sequence[Any]) -> TrustFilterResult:
        """:func:`trust_filter` with this model's parameters (during cooperation).

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> m = ChangingIntentionsModel(F(1, 10), F(1, 10), F(1, 2), F(1, 2))
        >>> m.filter("C").final
        Fraction(81, 92)
        """
        return trust_filter(observations, self.trust, self.hazard, self.noise,
                            secure_cooperation=self.secure_cooperation)

    def expected_trust(self, periods: int):
        """``E[μ_t] = (1 − λ)^t μ_0`` (see :func:`expected_trust`).

        Examples
        --------
        >>> ChangingIntentionsModel(0.5, 0.1, 0.8, 0.5).expected_trust(1)
        0.4
        """
        return expected_trust(self.trust, self.hazard, periods)

    # ------------------------------------------------------------------ survival
    def survival(self, periods: int, *, method: str = "exact", grid: int = 2000,
                 max_states: int = 50_000) -> SurvivalResult:
        """Probability that cooperation survives ``t`` periods, ``t = 0 .. periods``.

        Parameters
        ----------
        periods : int >= 0
            Horizon.
        method : {"exact", "grid"}
            ``"exact"``: forward recursion over the distinct reachable trust values
            (Fractions when the model is exact, floats otherwise; no approximation).
            ``"grid"``: trust discretised on ``grid + 1`` points uniform in
            ``[π*/(1 − λ), 1]`` and ``grid + 1`` points uniform in ``log(1 − μ)``
            (near 1, where trust piles up after observed Cs and the posterior after a
            D is steep); after each update the mass is split between the two
            neighbouring grid points so that expected trust is preserved; also returns
            the infinite-horizon expected duration by one linear solve. The error is
            small but not monotone in ``grid``, because the decision is discontinuous
            in trust: with ``grid = 2000``, on 90 points (``λ`` in 0.01..0.2, ``ε``
            in 0.01..0.3, horizon 10) the median error of the survival probabilities
            was 2e-16, the largest 6e-3 (at ``ε = 0.3``); up to 0.04 for ``λ = 0``.
            The duration itself jumps where a reachable trust value meets the
            threshold; within about 2e-5 of such a ``λ`` the grid can place the jump
            wrongly. Use ``"exact"`` to check.
        grid : int >= 10, default 2000
        max_states : int, default 50000
            The exact recursion stops with an error when it would carry more trust
            values than this (use ``method="grid"``).

        Returns
        -------
        SurvivalResult

        References
        ----------
        .. [1] Kemeny, J. G. and Snell, J. L. (1960). *Finite Markov Chains*, ch. 3
           (absorbing chains: expected time to absorption ``(I − Q)^{-1} 1``).

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> m = ChangingIntentionsModel(F(1, 20), F(1, 10), F(9, 10), F(1, 2))
        >>> exact = m.survival(10)
        >>> approx = m.survival(10, method="grid")
        >>> round(float(exact.survival[10]), 4), round(float(approx.survival[10]), 2)
        (0.4834, 0.48)
        >>> round(approx.expected_duration, 1)
        13.7
        """
        func = "ChangingIntentionsModel.survival"
        if isinstance(periods, bool) or not isinstance(periods, (int, np.integer)) \
                or periods < 0:
            raise InvalidParameterError(f"{func}(): periods must be an integer >= 0; got "
                                        f"{periods!r}")
        if method == "exact":
            return self._survival_exact(int(periods), int(max_states))
        if method == "grid":
            if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 10:
                raise InvalidParameterError(f"{func}(): grid must be an integer >= 10; got "
                                            f"{grid!r}")
            return self._survival_grid(int(periods), int(grid))
        raise InvalidParameterError(f"{func}(): method must be one of ['exact', 'grid']; "
                                    f"got {method!r}")

    def _survival_exact(self, periods: int, max_states: int) -> SurvivalResult:
        exact = self.is_exact
        lam, eps, mu0, thr, c = self._numbers(exact)
        one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
        ls_c, lg_c = _likelihood_c(c, eps), eps
        # state: filtered trust -> [mass with other S, mass with other G]
        states = {mu0: [mu0, one - mu0]}
        survival, tragic = [one], [zero]
        broken_secure = zero
        widest = 1
        for _ in range(periods):
            new: dict = {}
            alive = zero
            for mu, (ms, mg) in states.items():
                pred = (1 - lam) * mu
                # the types of this period (switch before the move)
                ps, pg = ms * (1 - lam), mg + ms * lam
                if pred < thr:  # we defect this period: cooperation ends
                    broken_secure += ps
                    continue
                alive += ps + pg
                for obs_c in (True, False):
                    ls = ls_c if obs_c else 1 - ls_c
                    lg = lg_c if obs_c else 1 - lg_c
                    den = pred * ls + (1 - pred) * lg
                    if ps * ls + pg * lg == 0:
                        continue
                    post = pred * ls / den
                    slot = new.setdefault(post, [zero, zero])
                    slot[0] += ps * ls
                    slot[1] += pg * lg
            states = new
            widest = max(widest, len(states))
            if len(states) > max_states:
                raise InvalidParameterError(
                    f"ChangingIntentionsModel.survival(): the exact recursion needs more than "
                    f"max_states={max_states} trust values; use method='grid'")
            survival.append(alive)
            tragic.append(broken_secure)
        dtype = object if exact else float
        return SurvivalResult(readonly(np.array(survival, dtype=dtype)),
                              readonly(np.array(tragic, dtype=dtype)), None, "exact", widest,
                              exact)

    def _survival_grid(self, periods: int, grid: int) -> SurvivalResult:
        from scipy import sparse
        from scipy.sparse.linalg import spsolve

        lam, eps, mu0, thr, c = self._numbers(False)
        ls_c, lg_c = _likelihood_c(c, eps), eps
        low = thr / (1 - lam)  # filtered trust needed to cooperate in the next period
        n = grid + 1
        if low > 1:  # trust can never be high enough: we defect in period 1
            surv = np.zeros(periods + 1)
            surv[0] = 1.0
            trag = np.zeros(periods + 1)
            trag[1:] = mu0 * (1 - lam)
            return SurvivalResult(readonly(surv), readonly(trag), 0.0, "grid", n, False)
        xs = _belief_grid(low, n, lam, ls_c, lg_c)
        n = len(xs)
        pred = (1 - lam) * xs
        rows, cols, vals = [], [], []
        broken_s = np.zeros(2 * n)  # Pr(next decision defects while the other is S)
        idx = np.arange(n)
        for obs_c in (True, False):
            ls = ls_c if obs_c else 1 - ls_c
            lg = lg_c if obs_c else 1 - lg_c
            den = pred * ls + (1 - pred) * lg
            with np.errstate(invalid="ignore", divide="ignore"):
                post = np.where(den > 0, pred * ls / np.where(den > 0, den, 1.0), xs)
            stay = post >= low
            broken_s[:n] += np.where(stay, 0.0, (1 - lam) * ls * (1 - lam))
            j = np.clip(np.searchsorted(xs, post, side="right") - 1, 0, n - 2)
            # a zero-width grid (every belief point equal) puts all the mass on point j
            width = xs[j + 1] - xs[j]
            w = np.clip(np.where(width > 0, (post - xs[j]) / np.where(width > 0, width, 1.0),
                                 0.0), 0.0, 1.0)
            # S -> S (prob 1 - λ, observed with ls), S -> G (prob λ, observed with lg),
            # G -> G (observed with lg); the mass is split between grid points j, j + 1
            for src, dst_off, mass in ((idx, 0, (1 - lam) * ls), (idx, n, lam * lg),
                                       (n + idx, n, lg)):
                for target, weight in ((j, 1 - w), (j + 1, w)):
                    v = np.where(stay, mass * weight, 0.0)
                    keep = v > 0
                    rows.append(src[keep])
                    cols.append(dst_off + target[keep])
                    vals.append(v[keep])
        Q = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows),
                                                      np.concatenate(cols))),
                              shape=(2 * n, 2 * n))
        start = np.zeros(2 * n)
        if mu0 >= low:
            j0 = min(int(np.searchsorted(xs, mu0, side="right")) - 1, n - 2)
            w0 = min(max((mu0 - xs[j0]) / (xs[j0 + 1] - xs[j0]), 0.0), 1.0)
            for k, wk in ((j0, 1 - w0), (j0 + 1, w0)):
                start[k] += mu0 * wk
                start[n + k] += (1 - mu0) * wk
        surv, trag = [1.0], [0.0]
        dist = start
        broken = 0.0 if mu0 >= low else mu0 * (1 - lam)
        QT = Q.T.tocsr()
        for _ in range(periods):
            surv.append(float(dist.sum()))
            trag.append(broken)
            broken += float(dist @ broken_s)
            dist = QT @ dist
        if start.sum() == 0:
            expected = 0.0
        elif lam == 0:
            # a security seeker who never changes can be trusted forever with positive
            # probability: the expected duration is infinite
            expected = float("inf")
        else:
            A = (sparse.identity(2 * n, format="csc") - Q.tocsc())
            expected = float(spsolve(A, np.ones(2 * n)) @ start)
        return SurvivalResult(readonly(np.array(surv)), readonly(np.array(trag)), expected,
                              "grid", n, False)

    # ------------------------------------------------------------------ simulation
    def simulate(self, periods: int, *, repetitions: int = 1,
                 rng: Any = None) -> IntentionsSimulation:
        """Monte-Carlo play: types, noisy observations, trust and our decisions.

        Parameters
        ----------
        periods : int >= 1
        repetitions : int >= 1
        rng : None, int or numpy.random.Generator
            Seed or generator (``numpy.random.default_rng(rng)``).

        Returns
        -------
        IntentionsSimulation

        Examples
        --------
        >>> m = ChangingIntentionsModel(0.05, 0.1, 0.9, 0.5)
        >>> sim = m.simulate(20, repetitions=2000, rng=0)
        >>> float(sim.survival()[10]) > 0.3
        True
        """
        func = "ChangingIntentionsModel.simulate"
        for name, value in (("periods", periods), ("repetitions", repetitions)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
                raise InvalidParameterError(f"{func}(): {name} must be an integer >= 1; got "
                                            f"{value!r}")
        gen = np.random.default_rng(rng)
        lam, eps, mu0, thr, c = self._numbers(False)
        R, T = int(repetitions), int(periods)
        secure = gen.random(R) < mu0
        mu = np.full(R, mu0)
        cooperating = np.ones(R, dtype=bool)
        out_secure = np.empty((R, T), dtype=bool)
        out_obs = np.empty((R, T), dtype=np.int64)
        out_trust = np.empty((R, T))
        out_coop = np.empty((R, T), dtype=bool)
        duration = np.zeros(R, dtype=np.int64)
        ls_c, lg_c = _likelihood_c(c, eps), eps
        for t in range(T):
            secure = secure & (gen.random(R) >= lam)
            pred = (1 - lam) * mu
            cooperating = cooperating & (pred >= thr)
            duration += cooperating
            # intended move: S reciprocates (C w.p. c while we cooperate, D after we
            # defected); G defects
            intend_c = secure & cooperating & (gen.random(R) < c)
            flip = gen.random(R) < eps
            obs_c = intend_c ^ flip
            # filter (during cooperation, with the model's likelihoods; afterwards both
            # types defect, the observation is uninformative and only the hazard acts)
            ls = np.where(obs_c, ls_c, 1 - ls_c)
            lg = np.where(obs_c, lg_c, 1 - lg_c)
            den = pred * ls + (1 - pred) * lg
            with np.errstate(invalid="ignore", divide="ignore"):
                post = np.where(den > 0, pred * ls / np.where(den > 0, den, 1), pred)
            mu = np.where(cooperating, post, pred)
            out_secure[:, t] = secure
            out_obs[:, t] = np.where(obs_c, 0, 1)
            out_trust[:, t] = pred
            out_coop[:, t] = cooperating
        return IntentionsSimulation(readonly(out_secure), readonly(out_obs),
                                    readonly(out_trust), readonly(out_coop),
                                    readonly(duration))
