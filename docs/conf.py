"""Sphinx configuration (MyST Markdown + numpydoc). Build: ``sphinx-build -W docs docs/_build``."""

project = "secdilemma"
author = "The secdilemma developers"
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    # runs the gallery's `.. plot::` blocks (in ```{eval-rst}) in the build, embeds the figures
    "matplotlib.sphinxext.plot_directive",
]
myst_enable_extensions = ["dollarmath"]
# ".rst" too: numpydoc loads sphinx.ext.autosummary, which warns (and so fails a -W
# build) when the source suffixes do not include .rst. There are no .rst pages.
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
numpydoc_show_class_members = False
html_theme = "alabaster"

# The gallery (docs/gallery/): each `.. plot::` block runs during the build; its code is
# shown, its figures (pyplot figures left open) are embedded as PNG. The printed numbers
# under each block are checked by tests/test_docs.py.
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]
plot_pre_code = ""  # every block imports what it uses
plot_rcparams = {"figure.max_open_warning": 0}
