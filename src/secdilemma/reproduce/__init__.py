"""Named, cited reproductions of published results: figure + data + checked numbers.

>>> from secdilemma import reproduce
>>> reproduce.names()[:2]
['jervis-offense-defense', 'stag-hunt-trust-threshold']

Run one with :func:`run` (or ``secdilemma reproduce NAME --out DIR``); every entry's
checks compare numbers computed by the package with the published values. Each entry
module computes and checks; its figure is a function of :mod:`secdilemma.plotting`;
:data:`ENTRIES` lists them all.
"""

from .entry import Check, Reproduction
from .registry import (ENTRIES, REGISTRY, format_value, get, names, netcdf_engine, run, run_all,
                       write_report)

__all__ = ["Check", "Reproduction", "ENTRIES", "REGISTRY", "get", "names", "run", "run_all",
           "write_report", "format_value", "netcdf_engine"]
