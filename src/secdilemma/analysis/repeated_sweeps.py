"""Sweep metrics of repeated games: critical discount factors over payoffs and noise,
and the size of the equilibrium payoff set over the discount factor.

Both functions loop over the grid and call the solvers of
:mod:`secdilemma.solvers.repeated` and :mod:`secdilemma.solvers.payoff_set` once per
point (optionally through an executor), and return an :class:`xarray.Dataset` whose
coordinates are the swept parameters.

Cost (one core, measured on the PD (5, 3, 1, 0)): :func:`critical_discount_grid` costs
about 0.02–0.4 s per point in exact mode (sympy roots of the deviation constraints; most
for Nash checks and long punishments with noise) and 0.05–0.1 s per point with float
inputs (bracketing on a grid of 400 discount factors); :func:`payoff_set_area_grid`
costs about 1–100 ms per discount factor (more near δ → 1, where the iteration
contracts slowly). Grids of a few hundred points therefore take seconds to a minute;
pass a ``concurrent.futures`` executor (or a ``dask.distributed.Client``) to spread
them over processes.

References
----------
.. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
   Oxford University Press, §2.4.
.. [2] Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games
   with perfect monitoring. *Theoretical Economics* 9(2), 313–338.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any, Sequence

import numpy as np

from .._validation import check_real_number, is_exact_scalar
from ..errors import InvalidParameterError, NoPureEquilibriumError

__all__ = ["critical_discount_grid", "payoff_set_area_grid", "cooperation_survival_grid",
           "pd_stage"]

_PAYOFF_NAMES = ("temptation", "reward", "punishment", "sucker", "noise")


def pd_stage(temptation: Any, reward: Any, punishment: Any, sucker: Any):
    """The symmetric 2×2 stage game with actions (C, D) and payoffs (T, R, P, S).

    Parameters
    ----------
    temptation, reward, punishment, sucker : number
        ``T`` (D against C), ``R`` (C against C), ``P`` (D against D), ``S`` (C against
        D).

    Returns
    -------
    NormalFormGame

    References
    ----------
    .. [1] Axelrod, R. (1984). *The Evolution of Cooperation*, Basic Books (notation).

    Examples
    --------
    >>> from secdilemma.analysis.repeated_sweeps import pd_stage
    >>> pd_stage(5, 3, 1, 0).payoffs[0].tolist()
    [[3.0, 0.0], [5.0, 1.0]]
    """
    from ..games.normal_form import bimatrix

    row = [[reward, sucker], [temptation, punishment]]
    col = [[reward, temptation], [sucker, punishment]]
    return bimatrix(row, col, actions=[["C", "D"], ["C", "D"]])


def _resolve_strategy(func: str, strategy: Any):
    from ..games.automaton import CLASSIC_STRATEGIES, Automaton

    if isinstance(strategy, str):
        maker = CLASSIC_STRATEGIES.get(strategy)
        if maker is None:
            raise InvalidParameterError(
                f"{func}(): strategy must be an Automaton, a pair of them or one of "
                f"{sorted(CLASSIC_STRATEGIES)}; got {strategy!r}")
        try:
            return maker()
        except TypeError:
            raise InvalidParameterError(
                f"{func}(): strategy {strategy!r} needs a parameter; pass the Automaton "
                f"(e.g. k_period_punishment(2)); got {strategy!r}") from None
    if isinstance(strategy, Automaton):
        return strategy
    if (isinstance(strategy, (tuple, list)) and len(strategy) == 2
            and all(isinstance(a, Automaton) for a in strategy)):
        return tuple(strategy)
    raise InvalidParameterError(
        f"{func}(): strategy must be an Automaton, a pair of them or a classic strategy "
        f"name; got {strategy!r}")


def _axis(func: str, name: str, value: Any) -> tuple[list, bool]:
    """(values, swept?) for one parameter given as a scalar or a 1-D sequence."""
    if isinstance(value, (list, tuple, np.ndarray)):
        values = list(np.asarray(value, dtype=object).ravel()) if np.ndim(value) <= 1 \
            else None
        if values is None or not values:
            raise InvalidParameterError(
                f"{func}(): {name} must be a number or a non-empty 1-D sequence; got "
                f"{value!r}")
        swept = True
    else:
        values, swept = [value], False
    out = []
    for v in values:
        v = v.item() if isinstance(v, np.generic) else v
        check_real_number(func, name, v)
        out.append(v)
    return out, swept


def _critical_point(point, *, strategy, concept, exact):
    from ..solvers.repeated import critical_discount_factor

    t, r, p, s, eps = point
    stage = pd_stage(t, r, p, s)
    res = critical_discount_factor(stage, strategy, noise=eps, concept=concept, exact=exact)
    if res.is_empty:
        return (np.nan, np.nan, 0, False, res.method)
    lo, hi = res.bounds[0][0], res.bounds[-1][1]
    return (float(lo), float(hi), len(res.pieces), bool(res.is_knife_edge), res.method)


def critical_discount_grid(strategy: Any, *, temptation: Any = 5, reward: Any = 3,
                           punishment: Any = 1, sucker: Any = 0, noise: Any = 0,
                           concept: str = "spe", exact: bool | None = None,
                           executor: Any = None):
    """Critical discount factor of a symmetric automaton profile over a grid of stage
    payoffs and noise levels.

    Every parameter is a number (held fixed, recorded in the attributes) or a 1-D
    sequence (swept; a dimension of the result, in the order T, R, P, S, noise). At each
    grid point the stage game is the symmetric 2×2 game of :func:`pd_stage` and
    :func:`~secdilemma.solvers.repeated.critical_discount_factor` returns the set of δ at
    which the profile is an equilibrium.

    Parameters
    ----------
    strategy : Automaton, pair of Automaton, or str
        The profile (a single automaton plays against itself) or the name of a classic
        strategy without parameters (``"grim_trigger"``, ``"tit_for_tat"``,
        ``"win_stay_lose_shift"``, ...).
    temptation, reward, punishment, sucker : number or 1-D sequence
        ``T, R, P, S``; defaults (5, 3, 1, 0).
    noise : number or 1-D sequence in [0, 1/2], default 0
        ``ε``, the probability that an intended action is flipped.
    concept : {"spe", "nash"}, default "spe"
    exact : bool, optional
        Passed to the solver; by default exact exactly when every value is an int or a
        Fraction (pass Fractions, not floats, for an exact sweep).
    executor : concurrent.futures.Executor, optional
        Anything with a ``map`` method; the grid points are mapped over it in order.

    Returns
    -------
    xarray.Dataset
        ``critical_discount`` (the infimum of the equilibrium set, NaN if it is empty),
        ``upper_discount`` (its supremum), ``num_pieces`` (0 when empty),
        ``knife_edge`` (the set is a single point) and ``exact`` (the exact method was
        used); attributes: the fixed parameters, the strategy and the concept.

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §2.4 (grim trigger is SPE iff δ >= (T − R)/(T − P)).
    .. [2] Axelrod, R. (1984). *The Evolution of Cooperation*, appendix B.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from secdilemma.analysis.repeated_sweeps import critical_discount_grid
    >>> ds = critical_discount_grid("grim_trigger", temptation=[4, 5, 6])
    >>> ds["critical_discount"].values.tolist()     # (T - R)/(T - P)
    [0.3333333333333333, 0.5, 0.6]
    >>> ds = critical_discount_grid("tit_for_tat", noise=[0, F(1, 20)], concept="nash")
    >>> ds["critical_discount"].values.tolist()
    [0.6666666666666666, nan]
    """
    import xarray as xr

    from .._validation import check_choice

    func = "critical_discount_grid"
    profile = _resolve_strategy(func, strategy)
    check_choice(func, "concept", concept, ("spe", "nash"))
    if exact is not None and not isinstance(exact, bool):
        raise InvalidParameterError(f"{func}(): exact must be True, False or None; got "
                                    f"{exact!r}")
    axes, swept = {}, []
    for name, value in zip(_PAYOFF_NAMES, (temptation, reward, punishment, sucker, noise)):
        axes[name], is_swept = _axis(func, name, value)
        if is_swept:
            swept.append(name)
    for v in axes["noise"]:
        if not 0 <= v <= 0.5:
            raise InvalidParameterError(f"{func}(): noise must lie in [0, 1/2]; got {v!r}")
    if exact is None:
        # a float zero is exactly zero
        exact = all(is_exact_scalar(v) or (isinstance(v, float) and v == 0)
                    for values in axes.values() for v in values)
    points = list(itertools.product(*(axes[n] for n in _PAYOFF_NAMES)))
    work = functools.partial(_critical_point, strategy=profile, concept=concept, exact=exact)
    results = list(executor.map(work, points) if executor is not None else map(work, points))
    shape = tuple(len(axes[n]) for n in swept)

    def field(k, dtype):
        return np.array([r[k] for r in results], dtype=dtype).reshape(shape)

    coords = {n: (n, np.array([float(v) for v in axes[n]])) for n in swept}
    attrs = {n: str(axes[n][0]) for n in _PAYOFF_NAMES if n not in swept}
    name = (profile.name if not isinstance(profile, tuple)
            else f"{profile[0].name} vs {profile[1].name}")
    attrs.update({"strategy": str(name), "concept": concept,
                  "solver": "critical_discount_factor",
                  "method": ",".join(sorted({r[4] for r in results}))})
    return xr.Dataset(
        {
            "critical_discount": (swept, field(0, float),
                                  {"long_name": "critical discount factor (infimum; NaN "
                                                "if never an equilibrium)"}),
            "upper_discount": (swept, field(1, float),
                               {"long_name": "supremum of the equilibrium set"}),
            "num_pieces": (swept, field(2, np.int64),
                           {"long_name": "number of intervals / points of the set"}),
            "knife_edge": (swept, field(3, bool),
                           {"long_name": "the set is a single discount factor"}),
        },
        coords=coords, attrs=attrs)


def _payoff_set_point(discount, *, stage, exact, method):
    from ..solvers.payoff_set import equilibrium_payoff_set

    try:
        res = equilibrium_payoff_set(stage, discount, exact=exact, method=method)
    except NoPureEquilibriumError:
        return (np.nan, -1, 0, (np.nan, np.nan), False, 0)
    return (res.area, res.dimension, len(res.vertices), tuple(res.punishment_payoffs),
            bool(res.converged), int(res.iterations))


def payoff_set_area_grid(stage: Any, discounts: Sequence[Any], *, exact: bool = False,
                         method: str = "abreu-sannikov", executor: Any = None):
    """Size of the pure-strategy SPE payoff set over a grid of discount factors.

    Parameters
    ----------
    stage : NormalFormGame
        A two-player stage game.
    discounts : 1-D sequence of numbers in [0, 1)
        The discount factors (Fractions are used exactly by ``exact=True``).
    exact : bool, default False
        Passed to :func:`~secdilemma.solvers.payoff_set.equilibrium_payoff_set` (the
        area is then computed from the certified rational vertices when they exist).
    method : {"abreu-sannikov", "aps"}
    executor : concurrent.futures.Executor, optional
        Anything with a ``map`` method.

    Returns
    -------
    xarray.Dataset
        Over the dimension ``discount``: ``area`` (0 for a point or segment, NaN when the
        set is empty), ``dimension`` (0, 1, 2, or −1 when empty), ``num_vertices``,
        ``punishment_payoff`` (each player's lowest equilibrium payoff, dimension
        ``player``), ``converged`` and ``iterations``.

    References
    ----------
    .. [1] Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of
       discounted repeated games with imperfect monitoring. *Econometrica* 58(5),
       1041–1063.
    .. [2] Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated
       games with perfect monitoring. *Theoretical Economics* 9(2), 313–338.

    Examples
    --------
    The prisoner's dilemma of the QuantEcon.py tests: a point below δ = 1/7, a segment
    below 1/4, then the whole feasible, individually rational set, the quadrilateral
    (3, 3), (39/4, 3), (9, 9), (3, 39/4) of area 81/2:

    >>> from secdilemma import bimatrix
    >>> from secdilemma.analysis.repeated_sweeps import payoff_set_area_grid
    >>> pd = bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> ds = payoff_set_area_grid(pd, [0.1, 0.2, 0.5])
    >>> ds["dimension"].values.tolist(), ds["area"].values.round(4).tolist()
    ([0, 1, 2], [0.0, 0.0, 40.5])
    """
    import xarray as xr

    from .._validation import check_choice
    from ..games.normal_form import NormalFormGame

    func = "payoff_set_area_grid"
    if not isinstance(stage, NormalFormGame) or stage.num_players != 2:
        raise InvalidParameterError(f"{func}(): stage must be a two-player NormalFormGame; "
                                    f"got {stage!r}")
    check_choice(func, "method", method, ("abreu-sannikov", "aps"))
    values, _ = _axis(func, "discounts", list(discounts) if not isinstance(
        discounts, np.ndarray) else discounts)
    for d in values:
        check_real_number(func, "discounts", d, low=0, high=1, high_open=True)
    work = functools.partial(_payoff_set_point, stage=stage, exact=exact, method=method)
    results = list(executor.map(work, values) if executor is not None else map(work, values))
    dims = ("discount",)
    return xr.Dataset(
        {
            "area": (dims, np.array([r[0] for r in results], dtype=float),
                     {"long_name": "area of the SPE payoff set"}),
            "dimension": (dims, np.array([r[1] for r in results], dtype=np.int64),
                          {"long_name": "dimension (0 point, 1 segment, 2 polygon, -1 "
                                        "empty)"}),
            "num_vertices": (dims, np.array([r[2] for r in results], dtype=np.int64)),
            "punishment_payoff": (("discount", "player"),
                                  np.array([r[3] for r in results], dtype=float),
                                  {"long_name": "lowest SPE payoff of each player"}),
            "converged": (dims, np.array([r[4] for r in results], dtype=bool)),
            "iterations": (dims, np.array([r[5] for r in results], dtype=np.int64)),
        },
        coords={"discount": ("discount", np.array([float(d) for d in values])),
                "player": ("player", np.array([0, 1]))},
        attrs={"stage": repr(stage), "method": method, "exact": int(bool(exact)),
               "solver": "equilibrium_payoff_set"})


def cooperation_survival_grid(hazard: Sequence[Any], noise: Sequence[Any], *, prior: Any,
                              threshold: Any, periods: int = 20,
                              secure_cooperation: Any = 1, grid: int = 2000):
    """When does reciprocity survive? Expected duration of cooperation and the
    probability that it survives ``periods`` periods over (hazard, noise).

    Evaluates :meth:`~secdilemma.models.changing_intentions.ChangingIntentionsModel.survival`
    with the belief-grid method (about 0.03 s per point with ``grid = 2000``; checked
    against the exact recursion in the tests) at every pair of a
    hazard ``λ`` and a noise level ``ε`` (see that method for the accuracy of the grid).

    Parameters
    ----------
    hazard : 1-D sequence of numbers in [0, 1)
        ``λ``: per-period probability that a security seeker turns greedy.
    noise : 1-D sequence of numbers in [0, 1/2]
        ``ε``: probability that an observed move is misperceived.
    prior : number in [0, 1]
        Initial trust ``μ_0``.
    threshold : number in (0, 1]
        ``π*``: we cooperate while the predicted trust is at least ``π*``.
    periods : int >= 0, default 20
    secure_cooperation : number in (0, 1], default 1
    grid : int, default 2000

    Returns
    -------
    xarray.Dataset
        Over (``hazard``, ``noise``): ``expected_duration`` (``E[D]``; inf when
        ``λ = 0``), ``survival`` (``Pr(D >= periods)``) and ``tragic`` (probability that
        cooperation has ended by period ``periods`` while the other was still a
        security seeker).

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 3
       and 7 (verbal source; the formalisation is ours, see
       :mod:`secdilemma.models.changing_intentions`).

    Examples
    --------
    >>> from secdilemma.analysis.repeated_sweeps import cooperation_survival_grid
    >>> ds = cooperation_survival_grid([0.05, 0.1], [0.1, 0.2], prior=0.9, threshold=0.5)
    >>> ds["expected_duration"].values.round(1).tolist()
    [[13.7, 11.7], [4.9, 5.9]]

    Noise need not shorten cooperation: at λ = 0.1 misperceptions make each observed D
    less damning, so a greedy partner is also unmasked more slowly.
    """
    import xarray as xr

    from ..models.changing_intentions import ChangingIntentionsModel

    func = "cooperation_survival_grid"
    hz, _ = _axis(func, "hazard", list(hazard) if not isinstance(hazard, np.ndarray)
                  else hazard)
    ns, _ = _axis(func, "noise", list(noise) if not isinstance(noise, np.ndarray) else noise)
    shape = (len(hz), len(ns))
    duration, survival, tragic = (np.zeros(shape) for _ in range(3))
    for i, lam in enumerate(hz):
        for j, eps in enumerate(ns):
            res = ChangingIntentionsModel(lam, eps, prior, threshold,
                                          secure_cooperation).survival(
                periods, method="grid", grid=grid)
            duration[i, j] = res.expected_duration
            survival[i, j] = res.survival[periods]
            tragic[i, j] = res.tragic[periods]
    dims = ("hazard", "noise")
    return xr.Dataset(
        {
            "expected_duration": (dims, duration,
                                  {"long_name": "expected periods of cooperation"}),
            "survival": (dims, survival,
                         {"long_name": f"Pr(cooperation lasts {periods} periods)"}),
            "tragic": (dims, tragic,
                       {"long_name": f"Pr(cooperation ended by period {periods} while "
                                     f"the other was a security seeker)"}),
        },
        coords={"hazard": ("hazard", np.array([float(v) for v in hz])),
                "noise": ("noise", np.array([float(v) for v in ns]))},
        attrs={"prior": float(prior), "threshold": float(threshold), "periods": int(periods),
               "secure_cooperation": float(secure_cooperation), "grid": int(grid),
               "method": "grid"})
