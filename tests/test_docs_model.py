"""docs/model.md stays true to the catalogue: its inputs table is `decide inputs --markdown`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import main
from decision.report.inputs_text import inputs_markdown, option_inputs_markdown
from decision.scenario.catalogue import CATALOGUE

MODEL_DOC = (Path(__file__).parents[1] / "docs" / "model.md").read_text()


def test_the_inputs_table_is_the_catalogue() -> None:
    assert inputs_markdown() in MODEL_DOC
    assert option_inputs_markdown() in MODEL_DOC
    assert all(f"`{spec.path}`" in inputs_markdown() for spec in CATALOGUE)


def test_decide_inputs_lists_every_input_with_its_meaning() -> None:
    result = CliRunner().invoke(main, ["inputs"])
    assert result.exit_code == 0
    for spec in CATALOGUE:
        assert spec.path in result.output and spec.meaning[:40] in result.output
