"""Money as people read it, including the float noise of a value that is zero."""

from __future__ import annotations

import pytest

from decision.report.formatting import for_pair, in_unit, input_label, number, usd


@pytest.mark.parametrize(("value", "shown"), [
    (-1.71e-07, "$0"), (0.004, "$0"), (0.3, "$0.3"), (980.0, "$980"), (-450_000.0, "-$450K"),
    (1.234e6, "$1.23M"), (2.5e9, "$2.5B"), (None, "n/a"), (float("nan"), "n/a"),
    # Rounding that reaches a thousand moves up a suffix, never to 1e+03.
    (999.6, "$1K"), (999_600.0, "$1M"), (-999_700_000.0, "-$1B"), (1.5e12, "$1.5T"),
    (2.5e15, "$2,500T"), (999.4, "$999")])
def test_usd(value: float | None, shown: str) -> None:
    assert usd(value) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (5e7, "50M"), (2e9, "2B"), (-2e9, "-2B"), (999_600.0, "1M"), (1_000.0, "1K"),
    (0.8193, "0.819"), (-0.255, "-0.255"), (999.6, "1K"), (12.34, "12.3"), (5.0, "5")])
def test_number(value: float, shown: str) -> None:
    assert number(value) == shown


def test_text_for_gpu_and_asic_is_said_of_the_pair() -> None:
    text = "P(ASIC loses more) against the GPU fleet"
    assert for_pair(text, "gpu", "asic") == text
    assert for_pair(text, "h100", "mi300x") == "P(mi300x loses more) against the h100 fleet"


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (225_000.0, "USD", "$225K"), (0.08, "USD/kWh", "$0.08/kWh"), (2_290.0, "USD/month",
    "$2.29K/mo"), (250_000.0, "USD/year", "$250K/yr"), (0.422, "fraction", "42.2%"),
    (-0.255, "fraction/year", "-25.5%/yr"), (16.9, "months", "16.9 months"),
    (5e7, "1/day", "50M/day"), (55.7, "1/s", "55.7/s"), (3.25, "kW", "3.25 kW"),
    (8.0, "chips", "8"), (1.26, "ratio", "1.26")])
def test_an_input_reads_in_its_unit(value: float, unit: str, shown: str) -> None:
    assert in_unit(value, unit) == shown


def test_every_input_has_a_human_label() -> None:
    from decision.scenario.catalogue import CATALOGUE, LABELS
    from decision.scenario.option_catalogue import OPTION_INPUTS

    assert {s.path for s in CATALOGUE} <= set(LABELS)
    for field in OPTION_INPUTS:
        assert input_label(f"mi300x.{field}").startswith(("mi300x", "share", "extra", "age")), field


@pytest.mark.parametrize(("path", "label"), [
    ("asic.nre_usd", "ASIC design cost (NRE), USD"),
    ("gpu.utilization", "GPU utilisation in the busy hour, %"),
    ("workload.annual_growth", "volume growth, %/yr"),
    ("asic.throughput_ratio", "ASIC throughput per chip ÷ GPU's"),
    ("mi300x.node_price_usd", "mi300x node price, USD"),
    ("custom_asic.throughput_ratio", "custom_asic throughput per chip ÷ the incumbent's"),
    ("tpu_v5e.chip_hour_usd", "tpu_v5e chip-hour price, USD/chip-hour"),
    ("not.an_input", "not.an_input")])
def test_input_label(path: str, label: str) -> None:
    assert input_label(path) == label
