"""Read and write Gambit game files: strategic games (``.nfg``) and extensive games
(``.efg``).

Both formats are text files of tokens separated by whitespace: quoted labels
(``"Player 1"``, with ``\\"`` for a quote and ``\\\\`` for a backslash inside a label),
numbers, braces ``{ }`` and, between payoffs, optional commas. Numbers are read exactly
as :class:`fractions.Fraction`: integers (``-3``), rationals (``3/4``) and decimals
(``0.25``, ``.8``, ``1e-3``) all become the rational number they denote, so a game
read from a file is solved in exact arithmetic. As an extension of Gambit's format a
``#`` outside a label starts a comment that runs to the end of the line (Gambit itself
rejects such files, so :func:`write_nfg` and :func:`write_efg` never write one).

Files are not trusted. A file must be UTF-8 text; a number has at most 1000 characters,
a decimal exponent of at most 1000 and a value within the range of a double (so
``1e999999999`` is refused at once instead of being expanded); memory follows the
length of the file, not the sizes it declares (a ``.nfg`` strategy count above the
number of tokens in the file is refused before anything is allocated); an ``.efg`` tree
may be as deep as its total path length allows (:data:`MAX_EFG_PATH_TOTAL`; nothing is
recursive). Every refusal is an :class:`~secdilemma.errors.InvalidFileError` naming the
file, the line and the column.

Strategic games (``.nfg``)
    ``NFG 1 R "title" { "P1" "P2" }`` is followed by the strategies (a nested list of
    labels per player, or a list of strategy counts ``{ 3 2 }``), an optional comment
    string, then the payoffs in one of two versions:

    - *payoff version*: the payoffs of every player at each strategy profile, profile
      after profile;
    - *outcome version*: a list of outcomes ``{ "label" u1, u2 }`` followed by one
      outcome index per profile (1-based; 0 is the null outcome with payoff 0).

    Profiles are listed with **the first player's strategy changing fastest**
    (``(0, 0), (1, 0), (0, 1), (1, 1)`` for a 2x2 game), the reverse of
    :meth:`~secdilemma.NormalFormGame.pure_profiles`.

Extensive games (``.efg``)
    ``EFG 2 R "title" { "P1" "P2" }`` and an optional comment string are followed by
    the nodes of the tree in preorder, one per line:

    - ``c "node" infoset "infoset label" { "a" 1/2 "b" 1/2 } outcome`` (chance),
    - ``p "node" player infoset "infoset label" { "a" "b" } outcome`` (personal),
    - ``t "node" outcome "outcome label" { u1, u2 }`` (terminal),

    where ``outcome`` is ``0`` (none) or a 1-based outcome number, followed by its label
    and payoffs where the outcome first appears. The information-set label and actions
    may be left out at later members of a set. A player's payoff at a terminal node is
    the sum of the outcomes on the path to it (Gambit's convention).

Labels are made distinct and non-empty as Gambit 16 does when it reads a file (an empty
label becomes ``"_1"``, repeated labels ``"x_1"``, ``"x_2"``, ...), for players,
strategies and actions. An information set whose label is empty or used twice gets the
label ``"<player>:<k>"``, with ``k`` counting the player's information sets from 0 in
order of first appearance, as :meth:`ExtensiveGame.from_pygambit` does. Node labels,
outcome labels, the title and the comment are not kept (our game objects have no place
for them).

Gambit 16 refuses labels that are not printable ASCII or that have leading, trailing or
double spaces, and its reader does not read back a backslash escaped by its writer
(``\\\\``). The readers here accept all of these (``\\\\`` is read as one backslash);
the writers refuse them (:class:`~secdilemma.InvalidParameterError`), so that every file
written is read by Gambit with the same labels. For the same reason :func:`write_nfg`
refuses player or strategy labels that are the number of a later entry (strategies
``"2" "1"``): Gambit 16.7 gives every player and strategy the label ``"1"``, ``"2"``, ...
before relabelling them one by one, and refuses the clash.

References
----------
.. [1] The Gambit Project. Game representation formats: "The strategic game (.nfg) file
   format, payoff version", "The strategic game (.nfg) file format, outcome version" and
   "The extensive game (.efg) file format". Gambit 16 documentation,
   https://gambitproject.readthedocs.io/en/stable/formats.html
.. [2] McKelvey, R. D., McLennan, A. M. and Turocy, T. L. (2016). Gambit: Software Tools
   for Game Theory. https://www.gambit-project.org
"""

from __future__ import annotations

import collections
import io
import itertools
import math
import os
import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .._validation import check_choice
from ..errors import InvalidFileError, InvalidGameError, InvalidParameterError
from ..games.extensive import ExtensiveGame, ExtensiveGameBuilder
from ..games.normal_form import NormalFormGame
from ._untrusted import (MAX_FILE_BYTES, decode_utf8, number_problem, parse_number,
                         range_problem, read_file)

__all__ = ["read_nfg", "parse_nfg", "write_nfg", "read_efg", "parse_efg", "write_efg"]

_NFG_FORMATS = ("outcome", "payoff")

#: Largest total path length of an ``.efg`` tree (the sum over its nodes of their depth)
#: that :func:`read_efg` accepts. Every node of an :class:`ExtensiveGame` stores its path
#: from the root, so memory and time grow with this sum (about 1 s and 100 MB per
#: million); a balanced tree of 100,000 nodes stays far below it, a single line of play
#: (a centipede game) may be about 2,800 moves deep.
MAX_EFG_PATH_TOTAL = 4_000_000
_PROB_TOL = Fraction(1, 10**9)


