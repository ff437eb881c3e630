r"""Gradual trust building: multi-round reassurance (our formalisation of Kydd 2000).

Kydd (2000) argues that trustworthy states can reassure by costly gestures and that
trust can be built step by step. **The multi-round game below is our formalisation**,
not a model printed in Kydd (2000). Notation as in
:mod:`secdilemma.models.reassurance`: sender type S (prior μ₀) or G; S values honoured
cooperation at R_S > 0, G gains T_G from exploiting it (T_G > R_G, so G exploits); the
receiver gets 1 from honoured cooperation, −c from exploited cooperation, 0 without.
Odds are written o = μ / (1 − μ).

Why a ladder of deals
---------------------
Suppose cooperation were possible only once, at the end, and each round's gesture were
sunk. For G to mix in round t (so that the posterior odds grow by 1/β_t) it must be
indifferent between quitting (0) and gesturing (−k_t plus its continuation value). If G
also mixes in a later round t' > t, its continuation value there is 0 again, so
k_t + ... + k_{t'−1} = 0: every gesture before the last mixing round would be free.
Sunk costs alone cannot sustain gradual trust building; the trustworthy side must be
able to collect something along the way. The receiver, however, accepts an exposure c
only if its posterior is at least c / (1 + c). Hence our formalisation: **deals start
small**. Round t offers a deal whose exposure for the receiver is c_t, with
o₀ < c_1 < c_2 < ... < c_T = c_r (the last deal is the full cooperation of the one-shot
game, threshold π_r* = c_r / (1 + c_r)).

Timing and payoffs
------------------
Round t = 1, ..., T (if the game is still going):

1. The sender makes the gesture k_t > 0 (sunk) or quits. Quitting ends the game (all
   later payoffs 0); the receiver then believes G (it is off the trustworthy path).
   Any other gesture size is met with the belief G (the off-path belief that supports
   the path).
2. The receiver updates its belief to μ_t and offers the round-t deal or not.
3. If it offers the deal, S honours it (S gets R_S, the receiver 1) and G exploits it
   (G gets T_G, the receiver −c_t); either way the game ends (honouring reveals S; the
   relationship is then cooperative, which we do not model further). If it offers no
   deal, play moves to round t + 1 (after round T the game ends with 0).

Payoffs are not discounted; gestures are sunk.

The semi-separating path
------------------------
S always gestures. G gestures in round t with probability β_t. The receiver offers the
round-t deal with probability q_t.

- **Bayes' rule**: o_t = o_{t−1} / β_t. The receiver mixes only when indifferent,
  μ_t·1 − (1 − μ_t)·c_t = 0, i.e. o_t = c_t, so β_t = c_{t−1} / c_t (with c_0 = o₀):
  the odds are multiplied by 1/β_t each round until they reach π_r* at round T, and
  β_1 ⋯ β_T = o₀ / c_r.
- **Greedy indifference**: G mixes in round t+1, so its continuation value after a
  refused round t is 0; gesturing in round t is worth −k_t + q_t·T_G + (1 − q_t)·0, and
  indifference with quitting gives the cost schedule

      k_t = q_t · T_G,   equivalently   q_t = k_t / T_G  (needs k_t ≤ T_G),

  the greedy type's expected value of being trusted in round t equals that round's
  sunk cost (its whole expected gain from the path is 0).
- **Trustworthy participation**: S's value of the path from round t on is
  U_t = −k_t + q_t R_S + (1 − q_t) U_{t+1}, U_{T+1} = 0; S must prefer it to quitting
  in every round, U_t ≥ 0. With q_t = k_t / T_G, U_t = q_t (R_S − T_G) +
  (1 − q_t) U_{t+1}, so S participates in every round iff R_S ≥ T_G: the one-shot
  single-crossing condition (Kydd's "trustworthy types are more willing to pay for
  cooperation").

Each round is therefore the one-shot semi-separating equilibrium of
:class:`~secdilemma.models.reassurance.ReassuranceModel` with prior μ_{t−1}, gesture
k_t and receiver cost c_t, except that S's payoff after a refused gesture is its
continuation value U_{t+1} (one-shot deviation principle;
:meth:`GradualTrustEquilibrium.round_game` builds it and the tests solve it with
:func:`~secdilemma.solvers.pbe.solve_pbe`). With
T = 1 the path is exactly the one-shot semi-separating PBE:
β = μ₀(1 − π_r*) / ((1 − μ₀) π_r*), q = k̄ / T_G.

Everything is exact when the inputs are ints/Fractions. The default ladder raises the
odds linearly, c_t = o₀ + (c_r − o₀)·t/T (rational, unlike equal ratios β_t); the
default gesture is k_t = 1 in every round.

References
----------
.. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
   Organization* 54(2), 325-357.
.. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8 (signalling, perfect
   Bayesian equilibrium) and §4.2 (one-stage deviation principle). MIT Press.
.. [3] Watson, J. (1999). Starting small and renegotiation. *Journal of Economic
   Theory* 85(1), 52-90.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any

from .._validation import check_real_number, is_exact_scalar
from ..errors import InvalidParameterError
from ..games.signaling import SignalingGame

__all__ = ["GradualTrustModel", "GradualTrustEquilibrium"]


def _num(v):
    return Fraction(v) if is_exact_scalar(v) else v


@dataclass(frozen=True)
class GradualTrustEquilibrium:
    """The semi-separating path of a :class:`GradualTrustModel` (see the module
    docstring for the derivation).

    Attributes
    ----------
    rounds : int
    trust : tuple
        μ_0, μ_1, ..., μ_T: the receiver's posterior after each round's gesture.
    odds : tuple
        μ_t / (1 − μ_t) (= c_t for t ≥ 1).
    thresholds : tuple
        π_t* = c_t / (1 + c_t), the least belief at which the round-t deal is offered.
    exploitation_losses : tuple
        c_1, ..., c_T.
    betas : tuple
        β_t, the greedy type's probability of gesturing in round t.
    gestures : tuple
        k_t, the cost schedule.
    trust_probabilities : tuple
        q_t = k_t / T_G, the receiver's probability of offering the round-t deal.
    total_cost : object
        Σ k_t, paid by a trustworthy sender that is refused in every round.
    expected_cost_trustworthy : object
        S's expected total gesture cost Σ_t k_t Π_{s<t} (1 − q_s).
    probability_trusted : object
        1 − Π (1 − q_t): the probability that S ends up trusted.
    trustworthy_values : tuple
        U_1, ..., U_T (S's value of the path from round t on).
    greedy_values : tuple
        G's value of gesturing in round t (0 on a feasible path: indifference).
    feasible : bool
        Every k_t ≤ T_G (q_t ≤ 1) and S participates in every round (U_t ≥ 0).
    reasons : tuple of str
        Why the path is infeasible (empty when feasible).

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> p = GradualTrustModel(trust=F(1, 5), rounds=3).path()
    >>> p.odds
    (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4), Fraction(1, 1))
    >>> p.betas
    (Fraction(1, 2), Fraction(2, 3), Fraction(3, 4))
    """

    rounds: int
    trust: tuple
    odds: tuple
    thresholds: tuple
    exploitation_losses: tuple
    betas: tuple
    gestures: tuple
    trust_probabilities: tuple
    total_cost: Any
    expected_cost_trustworthy: Any
    probability_trusted: Any
    trustworthy_values: tuple
    greedy_values: tuple
    feasible: bool
    reasons: tuple
    _model: Any = field(default=None, repr=False, compare=False)

    def round_game(self, t: int):
        """The one-round signalling game of round ``t`` (1-based), given the path's
        continuation values: prior μ_{t−1}, messages quit / gesture k_t, actions deal /
        no deal; S's payoff after a refused gesture is U_{t+1}, G's is 0.

        Returns
        -------
        SignalingGame
            Types ``("trustworthy", "greedy")``, messages ``("quit", "gesture")``,
            actions ``("cooperate", "not cooperate")``.

        References
        ----------
        .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §4.2 (one-stage
           deviation principle) and ch. 8. MIT Press.

        Examples
        --------
        >>> from secdilemma.solvers.pbe import solve_pbe
        >>> p = GradualTrustModel(rounds=2).path()
        >>> res = solve_pbe(p.round_game(1), exact=True)
        >>> any(e.exact_strategies[0][1][1] == p.betas[0] for e in res)
        True
        """
        if not isinstance(t, int) or not 1 <= t <= self.rounds:
            raise InvalidParameterError(f"GradualTrustEquilibrium.round_game(): t must be an "
                                        f"int in [1, {self.rounds}]; got {t!r}")
        m = self._model
        rs, tg, c = m.value_trustworthy, m.temptation_greedy, self.exploitation_losses[t - 1]
        cont = self.trustworthy_values[t] if t < self.rounds else 0 * rs
        mu = self.trust[t - 1]
        zero = 0 * rs
        # sender payoffs before the gesture cost: [type][message][action]
        sender = [[[rs, zero], [rs, cont]],      # S: after quitting nothing follows
                  [[tg, zero], [tg, zero]]]
        receiver = [[[1, 0], [1, 0]], [[-c, 0], [-c, 0]]]
        # quitting ends the game: a "deal" after quitting is off path (S honours, G
        # exploits), as in the one-shot game
        return SignalingGame(["trustworthy", "greedy"], [mu, 1 - mu], ["quit", "gesture"],
                             ["cooperate", "not cooperate"], sender, receiver,
                             message_costs=[zero, self.gestures[t - 1]])

    def verify(self) -> dict:
        """Exact checks of the path, recomputed from the primitives.

        Returns
        -------
        dict of str to bool
            ``"bayes"``: μ_t equals the Bayes posterior Pr(S) / (Pr(S) + Pr(G on the
            path)) computed from the joint probabilities; ``"receiver_indifferent"``:
            μ_t − (1 − μ_t) c_t = 0 in every round; ``"greedy_indifferent"``: by
            backward induction G's value of gesturing equals that of quitting (0) in
            every round; ``"trustworthy_participates"``: S weakly prefers gesturing in
            every round; ``"reaches_threshold"``: μ_T = π_r*. Exact for int/Fraction
            inputs; with floats the equalities hold within 1e-12 (relative: the sender's
            payoffs to the largest of k_t, T_G, R_S).

        References
        ----------
        .. [1] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, §8.2 (Bayes' rule on
           the path) and §4.2 (one-stage deviation principle). MIT Press.

        Examples
        --------
        >>> all(GradualTrustModel(rounds=4).path().verify().values())
        True
        """
        m = self._model
        mu0 = self.trust[0]
        tg, rs = m.temptation_greedy, m.value_trustworthy
        # the sender's payoffs (k_t, T_G, R_S) scale together: their equalities are
        # judged relative to that scale; trust, probabilities and the receiver's
        # exposures c_t (in units of the receiver's gain from a deal) are scale-free
        pay = max([abs(float(tg)), abs(float(rs))] + [abs(float(k)) for k in self.gestures])
        if m.exact:
            def same(a, b, scale=1.0):
                return a == b
        else:
            def same(a, b, scale=1.0):
                return abs(a - b) <= 1e-12 * max(scale, abs(a), abs(b))
        out = {}
        bayes, rec = True, True
        mass_g = 1 - mu0
        for t in range(1, self.rounds + 1):
            mass_g = mass_g * self.betas[t - 1]
            post = mu0 / (mu0 + mass_g)
            bayes &= same(post, self.trust[t])
            rec &= same(self.trust[t] - (1 - self.trust[t]) * self.exploitation_losses[t - 1], 0)
        out["bayes"] = bool(bayes)
        out["receiver_indifferent"] = bool(rec)
        g_next, s_next = 0, 0
        greedy, trusty = True, True
        for t in range(self.rounds, 0, -1):
            k, q = self.gestures[t - 1], self.trust_probabilities[t - 1]
            g_val = -k + q * tg + (1 - q) * g_next
            s_val = -k + q * rs + (1 - q) * s_next
            greedy &= same(g_val, 0, pay)
            trusty &= s_val >= 0 or same(s_val, 0, pay)
            g_next, s_next = max(g_val, 0), max(s_val, 0)
        out["greedy_indifferent"] = bool(greedy)
        out["trustworthy_participates"] = bool(trusty)
        out["reaches_threshold"] = bool(same(self.trust[-1], m.trust_threshold))
        return out


@dataclass(frozen=True)
class GradualTrustModel:
    """Multi-round reassurance: trust built by a ladder of gestures and deals (our
    formalisation of Kydd 2000; derivation in the module docstring).

    Parameters
    ----------
    trust : real in (0, π_r*)
        μ₀ (below the final threshold: otherwise no reassurance is needed).
    rounds : int >= 1
        T.
    value_trustworthy : real > 0
        R_S.
    temptation_greedy : real > 0
        T_G.
    exploitation_loss : real > 0
        c_r, the receiver's exposure in the final (full) deal; π_r* = c_r / (1 + c_r).
    value_greedy : real < temptation_greedy
        R_G (G exploits any deal).
    gestures : real or sequence of real, optional
        k_t > 0 (one value for every round, or one per round). Default 1.
    exploitation_losses : sequence of real, optional
        c_1 < ... < c_T = c_r with c_1 > μ₀ / (1 − μ₀). Default: odds rising linearly,
        c_t = o₀ + (c_r − o₀) t / T.

    References
    ----------
    .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
       Organization* 54(2), 325-357.
    .. [2] Fudenberg, D. and Tirole, J. (1991). *Game Theory*, ch. 8. MIT Press.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> m = GradualTrustModel(trust=F(1, 5), rounds=3, gestures=[F(1, 2), 1, 2])
    >>> p = m.path()
    >>> p.trust
    (Fraction(1, 5), Fraction(1, 3), Fraction(3, 7), Fraction(1, 2))
    >>> p.trust_probabilities, p.feasible
    ((Fraction(1, 4), Fraction(1, 2), Fraction(1, 1)), True)
    >>> p.total_cost, p.probability_trusted
    (Fraction(7, 2), Fraction(1, 1))
    """

    trust: Any = Fraction(1, 5)
    rounds: int = 3
    value_trustworthy: Any = 3
    temptation_greedy: Any = 2
    exploitation_loss: Any = 1
    value_greedy: Any = 1
    gestures: Any = None
    exploitation_losses: Any = None

    def __post_init__(self) -> None:
        func = "GradualTrustModel"
        if isinstance(self.rounds, bool) or not isinstance(self.rounds, int) or self.rounds < 1:
            raise InvalidParameterError(f"{func}(): rounds must be an int >= 1; got "
                                        f"{self.rounds!r}")
        for name in ("value_trustworthy", "temptation_greedy", "exploitation_loss"):
            check_real_number(func, name, getattr(self, name), low=0, low_open=True)
        check_real_number(func, "value_greedy", self.value_greedy)
        if not self.value_greedy < self.temptation_greedy:
            raise InvalidParameterError(f"{func}(): value_greedy must be < temptation_greedy; "
                                        f"got {self.value_greedy!r} >= {self.temptation_greedy!r}")
        pi = self.trust_threshold
        check_real_number(func, "trust", self.trust, low=0, high=1,
                          low_open=True, high_open=True)
        if not self.trust < pi:
            raise InvalidParameterError(
                f"{func}(): trust must be below the cooperation threshold pi_r* = "
                f"{pi} (otherwise the receiver cooperates without reassurance); got "
                f"{self.trust!r}")
        ks = self._gestures()
        for k in ks:
            check_real_number(func, "gestures[t]", k, low=0, low_open=True)
        cs = self._exploitation_losses()
        o0 = _num(self.trust) / (1 - _num(self.trust))
        prev = o0
        for t, c in enumerate(cs, 1):
            check_real_number(func, f"exploitation_losses[{t - 1}]", c, low=0, low_open=True)
            if not c > prev:
                raise InvalidParameterError(
                    f"{func}(): exploitation_losses must rise strictly from the prior odds {o0} "
                    f"(c_1 > o_0, c_t > c_(t-1)); got c_{t} = {c} after {prev}")
            prev = c
        if cs[-1] != self.exploitation_loss:
            raise InvalidParameterError(
                f"{func}(): the last exposure must be exploitation_loss = {self.exploitation_loss!r} "
                f"(the full deal); got {cs[-1]!r}")

    def to_game(self, t: int = 1):
        """The one-round signalling game of round ``t`` (1-based) on the equilibrium
        path (:meth:`GradualTrustEquilibrium.round_game`).

        The multi-round equilibrium is built round by round (one-stage deviation
        principle), so each round's play is a perfect Bayesian equilibrium of its round
        game, with the continuation values of the path.

        Examples
        --------
        >>> GradualTrustModel(rounds=2).to_game().messages
        ('quit', 'gesture')
        """
        return self.path().round_game(t)

    @property
    def exact(self) -> bool:
        """Whether every number is an int or a Fraction."""
        vals = [getattr(self, f.name) for f in fields(self)
                if f.name not in ("gestures", "exploitation_losses")]
        return all(is_exact_scalar(v) for v in vals + list(self._gestures())
                   + list(self._exploitation_losses()))

    @property
    def trust_threshold(self):
        """π_r* = c_r / (1 + c_r)."""
        c = _num(self.exploitation_loss)
        return c / (1 + c)

    def _gestures(self) -> tuple:
        g = 1 if self.gestures is None else self.gestures
        if isinstance(g, (list, tuple)):
            if len(g) != self.rounds:
                raise InvalidParameterError(
                    f"GradualTrustModel(): gestures must have one value per round "
                    f"({self.rounds}); got {len(g)}")
            return tuple(_num(v) for v in g)
        return (_num(g),) * self.rounds

    def _exploitation_losses(self) -> tuple:
        if self.exploitation_losses is not None:
            cs = tuple(_num(v) for v in self.exploitation_losses)
            if len(cs) != self.rounds:
                raise InvalidParameterError(
                    f"GradualTrustModel(): exploitation_losses must have one value per round "
                    f"({self.rounds}); got {len(cs)}")
            return cs
        mu = _num(self.trust)
        o0, c = mu / (1 - mu), _num(self.exploitation_loss)
        return tuple(o0 + (c - o0) * Fraction(t, self.rounds) if is_exact_scalar(o0 + c)
                     else o0 + (c - o0) * t / self.rounds
                     for t in range(1, self.rounds + 1))

    @property
    def feasibility_conditions(self) -> dict:
        """The closed-form conditions of the path: ``"gestures_affordable"`` (every
        k_t ≤ T_G), ``"single_crossing"`` (R_S ≥ T_G, S participates).

        References
        ----------
        .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
           Organization* 54(2), 325-357.

        Examples
        --------
        >>> GradualTrustModel(gestures=3).feasibility_conditions
        {'gestures_affordable': False, 'single_crossing': True}
        """
        tg = self.temptation_greedy
        return {"gestures_affordable": all(k <= tg for k in self._gestures()),
                "single_crossing": bool(self.value_trustworthy >= tg)}

    def path(self) -> GradualTrustEquilibrium:
        """The semi-separating path: posteriors, mimicking probabilities, cost schedule,
        trust probabilities, values and feasibility.

        Returns
        -------
        GradualTrustEquilibrium

        References
        ----------
        .. [1] Kydd, A. (2000). Trust, reassurance, and cooperation. *International
           Organization* 54(2), 325-357.

        Examples
        --------
        One round is the one-shot semi-separating PBE (β = 3/7, q = 1/2):

        >>> from fractions import Fraction as F
        >>> p = GradualTrustModel(trust=F(3, 10), rounds=1).path()
        >>> p.betas, p.trust_probabilities
        ((Fraction(3, 7),), (Fraction(1, 2),))
        """
        mu0 = _num(self.trust)
        rs, tg = _num(self.value_trustworthy), _num(self.temptation_greedy)
        cs, ks = self._exploitation_losses(), self._gestures()
        T = self.rounds
        odds = [mu0 / (1 - mu0)] + list(cs)
        trust = tuple(o / (1 + o) for o in odds)
        betas = tuple(odds[t - 1] / odds[t] for t in range(1, T + 1))
        qs = tuple(k / tg for k in ks)
        thresholds = tuple(c / (1 + c) for c in cs)
        # S's and G's values of the path, backwards
        u_s, u_g = [0 * rs] * (T + 1), [0 * rs] * (T + 1)
        for t in range(T, 0, -1):
            k, q = ks[t - 1], qs[t - 1]
            u_s[t - 1] = -k + q * rs + (1 - q) * u_s[t]
            u_g[t - 1] = -k + q * tg + (1 - q) * u_g[t]
        survive, exp_cost = 1, 0
        for k, q in zip(ks, qs):
            exp_cost += survive * k
            survive = survive * (1 - q)
        reasons = []
        too_big = [t + 1 for t, k in enumerate(ks) if k > tg]
        if too_big:
            reasons.append(f"gestures exceed the greedy type's gain from trust T_G = {tg} in "
                           f"rounds {too_big}: no trust probability q_t = k_t / T_G <= 1 keeps "
                           "it indifferent")
        if rs < tg:
            reasons.append(f"single crossing fails (R_S = {rs} < T_G = {tg}): the greedy type "
                           "values trust more than the trustworthy type, which would rather "
                           "quit than pay gestures the greedy type is indifferent about")
        elif any(u < 0 for u in u_s[:T]):  # pragma: no cover - implied by the above
            reasons.append("the trustworthy type would quit")
        return GradualTrustEquilibrium(
            rounds=T, trust=trust, odds=tuple(odds), thresholds=thresholds,
            exploitation_losses=tuple(cs), betas=betas, gestures=tuple(ks), trust_probabilities=qs,
            total_cost=sum(ks), expected_cost_trustworthy=exp_cost,
            probability_trusted=1 - survive, trustworthy_values=tuple(u_s[:T]),
            greedy_values=tuple(u_g[:T]), feasible=not reasons, reasons=tuple(reasons),
            _model=self)
