"""Reading and writing games (JSON / TOML game files) and experiment files.

>>> from secdilemma.io import game_from_mapping
>>> game_from_mapping({"payoffs": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]}).num_actions
(2, 2)
"""

from .experiment import Experiment, ExperimentError, load_experiment, parse_experiment
from .gamefile import game_from_mapping, game_to_mapping, read_game, write_game_json

__all__ = ["read_game", "game_from_mapping", "game_to_mapping", "write_game_json",
           "Experiment", "ExperimentError", "load_experiment", "parse_experiment"]
