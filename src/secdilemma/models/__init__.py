"""Substantive, parameterised models of the security dilemma.

Each model is a frozen dataclass with word-named parameters (mapped to the
literature's symbols in its docstring), a ``.to_game()``, vectorised payoffs for sweeps
(``stage_payoffs_batch``) and closed-form conditions where the literature has them.
Models are registered by name in :data:`MODELS`.

Examples
--------
>>> from secdilemma.models import get_model, MODELS
>>> sorted(MODELS)
['arms_race', 'global_game', 'green_porter', 'interdependence',
 'interdependence_reassurance', 'offense_defense', 'reassurance', 'sanction_spiral',
 'security_dilemma', 'stage_game', 'third_state']
>>> get_model("stage_game")(4, 1, 3, 2).regime
'stag_hunt'
"""

from __future__ import annotations

from .._validation import check_choice
from .arms_race import ArmsRaceModel
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

__all__ = ["MODELS", "REGIMES", "StageGameModel", "OffenseDefenseModel",
           "SecurityDilemmaModel", "SpiralModel", "RichardsonModel", "ArmsRaceModel",
           "GlobalGameModel", "ReassuranceModel", "ContinuousReassuranceModel",
           "GradualTrustModel", "GradualTrustEquilibrium", "TwoSidedReassuranceModel",
           "TwoSidedEquilibrium", "InterdependenceModel", "InterdependenceReassuranceModel",
           "SanctionSpiralModel", "ThirdStateModel", "GreenPorterModel",
           "ChangingIntentionsModel", "trust_filter", "expected_trust", "update_trust", "get_model",
           "model_name", "classify_regimes", "trust_thresholds"]

#: Registry of models by name (used by ``sweep`` and the ``secdilemma models`` command).
MODELS = {
    "stage_game": StageGameModel,
    "offense_defense": OffenseDefenseModel,
    "security_dilemma": SecurityDilemmaModel,
    "arms_race": ArmsRaceModel,
    "global_game": GlobalGameModel,
    "reassurance": ReassuranceModel,
    "interdependence": InterdependenceModel,
    "interdependence_reassurance": InterdependenceReassuranceModel,
    "sanction_spiral": SanctionSpiralModel,
    "third_state": ThirdStateModel,
    "green_porter": GreenPorterModel,
}


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
    """The registry name of a model class or instance (its class name if unregistered).

    Examples
    --------
    >>> from secdilemma.models import model_name, StageGameModel
    >>> model_name(StageGameModel)
    'stage_game'
    """
    cls = model if isinstance(model, type) else type(model)
    for name, registered in MODELS.items():
        if registered is cls:
            return name
    return cls.__name__
