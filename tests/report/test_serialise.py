"""The typed answer as JSON: rounding by annotation, once; optional and inline parts; key order;
and docs/results.md naming every key."""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from pathlib import Path

import numpy as np

from decision.report import schema
from decision.report.schema import (
    CrossoverStats,
    MoneyStats,
    MonteCarloError,
    Percentiles,
    Recommendation,
    Summary,
    TeamBelief,
)
from decision.report.serialise import plain, to_json

DOCS = Path(__file__).parents[2] / "docs" / "results.md"


def test_each_annotation_rounds_its_floats_and_negative_zero_is_written_as_zero() -> None:
    stats = MoneyStats(mean=np.float64(1234.5678), p05=-0.001, p50=2.0 / 3.0, p95=1e9 + 0.005)
    assert plain(stats) == {"mean": 1234.57, "p05": 0.0, "p50": 0.67, "p95": 1000000000.0}
    assert json.dumps(plain(stats)).count("-0.0") == 0
    assert plain(MonteCarloError(p_asic_cheaper=0.123456789, savings_mean=1.0)) == {
        "p_asic_cheaper": 0.123457, "savings_mean": 1.0}
    belief = TeamBelief(p05=1234567.891, p50=None, p95=0.000123456789, percentile_of_claim=0.5)
    assert plain(belief) == {"p05": 1234570.0, "p50": None, "p95": 0.000123457,
                             "percentile_of_claim": 0.5}


def test_optional_keys_are_left_out_and_inline_parts_written_in_place() -> None:
    entry = schema.EvidenceInput(kind="measurements", prior=schema.PriorStats(1.0, 0.5, 1.0, 2.0),
                                 observed=[0.4, 0.5], likelihood="Beta")
    assert list(plain(entry)) == ["kind", "prior", "observed", "likelihood"]
    crossover = CrossoverStats(p05=3, p50=None, p95=None, never=0.6)
    assert plain(crossover) == {"p05": 3, "p50": None, "p95": None, "never": 0.6}
    assert plain(Percentiles(None, None, None)) == {"p05": None, "p50": None, "p95": None}
    assert Recommendation("gpu", "rule") == Recommendation("gpu", "rule")


def test_summary_keys_are_the_documented_order() -> None:
    names = [f.name for f in dataclasses.fields(Summary)]
    assert names == ["decision", "fit", "analysis", "physics", "claims", "studies", "waiting"]
    inline = [f.type for f in dataclasses.fields(Summary) if f.metadata.get("inline")]
    assert len(inline) == 3
    keys = [f.name for part in (schema.Decision, schema.EvidenceFitSummary, schema.MindChangers)
            for f in dataclasses.fields(part)] + ["physics", "claims", "studies", "waiting"]
    assert keys[:4] == ["schema_version", "scenario", "priors_file", "draws"]
    assert keys.index("posterior") < keys.index("voi") < keys.index("physics") < keys.index(
        "claims")


def _schema_keys() -> set[str]:
    keys = set()
    for name in schema.__all__:
        cls = getattr(schema, name)
        if dataclasses.is_dataclass(cls):
            keys |= {f.name for f in dataclasses.fields(cls) if not f.metadata.get("inline")}
    return keys


def test_docs_results_name_every_key_of_the_schema() -> None:
    spans = re.findall(r"`([^`]+)`", DOCS.read_text())
    documented = {word for span in spans for word in re.findall(r"[a-z_][a-z_0-9]*", span)}
    assert _schema_keys() - documented == set()


def test_to_json_is_indented_and_ends_with_a_newline() -> None:
    text = to_json(schema.ClaimsDocument("s", "p.yaml", None, 1, []))
    assert text == ('{\n  "scenario": "s",\n  "priors_file": "p.yaml",\n  "claims_file": null,\n'
                    '  "seed": 1,\n  "claims": []\n}\n')
    assert typing.get_type_hints(schema.ClaimsDocument)
