"""Reading and writing games (JSON / TOML game files, Gambit .nfg / .efg), results
(JSON) and experiment files.

>>> from secdilemma.io import game_from_mapping
>>> game_from_mapping({"payoffs": [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]}).num_actions
(2, 2)
"""

from .experiment import Experiment, ExperimentError, load_experiment, parse_experiment
from .gamefile import game_from_mapping, game_to_mapping, read_game, write_game_json
from .gambit import parse_efg, parse_nfg, read_efg, read_nfg, write_efg, write_nfg
from .json_io import (read_result_json, result_from_dict, result_from_json, result_to_dict,
                      result_to_json)

__all__ = ["read_game", "game_from_mapping", "game_to_mapping", "write_game_json",
           "Experiment", "ExperimentError", "load_experiment", "parse_experiment",
           "read_nfg", "parse_nfg", "write_nfg", "read_efg", "parse_efg", "write_efg",
           "result_to_dict", "result_from_dict", "result_to_json", "result_from_json",
           "read_result_json"]
