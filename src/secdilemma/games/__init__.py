"""Model-free mathematical game objects."""

from .normal_form import NormalFormGame, bimatrix

__all__ = ["NormalFormGame", "bimatrix"]
