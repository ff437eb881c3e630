"""Sweep metrics of repeated games: critical discount factors over payoffs and noise,
the size of the equilibrium payoff set over the discount factor, and the survival of
cooperation over hazard and noise.

Each function is a convenience front end to the one sweep engine
(:func:`~secdilemma.analysis.sweep.sweep`) running a model of
:mod:`secdilemma.models.repeated_grids` (:class:`~secdilemma.models.repeated_grids.CriticalDiscountModel`,
:class:`~secdilemma.models.repeated_grids.PayoffSetModel`,
:class:`~secdilemma.models.repeated_grids.CooperationSurvivalModel`), so every executor
of ``sweep`` (None, a process pool, any ``concurrent.futures`` executor, a
``dask.distributed.Client``), checkpoints and progress bars work here too, and the
results are identical whatever the executor. Pass the model to ``sweep`` directly for a
grid over any of its parameters.

Cost (one core, measured on the PD (5, 3, 1, 0)): a critical discount factor costs
about 0.02–0.4 s per point in exact mode (sympy roots of the deviation constraints; most
for Nash checks and long punishments with noise; the default, floats included) and
0.05–0.1 s per point with ``exact=False`` (bracketing on a grid of 400 discount factors,
not certified); a payoff set about 1–100 ms per
discount factor (more near δ → 1, where the iteration contracts slowly). Grids of a few
hundred points therefore take seconds to a minute on one core.

References
----------
.. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
   Oxford University Press, §2.4.
.. [2] Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games
   with perfect monitoring. *Theoretical Economics* 9(2), 313–338.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .._validation import check_choice, check_real_number, is_exact_scalar
from ..errors import InvalidParameterError
from ..games.normal_form import NormalFormGame
from ..games.repeated import RepeatedGame
from ..models.repeated_grids import (CooperationSurvivalModel, CriticalDiscountModel,
                                     PayoffSetModel, exact_value, resolve_strategy,
                                     symmetric_stage)
from ._plan import _rename_error
from .sweep import sweep

__all__ = ["critical_discount_grid", "payoff_set_area_grid", "cooperation_survival_grid"]

_PAYOFF_NAMES = ("reward", "sucker", "temptation", "punishment", "noise")


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


def _carried_exactly(func: str, name: str, values: list) -> None:
    """Refuse an exact value that a float64 coordinate cannot carry (the model reads
    each float back as :func:`exact_value`)."""
    for v in values:
        if is_exact_scalar(v) and exact_value(float(v)) != Fraction(v):
            raise InvalidParameterError(
                f"{func}(): {name} must be a rational that a float64 carries exactly "
                f"(read back as {exact_value(float(v))}); got {v!r}")


def _run(func: str, model, grid: dict, fixed: dict, *, executor, chunk_size, checkpoint,
         progress):
    """``sweep(model, grid, ...)`` with its validation messages under ``func``'s name."""
    try:
        return sweep(model, grid, fixed=fixed, executor=executor, chunk_size=chunk_size,
                     checkpoint=checkpoint, progress=progress)
    except InvalidParameterError as exc:
        if type(exc) is InvalidParameterError:
            raise _rename_error(func, exc) from None
        raise


def _finish(ds, func: str):
    """A sweep's dataset under ``func``'s name: its provenance without the time (so
    that two runs compare identical)."""
    attrs = {k: v for k, v in ds.attrs.items() if k not in ("created", "title")}
    attrs["title"] = f"secdilemma {func}"
    ds.attrs = attrs
    return ds


