"""Every human-readable view of games and solver results: text, HTML, LaTeX, tables.

One module for display: the ``describe()`` text of :class:`~secdilemma.Equilibrium` and
:class:`~secdilemma.SolveResult`, their booktabs LaTeX table [2]_ and DataFrame, and the
``_repr_html_`` / ``_repr_latex_`` views Jupyter calls [1]_ for
:class:`~secdilemma.NormalFormGame` and :class:`~secdilemma.SolveResult`. The functions
only read the object they are given, and this module imports nothing from the package but
its errors: games and results depend on it, never the other way round (objects are
recognised by their attributes, a normal-form game by its ``_display_payoff_table``
marker). Labels are escaped (HTML entities; LaTeX special characters), exact payoffs and
probabilities are shown as fractions, float ones with six significant digits.

The LaTeX views are math-mode ``$\\begin{array} ... \\end{array}$`` blocks, which both
MathJax (in the notebook) and LaTeX render; for a table to put in a paper use
:meth:`SolveResult.to_latex` (booktabs) or :func:`game_to_latex`.

References
----------
.. [1] Project Jupyter. IPython display protocol: "Rich output" — ``_repr_html_`` and
   ``_repr_latex_``. https://ipython.readthedocs.io/en/stable/config/integrating.html
.. [2] Fear, S. (2020). *booktabs — Publication quality tables in LaTeX*, CTAN.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from .errors import InvalidParameterError

__all__ = ["game_repr_html", "game_repr_latex", "game_to_latex", "result_repr_html",
           "result_repr_latex", "describe_equilibrium", "describe_result",
           "result_to_latex", "result_to_frame", "format_number"]

#: Games with more pure profiles than this are shown by their repr only.
MAX_CELLS = 2500

_LATEX_SPECIAL = {
    "\\": r"\backslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
    "&": r"\&", "_": r"\_", "~": r"\sim{}", "^": r"\wedge{}", " ": r"\ ",
}


def _latex_label(label: Any) -> str:
    """A label as upright math-mode text with LaTeX special characters escaped."""
    return r"\mathrm{" + "".join(_LATEX_SPECIAL.get(c, c) for c in str(label)) + "}"


def _text_number(value: Any, exact: bool) -> str:
    if exact:
        value = Fraction(value)
        return str(value.numerator) if value.denominator == 1 else (
            f"{value.numerator}/{value.denominator}")
    return f"{float(value):.6g}"


def _latex_number(value: Any, exact: bool) -> str:
    if exact:
        value = Fraction(value)
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return f"{sign}\\tfrac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    return f"{float(value):.6g}"


def _slices(game):
    """(caption parts, index prefix) for each profile of players 2, ..., n-1."""
    rest = range(2, game.num_players)
    for combo in itertools.product(*(range(game.num_actions[j]) for j in rest)):
        caption = [(game.players[j], game.actions[j][a]) for j, a in zip(rest, combo)]
        yield caption, combo


def _cell(game, profile: tuple[int, ...], fmt) -> list[str]:
    return [fmt(game.exact_payoffs[i][profile], game.is_exact)
            for i in range(game.num_players)]


def _payoff_table(game, combo: tuple[int, ...], fmt) -> tuple[list, list]:
    """The table model of a normal-form game that every view renders: ``(column labels,
    rows)``, each row ``(row label, cells)`` and each cell the list of the players'
    payoffs formatted by ``fmt``, with players 3, ..., n playing ``combo``. A one-player
    game is one row (label None) over its actions."""
    if game.num_players == 1:
        return (list(game.actions[0]),
                [(None, [_cell(game, (a,), fmt) for a in range(game.num_actions[0])])])
    return (list(game.actions[1]),
            [(label, [_cell(game, (r, c) + combo, fmt) for c in range(game.num_actions[1])])
             for r, label in enumerate(game.actions[0])])


def _is_payoff_table(game: Any) -> bool:
    """Whether ``game`` is shown as payoff tables (a normal-form game says so by its
    ``_display_payoff_table`` marker; a Bayesian game, with the same payoff attributes
    but types, does not)."""
    return getattr(type(game), "_display_payoff_table", False) is True


def _too_big(game: Any) -> bool:
    return not _is_payoff_table(game) or int(np.prod(game.num_actions)) > MAX_CELLS


def game_repr_html(game: Any) -> str:
    """An HTML view of a game: payoff tables of a normal-form game.

    Two players: one table, rows the first player's actions, columns the second's,
    cells ``u1, u2``. One player: a single row. ``n >= 3`` players: one table per
    action profile of players 3, ..., n (captioned). Any other game, or a normal-form
    game with more than ``MAX_CELLS`` profiles, is shown as its escaped ``repr``.

    Parameters
    ----------
    game : NormalFormGame or any object

    Returns
    -------
    str
        An HTML fragment (``<div class="secdilemma-game">...</div>``).

    References
    ----------
    .. [1] Project Jupyter. IPython display protocol, ``_repr_html_``.
       https://ipython.readthedocs.io/en/stable/config/integrating.html

    Examples
    --------
    >>> from secdilemma import bimatrix
    >>> game = bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]],
    ...                 actions=[["C", "D<&>"], ["C", "D"]])
    >>> html_text = game_repr_html(game)
    >>> "<td>4, 4</td>" in html_text, "D&lt;&amp;&gt;" in html_text
    (True, True)
    """
    import html  # on first use: html.entities costs ~1.2 ms of `import secdilemma`

    esc = html.escape
    if _too_big(game):
        return f'<div class="secdilemma-game"><pre>{esc(repr(game))}</pre></div>'
    parts = ['<div class="secdilemma-game">']
    names = game.players
    if game.num_players == 1:
        columns, [(_, cells)] = _payoff_table(game, (), _text_number)
        parts.append(f"<table><caption>{esc(names[0])}</caption><thead><tr>")
        parts += [f"<th>{esc(a)}</th>" for a in columns]
        parts.append("</tr></thead><tbody><tr>")
        parts += [f"<td>{cell[0]}</td>" for cell in cells]
        parts.append("</tr></tbody></table></div>")
        return "".join(parts)
    for caption, combo in _slices(game):
        columns, rows = _payoff_table(game, combo, _text_number)
        cap = f"{esc(names[0])} (rows) vs {esc(names[1])} (columns)"
        if caption:
            cap += "; " + ", ".join(f"{esc(p)} plays {esc(a)}" for p, a in caption)
        parts.append(f"<table><caption>{cap}</caption><thead><tr><th></th>")
        parts += [f"<th>{esc(a)}</th>" for a in columns]
        parts.append("</tr></thead><tbody>")
        for row_label, cells in rows:
            parts.append(f"<tr><th>{esc(row_label)}</th>")
            parts += ["<td>" + ", ".join(cell) + "</td>" for cell in cells]
            parts.append("</tr>")
        parts.append("</tbody></table>")
    parts.append("</div>")
    return "".join(parts)


def _latex_array(game, combo: tuple[int, ...]) -> str:
    columns, rows = _payoff_table(game, combo, _latex_number)
    lines = [r"\begin{array}{r|" + "c" * len(columns) + "}",
             " & " + " & ".join(_latex_label(a) for a in columns) + r" \\ \hline"]
    for label, cells in rows:
        lines.append(_latex_label(label) + " & "
                     + " & ".join(",\\ ".join(cell) for cell in cells) + r" \\")
    lines.append(r"\end{array}")
    return "\n".join(lines)


def game_repr_latex(game: Any) -> str | None:
    """A LaTeX (math-mode ``array``) view of a normal-form game, for Jupyter.

    Parameters
    ----------
    game : NormalFormGame or any object

    Returns
    -------
    str or None
        ``$\\begin{array}...\\end{array}$`` (one array per profile of players 3, ...,
        n, each labelled); None for other objects and games with more than
        ``MAX_CELLS`` profiles (Jupyter then falls back to another view).

    References
    ----------
    .. [1] Project Jupyter. IPython display protocol, ``_repr_latex_``.
       https://ipython.readthedocs.io/en/stable/config/integrating.html

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> print(game_repr_latex(bimatrix([[Fraction(1, 2), 0]], [[1, -1]],
    ...                                actions=[["arm"], ["arm", "not arm"]])))
    $\\begin{array}{r|cc}
     & \\mathrm{arm} & \\mathrm{not\\ arm} \\\\ \\hline
    \\mathrm{arm} & \\tfrac{1}{2},\\ 1 & 0,\\ -1 \\\\
    \\end{array}$
    """
    if _too_big(game):
        return None
    if game.num_players == 1:
        acts, [(_, cells)] = _payoff_table(game, (), _latex_number)
        body = (r"\begin{array}{" + "c" * len(acts) + "}\n"
                + " & ".join(_latex_label(a) for a in acts) + r" \\ \hline" + "\n"
                + " & ".join(cell[0] for cell in cells)
                + "\n" + r"\end{array}")
        return f"${body}$"
    blocks = []
    for caption, combo in _slices(game):
        array = _latex_array(game, combo)
        if caption:
            label = r",\ ".join(f"{_latex_label(p)}: {_latex_label(a)}" for p, a in caption)
            array = r"\begin{array}{c}" + label + r" \\" + "\n" + array + "\n" + r"\end{array}"
        blocks.append(array)
    return "$" + "\n\\qquad\n".join(blocks) + "$"


def game_to_latex(game: Any) -> str:
    """A two-player normal-form game as a booktabs ``tabular`` for a paper.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game.

    Returns
    -------
    str
        ``\\begin{tabular}...\\end{tabular}`` with ``\\toprule``/``\\midrule``/
        ``\\bottomrule`` (needs ``\\usepackage{booktabs}``); cells ``$u_1, u_2$``.

    Raises
    ------
    InvalidParameterError
        If ``game`` is not a two-player NormalFormGame.

    References
    ----------
    .. [1] Fear, S. (2020). *booktabs — Publication quality tables in LaTeX*, CTAN.

    Examples
    --------
    >>> from secdilemma import bimatrix
    >>> print(game_to_latex(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]],
    ...                              actions=[["C", "D"], ["C", "D"]])))
    \\begin{tabular}{lcc}
    \\toprule
     & $\\mathrm{C}$ & $\\mathrm{D}$ \\\\
    \\midrule
    $\\mathrm{C}$ & $4, 4$ & $1, 3$ \\\\
    $\\mathrm{D}$ & $3, 1$ & $2, 2$ \\\\
    \\bottomrule
    \\end{tabular}
    <BLANKLINE>
    """
    if not _is_payoff_table(game) or game.num_players != 2:
        raise InvalidParameterError(f"game_to_latex(): game must be a two-player "
                                    f"NormalFormGame; got {game!r}")
    columns, rows = _payoff_table(game, (), _latex_number)
    lines = [r"\begin{tabular}{l" + "c" * len(columns) + "}", r"\toprule",
             " & " + " & ".join(f"${_latex_label(a)}$" for a in columns) + r" \\",
             r"\midrule"]
    for label, cells in rows:
        lines.append(f"${_latex_label(label)}$ & "
                     + " & ".join(f"${', '.join(cell)}$" for cell in cells) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- results
def _strategies(eq) -> tuple[Sequence[Any], bool]:
    if eq.exact_strategies is not None:
        return eq.exact_strategies, True
    return eq.strategies, False


def _payoffs(eq) -> tuple[Sequence[Any], bool]:
    if eq.exact_payoffs is not None:
        return eq.exact_payoffs, True
    return eq.payoffs, False


def _labels(eq, i: int, size: int) -> Sequence[str]:
    if eq.actions and i < len(eq.actions) and len(eq.actions[i]) == size:
        return eq.actions[i]
    return tuple(f"a{k}" for k in range(size))


def _player_name(eq, i: int) -> str:
    return eq.players[i] if eq.players and i < len(eq.players) else f"player {i}"


def _strategy_layout(eq, i: int, strategy) -> tuple[Sequence[str] | None, Sequence[str]]:
    """``(types, action labels)`` of player ``i``'s strategy in ``eq``: ``types`` is None
    unless the strategy is given per type (one row per type)."""
    arr = np.asarray(strategy, dtype=object)
    labels = _labels(eq, i, arr.shape[-1])
    if arr.ndim != 2:
        return None, labels
    types = (eq.types[i] if eq.types and i < len(eq.types)
             else tuple(f"t{j}" for j in range(arr.shape[0])))
    return types, labels


def _result_table(result) -> tuple[list, list]:
    """The table model of a solver result that every view renders: ``(columns,
    rows)``. ``columns`` lists, from the first equilibrium, ``(player, name, types,
    labels)`` per player (``types`` None unless strategies are given per type); each
    row is ``(equilibrium, strategies, exact, payoffs, payoffs_exact)``, exact values
    where the equilibrium has them."""
    first = result.equilibria[0]
    columns = [(i, _player_name(first, i)) + _strategy_layout(first, i, s)
               for i, s in enumerate(first.strategies)]
    rows = [(eq,) + tuple(_strategies(eq)) + tuple(_payoffs(eq)) for eq in result.equilibria]
    return columns, rows


def _probability_headers(columns) -> list[str]:
    """Math-mode headers of the probability columns: ``\\sigma_i(a)`` or, per type,
    ``\\sigma_i(a \\mid t)``."""
    out = []
    for i, _, types, labels in columns:
        if types is None:
            out += [f"\\sigma_{{{i + 1}}}({_latex_label(a)})" for a in labels]
        else:
            out += [f"\\sigma_{{{i + 1}}}({_latex_label(a)} \\mid {_latex_label(t)})"
                    for t in types for a in labels]
    return out


def _mix_text(probs: Sequence[Any], labels: Sequence[str], exact: bool) -> str:
    support = [(lab, p) for lab, p in zip(labels, probs) if p != 0]
    if len(support) == 1:
        return str(support[0][0])
    return ", ".join(f"{lab}: {_text_number(p, exact)}" for lab, p in support)


def _result_header(result) -> str:
    """The provenance line of a result (count, method, exactness or tolerance,
    completeness, degeneracy), shared by the text and HTML views."""
    count = len(result.equilibria)
    head = (f"{count} equilibri{'um' if count == 1 else 'a'} by {result.method}"
            f" ({'exact' if result.exact else f'tol={result.tol:g}'}, "
            f"{'complete' if result.complete else 'may be incomplete'}"
            f"{', degenerate game' if result.degenerate else ''})")
    return head


def result_repr_html(result: Any) -> str:
    """An HTML view of a solver result: a header (method, count, exactness,
    completeness) and one table row per equilibrium (kind, each player's strategy,
    payoffs, max regret), then any warnings.

    Parameters
    ----------
    result : SolveResult

    Returns
    -------
    str
        An HTML fragment (``<div class="secdilemma-result">...</div>``).

    References
    ----------
    .. [1] Project Jupyter. IPython display protocol, ``_repr_html_``.
       https://ipython.readthedocs.io/en/stable/config/integrating.html

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]],
    ...                           actions=[["C", "D"], ["C", "D"]]), exact=True)
    >>> text = result_repr_html(res)
    >>> "3 equilibria by vertex_enumeration" in text, "<td>C: 1/2, D: 1/2</td>" in text
    (True, True)
    """
    import html  # on first use: html.entities costs ~1.2 ms of `import secdilemma`

    esc = html.escape
    parts = ['<div class="secdilemma-result">', f"<p><b>{esc(_result_header(result))}</b></p>"]
    if result.equilibria:
        columns, rows = _result_table(result)
        parts.append("<table><thead><tr><th>#</th><th>kind</th>")
        parts += [f"<th>{esc(name)}</th>" for _, name, _, _ in columns]
        parts.append("<th>payoffs</th><th>max regret</th></tr></thead><tbody>")
        for k, (eq, strategies, exact, pays, pexact) in enumerate(rows):
            parts.append(f"<tr><td>{k}</td><td>{esc(str(eq.kind))}</td>")
            for i, s in enumerate(strategies):
                types, labels = _strategy_layout(eq, i, s)
                if types is None:
                    text = _mix_text(list(np.asarray(s, dtype=object)), labels, exact)
                else:  # one row per type
                    text = "; ".join(f"{t}: {_mix_text(list(row), labels, exact)}"
                                     for t, row in zip(types, np.asarray(s, dtype=object)))
                parts.append(f"<td>{esc(text)}</td>")
            parts.append("<td>" + esc(", ".join(_text_number(u, pexact) for u in pays))
                         + f"</td><td>{eq.max_regret:.3g}</td></tr>")
        parts.append("</tbody></table>")
    if result.warnings:
        parts.append("<ul>" + "".join(f"<li>{esc(w)}</li>" for w in result.warnings)
                     + "</ul>")
    parts.append("</div>")
    return "".join(parts)


def result_repr_latex(result: Any) -> str:
    """A LaTeX (math-mode ``array``) view of a solver result, for Jupyter: one row per
    equilibrium with the kind, each action's probability and each player's payoff
    (exact fractions where available).

    Parameters
    ----------
    result : SolveResult

    Returns
    -------
    str
        ``$\\begin{array}...\\end{array}$``; ``$\\text{no equilibria}$`` when there are
        none. Strategies given per type (Bayesian games) get one column per type and
        action.

    References
    ----------
    .. [1] Project Jupyter. IPython display protocol, ``_repr_latex_``.
       https://ipython.readthedocs.io/en/stable/config/integrating.html

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                           actions=[["C", "D"], ["C", "D"]]), exact=True)
    >>> print(result_repr_latex(res))
    $\\begin{array}{l|cccc|cc}
    \\mathrm{kind} & \\sigma_{1}(\\mathrm{C}) & \\sigma_{1}(\\mathrm{D}) & \\sigma_{2}(\\mathrm{C}) & \\sigma_{2}(\\mathrm{D}) & u_{1} & u_{2} \\\\ \\hline
    \\mathrm{pure} & 0 & 1 & 0 & 1 & 1 & 1 \\\\
    \\end{array}$
    """
    if not result.equilibria:
        return r"$\text{no equilibria}$"
    columns, rows = _result_table(result)
    n_pay = len(result.equilibria[0].payoffs)
    headers = _probability_headers(columns) + [f"u_{{{i + 1}}}" for i in range(n_pay)]
    lines = [r"\begin{array}{l|" + "c" * (len(headers) - n_pay) + "|" + "c" * n_pay + "}",
             _latex_label("kind") + " & " + " & ".join(headers) + r" \\ \hline"]
    for eq, strategies, exact, pays, pexact in rows:
        cells = [_latex_number(p, exact) for s in strategies
                 for p in np.asarray(s, dtype=object).ravel()]
        cells += [_latex_number(u, pexact) for u in pays]
        lines.append(_latex_label(eq.kind) + " & " + " & ".join(cells) + r" \\")
    lines.append(r"\end{array}")
    return "$" + "\n".join(lines) + "$"


# ---------------------------------------------------------------------------- text
def _describe_mix(s, labels) -> str:
    labels = labels or tuple(f"a{k}" for k in range(len(s)))
    positive = [(labels[k], p) for k, p in enumerate(s) if p != 0]
    if len(positive) == 1:
        return f"plays {positive[0][0]}"
    mix = ", ".join(f"{lab}: {format_number(p)}" for lab, p in positive)
    return f"mixes ({mix})"


def format_number(p: Any) -> str:
    """A probability or payoff as text: a Fraction as ``p/q`` (an integer as itself),
    anything else with six significant digits.

    Examples
    --------
    >>> from fractions import Fraction
    >>> format_number(Fraction(2, 3)), format_number(2 / 3), format_number(Fraction(4))
    ('2/3', '0.666667', '4')
    """
    if isinstance(p, Fraction):
        return str(p)
    return f"{float(p):.6g}"



def describe_equilibrium(eq: Any) -> str:
    """One line describing an equilibrium: its kind, what each player (each type) plays,
    and the payoffs (exact fractions where available); backs
    :meth:`Equilibrium.describe <secdilemma.Equilibrium.describe>`.

    Parameters
    ----------
    eq : Equilibrium

    Returns
    -------
    str

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[4, 1], [3, 2]], [[4, 3], [1, 2]]), exact=True)
    >>> print(describe_equilibrium(res[2]))
    mixed: player 0 mixes (a0: 1/2, a1: 1/2); player 1 mixes (a0: 1/2, a1: 1/2); payoffs (5/2, 5/2)
    """
    parts = []
    strategies = eq.exact_strategies or eq.strategies
    for i, s in enumerate(strategies):
        name = eq.players[i] if eq.players else f"player {i}"
        if np.ndim(np.asarray(s, dtype=object)) == 2:  # one row per type
            types = eq.types[i] if eq.types else tuple(f"t{k}" for k in range(len(s)))
            rows = [_describe_mix(row, eq.actions[i] if eq.actions else None) for row in s]
            parts.append(f"{name}: " + ", ".join(
                f"type {t} {r}" for t, r in zip(types, rows)))
        else:
            parts.append(f"{name} " + _describe_mix(s, eq.actions[i] if eq.actions else None))
    pays = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
    pay = ", ".join(format_number(p) for p in pays)
    return f"{eq.kind}: " + "; ".join(parts) + f"; payoffs ({pay})"


def describe_result(result: Any) -> str:
    """A short multi-line report of a solver result: a header with the provenance (count,
    method, exactness or tolerance, completeness, degeneracy), then one line per
    equilibrium (each equilibrium's own ``describe()``); backs
    :meth:`SolveResult.describe <secdilemma.SolveResult.describe>`.

    Parameters
    ----------
    result : SolveResult

    Returns
    -------
    str

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), exact=True)
    >>> print(describe_result(res))
    1 equilibrium by vertex_enumeration (exact, complete)
      0. pure: player 0 plays a1; player 1 plays a1; payoffs (1, 1)
    """
    return "\n".join([_result_header(result)] + [f"  {k}. {e.describe()}"
                                                 for k, e in enumerate(result.equilibria)])


def describe_extensive_equilibrium(obj: Any) -> str:
    """An equilibrium of an extensive-form game in one line: the action (or mix) at
    every information set, then the payoffs; backs :meth:`ExtensiveEquilibrium.describe
    <secdilemma.solvers.extensive.ExtensiveEquilibrium.describe>` (whose example shows the text).

    Parameters
    ----------
    obj : ExtensiveEquilibrium

    Returns
    -------
    str
    """
    parts = []
    for i, labels in enumerate(obj.infosets):
        name = obj.players[i] if obj.players else f"player {i}"
        if not labels:
            continue
        moves = []
        for label in labels:
            dist = obj.behaviour[label]
            positive = [(a, p) for a, p in dist.items() if p != 0]
            if len(positive) == 1:
                moves.append(f"plays {positive[0][0]} at {label}")
            else:
                mix = ", ".join(f"{a}: {format_number(p)}" for a, p in positive)
                moves.append(f"mixes ({mix}) at {label}")
        parts.append(f"{name} " + ", ".join(moves))
    pays = obj.exact_payoffs if obj.exact_payoffs is not None else obj.payoffs
    pay = ", ".join(format_number(p) for p in pays)
    return f"{obj.kind}: " + ("; ".join(parts) or "no moves") + f"; payoffs ({pay})"


def describe_belief_set(obj: Any) -> str:
    """The receiver's beliefs after one message: the posterior (on path) or the set of
    supporting beliefs (off path); backs :meth:`BeliefSet.describe
    <secdilemma.solvers.pbe.BeliefSet.describe>` (whose example shows the text).

    Parameters
    ----------
    obj : BeliefSet

    Returns
    -------
    str
    """
    def fmt(v):
        return "(" + ", ".join(f"{t}: {format_number(x)}" for t, x in zip(obj.types, v)) + ")"

    if obj.on_path:
        return f"after {obj.message!r} (on path): posterior {fmt(obj.vertices[0])}"
    if len(obj.types) == 2:
        lo, hi = obj.interval
        if lo == hi:
            body = f"Pr({obj.types[0]}) = {format_number(lo)}"
        else:
            body = f"Pr({obj.types[0]}) in [{format_number(lo)}, {format_number(hi)}]"
    else:
        body = "beliefs in conv{" + ", ".join(fmt(v) for v in obj.vertices) + "}"
    return f"after {obj.message!r} (off path): {body}"


def describe_refinement_test(obj: Any) -> str:
    """A refinement verdict in one line: survives, or the deviations that break it; backs :meth:`RefinementTest.describe
    <secdilemma.solvers.pbe.RefinementTest.describe>` (whose example shows the text).

    Parameters
    ----------
    obj : RefinementTest

    Returns
    -------
    str
    """
    label = {"intuitive": "the Intuitive Criterion", "d1": "D1"}.get(obj.name, obj.name)
    if obj.passes:
        return f"survives {label}"
    return f"fails {label}: " + "; ".join(d.text for d in obj.failures)


def describe_signaling_equilibrium(obj: Any) -> str:
    """A perfect Bayesian equilibrium of a signalling game: behaviour per type and per
    message, beliefs, payoffs and the refinement verdicts; backs :meth:`SignalingEquilibrium.describe
    <secdilemma.solvers.pbe.SignalingEquilibrium.describe>` (whose example shows the text).

    Parameters
    ----------
    obj : SignalingEquilibrium

    Returns
    -------
    str
    """
    sender = obj.exact_strategies[0] if obj.exact_strategies else obj.strategies[0]
    receiver = obj.exact_strategies[1] if obj.exact_strategies else obj.strategies[1]

    def mix(row, labels):
        pos = [(lab, p) for lab, p in zip(labels, row) if p != 0]
        if len(pos) == 1:
            return pos[0][0]
        return "(" + ", ".join(f"{lab}: {format_number(p)}" for lab, p in pos) + ")"

    s = "; ".join(f"{t} sends {mix(r, obj.messages)}"
                  for t, r in zip(obj.sender_types, sender))
    r = "; ".join(f"after {m!r} {mix(row, obj.receiver_actions)}"
                  for m, row in zip(obj.messages, receiver))
    b = "; ".join(obj.beliefs[m].describe() for m in obj.messages)
    pays = ", ".join(f"{t}: {format_number(v)}"
                     for t, v in zip(obj.sender_types, obj.type_payoffs))
    rec = obj.exact_payoffs[1] if obj.exact_payoffs is not None else obj.payoffs[1]
    lines = [f"{obj.kind}: sender: {s}", f"  receiver: {r}", f"  beliefs: {b}",
             f"  payoffs: sender types ({pays}); receiver {format_number(rec)}"]
    for test in obj.refinements.values():
        lines.append("  " + test.describe())
    return "\n".join(lines)


def describe_cheap_talk_equilibrium(obj: Any) -> str:
    """A cheap-talk equilibrium in one line: the messages, the on-path play, the payoffs; backs :meth:`CheapTalkEquilibrium.describe
    <secdilemma.solvers.cheap_talk.CheapTalkEquilibrium.describe>` (whose example shows the text).

    Parameters
    ----------
    obj : CheapTalkEquilibrium

    Returns
    -------
    str
    """
    parts = []
    for i in range(len(obj.strategies)):
        name = obj.players[i] if obj.players else f"player {i}"
        said = [obj.messages[i][int(np.argmax(row))] for row in obj.strategies[i]]
        if len(set(said)) == 1:
            parts.append(f"{name} says {said[0]}")
        else:
            parts.append(f"{name} says " + ", ".join(
                f"{m} if {t}" for t, m in zip(obj.types[i], said)))
    play = []
    source = obj.exact_continuation or obj.continuation or {}
    for prof in sorted(obj.on_path, key=lambda p: (obj.messages[0].index(p[0]),
                                                    obj.messages[1].index(p[1]))):
        sigmas = source[prof]
        bits = []
        for i, sig in enumerate(sigmas):
            name = obj.players[i] if obj.players else f"player {i}"
            rows = np.asarray(sig, dtype=object)
            senders = [t for t in range(rows.shape[0])
                       if obj.messages[i][int(np.argmax(obj.strategies[i][t]))]
                       == prof[i]]
            desc = []
            for t in senders:
                desc.append(_describe_mix(rows[t], obj.base_actions[i]))
            if len(set(desc)) == 1:
                bits.append(f"{name} {desc[0]}")
            else:
                bits.append(f"{name}: " + ", ".join(
                    f"type {obj.types[i][t]} {d}" for t, d in zip(senders, desc)))
        play.append(f"after ({prof[0]}, {prof[1]}): " + "; ".join(bits))
    pays = obj.exact_payoffs if obj.exact_payoffs is not None else obj.payoffs
    pay = ", ".join(str(p) if isinstance(p, Fraction) else f"{float(p):.6g}"
                    for p in pays)
    return (f"{obj.kind}{' (influential)' if obj.influential and obj.kind != 'babbling' else ''}"
            f": " + "; ".join(parts) + "; then " + " | ".join(play) + f"; payoffs ({pay})")


def describe_cutoffs(obj: Any) -> str:
    """The cutoff equilibria, one line each: cutoff, kind, stability, Pr(action 1); backs :meth:`CutoffResult.describe
    <secdilemma.solvers.cutoff.CutoffResult.describe>` (whose example shows the text).

    Parameters
    ----------
    obj : CutoffResult

    Returns
    -------
    str
    """
    lines = []
    for c, kind, st, p in zip(obj.cutoffs, obj.kinds, obj.stable,
                              obj.probability_action1):
        lines.append(f"cutoff {c:.6g} ({kind}, {'stable' if st else 'unstable'}): "
                     f"Pr(action 1) = {p:.6g}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- tables
def result_to_frame(result: Any):
    """The equilibria of a solver result as a :class:`pandas.DataFrame`: one row per
    equilibrium, one column per (player, action) probability (per type for Bayesian
    games), one per player payoff, and the max regret; backs
    :meth:`SolveResult.to_frame <secdilemma.SolveResult.to_frame>`.

    Parameters
    ----------
    result : SolveResult

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                           actions=[["C", "D"], ["C", "D"]]))
    >>> list(result_to_frame(res).columns)[:3]
    ['kind', 'player 0: C', 'player 0: D']
    """
    import pandas as pd  # measured import cost (~0.3 s): only when a table is asked for

    rows = []
    for e in result.equilibria:
        row: dict[str, Any] = {"kind": e.kind}
        for i, s in enumerate(e.strategies):
            player = e.players[i] if e.players else f"player {i}"
            labels = e.actions[i] if e.actions else [f"a{k}" for k in range(s.shape[-1])]
            if s.ndim == 2:  # one row per type
                types = e.types[i] if e.types else [f"t{k}" for k in range(s.shape[0])]
                for t, srow in zip(types, s):
                    for lab, p in zip(labels, srow):
                        row[f"{player} [{t}]: {lab}"] = float(p)
            else:
                for lab, p in zip(labels, s):
                    row[f"{player}: {lab}"] = float(p)
        for i, u in enumerate(e.payoffs):
            player = e.players[i] if e.players else f"player {i}"
            row[f"payoff {player}"] = float(u)
        row["max_regret"] = e.max_regret
        rows.append(row)
    return pd.DataFrame(rows)


def _booktabs_number(value: Any, digits: int) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return f"${sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}$"
    return f"{float(value):.{digits}g}"


def result_to_latex(result: Any, *, digits: int = 4) -> str:
    """The equilibria of a solver result as a booktabs LaTeX ``tabular`` for a paper
    (exact fractions where available); backs
    :meth:`SolveResult.to_latex <secdilemma.SolveResult.to_latex>`.

    Parameters
    ----------
    result : SolveResult
    digits : int
        Significant digits of floating-point entries.

    Returns
    -------
    str
        ``\\begin{tabular}...\\end{tabular}`` (needs ``\\usepackage{booktabs}``);
        ``% no equilibria`` when there are none. The columns are those of
        :func:`result_repr_latex` (one per type and action for strategies given per
        type), with labels escaped.

    References
    ----------
    .. [1] Fear, S. (2020). *booktabs — Publication quality tables in LaTeX*, CTAN.

    Examples
    --------
    >>> from secdilemma import bimatrix, solve_nash
    >>> res = solve_nash(bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]), exact=True)
    >>> print(result_to_latex(res).splitlines()[4])
    pure & 0 & 1 & 0 & 1 & 1 & 1 \\\\
    """
    if not result.equilibria:
        return "% no equilibria\n"
    columns, rows = _result_table(result)
    cols = [f"${h}$" for h in _probability_headers(columns)]
    cols += [f"$u_{{{i + 1}}}$" for i in range(len(result.equilibria[0].payoffs))]
    lines = [
        "\\begin{tabular}{l" + "r" * len(cols) + "}",
        "\\toprule",
        "Kind & " + " & ".join(cols) + " \\\\",
        "\\midrule",
    ]
    for e, strategies, _, pays, _ in rows:
        cells = [_booktabs_number(p, digits) for s in strategies
                 for p in np.asarray(s, dtype=object).ravel()]
        cells += [_booktabs_number(u, digits) for u in pays]
        lines.append(f"{e.kind} & " + " & ".join(cells) + " \\\\")
    lines += ["\\bottomrule", "\\end{tabular}"]
    return "\n".join(lines) + "\n"
