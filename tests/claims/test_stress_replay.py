"""Input claims (haircut, break-even, margin) and output claims (replay) against hand
computations, and the claims audit as users see it: CLI output, files and summary keys."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cli import main
from decision.claims.metrics import METRICS, StatedInputs
from decision.claims.replay import replay_claims
from decision.claims.spec import Claim, Claimed, load_claims
from decision.claims.stress import HAIRCUTS, stress_claim
from decision.model.conditional import ConditionalSavings
from decision.model.sampling import draw_inputs
from decision.scenario.priors_file import load_scenario

#: The worked check (savings 18,413 over 12 months, undiscounted) with a linear stake:
#: savings = 118,413 - nre - porting in every draw.
LINEAR = {"asic.nre_usd": {"dist": "Uniform", "kwargs": {"lower": 0.0, "upper": 40_000.0}},
          "asic.porting_usd": {"dist": "Uniform", "kwargs": {"lower": 95_000.0,
                                                              "upper": 105_000.0}}}
HOURS_PER_YEAR = 8760


def model_of(path: Path | str, draws: int = 4000) -> ConditionalSavings:
    scenario = load_scenario(path)
    inputs = draw_inputs(scenario, draws, scenario.seed)
    return ConditionalSavings.from_draws(scenario, inputs, seed=scenario.seed)


def point(value: float) -> Claimed:
    return Claimed(value, value)


def input_claim(**values: float | tuple[float, float]) -> Claim:
    inputs = {path.replace("__", "."): Claimed(*v) if isinstance(v, tuple) else point(v)
              for path, v in values.items()}
    return Claim("c", "words", "source", inputs)


def output_claim(metric: str, value: float | tuple[float, float], **stated) -> Claim:
    claimed = Claimed(*value) if isinstance(value, tuple) else point(value)
    inputs = {path.replace("__", "."): Claimed(*v) if isinstance(v, tuple) else point(v)
              for path, v in stated.items()}
    return Claim("c", "words", "source", inputs, metric, claimed)


def test_claim_far_above_break_even_has_a_margin_and_wins_when_true(write_priors) -> None:
    model = model_of(write_priors(LINEAR))
    nre = model.values["asic.nre_usd"]
    s = stress_claim(input_claim(asic__porting_usd=50_000.0), model)
    # savings = 118,413 - nre - porting: the claim leaves 68,413 - nre > 28,000 in every draw.
    assert s.p_claim_true == 1.0
    assert s.asic_favoured_above == {"asic.porting_usd": False}
    break_even = 118_413 - nre.mean()
    assert s.break_even["asic.porting_usd"] == pytest.approx(break_even, rel=2e-3)
    assert s.margin == pytest.approx(break_even / 50_000, rel=2e-3)
    assert s.margin > 1
    assert s.haircut_to_flip == pytest.approx(1 - 50_000 / break_even, rel=5e-3)
    # A haircut h divides the claimed cost by (1 - h): P is the share of draws still ahead.
    expected = [(nre < 118_413 - 50_000 / (1 - h)).mean() for h in HAIRCUTS]
    np.testing.assert_allclose(s.p_haircut, expected)
    np.testing.assert_allclose(s.savings_haircut,
                               [(118_413 - nre - 50_000 / (1 - h)).mean() for h in HAIRCUTS])
    assert s.p_prior == pytest.approx(((118_413 - nre - model.values["asic.porting_usd"]) > 0)
                                      .mean())


def test_claim_that_loses_even_if_true_needs_to_be_understated(write_priors) -> None:
    model = model_of(write_priors(LINEAR))
    s = stress_claim(input_claim(asic__porting_usd=150_000.0), model)
    break_even = 118_413 - model.values["asic.nre_usd"].mean()
    assert s.p_claim_true == 0.0
    assert s.margin == pytest.approx(break_even / 150_000, rel=2e-3)
    assert s.margin < 1
    assert s.haircut_to_flip is None


def test_claims_on_two_inputs_are_discounted_together(write_priors) -> None:
    model = model_of(write_priors(LINEAR))
    s = stress_claim(input_claim(asic__nre_usd=10_000.0, asic__porting_usd=40_000.0), model)
    # Both costs divided by d: 118,413 = 50,000 / d at the break-even.
    assert s.break_even_factor == pytest.approx(50_000 / 118_413, rel=2e-3)
    assert s.break_even == pytest.approx({"asic.nre_usd": 10_000 * 118_413 / 50_000,
                                          "asic.porting_usd": 40_000 * 118_413 / 50_000},
                                         rel=2e-3)


def test_a_claim_that_cannot_flip_the_decision_has_no_margin(write_priors) -> None:
    model = model_of(write_priors(LINEAR))
    s = stress_claim(input_claim(asic__nre_usd=100.0), model)
    # Even 50x the claimed NRE ($5K) leaves the porting-only savings positive in most draws.
    assert s.break_even is None and s.margin is None
    assert s.favours_throughout == "asic"


@pytest.mark.parametrize("path", ["asic.perf_per_watt_gain", "gpu.utilization",
                                  "asic.lead_time_months"])
def test_claim_at_the_prior_median_changes_the_decision_little(path: str) -> None:
    model = model_of("priors/merchant-asic.yaml", draws=4000)
    median = float(np.median(model.values[path]))
    s = stress_claim(Claim("c", "w", "s", {path: point(median)}), model)
    assert abs(s.p_claim_true - s.p_prior) < 0.03
    assert s.team[path][3] == pytest.approx(0.5, abs=0.01)


def test_a_claimed_range_spreads_over_the_draws_in_their_order(write_priors) -> None:
    model = model_of(write_priors(LINEAR))
    u = model.uniforms("asic.nre_usd")
    spread = Claimed(1_000.0, 3_000.0).per_draw(u)
    assert spread.min() >= 1_000 and spread.max() <= 3_000
    assert (np.argsort(spread) == np.argsort(model.values["asic.nre_usd"])).all()
    whole = Claimed(24.0, 28.0).per_draw(model.uniforms("gpu.chips"), whole=True)
    assert set(np.unique(whole)) == {24, 25, 26, 27, 28}


def test_the_seed_power_bill_replays_to_its_hand_computed_factor() -> None:
    model = model_of("priors/team.yaml", draws=2000)
    seed_inputs = {"facility__pue": 1.4, "facility__power_price_usd_per_kwh": 0.08}
    worked = output_claim("gpu_power_usd_per_year", 280_000.0, gpu__nodes=7,
                          gpu__node_power_kw=3.25, **seed_inputs)
    cluster = output_claim("gpu_power_usd_per_year", (1.1e6, 1.3e6), gpu__nodes=16,
                           gpu__node_power_kw=(3.0, 3.5), **seed_inputs)
    own, spread = replay_claims([worked, cluster], model)
    by_hand = 7 * 3.25 * 1.4 * HOURS_PER_YEAR * 0.08  # $22,320.48
    np.testing.assert_allclose(own.replayed, by_hand, rtol=1e-12)
    assert own.ratio == pytest.approx(280_000 / by_hand)  # 12.5x
    assert not own.consistent
    assert own.from_team == ()
    p05, p50, p95 = spread.replayed_percentiles
    assert 16 * 3.0 * 1.4 * HOURS_PER_YEAR * 0.08 <= p05 < p50 < p95 <= 16 * 3.5 * 1.4 * 8760 * 0.08
    assert p50 == pytest.approx(16 * 3.25 * 1.4 * HOURS_PER_YEAR * 0.08, rel=0.01)
    assert spread.ratio == pytest.approx(np.sqrt(1.1e6 * 1.3e6) / 51_017, rel=0.01)  # 23.4x
    assert not spread.consistent
    # The team's own fleet, as its priors size it, is the distribution the claims sit in.
    assert own.team_percentile == 1.0


def test_replays_of_the_worked_check_match_docs_model(write_priors) -> None:
    model = model_of(write_priors(), draws=10)
    claims = [output_claim("gpu_chips", 12.0),
              output_claim("gpu_tco_usd_per_year", 695_826.0),
              output_claim("savings_usd_per_year", 18_413.0),
              output_claim("crossover_month", 11.0),
              output_claim("gpu_power_usd_per_year", 985.5 * 12)]
    replays = replay_claims(claims, model)
    for r in replays:
        assert r.consistent, r.claim.metric
        assert r.ratio == pytest.approx(1.0, rel=1e-6), r.claim.metric
        np.testing.assert_allclose(r.team, r.claim.value.central, rtol=1e-9)


def test_crossover_volume_is_where_savings_change_sign(write_priors) -> None:
    model = model_of(write_priors(), draws=10)
    (r,) = replay_claims([output_claim("crossover_inferences_per_day", 1e7)], model)
    volume = float(r.replayed[0])
    inputs = StatedInputs(model, {})

    def savings(v: float) -> float:
        return float(model.savings({"workload.inferences_per_day": v})[0])

    assert savings(volume * 0.999) * savings(volume * 1.001) < 0 or savings(volume) == 0
    assert inputs.values()["workload.inferences_per_day"] == pytest.approx(21.6e6)


@pytest.mark.parametrize(("fleet", "nodes"), [({"gpu.nodes": point(7.0)}, 7),
                                               ({"gpu.chips": point(26.0)}, 7),
                                               ({"gpu.chips": point(24.0)}, 6)])
def test_a_stated_fleet_is_the_fleet_the_core_sizes(fleet: dict, nodes: int) -> None:
    model = model_of("priors/team.yaml", draws=500)
    stated = StatedInputs(model, fleet | {"gpu.chips_per_node": point(4.0)})
    assert (METRICS["gpu_chips"].compute(stated) == 4 * nodes).all()


def test_stress_writes_claims_md_json_and_figures(tmp_path: Path, write_priors) -> None:
    claims = [{"id": "cheap-port", "words": "porting costs $50K", "source": "vendor deck",
               "inputs": {"asic.porting_usd": 50_000}},
              {"id": "bill", "words": "$100K a year of power", "source": "vendor deck",
               "metric": "gpu_power_usd_per_year", "value": 1e5,
               "inputs": {"gpu.nodes": 3, "gpu.node_power_kw": 3.0, "facility.pue": 1.5,
                          "facility.power_price_usd_per_kwh": 0.1}}]
    priors = write_priors(LINEAR, extra={"claims": claims})
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["stress", str(priors), "--out", str(out),
                                       "--draws", "2000"])
    assert result.exit_code == 0, result.output
    folder = out / "check"
    assert {p.name for p in folder.iterdir()} == {"claims.md", "claims.json", "figures"}
    assert {p.name for p in (folder / "figures").iterdir()} == {"claims_haircut.png",
                                                                 "claims_replay.png"}
    document = json.loads((folder / "claims.json").read_text())
    port, bill = document["claims"]
    assert port["p_claim_true"] == 1.0 and port["margin"] > 1
    # 3 nodes x 3 kW x 1.5 x 8,760 h x $0.10 = $11,826 a year: the claim is 8.46x that.
    assert bill["replay_ratio"] == pytest.approx(1e5 / 11_826, rel=1e-5)
    assert bill["consistent"] is False
    assert "bill" in result.stdout and "8.46x" in result.stdout and "NO" in result.stdout
    text = (folder / "claims.md").read_text()
    assert "its own inputs give $11.8K/yr" in text and "8.46x more than its inputs give" in text


def test_run_reports_the_claims_of_the_priors_file(tmp_path: Path, write_priors) -> None:
    claims = [{"id": "cheap-port", "words": "porting costs $50K", "source": "vendor deck",
               "inputs": {"asic.porting_usd": 50_000}}]
    priors = write_priors(LINEAR, extra={"claims": claims})
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["run", str(priors), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "check" / "summary.json").read_text())
    (entry,) = summary["claims"]
    assert {"id", "kind", "p_claim_true", "p_prior", "break_even", "margin", "replay_ratio",
            "consistent"} <= set(entry)
    assert entry["kind"] == "input" and entry["replay_ratio"] is None
    report = (out / "check" / "report.md").read_text()
    assert "## Vendor claims" in report and "(claims.md)" in report
    assert "| `cheap-port` | porting cost $50K |" in report  # named in words, in its unit
    assert (out / "check" / "claims.md").exists()
    page = (out / "check" / "report.html").read_text()
    assert '<section id="claims">' in page and 'href="#claims"' in page
    assert (out / "check" / "figures" / "claims_haircut.png").exists()
    assert not (out / "check" / "figures" / "claims_replay.png").exists()


@pytest.mark.slow
def test_stress_audits_the_seed_claims_against_the_team(tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["stress", "priors/team.yaml", "--claims",
                                       "priors/claims/seed-claims.yaml", "--out", str(out)])
    assert result.exit_code == 0, result.output
    entries = {e["id"]: e for e in json.loads(
        (out / "team" / "claims.json").read_text())["claims"]}
    assert len(entries) == len(load_claims("priors/claims/seed-claims.yaml"))
    assert entries["power-bill-16-nodes"]["replay_ratio"] == pytest.approx(23.4, rel=0.02)
    assert entries["worked-example-power"]["replay_ratio"] == pytest.approx(12.8, rel=0.03)
    assert not entries["worked-example-power"]["consistent"]


def test_a_break_even_that_is_a_step_is_reported_as_one() -> None:
    from decision.claims.stress import SEARCH_FACTORS, _break_even_factor

    factors = np.concatenate([1 - HAIRCUTS, SEARCH_FACTORS])

    def step(d: float) -> float:  # the claim favours the ASIC until it is cut below 0.62x
        return 250.0 if d >= 0.62 else -100.0 - d

    flip = _break_even_factor(step, factors, np.array([step(d) for d in factors]))
    assert flip.value == pytest.approx(0.62, rel=1e-3)
    assert flip.jump == pytest.approx((-100.62, 250.0), abs=0.01)

    def smooth(d: float) -> float:
        return 1_000.0 * np.log(d / 0.62)

    flip = _break_even_factor(smooth, factors, np.array([smooth(d) for d in factors]))
    assert flip.value == pytest.approx(0.62, rel=1e-3) and flip.jump is None
