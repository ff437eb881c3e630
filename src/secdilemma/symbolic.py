"""Closed forms of the 2x2 security-dilemma models as sympy expressions.

sympy is imported inside the functions, so ``import secdilemma`` stays fast.

Symbols: the stage payoffs ``R, S, T, P`` (real), and for the offence-defence model
(our formalisation of Jervis 1978) ``theta`` (offence advantage, non-negative), ``V``
(status quo, real) and ``k, g, L`` (arms cost, exploitation gain and loss, positive).

References
----------
.. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
   30(2), 167-214.
.. [2] Meurer, A. et al. (2017). SymPy: symbolic computing in Python. *PeerJ Computer
   Science* 3, e103.
"""

from __future__ import annotations

from typing import Callable, Sequence

from .errors import InvalidParameterError

__all__ = ["stage_symbols", "offense_defense_symbols", "trust_threshold_expr",
           "security_dilemma_symbols", "security_dilemma_threshold_expr",
           "security_dilemma_tipping_expr",
           "regime_conditions", "offense_defense_payoffs", "offense_defense_trust_threshold",
           "offense_defense_boundaries", "lambdify_expr"]


def stage_symbols():
    """The stage-game payoff symbols ``(R, S, T, P)`` (real).

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.symbolic import stage_symbols
    >>> stage_symbols()
    (R, S, T, P)
    """
    import sympy as sp

    return sp.symbols("R S T P", real=True)


def offense_defense_symbols():
    """The offence-defence symbols ``(theta, V, k, g, L)``.

    ``theta`` is non-negative, ``V`` real, ``k``, ``g`` and ``L`` positive.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.symbolic import offense_defense_symbols
    >>> offense_defense_symbols()
    (theta, V, k, g, L)
    """
    import sympy as sp

    theta = sp.Symbol("theta", nonnegative=True)
    V = sp.Symbol("V", real=True)
    k, g, L = sp.symbols("k g L", positive=True)
    return theta, V, k, g, L


def trust_threshold_expr():
    """The trust threshold p* = (P - S) / ((R - T) + (P - S)) in R, S, T, P.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.symbolic import trust_threshold_expr, stage_symbols
    >>> R, S, T, P = stage_symbols()
    >>> trust_threshold_expr().subs({R: 4, S: 1, T: 3, P: 2})
    1/2
    """
    R, S, T, P = stage_symbols()
    return (P - S) / ((R - T) + (P - S))


def regime_conditions():
    """Each regime of :data:`~secdilemma.models.REGIMES` (but ``"other"``) as a sympy
    conjunction of strict/weak inequalities in R, S, T, P.

    References
    ----------
    .. [1] Rapoport, A. and Guyer, M. (1966). A taxonomy of 2x2 games. *General
       Systems* 11, 203-214.

    Examples
    --------
    >>> from secdilemma.symbolic import regime_conditions, stage_symbols
    >>> R, S, T, P = stage_symbols()
    >>> bool(regime_conditions()["prisoners_dilemma"].subs({R: 3, S: 0, T: 5, P: 1}))
    True
    """
    import sympy as sp

    R, S, T, P = stage_symbols()
    return {
        "harmony": sp.And(R > T, S > P),
        "stag_hunt": sp.And(R > T, T >= P, P > S),
        "prisoners_dilemma": sp.And(T > R, R > P, P > S),
        "chicken": sp.And(T > R, R > S, S > P),
        "deadlock": sp.And(T > P, P > R, R > S),
    }


def offense_defense_payoffs():
    """The offence-defence stage payoffs as a dict ``{"R": ..., "S": ..., "T": ...,
    "P": ...}`` in theta, V, k, g, L (our formalisation of Jervis 1978).

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.symbolic import offense_defense_payoffs
    >>> offense_defense_payoffs()["T"]
    V + g*theta - k
    """
    theta, V, k, g, L = offense_defense_symbols()
    return {"R": V, "S": V - L * theta, "T": V - k + g * theta, "P": V - k}