# ---------------------------------------------------------------------------- lexer
@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "text", "symbol", "{", "}", ",", "eof"
    text: str
    line: int
    column: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "the end of the file"
        text = self.text if len(self.text) <= 60 else self.text[:40] + "..." + self.text[-10:]
        if self.kind == "text":
            return f"the label {text!r} ({len(self.text)} characters)" if len(
                self.text) > 60 else f"the label {text!r}"
        return repr(text) + (f" ({len(self.text)} characters)" if len(self.text) > 60 else "")


# one pass of one regular expression (linear time: every alternative starts with a
# different character class, so nothing backtracks); whitespace is what str.isspace()
# calls whitespace, and only "\n" starts a new line
_TOKEN = re.compile(r"""
      (?P<space>[^\S\n]+)
    | (?P<newline>\n)
    | (?P<comment>\#[^\n]*)
    | (?P<punct>[{},])
    | (?P<label>"(?:[^"\\]|\\["\\]|\\(?!["\\]))*")
    | (?P<open>")
    | (?P<word>[^\s{},"\#]+)
""", re.VERBOSE)
_UNESCAPE = re.compile(r'\\(["\\])')


def _tokenize(text: str, func: str, source: str) -> list[_Token]:
    """Split ``text`` into tokens, tracking line and column (both 1-based)."""
    tokens: list[_Token] = []
    line, line_start = 1, 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "space" or kind == "comment":  # '#': an extension of Gambit's format
            continue
        if kind == "newline":
            line, line_start = line + 1, m.end()
            continue
        col = m.start() - line_start + 1
        word = m.group()
        if kind == "punct":
            tokens.append(_Token(word, word, line, col))
        elif kind == "label":
            body = word[1:-1]
            tokens.append(_Token("text", _UNESCAPE.sub(r"\1", body) if "\\" in body
                                 else body, line, col))
            breaks = word.count("\n")
            if breaks:
                line, line_start = line + breaks, m.start() + word.rindex("\n") + 1
        elif kind == "open":
            raise InvalidFileError(
                f"{func}(): {source}, line {line}, column {col}: a label must end with a "
                f"closing quote; got the end of the file")
        else:
            tokens.append(_Token("number" if _looks_numeric(word) else "symbol", word,
                                 line, col))
    tokens.append(_Token("eof", "", line, len(text) - line_start + 1))
    return tokens


_NUMBER_SYNTAX = re.compile(r"[+-]?(?:\d+/0*[1-9]\d*|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")


def _looks_numeric(word: str) -> bool:
    """Whether ``word`` is written as a number (its size and value are checked, in
    bounded time, when it is read as one: see :func:`._untrusted.number_problem`)."""
    return _NUMBER_SYNTAX.fullmatch(word) is not None


class _Parser:
    """A cursor over the tokens of one file, raising errors that name the position."""

    def __init__(self, text: str, func: str, source: str) -> None:
        self.func = func
        self.source = source
        self.tokens = _tokenize(text, func, source)
        self.pos = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        tok = self.tokens[self.pos]
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def error(self, tok: _Token, rule: str) -> InvalidFileError:
        return InvalidFileError(f"{self.func}(): {self.source}, line {tok.line}, column "
                                f"{tok.column}: {rule}; got {tok.describe()}")

    def expect(self, kind: str, rule: str) -> _Token:
        tok = self.take()
        if tok.kind != kind:
            raise self.error(tok, rule)
        return tok

    def number(self, rule: str) -> Fraction:
        tok = self.expect("number", rule)
        problem = number_problem(tok.text)
        if problem is not None:
            raise self.error(tok, f"{rule}; each number {problem}")
        return parse_number(tok.text)  # type: ignore[return-value]

    def integer(self, rule: str, low: int = 0, high: int | None = None) -> int:
        tok = self.take()
        digits = tok.text[1:] if tok.text[:1] in "+-" else tok.text
        # at most 18 digits: an index or count beyond that cannot fit in memory anyway
        if tok.kind != "number" or not digits.isdigit() or len(digits) > 18:
            raise self.error(tok, rule)
        value = int(tok.text)
        if value < low or (high is not None and value > high):
            raise self.error(tok, rule)
        return value

    def symbol(self, allowed: Sequence[str], rule: str) -> str:
        tok = self.take()
        if tok.text not in allowed or tok.kind == "text":
            raise self.error(tok, rule)
        return tok.text

    def text_list(self, rule: str) -> list[str]:
        """``{ "a" "b" ... }`` (the opening brace already consumed)."""
        out = []
        while self.current.kind == "text":
            out.append(self.take().text)
        self.expect("}", rule)
        return out

    def header(self, magic: str, version: str) -> list[str]:
        """The prologue shared by .nfg and .efg files: magic word, version, number type
        (R or D), quoted title and the quoted player list; returns the players."""
        self.symbol((magic,), f"the file must start with {magic}")
        tok = self.take()
        if tok.text != version:
            raise self.error(tok, f"the {magic} version must be {version}")
        self.symbol(("R", "D"), "the number type must be R or D")
        self.expect("text", "the game title must be a quoted label")
        self.expect("{", "the player list must start with '{'")
        players = self.text_list("the player list must hold quoted labels and end with '}'")
        if not players:
            raise self.error(self.tokens[self.pos - 1],
                             "the game must have at least one player")
        return players

    def optional_comma(self) -> None:
        if self.current.kind == ",":
            self.take()


