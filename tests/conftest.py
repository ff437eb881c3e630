"""Fixtures shared by the core tests (games from the literature used in several files)."""

from __future__ import annotations

import pytest
from hypothesis import settings

from secdilemma import NormalFormGame, bimatrix

# Property tests must not flake on slow CI machines; each test sets max_examples itself.
settings.register_profile("secdilemma", deadline=None)
settings.load_profile("secdilemma")


@pytest.fixture
def stag_hunt():
    """Jervis (1978) stag hunt, (R, T, P, S) = (4, 3, 2, 1): A = [[R, S], [T, P]]."""
    return bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]], actions=[["C", "D"], ["C", "D"]])


@pytest.fixture
def prisoners_dilemma():
    """Prisoner's dilemma, (R, T, P, S) = (3, 5, 1, 0)."""
    return bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=[["C", "D"], ["C", "D"]])


@pytest.fixture
def three_player_coordination():
    """Three players each choose 0 or 1; everyone gets 1 if all match, else 0."""
    import numpy as np

    u = np.zeros((2, 2, 2), dtype=int)
    u[0, 0, 0] = u[1, 1, 1] = 1
    return NormalFormGame([u, u, u])
