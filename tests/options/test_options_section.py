"""The options: section as users write it: the two-option case byte for byte, bad options as
one line naming the key, and files written before options keep working."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from cli import main
from decision.errors import PriorsError
from decision.scenario.priors_file import load_scenario
from tests.conftest import WORKED, as_options, nest

CLOUD = {"kind": "rented", "peak_inferences_per_s_per_chip": 60.0, "utilization": 0.5,
         "chip_hour_usd": 2.0}


def document(**changes: object) -> dict:
    flat = WORKED | {"gpu.utilization": {"ci90": [0.3, 0.7]},
                     "asic.throughput_ratio": {"ci90": [0.5, 4.0]},
                     "asic.model_freeze_months": {"ci90": [4, 40]}} | changes
    return {"schema_version": 1, "name": "same", "sampling": {"draws": 3000, "seed": 3},
            **nest(flat)}


def test_two_options_through_options_equal_the_gpu_asic_file_byte_for_byte(
        tmp_path: Path) -> None:
    for folder, doc in (("sections", document()), ("options", as_options(document()))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    here = os.getcwd()
    try:
        for folder in ("sections", "options"):
            os.chdir(tmp_path / folder)
            result = CliRunner().invoke(main, ["run", "same.yaml", "--out", "out"])
            assert result.exit_code == 0, result.output
    finally:
        os.chdir(here)
    summaries = [(tmp_path / f / "out" / "same" / "summary.json").read_bytes()
                 for f in ("sections", "options")]
    assert summaries[0] == summaries[1]
    assert b'"p_cheapest"' in summaries[0]


def test_renamed_inputs_still_read_from_their_former_place(tmp_path: Path) -> None:
    doc = document()
    doc["workload"]["asic_addressable_fraction"] = doc["asic"].pop("addressable_fraction")
    doc["ops"]["asic_extra_fte"] = doc["asic"].pop("extra_fte")
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    scenario = load_scenario(path)
    assert scenario.inputs["asic.extra_fte"].value == WORKED["asic.extra_fte"]
    assert scenario.inputs["asic.extra_fte"].origin.endswith(":" + str(
        path.read_text().split("\n").index("  asic_extra_fte: 0.5") + 1))


def _options(**changed: dict | None) -> dict:
    doc = as_options(document(), {"cloud": dict(CLOUD)})  # tests change it in place
    for name, body in changed.items():
        if body is None:
            doc["options"].pop(name)
        else:
            doc["options"][name] = body
    return doc


BAD = {
    "unknown platform": (_options(cloud=CLOUD | {"platform": "h900"}),
                         "options.cloud.platform", "unknown platform 'h900'"),
    "no incumbent": (_options(gpu={**as_options(document())["options"]["gpu"],
                                   "incumbent": False}),
                     "options", "exactly one option must say incumbent: true"),
    "two incumbents": (_options(cloud=CLOUD | {"incumbent": True}),
                       "options", "found 2: gpu, cloud"),
    "a fallback cycle": (_options(cloud=CLOUD | {"fallback": "asic"},
                                  asic={**as_options(document())["options"]["asic"],
                                        "fallback": "cloud"}),
                         "options.asic.fallback", "fallback cycle: asic -> cloud -> asic"),
    "a fallback to a custom program": (_options(cloud=CLOUD | {"fallback": "asic"}),
                                       "options.cloud.fallback",
                                       "must be the incumbent (gpu) or an owned or rented"),
    "a rented option with no price": (_options(cloud={k: v for k, v in CLOUD.items()
                                                      if k != "chip_hour_usd"}),
                                      "options.cloud.chip_hour_usd",
                                      "missing required input"),
    "an unknown kind": (_options(cloud=CLOUD | {"kind": "leased"}), "options.cloud.kind",
                        "must be one of owned, rented, custom"),
    "a custom incumbent": (_options(gpu={**as_options(document())["options"]["asic"],
                                         "incumbent": True}), "options.gpu.kind",
                           "the incumbent must be owned or rented"),
    "a custom option beside a rented incumbent": (
        _options(gpu={**CLOUD, "incumbent": True}), "options.asic.kind",
        "a custom option's throughput and power are stated over the incumbent's own GPUs"),
    "a committed minimum on a rented incumbent": (
        _options(gpu={**CLOUD, "incumbent": True, "minimum_chips": 8}, asic=None),
        "options.gpu.minimum_chips", "unknown input of a rented incumbent"),
    "an owned field on a rented option": (_options(cloud=CLOUD | {"node_price_usd": 1e5}),
                                          "options.cloud.node_price_usd",
                                          "unknown input of a rented option"),
    "a fleet's bill of a custom program": (
        {**_options(), "claims": [{"id": "bill", "words": "w", "source": "s", "value": 1e5,
                                   "metric": "gpu_power_usd_per_year", "option": "asic"}]},
        "claims.bill.option", "asic is a custom program: name an owned or rented option"),
    "the incumbent's savings against itself": (
        {**_options(), "claims": [{"id": "gap", "words": "w", "source": "s", "value": 1e5,
                                   "metric": "savings_usd_per_year", "option": "gpu"}]},
        "claims.gap.option", "gpu is the incumbent: name another option"),
    "an output claim naming no option of the file": (
        {**_options(), "claims": [{"id": "bill", "words": "w", "source": "s", "value": 1e5,
                                   "metric": "gpu_tco_usd_per_year", "option": "clod"}]},
        "claims.bill.option", "did you mean 'cloud'"),
    "the size of another fleet": (
        {**_options(), "claims": [{"id": "bill", "words": "w", "source": "s", "value": 1e5,
                                   "metric": "gpu_tco_usd_per_year", "option": "cloud",
                                   "inputs": {"gpu.nodes": 7}}]},
        "claims.bill.inputs.gpu.nodes", "the fleet this claim sizes is cloud's"),
    "a gpu: section beside options": ({**_options(), "gpu": {"utilization": 0.5}}, "gpu",
                                      "move gpu: into options"),
    "one option": ({**_options(asic=None, cloud=None)}, "options", "two or more option"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_options_are_one_line_naming_the_key(tmp_path: Path, case: str) -> None:
    doc, key, words = BAD[case]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(PriorsError) as error:
        load_scenario(path)
    message = str(error.value)
    assert "\n" not in message
    assert f" {key}: " in message and words in message, message
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_claim_names_the_option_it_concerns(tmp_path: Path) -> None:
    doc = _options()
    doc["claims"] = [{"id": "cheap-rent", "words": "Rent it for $1 a chip-hour",
                      "source": "vendor deck", "inputs": {"cloud.chip_hour_usd": 1.0}}]
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    result = CliRunner().invoke(main, ["stress", str(path), "--draws", "2000",
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    import json
    entry = json.loads((tmp_path / "out" / "same" / "claims.json").read_text())["claims"][0]
    assert entry["versus"] == ["gpu", "cloud"]
    doc["claims"][0]["inputs"] = {"cloud.node_price_usd": 1.0}
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(PriorsError, match="unknown input"):
        load_scenario(path)


def test_evidence_names_an_option_input_and_a_custom_option_freeze(tmp_path: Path) -> None:
    doc = _options()
    doc["options"]["asic"]["model_freeze_months"] = {"ci90": [4, 40]}
    doc["evidence"] = {
        "cloud.utilization": {"observed": [0.5, 0.6], "likelihood": "Beta",
                              "concentration": 50},
        "asic.model_freeze_months": {"change_intervals_months": [14, 20],
                                     "months_since_last_change": 6}}
    doc["options"]["cloud"]["utilization"] = {"dist": "Beta", "ci90": [0.3, 0.7]}
    path = tmp_path / "evidence.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    assert set(load_scenario(path).evidence) == {"cloud.utilization", "asic.model_freeze_months"}
    doc["evidence"] = {"cloud.utilization": {"change_intervals_months": [3],
                                             "months_since_last_change": 1}}
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    with pytest.raises(PriorsError, match="change history applies only to"):
        load_scenario(path)


def _replays(tmp_path: Path, doc: dict, claims: list[dict]):
    from decision.claims.replay import replay_claims
    from decision.model.conditional import ConditionalSavings
    from decision.model.sampling import draw_inputs

    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({**doc, "claims": claims}, sort_keys=False))
    scenario = load_scenario(path)
    inputs = draw_inputs(scenario, 500, scenario.seed)
    model = ConditionalSavings.from_draws(scenario, inputs, seed=scenario.seed)
    return model, replay_claims(list(scenario.claims), model)


def _claim(name: str, metric: str, **more: object) -> dict:
    return {"id": name, "words": "w", "source": "s", "value": 1e5, "metric": metric, **more}


def test_output_claims_concern_any_owned_or_rented_option(tmp_path: Path) -> None:
    cloud = CLOUD | {"price_trend_per_year": 0.0, "support_fraction": 0.1}
    model, (chips, rent, gap) = _replays(tmp_path, _options(cloud=cloud), [
        _claim("chips", "gpu_chips", option="cloud"),
        _claim("rent", "gpu_hardware_usd_per_year", option="cloud",
               inputs={"cloud.chips": 10}),
        _claim("gap", "savings_usd_per_year", option="cloud")])
    x = model.values
    # A rented chip serves 60 x 0.5 inferences/s; the fleet is sized on the peak, with spare.
    load = (x["workload.inferences_per_day"] / 86_400 * x["workload.peak_to_average"]
            * (1 + x["cloud.redundancy"]))
    np.testing.assert_array_equal(chips.replayed, np.ceil(load * (1 - 1e-9) / 30.0))
    assert chips.option == "cloud" and "cloud.utilization" in chips.from_team
    # Ten chips rented for a year at $2 an hour, support 10% on top.
    np.testing.assert_allclose(rent.replayed, 10 * 2.0 * 730 * 12 * 1.1, rtol=1e-12)
    assert not {"cloud.utilization", "workload.inferences_per_day"} & set(rent.from_team)
    # The option against the incumbent: the run's own savings, annualised.
    totals = model.totals()
    names = model.scenario.options.names
    expected = (totals[:, names.index("gpu")] - totals[:, names.index("cloud")]) * 12 / 12
    np.testing.assert_allclose(gap.team, expected, rtol=1e-9)
    assert gap.option == "cloud" and "asic.nre_usd" not in gap.from_team


def test_an_output_claim_on_a_rented_incumbent_bills_its_chips(tmp_path: Path) -> None:
    doc = _options(gpu={**CLOUD, "incumbent": True, "price_trend_per_year": 0.0}, asic=None)
    model, (bill,) = _replays(tmp_path, doc, [
        _claim("bill", "gpu_tco_usd_per_year", inputs={"gpu.chips": 12})])
    staff = WORKED["ops.gpu_fte"] * WORKED["ops.fte_usd_per_year"]
    np.testing.assert_allclose(bill.replayed, 12 * 2.0 * 730 * 12 + staff, rtol=1e-12)
    assert bill.option == "gpu"
