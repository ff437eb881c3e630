"""Action–reaction dynamics (MODELS.md §6): Richardson's model, replicator dynamics and
best-response dynamics."""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from secdilemma import InvalidGameError, InvalidParameterError, NormalFormGame, bimatrix
from secdilemma.analysis.dynamics import (best_response_dynamics, replicator_field,
                                          replicator_rest_points, replicator_trajectory)
from secdilemma.models.richardson import RichardsonModel

EXAMPLE = dict(reaction_x=2, reaction_y=2, fatigue_x=5, fatigue_y=3, grievance_x=5,
               grievance_y=5)


# ---------------------------------------------------------------------- Richardson
def test_richardson_published_example():
    """dx/dt = 2y − 5x + 5, dy/dt = 2x − 3y + 5 → (25/11, 35/11), eigenvalues −4 ± √5."""
    race = RichardsonModel(**EXAMPLE)
    assert race.equilibrium == (F(25, 11), F(35, 11))
    assert all(isinstance(v, F) for v in race.equilibrium)
    np.testing.assert_allclose(race.eigenvalues, [-4 - np.sqrt(5), -4 + np.sqrt(5)])
    lo, hi = race.exact_eigenvalues
    assert sympy.simplify(lo - (-4 - sympy.sqrt(5))) == 0
    assert sympy.simplify(hi - (-4 + sympy.sqrt(5))) == 0
    assert race.is_stable and race.determinant == 11
    assert race.velocity(F(25, 11), F(35, 11)) == (0, 0)


def test_richardson_exact_eigenvalues_of_float_parameters_are_the_models():
    """A float is the binary rational it stores: sqrt(2) as a float is not sqrt(2), so
    the eigenvalues are roots of the characteristic polynomial with those rationals,
    and no guessed closed form (a float must never be read as a symbol)."""
    root2, third = math.sqrt(2), 1 / 3
    race = RichardsonModel(reaction_x=root2, reaction_y=root2, fatigue_x=1.0,
                           fatigue_y=third, grievance_x=0.1, grievance_y=0)
    k, l, a, b = (sympy.Rational(F(v).numerator, F(v).denominator)
                  for v in (root2, root2, 1.0, third))
    lam = sympy.Symbol("lam")
    char = lam**2 + (a + b) * lam + (a * b - k * l)     # det(lam I - [[-a, k], [l, -b]])
    lo, hi = race.exact_eigenvalues
    for root in (lo, hi):
        assert sympy.expand(char.subs(lam, root)) == 0
        assert root.free_symbols == set()
    assert sympy.simplify(lo - (-(a + b) - sympy.sqrt((a - b) ** 2 + 4 * k * l)) / 2) == 0
    np.testing.assert_allclose([float(lo), float(hi)], race.eigenvalues, rtol=1e-14)