# ---------------------------------------------------------------------------- helpers
def _normalize_labels(labels: Sequence[str]) -> list[str]:
    """Make labels distinct and non-empty as Gambit 16 does on reading a file: an empty
    or repeated label ``x`` becomes ``x_1``, ``x_2``, ... (skipping labels in use)."""
    labels = list(labels)
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for lab in labels:
        if counts[lab] == 1 and lab != "":
            out.append(lab)
            continue
        while True:
            visited[lab] = visited.get(lab, 0) + 1
            candidate = f"{lab}_{visited[lab]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


def _read_source(func: str, source: Any) -> tuple[str, str]:
    """The text of ``source`` (a path or a text file object) and a name for messages."""
    if hasattr(source, "read"):
        name = repr(str(getattr(source, "name", "<stream>")))
        try:
            text = source.read(MAX_FILE_BYTES + 1)
        except UnicodeDecodeError as exc:
            raise InvalidFileError(f"{func}(): {name} must be UTF-8 text; got a byte that is "
                                   f"not UTF-8 ({exc.reason})") from None
        if len(text) > MAX_FILE_BYTES:
            raise InvalidFileError(f"{func}(): {name} must be at most {MAX_FILE_BYTES:,} "
                                   f"characters; got more")
        if isinstance(text, bytes):
            text = decode_utf8(func, text, name)
        if not isinstance(text, str):
            raise InvalidParameterError(f"{func}(): path must be a file path or a text file "
                                        f"object; got a stream returning "
                                        f"{type(text).__name__}")
        return text, name
    if not isinstance(source, (str, os.PathLike)):
        raise InvalidParameterError(f"{func}(): path must be a file path or a text file "
                                    f"object; got {source!r}")
    return read_file(func, source), repr(str(Path(source)))


def _check_label(func: str, what: str, label: str) -> None:
    """Refuse a label that Gambit 16 would reject on reading the file."""
    if label and (any(not " " <= c <= "~" for c in label) or label != label.strip(" ")
                  or "  " in label):
        raise InvalidParameterError(
            f"{func}(): {what} must be printable ASCII without leading, trailing or double "
            f"spaces (Gambit 16 refuses to read other labels); got {label!r}")
    _check_backslash(func, what, label)


def _check_numbering(func: str, what: str, labels: Sequence[str]) -> None:
    """Refuse the labels Gambit 16.7's .nfg reader trips on: it labels players and
    strategies "1", "2", ... first and then relabels them in order, refusing a label
    that is still the default of a later one (e.g. strategies "2" "1")."""
    for j, label in enumerate(labels, start=1):
        if label.isdigit() and label == str(int(label)) and j < int(label) <= len(labels):
            raise InvalidParameterError(
                f"{func}(): {what} must not use the number of a later entry as a label "
                f"(Gambit 16.7 cannot read {label!r} in position {j} of {len(labels)}); "
                f"got {list(labels)}")


def _check_backslash(func: str, what: str, text: str) -> None:
    if "\\" in text:
        raise InvalidParameterError(
            f"{func}(): {what} must not contain a backslash (Gambit's reader does not read "
            f"it back unchanged); got {text!r}")


def _quote(label: str) -> str:
    return '"' + str(label).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _format_number(value: Any, exact: bool) -> str:
    value = Fraction(value)
    if not exact:
        return repr(float(value))
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def _write_text(func: str, text: str, path: Any) -> None:
    if path is None:
        return
    if hasattr(path, "write"):
        path.write(text)
        return
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidParameterError(f"{func}(): path must be None, a file path or a text "
                                    f"file object; got {path!r}")
    Path(path).write_text(text, encoding="utf-8")


def _fortran_profiles(shape: Sequence[int]):
    """Pure profiles with the first player's strategy changing fastest (Gambit order)."""
    for rev in itertools.product(*(range(m) for m in reversed(shape))):
        yield tuple(reversed(rev))


# ---------------------------------------------------------------------------- .nfg
def parse_nfg(text: str, *, source: str = "<string>") -> NormalFormGame:
    """Build a :class:`~secdilemma.NormalFormGame` from the text of a Gambit ``.nfg``
    file (payoff or outcome version).

    Parameters
    ----------
    text : str
        The file's contents.
    source : str
        A name for the text in error messages (default ``"<string>"``).

    Returns
    -------
    NormalFormGame
        Exact payoffs (every Gambit number is a rational); player and strategy labels
        from the file, made distinct and non-empty as Gambit does.

    Raises
    ------
    InvalidFileError
        On malformed input or input beyond the limits (numbers, see
        :mod:`secdilemma.io._untrusted`); the message names the source, the line and the
        column of the offending token. A subclass of InvalidGameError.

    References
    ----------
    .. [1] The Gambit Project. "The strategic game (.nfg) file format, payoff version"
       and "..., outcome version". https://gambitproject.readthedocs.io/en/stable/formats.html

    Examples
    --------
    The payoff-version example of Gambit's documentation (Selten 1975, Figure 2):

    >>> game = parse_nfg('NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" '
    ...                  '{ "Player 1" "Player 2" } { 3 2 } '
    ...                  '1 1 0 2 0 2 1 1 0 3 2 0')
    >>> game.num_actions, game.actions
    ((3, 2), (('1', '2', '3'), ('1', '2')))
    >>> game.payoff_profile((1, 1))
    (0.0, 3.0)
    """
    func = "parse_nfg"
    return _parse_nfg(text, func, repr(source))


