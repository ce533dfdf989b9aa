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