def test_richardson_trajectory_matches_numerical_integration():
    race = RichardsonModel(**EXAMPLE)
    t = np.linspace(0, 3, 13)
    closed = race.trajectory(1.0, 7.0, t)
    sol = solve_ivp(lambda _, z: race.matrix @ z + [5, 5], (0, 3), [1.0, 7.0], t_eval=t,
                    rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(closed, sol.y.T, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(race.trajectory(1.0, 7.0, 0.0), [[1.0, 7.0]])
    np.testing.assert_allclose(race.trajectory(0, 0, 50.0)[0], [25 / 11, 35 / 11])


def test_unstable_arms_race_runs_away():
    race = RichardsonModel(reaction_x=3, reaction_y=2, fatigue_x=1, fatigue_y=1,
                           grievance_x=1, grievance_y=1)
    assert not race.is_stable
    assert race.equilibrium == (F(-4, 5), F(-3, 5))  # a repelling rest point
    assert race.eigenvalues.max() > 0
    far = race.trajectory(0, 0, [10.0])[0]
    assert far.min() > 1e3


def test_singular_richardson_model_has_no_unique_rest_point():
    race = RichardsonModel(reaction_x=1, reaction_y=4, fatigue_x=2, fatigue_y=2,
                           grievance_x=1, grievance_y=0)
    assert race.determinant == 0 and race.equilibrium is None and not race.is_stable
    assert np.all(np.isfinite(race.trajectory(0, 0, [0.0, 1.0])))


def test_float_richardson_model():
    race = RichardsonModel(reaction_x=2.0, reaction_y=2, fatigue_x=5, fatigue_y=3,
                           grievance_x=5, grievance_y=5)
    assert not race.is_exact
    np.testing.assert_allclose(race.equilibrium, [25 / 11, 35 / 11])


@given(*(st.fractions(F(0), F(10), max_denominator=7) for _ in range(4)),
       st.fractions(F(-5), F(5), max_denominator=7), st.fractions(F(-5), F(5), max_denominator=7))
@settings(max_examples=50)
def test_richardson_equilibrium_formula(k, l, a, b, g, h):
    race = RichardsonModel(k, l, a, b, g, h)
    det = a * b - k * l
    if det == 0:
        assert race.equilibrium is None
        return
    x, y = race.equilibrium
    assert (x, y) == ((b * g + k * h) / det, (a * h + l * g) / det)
    assert race.velocity(x, y) == (0, 0)
    assert race.is_stable == (a * b > k * l)
    assert race.is_stable == bool(np.all(race.eigenvalues < 0)) or abs(det) < 1e-12


def test_richardson_validation():
    with pytest.raises(InvalidParameterError,
                       match=r"^RichardsonModel\(\): fatigue_x must be >= 0; got -1"):
        RichardsonModel(**{**EXAMPLE, "fatigue_x": -1})
    with pytest.raises(InvalidParameterError, match="grievance_y must be finite"):
        RichardsonModel(**{**EXAMPLE, "grievance_y": float("inf")})
    with pytest.raises(InvalidParameterError, match="t must be a finite number"):
        RichardsonModel(**EXAMPLE).trajectory(0, 0, [[0.0, 1.0]])
    with pytest.raises(dataclasses.FrozenInstanceError):
        RichardsonModel(**EXAMPLE).fatigue_x = 1


# ---------------------------------------------------------------------- replicator
PD = bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
STAG = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]])


@given(st.floats(0.01, 0.99), st.floats(0.01, 0.99))
@settings(max_examples=10)
def test_replicator_in_pd_flows_to_mutual_defection(p, q):
    traj = replicator_trajectory(PD, [p, 1 - p], [q, 1 - q], np.linspace(0, 60, 31))
    x, y = traj.final
    assert x[1] > 1 - 1e-6 and y[1] > 1 - 1e-6
    # the trajectory stays in the simplex
    np.testing.assert_allclose(traj.x.sum(axis=1), 1, atol=1e-8)
    assert np.all(np.diff(traj.x[:, 0]) <= 1e-9)  # cooperation only declines


def test_stag_hunt_rest_points():
    points = {(p.exact_x, p.exact_y): p for p in replicator_rest_points(STAG)}
    C, D, H = (F(1), F(0)), (F(0), F(1)), (F(1, 2), F(1, 2))
    assert set(points) == {(C, C), (C, D), (D, C), (D, D), (H, H)}
    assert points[(C, C)].stability == "stable" and points[(D, D)].stability == "stable"
    assert points[(H, H)].stability == "saddle" and points[(H, H)].is_nash
    assert points[(C, D)].stability == "unstable" and not points[(C, D)].is_nash
    np.testing.assert_allclose(sorted(points[(C, C)].eigenvalues.real), [-1, -1], atol=1e-8)


def test_stag_hunt_basins():
    up = replicator_trajectory(STAG, [0.6, 0.4], [0.6, 0.4], [0, 40]).final
    down = replicator_trajectory(STAG, [0.4, 0.6], [0.4, 0.6], [0, 40]).final
    assert up[0][0] > 0.999 and down[0][1] > 0.999


def test_pd_rest_points():
    stab = {(tuple(p.x), tuple(p.y)): p.stability for p in replicator_rest_points(PD)}
    assert stab[((0.0, 1.0), (0.0, 1.0))] == "stable"
    assert stab[((1.0, 0.0), (1.0, 0.0))] == "unstable"
    assert stab[((1.0, 0.0), (0.0, 1.0))] == "saddle"


