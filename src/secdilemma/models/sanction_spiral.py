"""Sanction spirals: the repeated restrict / retaliate game with misperception.

**Our formalisation** of a verbal argument (Lim; Tiong and Li 2023: the entity-list /
unreliable-entity-list back-and-forth, and "constant mitigation"), with the repeated-game
machinery of Axelrod (1984), Boyd (1989) and Mailath and Samuelson (2006).

Two states play an infinitely repeated 2 × 2 stage game, Open (C) or Restrict (D), with
payoffs (row player)

=====  =====================  ==========================
       Open                   Restrict
=====  =====================  ==========================
Open   R = ``reward``   S = ``sucker``
Restr  T = ``temptation``  P = ``punishment``
=====  =====================  ==========================

with T > R > P > S (a prisoner's dilemma), common discount factor δ = ``discount`` and
**misperception** ε = ``noise``: each intended action is flipped with probability ε, and
strategies react to what was realised (a restriction that was not intended, or an
openness read as a restriction). Better communication channels lower ε.

Strategies are automata (:mod:`secdilemma.games.automaton`): tit-for-tat (TFT),
contrite TFT (CTFT), generous TFT (GTFT), grim trigger, win-stay-lose-shift. The
critical discount factors come from
:func:`~secdilemma.solvers.repeated.critical_discount_factor`, the noise tolerance at a
given δ (the largest ε̄ such that the profile is an equilibrium for every ε ≤ ε̄: how low
misperception must be for reciprocity to survive) from the exact set of noise levels,
:func:`~secdilemma.solvers.repeated.critical_noise`.

**Expected length of a spiral.** Start from mutual openness, let state 1's openness be
misperceived as a restriction once, and count the periods until the realised profile is
(Open, Open) again (the first misperceived period included). For any automaton pair this
is a hitting time of the Markov chain over joint automaton states, solved exactly
(:meth:`SanctionSpiralModel.spiral_length`). For TFT vs TFT the chain over the last
realised profile gives, with h₁ the expected time from (D, C) or (C, D) and h₂ from
(D, D) and a = ε(1 − ε):

    h₁ = 1 + (ε² + (1 − ε)²) h₁ + a h₂,    h₂ = 1 + (1 − ε)² h₂ + 2a h₁,

whence **h₁ = (3 − 2ε) / (2ε(1 − ε))** ≈ 3/(2ε): the echo (C, D), (D, C), … runs until
a second error, which ends it in mutual openness or in mutual restriction with equal
odds. TFT vs TFT spends a quarter of the time in mutual openness for every ε > 0 (its
transition matrix is doubly stochastic).

References
----------
.. [1] Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
.. [2] Boyd, R. (1989). Mistakes allow evolutionary stability in the repeated
   prisoner's dilemma game. *Journal of Theoretical Biology* 136(1), 47-56.
.. [3] Wu, J. and Axelrod, R. (1995). How to cope with noise in the iterated prisoner's
   dilemma. *Journal of Conflict Resolution* 39(1), 183-189.
.. [4] Tiong and Li (2023). The US-China security dilemma: the need for constant
   mitigation. RSIS (verbal source).
.. [5] Lim, "The new face of an old problem: technology and the security dilemma"
   (verbal source).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from .._validation import check_choice, is_exact_scalar
from ..errors import IncompleteResultWarning, InvalidParameterError
from ..games import automaton as au
from ..games.normal_form import bimatrix
from ..solvers._exact_linalg import solve_exact
from ..solvers.repeated import (certified_float, critical_discount_factor, critical_noise,
                                is_nash, is_subgame_perfect)
from ._numbers import is_exact_model, model_numbers
from .protocol import Metric, Model, Parameter, first_where

__all__ = ["SanctionSpiralModel", "STRATEGIES", "tft_spiral_length"]

#: Strategy names accepted by :class:`SanctionSpiralModel`.
STRATEGIES = ("tft", "ctft", "gtft", "grim", "wsls")

_BOUNDS = {
    "noise": (0, 0.5, False, True),
    "discount": (0, 1, False, True),
    "reward": (None, None, False, False),
    "sucker": (None, None, False, False),
    "temptation": (None, None, False, False),
    "punishment": (None, None, False, False),
}


def tft_spiral_length(noise):
    """Expected length of a sanction spiral between two tit-for-tat players,
    (3 − 2ε) / (2ε(1 − ε)) (vectorised; exact for Fractions; ∞ at ε = 0).

    References
    ----------
    .. [1] Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> tft_spiral_length(F(1, 10))
    Fraction(140, 9)
    """
    if is_exact_scalar(noise):
        e = Fraction(noise)
        return (3 - 2 * e) / (2 * e * (1 - e)) if e > 0 else float("inf")
    e = np.asarray(noise, dtype=float)
    with np.errstate(divide="ignore"):
        out = np.where(e > 0, (3 - 2 * e) / (2 * e * (1 - e)), np.inf)
    return out if out.ndim else float(out)


@dataclass(frozen=True)
class SanctionSpiralModel(Model):
    """The repeated Open / Restrict game with misperception (our formalisation).

    Parameters
    ----------
    noise : real in [0, 1/2)
        ε, the probability that an action is misperceived (flipped).
    discount : real in [0, 1)
        δ.
    reward, sucker, temptation, punishment : real
        R, S, T, P with T > R > P > S.

    References
    ----------
    .. [1] Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books.
    .. [2] Boyd, R. (1989). Mistakes allow evolutionary stability in the repeated
       prisoner's dilemma game. *Journal of Theoretical Biology* 136(1), 47-56.
    .. [3] Tiong and Li (2023). The US-China security dilemma. RSIS.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.models.sanction_spiral import SanctionSpiralModel
    >>> m = SanctionSpiralModel(noise=F(1, 10), discount=F(9, 10))
    >>> m.spiral_length("tft")
    Fraction(140, 9)
    >>> m.spiral_length("ctft") < 3
    True
    >>> str(SanctionSpiralModel(noise=0).critical_discount("ctft").description)
    '[2/3, 1)'
    """

    noise: Any = Fraction(1, 100)
    discount: Any = Fraction(9, 10)
    reward: Any = 3
    sucker: Any = 0
    temptation: Any = 5
    punishment: Any = 1

    name: ClassVar[str] = "sanction_spiral"
    summary: ClassVar[str] = ("Sanction spiral (our formalisation): repeated open / restrict "
                              "with misperception; TFT, contrite and generous TFT")
    method: ClassVar[str] = "closed forms (Axelrod 1984; Boyd 1989)"
    references: ClassVar[tuple] = (
        "Axelrod, R. (1984). The Evolution of Cooperation. Basic Books.",
        "Boyd, R. (1989). Mistakes allow evolutionary stability in the repeated prisoner's "
        "dilemma game. Journal of Theoretical Biology 136(1), 47-56.")
    PARAMETERS: ClassVar[tuple] = tuple(
        Parameter(name, desc, sym, *_BOUNDS[name], default=default)
        for name, desc, sym, default in (
            ("noise", "probability that an action is misperceived (flipped)", "epsilon",
             0.01),
            ("discount", "discount factor", "delta", 0.9),
            ("reward", "payoff of mutual openness", "R", 3.0),
            ("sucker", "payoff of staying open against a restrictor", "S", 0.0),
            ("temptation", "payoff of restricting an open state", "T", 5.0),
            ("punishment", "payoff of mutual restriction", "P", 1.0)))
    METRICS: ClassVar[tuple] = (
        Metric("tft_spiral_length",
               "expected periods until mutual openness returns (TFT vs TFT)"),
        Metric("tft_long_run_openness", "long-run frequency of mutual openness (TFT vs TFT)"),
        Metric("grim_critical_discount",
               "(T - R) / (T - P): grim trigger is SPE iff delta >= it"),
    )

    @classmethod
    def _check_joint(cls, func: str, p: dict) -> None:
        r, s, t, q = (p["reward"], p["sucker"], p["temptation"], p["punishment"])
        bad = ~np.asarray((t > r) & (r > q) & (q > s))
        if np.any(bad):
            r, s, t, q = (first_where(v, bad) for v in (r, s, t, q))
            raise InvalidParameterError(
                f"{func}(): payoffs must satisfy temptation > reward > punishment > sucker "
                f"(a prisoner's dilemma); got R={r!r}, S={s!r}, T={t!r}, P={q!r}")

    @classmethod
    def critical_values(cls, parameter: str, fixed) -> tuple:
        """Where grim trigger becomes a subgame-perfect equilibrium: the discount factor
        δ = (T − R) / (T − P) (Friedman 1971).

        Examples
        --------
        >>> SanctionSpiralModel.critical_values("discount", {"noise": 0,
        ...     "reward": 3, "sucker": 0, "temptation": 5, "punishment": 1})
        (0.5,)
        """
        if parameter != "discount":
            return ()
        t, r, q = (float(fixed[k]) for k in ("temptation", "reward",
                                              "punishment"))
        return ((t - r) / (t - q),)

    @property
    def exact(self) -> bool:
        """Whether every parameter is an int or a Fraction."""
        return is_exact_model(self)

    def to_game(self):
        """The stage game (actions open / restrict) as a ``NormalFormGame``.

        Examples
        --------
        >>> SanctionSpiralModel().to_game().actions
        (('open', 'restrict'), ('open', 'restrict'))
        """
        r, s, t, p = (self.reward, self.sucker, self.temptation, self.punishment)
        a = [[r, s], [t, p]]
        return bimatrix(a, [[r, t], [s, p]], actions=[["open", "restrict"]] * 2,
                        players=["state 1", "state 2"])

    @property
    def generosity(self):
        """Nowak and Sigmund's generosity min(1 − (T − R)/(R − S), (R − P)/(T − P)),
        used by ``"gtft"``."""
        r, s, t, p = model_numbers(self, ("reward", "sucker", "temptation", "punishment"))
        return max(min(1 - (t - r) / (r - s), (r - p) / (t - p)), 0 * t)

    def strategy(self, name: str):
        """The automaton called ``name`` (one of :data:`STRATEGIES`).

        Examples
        --------
        >>> SanctionSpiralModel().strategy("ctft").name
        'CTFT'
        """
        check_choice("SanctionSpiralModel.strategy", "name", name, STRATEGIES)
        return {"tft": au.tit_for_tat, "ctft": au.contrite_tit_for_tat,
                "gtft": lambda: au.generous_tit_for_tat(self.generosity),
                "grim": au.grim_trigger, "wsls": au.win_stay_lose_shift}[name]()

    def critical_discount(self, strategy: str, *, concept: str = "spe", exact=None):
        """The discount factors at which ``strategy`` against itself is an equilibrium at
        this noise (:func:`~secdilemma.solvers.repeated.critical_discount_factor`).

        Returns
        -------
        DiscountSetResult

        Examples
        --------
        >>> SanctionSpiralModel(noise=0).critical_discount("tft", concept="nash").description
        '[2/3, 1)'
        """
        return critical_discount_factor(self.to_game(), self.strategy(strategy),
                                        noise=self.noise, concept=concept, exact=exact)

    def is_equilibrium(self, strategy: str, *, concept: str = "spe", noise=None) -> bool:
        """Whether ``strategy`` against itself is an equilibrium at ``discount`` (and
        ``noise``, by default the model's).

        Examples
        --------
        >>> SanctionSpiralModel(noise=0.01, discount=0.9).is_equilibrium("ctft")
        True
        """
        check_choice("SanctionSpiralModel.is_equilibrium", "concept", concept, ("spe", "nash"))
        test = is_subgame_perfect if concept == "spe" else is_nash
        eps = self.noise if noise is None else noise
        prof = (self.strategy(strategy),) * 2
        return bool(test(self.to_game(), prof, self.discount, noise=eps))

    def noise_set(self, strategy: str, *, concept: str = "spe",
                  timeout: float | None = 60.0):
        """The exact set of noise levels ε in [0, 1/2) at which ``strategy`` against
        itself is an equilibrium at ``discount``
        (:func:`~secdilemma.solvers.repeated.critical_noise`; float parameters are read
        as the binary rationals they store).

        Returns
        -------
        NoiseSetResult

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> m = SanctionSpiralModel(discount=F(9, 10), reward=2, sucker=0, temptation=3,
        ...                         punishment=1)
        >>> m.noise_set("tft", concept="nash").description
        '{0} ∪ {2/9}'
        """
        check_choice("SanctionSpiralModel.noise_set", "concept", concept, ("spe", "nash"))
        return critical_noise(self.to_game(), self.strategy(strategy), discount=self.discount,
                              concept=concept, timeout=timeout)

    def noise_tolerance(self, strategy: str, *, concept: str = "spe", method: str = "exact",
                        timeout: float | None = 60.0, grid: int = 50, tol: float = 1e-6):
        """The largest ε̄ such that ``strategy`` against itself is an equilibrium at
        ``discount`` for every noise in [0, ε̄]; None when it is not one even without
        noise.

        The set of noise levels at which the profile is an equilibrium is computed
        exactly (:meth:`noise_set`): a finite union of intervals whose ends are real
        roots of polynomials in ε. It is closed in [0, 1/2) — the deviation gains are
        continuous in ε — so the profile **is** an equilibrium at ε̄ itself, and fails at
        noise levels just above it (ε̄ may be 0: an equilibrium without noise that any
        noise breaks). When the profile is an equilibrium at every noise in [0, 1/2), ε̄
        is 1/2 (the supremum; at ε = 1/2 actions are uniformly random and no deviation
        changes anything). Noise levels above ε̄ where the profile is an equilibrium
        again (e.g. tit-for-tat's knife-edge Nash points) are in :meth:`noise_set`.

        Parameters
        ----------
        strategy : str
            One of :data:`STRATEGIES`.
        concept : {"spe", "nash"}, default "spe"
        method : {"exact", "grid"}, default "exact"
            ``"exact"``: certified (above). ``"grid"``: the former float scan of ``grid``
            noise levels refined by bisection to ``tol``; not certified (it misses
            failing sub-intervals narrower than the grid step and is only within
            ``tol``): issues an :class:`~secdilemma.errors.IncompleteResultWarning`.
        timeout : float or None, default 60
            Time budget of the exact method in seconds
            (:class:`~secdilemma.errors.SolverError` when it runs out).
        grid, tol
            Options of ``method="grid"``.

        Returns
        -------
        Fraction, float or None
            With exact parameters (ints and Fractions): a Fraction when ε̄ is rational,
            otherwise the float within one ulp of the algebraic ε̄ (certified:
            :func:`~secdilemma.solvers.repeated.certified_float`). With float
            parameters (read as the binary rationals they store): that certified float.

        References
        ----------
        .. [1] Boyd, R. (1989). Mistakes allow evolutionary stability in the repeated
           prisoner's dilemma game. *Journal of Theoretical Biology* 136(1), 47-56.

        Examples
        --------
        >>> from fractions import Fraction as F
        >>> SanctionSpiralModel(discount=0.9).noise_tolerance("ctft")
        0.21332653950838426
        >>> SanctionSpiralModel(discount=F(9, 10)).noise_tolerance("tft", concept="nash")
        Fraction(0, 1)
        """
        func = "SanctionSpiralModel.noise_tolerance"
        check_choice(func, "concept", concept, ("spe", "nash"))
        check_choice(func, "method", method, ("exact", "grid"))
        if method == "grid":
            return self._noise_tolerance_grid(strategy, concept, grid, tol)
        eps = self.noise_set(strategy, concept=concept, timeout=timeout).tolerance
        if eps is None:
            return None
        if self.exact and isinstance(eps, Fraction):
            return eps
        return certified_float(eps)

    def _noise_tolerance_grid(self, strategy, concept, grid, tol):
        warnings.warn("SanctionSpiralModel.noise_tolerance(): method='grid' is not "
                      "certified: it misses failing noise intervals narrower than the grid "
                      "step and is only within tol; the default method='exact' is",
                      IncompleteResultWarning, stacklevel=3)
        if not self.is_equilibrium(strategy, concept=concept, noise=0.0):
            return None
        eps = np.linspace(0.0, 0.5, grid + 1)[1:-1]
        ok = 0.0
        for e in eps:
            if self.is_equilibrium(strategy, concept=concept, noise=float(e)):
                ok = float(e)
                continue
            bad = float(e)
            while bad - ok > tol:
                mid = (ok + bad) / 2
                if self.is_equilibrium(strategy, concept=concept, noise=mid):
                    ok = mid
                else:
                    bad = mid
            return ok
        return float(eps[-1])

    def spiral_length(self, strategy: str, *, opponent: str | None = None):
        """Expected number of periods until mutual openness returns after state 1's
        openness is misperceived once (the misperceived period included).

        Solves the hitting-time equations N = q + Q N of the chain over joint automaton
        states (exactly for exact noise). Returns ``inf`` when mutual openness is never
        reached again.

        Examples
        --------
        >>> SanctionSpiralModel(noise=Fraction(1, 100)).spiral_length("tft") == tft_spiral_length(
        ...     Fraction(1, 100))
        True
        """
        a0 = self.strategy(strategy)
        a1 = self.strategy(opponent or strategy)
        return _spiral_length(a0, a1, self.noise)

    @classmethod
    def _compute(cls, p: dict, metrics: tuple, rng) -> dict:
        """Closed-form metrics (:attr:`METRICS`) on broadcast parameter arrays.

        Examples
        --------
        >>> import numpy as np
        >>> SanctionSpiralModel.evaluate({"noise": np.array([0.1, 0.25])}
        ...                              )["tft_spiral_length"].round(3)
        array([15.556,  6.667])
        """
        c = p
        t, r, p = c["temptation"], c["reward"], c["punishment"]
        e = c["noise"]
        return {"tft_spiral_length": np.asarray(tft_spiral_length(e), dtype=float),
                "tft_long_run_openness": np.where(e > 0, 0.25, 1.0),
                "grim_critical_discount": (t - r) / (t - p)}


def _spiral_length(a0, a1, noise):
    exact = is_exact_scalar(noise) and a0.is_exact and a1.is_exact
    one = Fraction(1) if exact else 1.0
    eps = Fraction(noise) if exact else float(noise)

    def realised(probs):
        q_c = probs[0] * (1 - eps) + probs[1] * eps
        return (q_c, one - q_c)

    def nxt(s0, s1, a, b):
        return (a0.next_state(s0, a, b), a1.next_state(s1, b, a))

    start = nxt(a0.initial_state, a1.initial_state, 1, 0)
    # reachable joint states from start through non-(C, C) profiles
    order, seen, stack = [], {start}, [start]
    while stack:
        st = stack.pop()
        order.append(st)
        for a in (0, 1):
            for b in (0, 1):
                if (a, b) == (0, 0):
                    continue
                n = nxt(*st, a, b)
                if n not in seen:
                    seen.add(n)
                    stack.append(n)
    idx = {st: k for k, st in enumerate(order)}
    size = len(order)
    mat = [[one * 0 for _ in range(size)] for _ in range(size)]
    rhs = [one * 0 for _ in range(size)]
    for st, k in idx.items():
        mat[k][k] += one
        p0, p1 = realised(a0.probabilities[st[0]]), realised(a1.probabilities[st[1]])
        for a in (0, 1):
            for b in (0, 1):
                if (a, b) == (0, 0):
                    continue
                pr = p0[a] * p1[b]
                rhs[k] += pr
                mat[k][idx[nxt(*st, a, b)]] -= pr
    if exact:
        sol = solve_exact(mat, rhs)
        return float("inf") if sol is None else one + sol[idx[start]]
    arr = np.array(mat, dtype=float)
    # I − (transition probabilities): scale-free, an absolute threshold is fine
    if abs(np.linalg.det(arr)) < 1e-14:
        return float("inf")
    return 1.0 + float(np.linalg.solve(arr, np.array(rhs, dtype=float))[idx[start]])