def _parse_nfg(text: str, func: str, source: str) -> NormalFormGame:
    p = _Parser(text, func, source)
    players = p.header("NFG", "1")
    n = len(players)
    open_tok = p.expect("{", "the strategy list must start with '{'")
    strategies: list[list[str]] = []
    if p.current.kind == "{":
        for i in range(n):
            p.expect("{", f"the strategies of player {i + 1} must be a list in '{{ }}'")
            labels = p.text_list(f"the strategies of player {i + 1} must be quoted labels "
                                 f"ending with '}}'")
            if not labels:
                raise p.error(p.tokens[p.pos - 1],
                              f"player {i + 1} must have at least one strategy")
            strategies.append(labels)
    else:
        # a count is checked against the tokens in the file before any label is made:
        # a game with m strategies needs at least m payoff entries
        limit = len(p.tokens)
        for i in range(n):
            count = p.integer(f"the strategy count of player {i + 1} must be an integer "
                              f">= 1 and at most the number of tokens in the file "
                              f"({limit})", low=1, high=limit)
            strategies.append([str(k) for k in range(1, count + 1)])
    p.expect("}", f"the strategy list must hold one entry per player ({n}) and end with "
                  f"'}}' (opened at line {open_tok.line})")
    if p.current.kind == "text":  # optional comment
        p.take()
    shape = tuple(len(s) for s in strategies)
    count = math.prod(shape)
    # payoffs are collected as they are read (profiles in Gambit's order, the first
    # player's strategy changing fastest), so memory follows the file, not the declared
    # size: a short file stops at its end with an error
    flat: list[list[Fraction]] = [[] for _ in range(n)]
    if p.current.kind == "{":
        p.take()
        outcomes: list[list[Fraction]] = []
        while p.current.kind == "{":
            p.take()
            p.expect("text", f"outcome {len(outcomes) + 1} must start with a quoted label")
            values = []
            for i in range(n):
                values.append(p.number(f"outcome {len(outcomes) + 1} must give a payoff "
                                       f"(a number) for each of the {n} players"))
                p.optional_comma()
            p.expect("}", f"outcome {len(outcomes) + 1} must hold {n} payoffs and end "
                          f"with '}}'")
            outcomes.append(values)
        p.expect("}", "the outcome list must end with '}'")
        zero = [Fraction(0)] * n
        for k in range(count):
            index = p.integer(f"outcome index {k + 1} of {count} must be an integer in "
                              f"[0, {len(outcomes)}]")
            if index > len(outcomes):
                tok = p.tokens[p.pos - 1]
                raise p.error(tok, f"outcome index {k + 1} of {count} must be an integer "
                                   f"in [0, {len(outcomes)}]")
            values = outcomes[index - 1] if index else zero
            for i in range(n):
                flat[i].append(values[i])
    elif p.current.kind == "number":
        for k in range(count):
            for i in range(n):
                flat[i].append(p.number(
                    f"payoff {k * n + i + 1} of {count * n} must be a number (one per "
                    f"player at each of the {count} profiles)"))
    else:
        raise p.error(p.current, "the payoffs must follow: numbers (payoff version) or "
                                 "an outcome list in '{ }' (outcome version)")
    if p.current.kind != "eof":
        raise p.error(p.current, "the file must end after the payoffs")
    payoffs = []
    for values in flat:
        array = np.empty(count, dtype=object)
        array[:] = values
        payoffs.append(array.reshape(shape, order="F"))
    names = _normalize_labels(players)
    actions = [_normalize_labels(s) for s in strategies]
    return NormalFormGame(payoffs, actions=actions, players=names)


def read_nfg(path: str | os.PathLike | io.TextIOBase) -> NormalFormGame:
    """Read a strategic game from a Gambit ``.nfg`` file (payoff or outcome version).

    Parameters
    ----------
    path : str, pathlib.Path or text file object

    Returns
    -------
    NormalFormGame
        Exact payoffs; player and strategy labels from the file (made distinct and
        non-empty as Gambit does). The title and comment are not kept.

    Raises
    ------
    InvalidFileError
        If the file cannot be read, is not UTF-8 text, or is malformed or beyond the
        limits on numbers; the message names the file, the line and the column. A
        subclass of InvalidGameError. Memory and time follow the size of the file, not
        the sizes it declares.

    References
    ----------
    .. [1] The Gambit Project. "The strategic game (.nfg) file format, payoff version"
       and "..., outcome version". https://gambitproject.readthedocs.io/en/stable/formats.html

    Examples
    --------
    The outcome-version example of Gambit's documentation:

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "e02.nfg"
    >>> _ = path.write_text('NFG 1 R "Selten (IJGT, 75), Figure 2" { "Player 1" "Player 2" }\\n'
    ...                     '{ { "1" "2" "3" } { "1" "2" } }\\n'
    ...                     '{ { "" 1, 1 } { "" 0, 2 } { "" 0, 2 } { "" 1, 1 } { "" 0, 3 } '
    ...                     '{ "" 2, 0 } }\\n1 2 3 4 5 6\\n')
    >>> game = read_nfg(path)
    >>> game.players, game.payoff_profile((2, 1))
    (('Player 1', 'Player 2'), (2.0, 0.0))
    >>> _ = path.write_text('NFG 1 R "bad" { "A" "B" } { 2 2 } 1 2 3\\n')
    >>> read_nfg(path)
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidFileError: read_nfg(): '...e02.nfg', line 2, column 1: payoff 4 of 8 must be a number (one per player at each of the 4 profiles); got the end of the file
    """
    func = "read_nfg"
    text, name = _read_source(func, path)
    return _parse_nfg(text, func, name)


