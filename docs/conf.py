"""Sphinx configuration (MyST Markdown + numpydoc). Build: ``sphinx-build -W docs docs/_build``."""

project = "secdilemma"
author = "The secdilemma developers"
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
]
myst_enable_extensions = ["dollarmath"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
numpydoc_show_class_members = False
html_theme = "alabaster"
