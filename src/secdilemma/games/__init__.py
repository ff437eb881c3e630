"""Model-free mathematical game objects."""

from .bayesian import BayesianGame
from .normal_form import NormalFormGame, bimatrix

__all__ = ["BayesianGame", "NormalFormGame", "bimatrix"]
