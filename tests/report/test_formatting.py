"""Money as people read it, including the float noise of a value that is zero."""

from __future__ import annotations

import pytest

from decision.report.formatting import for_pair, usd


@pytest.mark.parametrize(("value", "shown"), [
    (-1.71e-07, "$0"), (0.004, "$0"), (0.3, "$0.3"), (980.0, "$980"), (-450_000.0, "-$450K"),
    (1.234e6, "$1.23M"), (2.5e9, "$2.5B"), (None, "n/a"), (float("nan"), "n/a")])
def test_usd(value: float | None, shown: str) -> None:
    assert usd(value) == shown


def test_text_for_gpu_and_asic_is_said_of_the_pair() -> None:
    text = "P(ASIC loses more) against the GPU fleet"
    assert for_pair(text, "gpu", "asic") == text
    assert for_pair(text, "h100", "mi300x") == "P(mi300x loses more) against the h100 fleet"
