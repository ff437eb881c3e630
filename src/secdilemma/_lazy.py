"""Names of a package served on first use (PEP 562).

``import secdilemma`` loads only what building and solving a normal-form game needs; the
package and its ``games`` and ``solvers`` subpackages serve their other names from the
module that defines each, when first asked for.

References
----------
.. [1] Levkivskyi, I. (2017). PEP 562 -- Module ``__getattr__`` and ``__dir__``.
   https://peps.python.org/pep-0562/
"""

from __future__ import annotations

import importlib
import sys
from typing import Callable, Iterable, Mapping

__all__ = ["lazy_exports"]


def lazy_exports(package: str, names: Mapping[str, str],
                 modules: Iterable[str] = ()) -> tuple[Callable, Callable]:
    """The module ``__getattr__`` and ``__dir__`` of ``package``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    names : mapping of str to str
        Each name served on first use, with the submodule (relative to the package)
        that defines it; once served, a name is kept in the package's namespace.
    modules : iterable of str
        Submodules served as attributes on first use (bound by their import).

    Returns
    -------
    tuple of callable
        ``(__getattr__, __dir__)``; ``dir()`` lists the served names too.

    Examples
    --------
    >>> from secdilemma._lazy import lazy_exports
    >>> get, listing = lazy_exports("secdilemma", {"solve_qre": "solvers.qre"})
    >>> get("solve_qre").__name__, "solve_qre" in listing()
    ('solve_qre', True)
    """
    modules = frozenset(modules)

    def __getattr__(name):
        module = names.get(name)
        if module is not None:
            value = getattr(importlib.import_module(f".{module}", package), name)
            setattr(sys.modules[package], name, value)
            return value
        if name in modules:
            return importlib.import_module(f".{name}", package)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted(set(vars(sys.modules[package])) | set(names) | modules)

    return __getattr__, __dir__
