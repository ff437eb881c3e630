"""NormalFormGame / bimatrix: construction, validation, immutability, evaluation and
transformations, checked against hand-computed values."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from secdilemma import InvalidGameError, InvalidParameterError, NormalFormGame, bimatrix

A_SH = [[4, 1], [3, 2]]
B_SH = [[4, 3], [1, 2]]


# --------------------------------------------------------------------------- construction
def test_bimatrix_is_normal_form_game_with_two_players(stag_hunt):
    assert isinstance(stag_hunt, NormalFormGame)
    assert stag_hunt.num_players == 2
    assert stag_hunt.num_actions == (2, 2)
    assert stag_hunt.shape == (2, 2)
    assert stag_hunt.actions == (("C", "D"), ("C", "D"))
    assert stag_hunt.players == ("player 0", "player 1")
    np.testing.assert_array_equal(stag_hunt.payoffs[0], A_SH)
    np.testing.assert_array_equal(stag_hunt.payoffs[1], B_SH)


def test_payoffs_indexed_by_full_profile_not_transposed(stag_hunt):
    # row plays C (0), column plays D (1): row gets S = 1, column gets T = 3
    assert stag_hunt.payoff_profile((0, 1)) == (1.0, 3.0)
    assert stag_hunt.payoff_profile((1, 0)) == (3.0, 1.0)


def test_ndarray_of_shape_n_by_actions_is_accepted():
    arr = np.array([A_SH, B_SH])
    assert NormalFormGame(arr) == bimatrix(A_SH, B_SH)


def test_default_labels():
    g = bimatrix(np.zeros((2, 3)), np.zeros((2, 3)))
    assert g.actions == (("a0", "a1"), ("a0", "a1", "a2"))
    assert g.players == ("player 0", "player 1")


def test_custom_player_labels():
    g = bimatrix(A_SH, B_SH, players=["US", "USSR"])
    assert g.players == ("US", "USSR")


def test_one_player_game():
    g = NormalFormGame([[1, 5, 2]])
    assert g.num_players == 1
    assert g.num_actions == (3,)


def test_three_player_game_shapes(three_player_coordination):
    g = three_player_coordination
    assert g.num_players == 3
    assert g.num_actions == (2, 2, 2)
    assert g.payoff_profile((1, 1, 1)) == (1.0, 1.0, 1.0)
    assert g.payoff_profile((0, 1, 1)) == (0.0, 0.0, 0.0)


def test_asymmetric_three_player_game():
    shape = (2, 3, 4)
    rng = np.random.default_rng(1)
    payoffs = [rng.integers(-5, 6, shape) for _ in range(3)]
    g = NormalFormGame(payoffs)
    assert g.num_actions == shape
    assert g.is_exact
    assert g.payoff_profile((1, 2, 3)) == tuple(float(p[1, 2, 3]) for p in payoffs)


# --------------------------------------------------------------------------- exactness
def test_integer_payoffs_kept_exact(stag_hunt):
    assert stag_hunt.is_exact
    for exact, given in zip(stag_hunt.exact_payoffs, (A_SH, B_SH)):
        assert exact.dtype == object
        assert all(isinstance(v, Fraction) for v in exact.ravel())
        assert [[int(v) for v in row] for row in exact] == given


def test_fraction_payoffs_kept_exact():
    third = Fraction(1, 3)
    g = bimatrix([[third, 0], [0, 1]], [[1, 0], [0, third]])
    assert g.is_exact
    assert g.exact_payoffs[0][0, 0] == Fraction(1, 3)
    assert g.payoffs[0][0, 0] == pytest.approx(1 / 3)


def test_numpy_integers_are_exact():
    g = bimatrix(np.array(A_SH, dtype=np.int32), np.array(B_SH, dtype=np.int64))
    assert g.is_exact


def test_float_payoffs_are_not_exact_but_stored_as_binary_rationals():
    g = bimatrix([[0.1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert not g.is_exact
    assert g.exact_payoffs[0][0, 0] == Fraction(0.1)
    assert g.exact_payoffs[0][0, 0] != Fraction(1, 10)


# --------------------------------------------------------------------------- immutability
def test_payoff_arrays_are_read_only(stag_hunt):
    for arr in stag_hunt.payoffs + stag_hunt.exact_payoffs:
        assert not arr.flags.writeable
        with pytest.raises(ValueError):
            arr[0, 0] = 99


def test_game_does_not_alias_input_array():
    A = np.array(A_SH)
    g = bimatrix(A, B_SH)
    A[0, 0] = 100
    assert g.payoffs[0][0, 0] == 4


def test_no_new_attributes(stag_hunt):
    with pytest.raises(AttributeError):
        stag_hunt.extra = 1


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("A", "B", "pattern"),
    [
        ([[1, np.nan], [0, 0]], [[0, 0], [0, 0]],
         r"NormalFormGame\(\): payoffs must be finite; got nan for player 0 at profile \(0, 1\)"),
        ([[1, 0], [0, 0]], [[0, 0], [np.inf, 0]],
         r"NormalFormGame\(\): payoffs must be finite; got inf for player 1 at profile \(1, 0\)"),
        ([[1, 0], [0, 0]], [[0, -np.inf], [0, 0]],
         r"NormalFormGame\(\): payoffs must be finite; got -inf for player 1"),
        ([[1, 2], [3]], [[0, 0], [0, 0]],
         r"NormalFormGame\(\): payoffs\[0\] must be a rectangular array; got a ragged"),
        ([[1, 2], [3, 4]], [[0, 0, 0], [0, 0, 0]],
         r"NormalFormGame\(\): payoffs must all have the same shape; got \(2, 2\) for "
         r"player 0 and \(2, 3\) for player 1"),
        ([1, 2], [3, 4],
         r"NormalFormGame\(\): payoffs\[0\] must have one axis per player \(2\); got shape \(2,\)"),
        ([[1, 2]], [[[1, 2]]],
         r"NormalFormGame\(\): payoffs\[1\] must have one axis per player \(2\); got shape"),
        (np.zeros((0, 2)), np.zeros((0, 2)),
         r"NormalFormGame\(\): every player must have at least one action; got action "
         r"counts \(0, 2\)"),
        ([["x", 1], [0, 0]], [[0, 0], [0, 0]],
         r"NormalFormGame\(\): payoffs\[0\] must hold real numbers; got 'x'"),
        ([[True, 1], [0, 0]], [[0, 0], [0, 0]],
         r"NormalFormGame\(\): payoffs\[0\] must hold real numbers; got True"),
        ([[1j, 1], [0, 0]], [[0, 0], [0, 0]],
         r"NormalFormGame\(\): payoffs\[0\] must hold real numbers; got 1j"),
    ],
    ids=["nan", "inf", "-inf", "ragged", "mismatched", "too-few-axes", "wrong-axes",
         "empty-actions", "string", "bool", "complex"],
)
def test_invalid_payoffs_raise_with_function_parameter_rule_value(A, B, pattern):
    with pytest.raises(InvalidGameError, match=pattern):
        bimatrix(A, B)


def test_no_players():
    with pytest.raises(InvalidGameError, match=r"NormalFormGame\(\): payoffs must hold at "
                                               r"least one player's array; got 0 arrays"):
        NormalFormGame([])


def test_payoffs_not_a_sequence():
    with pytest.raises(InvalidGameError, match=r"NormalFormGame\(\): payoffs must be a "
                                               r"sequence of arrays.*; got 3"):
        NormalFormGame(3)


def test_three_player_nan_names_profile():
    u = np.zeros((2, 2, 2))
    v = u.copy()
    v[1, 0, 1] = np.nan
    with pytest.raises(InvalidGameError,
                       match=r"payoffs must be finite; got nan for player 2 at profile "
                             r"\(1, 0, 1\)"):
        NormalFormGame([u, u, v])


@pytest.mark.parametrize(
    ("actions", "pattern"),
    [
        ([["C", "D"]], r"NormalFormGame\(\): actions must list labels for each of the 2 "
                       r"players; got 1 lists"),
        ([["C", "D"], ["C"]], r"NormalFormGame\(\): actions\[1\] must have 2 labels \(one "
                              r"per action\); got \['C'\]"),
        ([["C", "D", "E"], ["C", "D"]], r"actions\[0\] must have 2 labels .*got \['C', 'D', 'E'\]"),
        ([["C", "C"], ["C", "D"]], r"NormalFormGame\(\): actions\[0\] must be distinct "
                                   r"labels; got \['C', 'C'\]"),
    ],
)
def test_wrong_action_labels(actions, pattern):
    with pytest.raises(InvalidGameError, match=pattern):
        bimatrix(A_SH, B_SH, actions=actions)


@pytest.mark.parametrize("players", [["a"], ["a", "b", "c"], ["a", "a"]])
def test_wrong_player_labels(players):
    with pytest.raises(InvalidGameError,
                       match=r"NormalFormGame\(\): players must be 2 distinct labels; got"):
        bimatrix(A_SH, B_SH, players=players)


def test_invalid_game_error_is_value_error():
    with pytest.raises(ValueError):
        bimatrix([[np.nan]], [[0]])


def test_payoff_profile_out_of_range(stag_hunt):
    with pytest.raises(InvalidGameError, match=r"payoff_profile\(\): profile must hold one "
                                               r"action index per player.*got \(0, 2\)"):
        stag_hunt.payoff_profile((0, 2))


# --------------------------------------------------------------------------- equality
def test_equality_and_hash(stag_hunt):
    same = bimatrix(np.array(A_SH), np.array(B_SH), actions=[["C", "D"], ["C", "D"]])
    assert stag_hunt == same
    assert hash(stag_hunt) == hash(same)
    assert stag_hunt != bimatrix(A_SH, B_SH)  # different labels
    assert stag_hunt != bimatrix([[4, 1], [3, 3]], B_SH, actions=[["C", "D"], ["C", "D"]])
    assert stag_hunt != "stag hunt"


def test_equal_exact_and_float_payoffs_compare_equal():
    g_int = bimatrix([[1, 0], [0, 2]], [[2, 0], [0, 1]])
    g_float = bimatrix([[1.0, 0.0], [0.0, 2.0]], [[2.0, 0.0], [0.0, 1.0]])
    assert g_int == g_float
    assert hash(g_int) == hash(g_float)


def test_equal_games_hash_equal_with_negative_zero():
    # -0.0 == 0: the games are equal, so their hashes must be too
    g1 = bimatrix([[-0.0, 1.0], [2.0, 3.0]], [[0, 1], [2, 3]])
    g2 = bimatrix([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    assert g1 == g2
    assert hash(g1) == hash(g2)
    assert len({g1, g2}) == 1


def test_repr_and_str(stag_hunt):
    assert repr(stag_hunt) == "<NormalFormGame: 2 players, 2×2 actions, exact payoffs>"
    text = str(stag_hunt)
    assert "4, 4" in text and "1, 3" in text and "3, 1" in text


# --------------------------------------------------------------------------- evaluation
def test_expected_payoffs_hand_computed(stag_hunt):
    # row mixes (1/4, 3/4), column (1/2, 1/2):
    # row: 1/4*(4+1)/2 + 3/4*(3+2)/2 = 5/2 ; column: x@B = (1/4*4+3/4*1, 1/4*3+3/4*2)
    # = (7/4, 9/4), expected 2
    x, y = [0.25, 0.75], [0.5, 0.5]
    np.testing.assert_allclose(stag_hunt.expected_payoffs([x, y]), [2.5, 2.0])
    exact = stag_hunt.expected_payoffs([[Fraction(1, 4), Fraction(3, 4)],
                                        [Fraction(1, 2), Fraction(1, 2)]], exact=True)
    assert list(exact) == [Fraction(5, 2), Fraction(2)]


def test_action_values_and_regrets_hand_computed(stag_hunt):
    x, y = [0.25, 0.75], [0.5, 0.5]
    np.testing.assert_allclose(stag_hunt.action_values([x, y], 0), [2.5, 2.5])
    np.testing.assert_allclose(stag_hunt.action_values([x, y], 1), [1.75, 2.25])
    # row indifferent: regret 0; column best 9/4 vs 2: regret 1/4
    np.testing.assert_allclose(stag_hunt.regrets([x, y]), [0.0, 0.25])
    assert stag_hunt.max_regret([x, y]) == pytest.approx(0.25)
    assert not stag_hunt.is_nash([x, y])


def test_is_nash_exact_and_float(stag_hunt):
    half = Fraction(1, 2)
    assert stag_hunt.is_nash([[half, half], [half, half]])
    assert stag_hunt.is_nash([[1, 0], [1, 0]])
    assert stag_hunt.is_nash([[0.5, 0.5], [0.5, 0.5]])
    assert not stag_hunt.is_nash([[1, 0], [0, 1]])
    # exact check is exact: 1/2 + 10**-12 is not an equilibrium
    eps = Fraction(1, 10**12)
    assert not stag_hunt.is_nash([[half + eps, half - eps], [half + eps, half - eps]])


def test_three_player_expected_payoffs_and_regrets(three_player_coordination):
    g = three_player_coordination
    half = [0.5, 0.5]
    # all match with probability 1/4
    np.testing.assert_allclose(g.expected_payoffs([half, half, half]), [0.25] * 3)
    # against (1/2, 1/2) for the others, each own action yields 1/4: zero regret
    np.testing.assert_allclose(g.regrets([half, half, half]), [0.0] * 3, atol=1e-15)
    # players 1 and 2 play 0: player 0 gains 1 by switching from 1 to 0
    np.testing.assert_allclose(g.regrets([[0, 1], [1, 0], [1, 0]]), [1.0, 0.0, 0.0])
    assert g.is_nash([[1, 0], [1, 0], [1, 0]])


def test_three_player_action_values_axis_order():
    # player 1's payoff depends only on player 2's action: u1[a0, a1, a2] = 10*a1 + a2
    shape = (2, 3, 4)
    u1 = np.fromfunction(lambda a0, a1, a2: 10 * a1 + a2, shape, dtype=int)
    zero = np.zeros(shape, dtype=int)
    g = NormalFormGame([zero, u1, zero])
    p2 = [0, 0, 0, 1]  # player 2 plays action 3
    np.testing.assert_allclose(g.action_values([[1, 0], [1, 0, 0], p2], 1), [3, 13, 23])


# --------------------------------------------------------------------------- transformations
def test_affine_transform_exact(stag_hunt):
    g = stag_hunt.affine_transform(1, Fraction(1, 2), 3)
    assert g.is_exact
    assert g.exact_payoffs[1][0, 0] == Fraction(5)  # 4/2 + 3
    assert g.exact_payoffs[1][0, 1] == Fraction(9, 2)
    np.testing.assert_array_equal(g.payoffs[0], stag_hunt.payoffs[0])
    assert g.actions == stag_hunt.actions
    assert stag_hunt.exact_payoffs[1][0, 0] == 4  # original unchanged


def test_affine_transform_float_scale(stag_hunt):
    g = stag_hunt.affine_transform(0, 0.5)
    assert not g.is_exact
    np.testing.assert_allclose(g.payoffs[0], np.array(A_SH) * 0.5)


def test_permute_actions(stag_hunt):
    g = stag_hunt.permute_actions([[1, 0], [0, 1]])
    assert g.actions == (("D", "C"), ("C", "D"))
    # new row 0 is old row 1 (D)
    assert g.payoff_profile((0, 0)) == stag_hunt.payoff_profile((1, 0))
    assert g.payoff_profile((1, 1)) == stag_hunt.payoff_profile((0, 1))
    assert g.is_exact
    assert g.permute_actions([[1, 0], [0, 1]]) == stag_hunt


def test_permute_actions_three_players():
    rng = np.random.default_rng(3)
    payoffs = [rng.integers(-3, 4, (2, 3, 2)) for _ in range(3)]
    g = NormalFormGame(payoffs)
    perms = [[1, 0], [2, 0, 1], [0, 1]]
    h = g.permute_actions(perms)
    for profile in h.pure_profiles():
        old = tuple(perms[i][a] for i, a in enumerate(profile))
        assert h.payoff_profile(profile) == g.payoff_profile(old)


def test_pure_profiles_lexicographic():
    g = bimatrix(np.zeros((2, 3)), np.zeros((2, 3)))
    assert list(g.pure_profiles()) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


# ----------------------------------------------------------------- transformation input
def test_transformations_reject_bad_input():
    import pytest as _pytest

    from secdilemma import InvalidGameError as _IGE
    from secdilemma import bimatrix as _bimatrix

    g = _bimatrix([[1, 2], [3, 4]], [[1, 2], [3, 4]])
    with _pytest.raises(_IGE, match=r"affine_transform\(\): scale must be a real number > 0 "
                                    r"\(a positive affine map keeps the equilibria\); got -1"):
        g.affine_transform(0, -1)
    with _pytest.raises(_IGE, match=r"affine_transform\(\): player must be an index in "
                                    r"\[0, 1\]; got 5"):
        g.affine_transform(5, 2)
    with _pytest.raises(_IGE, match=r"permute_actions\(\): permutations\[0\] must be a "
                                    r"permutation of 0..1; got \[0, 0\]"):
        g.permute_actions([[0, 0], [0, 1]])
    with _pytest.raises(_IGE, match=r"payoffs\[0\] must be representable as floats"):
        _bimatrix([[10**400, 1], [1, 1]], [[1, 1], [1, 1]])


# --------------------------------------------------------------------------- profiles checked
@pytest.mark.parametrize("profile, pattern", [
    ([[-1, 2], [1, 0]], r"profile\[0\] must be non-negative; got \[-1, 2\]"),
    ([[0.3, 0.3], [1, 0]], r"profile\[0\] must sum to 1; got 0.6"),
    ([[0, 0], [1, 0]], r"profile\[0\] must sum to 1; got 0"),
    ([[1, 0], [0.0, 0.0]], r"profile\[1\] must sum to 1; got 0"),
    ([[1, 0, 0], [1, 0]], r"profile\[0\] must be a probability vector over player 0's 2 "
                          r"actions; got shape \(3,\)"),
    ([[1, 0]], r"profile must hold one strategy per player \(2\)"),
    ([[np.nan, 1], [1, 0]], r"profile\[0\] must be finite"),
    ([["1", 0], [1, 0]], r"profile\[0\] must hold real numbers; got '1'"),
], ids=["negative", "sum", "all-zero", "all-zero-float", "length", "players", "nan", "str"])
def test_profiles_are_checked(stag_hunt, profile, pattern):
    for method in ("is_nash", "expected_payoffs", "regrets", "max_regret"):
        with pytest.raises(InvalidParameterError,
                           match=rf"^NormalFormGame\.{method}\(\): {pattern}"):
            getattr(stag_hunt, method)(profile)


def test_action_values_checks_the_others_and_the_player(stag_hunt):
    # the player's own entry is not used and not checked
    np.testing.assert_allclose(stag_hunt.action_values([None, [0.5, 0.5]], 0), [2.5, 2.5])
    with pytest.raises(InvalidParameterError, match=r"^NormalFormGame\.action_values\(\): "
                                                    r"profile\[1\] must sum to 1"):
        stag_hunt.action_values([[1, 0], [0.5, 0.6]], 0)
    with pytest.raises(InvalidParameterError, match=r"player must be an index in 0\.\.1; "
                                                    r"got 2"):
        stag_hunt.action_values([[1, 0], [1, 0]], 2)
    with pytest.raises(InvalidParameterError, match=r"tol must be >= 0; got -1"):
        stag_hunt.is_nash([[1, 0], [1, 0]], tol=-1)


@pytest.mark.parametrize("scale, shift", [(1.0, 0.0), (1e-12, 0.0), (1e12, 0.0),
                                          (1.0, 1e9), (2.0 ** -10, -2.0 ** 30)])
def test_float_is_nash_is_scale_and_shift_free(scale, shift):
    """Battle of the sexes A = [[2, 0], [0, 1]], B = [[1, 0], [0, 2]]: the column player
    is indifferent when the row plays C with p: p = 2(1 - p), p = 2/3; the row player
    when the column plays C with q: 2q = 1 - q, q = 1/3. (C, D) is no equilibrium: the
    row gains 1 of his range 2 by switching. An absolute 1e-9 tolerance called (C, D)
    an equilibrium at scale 1e-12. (Scalings and
    shifts that keep the stored numbers exact: 1e9 + 0.002 is not, and the equilibrium of
    the stored game then moves by 1e-4.)"""
    A = np.array([[2.0, 0.0], [0.0, 1.0]]) * scale + shift
    B = np.array([[1.0, 0.0], [0.0, 2.0]]) * scale + shift
    game = bimatrix(A, B)
    assert game.is_nash([[2 / 3, 1 / 3], [1 / 3, 2 / 3]])
    assert game.is_nash([[1.0, 0.0], [1.0, 0.0]])
    assert not game.is_nash([[1.0, 0.0], [0.0, 1.0]])
    # row p = 0.7: column C gives 0.7, D 0.6, her mix 1.9/3: regret 1/15 of range 2
    assert not game.is_nash([[0.7, 0.3], [1 / 3, 2 / 3]])


def test_bayesian_profiles_are_checked():
    from secdilemma import BayesianGame

    pd = np.array([[[[3, 0], [5, 1]]]])
    game = BayesianGame([pd, pd.transpose(0, 1, 3, 2)], marginals=[[1], [1]])
    # one type per player: (D, D) has zero regret, (C, C) regret 2 = T - R
    assert game.max_regret([[[0, 1]], [[0, 1]]]) == 0
    assert game.max_regret([[[1, 0]], [[1, 0]]]) == 2
    for bad, pattern in [([[[1, 0]], [[-1, 2]]], r"profile\[1\] must be non-negative"),
                         ([[[1, 0]], [[0.5, 0.6]]], r"profile\[1\] must sum to 1"),
                         ([[1, 0], [1, 0]], r"profile\[0\] must be one probability vector "
                                            r"over player 0's 2 actions per type"),
                         ([[[True, False]], [[1, 0]]], r"profile\[0\] must hold real "
                                                       r"numbers; got True")]:
        for method in ("max_regret", "interim_regrets", "behaviour_payoffs"):
            with pytest.raises(InvalidParameterError,
                               match=rf"^BayesianGame\.{method}\(\): {pattern}"):
                getattr(game, method)(bad)
    with pytest.raises(InvalidParameterError, match=r"type_index must be an index in 0\.\.0"):
        game.interim_belief(0, 1)
    with pytest.raises(InvalidParameterError, match=r"mixed_plan must sum to 1"):
        game.plan_to_behaviour(0, [0.5, 0.6])
    with pytest.raises(InvalidGameError, match=r"prior must hold real numbers; got True"):
        BayesianGame([pd, pd.transpose(0, 1, 3, 2)], prior=[[True]])
