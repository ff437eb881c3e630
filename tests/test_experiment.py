"""Experiment files and the `secdilemma sweep` command."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from secdilemma import InvalidParameterError
from secdilemma.analysis import sweep
from secdilemma.cli import main
from secdilemma.io.experiment import (ExperimentError, evaluate_expression, load_experiment,
                                      parse_experiment)

GOOD = textwrap.dedent("""\
    model = "offense_defense"
    metrics = ["regime", "cooperation_is_equilibrium", "num_equilibria"]

    [fixed]
    status_quo = 10
    arms_cost = 0.5
    exploitation_gain = "2*arms_cost"

    [grid]
    offense_advantage = {start = 0, stop = 1, num = 21}
    exploitation_loss = {start = 0.5, stop = 8, num = 6, log = true}

    [sweep]
    chunk_size = 17

    [output]
    path = "od.nc"
    """)


def test_parse_good_file(tmp_path):
    path = tmp_path / "exp.toml"
    path.write_text(GOOD)
    exp = load_experiment(path)
    assert exp.model == "offense_defense"
    assert exp.fixed == {"status_quo": 10.0, "arms_cost": 0.5, "exploitation_gain": 1.0}
    assert np.array_equal(exp.grid["offense_advantage"], np.linspace(0, 1, 21))
    assert np.allclose(exp.grid["exploitation_loss"], np.geomspace(0.5, 8, 6))
    assert exp.metrics == ("regime", "cooperation_is_equilibrium", "num_equilibria")
    assert exp.chunk_size == 17 and exp.output == tmp_path / "od.nc"


@pytest.mark.parametrize("text, expected", [
    ("1 + 2 * 3", 7.0), ("(1 + 2) * 3", 9.0), ("-c ** 2", -4.0), ("c / 4", 0.5),
    ("2 ** -1", 0.5), ("1e-3 * c", 0.002),
])
def test_expressions(text, expected):
    assert evaluate_expression(text, {"c": 2.0}) == pytest.approx(expected)


@pytest.mark.parametrize("text, message", [
    ("__import__('os').system('true')", "got a call"),
    ("c.real", "got an attribute"),
    ("[1][0]", "got a List|got a subscript"),
    ("lambda: 1", "got a lambda"),
    ("c < 1", "got a comparison"),
    ("d + 1", "fixed parameters defined above"),
    ("1 / 0", "divides by zero"),
    ("10.0 ** 400", "overflows"),
    ("True", "got a Constant"),
    ("2 +", "not valid arithmetic"),
    ("1" * 300, "at most 200 characters"),
])
def test_expressions_rejected(text, message):
    with pytest.raises(InvalidParameterError, match=message):
        evaluate_expression(text, {"c": 2.0})


def test_file_with_code_is_rejected_without_executing_it(tmp_path):
    marker = tmp_path / "pwned"
    text = GOOD.replace('"2*arms_cost"',
                        f'"__import__(\'pathlib\').Path(\'{marker}\').touch()"')
    path = tmp_path / "evil.toml"
    path.write_text(text)
    with pytest.raises(ExperimentError, match=r"evil.toml:7: fixed.exploitation_gain: .*call"):
        load_experiment(path)
    assert not marker.exists()
    assert main(["sweep", str(path)]) == 2
    assert not marker.exists()


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('num = 21}', 'num = 21'), r":10: not valid TOML"),
    (lambda t: t.replace('model = "offense_defense"', 'model = "nope"'), r":1: model must be"),
    (lambda t: t.replace("arms_cost = 0.5", "wealth = 0.5"),
     r":6: fixed.wealth is not a parameter"),
    (lambda t: t.replace("exploitation_gain = \"2*arms_cost\"",
                         "exploitation_gain = \"2*status_quo + x\""),
     r":7: fixed.exploitation_gain: .*'x'"),
    (lambda t: t.replace("stop = 1,", "stop = 1.5,"),
     r":10: offense_advantage must be <= 1; got 1.05"),
    (lambda t: t.replace("log = true", "log = true, step = 2"), r":11: grid.exploitation_loss"),
    (lambda t: t.replace("chunk_size = 17", "chunk_size = 0"),
     r":14: sweep.chunk_size must be an integer >= 1"),
    (lambda t: t.replace('"num_equilibria"]', '"bogus"]'), r":2: metrics: 'bogus'"),
    (lambda t: t + "colour = 1\n", r":18: output.colour is not an option"),
    (lambda t: t.replace("status_quo = 10\n", ""), r":4: status_quo must be given"),
])
def test_schema_errors_name_the_line(edit, message):
    with pytest.raises(ExperimentError, match=message):
        parse_experiment(edit(GOOD), source="exp.toml")


def test_cli_sweep_writes_the_dataset(tmp_path, capsys):
    xr = pytest.importorskip("xarray")
    path = tmp_path / "exp.toml"
    path.write_text(GOOD)
    assert main(["sweep", str(path), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "126 points" in printed and "written:" in printed
    exp = load_experiment(path)
    expected = sweep(**exp.sweep_kwargs())
    with xr.open_dataset(tmp_path / "od.nc") as got:
        for name in expected.data_vars:
            assert np.array_equal(got[name].values, expected[name].values), name
    # executor, chunk size and checkpoint options; --out overrides the file's path
    out = tmp_path / "again.nc"
    cp = tmp_path / "cp"
    assert main(["sweep", str(path), "--executor", "2", "--chunk-size", "10",
                 "--checkpoint", str(cp), "--out", str(out)]) == 0
    assert len(list(cp.glob("chunk-*.npz"))) == 13
    with xr.open_dataset(out) as got:
        assert np.array_equal(got["regime"].values, expected["regime"].values)


def test_cli_sweep_errors(tmp_path, capsys):
    path = tmp_path / "exp.toml"
    path.write_text(GOOD)
    assert main(["sweep", str(path), "--executor", "many"]) == 2
    assert "--executor must be" in capsys.readouterr().err
    assert main(["sweep", str(tmp_path / "missing.toml")]) == 2
    cp = tmp_path / "cp"
    assert main(["sweep", str(path), "--checkpoint", str(cp), "--chunk-size", "10"]) == 0
    assert main(["sweep", str(path), "--checkpoint", str(cp), "--chunk-size", "20",
                 "--force"]) == 2
    assert "chunk_size (checkpoint: 10; now: 20)" in capsys.readouterr().err


def test_cli_prints_the_dataset_without_output(tmp_path, capsys):
    path = tmp_path / "exp.toml"
    path.write_text(GOOD.split("[output]")[0])
    assert main(["sweep", str(path)]) == 0
    assert "xarray.Dataset" in capsys.readouterr().out
    assert not list(Path(tmp_path).glob("*.nc"))


# --- outputs stay in the experiment's folder; nothing is overwritten silently ----------


@pytest.mark.parametrize("path, reason", [
    ("../../x.nc", "leads out with '..'"),
    ("sub/../../x.nc", "leads out with '..'"),
    ("/tmp/x.nc", "an absolute path"),
    ("~/x.nc", "an absolute path"),
    (".", "the folder itself"),
])
def test_output_path_must_stay_in_the_experiment_folder(tmp_path, path, reason):
    text = GOOD.replace('path = "od.nc"', f"path = {path!r}".replace("'", '"'))
    exp_file = tmp_path / "exp.toml"
    exp_file.write_text(text)
    with pytest.raises(ExperimentError,
                       match=rf"exp.toml:17: output.path must name a file inside the "
                             rf"experiment's folder .*{reason}"):
        load_experiment(exp_file)
    with pytest.raises(ExperimentError, match=reason):  # also without a folder
        parse_experiment(text, source="exp.toml")


def test_output_path_through_a_symlink_out_of_the_folder_is_refused(tmp_path):
    inside = tmp_path / "exp"
    inside.mkdir()
    (inside / "link").symlink_to(tmp_path)  # exp/link -> the parent folder
    (inside / "exp.toml").write_text(GOOD.replace('path = "od.nc"', 'path = "link/x.nc"'))
    with pytest.raises(ExperimentError, match="symbolic link"):
        load_experiment(inside / "exp.toml")
    (inside / "sub").mkdir()
    (inside / "exp.toml").write_text(GOOD.replace('path = "od.nc"', 'path = "sub/x.nc"'))
    assert load_experiment(inside / "exp.toml").output == inside / "sub" / "x.nc"


@pytest.mark.parametrize("value, message", [
    ("1e999999999", r"fixed.status_quo must be a finite number; got inf"),
    ("-1e999999999", r"fixed.status_quo must be a finite number; got -inf"),
    ("nan", r"fixed.status_quo must be a finite number; got nan"),
    ("1" + "0" * 400, r"fixed.status_quo must be a finite number; got an integer of 401 digits"),
    ("1" + "0" * 5000, r"not a usable TOML number"),
    ('"1e999999999"', r"expression must give a finite number"),
    ('"10**10**10"', r"expression overflows"),
])
def test_huge_numbers_are_refused_quickly(value, message):
    text = GOOD.replace("status_quo = 10", f"status_quo = {value}")
    with pytest.raises(ExperimentError, match=message):
        parse_experiment(text, source="exp.toml")


@pytest.mark.parametrize("num", ["10000000000", "1" + "0" * 40, "0", "-3"])
def test_grid_num_is_bounded(num):
    text = GOOD.replace("num = 21", f"num = {num}")
    with pytest.raises(ExperimentError, match=r"grid.offense_advantage.num must be an integer"):
        parse_experiment(text, source="exp.toml")


def test_malformed_files_are_clear_errors(tmp_path):
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ExperimentError, match=r"deep.toml"):
        load_experiment(deep)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'model = "x"\n\xff\xfe\x00garbage')
    with pytest.raises(ExperimentError, match=r"binary.toml:2: not UTF-8 text"):
        load_experiment(binary)
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (2 << 20))
    with pytest.raises(ExperimentError, match=r"big.toml: an experiment file must be at most"):
        load_experiment(big)


def test_cli_sweep_does_not_overwrite_without_force(tmp_path, capsys):
    path = tmp_path / "exp.toml"
    path.write_text(GOOD)
    target = tmp_path / "od.nc"
    target.write_text("precious")
    assert main(["sweep", str(path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "od.nc" in err and "--force" in err and "Traceback" not in err
    assert target.read_text() == "precious"
    other = tmp_path / "other.nc"
    other.write_text("precious too")
    assert main(["sweep", str(path), "--out", str(other)]) == 2
    assert other.read_text() == "precious too"
    assert main(["sweep", str(path), "--no-progress", "--force"]) == 0
    assert target.read_bytes() != b"precious"
    assert not list(tmp_path.glob(".secdilemma-*"))  # no temporary file left