def write_nfg(game: NormalFormGame, path: str | os.PathLike | io.TextIOBase | None = None,
              *, format: str = "outcome", title: str = "", comment: str = "") -> str:
    """Write a strategic game in Gambit's ``.nfg`` format and return the text.

    Parameters
    ----------
    game : NormalFormGame
    path : str, pathlib.Path, text file object or None
        Where to write the text as well (None: only return it).
    format : {"outcome", "payoff"}
        ``"outcome"`` (what Gambit 16 writes): one outcome per profile, then the
        outcome indices; ``"payoff"``: the payoffs listed profile by profile. Strategy
        labels are written in both (as counts ``{ 3 2 }`` in the payoff version when
        they are Gambit's defaults ``"1", "2", ...``).
    title, comment : str
        The game title and the comment written in the prologue.

    Returns
    -------
    str
        The file's text. Exact games are written with integers and ``p/q``
        rationals; float games with the shortest decimal that reads back as the same
        float.

    Raises
    ------
    InvalidParameterError
        On an unknown ``format``, a ``game`` that is not a NormalFormGame, or a player
        or action label that Gambit 16 refuses to read (not printable ASCII, leading,
        trailing or double spaces, a backslash; a number of a later entry, as
        ``"2"`` for the first of two strategies), or a backslash in ``title`` or
        ``comment``.

    References
    ----------
    .. [1] The Gambit Project. "The strategic game (.nfg) file format, payoff version"
       and "..., outcome version". https://gambitproject.readthedocs.io/en/stable/formats.html

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma import bimatrix
    >>> game = bimatrix([[4, 1], [3, Fraction(5, 2)]], [[4, 3], [1, 2]],
    ...                 actions=[["C", "D"], ["C", "D"]], players=["A", "B"])
    >>> print(write_nfg(game, format="payoff", title="stag hunt"))
    NFG 1 R "stag hunt" { "A" "B" }
    { { "C" "D" }
    { "C" "D" }
    }
    ""
    <BLANKLINE>
    4 4
    3 1
    1 3
    5/2 2
    <BLANKLINE>
    >>> parse_nfg(write_nfg(game)) == game
    True
    """
    func = "write_nfg"
    if not isinstance(game, NormalFormGame):
        raise InvalidParameterError(f"{func}(): game must be a NormalFormGame; got {game!r}")
    check_choice(func, "format", format, _NFG_FORMATS)
    _check_backslash(func, "title", title)
    _check_backslash(func, "comment", comment)
    _check_numbering(func, "player labels", game.players)
    for i, name in enumerate(game.players):
        _check_label(func, f"the label of player {i}", name)
        _check_numbering(func, f"the action labels of player {i}", game.actions[i])
        for a in game.actions[i]:
            _check_label(func, f"each action label of player {i}", a)
    exact = game.is_exact
    n = game.num_players
    lines = [f"NFG 1 R {_quote(title)} {{ " + " ".join(_quote(p) for p in game.players)
             + " }"]
    defaults = all(list(acts) == [str(k) for k in range(1, len(acts) + 1)]
                   for acts in game.actions)
    if format == "payoff" and defaults:
        lines.append("{ " + " ".join(str(m) for m in game.num_actions) + " }")
    else:
        for i, acts in enumerate(game.actions):
            lines.append(("{ " if i == 0 else "") + "{ " + " ".join(_quote(a) for a in acts)
                         + " }")
        lines.append("}")
    lines.append(_quote(comment))
    lines.append("")
    profiles = list(_fortran_profiles(game.num_actions))
    values = game.exact_payoffs
    if format == "payoff":
        for profile in profiles:
            lines.append(" ".join(_format_number(values[i][profile], exact) for i in range(n)))
    else:
        lines.append("{")
        for profile in profiles:
            lines.append('{ "" ' + ", ".join(_format_number(values[i][profile], exact)
                                             for i in range(n)) + " }")
        lines.append("}")
        lines.append(" ".join(str(k) for k in range(1, len(profiles) + 1)))
    text = "\n".join(lines) + "\n"
    _write_text(func, text, path)
    return text


# ---------------------------------------------------------------------------- .efg
@dataclass
class _RawNode:
    kind: str
    token: _Token
    player: int | None = None  # 0-based (personal nodes)
    infoset: int | None = None  # the number in the file
    outcome: int = 0
    children: int = 0


