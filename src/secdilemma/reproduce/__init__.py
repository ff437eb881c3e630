"""Named, cited reproductions of published results: figure + data + checked numbers.

>>> from secdilemma import reproduce
>>> reproduce.names()[:2]
['jervis-offense-defense', 'stag-hunt-trust-threshold']

Every entry has a :class:`Source`: it reproduces a named element of a publication
(``published``), solves a published model at our parameter values (``model``), or is our
formalisation of a verbal argument (``derived``); ``secdilemma reproduce --list`` shows
which.

Run one with :func:`run` (or ``secdilemma reproduce NAME --out DIR``); every entry's
checks compare numbers computed by the package with the published values. Each entry
module computes and checks; its figure is a function of :mod:`secdilemma.plotting`;
:data:`ENTRIES` lists them all.
"""

from .entry import Check, Reproduction
from .registry import (ENTRIES, REGISTRY, format_value, get, names, netcdf_engine, provenance,
                       run, run_all, write_report)
from .sources import SOURCES, Source

__all__ = ["Check", "Reproduction", "ENTRIES", "REGISTRY", "get", "names", "run", "run_all",
           "write_report", "format_value", "netcdf_engine", "provenance", "Source", "SOURCES"]
