"""The platform catalogue: every shipped sheet is sourced field by field, bad sheets get one
line naming file, line and key, and ``decide platforms`` shows what users read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from decision.errors import PriorsError
from decision.platforms.catalogue import PLATFORMS_DIR, load_catalogue
from decision.platforms.sheet import FIELDS, load_platform

#: Every system the seeds name (issue: platform catalogue).
SEED_PLATFORMS = {"a100-80gb-sxm", "h100-sxm", "h200", "b200", "mi300x", "tpu-v4", "tpu-v5e",
                  "tpu-v5p", "inferentia2", "groq-lpu", "cerebras-cs3", "mtia-v1", "mtia-v2"}


def test_the_catalogue_covers_every_platform_the_seeds_name() -> None:
    assert SEED_PLATFORMS <= set(load_catalogue())


def test_every_field_of_every_sheet_has_a_dated_source_or_says_why_not() -> None:
    for platform in load_catalogue().values():
        assert set(platform.entries) == {f.key for f in FIELDS}
        for entry in platform.entries.values():
            assert entry.source and any(str(y) in entry.source for y in range(2019, 2027))
            assert (entry.value is not None) + (entry.prior is not None) + (
                entry.absent is not None) == 1


def test_datasheet_figures_as_published() -> None:
    sheets = load_catalogue()
    h100 = sheets["h100-sxm"].entries
    assert (h100["memory_gb"].value, h100["bf16_dense_tflops"].value,
            h100["fp8_dense_tflops"].value) == (80.0, 989.0, 1979.0)
    # The tools disagree on the H100's bandwidth: a prior over 3,072-3,350 GB/s.
    p05, _, p95 = h100["memory_bandwidth_gb_s"].quantiles()
    assert p05 == pytest.approx(3072, rel=1e-6) and p95 == pytest.approx(3350, rel=1e-6)
    assert sheets["tpu-v5e"].entries["memory_bandwidth_gb_s"].value == 819.0
    assert sheets["a100-80gb-sxm"].entries["fp8_dense_tflops"].absent == "not_applicable"
    assert sheets["tpu-v4"].entries["node_price_usd"].absent == "not_sold"


SHEET = """\
schema_version: 1
name: chip
title: A test chip
family: gpu
specs:
""" + "".join(f"  {f.key}: {{not_public: \"not found (searched 2026)\"}}\n" for f in FIELDS)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "chip.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("  memory_gb: {not_public: \"not found (searched 2026)\"}",
     "  memory_gb: {value: 80}", ":6: specs.memory_gb.source:", "is required"),
    ("  memory_gb: {not_public: \"not found (searched 2026)\"}",
     "  memory_gb: {value: 80, source: \"a datasheet\"}", ":6: specs.memory_gb.source:",
     "must give the year"),
    ("  memory_gb: {not_public: \"not found (searched 2026)\"}",
     "  memory_gb: {value: -8, source: \"datasheet (2024)\"}", ":6: specs.memory_gb.value:",
     "must be greater than 0"),
    ("  memory_gb: {not_public: \"not found (searched 2026)\"}",
     "  memory_gb: {ci90: [90, 80], source: \"datasheet (2024)\"}", "specs.memory_gb.ci90:",
     "reversed"),
    ("  memory_gb: {not_public: \"not found (searched 2026)\"}",
     "  memory_gb: {not_public: \"x (2026)\", source: \"y (2026)\"}", ":6: specs.memory_gb:",
     "stands alone"),
    ("  memory_gb:", "  memory_gbs:", ":6: specs.memory_gbs:", "did you mean 'memory_gb'"),
    ("family: gpu", "family: fpga", ":4: family:", "must be one of"),
    ("name: chip", "name: other", ":2: name:", "file's name"),
])
def test_a_bad_sheet_is_one_line_naming_file_line_and_key(tmp_path: Path, old: str, new: str,
                                                          where: str, message: str) -> None:
    text = SHEET
    assert old in text
    path = write(tmp_path, text.replace(old, new))
    with pytest.raises(PriorsError) as caught:
        load_platform(path)
    line = str(caught.value)
    assert where in line and message in line and "\n" not in line


def test_a_sheet_missing_a_field_says_which(tmp_path: Path) -> None:
    text = SHEET.replace(
        "  chip_hour_usd: {not_public: \"not found (searched 2026)\"}\n", "")
    with pytest.raises(PriorsError, match="chip_hour_usd is missing"):
        load_platform(write(tmp_path, text))


def test_decide_platforms_lists_the_catalogue() -> None:
    result = CliRunner().invoke(main, ["platforms"])
    assert result.exit_code == 0
    for name in SEED_PLATFORMS:
        assert name in result.output


def test_decide_platforms_name_prints_the_sheet_with_its_sources() -> None:
    result = CliRunner().invoke(main, ["platforms", "h100-sxm"])
    assert result.exit_code == 0
    assert "NVIDIA H100 datasheet (2023)" in result.output
    assert "3.21K (90%: 3.07K – 3.35K, LogNormal)" in result.output
    result = CliRunner().invoke(main, ["platforms", "tpu-v5e"])
    assert "not public: supply it yourself" in result.output


def test_an_unknown_platform_is_one_line_with_the_closest_names() -> None:
    result = CliRunner().invoke(main, ["platforms", "h100"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "unknown platform 'h100'; did you mean" in result.output
    assert "h100-sxm" in result.output


def test_the_shipped_folder_holds_only_platform_sheets() -> None:
    assert {p.suffix for p in PLATFORMS_DIR.iterdir()} == {".yaml"}