def parse_efg(text: str, *, source: str = "<string>") -> ExtensiveGame:
    """Build an :class:`~secdilemma.games.extensive.ExtensiveGame` from the text of a
    Gambit ``.efg`` file.

    Parameters
    ----------
    text : str
        The file's contents.
    source : str
        A name for the text in error messages.

    Returns
    -------
    ExtensiveGame
        Exact payoffs and chance probabilities (decimal probabilities that do not sum
        to exactly 1 but within 1e-9 are kept as floats). The payoff at a terminal node
        is the sum of the outcomes on the path to it.

    Raises
    ------
    InvalidFileError
        On malformed input (message with source, line and column), numbers beyond the
        limits, a tree whose total path length exceeds :data:`MAX_EFG_PATH_TOTAL`, or a
        tree that is not a valid :class:`ExtensiveGame` (e.g. imperfect recall). A
        subclass of InvalidGameError.

    References
    ----------
    .. [1] The Gambit Project. "The extensive game (.efg) file format".
       https://gambitproject.readthedocs.io/en/stable/formats.html

    Examples
    --------
    Myerson's (1991, Figure 2.1) one-card poker, as shipped with Gambit:

    >>> text = '''EFG 2 R "A simple Poker game" { "Fred" "Alice" }
    ... ""
    ... c "" 1 "" { "Red" 1/2 "Black" 1/2 } 0
    ... p "" 1 1 "" { "Raise" "Fold" } 0
    ... p "" 2 1 "" { "Meet" "Pass" } 0
    ... t "" 1 "Win Big" { 2, -2 }
    ... t "" 2 "Win" { 1, -1 }
    ... t "" 2 "Win" { 1, -1 }
    ... p "" 1 2 "" { "Raise" "Fold" } 0
    ... p "" 2 1 "" { "Meet" "Pass" } 0
    ... t "" 3 "Lose Big" { -2, 2 }
    ... t "" 2 "Win" { 1, -1 }
    ... t "" 4 "Lose" { -1, 1 }
    ... '''
    >>> game = parse_efg(text)
    >>> game
    <ExtensiveGame: 2 players, 11 nodes, 3 information sets, imperfect information>
    >>> [i.label for i in game.infosets()]
    ['Fred:0', 'Alice:0', 'Fred:1']
    >>> game.node("Black/Raise/Meet").payoffs
    (Fraction(-2, 1), Fraction(2, 1))
    """
    func = "parse_efg"
    return _parse_efg(text, func, repr(source))


def _parse_efg(text: str, func: str, source: str) -> ExtensiveGame:
    p = _Parser(text, func, source)
    players = p.header("EFG", "2")
    n = len(players)
    if p.current.kind == "text":  # optional comment
        p.take()

    outcomes: dict[int, tuple[str, list[Fraction]]] = {}
    infosets: dict[tuple[int, int], tuple[str, list[str], list[Fraction] | None]] = {}
    nodes: list[_RawNode] = []

    def parse_outcome(node: _RawNode) -> None:
        number = p.integer("the outcome must be a number >= 0 (0 for none)")
        node.outcome = number
        if p.current.kind == "text":
            label_tok = p.take()
            if number == 0:
                raise p.error(label_tok, "the null outcome 0 must not have a label or "
                                         "payoffs")
            p.expect("{", f"the payoffs of outcome {number} must start with '{{'")
            values = []
            for _ in range(n):
                values.append(p.number(f"outcome {number} must give a payoff (a number) for "
                                       f"each of the {n} players"))
                p.optional_comma()
            p.expect("}", f"outcome {number} must hold {n} payoffs and end with '}}'")
            known = outcomes.get(number)
            if known is None:
                outcomes[number] = (label_tok.text, values)
            elif known[1] != values:
                raise p.error(label_tok, f"outcome {number} must have the same payoffs "
                                         f"wherever it appears (first {_fmt_list(known[1])})")
        elif number != 0 and number not in outcomes:
            raise p.error(p.tokens[p.pos - 1], f"outcome {number} must be defined (label and "
                                               f"payoffs) where it first appears")

    def parse_infoset(node: _RawNode, key: tuple[int, int], chance: bool) -> None:
        who = "chance" if chance else f"player {key[0]}"
        if p.current.kind == "text":
            label = p.take().text
            p.expect("{", f"the actions of {who}'s information set {key[1]} must start "
                          f"with '{{'")
            actions, probs = [], []
            while p.current.kind == "text":
                actions.append(p.take().text)
                if chance:
                    probs.append(p.number(f"each chance action must be followed by its "
                                          f"probability (a number)"))
                    p.optional_comma()
            close = p.expect("}", "the action list must hold quoted labels"
                             + (" and probabilities" if chance else "") + " and end with '}'")
            if not actions:
                raise p.error(close, "an information set must have at least one action")
            entry = (label, actions, probs if chance else None)
            known = infosets.get(key)
            if known is None:
                infosets[key] = entry
            elif known != entry:
                what = "label, actions and probabilities" if chance else "label and actions"
                raise InvalidGameError(
                    f"{p.func}(): {p.source}, line {node.token.line}, column "
                    f"{node.token.column}: {who}'s information set {key[1]} must have the "
                    f"same {what} at every node (first {_fmt_infoset(known)}); got "
                    f"{_fmt_infoset(entry)}")
        elif key not in infosets:
            raise p.error(p.current, f"{who}'s information set {key[1]} must be given its "
                                     f"label and actions where it first appears")
        node.children = len(infosets[key][1])

    pending = 1  # nodes still to read (preorder)
    while pending:
        pending -= 1
        tok = p.take()
        if tok.kind != "symbol" or tok.text not in ("c", "p", "t"):
            raise p.error(tok, "a node must start with c (chance), p (personal) or t "
                               "(terminal)")
        node = _RawNode(kind=tok.text, token=tok)
        p.expect("text", "the node label must be a quoted label")
        if tok.text == "c":
            node.infoset = p.integer("the chance information set must be a number >= 1", 1)
            parse_infoset(node, (0, node.infoset), chance=True)
        elif tok.text == "p":
            player = p.integer(f"the player must be a number in [1, {n}]", 1)
            if player > n:
                raise p.error(p.tokens[p.pos - 1], f"the player must be a number in [1, {n}]")
            node.player = player - 1
            node.infoset = p.integer("the information set must be a number >= 1", 1)
            parse_infoset(node, (player, node.infoset), chance=False)
        parse_outcome(node)
        nodes.append(node)
        pending += node.children
    if p.current.kind != "eof":
        raise p.error(p.current, "the file must end after the last node of the tree")
    return _build_efg(func, source, players, nodes, infosets, outcomes)