def critical_discount_grid(strategy: Any, *, reward: Any = 3, sucker: Any = 0,
                           temptation: Any = 5, punishment: Any = 1, noise: Any = 0,
                           concept: str = "spe", exact: bool | None = None,
                           executor: Any = None, chunk_size: int | None = None,
                           checkpoint=None, progress: bool = False):
    """Critical discount factor of a symmetric automaton profile over a grid of stage
    payoffs and noise levels.

    Every parameter is a number (held fixed, recorded in the attributes) or a 1-D
    sequence (swept; a dimension of the result, in the order R, S, T, P, noise). At each
    grid point the stage game is the symmetric 2×2 game of :func:`~secdilemma.models.repeated_grids.symmetric_stage` and
    :func:`~secdilemma.solvers.repeated.critical_discount_factor` returns the set of δ at
    which the profile is an equilibrium.

    Parameters
    ----------
    strategy : Automaton, pair of Automaton, or str
        The profile (a single automaton plays against itself) or the name of a classic
        strategy without parameters (``"grim_trigger"``, ``"tit_for_tat"``,
        ``"win_stay_lose_shift"``, ...).
    reward, sucker, temptation, punishment : number or 1-D sequence
        ``R, S, T, P``; defaults (3, 0, 5, 1).
    noise : number or 1-D sequence in [0, 1/2], default 0
        ``ε``, the probability that an intended action is flipped.
    concept : {"spe", "nash"}, default "spe"
    exact : bool, optional
        Passed to the solver. By default (None, or True) the exact, certified method,
        whatever the type of the values: they travel as float64 and are read back as
        the simplest rational the float stores
        (:func:`~secdilemma.models.repeated_grids.exact_value`; a float 0.05 is 1/20),
        and a Fraction that cannot be carried so is refused. ``exact=False`` brackets
        on a grid of discount factors instead: not certified (it warns), and it can
        report sets hugging δ = 1 that are empty (grim trigger at noise 0.26 gives
        [0.9999999, 1)).
    executor, chunk_size, checkpoint, progress
        As in :func:`~secdilemma.analysis.sweep.sweep` (None, a number of worker
        processes, a ``concurrent.futures`` executor or a ``dask.distributed.Client``).

    Returns
    -------
    xarray.Dataset
        ``critical_discount`` (the infimum of the equilibrium set, NaN if it is empty),
        ``upper_discount`` (its supremum), ``num_pieces`` (0 when empty),
        ``knife_edge`` (the set is a single point) and ``exact`` (the exact method was
        used); attributes: the fixed parameters, the strategy, the concept and the
        sweep's provenance.

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
    func = "critical_discount_grid"
    profile = resolve_strategy(func, strategy)
    check_choice(func, "concept", concept, ("spe", "nash"))
    if exact is not None and not isinstance(exact, bool):
        raise InvalidParameterError(f"{func}(): exact must be True, False or None; got "
                                    f"{exact!r}")
    axes, swept = {}, []
    for name, value in zip(_PAYOFF_NAMES, (reward, sucker, temptation, punishment, noise)):
        axes[name], is_swept = _axis(func, name, value)
        if is_swept:
            swept.append(name)
    for v in axes["noise"]:
        if not 0 <= v <= 0.5:
            raise InvalidParameterError(f"{func}(): noise must lie in [0, 1/2]; got {v!r}")
    if exact is None:
        exact = True  # certified; floats are read as the rationals they store
    if exact:
        for name in _PAYOFF_NAMES:
            _carried_exactly(func, name, axes[name])
    model = CriticalDiscountModel(strategy=profile, concept=concept, exact=exact)
    dims = swept or ["noise"]  # a single point: a sweep over one noise value
    grid = {n: [float(v) for v in axes[n]] for n in dims}
    fixed = {n: float(axes[n][0]) for n in _PAYOFF_NAMES if n not in dims}
    ds = _run(func, model, grid, fixed, executor=executor, chunk_size=chunk_size,
              checkpoint=checkpoint, progress=progress)
    if not swept:
        ds = ds.isel(noise=0, drop=True)
    ds = _finish(ds, func)
    methods = {"exact" if e else "bracketing" for e in np.ravel(ds["exact"].values)}
    ds.attrs.update({n: str(axes[n][0]) for n in _PAYOFF_NAMES if n not in swept})
    ds.attrs.update({"strategy": model.strategy_name, "concept": concept,
                     "method": ",".join(sorted(methods))})
    return ds


def payoff_set_area_grid(stage: Any, discounts: Sequence[Any], *, exact: bool = False,
                         method: str = "abreu-sannikov", executor: Any = None,
                         chunk_size: int | None = None, checkpoint=None,
                         progress: bool = False):
    """Size of the pure-strategy SPE payoff set over a grid of discount factors.

    Parameters
    ----------
    stage : NormalFormGame or RepeatedGame
        A two-player stage game (of a RepeatedGame: its stage game).
    discounts : 1-D sequence of numbers in [0, 1)
        The discount factors (Fractions are used exactly by ``exact=True``).
    exact : bool, default False
        Passed to :func:`~secdilemma.solvers.payoff_set.equilibrium_payoff_set` (the
        area is then computed from the certified rational vertices when they exist).
    method : {"abreu-sannikov", "aps"}
    executor, chunk_size, checkpoint, progress
        As in :func:`~secdilemma.analysis.sweep.sweep`.

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
    import xarray as xr  # lazily, as everywhere (import cost; see secdilemma.analysis)

    func = "payoff_set_area_grid"
    if isinstance(stage, RepeatedGame):
        stage = stage.stage
    if not isinstance(stage, NormalFormGame) or stage.num_players != 2:
        raise InvalidParameterError(f"{func}(): stage must be a two-player NormalFormGame; "
                                    f"got {stage!r}")
    check_choice(func, "method", method, ("abreu-sannikov", "aps"))
    if not isinstance(exact, bool):
        raise InvalidParameterError(f"{func}(): exact must be True or False; got {exact!r}")
    values, _ = _axis(func, "discounts", list(discounts) if not isinstance(
        discounts, np.ndarray) else discounts)
    for d in values:
        check_real_number(func, "discounts", d, low=0, high=1, high_open=True)
    if exact:
        _carried_exactly(func, "discounts", values)
    model = PayoffSetModel(stage=stage, exact=exact, method=method)
    ds = _run(func, model, {"discount": [float(d) for d in values]}, {}, executor=executor,
              chunk_size=chunk_size, checkpoint=checkpoint, progress=progress)
    ds = _finish(ds, func)
    low = xr.concat([ds["punishment_row"], ds["punishment_column"]], dim="player")
    ds = ds.drop_vars(["punishment_row", "punishment_column"])
    ds["punishment_payoff"] = low.transpose("discount", "player").assign_attrs(
        long_name="lowest SPE payoff of each player")
    ds = ds.assign_coords(player=("player", np.array([0, 1])))
    ds.attrs.update({"stage": repr(stage), "method": method, "exact": int(bool(exact)),
                     "solver": "equilibrium_payoff_set"})
    return ds[["area", "dimension", "num_vertices", "punishment_payoff", "converged",
               "iterations"]]