def offense_defense_trust_threshold():
    """p*(theta) = (L*theta - k) / ((L - g)*theta), simplified from the general form.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> import sympy as sp
    >>> from secdilemma.symbolic import offense_defense_trust_threshold, offense_defense_symbols
    >>> theta, V, k, g, L = offense_defense_symbols()
    >>> offense_defense_trust_threshold().subs({theta: sp.Rational(2, 5), k: 1, g: 2, L: 4})
    3/4
    """
    import sympy as sp

    R, S, T, P = stage_symbols()
    od = offense_defense_payoffs()
    expr = trust_threshold_expr().subs({R: od["R"], S: od["S"], T: od["T"], P: od["P"]},
                                       simultaneous=True)
    return sp.factor(sp.simplify(expr))


def offense_defense_boundaries():
    """Closed-form regime boundaries in theta: ``{"exploitation": k/g,
    "vulnerability": k/L}``, the roots of T - R and P - S.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.symbolic import offense_defense_boundaries
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
    """Kydd's security-dilemma symbols ``(p1, p2, c, a_S, a_G)`` (trust of each state,
    cost of being exploited, temptations of the security seeker and the greedy type).

    Examples
    --------
    >>> security_dilemma_symbols()
    (p_1, p_2, c, a_S, a_G)
    """
    import sympy as sp

    return (sp.Symbol("p_1", nonnegative=True), sp.Symbol("p_2", nonnegative=True),
            sp.Symbol("c", positive=True), sp.Symbol("a_S", nonnegative=True),
            sp.Symbol("a_G", positive=True))


def security_dilemma_threshold_expr():
    """Kydd's cooperation threshold π* = c / (1 − a_S + c): a security seeker cooperates
    iff the other cooperates with at least this probability.

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 2.

    Examples
    --------
    >>> from fractions import Fraction
    >>> expr = security_dilemma_threshold_expr()
    >>> expr
    c/(-a_S + c + 1)
    >>> _, _, c, a_S, _ = security_dilemma_symbols()
    >>> expr.subs({c: Fraction(1, 2), a_S: Fraction(1, 2)})
    1/2
    """
    _, _, c, a_s, _ = security_dilemma_symbols()
    return c / (1 - a_s + c)


def security_dilemma_tipping_expr():
    """The tipping equilibrium's cooperation probabilities of the security seekers,
    ``(π*/p2, π*/p1)`` (state 1's depends on state 2's trust in it).

    Examples
    --------
    >>> security_dilemma_tipping_expr()[0]
    c/(p_2*(-a_S + c + 1))
    """
    p1, p2, _, _, _ = security_dilemma_symbols()
    pi = security_dilemma_threshold_expr()
    return (pi / p2, pi / p1)


def lambdify_expr(expr, params: Sequence) -> Callable:
    """A numpy-vectorised function of ``params`` evaluating ``expr``.

    Parameters
    ----------
    expr : sympy.Expr
    params : sequence of sympy.Symbol or str
        The arguments, in order (strings are matched to the free symbols by name).

    Returns
    -------
    callable
        ``f(*arrays)`` broadcasting its array arguments.

    References
    ----------
    .. [1] Meurer, A. et al. (2017). SymPy: symbolic computing in Python. *PeerJ
       Computer Science* 3, e103.

    Examples
    --------
    >>> import numpy as np
    >>> from secdilemma.symbolic import lambdify_expr, trust_threshold_expr
    >>> f = lambdify_expr(trust_threshold_expr(), ["R", "S", "T", "P"])
    >>> f(np.array([4.0, 5.0]), 1.0, 3.0, 2.0).tolist()
    [0.5, 0.3333333333333333]
    """
    import sympy as sp

    if not isinstance(expr, sp.Expr):  # a string would be sympified (evaluated as code)
        raise InvalidParameterError(f"lambdify_expr(): expr must be a sympy expression (an "
                                    f"object, never a string); got {expr!r}")
    by_name = {s.name: s for s in expr.free_symbols}
    symbols = []
    for p in params:
        if not isinstance(p, (str, sp.Symbol)):
            raise InvalidParameterError(f"lambdify_expr(): params must be sympy Symbols or "
                                        f"their names; got {p!r}")
        if isinstance(p, str):
            if p not in by_name:
                raise InvalidParameterError(
                    f"lambdify_expr(): params must name free symbols of expr "
                    f"({', '.join(sorted(by_name))}); got {p!r}")
            symbols.append(by_name[p])
        else:
            symbols.append(p)
    return sp.lambdify(symbols, expr, modules="numpy")