def _fmt_infoset(entry) -> str:
    label, actions, probs = entry
    if probs is None:
        return f"{label!r} {{ " + " ".join(repr(a) for a in actions) + " }"
    return f"{label!r} {{ " + " ".join(f"{a!r} {q}" for a, q in zip(actions, probs)) + " }"


def _fmt_list(values: Sequence[Fraction]) -> str:
    return "{ " + ", ".join(str(v) for v in values) + " }"


def _build_efg(func, source, players, nodes, infosets, outcomes) -> ExtensiveGame:
    names = _normalize_labels(players)
    n = len(names)
    # information-set labels (players) and action labels (all sets), as Gambit/from_pygambit
    order: dict[int, dict[int, None]] = {}  # player -> infoset numbers, first-seen order
    for node in nodes:
        if node.kind == "p":
            order.setdefault(node.player, {})[node.infoset] = None
    raw = [infosets[(pl + 1, num)][0] for pl, nums in order.items() for num in nums]
    labels: dict[tuple[int, int], str] = {}
    uses = collections.Counter(raw)
    used = {lab for lab in raw if lab and uses[lab] == 1}
    for pl, nums in order.items():
        for k, num in enumerate(nums):
            lab = infosets[(pl + 1, num)][0]
            if not lab or uses[lab] != 1:
                lab = candidate = f"{names[pl]}:{k}"
                extra = 0
                while lab in used:
                    extra += 1
                    lab = f"{candidate}_{extra}"
                used.add(lab)
            labels[(pl + 1, num)] = lab
    actions = {key: _normalize_labels(entry[1]) for key, entry in infosets.items()}

    b = ExtensiveGameBuilder(players=names)
    zero = [Fraction(0)] * n

    def where(node: _RawNode) -> str:
        return f"{source}, line {node.token.line}, column {node.token.column}"

    # walk the preorder list with an explicit stack of (children left, path, carried)
    frames: list[list[Any]] = []
    path: tuple[str, ...] = ()
    carried = zero
    path_total = 0
    for node in nodes:
        if frames:
            frame = frames[-1]
            parent_path, parent_carried, acts, next_child = frame
            path_total += len(parent_path) + 1
            if path_total > MAX_EFG_PATH_TOTAL:
                raise InvalidFileError(
                    f"{func}(): {where(node)}: the tree must have a total path length (the "
                    f"sum over its nodes of their depth) of at most {MAX_EFG_PATH_TOTAL:,}; "
                    f"got more at this node (depth {len(parent_path) + 1})")
            path = parent_path + (acts[next_child],)
            carried = parent_carried
            frame[3] += 1
            if frame[3] == len(acts):
                frames.pop()
        if node.outcome:
            carried = [c + v for c, v in zip(carried, outcomes[node.outcome][1])]
            for i, c in enumerate(carried):
                problem = range_problem(c)
                if problem:
                    raise InvalidFileError(
                        f"{func}(): {where(node)}: the payoff of player {i + 1} (the sum of "
                        f"the outcomes on the path to this node) {problem}; got a sum of "
                        f"about 10^{len(str(abs(c.numerator) // c.denominator)) - 1}")
        try:
            if node.kind == "t":
                b.terminal(path, carried)
            elif node.kind == "c":
                key = (0, node.infoset)
                acts = actions[key]
                probs = infosets[key][2]
                total = sum(probs)
                if total != 1 and abs(total - 1) <= _PROB_TOL and all(v >= 0 for v in probs):
                    values: list[Any] = [float(v) for v in probs]
                else:
                    values = list(probs)
                b.chance(path, dict(zip(acts, values)))
                frames.append([path, carried, acts, 0])
            else:
                key = (node.player + 1, node.infoset)
                acts = actions[key]
                b.decision(path, names[node.player], acts, infoset=labels[key])
                frames.append([path, carried, acts, 0])
        except InvalidGameError as exc:
            raise InvalidFileError(f"{func}(): {where(node)}: {exc}") from exc
    try:
        return b.build()
    except InvalidGameError as exc:
        raise InvalidFileError(f"{func}(): {source}: {exc}") from exc


