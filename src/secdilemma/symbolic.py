"""Model-free sympy helpers: the stage-game payoff symbols and a numpy-vectorised
evaluator of expressions.

The closed forms of the models, as sympy expressions, live with the models
(:mod:`secdilemma.models.symbolic`), built from the formulas the numeric code uses.
sympy is imported inside the functions, so ``import secdilemma`` stays fast.

References
----------
.. [1] Meurer, A. et al. (2017). SymPy: symbolic computing in Python. *PeerJ Computer
   Science* 3, e103.
"""

from __future__ import annotations

from typing import Callable, Sequence

from .errors import InvalidParameterError

__all__ = ["stage_symbols", "lambdify_expr"]


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
    >>> from secdilemma.symbolic import lambdify_expr, stage_symbols
    >>> R, S, T, P = stage_symbols()
    >>> f = lambdify_expr((P - S) / ((R - T) + (P - S)), ["R", "S", "T", "P"])
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
