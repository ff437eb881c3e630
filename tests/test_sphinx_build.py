"""The documentation builds with Sphinx without a single warning (``-W``)."""

from __future__ import annotations

import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_docs_build_without_warnings(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    from sphinx.cmd.build import build_main

    log = tmp_path / "warnings.txt"
    with warnings.catch_warnings():
        # Python-level deprecation notices between Sphinx and its extensions are not
        # build warnings; Sphinx reports those through its own logger (and -W fails them)
        warnings.simplefilter("ignore")
        status = build_main([
            "-W", "--keep-going", "-E", "-q", "-b", "html",
            "-d", str(tmp_path / "doctrees"),
            "-w", str(log),
            str(ROOT / "docs"), str(tmp_path / "html"),
        ])
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert status == 0, f"sphinx-build -W failed:\n{text}"
    assert text.strip() == "", text
    assert (tmp_path / "html" / "reference" / "results.html").exists()
