"""The spiral model: trust updated by Bayes' rule from observed moves, period by period.

Two states play Kydd's security dilemma (:class:`SecurityDilemmaModel`) for ``periods``
periods. Types are fixed for the whole game. In each period the states play a Bayes–Nash
equilibrium of the stage game *given their current trust*, observe each other's move,
and update trust by Bayes' rule with the strategies of that equilibrium:

    μ'(S | a) = μ σ_S(a) / (μ σ_S(a) + (1 − μ) σ_G(a)).

A move that has probability zero under the equilibrium (off the path) leaves trust where
the convention ``off_path`` puts it ("unchanged" or "worst": 0).

This is our formalisation of the spiral argument (Jervis 1976; Kydd 1997, 2005): play is
*myopic* — each period's strategies are an equilibrium of that period's game — so the
sequence of stage equilibria and Bayesian beliefs is a perfect Bayesian equilibrium of
the repeated game when states do not value the future (δ = 0); with patient states,
reputation building would add incentives this model leaves out. The equilibrium played
in each period is chosen by ``selection``.

References
----------
.. [1] Kydd, A. (1997). Game theory and the spiral model. *World Politics* 49(3),
   371-400.
.. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2-3.
.. [3] Jervis, R. (1976). *Perception and Misperception in International Politics*,
   ch. 3. Princeton University Press.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from .._validation import check_choice, check_real_number, is_exact_scalar
from ..errors import InvalidParameterError
from .security_dilemma import SecurityDilemmaModel

__all__ = ["update_trust", "SpiralModel", "SpiralPath"]

SELECTIONS = ("most_cooperative", "tipping", "all_defect")


def update_trust(trust, prob_if_secure, prob_if_greedy):
    """Posterior probability that the other is a security seeker after seeing a move
    that a security seeker makes with probability ``prob_if_secure`` and a greedy state
    with probability ``prob_if_greedy`` (Bayes' rule; vectorised; exact for Fractions).

    Returns NaN (or None for exact inputs) where the move has probability zero.

    Examples
    --------
    Prior 0.5; a security seeker builds arms with probability 0.2, a greedy state with
    0.9 (Bayes' rule on an observed build-up, as in Kydd 1997):

    >>> from fractions import Fraction as F
    >>> update_trust(F(1, 2), F(1, 5), F(9, 10))        # after "build"
    Fraction(2, 11)
    >>> update_trust(F(1, 2), F(4, 5), F(1, 10))        # after "no build"
    Fraction(8, 9)
    >>> round(float(update_trust(0.5, 0.2, 0.9)), 6)
    0.181818
    """
    exact = all(is_exact_scalar(v) for v in (trust, prob_if_secure, prob_if_greedy))
    if exact:
        num = Fraction(trust) * prob_if_secure
        den = num + (1 - Fraction(trust)) * prob_if_greedy
        return None if den == 0 else num / den
    trust, s, g = (np.asarray(v, dtype=float) for v in (trust, prob_if_secure, prob_if_greedy))
    num = trust * s
    den = num + (1 - trust) * g
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return out[()] if out.ndim == 0 else out


@dataclass(frozen=True)
class SpiralPath:
    """The distribution of play and beliefs, period by period.

    Attributes
    ----------
    outcome_probabilities : numpy.ndarray, shape (periods, 4)
        Ex-ante probability of (C,C), (C,D), (D,C), (D,D) in each period (state 1 first).
    expected_trust : numpy.ndarray, shape (periods + 1, 2)
        Expected trust of state 1 and state 2 at the start of each period (and after the
        last one).
    nodes : tuple
        Per period, the belief states reached: ``(probability, types, trust_1, trust_2)``
        with ``types`` the true type profile (0 = security seeker, 1 = greedy).
    selection : str
    """

    outcome_probabilities: np.ndarray
    expected_trust: np.ndarray
    nodes: tuple
    selection: str

    @property
    def cooperation_probability(self) -> np.ndarray:
        """Pr(C, C) per period."""
        return self.outcome_probabilities[:, 0]


@dataclass(frozen=True)
class SpiralModel:
    """Kydd's security dilemma played for several periods with Bayesian updating of
    trust (see the module docstring for the equilibrium notion).

    Parameters
    ----------
    periods : int >= 1
    trust_1, trust_2, exploitation_loss, temptation_secure, temptation_greedy
        As in :class:`SecurityDilemmaModel` (initial trust).
    selection : {"most_cooperative", "tipping", "all_defect"}
        Which stage equilibrium is played when several exist: the cooperative one, the
        mixed tipping one, or mutual defection.
    off_path : {"unchanged", "worst"}
        Trust after a move that had probability zero.

    Examples
    --------
    Security seekers reveal themselves in the cooperative equilibrium, so trust jumps to
    one or to zero after the first period:

    >>> from fractions import Fraction as F
    >>> from secdilemma.models import SpiralModel
    >>> path = SpiralModel(periods=3, trust_1=F(3, 5), trust_2=F(3, 5),
    ...                    exploitation_loss=F(1, 2), temptation_secure=F(1, 2)).solve()
    >>> [float(p) for p in path.cooperation_probability]
    [0.36, 0.36, 0.36]
    >>> path.expected_trust[1].tolist()
    [0.6, 0.6]
    """

    periods: int
    trust_1: Any
    trust_2: Any
    exploitation_loss: Any = 1
    temptation_secure: Any = Fraction(1, 2)
    temptation_greedy: Any = 2
    selection: str = "most_cooperative"
    off_path: str = "unchanged"

    summary: ClassVar[str] = ("Spiral model: Kydd's security dilemma over several periods with "
                              "trust updated by Bayes' rule")

    def __post_init__(self) -> None:
        func = "SpiralModel"
        if isinstance(self.periods, bool) or not isinstance(self.periods, (int, np.integer)) \
                or self.periods < 1:
            raise InvalidParameterError(f"{func}(): periods must be an integer >= 1; got "
                                        f"{self.periods!r}")
        check_choice(func, "selection", self.selection, SELECTIONS)
        check_choice(func, "off_path", self.off_path, ("unchanged", "worst"))
        check_real_number(func, "trust_1", self.trust_1, low=0, high=1)
        check_real_number(func, "trust_2", self.trust_2, low=0, high=1)
        self.stage(self.trust_1, self.trust_2)  # validates the payoff parameters

    def to_game(self):
        """The first period's game: Kydd's Bayesian security dilemma at the initial
        trust (:meth:`SecurityDilemmaModel.to_game`).

        The model's equilibrium notion is a sequence of stage equilibria with trust
        updated by Bayes' rule between periods (see the module docstring), so each
        period's play is checked by solving ``stage(t1, t2).to_game()`` at that period's
        trust, the first one being this game.

        Examples
        --------
        >>> from secdilemma.models import SpiralModel
        >>> SpiralModel(periods=2, trust_1=0.6, trust_2=0.6).to_game().num_types
        (2, 2)
        """
        return self.stage(self.trust_1, self.trust_2).to_game()

    def stage(self, trust_1, trust_2) -> SecurityDilemmaModel:
        """The stage game at given trust levels."""
        return SecurityDilemmaModel(trust_1, trust_2, self.exploitation_loss,
                                    self.temptation_secure, self.temptation_greedy)

    def stage_strategies(self, trust_1, trust_2):
        """Cooperation probability of each state's two types in the selected stage
        equilibrium: ((σ₁(S), σ₁(G)), (σ₂(S), σ₂(G)))."""
        stage = self.stage(trust_1, trust_2)
        zero = Fraction(0) if stage.exact else 0.0
        one = Fraction(1) if stage.exact else 1.0
        if self.selection == "all_defect" or not stage.cooperative_equilibrium_exists:
            return (zero, zero), (zero, zero)
        if self.selection == "tipping" and stage.tipping_probabilities is not None:
            s1, s2 = stage.tipping_probabilities
            return (s1, zero), (s2, zero)
        return (one, zero), (one, zero)

    def solve(self) -> SpiralPath:
        """Propagate the distribution over (types, trust) through the periods."""
        exact = SecurityDilemmaModel(self.trust_1, self.trust_2, self.exploitation_loss,
                                     self.temptation_secure, self.temptation_greedy).exact
        one = Fraction(1) if exact else 1.0
        # state 1's type is S with probability trust_2 (what state 2 believes) etc.
        prior_types = {
            (0, 0): self.trust_2 * self.trust_1,
            (0, 1): self.trust_2 * (one - self.trust_1),
            (1, 0): (one - self.trust_2) * self.trust_1,
            (1, 1): (one - self.trust_2) * (one - self.trust_1),
        }
        nodes = {(types, self.trust_1, self.trust_2): prob
                 for types, prob in prior_types.items() if prob != 0}
        outcomes = []
        expected_trust = [self._expected_trust(nodes)]
        history = []
        for _ in range(self.periods):
            history.append(tuple((p, k[0], k[1], k[2]) for k, p in nodes.items()))
            new_nodes: dict = {}
            dist = [0 * one] * 4
            for (types, t1, t2), prob in nodes.items():
                (c1S, c1G), (c2S, c2G) = self.stage_strategies(t1, t2)
                p1 = c1S if types[0] == 0 else c1G  # Pr(state 1 cooperates)
                p2 = c2S if types[1] == 0 else c2G
                for k, (a1, a2) in enumerate(((0, 0), (0, 1), (1, 0), (1, 1))):
                    pa = (p1 if a1 == 0 else one - p1) * (p2 if a2 == 0 else one - p2)
                    if pa == 0:
                        continue
                    dist[k] = dist[k] + prob * pa
                    # state 1 updates its trust in state 2 from state 2's move, and v.v.
                    n1 = self._update(t1, a2, c2S, c2G)
                    n2 = self._update(t2, a1, c1S, c1G)
                    key = (types, n1, n2)
                    new_nodes[key] = new_nodes.get(key, 0 * one) + prob * pa
            outcomes.append(dist)
            nodes = new_nodes
            expected_trust.append(self._expected_trust(nodes))
        return SpiralPath(
            outcome_probabilities=np.array([[float(v) for v in row] for row in outcomes]),
            expected_trust=np.array([[float(v) for v in row] for row in expected_trust]),
            nodes=tuple(history), selection=self.selection)

    def _update(self, trust, action, coop_if_secure, coop_if_greedy):
        one = 1
        s = coop_if_secure if action == 0 else one - coop_if_secure
        g = coop_if_greedy if action == 0 else one - coop_if_greedy
        posterior = update_trust(trust, s, g)
        if posterior is None or (not isinstance(posterior, Fraction)
                                 and np.isnan(posterior)):
            return trust if self.off_path == "unchanged" else 0 * trust
        return posterior if isinstance(posterior, Fraction) else float(posterior)

    @staticmethod
    def _expected_trust(nodes):
        e1 = sum(prob * k[1] for k, prob in nodes.items())
        e2 = sum(prob * k[2] for k, prob in nodes.items())
        return (e1, e2)
