"""The closed forms of the models as sympy expressions, built from the very formulas the
numeric code uses (each formula has one home: the model's module), so that the
expressions cannot drift from the numbers.

sympy is imported inside the functions (a measured import cost: about 0.5 s), so
``import secdilemma.models`` stays fast. Symbols: the stage payoffs ``R, S, T, P``
(:func:`~secdilemma.symbolic.stage_symbols`); for the offence-defence model ``theta``
(offence advantage, non-negative), ``V`` (status quo, real) and ``k, g, L`` (arms cost,
exploitation gain and loss, positive); for Kydd's security dilemma ``p_1, p_2`` (trust),
``c`` (exploitation cost), ``a_S, a_G`` (temptations).

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
.. [2] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.
   Princeton University Press.
.. [3] Meurer, A. et al. (2017). SymPy: symbolic computing in Python. *PeerJ Computer
   Science* 3, e103.
"""

from __future__ import annotations

from ..symbolic import stage_symbols
from .offense_defense import offense_defense_payoffs as _od_payoffs
from .security_dilemma import cooperation_threshold
from .stage_metrics import REGIMES, regime_masks, trust_threshold

__all__ = ["trust_threshold_expr", "regime_conditions", "offense_defense_symbols",
           "offense_defense_payoffs", "offense_defense_trust_threshold",
           "offense_defense_boundaries", "security_dilemma_symbols",
           "security_dilemma_threshold_expr", "security_dilemma_tipping_expr"]


def trust_threshold_expr():
    """The trust threshold p* = (P - S) / ((R - T) + (P - S)) in R, S, T, P
    (:func:`~secdilemma.models.stage_metrics.trust_threshold` on symbols).

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.symbolic import stage_symbols
    >>> from secdilemma.models.symbolic import trust_threshold_expr
    >>> R, S, T, P = stage_symbols()
    >>> trust_threshold_expr().subs({R: 4, S: 1, T: 3, P: 2})
    1/2
    """
    return trust_threshold(*stage_symbols())


def regime_conditions():
    """Each regime of :data:`~secdilemma.models.REGIMES` (but ``"other"``) as a sympy
    conjunction of strict/weak inequalities in R, S, T, P (the classifier's own
    conditions, :func:`~secdilemma.models.stage_metrics.regime_masks`, on symbols).

    References
    ----------
    .. [1] Rapoport, A. and Guyer, M. (1966). A taxonomy of 2x2 games. *General
       Systems* 11, 203-214.

    Examples
    --------
    >>> from secdilemma.symbolic import stage_symbols
    >>> from secdilemma.models.symbolic import regime_conditions
    >>> R, S, T, P = stage_symbols()
    >>> bool(regime_conditions()["prisoners_dilemma"].subs({R: 3, S: 0, T: 5, P: 1}))
    True
    """
    return dict(zip(REGIMES, regime_masks(*stage_symbols())))


def offense_defense_symbols():
    """The offence-defence symbols ``(theta, V, k, g, L)``: ``theta`` non-negative, ``V``
    real, ``k``, ``g`` and ``L`` positive.

    Examples
    --------
    >>> from secdilemma.models.symbolic import offense_defense_symbols
    >>> offense_defense_symbols()
    (theta, V, k, g, L)
    """
    import sympy as sp

    theta = sp.Symbol("theta", nonnegative=True)
    V = sp.Symbol("V", real=True)
    k, g, L = sp.symbols("k g L", positive=True)
    return theta, V, k, g, L


def offense_defense_payoffs():
    """The offence-defence stage payoffs ``{"R": ..., "S": ..., "T": ..., "P": ...}`` in
    theta, V, k, g, L (our formalisation of Jervis 1978).

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.models.symbolic import offense_defense_payoffs
    >>> offense_defense_payoffs()["T"]
    V + g*theta - k
    """
    return dict(zip("RSTP", _od_payoffs(*offense_defense_symbols())))


def offense_defense_trust_threshold():
    """p*(theta) = (L*theta - k) / ((L - g)*theta), simplified from the general form.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> import sympy as sp
    >>> from secdilemma.models.symbolic import (offense_defense_trust_threshold,
    ...                                         offense_defense_symbols)
    >>> theta, V, k, g, L = offense_defense_symbols()
    >>> offense_defense_trust_threshold().subs({theta: sp.Rational(2, 5), k: 1, g: 2, L: 4})
    3/4
    """
    import sympy as sp

    return sp.factor(sp.simplify(trust_threshold(*_od_payoffs(*offense_defense_symbols()))))


def offense_defense_boundaries():
    """Closed-form regime boundaries in theta: ``{"exploitation": k/g,
    "vulnerability": k/L}``, the roots of T - R and P - S.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.models.symbolic import offense_defense_boundaries
    >>> offense_defense_boundaries()
    {'exploitation': k/g, 'vulnerability': k/L}
    """
    import sympy as sp

    theta = offense_defense_symbols()[0]
    od = offense_defense_payoffs()
    (exploit,) = sp.solve(sp.Eq(od["T"], od["R"]), theta)
    (vuln,) = sp.solve(sp.Eq(od["P"], od["S"]), theta)
    return {"exploitation": exploit, "vulnerability": vuln}


def security_dilemma_symbols():
    """Kydd's security-dilemma symbols ``(p_1, p_2, c, a_S, a_G)`` (trust of each
    state, cost of being exploited, temptations of the security seeker and the greedy
    type).

    Examples
    --------
    >>> from secdilemma.models.symbolic import security_dilemma_symbols
    >>> security_dilemma_symbols()
    (p_1, p_2, c, a_S, a_G)
    """
    import sympy as sp

    return (sp.Symbol("p_1", nonnegative=True), sp.Symbol("p_2", nonnegative=True),
            sp.Symbol("c", positive=True), sp.Symbol("a_S", nonnegative=True),
            sp.Symbol("a_G", positive=True))


def security_dilemma_threshold_expr():
    """Kydd's cooperation threshold π* = c / (1 − a_S + c)
    (:func:`~secdilemma.models.security_dilemma.cooperation_threshold` on symbols).

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma.models.symbolic import (security_dilemma_threshold_expr,
    ...                                         security_dilemma_symbols)
    >>> expr = security_dilemma_threshold_expr()
    >>> expr
    c/(-a_S + c + 1)
    >>> _, _, c, a_S, _ = security_dilemma_symbols()
    >>> expr.subs({c: Fraction(1, 2), a_S: Fraction(1, 2)})
    1/2
    """
    _, _, c, a_s, _ = security_dilemma_symbols()
    return cooperation_threshold(c, a_s)


def security_dilemma_tipping_expr():
    """The tipping equilibrium's cooperation probabilities of the security seekers,
    ``(π*/p_2, π*/p_1)`` (state 1's depends on state 2's trust in it).

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    >>> from secdilemma.models.symbolic import security_dilemma_tipping_expr
    >>> security_dilemma_tipping_expr()[0]
    c/(p_2*(-a_S + c + 1))
    """
    p1, p2, _, _, _ = security_dilemma_symbols()
    pi = security_dilemma_threshold_expr()
    return (pi / p2, pi / p1)
