"""The sentences that explain value-of-information figures that look like contradictions."""

from __future__ import annotations

from types import SimpleNamespace

from decision.report.mind_markdown import _unexplained


def summary_with(evppi: dict[str, float], groups: dict[str, float], evpi: float,
                 tornado: list[str]) -> SimpleNamespace:
    voi = SimpleNamespace(evpi_usd=evpi, evppi_usd=evppi,
                          evppi_standard_error_usd={p: 10.0 for p in evppi},
                          groups={n: SimpleNamespace(evppi_usd=v) for n, v in groups.items()})
    sensitivity = SimpleNamespace(tornado=[SimpleNamespace(input=p) for p in tornado])
    return SimpleNamespace(analysis=SimpleNamespace(voi=voi, sensitivity=sensitivity))


def test_a_strong_driver_worth_nothing_to_measure_is_explained() -> None:
    summary = summary_with({"asic.nre_usd": 0.0, "asic.throughput_ratio": 5_000.0}, {}, 6_000.0,
                           ["asic.nre_usd", "asic.throughput_ratio"])
    (driver,) = _unexplained(summary)
    assert driver.startswith("The ASIC design cost (NRE) moves the expected savings widely")
    assert "not which option saves" in driver


def test_the_share_of_the_evpi_no_input_explains_is_said() -> None:
    summary = summary_with({"a": 100.0}, {"prices": 300.0}, 1_000.0, ["a"])
    (share,) = _unexplained(summary)
    assert share.startswith("The most valuable single input or group is worth 30% of the EVPI")
    assert _unexplained(summary_with({"a": 900.0}, {}, 1_000.0, ["a"])) == []


def test_why_says_when_nothing_flips_it_and_nothing_is_worth_measuring() -> None:
    from decision.report.mind_markdown import why_sentences

    summary = summary_with({"asic.nre_usd": 0.0}, {}, 14_400.0, [])
    summary.analysis.sensitivity.tornado = [SimpleNamespace(
        input="asic.nre_usd", savings_at_low_usd=-1.24e6, low=1e6,
        savings_at_high_usd=-6.78e6, high=1e7)]
    summary.analysis.break_even = []
    summary.studies, summary.waiting = {}, None
    (why,) = why_sentences(summary)
    assert why == (
        "What drives it most is the ASIC design cost (NRE) (`asic.nre_usd`): expected savings"
        " go from -$1.24M at its 5th percentile ($1M) to -$6.78M at its 95th ($10M). No single"
        " input flips it anywhere in its own range, the others still uncertain. Nothing is"
        " worth measuring first: knowing every input exactly would be worth $14.4K in"
        " expectation, and no one input is worth more than twice its estimation error.")
