"""Repeated-game metrics as sweepable models: critical discount factors, the size of the
equilibrium payoff set, and how long cooperation survives changing intentions.

Each class is a model of the model protocol (:mod:`secdilemma.models.protocol`:
``PARAMETERS``, ``METRICS``, ``evaluate(params, metrics=None, *, rng=None)``), so
:func:`~secdilemma.analysis.sweep.sweep` runs it like any other model, on any executor,
with checkpoints, seeds and progress. What is not a number is a *setting* of the model:
the automaton profile and equilibrium concept of :class:`CriticalDiscountModel`, the
stage game of :class:`PayoffSetModel`, the horizon of :class:`CooperationSurvivalModel`.
An instance carries its settings (``CriticalDiscountModel(strategy=tit_for_tat(),
concept="nash")``) and is passed to ``sweep`` in place of the class; the class itself
sweeps with the default settings. The settings are part of the sweep's provenance and
of its checkpoint's plan hash.

Unlike the closed-form models, these evaluate point by point (each point calls a
solver: 0.02-0.4 s for an exact critical discount factor, 1-100 ms for a payoff set,
about 0.03 s for a survival curve), so the chunk size of a sweep of them should be
small (:attr:`RepeatedGridModel.chunk_size_hint`) and a process pool or a dask cluster
pays off from a few dozen points.

Exactness: the swept values arrive as float64. With ``exact=True`` each value is read
as the simplest rational that the float64 stores to the last bit (:func:`exact_value`:
0.05 is read as 1/20, 1/3 as 1/3), and the solver works in exact arithmetic on it.

References
----------
.. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
   Oxford University Press, §2.4.
.. [2] Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated games
   with perfect monitoring. *Theoretical Economics* 9(2), 313-338.
.. [3] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, Princeton
   University Press, ch. 3 and 7.

Examples
--------
>>> import numpy as np
>>> from secdilemma.analysis import sweep
>>> from secdilemma.models.repeated_grids import CriticalDiscountModel
>>> ds = sweep(CriticalDiscountModel, {"temptation": [4, 5, 6]},
...            fixed={"reward": 3, "sucker": 0, "punishment": 1, "noise": 0},
...            chunk_size=1)
>>> ds["critical_discount"].values.tolist()    # grim trigger: (T - R)/(T - P)
[0.3333333333333333, 0.5, 0.6]
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar, Mapping, Sequence

import numpy as np

from .._validation import check_choice
from ..errors import InvalidParameterError, NoPureEquilibriumError
from ..games.automaton import CLASSIC_STRATEGIES, Automaton
from ..games.normal_form import NormalFormGame, bimatrix
from ..games.repeated import RepeatedGame
from ..solvers.payoff_set import equilibrium_payoff_set
from ..solvers.repeated import critical_discount_factor
from .changing_intentions import ChangingIntentionsModel
from .protocol import Metric, Model, Parameter, check_metric_names, check_parameter_arrays

__all__ = ["RepeatedGridModel", "CriticalDiscountModel", "PayoffSetModel",
           "CooperationSurvivalModel", "symmetric_stage", "exact_value", "resolve_strategy"]


def symmetric_stage(reward: Any, sucker: Any, temptation: Any,
                    punishment: Any) -> NormalFormGame:
    """The symmetric 2×2 stage game with actions (C, D) and payoffs R, S, T, P.

    Parameters
    ----------
    reward, sucker, temptation, punishment : number
        ``R`` (C against C), ``S`` (C against D), ``T`` (D against C), ``P`` (D against
        D). Ints and Fractions are kept exactly.

    Returns
    -------
    NormalFormGame

    References
    ----------
    .. [1] Axelrod, R. (1984). *The Evolution of Cooperation*, Basic Books (notation).

    Examples
    --------
    >>> from secdilemma.models.repeated_grids import symmetric_stage
    >>> symmetric_stage(3, 0, 5, 1).payoffs[0].tolist()
    [[3.0, 0.0], [5.0, 1.0]]
    """
    row = [[reward, sucker], [temptation, punishment]]
    col = [[reward, temptation], [sucker, punishment]]
    return bimatrix(row, col, actions=[["C", "D"], ["C", "D"]])


def exact_value(x: float) -> Fraction:
    """The simplest rational that the float64 ``x`` stores to the last bit.

    The fraction with the smallest denominator bound ``10**k`` (k = 0, 1, ..., 17)
    whose float64 rounding is ``x`` exactly (found by
    :meth:`fractions.Fraction.limit_denominator`); else the binary rational ``x``
    itself. A value typed as ``0.05`` or computed as ``1/3`` is read back as 1/20 or
    1/3.

    References
    ----------
    .. [1] Khinchin, A. Ya. (1964). *Continued Fractions*, University of Chicago Press
       (best rational approximations).

    Examples
    --------
    >>> from secdilemma.models.repeated_grids import exact_value
    >>> exact_value(0.05), exact_value(1 / 3), exact_value(5.0)
    (Fraction(1, 20), Fraction(1, 3), Fraction(5, 1))
    """
    x = float(x)
    exact = Fraction(x)
    for k in range(18):
        f = exact.limit_denominator(10**k)
        if float(f) == x:
            return f
    return exact


def resolve_strategy(func: str, strategy: Any):
    """An automaton or a pair of them from an automaton, a pair, or a classic name."""
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


def _automaton_record(a: Automaton) -> str:
    """A complete, stable description of an automaton (for provenance and hashes)."""
    probs = [[str(p) for p in row] for row in a.probabilities]
    return (f"{a.name or 'automaton'}(actions={probs}, "
            f"transitions={np.asarray(a.transitions).tolist()}, initial={a.initial_state})")


class _ModelMethod:
    """``evaluate`` on an instance uses its settings; on the class, the defaults."""

    def __init__(self, func) -> None:
        self.func = func
        self.__doc__ = func.__doc__

    def __get__(self, obj, cls):
        if obj is None:
            obj = cls()
        return self.func.__get__(obj, cls)


class RepeatedGridModel(Model):
    """Base of the repeated-game models: settings, and a point-by-point ``evaluate``.

    A subclass declares the protocol attributes, ``SETTINGS`` (the names of its
    settings, as the protocol has them) and ``SETTING_DEFAULTS`` (name -> default),
    implements ``_check_settings`` and ``_point(values, metrics)`` (one point: a dict
    of float parameter values in, a dict of metric values out).
    """

    SETTINGS: ClassVar[tuple] = ()
    SETTING_DEFAULTS: ClassVar[dict] = {}
    #: Points per chunk that keep a chunk at a fraction of a second to a few seconds.
    chunk_size_hint: ClassVar[int] = 8
    to_game = None
    no_game_reason = ("an infinitely repeated game is not a finite game; the general "
                      "solvers check its stage game (symmetric_stage) instead")

    def __init__(self, **settings) -> None:
        unknown = set(settings) - set(self.SETTINGS)
        if unknown:
            raise InvalidParameterError(
                f"{type(self).__name__}(): settings must be among "
                f"{', '.join(self.SETTINGS)}; got {sorted(unknown)[0]!r}")
        values = {name: self.SETTING_DEFAULTS[name] for name in self.SETTINGS}
        values.update(settings)
        self._settings = self._check_settings(values)

    def _check_settings(self, values: dict) -> dict:  # pragma: no cover - abstract
        """Validate and complete the settings; every grid model below defines it (the
        three registered ones are checked in tests/test_repeated_sweeps.py)."""
        raise NotImplementedError(f"{type(self).__name__}._check_settings() is not "
                                  "implemented")

    def settings(self) -> dict:
        """The settings, as complete, stable strings (recorded by a sweep)."""
        return {k: self._describe(k, v) for k, v in self._settings.items()}

    def _describe(self, key: str, value: Any) -> str:
        return repr(value)

    def __getattr__(self, name: str):
        settings = self.__dict__.get("_settings")
        if settings is not None and name in settings:
            return settings[name]
        raise AttributeError(name)

    def __reduce__(self):
        return (_rebuild, (type(self), dict(self._settings)))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.settings() == self.settings()

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted(self.settings().items()))))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v}" for k, v in self.settings().items())
        return f"{type(self).__name__}({inner})"

    def _evaluate(self, params: Mapping[str, Any], metrics: Sequence[str] | None = None,
                  *, rng=None) -> dict:
        """The model's metrics at many parameter points (one solver call per point).

        Parameters
        ----------
        params : mapping of str to array_like
            One array per parameter (broadcast together); parameters with a default
            may be left out.
        metrics : sequence of str, optional
            Names from the model's ``METRICS`` (default: all).
        rng : None
            Unused (the model is deterministic).

        Returns
        -------
        dict of str to numpy.ndarray
            One array per metric, of the broadcast shape and the declared dtype.
        """
        func = f"{type(self).__name__}.evaluate"
        if not isinstance(params, Mapping):
            raise InvalidParameterError(
                f"{func}(): params must be a dict of parameter name -> array; got {params!r}")
        full = dict(params)
        for p in self.PARAMETERS:
            if p.name not in full and p.default is not None:
                full[p.name] = p.default
        checked = check_parameter_arrays(func, self.parameters, full,
                                         rules=self.parameter_bounds)
        names = check_metric_names(func, metrics, tuple(self.metric_info))
        shape = np.broadcast_shapes(*(v.shape for v in checked.values()))
        out = {m: np.empty(shape, dtype=np.dtype(self.metric_info[m].dtype)) for m in names}
        flat = {k: np.broadcast_to(v, shape).ravel() for k, v in checked.items()}
        for i in range(int(np.prod(shape, dtype=np.int64))):
            point = self._point({k: float(v[i]) for k, v in flat.items()}, names)
            idx = np.unravel_index(i, shape) if shape else ()
            for m in names:
                out[m][idx] = point[m]
        return out

    evaluate = _ModelMethod(_evaluate)

    @classmethod
    def _compute(cls, p, metrics, rng):  # pragma: no cover - evaluate is overridden
        return cls()._evaluate(p, metrics, rng=rng)


def _rebuild(cls, settings):
    return cls(**settings)


_PAYOFFS = (
    Parameter("reward", "stage payoff R of mutual cooperation (C, C)", "R", default=3.0),
    Parameter("sucker", "stage payoff S of cooperating against defection (C, D)", "S",
              default=0.0),
    Parameter("temptation", "stage payoff T of defecting against cooperation (D, C)", "T",
              default=5.0),
    Parameter("punishment", "stage payoff P of mutual defection (D, D)", "P", default=1.0),
)


class CriticalDiscountModel(RepeatedGridModel):
    """The set of discount factors at which an automaton profile is an equilibrium of
    the repeated symmetric 2×2 game with noise.

    Model parameters (swept in a grid or fixed; a sweep's coordinates):

    - ``reward``, ``sucker``, ``temptation``, ``punishment``: the stage payoffs R, S,
      T, P (:func:`symmetric_stage`); defaults 3, 0, 5, 1;
    - ``noise`` in [0, 1/2]: ``ε``, the probability that an intended action is
      flipped; default 0.

    Parameters
    ----------
    strategy : Automaton, pair of Automaton or str, default "grim_trigger"
        The profile (a single automaton plays against itself) or the name of a classic
        strategy without parameters.
    concept : {"spe", "nash"}, default "spe"
    exact : bool, default True
        Exact method on the rationals the floats store (:func:`exact_value`), else
        the bracketing method of
        :func:`~secdilemma.solvers.repeated.critical_discount_factor`, flagged as not
        certified: it misses knife-edge points, and where every deviation gain
        vanishes like ``1 − δ`` it reports sets that the exact method finds empty
        (with (R, S, T, P) = (3, 0, 5, 1): win-stay-lose-shift from 0.99994 at noise 0,
        tit-for-tat (SPE) from δ = 1.0 at noise 0.06 to 0.14, measured).
    grid : int, default 400
        Grid of the bracketing method.

    Metrics: ``critical_discount`` (infimum of the set, NaN if empty),
    ``upper_discount`` (supremum), ``num_pieces``, ``knife_edge``, ``exact``.

    References
    ----------
    .. [1] Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*,
       §2.4 (grim trigger is SPE iff δ >= (T − R)/(T − P)).
    .. [2] Axelrod, R. (1984). *The Evolution of Cooperation*, appendix B.

    Examples
    --------
    >>> from secdilemma.games.automaton import tit_for_tat
    >>> from secdilemma.models.repeated_grids import CriticalDiscountModel
    >>> m = CriticalDiscountModel(strategy=tit_for_tat(), concept="nash")
    >>> m.evaluate({"temptation": [5.0, 5.5, 6.0]})["critical_discount"].tolist()
    [0.6666666666666666, 0.8333333333333334, nan]
    """

    name = "critical_discount"
    summary = ("Repeated symmetric 2x2 game (Mailath and Samuelson 2006, §2.4): the "
               "discount factors at which an automaton profile is an equilibrium")
    method = "critical_discount_factor"
    references = (
        "Mailath, G. J. and Samuelson, L. (2006). Repeated Games and Reputations. "
        "Oxford University Press, §2.4.",
        "Axelrod, R. (1984). The Evolution of Cooperation. Basic Books.",
    )
    PARAMETERS = _PAYOFFS + (
        Parameter("noise", "probability that an intended action is flipped", "ε", low=0,
                  high=0.5, default=0.0),
    )
    METRICS = (
        Metric("critical_discount",
               "critical discount factor (infimum of the equilibrium set; NaN if empty)"),
        Metric("upper_discount", "supremum of the equilibrium set (NaN if empty)"),
        Metric("num_pieces", "number of intervals / points of the equilibrium set",
               "int64"),
        Metric("knife_edge", "the equilibrium set is a single discount factor", "bool"),
        Metric("exact", "the set was computed by the exact method", "bool"),
    )
    SETTINGS = ("strategy", "concept", "exact", "grid")
    SETTING_DEFAULTS = {"strategy": "grim_trigger", "concept": "spe", "exact": True,
                        "grid": 400}

    def _check_settings(self, values: dict) -> dict:
        func = type(self).__name__
        values["strategy"] = resolve_strategy(func, values["strategy"])
        check_choice(func, "concept", values["concept"], ("spe", "nash"))
        if not isinstance(values["exact"], bool):
            raise InvalidParameterError(f"{func}(): exact must be True or False; got "
                                        f"{values['exact']!r}")
        grid = values["grid"]
        if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 10:
            raise InvalidParameterError(f"{func}(): grid must be an integer >= 10; got "
                                        f"{grid!r}")
        values["grid"] = int(grid)
        return values

    def _describe(self, key, value):
        if key == "strategy":
            if isinstance(value, tuple):
                return " vs ".join(_automaton_record(a) for a in value)
            return _automaton_record(value)
        return repr(value)

    @property
    def strategy_name(self) -> str:
        """The profile's name, e.g. ``"grim_trigger"`` or ``"TFT vs GRIM"``."""
        s = self._settings["strategy"]
        return (str(s.name) if not isinstance(s, tuple)
                else f"{s[0].name} vs {s[1].name}")

    def _point(self, v: dict, metrics) -> dict:
        exact = self._settings["exact"]
        conv = exact_value if exact else float
        payoffs = [conv(v[name]) for name in ("reward", "sucker", "temptation",
                                               "punishment")]
        stage = symmetric_stage(*payoffs)
        res = critical_discount_factor(stage, self._settings["strategy"],
                                       noise=conv(v["noise"]),
                                       concept=self._settings["concept"], exact=exact,
                                       grid=self._settings["grid"])
        if res.is_empty:
            lo = hi = np.nan
        else:
            lo, hi = float(res.bounds[0][0]), float(res.bounds[-1][1])
        return {"critical_discount": lo, "upper_discount": hi,
                "num_pieces": len(res.pieces), "knife_edge": bool(res.is_knife_edge),
                "exact": res.method == "exact"}

    @classmethod
    def for_game(cls, game: RepeatedGame, strategy: Any = "grim_trigger", *,
                 concept: str = "spe", exact: bool = True):
        """The model and the point of a :class:`~secdilemma.games.repeated.RepeatedGame`
        with a symmetric 2×2 stage game: ``(model, params)`` for :meth:`evaluate` or a
        one-point sweep (its discount factor is not a parameter: the model computes the
        whole set of them).

        Raises
        ------
        InvalidParameterError
            The stage game is not a symmetric 2×2 game.

        Examples
        --------
        >>> from secdilemma.games.repeated import RepeatedGame
        >>> from secdilemma.models.repeated_grids import CriticalDiscountModel, symmetric_stage
        >>> game = RepeatedGame(symmetric_stage(3, 0, 5, 1), discount=0.9)
        >>> model, params = CriticalDiscountModel.for_game(game)
        >>> float(model.evaluate(params)["critical_discount"][()])
        0.5
        """
        if not isinstance(game, RepeatedGame):
            raise InvalidParameterError(
                f"{cls.__name__}.for_game(): game must be a RepeatedGame; got {game!r}")
        A, B = (np.asarray(p, dtype=object) for p in game.stage.payoffs)
        if A.shape != (2, 2) or any(A[i, j] != B[j, i] for i in range(2) for j in range(2)):
            raise InvalidParameterError(
                f"{cls.__name__}.for_game(): the stage game must be a symmetric 2x2 game "
                f"(B = A transposed); got payoffs {A.tolist()} and {B.tolist()}")
        params = {"reward": float(A[0, 0]), "sucker": float(A[0, 1]),
                  "temptation": float(A[1, 0]), "punishment": float(A[1, 1]),
                  "noise": float(game.noise)}
        return cls(strategy=strategy, concept=concept, exact=exact), params


class PayoffSetModel(RepeatedGridModel):
    """The pure-strategy subgame-perfect equilibrium payoff set of a repeated two-player
    game over the discount factor (Abreu-Sannikov or APS iteration).

    Model parameters (swept in a grid or fixed; a sweep's coordinates):

    - ``discount`` in [0, 1): ``δ``.

    Parameters
    ----------
    stage : NormalFormGame, default the prisoner's dilemma ``symmetric_stage(3, 0, 5, 1)``
        A two-player stage game.
    exact : bool, default False
        Certified rational vertices where they exist (the discount read by
        :func:`exact_value`).
    method : {"abreu-sannikov", "aps"}, default "abreu-sannikov"

    Metrics: ``area`` (0 for a point or segment, NaN when the set is empty),
    ``dimension`` (0, 1, 2; −1 when empty), ``num_vertices``, ``punishment_row`` and
    ``punishment_column`` (each player's lowest equilibrium payoff), ``converged``,
    ``iterations``.

    References
    ----------
    .. [1] Abreu, D., Pearce, D. and Stacchetti, E. (1990). Toward a theory of
       discounted repeated games with imperfect monitoring. *Econometrica* 58(5),
       1041-1063.
    .. [2] Abreu, D. and Sannikov, Y. (2014). An algorithm for two-player repeated
       games with perfect monitoring. *Theoretical Economics* 9(2), 313-338.

    Examples
    --------
    >>> from secdilemma import bimatrix
    >>> from secdilemma.models.repeated_grids import PayoffSetModel
    >>> pd = bimatrix([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> out = PayoffSetModel(stage=pd).evaluate({"discount": [0.1, 0.5]})
    >>> out["dimension"].tolist(), out["area"].round(4).tolist()
    ([0, 2], [0.0, 40.5])
    """

    name = "payoff_set"
    summary = ("Repeated two-player game (Abreu and Sannikov 2014): size of the "
               "pure-strategy SPE payoff set over the discount factor")
    method = "equilibrium_payoff_set"
    references = (
        "Abreu, D., Pearce, D. and Stacchetti, E. (1990). Econometrica 58(5), 1041-1063.",
        "Abreu, D. and Sannikov, Y. (2014). Theoretical Economics 9(2), 313-338.",
    )
    PARAMETERS = (
        Parameter("discount", "common discount factor", "δ", low=0, high=1,
                  high_open=True),
    )
    METRICS = (
        Metric("area", "area of the SPE payoff set (NaN if empty)"),
        Metric("dimension", "dimension (0 point, 1 segment, 2 polygon, -1 empty)", "int64"),
        Metric("num_vertices", "number of vertices of the set", "int64"),
        Metric("punishment_row", "lowest SPE payoff of the row player (NaN if empty)"),
        Metric("punishment_column", "lowest SPE payoff of the column player (NaN if empty)"),
        Metric("converged", "the set iteration converged", "bool"),
        Metric("iterations", "iterations of the set operator", "int64"),
    )
    SETTINGS = ("stage", "exact", "method")
    SETTING_DEFAULTS = {"stage": None, "exact": False, "method": "abreu-sannikov"}

    def _check_settings(self, values: dict) -> dict:
        func = type(self).__name__
        stage = values["stage"]
        if stage is None:
            stage = values["stage"] = symmetric_stage(3, 0, 5, 1)
        if isinstance(stage, RepeatedGame):
            stage = values["stage"] = stage.stage
        if not isinstance(stage, NormalFormGame) or stage.num_players != 2:
            raise InvalidParameterError(f"{func}(): stage must be a two-player "
                                        f"NormalFormGame; got {stage!r}")
        check_choice(func, "method", values["method"], ("abreu-sannikov", "aps"))
        if not isinstance(values["exact"], bool):
            raise InvalidParameterError(f"{func}(): exact must be True or False; got "
                                        f"{values['exact']!r}")
        return values

    def _describe(self, key, value):
        if key == "stage":
            return (f"NormalFormGame(actions={[list(a) for a in value.actions]}, payoffs="
                    f"{[np.asarray(p, dtype=object).tolist() for p in value.payoffs]})")
        return repr(value)

    def _point(self, v: dict, metrics) -> dict:
        exact = self._settings["exact"]
        discount = exact_value(v["discount"]) if exact else v["discount"]
        try:
            res = equilibrium_payoff_set(self._settings["stage"], discount, exact=exact,
                                         method=self._settings["method"])
        except NoPureEquilibriumError:
            return {"area": np.nan, "dimension": -1, "num_vertices": 0,
                    "punishment_row": np.nan, "punishment_column": np.nan,
                    "converged": False, "iterations": 0}
        low = np.asarray(res.punishment_payoffs, dtype=float)
        return {"area": float(res.area), "dimension": int(res.dimension),
                "num_vertices": len(res.vertices), "punishment_row": float(low[0]),
                "punishment_column": float(low[1]), "converged": bool(res.converged),
                "iterations": int(res.iterations)}


class CooperationSurvivalModel(RepeatedGridModel):
    """How long does reciprocity survive changing intentions? Expected duration of
    cooperation and the probability that it survives a horizon.

    Evaluates :meth:`~secdilemma.models.changing_intentions.ChangingIntentionsModel.survival`
    with the belief-grid method at each point.

    Model parameters (swept in a grid or fixed; a sweep's coordinates):

    - ``hazard`` in [0, 1): ``λ``, per-period probability that a security seeker
      turns greedy;
    - ``noise`` in [0, 1/2]: ``ε``, probability that an observed move is misperceived;
    - ``trust`` in [0, 1]: ``μ_0``, initial trust;
    - ``trust_threshold`` in (0, 1]: ``π*``, we cooperate while the predicted trust is at
      least ``π*``;
    - ``secure_cooperation`` in (0, 1], default 1: ``c``, probability that a security
      seeker intends C while we cooperate.

    Parameters
    ----------
    periods : int >= 0, default 20
    grid : int, default 2000
        Belief grid of the ``"grid"`` method.

    Metrics: ``expected_duration`` (``E[D]``; inf when ``λ = 0``), ``survival``
    (``Pr(D >= periods)``), ``tragic`` (probability that cooperation has ended by
    ``periods`` while the other was still a security seeker).

    Notes
    -----
    The metrics jump where a reachable trust value meets the threshold, because the
    decision to cooperate is a threshold on trust. With ``ε = 0.05``, ``μ_0 = 0.9`` and
    ``π* = 1/2``, repeated observed Cs drive trust to a fixed point ``μ*(λ)``; one
    misread move from there leaves predicted trust above ``π*`` iff ``λ < 0.0434416``.
    Below, cooperation survives an isolated misreading that follows enough Cs; above,
    the first misreading ends it: ``E[D]`` falls from 17.8 (``λ = 0.043``) to 10.0
    (``λ = 0.0435``) through a cascade of jumps accumulating at ``0.0434416``. The belief
    grid places such jumps to within about 2e-5 of ``λ``.

    References
    ----------
    .. [1] Kydd, A. H. (2005). *Trust and Mistrust in International Relations*, ch. 3
       and 7 (verbal source; the formalisation is in
       :mod:`secdilemma.models.changing_intentions`).

    Examples
    --------
    >>> from secdilemma.models.repeated_grids import CooperationSurvivalModel
    >>> out = CooperationSurvivalModel().evaluate(
    ...     {"hazard": [0.05, 0.1], "noise": 0.1, "trust": 0.9, "trust_threshold": 0.5})
    >>> out["expected_duration"].round(1).tolist()
    [13.7, 4.9]
    """

    name = "cooperation_survival"
    summary = ("Changing intentions (Kydd 2005, ch. 3, 7): how long reciprocity survives "
               "a partner who may turn greedy, under misperception")
    method = "ChangingIntentionsModel.survival (belief grid)"
    references = (
        "Kydd, A. H. (2005). Trust and Mistrust in International Relations. Princeton "
        "University Press, ch. 3 and 7.",
    )
    PARAMETERS = (
        Parameter("hazard", "per-period probability that a security seeker turns greedy",
                  "λ", low=0, high=1, high_open=True),
        Parameter("noise", "probability that an observed move is misperceived", "ε", low=0,
                  high=0.5),
        Parameter("trust", "initial trust (probability that the other is a security "
                  "seeker)", "μ_0", low=0, high=1),
        Parameter("trust_threshold", "least predicted trust at which we cooperate", "π*", low=0,
                  high=1, low_open=True),
        Parameter("secure_cooperation", "probability that a security seeker intends C "
                  "while we cooperate", "c", low=0, high=1, low_open=True, default=1.0),
    )
    METRICS = (
        Metric("expected_duration", "expected periods of cooperation"),
        Metric("survival", "probability that cooperation lasts the horizon"),
        Metric("tragic", "probability that cooperation ended by the horizon while the "
               "other was a security seeker"),
    )
    SETTINGS = ("periods", "grid")
    SETTING_DEFAULTS = {"periods": 20, "grid": 2000}

    def _check_settings(self, values: dict) -> dict:
        func = type(self).__name__
        for key, low in (("periods", 0), ("grid", 2)):
            value = values[key]
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
                    or value < low:
                raise InvalidParameterError(f"{func}(): {key} must be an integer >= {low}; "
                                            f"got {value!r}")
            values[key] = int(value)
        return values

    def _point(self, v: dict, metrics) -> dict:
        periods = self._settings["periods"]
        res = ChangingIntentionsModel(v["hazard"], v["noise"], v["trust"], v["trust_threshold"],
                                      v["secure_cooperation"]).survival(
            periods, method="grid", grid=self._settings["grid"])
        return {"expected_duration": float(res.expected_duration),
                "survival": float(res.survival[periods]),
                "tragic": float(res.tragic[periods])}
