"""`decide run` and `decide validate` as a user runs them: files, keys, terminal output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import xarray as xr
from click.testing import CliRunner

from cli import main
from decision.scenario.catalogue import CATALOGUE
from decision.scenario.priors_file import load_scenario
from tests.conftest import SMALL, WORKED

PRIORS = Path(__file__).parents[2] / "priors"
#: A shipped scenario without evidence: the spine's tests must not wait for NUTS.
NO_EVIDENCE = PRIORS / "merchant-asic.yaml"
SUMMARY_KEYS = ["schema_version", "scenario", "priors_file", "draws", "seed", "horizon_months",
                "recommendation", "p_asic_cheaper", "p_asic_cheaper_by_month", "tco_usd",
                "usd_per_million_requests", "savings_usd", "crossover_month",
                "columns_usd_per_year", "lines_usd", "mc_standard_error", "options", "voi",
                "sensitivity",
                "break_even", "risk", "robustness", "model_risk"]


def test_worked_check_from_a_point_mass_file(write_priors, tmp_path: Path) -> None:
    priors = write_priors(draws=3)
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "check" / "summary.json").read_text())
    assert summary["tco_usd"]["gpu"] == {"mean": 695_826.0, "p05": 695_826.0,
                                         "p50": 695_826.0, "p95": 695_826.0}
    assert summary["tco_usd"]["asic"]["mean"] == 677_413.0
    assert summary["savings_usd"]["mean"] == 18_413.0
    assert summary["crossover_month"] == {"p05": 11, "p50": 11, "p95": 11, "never": 0.0}
    assert summary["p_asic_cheaper"] == 1.0
    assert summary["p_asic_cheaper_by_month"] == [0.0] * 10 + [1.0, 1.0]
    assert summary["columns_usd_per_year"]["gpu_today"]["mean"] == 695_826.0
    assert summary["lines_usd"]["asic"]["one_time"] == 100_000.0
    assert summary["recommendation"]["option"] == "asic"


def test_run_writes_every_file_and_key(write_priors, tmp_path: Path) -> None:
    out = tmp_path / "out"
    priors = write_priors(SMALL | {"horizon_months": 36}, name="small")
    result = CliRunner().invoke(main, ["run", str(priors), "--draws", "4000", "--out", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / "small"
    summary = json.loads((folder / "summary.json").read_text())
    assert list(summary) == SUMMARY_KEYS
    assert summary["draws"] == 4000 and summary["horizon_months"] == 36
    assert len(summary["p_asic_cheaper_by_month"]) == 36
    assert set(summary["voi"]["groups"]) == {"ASIC performance", "ASIC schedule"}
    assert set(summary["columns_usd_per_year"]) == {"gpu_today", "gpu_projected",
                                                    "asic_projected"}
    assert set(summary["crossover_month"]) == {"p05", "p50", "p95", "never"}
    for name in ("cumulative_cost", "p_asic_cheaper", "crossover_histogram", "savings",
                 "cost_lines", "value_of_information", "tornado"):
        assert (folder / "figures" / f"{name}.png").stat().st_size > 10_000
    report, appendix = ((folder / name).read_text() for name in ("report.md", "appendix.md"))
    for name in ("cumulative_cost", "crossover_histogram", "savings", "value_of_information",
                 "tornado"):
        assert f"figures/{name}.png" in report
    for name in ("p_asic_cheaper", "cost_lines"):
        assert f"figures/{name}.png" in appendix
    assert "## What would change our mind" in report and "## Break-even values" in appendix
    assert len(report.splitlines()) < 120 and "[appendix.md](appendix.md)" in report
    page = (folder / "report.html").read_text()
    assert page.count("<img src=\"data:image/png;base64,") == 7  # every figure, inline
    assert '<section id="appendix">' in page and 'href="#appendix"' in page
    voi = summary["voi"]
    assert voi["evpi_usd"] >= max(voi["evppi_usd"].values()) >= 0
    assert set(voi["evppi_usd"]) == {e["input"] for e in summary["break_even"]}
    assert summary["risk"]["recommended"]["expected_loss_usd"] == pytest.approx(voi["evpi_usd"],
                                                                         abs=0.02)
    assert [w["prior_spread"] for w in summary["robustness"]["widened"]] == [1.0, 1.5, 2.0]
    report = (folder / "report.md").read_text()
    assert "## Decision" in report and "## Costs" in report
    assert "| a year at projected volume |" in report  # the three columns
    with xr.open_dataset(folder / "draws.nc", engine="h5netcdf") as draws:
        assert draws["gpu.utilization"].dims == ("draw",)
        assert draws["cost"].dims == ("draw", "option", "line")
        assert draws.sizes["draw"] == 4000
        assert float((draws["savings"] > 0).mean()) == pytest.approx(summary["p_asic_cheaper"])
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging left behind
    # The terminal summary: decision, probability, savings interval, crossover, three columns.
    for text in ("Decision:", "of draws", "Savings (GPU − ASIC)", "Crossover:", "GPU today",
                 "GPU projected", "ASIC projected", f"Wrote {folder}/"):
        assert text in result.stdout
    assert result.stderr == ""  # no progress when stderr is not a terminal


def test_failed_run_leaves_previous_results_untouched(write_priors, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = write_priors(draws=10)
    assert CliRunner().invoke(main, ["run", str(good), "--out", str(out)]).exit_code == 0
    before = (out / "check" / "summary.json").read_bytes()
    bad = write_priors({"gpu.utilization": 7.0})
    result = CliRunner().invoke(main, ["run", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert (out / "check" / "summary.json").read_bytes() == before


@pytest.mark.parametrize("name", ["team", "merchant-asic", "fast-changing-model", "vendor-claim",
                                  "llama70b-h100-vs-asic"])
def test_shipped_priors_validate(name: str) -> None:
    result = CliRunner().invoke(main, ["validate", str(PRIORS / f"{name}.yaml")])
    assert result.exit_code == 0, result.output
    assert ": ok — scenario" in result.stdout
    for path in WORKED:
        assert path in result.stdout


def test_validate_lists_the_evidence() -> None:
    result = CliRunner().invoke(main, ["validate", str(PRIORS / "team.yaml")])
    assert "evidence for gpu.utilization: 8 observations (Beta likelihood)" in result.stdout
    assert ("evidence for asic.model_freeze_months: 3 past changes and a model 8 months old"
            " (Weibull); the posterior is the remaining time") in result.stdout


def test_validate_shows_median_interval_and_origin(write_priors) -> None:
    priors = write_priors({"gpu.utilization": {"dist": "Beta", "ci90": [0.3, 0.55]},
                           "gpu.redundancy": None})
    result = CliRunner().invoke(main, ["validate", str(priors)])
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert "0.3 – 0.55" in rows["gpu.utilization"] and "(Beta)" in rows["gpu.utilization"]
    assert rows["gpu.redundancy"].split()[-1] == "default"
    assert f"{priors}:" in rows["gpu.node_price_usd"]


@pytest.mark.parametrize(("args", "words"), [
    (["run", str(NO_EVIDENCE), "--draws", "0"], "Invalid value for '--draws'"),
    (["run", str(NO_EVIDENCE), "--draws", "1"], "1 is not in the range x>=2"),  # crashed
    (["run"], "Missing argument 'PRIORS_FILE'"),
    (["runn", str(NO_EVIDENCE)], "No such command 'runn'"),
    (["run", str(NO_EVIDENCE), "--out", __file__], "Invalid value for '--out'"),
    (["sweep", str(NO_EVIDENCE), "--colour"], "No such option '--colour'"),
])
def test_bad_arguments_are_one_line_and_exit_2(args: list[str], words: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow  # a fresh interpreter's imports: about 8 s of the default suite's budget
def test_same_seed_gives_byte_identical_summary_and_never_imports_pymc(write_priors,
                                                                      tmp_path: Path) -> None:
    """A run in a fresh interpreter and a run in this one, with one seed, write the same bytes,
    and a run without evidence never loads PyMC (another seed's different draws:
    tests/model/test_sampling.py)."""
    priors = write_priors(SMALL, name="small")
    run = ["run", str(priors), "--draws", "1000", "--seed", "5", "--out"]
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from cli import main\n"
        f"r = CliRunner().invoke(main, {[*run, str(tmp_path / 'a')]!r})\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in ('pymc', 'arviz', 'pytensor') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).parents[2])
    assert done.stdout.strip() == "[]"
    assert CliRunner().invoke(main, [*run, str(tmp_path / "b")]).exit_code == 0
    first, same = ((tmp_path / out / "small" / "summary.json").read_bytes() for out in "ab")
    assert first == same


def test_workers_without_studies_say_so_and_stay_in_process(write_priors,
                                                           tmp_path: Path) -> None:
    priors = write_priors(SMALL, name="small", draws=300)
    result = CliRunner().invoke(main, ["run", str(priors), "--workers", "2", "--out",
                                       str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("note: --workers and --scheduler value a file's studies:")


@pytest.mark.parametrize("command", [
    ["run"], ["stress"],
    ["sweep", "--draws", "300", "--workers", "1", "--x", "asic.nre_usd=1e6:2e7:3",
     "--y", "asic.model_freeze_months=6:30:3"]])
def test_each_command_reads_the_priors_file_once(command: list[str], write_priors,
                                                 tmp_path: Path, monkeypatch) -> None:
    from decision.scenario import priors_file

    claim = {"id": "c", "words": "4x per watt", "source": "deck",
             "inputs": {"asic.perf_per_watt_gain": 4.0}}
    priors = write_priors(SMALL, name="small", draws=300, extra={"claims": [claim]})
    read = []
    build = priors_file._build_scenario
    monkeypatch.setattr(priors_file, "_build_scenario",
                        lambda *args: read.append(args[-1]) or build(*args))
    result = CliRunner().invoke(main, [*command, str(priors), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert read == ["small"]


def test_progress_counts_the_steps_that_run(write_priors, tmp_path: Path) -> None:
    from decision.pipeline import run

    calls: list[tuple[str, int, int]] = []
    claim = {"id": "c", "words": "4x per watt", "source": "deck",
             "inputs": {"asic.perf_per_watt_gain": 4.0}}
    priors = write_priors(SMALL, name="small", draws=300, extra={"claims": [claim]})
    run(priors, out=tmp_path, progress=lambda *call: calls.append(call))
    names = [name for name, _, _ in calls]
    assert names[0] == "draw inputs" and names[-1].startswith("write ")
    assert any(name.startswith("stress-test claims") for name in names)
    assert [done for _, done, _ in calls] == list(range(len(calls)))
    assert {total for _, _, total in calls} == {len(calls)}


def test_help_lists_every_command_in_full_and_points_to_the_docs() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "docs/priors-format.md" in result.output
    commands = result.output.split("Commands:")[1].strip().splitlines()
    assert len(commands) == len(main.commands) and not any("..." in c for c in commands)


def test_init_writes_a_file_that_validates_and_runs_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    result = CliRunner().invoke(main, ["init", str(path)])
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "evidence:" not in text.replace("an\n# evidence:", "")  # the pointer to the docs only
    assert all(f"  {spec.key}:" in text or spec.section is None for spec in CATALOGUE)
    run_result = CliRunner().invoke(main, ["run", str(path), "--draws", "300", "--out",
                                           str(tmp_path / "out")])
    assert run_result.exit_code == 0, run_result.output
    again = CliRunner().invoke(main, ["init", str(path)])
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert path.read_text() == text


def test_init_with_a_model_and_platforms_starts_from_the_roofline(tmp_path: Path) -> None:
    path = tmp_path / "served.yaml"
    result = CliRunner().invoke(main, ["init", str(path), "--model", "llama-3-70b",
                                       "--gpu-platform", "h100-sxm", "--asic-platform", "h200"])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(path)
    assert scenario.serving is not None and set(scenario.serving.platforms) == {"gpu", "asic"}
    assert "peak_inferences_per_s_per_chip:" not in path.read_text()
    alone = CliRunner().invoke(main, ["init", str(tmp_path / "x.yaml"), "--model", "m"])
    assert alone.exit_code == 2 and "go together" in alone.stderr
