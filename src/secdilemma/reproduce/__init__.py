"""Named, cited reproductions of published results: figure + data + checked numbers.

>>> from secdilemma import reproduce
>>> reproduce.names()[:2]
['jervis-offense-defense', 'stag-hunt-trust-threshold']

Run one with :func:`run` (or ``secdilemma reproduce NAME --out DIR``); every entry's
checks compare numbers computed by the package with the published values.
"""

from .registry import (REGISTRY, Check, Reproduction, format_value, get, names, netcdf_engine,
                       register, run, run_all, write_report)

__all__ = ["Check", "Reproduction", "REGISTRY", "register", "get", "names", "run", "run_all",
           "write_report", "format_value", "netcdf_engine"]
