"""Extensive-form games (ExtensiveGame) and subgame-perfect equilibria (solve_spe).

Reference cases: Selten (1978) chain-store stage game (entry deterrence); Rosenthal
(1981) centipede; Osborne & Rubinstein (1994) ch. 6 (backward induction, reduced strategic
form) and ch. 11 (perfect recall). Cross-checks: pygambit's strategic form of the same
tree (its reduced normal form), pygambit's subgame roots, and a brute-force search over
pure strategy profiles for subgame perfection on random perfect-information trees.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secdilemma import InvalidGameError, solve_nash
from secdilemma.errors import IncompleteResultWarning, InvalidParameterError
from secdilemma.games.extensive import ExtensiveGame, ExtensiveGameBuilder
from secdilemma.solvers.extensive import ExtensiveEquilibrium, solve_spe

gbt = pytest.importorskip("pygambit")


# ---------------------------------------------------------------------------- games
def chain_store(fight=(-1, -1), accommodate=(1, 1), out=(0, 2)):
    """Selten (1978): entrant Out/In, incumbent Fight/Accommodate after In."""
    b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    root = b.decision(b.root, "entrant", ["Out", "In"])
    b.terminal(root["Out"], out)
    inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
    b.terminal(inc["Fight"], fight)
    b.terminal(inc["Accommodate"], accommodate)
    return b.build()


def centipede(stages=4):
    """Rosenthal (1981) centipede, linear version: at stage k the mover takes (k+2 for
    herself, k for the other) or passes; passing at the end gives (stages, stages)."""
    b = ExtensiveGameBuilder(players=["1", "2"])
    at = b.root
    for k in range(stages):
        mover = k % 2
        node = b.decision(at, str(mover + 1), ["take", "pass"])
        pay = [0, 0]
        pay[mover], pay[1 - mover] = k + 2, k
        b.terminal(node["take"], tuple(pay))
        at = node["pass"]
    b.terminal(at, (stages, stages))
    return b.build()


def own_reduction_game():
    """a: L/R; after L, b: l/r; after l, a again: c/d. a has 4 strategies, 3 reduced."""
    b = ExtensiveGameBuilder(players=["a", "b"])
    r = b.decision(b.root, "a", ["L", "R"])
    b.terminal(r["R"], (1, 1))
    s = b.decision(r["L"], "b", ["l", "r"])
    b.terminal(s["r"], (0, 0))
    t = b.decision(s["l"], "a", ["c", "d"])
    b.terminal(t["c"], (2, 0))
    b.terminal(t["d"], (0, 2))
    return b.build()


def reassurance(prior=Fraction(1, 3), cost=1):
    """A small reassurance signalling game (chance picks the sender's type)."""
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    root = b.chance(b.root, {"S": prior, "G": 1 - prior})
    for t in ("S", "G"):
        s = b.decision(root[t], "sender", ["gesture", "none"], infoset=f"sender|{t}")
        for m in ("gesture", "none"):
            r = b.decision(s[m], "receiver", ["trust", "arm"], infoset=f"receiver|{m}")
            c = cost if m == "gesture" else 0
            b.terminal(r["trust"], (3 - c if t == "S" else 4 - 2 * c, 2 if t == "S" else -2))
            b.terminal(r["arm"], (1 - c, 0))
    return b.build()


def entry_then_stag_hunt():
    """a stays out (2, 2) or enters a simultaneous stag hunt with b."""
    b = ExtensiveGameBuilder(players=["a", "b"])
    r = b.decision(b.root, "a", ["out", "in"])
    b.terminal(r["out"], (2, 2))
    x = b.decision(r["in"], "a", ["C", "D"])
    table = {"CC": (4, 4), "CD": (1, 3), "DC": (3, 1), "DD": (2, 2)}
    for a in "CD":
        y = b.decision(x[a], "b", ["C", "D"], infoset="b stag hunt")
        for c in "CD":
            b.terminal(y[c], table[a + c])
    return b.build()


def chance_game():
    """Chance first (1/4, 3/4), then a perfect-information move, with float payoffs."""
    b = ExtensiveGameBuilder(players=["a", "b"])
    n = b.chance(b.root, {"war": Fraction(1, 4), "peace": Fraction(3, 4)})
    for s in ("war", "peace"):
        d = b.decision(n[s], "a", ["arm", "trade"])
        e = b.decision(d["trade"], "b", ["honour", "exploit"])
        b.terminal(d["arm"], (1, 1) if s == "war" else (Fraction(1, 2), 1))
        b.terminal(e["honour"], (3, 3))
        b.terminal(e["exploit"], (0, 4) if s == "war" else (0, 2))
    return b.build()


EXAMPLES = {
    "chain_store": chain_store,
    "centipede": centipede,
    "own_reduction": own_reduction_game,
    "reassurance": reassurance,
    "entry_then_stag_hunt": entry_then_stag_hunt,
    "chance_game": chance_game,
}


# ---------------------------------------------------------------------------- validation
def _error(message):
    return pytest.raises(InvalidGameError, match="^" + re.escape(message) + "$")


def test_imperfect_recall_forgetting_own_action():
    b = ExtensiveGameBuilder(players=["a", "b"])
    r = b.decision(b.root, "a", ["L", "R"])
    for x in "LR":
        m = b.decision(r[x], "b", ["l", "r"])
        for y in "lr":
            n = b.decision(m[y], "a", ["u", "d"], infoset="a forgets")
            b.terminal(n["u"], (1, 0))
            b.terminal(n["d"], (0, 1))
    with _error("ExtensiveGameBuilder.build(): information set 'a forgets' must satisfy "
                "perfect recall (all its nodes preceded by the same own information sets "
                "and actions of 'a'); got node 'L/l' after ['a|root': 'L'] and node 'R/l' "
                "after ['a|root': 'R']"):
        b.build()


def test_imperfect_recall_absent_minded_driver():
    b = ExtensiveGameBuilder(players=["driver"])
    r = b.decision(b.root, "driver", ["go", "exit"], infoset="junction")
    b.terminal(r["exit"], (0,))
    n = b.decision(r["go"], "driver", ["go", "exit"], infoset="junction")
    b.terminal(n["exit"], (4,))
    b.terminal(n["go"], (1,))
    with _error("ExtensiveGameBuilder.build(): information set 'junction' must satisfy "
                "perfect recall (all its nodes preceded by the same own information sets "
                "and actions of 'driver'); got node 'root' after no own moves and node "
                "'go' after ['junction': 'go']"):
        b.build()


def test_terminal_without_payoffs():
    b = ExtensiveGameBuilder(players=["entrant", "incumbent"])
    root = b.decision(b.root, "entrant", ["Out", "In"])
    b.terminal(root["Out"], (0, 2))
    inc = b.decision(root["In"], "incumbent", ["Fight", "Accommodate"])
    b.terminal(inc["Fight"], (-1, -1))
    with _error("ExtensiveGameBuilder.build(): every branch must end in a terminal node "
                "with payoffs; got no node at 'In/Accommodate'"):
        b.build()
    with _error("ExtensiveGameBuilder.terminal(): payoffs must hold 2 numbers (one per "
                "player); got 1 at node 'In/Accommodate'"):
        b.terminal(inc["Accommodate"], (1,))
    with _error("ExtensiveGameBuilder.terminal(): payoffs must be finite; got inf at node "
                "'In/Accommodate'"):
        b.terminal(inc["Accommodate"], (1, float("inf")))
    with _error("ExtensiveGameBuilder.terminal(): payoffs must be real numbers; got 'x' at "
                "node 'In/Accommodate'"):
        b.terminal(inc["Accommodate"], (1, "x"))


def test_chance_probabilities_must_sum_to_one():
    b = ExtensiveGameBuilder(players=["a"])
    with _error("ExtensiveGameBuilder.chance(): probabilities must sum to 1; got 0.9"):
        b.chance(b.root, {"x": 0.5, "y": 0.4})
    with _error("ExtensiveGameBuilder.chance(): probabilities must sum to 1; got 9/10"):
        b.chance(b.root, {"x": Fraction(1, 2), "y": Fraction(2, 5)})
    with pytest.raises(InvalidGameError, match=r"probabilities must be non-negative"):
        b.chance(b.root, {"x": Fraction(3, 2), "y": Fraction(-1, 2)})
    # a failed call leaves the position empty
    node = b.chance(b.root, {"x": 0.25, "y": 0.75})
    assert node.path == ()


def test_infoset_mixing_players_or_actions():
    b = ExtensiveGameBuilder(players=["a", "b"])
    r = b.decision(b.root, "a", ["L", "R"])
    b.decision(r["L"], "b", ["x", "y"], infoset="I")
    with _error("ExtensiveGameBuilder.decision(): information set 'I' must belong to one "
                "player; got nodes of 'b' and 'a'"):
        b.decision(r["R"], "a", ["x", "y"], infoset="I")
    with _error("ExtensiveGameBuilder.decision(): information set 'I' must have the same "
                "actions at every node; got ['x', 'y'] and ['y', 'x']"):
        b.decision(r["R"], "b", ["y", "x"], infoset="I")


def test_local_builder_errors():
    b = ExtensiveGameBuilder(players=["a", "b"])
    r = b.decision(b.root, "a", ["L", "R"])
    with _error("ExtensiveGameBuilder.decision(): actions must be distinct; got ['x', 'x']"):
        b.decision(r["L"], "b", ["x", "x"])
    with _error("ExtensiveGameBuilder.decision(): player must be one of 'a', 'b'; got 'c'"):
        b.decision(r["L"], "c", ["x"])
    with _error("ExtensiveGameBuilder.decision(): at must be an empty position; got node "
                "'root', which is already filled"):
        b.decision(b.root, "b", ["x"])
    with _error("NodeRef.__getitem__(): action at node 'root' must be one of 'L', 'R'; "
                "got 'Q'"):
        r["Q"]
    with _error("ExtensiveGameBuilder(): players must be at least one distinct non-empty "
                "name; got ['a', 'a']"):
        ExtensiveGameBuilder(players=["a", "a"])
    with _error("ExtensiveGameBuilder.build(): the root must hold a decision, chance or "
                "terminal node; got an empty tree"):
        ExtensiveGameBuilder(players=["a"]).build()
    other = ExtensiveGameBuilder(players=["a", "b"])
    with pytest.raises(InvalidGameError, match="from another builder"):
        other.terminal(r["L"], (0, 0))
    assert issubclass(InvalidGameError, ValueError)
    with pytest.raises(TypeError):
        ExtensiveGame()


# ---------------------------------------------------------------------------- structure
def test_structure_and_immutability():
    game = reassurance()
    assert game.players == ("sender", "receiver")
    assert [i.label for i in game.infosets("sender")] == ["sender|S", "sender|G"]
    assert [i.label for i in game.infosets(1)] == ["receiver|gesture", "receiver|none"]
    assert len(game.nodes) == 15 and game.root.kind == "chance"
    assert not game.is_perfect_information and game.is_exact
    assert [n.name for n in game.subgames()] == ["root"]
    assert game.node("S/gesture/trust").payoffs == (2, 2)
    with pytest.raises(Exception):
        game.nodes[0].kind = "terminal"
    assert [n.name for n in centipede(3).subgames()] == ["root", "pass", "pass/pass"]
    assert [n.name for n in entry_then_stag_hunt().subgames()] == ["root", "in"]


def test_exact_payoffs_kept_exact():
    game = chance_game()
    nf = game.reduced_normal_form()
    assert nf.is_exact
    # a: arm in war and arm in peace; b anything: 1/4*1 + 3/4*1/2
    assert nf.exact_payoffs[0][0, 0] == Fraction(5, 8)
    b = ExtensiveGameBuilder(players=["a"])
    r = b.decision(b.root, "a", ["x", "y"])
    b.terminal(r["x"], (0.1,))
    b.terminal(r["y"], (Fraction(1, 10),))
    g = b.build()
    assert not g.is_exact and not g.reduced_normal_form().is_exact


@pytest.mark.parametrize("name, sizes, reduced_sizes", [
    ("chain_store", (2, 2), (2, 2)),
    ("centipede", (4, 4), (3, 3)),
    ("own_reduction", (4, 2), (3, 2)),
    ("reassurance", (4, 4), (4, 4)),
    ("entry_then_stag_hunt", (4, 2), (3, 2)),
    ("chance_game", (4, 4), (4, 4)),
])
def test_normal_form_sizes(name, sizes, reduced_sizes):
    game = EXAMPLES[name]()
    assert game.normal_form().num_actions == sizes
    assert game.reduced_normal_form().num_actions == reduced_sizes


def test_reduced_strategy_labels():
    game = own_reduction_game()
    assert game.reduced_normal_form().actions == (("L,c", "L,d", "R,*"), ("l", "r"))
    assert game.normal_form().actions[0] == ("L,c", "L,d", "R,c", "R,d")
    assert centipede(4).reduced_normal_form().actions[0] == ("take,*", "pass,take", "pass,pass")


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_reduced_normal_form_equals_pygambit(name):
    """pygambit's strategic form of a tree is its reduced normal form; same strategy
    order (lexicographic over information sets in tree order)."""
    game = EXAMPLES[name]()
    ours = game.reduced_normal_form()
    theirs = game.to_pygambit().to_arrays()
    for i in range(game.num_players):
        assert theirs[i].shape == ours.num_actions
        converted = np.vectorize(lambda v: Fraction(str(v)), otypes=[object])(theirs[i])
        assert np.array_equal(converted, ours.exact_payoffs[i])


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_pygambit_round_trip(name):
    game = EXAMPLES[name]()
    g = game.to_pygambit()
    assert g.is_tree and g.is_perfect_recall
    back = ExtensiveGame.from_pygambit(g)
    assert back == game
    assert back.reduced_normal_form() == game.reduced_normal_form()
    assert [n.name for n in back.subgames()] == [n.name for n in game.subgames()]


def test_from_pygambit_outcomes_on_inner_nodes_and_empty_labels():
    g = gbt.Game.new_tree(players=["a", "b"])
    g.append_move(g.root, "a", ["", ""])
    left, right = list(g.root.children)
    g.set_outcome(left, g.add_outcome("toll", [gbt.Rational(1, 2), 0]))
    g.append_move(left, g.players.chance, ["h", "t"])
    g.set_chance_probs(left.infoset, [gbt.Rational(1, 3), gbt.Rational(2, 3)])
    heads, tails = list(left.children)
    g.set_outcome(heads, g.add_outcome("h", [1, 2]))
    g.set_outcome(tails, g.add_outcome("t", [3, 4]))
    g.set_outcome(right, g.add_outcome("r", [0, 1]))
    game = ExtensiveGame.from_pygambit(g)
    assert game.root.actions == ("a0", "a1")
    assert game.node("a0/h").payoffs == (Fraction(3, 2), 2)
    assert game.node("a0").probabilities == (Fraction(1, 3), Fraction(2, 3))
    assert game.infosets("a")[0].label == "a:0"


def test_subgame_roots_match_pygambit():
    for name, make in EXAMPLES.items():
        game = make()
        g = game.to_pygambit()
        gnodes = {n.label: n for n in g.nodes}
        for node in game.nodes:
            if not node.is_terminal:
                assert game.is_subgame_root(node) == gnodes[node.name].is_subgame_root, name


# ---------------------------------------------------------------------------- behaviour
def test_behaviour_payoffs_match_normal_form_kuhn():
    game = reassurance()
    nf = game.reduced_normal_form()
    rng = np.random.default_rng(0)
    for _ in range(20):
        behaviour = {}
        for info in game.infosets():
            w = [Fraction(int(k)) for k in rng.integers(0, 4, size=len(info.actions))]
            w[0] += 1
            behaviour[info.label] = [x / sum(w) for x in w]
        mixed = game.mixed_strategy(behaviour, exact=True)
        assert all(sum(s) == 1 for s in mixed)
        assert list(game.expected_payoffs(behaviour, exact=True)) == list(
            nf.expected_payoffs(mixed, exact=True))
    with pytest.raises(InvalidParameterError, match=r"got none for 'sender\|G'"):
        game.expected_payoffs({k.label: [1, 0] for k in game.infosets()[:-1]})
    with pytest.raises(InvalidParameterError, match=r"must sum to 1"):
        game.expected_payoffs({k.label: [1, 1] for k in game.infosets()})


# ---------------------------------------------------------------------------- SPE
def _is_nash_of_reduced_form(game, eq):
    nf = game.reduced_normal_form()
    mixed = game.mixed_strategy(eq.behaviour, exact=True)
    return all(r == 0 for r in nf.regrets(mixed, exact=True))


def test_chain_store_spe():
    game = chain_store()
    result = solve_spe(game, exact=True)
    assert result.method == "backward_induction" and result.complete and result.exact
    assert len(result) == 1
    eq = result[0]
    assert isinstance(eq, ExtensiveEquilibrium) and eq.kind == "pure" and eq.is_pure
    assert eq.action("entrant|root") == "In"
    assert eq.action("incumbent|In") == "Accommodate"
    assert eq.exact_payoffs == (1, 1)
    assert eq.path == ("In/Accommodate",)
    assert np.array_equal(eq.strategies[0], [[0, 1]])
    assert not result.degenerate
    # (Out, Fight) is a Nash equilibrium, but not subgame perfect
    nash = solve_nash(game.reduced_normal_form(), exact=True, warn=False)
    assert {tuple(tuple(s) for s in e.exact_strategies) for e in nash.pure} == {
        ((0, 1), (0, 1)), ((1, 0), (1, 0))}
    assert _is_nash_of_reduced_form(game, eq)


def test_centipede_everyone_takes():
    game = centipede(6)
    result = solve_spe(game, exact=True)
    assert len(result) == 1 and result.complete
    eq = result[0]
    assert all(eq.action(info.label) == "take" for info in game.infosets())
    assert eq.exact_payoffs == (2, 0)
    assert _is_nash_of_reduced_form(game, eq)


def test_ties_give_all_spe():
    # the incumbent is indifferent: both choices are subgame perfect
    result = solve_spe(chain_store(fight=(-1, 1)), exact=True)
    assert [(e.action("entrant|root"), e.action("incumbent|In")) for e in result] == [
        ("Out", "Fight"), ("In", "Accommodate")]
    assert result.complete and result.degenerate and result.diagnostics["ties"] == 1
    # both indifferent everywhere: 2 x 2 x 2 pure SPE in a 3-node tree
    b = ExtensiveGameBuilder(players=["a", "b"])
    r = b.decision(b.root, "a", ["L", "R"])
    for x in "LR":
        n = b.decision(r[x], "b", ["l", "r"])
        b.terminal(n["l"], (0, 0))
        b.terminal(n["r"], (0, 0))
    flat = b.build()
    result = solve_spe(flat)
    assert len(result) == 8 and result.complete
    assert len({tuple(sorted((k, e.action(k)) for k in e.behaviour)) for e in result}) == 8


def test_cap_marks_incomplete():
    b = ExtensiveGameBuilder(players=["a"])
    at = b.root
    for k in range(6):
        n = b.decision(at, "a", ["x", "y"])
        b.terminal(n["x"], (0,))
        at = n["y"]
    b.terminal(at, (0,))
    game = b.build()
    assert len(solve_spe(game)) == 2 ** 6
    with pytest.warns(IncompleteResultWarning, match="max_equilibria=5"):
        result = solve_spe(game, max_equilibria=5)
    assert len(result) == 5 and not result.complete and result.diagnostics["capped"]
    assert result.warnings
    with pytest.raises(InvalidParameterError, match=r"max_equilibria must be a positive int"):
        solve_spe(game, max_equilibria=0)
    with pytest.raises(InvalidParameterError, match=r"game must be an ExtensiveGame"):
        solve_spe(game.reduced_normal_form())


def test_chance_game_spe_exact():
    game = chance_game()
    result = solve_spe(game, exact=True)
    assert len(result) == 1
    eq = result[0]
    # war: b exploits (4 > 3) so a arms; peace: b honours (3 > 2) so a trades
    assert eq.action("a|war") == "arm" and eq.action("b|war/trade") == "exploit"
    assert eq.action("a|peace") == "trade" and eq.action("b|peace/trade") == "honour"
    assert eq.exact_payoffs == (Fraction(1, 4) + Fraction(9, 4), Fraction(1, 4) + Fraction(9, 4))
    assert eq.path == ("war/arm", "peace/trade/honour")
    assert _is_nash_of_reduced_form(game, eq)


def test_imperfect_subgame_solved_with_nash():
    game = entry_then_stag_hunt()
    result = solve_spe(game, exact=True, warn=False)
    described = set((e.action("a|root"), tuple(e.behaviour["a|in"].values()),
                        tuple(e.behaviour["b stag hunt"].values())) for e in result)
    half = Fraction(1, 2)
    assert described == {
        ("in", (0, 1), (0, 1)),
        ("in", (1, 0), (1, 0)),
        ("in", (half, half), (half, half)),
        ("out", (0, 1), (0, 1)),
    }
    assert result.diagnostics["nash_subgames"] == 1
    assert result.parameters["subgame_method"] == "vertex_enumeration"
    for eq in result:
        assert _is_nash_of_reduced_form(game, eq)
    # (out, C, C) is Nash in the reduced form but not subgame perfect: not listed
    assert not any(e.action("a|root") == "out" and e.behaviour["a|in"]["C"] == 1
                   for e in result)


def test_signalling_game_spe_are_its_nash_equilibria():
    """The root is the only subgame, so SPE = Nash equilibria of the reduced form."""
    game = reassurance()
    spe = solve_spe(game, exact=True, warn=False)
    nash = solve_nash(game.reduced_normal_form(), exact=True, warn=False)
    assert len(spe) == len(nash) == 4
    nf = game.reduced_normal_form()
    # Kuhn: behaviour induced by each Nash mixed strategy, from the strategy labels
    induced = set()
    for e in nash:
        behaviour = {}
        for i, sigma in enumerate(e.exact_strategies):
            for pos, info in enumerate(game.infosets(i)):
                mass = {a: Fraction(0) for a in info.actions}
                for label, p in zip(nf.actions[i], sigma):
                    mass[label.split(",")[pos]] += p
                behaviour[info.label] = tuple(mass.values())
        induced.add(tuple(sorted(behaviour.items())))
    assert induced == {tuple(sorted((k, tuple(v.values())) for k, v in e.behaviour.items()))
                       for e in spe}
    for eq in spe:
        assert _is_nash_of_reduced_form(game, eq)
        assert list(game.expected_payoffs(eq.behaviour, exact=True)) == list(eq.exact_payoffs)
    floats = solve_spe(game, warn=False)
    assert len(floats) == 4 and not floats.exact and floats[0].exact_strategies is None


# ---------------------------------------------------------------------------- random trees
@st.composite
def perfect_information_trees(draw, max_depth=3, players=2):
    """A random perfect-information tree (chance nodes included) as a nested spec."""

    def node(depth):
        if depth == max_depth or draw(st.integers(0, 3)) == 0:
            return ("terminal", tuple(draw(st.integers(-2, 2)) for _ in range(players)))
        kind = draw(st.sampled_from(["decision", "decision", "decision", "chance"]))
        width = draw(st.integers(1, 3) if kind == "decision" else st.integers(2, 2))
        children = [node(depth + 1) for _ in range(width)]
        if kind == "chance":
            w = [draw(st.integers(1, 3)) for _ in range(width)]
            return ("chance", [Fraction(x, sum(w)) for x in w], children)
        return ("decision", draw(st.integers(0, players - 1)), children)

    return node(0)


def build_tree(spec, players=2):
    b = ExtensiveGameBuilder(players=[f"p{i}" for i in range(players)])

    def fill(at, spec):
        if spec[0] == "terminal":
            b.terminal(at, spec[1])
            return
        labels = [f"{'c' if spec[0] == 'chance' else 'a'}{k}" for k in range(len(spec[2]))]
        if spec[0] == "chance":
            ref = b.chance(at, dict(zip(labels, spec[1])))
        else:
            ref = b.decision(at, spec[1], labels)
        for lab, child in zip(labels, spec[2]):
            fill(ref[lab], child)

    fill(b.root, spec)
    return b.build()


def _value(game, k, plan):
    """Expected payoffs of the subtree at node k under a pure plan {infoset: action}."""
    node = game.nodes[k]
    if node.kind == "terminal":
        return tuple(node.payoffs)
    if node.kind == "chance":
        parts = [_value(game, c, plan) for c in node.children]
        return tuple(sum(p * v[i] for p, v in zip(node.probabilities, parts))
                     for i in range(game.num_players))
    return _value(game, node.children[node.actions.index(plan[node.infoset])], plan)


def brute_force_spe(game):
    """All pure profiles that are Nash equilibria of every subgame (one-shot and
    multi-node deviations within the subtree)."""
    infos = game.infosets()
    found = []
    for choice in itertools.product(*(i.actions for i in infos)):
        plan = dict(zip((i.label for i in infos), choice))
        ok = True
        for root in game.subgames():
            inside = [i for i in infos
                      if root.id <= i.members[0] < root.id + root.size]
            base = _value(game, root.id, plan)
            for p in range(game.num_players):
                own = [i for i in inside if i.player == p]
                for dev in itertools.product(*(i.actions for i in own)):
                    alt = dict(plan)
                    alt.update(zip((i.label for i in own), dev))
                    if _value(game, root.id, alt)[p] > base[p]:
                        ok = False
                        break
                if not ok:
                    break
            if not ok:
                break
        if ok:
            found.append(plan)
    return found


@settings(max_examples=60)
@given(perfect_information_trees())
def test_backward_induction_equals_brute_force(spec):
    game = build_tree(spec)
    assert game.is_perfect_information
    size = np.prod([len(i.actions) for i in game.infosets()])
    if size > 300:
        return
    result = solve_spe(game, exact=True)
    assert result.complete
    ours = sorted(tuple(sorted((k, e.action(k)) for k in e.behaviour)) for e in result)
    brute = brute_force_spe(game)
    assert ours == sorted(tuple(sorted(p.items())) for p in brute)
    for eq in result:
        plan = {k: eq.action(k) for k in eq.behaviour}
        assert eq.exact_payoffs == _value(game, 0, plan)
        assert _is_nash_of_reduced_form(game, eq)


@settings(max_examples=30)
@given(perfect_information_trees(max_depth=3, players=3))
def test_three_player_trees_round_trip_and_reduced_form(spec):
    game = build_tree(spec, players=3)
    back = ExtensiveGame.from_pygambit(game.to_pygambit())
    assert back == game
    ours = game.reduced_normal_form()
    theirs = game.to_pygambit().to_arrays()
    for i in range(3):
        converted = np.vectorize(lambda v: Fraction(str(v)), otypes=[object])(theirs[i])
        assert np.array_equal(converted, ours.exact_payoffs[i])
    for eq in solve_spe(game, exact=True):
        assert _is_nash_of_reduced_form(game, eq)


@st.composite
def signalling_trees(draw):
    """Chance picks one of 2 types, the sender sends one of 2 messages, the receiver
    sees the message only and picks one of 2 actions; integer payoffs in [-2, 2]."""
    w = [draw(st.integers(1, 3)) for _ in range(2)]
    b = ExtensiveGameBuilder(players=["sender", "receiver"])
    root = b.chance(b.root, {f"t{k}": Fraction(x, sum(w)) for k, x in enumerate(w)})
    for t in ("t0", "t1"):
        s = b.decision(root[t], "sender", ["m0", "m1"], infoset=f"sender|{t}")
        for m in ("m0", "m1"):
            r = b.decision(s[m], "receiver", ["r0", "r1"], infoset=f"receiver|{m}")
            for a in ("r0", "r1"):
                b.terminal(r[a], (draw(st.integers(-2, 2)), draw(st.integers(-2, 2))))
    return b.build()


@settings(max_examples=25)
@given(signalling_trees())
def test_random_signalling_games_spe_are_nash(game):
    """No proper subgame: the SPE are the Nash equilibria of the reduced normal form,
    as many as solve_nash lists, each with zero regret (exact)."""
    spe = solve_spe(game, exact=True, warn=False)
    nash = solve_nash(game.reduced_normal_form(), exact=True, warn=False)
    assert len(spe) == len(nash)
    assert spe.complete == nash.complete
    for eq in spe:
        assert _is_nash_of_reduced_form(game, eq)
        assert list(game.expected_payoffs(eq.behaviour, exact=True)) == list(eq.exact_payoffs)


@settings(max_examples=25)
@given(st.lists(st.integers(-2, 2), min_size=9, max_size=9))
def test_entry_then_random_simultaneous_game(values):
    """a stays out (payoff u_out) or enters a 2x2 simultaneous game: the SPE are, for
    each Nash equilibrium of the 2x2 game, every best root choice given its value."""
    u_out, *cells = values
    A = [[cells[0], cells[1]], [cells[2], cells[3]]]
    B = [[cells[4], cells[5]], [cells[6], cells[7]]]
    b = ExtensiveGameBuilder(players=["a", "b"])
    r = b.decision(b.root, "a", ["out", "in"])
    b.terminal(r["out"], (u_out, 0))
    x = b.decision(r["in"], "a", ["T", "B"])
    for i, row in enumerate("TB"):
        y = b.decision(x[row], "b", ["L", "R"], infoset="b")
        for j, col in enumerate("LR"):
            b.terminal(y[col], (A[i][j], B[i][j]))
    game = b.build()
    from secdilemma import bimatrix

    stage = solve_nash(bimatrix(A, B), exact=True, warn=False)
    expected = set()
    for e in stage:
        value = e.exact_payoffs[0]
        for choice in (["out"] if u_out > value else ["in"] if value > u_out
                       else ["out", "in"]):
            expected.add((choice, tuple(e.exact_strategies[0]), tuple(e.exact_strategies[1])))
    result = solve_spe(game, exact=True, warn=False)
    got = {(e.action("a|root"), tuple(e.behaviour["a|in"].values()),
            tuple(e.behaviour["b"].values())) for e in result}
    assert got == expected and len(result) == len(expected)
    assert result.complete == stage.complete
    for eq in result:
        assert _is_nash_of_reduced_form(game, eq)
