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
# ".rst" too: numpydoc loads sphinx.ext.autosummary, which warns (and so fails a -W
# build) when the source suffixes do not include .rst. There are no .rst pages.
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
numpydoc_show_class_members = False
html_theme = "alabaster"