def read_efg(path: str | os.PathLike | io.TextIOBase) -> ExtensiveGame:
    """Read an extensive game from a Gambit ``.efg`` file.

    Parameters
    ----------
    path : str, pathlib.Path or text file object

    Returns
    -------
    ExtensiveGame
        See :func:`parse_efg` for how labels, outcomes and numbers are read.

    Raises
    ------
    InvalidFileError
        If the file cannot be read, is not UTF-8 text, is malformed or beyond the limits
        (message with the file, line and column; see :func:`parse_efg`) or describes a
        tree :class:`ExtensiveGame` does not accept (imperfect recall). A subclass of
        InvalidGameError.

    References
    ----------
    .. [1] The Gambit Project. "The extensive game (.efg) file format".
       https://gambitproject.readthedocs.io/en/stable/formats.html

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "entry.efg"
    >>> _ = path.write_text('EFG 2 R "entry" { "entrant" "incumbent" }\\n'
    ...                     'p "" 1 1 "enter?" { "Out" "In" } 0\\n'
    ...                     't "" 1 "" { 0, 2 }\\n'
    ...                     'p "" 2 1 "fight?" { "Fight" "Accommodate" } 0\\n'
    ...                     't "" 2 "" { -1, -1 }\\n'
    ...                     't "" 3 "" { 1, 1 }\\n')
    >>> game = read_efg(path)
    >>> print(game.reduced_normal_form())
          Fight  Accommodate
    Out    0, 2         0, 2
     In  -1, -1         1, 1
    >>> _ = path.write_text('EFG 2 R "bad" { "a" }\\np "" 1 1 "" { "x" } 0\\nq "" 0\\n')
    >>> read_efg(path)
    Traceback (most recent call last):
    ...
    secdilemma.errors.InvalidFileError: read_efg(): '...entry.efg', line 3, column 1: a node must start with c (chance), p (personal) or t (terminal); got 'q'
    """
    func = "read_efg"
    text, name = _read_source(func, path)
    return _parse_efg(text, func, name)


def write_efg(game: ExtensiveGame, path: str | os.PathLike | io.TextIOBase | None = None,
              *, title: str = "", comment: str = "") -> str:
    """Write an extensive game in Gambit's ``.efg`` format and return the text.

    Information sets are numbered per player from 1 in the order of
    :meth:`ExtensiveGame.infosets` and keep their labels; every chance node gets its own
    chance information set; every terminal node gets its own outcome, labelled with
    the node's path.

    Parameters
    ----------
    game : ExtensiveGame
    path : str, pathlib.Path, text file object or None
        Where to write the text as well (None: only return it).
    title, comment : str
        The game title and the comment written in the prologue.

    Returns
    -------
    str
        The file's text: exact payoffs and probabilities as integers and ``p/q``
        rationals when :attr:`ExtensiveGame.is_exact`, else shortest round-trip decimals.

    Raises
    ------
    InvalidParameterError
        If ``game`` is not an ExtensiveGame, or a player, information-set or action
        label is one Gambit 16 refuses to read (not printable ASCII, leading, trailing
        or double spaces, a backslash), or ``title`` or ``comment`` holds a backslash.

    References
    ----------
    .. [1] The Gambit Project. "The extensive game (.efg) file format".
       https://gambitproject.readthedocs.io/en/stable/formats.html

    Examples
    --------
    >>> from fractions import Fraction
    >>> from secdilemma.games.extensive import ExtensiveGameBuilder
    >>> b = ExtensiveGameBuilder(players=["state"])
    >>> nature = b.chance(b.root, {"war": Fraction(1, 4), "peace": Fraction(3, 4)})
    >>> for world in ("war", "peace"):
    ...     arm = b.decision(nature[world], "state", ["arm", "not"], infoset="arm?")
    ...     b.terminal(arm["arm"], (1,)); b.terminal(arm["not"], (-2 if world == "war" else 2,))
    >>> game = b.build()
    >>> print(write_efg(game, title="arming"))
    EFG 2 R "arming" { "state" }
    ""
    <BLANKLINE>
    c "" 1 "" { "war" 1/4 "peace" 3/4 } 0
    p "" 1 1 "arm?" { "arm" "not" } 0
    t "" 1 "war/arm" { 1 }
    t "" 2 "war/not" { -2 }
    p "" 1 1 "arm?" { "arm" "not" } 0
    t "" 3 "peace/arm" { 1 }
    t "" 4 "peace/not" { 2 }
    <BLANKLINE>
    >>> parse_efg(write_efg(game)) == game
    True
    """
    func = "write_efg"
    if not isinstance(game, ExtensiveGame):
        raise InvalidParameterError(f"{func}(): game must be an ExtensiveGame; got {game!r}")
    _check_backslash(func, "title", title)
    _check_backslash(func, "comment", comment)
    for i, name in enumerate(game.players):
        _check_label(func, f"the label of player {i}", name)
    for info in game.infosets():
        _check_label(func, "each information-set label", info.label)
    for node in game.nodes:
        for a in node.actions:
            _check_label(func, f"each action label (at node {node.name!r})", a)
    exact = game.is_exact
    numbers: dict[str, int] = {}
    for i in range(game.num_players):
        for k, info in enumerate(game.infosets(i), start=1):
            numbers[info.label] = k
    lines = [f"EFG 2 R {_quote(title)} {{ " + " ".join(_quote(p) for p in game.players)
             + " }", _quote(comment), ""]
    chance = outcome = 0
    for node in game.nodes:
        if node.kind == "terminal":
            outcome += 1
            pays = ", ".join(_format_number(v, exact) for v in node.payoffs)
            lines.append(f't "" {outcome} {_quote(node.name)} {{ {pays} }}')
        elif node.kind == "chance":
            chance += 1
            acts = " ".join(f"{_quote(a)} {_format_number(q, exact)}"
                            for a, q in zip(node.actions, node.probabilities))
            lines.append(f'c "" {chance} "" {{ {acts} }} 0')
        else:
            acts = " ".join(_quote(a) for a in node.actions)
            lines.append(f'p "" {node.player + 1} {numbers[node.infoset]} '
                         f'{_quote(node.infoset)} {{ {acts} }} 0')
    text = "\n".join(lines) + "\n"
    _write_text(func, text, path)
    return text
