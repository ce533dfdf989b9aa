"""Model shapes: the shipped presets are sourced; a bad shape is one line naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision.errors import PriorsError
from decision.performance.shapes import MODELS_DIR, find_model, load_model

PRESETS = {"llama-2-13b", "llama-3-8b", "llama-3-70b", "mixtral-8x7b"}


def test_the_presets_are_shipped_with_their_sources() -> None:
    assert PRESETS <= {p.stem for p in MODELS_DIR.glob("*.yaml")}
    for name in PRESETS:
        shape = find_model(name)
        assert "config.json" in shape.source and any(y in shape.source for y in ("2023", "2024"))
    mixtral = find_model("mixtral-8x7b")
    assert (mixtral.parameters, mixtral.active_parameters) == (46.7e9, 12.9e9)
    assert find_model("llama-3-70b").kv_heads == 8


GOOD = """\
schema_version: 1
name: m
title: M
architecture: decoder
source: "a config (2024)"
shape:
  parameters_b: 7
  layers: 32
  hidden_size: 4096
  attention_heads: 32
  kv_heads: 8
  head_dim: 128
"""


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("  layers: 32", "  layers: 32.5", ":8: shape.layers:", "whole number"),
    ("  kv_heads: 8", "  kv_heads: 7", ":11: shape.kv_heads:", "must divide attention_heads"),
    ("  parameters_b: 7", "  parameters_b: -7", ":7: shape.parameters_b:", "greater than 0"),
    ("  head_dim: 128", "  head_dims: 128", ":12: shape.head_dims:", "did you mean"),
    ("architecture: decoder", "architecture: rnn", ":4: architecture:", "must be one of"),
    ("  parameters_b: 7", "  parameters_b: 7\n  experts: 8", ":8: shape.experts:",
     "needs active_parameters_b"),
    ("architecture: decoder", "architecture: encoder-decoder", "shape.encoder_layers:",
     "only for one"),
])
def test_a_bad_shape_is_one_line_naming_the_key(tmp_path: Path, old: str, new: str,
                                                where: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new))
    with pytest.raises(PriorsError) as caught:
        load_model(path)
    assert where in str(caught.value) and message in str(caught.value)


def test_an_encoder_decoder_splits_its_parameters_by_layers(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(GOOD.replace("architecture: decoder", "architecture: encoder-decoder")
                    .replace("  layers: 32", "  layers: 24\n  encoder_layers: 24"))
    shape = load_model(path)
    assert shape.encoder_parameters == pytest.approx(3.5e9)