def test_matching_pennies_centre_is_non_hyperbolic():
    pennies = bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    interior = [p for p in replicator_rest_points(pennies) if 0 < p.x[0] < 1]
    assert len(interior) == 1 and interior[0].stability == "non-hyperbolic"
    assert np.allclose(interior[0].eigenvalues.real, 0, atol=1e-7)


def test_rest_points_are_zeros_of_the_field_in_float_games():
    game = bimatrix(np.array([[4.0, 1.0, 0.0], [3.0, 2.0, 1.0], [0.5, 0.0, 2.5]]),
                    np.array([[4.0, 3.0, 0.0], [1.0, 2.0, 1.5], [0.0, 1.0, 3.0]]))
    points = replicator_rest_points(game)
    assert len(points) >= 9
    for p in points:
        dx, dy = replicator_field(game, p.x, p.y)
        assert np.abs(dx).max() < 1e-12 and np.abs(dy).max() < 1e-12
        assert p.exact_x is None


def test_replicator_errors():
    with pytest.raises(InvalidParameterError, match=r"^replicator_trajectory\(\): x0 must sum"
                                                    r" to 1"):
        replicator_trajectory(PD, [0.5, 0.6], [0.5, 0.5], [0, 1])
    with pytest.raises(InvalidParameterError, match="y0 must have 2 entries"):
        replicator_trajectory(PD, [0.5, 0.5], [1.0], [0, 1])
    with pytest.raises(InvalidParameterError, match="t must be an increasing 1-D array"):
        replicator_trajectory(PD, [0.5, 0.5], [0.5, 0.5], [1, 0])
    with pytest.raises(InvalidGameError, match="game must be a two-player game"):
        replicator_rest_points(NormalFormGame([np.zeros((2, 2, 2))] * 3))


# ---------------------------------------------------------------------- best response
def test_best_response_dynamics():
    path = best_response_dynamics(PD, (0, 0), mode="simultaneous")
    assert path.profiles == ((0, 0), (1, 1)) and path.converged and path.cycle == ()
    assert best_response_dynamics(STAG, (0, 1)).converged
    pennies = bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    cyc = best_response_dynamics(pennies, (0, 0))
    assert not cyc.converged and len(cyc.cycle) == 4
    with pytest.raises(InvalidParameterError, match="mode must be one of"):
        best_response_dynamics(PD, (0, 0), mode="random")
    with pytest.raises(InvalidParameterError, match="start must be a pair of action indices"):
        best_response_dynamics(PD, (0, 2))


# a shift of 1e9 leaves payoff differences of 1e-9 below float resolution (the stored
# game is then constant), so shifts are combined with scales of 1e-3 and above
@pytest.mark.parametrize("scale, shift", [(1e-9, 0.0), (1e-3, 0.0), (1.0, 0.0), (1e6, 0.0),
                                          (1e12, 0.0), (1e-3, 1e9), (1.0, 1e9), (1e6, -1e9),
                                          (1e12, 1e9)])
def test_rest_point_classes_are_scale_free(scale, shift):
    """The stag hunt (4, 1, 3, 2): the two pure equilibria are stable (eigenvalues
    -(R - T) = -1 and -(P - S) = -1 times the scale), the off-diagonal pure profiles
    unstable, the mixed equilibrium (1/2, 1/2) a saddle (eigenvalues +-1/2 times the
    scale); the classes and the Nash flags must not depend on the scale or a shift."""
    A = np.array([[4.0, 1.0], [3.0, 2.0]]) * scale + shift
    game = bimatrix(A, A.T)
    points = replicator_rest_points(game)
    classes = [(tuple(np.round(p.x, 6)), tuple(np.round(p.y, 6)), p.stability, p.is_nash)
               for p in points]
    assert classes == [((1.0, 0.0), (1.0, 0.0), "stable", True),
                       ((1.0, 0.0), (0.0, 1.0), "unstable", False),
                       ((0.0, 1.0), (1.0, 0.0), "unstable", False),
                       ((0.0, 1.0), (0.0, 1.0), "stable", True),
                       ((0.5, 0.5), (0.5, 0.5), "saddle", True)]
