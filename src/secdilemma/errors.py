"""Exceptions and warnings raised by secdilemma.

Every exception subclasses both :class:`SecDilemmaError` and the built-in exception a
user would expect (``ValueError`` for bad input, ``RuntimeError`` for a solver that
failed), so ``except ValueError`` keeps working in user scripts.

Messages follow one pattern: ``"function(): parameter must <rule>; got <value>"``.

Warnings subclass :class:`SecDilemmaWarning`; the condition a warning reports is also
recorded in the result object, so it survives a silenced warning.
"""

from __future__ import annotations

__all__ = [
    "SecDilemmaError",
    "InvalidGameError",
    "InvalidParameterError",
    "UnsupportedGameError",
    "SolverError",
    "NoPureEquilibriumError",
    "SecDilemmaWarning",
    "DegenerateGameWarning",
    "IncompleteResultWarning",
    "InvalidFileError",
    "UnverifiedResultWarning",
]


class SecDilemmaError(Exception):
    """Base class of every exception raised by secdilemma."""


class InvalidGameError(SecDilemmaError, ValueError):
    """A game could not be built: bad payoffs, shapes, labels or probabilities."""


class InvalidParameterError(SecDilemmaError, ValueError):
    """A function or model received a parameter outside its domain."""


class UnsupportedGameError(SecDilemmaError, NotImplementedError):
    """The requested method cannot handle this game (e.g. mixed equilibria of an
    n-player game without pygambit installed)."""


class SolverError(SecDilemmaError, RuntimeError):
    """A solver failed to produce a valid answer (e.g. an iteration cap was hit)."""


class NoPureEquilibriumError(SolverError):
    """The repeated game has no pure-strategy subgame-perfect equilibrium: no pure
    action profile can be supported at this discount factor (e.g. matching pennies)."""


class SecDilemmaWarning(UserWarning):
    """Base class of every warning issued by secdilemma."""


class DegenerateGameWarning(SecDilemmaWarning):
    """The game is degenerate: equilibria may form continua, and only the extreme
    equilibria (or some equilibria) are listed. Recorded as ``complete=False``."""


class IncompleteResultWarning(SecDilemmaWarning):
    """The method may have missed equilibria (recorded as ``complete=False``)."""


class InvalidFileError(InvalidGameError, InvalidParameterError):
    """A game or result file is unreadable (bytes that are not UTF-8), malformed, beyond
    the documented size limits (numbers, nesting, declared sizes, tree depth) or states
    something false (a result whose equilibria do not check out against its game). The
    message names the file and, where there is one, the line.

    It subclasses both :class:`InvalidGameError` and :class:`InvalidParameterError`,
    which the game and result readers raised before it existed, so handlers written for
    either keep working."""


class UnverifiedResultWarning(SecDilemmaWarning):
    """A result read from a file could not be fully re-checked (its game is not stored
    in a readable form, or is too large): its equilibria are as the file states them.
    Recorded in the result's ``warnings``."""
