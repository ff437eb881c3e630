"""Numbers and nesting read from untrusted files, in bounded time and memory.

:class:`fractions.Fraction` turns ``"1e999999999"`` into an integer of a billion digits
(it never returns in practice), and :func:`json.loads` recurses once per nesting level.
The helpers here check the cheap bounds first (length of the text, size of the exponent,
nesting depth) and only then convert.

Rules (shared by the ``.nfg``/``.efg`` readers, JSON/TOML game files and result JSON):

- a number is an integer ``-3``, a rational ``3/4`` or a decimal ``0.25``, ``.8``,
  ``1e-3`` written in at most :data:`MAX_NUMBER_CHARS` characters, with a decimal
  exponent of at most :data:`MAX_EXPONENT` in absolute value;
- its value must lie in the range of a double, ``|x| <= 1.7976931348623157e308``
  (every solver also works in floating point);
- JSON and TOML text may nest lists and tables at most :data:`MAX_NESTING` deep;
- a file is UTF-8 text of at most :data:`MAX_FILE_BYTES` bytes (a FIFO or a device
  such as ``/dev/zero`` is refused once the limit is reached, not read forever).
"""

from __future__ import annotations

import re
import sys
import os
from fractions import Fraction
from pathlib import Path

from ..errors import InvalidFileError

__all__ = ["MAX_NUMBER_CHARS", "MAX_EXPONENT", "MAX_NESTING", "FLOAT_MAX", "parse_number",
           "number_problem", "range_problem", "nesting_problem",
           "toml_nesting_problem", "decode_utf8", "read_file", "MAX_FILE_BYTES"]

#: Longest number token accepted (characters).
MAX_NUMBER_CHARS = 1000
#: Largest decimal exponent accepted (``1e1000``, ``1e-1000``).
MAX_EXPONENT = 1000
#: Deepest nesting of lists/objects accepted in JSON and TOML files.
MAX_NESTING = 100
#: Largest file read (bytes): far above any game or result file, far below memory.
MAX_FILE_BYTES = 256 * 2**20
#: The largest finite double, as an exact rational.
FLOAT_MAX = Fraction(sys.float_info.max)

_RATIONAL = re.compile(r"([+-]?)(\d+)/(\d+)")
_DECIMAL = re.compile(r"([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


def parse_number(text: str) -> Fraction | None:
    """The exact value of ``text`` (no surrounding space), or None if it is not a number
    in the accepted syntax. Never slow: the caller checks :func:`number_problem` first
    when the size matters; an over-long or huge-exponent text returns None here too.

    >>> parse_number("-3/4"), parse_number(".5e1"), parse_number("1e999999999")
    (Fraction(-3, 4), Fraction(5, 1), None)
    """
    if len(text) > MAX_NUMBER_CHARS:
        return None
    m = _RATIONAL.fullmatch(text)
    if m:
        den = int(m.group(3))
        if den == 0:
            return None
        num = int(m.group(2))
        return Fraction(-num if m.group(1) == "-" else num, den)
    m = _DECIMAL.fullmatch(text)
    if not m:
        return None
    sign, whole, frac, exp = m.groups()
    frac = frac or ""
    if not whole and not frac:
        return None
    e = int(exp) if exp else 0
    if abs(e) > MAX_EXPONENT:
        return None
    num = int(whole + frac) if whole + frac else 0
    e -= len(frac)
    value = Fraction(num * 10 ** e) if e >= 0 else Fraction(num, 10 ** -e)
    return -value if sign == "-" else value


def number_problem(text: str) -> str | None:
    """Why ``text`` is refused as a number (a phrase for ``"must ...; got ..."``
    messages), or None if :func:`parse_number` accepts it and the value is in range.

    >>> number_problem("1e400")
    'must lie in the range of a double (|x| <= 1.7976931348623157e+308)'
    >>> number_problem("2") is None
    True
    """
    if len(text) > MAX_NUMBER_CHARS:
        return f"must be written in at most {MAX_NUMBER_CHARS} characters"
    m = _DECIMAL.fullmatch(text)
    if m and m.group(4) and abs(int(m.group(4))) > MAX_EXPONENT:
        return f"must have a decimal exponent of at most {MAX_EXPONENT} in absolute value"
    value = parse_number(text)
    if value is None:
        return ("must be a number: an integer, a rational p/q or a decimal such as 0.25 "
                "or 1e-3")
    return range_problem(value)


def range_problem(value: Fraction) -> str | None:
    """Why an exact value is out of range, or None."""
    if abs(value) > FLOAT_MAX:
        return f"must lie in the range of a double (|x| <= {sys.float_info.max!r})"
    return None


_JSON_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}\n]')


def nesting_problem(text: str, limit: int = MAX_NESTING) -> tuple[int, str] | None:
    """Line and message if the brackets of JSON ``text`` nest deeper than ``limit``
    (strings skipped), else None. Linear time, no recursion.

    >>> nesting_problem("[" * 200, limit=100)
    (1, 'lists and objects must nest at most 100 deep; got deeper')
    >>> nesting_problem('{"a": "[[[["}', limit=2) is None
    True
    """
    depth, line = 0, 1
    for m in _JSON_TOKENS.finditer(text):
        tok = m.group()
        if tok == "\n":
            line += 1
        elif tok in "[{":
            depth += 1
            if depth > limit:
                return line, f"lists and objects must nest at most {limit} deep; got deeper"
        elif tok in "]}":
            depth -= 1
    return None


_TOML_TOKENS = re.compile(r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                          r"|'[^'\n]*'|#[^\n]*|[\[\]{}\n]", re.S)


def toml_nesting_problem(text: str, limit: int = MAX_NESTING) -> tuple[int, str] | None:
    """As :func:`nesting_problem` for TOML (strings and comments skipped; a table
    header ``[a]`` counts as one level only while its line is read)."""
    depth, line = 0, 1
    for m in _TOML_TOKENS.finditer(text):
        tok = m.group()
        line += tok.count("\n") if len(tok) > 1 and tok[0] in "\"'" else 0
        if tok == "\n":
            line += 1
        elif tok in "[{":
            depth += 1
            if depth > limit:
                return line, f"arrays and tables must nest at most {limit} deep; got deeper"
        elif tok in "]}":
            depth = max(depth - 1, 0)
    return None


def decode_utf8(func: str, data: bytes, name: str) -> str:
    """``data`` decoded as UTF-8 (a leading byte-order mark dropped), or an
    :class:`~secdilemma.errors.InvalidFileError` naming the file, line and column of
    the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidFileError(
            f"{func}(): {name}, line {line}, column {column}: the file must be UTF-8 text; "
            f"got the byte {data[exc.start]:#04x} ({exc.reason}; is this a binary "
            f"file?)") from None
    return text[1:] if text.startswith("\ufeff") else text


def read_file(func: str, path: str | os.PathLike, rule: str | None = None) -> str:
    """The UTF-8 text of ``path``, read in bounded memory: an
    :class:`~secdilemma.errors.InvalidFileError` naming the file if it cannot be
    read, exceeds :data:`MAX_FILE_BYTES` or is not UTF-8 (with line and column)."""
    name = repr(str(path))
    try:
        with open(Path(path), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InvalidFileError(f"{func}(): path {rule}; got {name} ({reason})" if rule else
                               f"{func}(): cannot read {name}: {reason}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise InvalidFileError(f"{func}(): {name} must be at most {MAX_FILE_BYTES:,} bytes; "
                               f"got more")
    return decode_utf8(func, data, name)
