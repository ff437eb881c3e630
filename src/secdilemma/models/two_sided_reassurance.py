r"""Two-sided reassurance: both states can make a costly gesture (our formalisation of
Kydd 2000).

**Our formalisation** (Kydd 2000 argues for reassurance in words; the two-sided game is
ours).
Two states A and B are each trustworthy (S) or greedy (G), independently, with priors
μ_A = Pr(A is S) and μ_B = Pr(B is S).

Timing
------
1. **Gestures** (simultaneous): each state i makes its gesture (sunk cost k_i) or not.
2. **Cooperation stage** (simultaneous, both gestures observed): each state cooperates
   (C) or not (N). Payoffs of a state of type θ (Kydd's security dilemma with the
   one-sided model's numbers):

   ==========  ===========  ===============  ==========  =======
   own/other   C, C         C, N             N, C        N, N
   ==========  ===========  ===============  ==========  =======
   S           R_S          −c               0           0
   G           R_G          −c               T_G         0
   ==========  ===========  ===============  ==========  =======

   (R_S > 0, T_G > R_G, c > 0). N is strictly dominant for G; S is in an assurance
   game: it cooperates iff the other cooperates with probability at least
   π* = c / (R_S + c).

Total payoff of i: cooperation-stage payoff − k_i if it gestured.

The Bayesian game
-----------------
Each state's action is a pair (gesture, reply plan): the gesture (``none`` / ``gesture``)
and its action in the cooperation stage after each gesture of the other (its own
gesture is part of the same action): 2 × 2 × 2 = 8 actions, labelled
``"<gesture>|<reply to none>|<reply to gesture>"``, e.g. ``"gesture|N|C"``. Its pure
Bayes–Nash equilibria (:func:`~secdilemma.solvers.bayesian.solve_bayesian`,
``method="pure"``: 8² plans per side, 4096 profiles) are filtered for sequential
rationality: at a cooperation stage reached only after the other's off-path gesture,
G must play N and S's reply must be a best reply for some belief about the deviator
(whose trustworthy type best-replies to the plans; S may play C there only if the
deviator's S would cooperate). Equilibria reached with positive probability are
sequentially rational already (Bayes–Nash). What survives are the pure perfect Bayesian
equilibria (with the off-path beliefs and replies constructed).

Classes
-------
Per side: ``separating`` (S gestures, G not), ``reverse`` (G gestures, S not),
``pooling_gesture``, ``pooling_none``. Equilibrium class: ``mutual_separation`` (both
separate), ``one_sided_A`` / ``one_sided_B`` (only that side separates), ``pooling``
(both sides pool), else ``other``.

Mutual separation (closed form)
-------------------------------
With both sides separating every gesture pair is on the path and reveals the types.
After (gesture, gesture) two S types cooperate (R_S); after any other pair nobody does
(the revealed G plays N, so does S). A trustworthy i gains μ_j R_S − k_i from its
gesture (it meets a trustworthy partner with probability μ_j) and 0 without it; a
greedy i that mimics gains μ_j T_G − k_i (it exploits a trustworthy partner who trusts
the gesture) and 0 without it. Hence a mutually separating PBE exists iff, for both
sides (j the other side),

    μ_j · T_G ≤ k_i ≤ μ_j · R_S,

the two-sided analogue of T_G ≤ k̄ ≤ R_S: the gesture must be worth less to a greedy
mimic than to a trustworthy state, **scaled by the other side's prior trust**, since a
gesture pays only if the partner turns out to be trustworthy. It needs T_G ≤ R_S.

References
----------
.. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
   Organization* 54(2), 325-357.
.. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 6 and 8 (Bayesian games,
   perfect Bayesian equilibrium). MIT Press.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._validation import check_real_number, is_exact_scalar
from ..errors import InvalidParameterError
from ..games.bayesian import BayesianGame
from ..solvers.bayesian import solve_bayesian

__all__ = ["TwoSidedReassuranceModel", "TwoSidedEquilibrium", "TWO_SIDED_CLASSES"]

TYPES = ("trustworthy", "greedy")
SIDES = ("A", "B")
#: Equilibrium classes of :meth:`TwoSidedReassuranceModel.equilibria`.
TWO_SIDED_CLASSES = ("mutual_separation", "one_sided_A", "one_sided_B", "pooling", "other")

_ACTIONS = tuple(itertools.product((0, 1), ("C", "N"), ("C", "N")))
_LABELS = tuple(f"{'gesture' if g else 'none'}|{r0}|{r1}" for g, r0, r1 in _ACTIONS)


def _num(v):
    return Fraction(v) if is_exact_scalar(v) else v


@dataclass(frozen=True)
class TwoSidedEquilibrium:
    """A pure perfect Bayesian equilibrium of :class:`TwoSidedReassuranceModel`.

    Attributes
    ----------
    plans : tuple
        ``plans[i][t]``: the action label of side i's type t (``"gesture|N|C"``: gesture,
        reply N to no gesture, C to a gesture).
    side_classes : tuple of str
        Per side: ``separating``, ``reverse``, ``pooling_gesture`` or ``pooling_none``.
    kind : str
        One of :data:`TWO_SIDED_CLASSES`.
    payoffs : tuple
        ``payoffs[i][t]``: the interim payoff of side i's type t (exact when the model
        is).
    mutual_cooperation : bool
        Whether two trustworthy types cooperate with each other on the path.

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §8.2. MIT Press.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> m = TwoSidedReassuranceModel(0.5, 0.5, gestures=(1.25, 1.25))
    >>> sep = [e for e in m.equilibria() if e.kind == "mutual_separation"]
    >>> sep[0].plans[0], sep[0].payoffs[0]
    (('gesture|N|C', 'none|N|N'), (0.25, 0.0))
    """

    plans: tuple
    side_classes: tuple
    kind: str
    payoffs: tuple
    mutual_cooperation: bool


@dataclass(frozen=True)
class TwoSidedReassuranceModel:
    """Two-sided reassurance: simultaneous costly gestures, then a cooperation stage
    (our formalisation of Kydd 2000; see the module docstring).

    Parameters
    ----------
    trust_a, trust_b : real in (0, 1)
        Each side's trust in the other: ``trust_a`` = μ_B, the probability (for A) that
        B is trustworthy; ``trust_b`` = μ_A, the probability (for B) that A is.
    gestures : pair of real > 0
        (k_A, k_B), the sunk cost of each side's gesture. Default (1, 1).
    value_trustworthy : real > 0
        R_S, a trustworthy state's payoff from mutual cooperation.
    temptation_greedy : real > 0
        T_G, a greedy state's payoff from exploiting a cooperating partner.
    value_greedy : real < temptation_greedy
        R_G, a greedy state's payoff from mutual cooperation.
    exploitation_loss : real > 0
        c, the loss of a state that cooperates alone.

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    With μ_A = μ_B = 1/2, R_S = 3, T_G = 2 mutual separation needs
    1 ≤ k_i ≤ 3/2 on both sides:

    >>> from fractions import Fraction as F
    >>> m = TwoSidedReassuranceModel(F(1, 2), F(1, 2), gestures=(F(6, 5), F(6, 5)))
    >>> m.mutual_separation_bounds
    ((Fraction(1, 1), Fraction(3, 2)), (Fraction(1, 1), Fraction(3, 2)))
    >>> m.mutual_separation_exists
    True
    >>> TwoSidedReassuranceModel(F(1, 2), F(1, 2), gestures=(2, 1)).mutual_separation_exists
    False
    """

    trust_a: Any = Fraction(1, 2)
    trust_b: Any = Fraction(1, 2)
    gestures: Any = (1, 1)
    value_trustworthy: Any = 3
    temptation_greedy: Any = 2
    value_greedy: Any = 1
    exploitation_loss: Any = 1

    def __post_init__(self) -> None:
        func = "TwoSidedReassuranceModel"
        for name in ("trust_a", "trust_b"):
            check_real_number(func, name, getattr(self, name), low=0, high=1,
                              low_open=True, high_open=True)
        if isinstance(self.gestures, (str, bytes)) or len(tuple(self.gestures)) != 2:
            raise InvalidParameterError(f"{func}(): gestures must be a pair (k_A, k_B); got "
                                        f"{self.gestures!r}")
        for k in self.gestures:
            check_real_number(func, "gestures[i]", k, low=0, low_open=True)
        for name in ("value_trustworthy", "temptation_greedy", "exploitation_loss"):
            check_real_number(func, name, getattr(self, name), low=0, low_open=True)
        check_real_number(func, "value_greedy", self.value_greedy)
        if not self.value_greedy < self.temptation_greedy:
            raise InvalidParameterError(f"{func}(): value_greedy must be < temptation_greedy; "
                                        f"got {self.value_greedy!r} >= {self.temptation_greedy!r}")

    # ------------------------------------------------------------------ closed forms
    @property
    def exact(self) -> bool:
        """Whether every number is an int or a Fraction."""
        return all(is_exact_scalar(v) for v in (self.trust_a, self.trust_b, *self.gestures,
                                                self.value_trustworthy, self.temptation_greedy,
                                                self.value_greedy, self.exploitation_loss))

    @property
    def trust_threshold(self):
        """π* = c / (R_S + c): the least probability that the partner cooperates at which a
        trustworthy state cooperates."""
        c = _num(self.exploitation_loss)
        return c / (_num(self.value_trustworthy) + c)

    @property
    def mutual_separation_bounds(self) -> tuple:
        """``((lo_A, hi_A), (lo_B, hi_B))`` = (μ_j T_G, μ_j R_S) for each side i (j the
        other side): the gestures k_i compatible with mutual separation."""
        mu = (_num(self.trust_b), _num(self.trust_a))  # (mu_A, mu_B)
        tg, rs = _num(self.temptation_greedy), _num(self.value_trustworthy)
        return tuple((mu[1 - i] * tg, mu[1 - i] * rs) for i in range(2))

    @property
    def mutual_separation_exists(self) -> bool:
        """μ_B T_G ≤ k_A ≤ μ_B R_S and μ_A T_G ≤ k_B ≤ μ_A R_S."""
        return all(lo <= _num(k) <= hi
                   for (lo, hi), k in zip(self.mutual_separation_bounds, self.gestures))

    @property
    def no_mutual_separation_reason(self) -> str | None:
        """Why no mutually separating PBE exists (None if one does), naming the side and
        the failing inequality.

        References
        ----------
        .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
           Organization* 54(2), 325-357.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> m = TwoSidedReassuranceModel(gestures=(F(1, 2), 1))
        >>> print(m.no_mutual_separation_reason)
        side A's gesture is too cheap: k_A = 1/2 < mu_B T_G = 1, so its greedy type mimics
        """
        if self.mutual_separation_exists:
            return None
        tg, rs = self.temptation_greedy, self.value_trustworthy
        if tg > rs:
            return (f"single crossing fails: T_G = {tg} > R_S = {rs}, so any gesture a "
                    "trustworthy state pays, a greedy state pays too")
        for i, ((lo, hi), k) in enumerate(zip(self.mutual_separation_bounds, self.gestures)):
            side, other = SIDES[i], SIDES[1 - i]
            if _num(k) < lo:
                return (f"side {side}'s gesture is too cheap: k_{side} = {k} < mu_{other} T_G "
                        f"= {lo}, so its greedy type mimics")
            if _num(k) > hi:
                return (f"side {side}'s gesture is too expensive: k_{side} = {k} > mu_{other} "
                        f"R_S = {hi}, more than trust is worth to its trustworthy type")
        return None  # pragma: no cover

    # ------------------------------------------------------------------ the game
    def _stage(self, theta: int, own: str, other: str):
        rs, tg, rg, c = (_num(self.value_trustworthy), _num(self.temptation_greedy),
                         _num(self.value_greedy), _num(self.exploitation_loss))
        if own == "C":
            return (rs if theta == 0 else rg) if other == "C" else -c
        return (0 if theta == 0 else tg) if other == "C" else 0

    def to_game(self):
        """The Bayesian game with actions (gesture, reply plan): 2 types and 8 actions per
        side.

        Returns
        -------
        BayesianGame
            Players ``("A", "B")``, types ``("trustworthy", "greedy")``, actions
            ``"<gesture>|<reply to none>|<reply to gesture>"``; exact when the model is.

        References
        ----------
        .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 6. MIT Press.

        Examples
        --------
        >>> g = TwoSidedReassuranceModel().to_game()
        >>> g.num_types, g.num_actions, g.actions[0][5]
        ((2, 2), (8, 8), 'gesture|C|N')
        """
        exact = self.exact
        ks = tuple(_num(k) for k in self.gestures)
        arrays = [np.empty((2, 2, 8, 8), dtype=object) for _ in range(2)]
        for ta, tb, a, b in itertools.product(range(2), range(2), range(8), range(8)):
            ga, ra0, ra1 = _ACTIONS[a]
            gb, rb0, rb1 = _ACTIONS[b]
            xa = ra1 if gb else ra0       # A's reply to B's gesture
            xb = rb1 if ga else rb0
            arrays[0][ta, tb, a, b] = self._stage(ta, xa, xb) - (ks[0] if ga else 0)
            arrays[1][ta, tb, a, b] = self._stage(tb, xb, xa) - (ks[1] if gb else 0)
        if not exact:
            arrays = [np.array(a, dtype=float) for a in arrays]
        mu_a, mu_b = _num(self.trust_b), _num(self.trust_a)
        return BayesianGame(arrays, marginals=[[mu_a, 1 - mu_a], [mu_b, 1 - mu_b]],
                            types=[list(TYPES), list(TYPES)], actions=[list(_LABELS)] * 2,
                            players=list(SIDES))

    def equilibria(self, *, exact: bool | None = None) -> tuple:
        """All pure perfect Bayesian equilibria (pure Bayes–Nash equilibria of
        :meth:`to_game`, filtered for sequential rationality off the path),
        classified.

        Mixed equilibria are not computed: vertex enumeration of the 2 × 8 by 2 × 8
        Bayesian game would try about 6·10⁸ bases, beyond
        :func:`~secdilemma.solvers.bayesian.solve_bayesian`'s limit.

        Parameters
        ----------
        exact : bool, optional
            Verify every equilibrium and compute its payoffs in rational arithmetic
            (default: when every input is an int or Fraction). The pure profiles are
            screened in floating point (regret tolerance 1e-9 relative to the payoff
            scale, so no exact equilibrium is lost) and then checked exactly.

        Returns
        -------
        tuple of TwoSidedEquilibrium

        References
        ----------
        .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
           Organization* 54(2), 325-357.
        .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §8.2. MIT Press.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> m = TwoSidedReassuranceModel(0.5, 0.5, gestures=(1.2, 1.2))
        >>> sorted({e.kind for e in m.equilibria()})
        ['mutual_separation', 'pooling']
        """
        exact = self.exact if exact is None else bool(exact)
        game = self.to_game()
        # screen in floating point (a regret tolerance of 1e-9 relative keeps every exact
        # equilibrium), then verify each candidate exactly when asked
        res = solve_bayesian(game, method="pure", exact=False, warn=False)
        out = []
        for eq in res:
            plan = tuple(tuple(int(np.argmax(row)) for row in np.asarray(s, dtype=float))
                         for s in eq.strategies)
            if exact:
                profile = [np.array([[Fraction(int(a == p)) for a in range(8)] for p in pl],
                                    dtype=object) for pl in plan]
                if max(max(r) for r in game.interim_regrets(profile, exact=True)) > 0:
                    continue
            if not self._sequentially_rational(plan, exact):
                continue
            vals = tuple(tuple(self._interim(game, plan, i, t, exact) for t in range(2))
                         for i in range(2))
            sides = tuple(_side_class(plan[i]) for i in range(2))
            kind = _kind(sides)
            coop = (_ACTIONS[plan[0][0]][2 if _ACTIONS[plan[1][0]][0] else 1] == "C"
                    and _ACTIONS[plan[1][0]][2 if _ACTIONS[plan[0][0]][0] else 1] == "C")
            out.append(TwoSidedEquilibrium(
                plans=tuple(tuple(_LABELS[a] for a in p) for p in plan), side_classes=sides,
                kind=kind, payoffs=vals, mutual_cooperation=bool(coop)))
        return tuple(out)

    def _interim(self, game, plan, i, t, exact):
        one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
        profile = [np.array([[one if a == p else zero for a in range(8)] for p in pl],
                            dtype=object if exact else float) for pl in plan]
        vals = game.interim_action_values(profile, i, t, exact=exact)
        return vals[plan[i][t]] if exact else float(vals[plan[i][t]])

    def _sequentially_rational(self, plan, exact: bool) -> bool:
        """Off-path cooperation stages: see the module docstring."""
        conv = _num if exact else float
        mu = (conv(self.trust_b), conv(self.trust_a))  # (mu_A, mu_B)
        pi_num = conv(self.value_trustworthy)
        c = conv(self.exploitation_loss)
        for i in range(2):          # i deviates to an off-path gesture g_i
            j = 1 - i
            used = {_ACTIONS[a][0] for a in plan[i]}
            for g_i in (0, 1):
                if g_i in used:
                    continue
                for tj in range(2):
                    g_j, rj0, rj1 = _ACTIONS[plan[j][tj]]
                    x = rj1 if g_i else rj0          # j's reply to the deviation
                    if tj == 1:
                        if x != "N":
                            return False
                        continue
                    # i's trustworthy type at (g_i, g_j): probability that j cooperates
                    p = Fraction(0) if exact else 0.0
                    for s in range(2):
                        gs, s0, s1 = _ACTIONS[plan[j][s]]
                        if gs == g_j and (s1 if g_i else s0) == "C":
                            p += mu[j] if s == 0 else 1 - mu[j]
                    tot = sum((mu[j] if s == 0 else 1 - mu[j]) for s in range(2)
                              if _ACTIONS[plan[j][s]][0] == g_j)
                    p = p / tot
                    # a payoff: the float tolerance is relative to S's payoff scale
                    # (p is a probability, R_S and c payoffs), as the screening's
                    can_c = p * pi_num - (1 - p) * c >= (0 if exact
                                                         else -1e-9 * max(pi_num, c))
                    if x == "C" and not can_c:
                        return False
        return True


def _side_class(plan) -> str:
    gs, gg = _ACTIONS[plan[0]][0], _ACTIONS[plan[1]][0]
    return {(1, 0): "separating", (0, 1): "reverse", (1, 1): "pooling_gesture",
            (0, 0): "pooling_none"}[(gs, gg)]


def _kind(sides) -> str:
    sep = [s == "separating" for s in sides]
    if all(sep):
        return "mutual_separation"
    if sep[0] and sides[1].startswith("pooling"):
        return "one_sided_A"
    if sep[1] and sides[0].startswith("pooling"):
        return "one_sided_B"
    if all(s.startswith("pooling") for s in sides):
        return "pooling"
    return "other"
