"""Substantive, parameterised models of the security dilemma.

Each registered model is a frozen dataclass that satisfies the model protocol of
:mod:`secdilemma.models.protocol`: word-named parameters with domains, descriptions and
the literature's symbols, described metrics, a vectorised ``evaluate``, a
``to_game()`` for the general solvers, and closed-form ``critical_values`` where the
literature has them. :data:`MODELS` holds exactly the models that satisfy it: registered
means sweepable.

Examples
--------
>>> from secdilemma.models import get_model, MODELS
>>> sorted(MODELS)  # doctest: +NORMALIZE_WHITESPACE
['arms_race', 'arms_talk', 'cooperation_survival', 'critical_discount', 'distinguishability',
 'global_game', 'green_porter', 'interdependence', 'interdependence_reassurance',
 'noisy_spiral', 'offense_defense', 'payoff_set', 'power_shift', 'prevention', 'reassurance',
 'risk_return_bargaining', 'sanction_spiral', 'screening_bargaining', 'security_dilemma',
 'stage_game', 'third_state']
>>> get_model("stage_game")(4, 1, 3, 2).regime
'stag_hunt'
"""

from __future__ import annotations

import importlib
import pkgutil

from .._validation import check_choice
from .arms_race import ArmsRaceModel
from .arms_talk import ArmsTalkModel
from .distinguishability import DistinguishabilityModel
from .noisy_spiral import NoisySpiralModel
from .repeated_grids import CooperationSurvivalModel, CriticalDiscountModel, PayoffSetModel
from .bargaining import RiskReturnModel, ScreeningModel
from .power_shift import PowerShiftModel
from .prevention import PreventionModel
from .changing_intentions import ChangingIntentionsModel, expected_trust, trust_filter
from .global_game import GlobalGameModel
from .green_porter import GreenPorterModel
from .offense_defense import OffenseDefenseModel
from .gradual_trust import GradualTrustEquilibrium, GradualTrustModel
from .interdependence import InterdependenceModel
from .interdependence_reassurance import InterdependenceReassuranceModel
from .reassurance import ContinuousReassuranceModel, ReassuranceModel
from .two_sided_reassurance import TwoSidedEquilibrium, TwoSidedReassuranceModel
from .richardson import RichardsonModel
from .sanction_spiral import SanctionSpiralModel
from .security_dilemma import SecurityDilemmaModel
from .spiral import SpiralModel, update_trust
from .third_state import ThirdStateModel
from .stage_game import REGIMES, StageGameModel, classify_regimes, trust_thresholds
from .protocol import Metric, Model, Parameter, check_model, provenance, register

__all__ = ["MODELS", "REGIMES", "StageGameModel", "OffenseDefenseModel",
           "SecurityDilemmaModel", "SpiralModel", "RichardsonModel", "ArmsRaceModel",
           "GlobalGameModel", "ReassuranceModel", "ContinuousReassuranceModel",
           "GradualTrustModel", "GradualTrustEquilibrium", "TwoSidedReassuranceModel",
           "TwoSidedEquilibrium", "InterdependenceModel", "InterdependenceReassuranceModel",
           "SanctionSpiralModel", "ThirdStateModel", "GreenPorterModel",
           "ChangingIntentionsModel", "trust_filter", "expected_trust", "update_trust", "get_model",
           "model_name", "classify_regimes", "trust_thresholds", "Model", "Parameter", "Metric",
           "check_model", "register", "provenance", "RiskReturnModel", "ScreeningModel",
           "PowerShiftModel", "PreventionModel", "ArmsTalkModel", "DistinguishabilityModel",
           "NoisySpiralModel", "CriticalDiscountModel", "PayoffSetModel",
           "CooperationSurvivalModel"]

def _discover() -> dict:
    """Every :class:`~secdilemma.models.protocol.Model` subclass with a registry name
    defined in a module of this package, checked and registered in name order: adding a
    model is adding one file here (its tests aside)."""
    classes = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        classes += [obj for obj in vars(module).values()
                    if isinstance(obj, type) and issubclass(obj, Model)
                    and obj.__module__ == module.__name__ and obj.__dict__.get("name")]
    return register(*sorted(classes, key=lambda c: c.name))


#: Registry of models by name (used by ``sweep`` and the ``secdilemma models`` command):
#: every model class of this package that satisfies the protocol (each checked by
#: :func:`~secdilemma.models.protocol.check_model`).
MODELS = _discover()


def get_model(name: str):
    """The model class registered under ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`MODELS`.

    Returns
    -------
    type

    Raises
    ------
    InvalidParameterError
        For an unknown name.

    References
    ----------
    .. [1] Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*
       30(2), 167-214.

    Examples
    --------
    >>> from secdilemma.models import get_model
    >>> get_model("offense_defense").parameters[0]
    'offense_advantage'
    """
    check_choice("get_model", "name", name, tuple(MODELS))
    return MODELS[name]


def model_name(model) -> str:
    """The registry name of a model class or instance (its ``name``; its class name if it
    has none).

    Examples
    --------
    >>> from secdilemma.models import model_name, StageGameModel
    >>> model_name(StageGameModel)
    'stage_game'
    """
    cls = model if isinstance(model, type) else type(model)
    return getattr(cls, "name", "") or cls.__name__