def cooperation_survival_grid(hazard: Sequence[Any], noise: Sequence[Any], *, trust: Any,
                              trust_threshold: Any, periods: int = 20,
                              secure_cooperation: Any = 1, grid: int = 2000,
                              executor: Any = None, chunk_size: int | None = None,
                              checkpoint=None, progress: bool = False):
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
    trust : number in [0, 1]
        Initial trust ``μ_0``.
    trust_threshold : number in (0, 1]
        ``π*``: we cooperate while the predicted trust is at least ``π*``.
    periods : int >= 0, default 20
    secure_cooperation : number in (0, 1], default 1
    grid : int, default 2000
    executor, chunk_size, checkpoint, progress
        As in :func:`~secdilemma.analysis.sweep.sweep`.

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
    >>> ds = cooperation_survival_grid([0.05, 0.1], [0.1, 0.2], trust=0.9,
    ...                                trust_threshold=0.5)
    >>> ds["expected_duration"].values.round(1).tolist()
    [[13.7, 11.7], [4.9, 5.9]]

    Noise need not shorten cooperation: at λ = 0.1 misperceptions make each observed D
    less damning, so a greedy partner is also unmasked more slowly.
    """
    func = "cooperation_survival_grid"
    hz, _ = _axis(func, "hazard", list(hazard) if not isinstance(hazard, np.ndarray)
                  else hazard)
    ns, _ = _axis(func, "noise", list(noise) if not isinstance(noise, np.ndarray) else noise)
    fixed = {}
    for name, value in (("trust", trust), ("trust_threshold", trust_threshold),
                        ("secure_cooperation", secure_cooperation)):
        check_real_number(func, name, value)
        fixed[name] = float(value)
    try:
        model = CooperationSurvivalModel(periods=periods, grid=grid)
    except InvalidParameterError as exc:
        raise _rename_error(func, exc) from None
    ds = _run(func, model, {"hazard": [float(v) for v in hz], "noise": [float(v) for v in ns]},
              fixed, executor=executor, chunk_size=chunk_size, checkpoint=checkpoint,
              progress=progress)
    ds = _finish(ds, func)
    ds["survival"].attrs["long_name"] = f"Pr(cooperation lasts {periods} periods)"
    ds["tragic"].attrs["long_name"] = (f"Pr(cooperation ended by period {periods} while "
                                       f"the other was a security seeker)")
    ds.attrs.update({"trust": float(trust), "trust_threshold": float(trust_threshold),
                     "periods": int(periods), "secure_cooperation": float(secure_cooperation),
                     "grid": int(grid), "method": "grid"})
    return ds
