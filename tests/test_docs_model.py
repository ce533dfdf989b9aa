"""docs/model.md stays true to the catalogue."""

from __future__ import annotations

from pathlib import Path

from decision.scenario.catalogue import CATALOGUE

MODEL_DOC = (Path(__file__).parents[1] / "docs" / "model.md").read_text()


def test_the_inputs_table_names_every_input_of_the_catalogue() -> None:
    missing = [spec.path for spec in CATALOGUE if f"`{spec.path}`" not in MODEL_DOC]
    assert not missing
