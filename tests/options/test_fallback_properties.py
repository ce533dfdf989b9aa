"""Properties of a fallback fleet and a rented incumbent for any inputs (hypothesis)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from decision.model.options import Option, OptionSet
from decision.model.tco import evaluate
from decision.scenario.option_catalogue import option_inputs
from tests.conftest import WORKED

H200 = Option("h200", "owned")


def inputs_of(options: OptionSet, values: dict[str, float]) -> dict[str, float]:
    """Every input of ``options``: the worked check's shared and incumbent values, the
    catalogue's defaults, then ``values``."""
    x = {k: v for k, v in WORKED.items() if k.partition(".")[0] not in ("gpu", "asic")}
    for option in options.options:
        for spec in option_inputs(option.name, option.kind, option.name == options.incumbent):
            worked = WORKED.get(f"gpu.{spec.key}") if option.name == options.incumbent else None
            x[spec.path] = worked if worked is not None else spec.default
    return x | values


def cloud_total(options: OptionSet, values: dict[str, float]) -> float:
    x = inputs_of(options, values)
    return float(evaluate(x, int(x["horizon_months"]), options=options).monthly.sum(axis=2)[
        0, options.names.index("cloud")])


def with_fallback(fallback: Option | None) -> OptionSet:
    return OptionSet((Option("gpu", "owned"), H200, Option("cloud", "rented", None, fallback)),
                     "gpu")


@st.composite
def fleets(draw: st.DrawFn) -> dict[str, float]:
    f = st.floats
    return {
        "workload.annual_growth": draw(f(-0.3, 1.5)),
        "cloud.peak_inferences_per_s_per_chip": draw(f(5.0, 200.0)),
        "cloud.utilization": draw(f(0.1, 1.0)), "cloud.chip_hour_usd": draw(f(0.5, 20.0)),
        "cloud.addressable_fraction": draw(f(0.0, 1.0)),
        "cloud.lead_time_months": draw(f(0.0, 10.0)),
        "h200.peak_inferences_per_s_per_chip": draw(f(5.0, 200.0)),
        "h200.utilization": draw(f(0.1, 1.0)), "h200.chips_per_node": 4.0,
        "h200.node_price_usd": draw(f(5e4, 5e5)), "h200.node_power_kw": draw(f(0.5, 12.0)),
        "h200.life_months": draw(f(12.0, 60.0)), "h200.porting_usd": draw(f(0.0, 1e5)),
    }


@settings(deadline=None, max_examples=40)
@given(fleets(), st.floats(1.0, 5.0))
def test_a_dearer_fallback_never_lowers_the_option_cost(values: dict, factor: float) -> None:
    options = with_fallback(H200)
    dearer = values | {"h200.node_price_usd": values["h200.node_price_usd"] * factor}
    assert cloud_total(options, dearer) >= cloud_total(options, values) * (1 - 1e-12)


@settings(deadline=None, max_examples=40)
@given(fleets())
def test_a_fallback_with_nothing_to_serve_costs_only_its_migration(values: dict) -> None:
    everything = values | {"cloud.addressable_fraction": 1.0, "h200.extra_fte": 0.0}
    alone = cloud_total(with_fallback(None), everything)
    np.testing.assert_allclose(cloud_total(with_fallback(H200), everything),
                               alone + values["h200.porting_usd"], rtol=1e-12)
