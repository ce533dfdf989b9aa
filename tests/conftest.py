"""Shared fixtures: the worked check of docs/model.md as inputs and as a priors file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
import yaml
from hypothesis import settings

from decision.scenario.catalogue import CHOICES

matplotlib.use("Agg")
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci")


def pytest_configure(config: pytest.Config) -> None:
    """In a pytest-xdist worker, one BLAS thread: the workers already fill the cores, and
    BLAS threads competing with them cost the default suite about a sixth of its time here."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        import numpy  # noqa: F401  (load the BLAS libraries the limit applies to)
        import scipy.linalg  # noqa: F401
        from threadpoolctl import threadpool_limits

        threadpool_limits(1, user_api="blas")

#: The worked check of docs/model.md, every input fixed.
WORKED: dict[str, float] = {
    "horizon_months": 12,
    "workload.inferences_per_day": 21.6e6,
    "workload.annual_growth": 0.0,
    "workload.peak_to_average": 1.0,
    "gpu.peak_inferences_per_s_per_chip": 60.0,
    "gpu.utilization": 0.5,
    "gpu.chips_per_node": 4,
    "gpu.node_price_usd": 240_000.0,
    "gpu.network_per_node_usd": 24_000.0,
    "gpu.network_per_rack_usd": 48_000.0,
    "gpu.node_power_kw": 3.0,
    "gpu.life_months": 24.0,
    "gpu.redundancy": 0.0,
    "gpu.nodes_per_rack": 4,
    "gpu.existing_nodes": 0,
    "gpu.existing_age_months": 0.0,
    "gpu.resale_fraction": 0.0,
    "gpu.price_trend_per_year": 0.0,
    "asic.throughput_ratio": 2.0,
    "asic.perf_per_watt_gain": 4.0,
    "asic.chips_per_node": 8,
    "asic.node_price_usd": 200_000.0,
    "asic.network_per_node_usd": 0.0,
    "asic.network_per_rack_usd": 20_000.0,
    "asic.life_months": 24.0,
    "asic.redundancy": 0.0,
    "asic.nodes_per_rack": 4,
    "asic.price_trend_per_year": 0.0,
    "asic.nre_usd": 0.0,
    "asic.porting_usd": 100_000.0,
    "asic.lead_time_months": 3.0,
    "asic.model_freeze_months": 100.0,
    "asic.post_change_efficiency": 0.0,
    "asic.after_change": 2.0,
    "asic.if_changed_before_live": 1.0,
    "asic.dual_running_months": 0.0,
    "asic.addressable_fraction": 1.0,
    "asic.extra_fte": 0.5,
    "facility.pue": 1.5,
    "facility.power_price_usd_per_kwh": 0.10,
    "facility.rack_usd_per_month": 2_000.0,
    "ops.fte_usd_per_year": 240_000.0,
    "ops.gpu_fte": 1.0,
    "finance.discount_rate": 0.0,
    "finance.cost_of_capital": 0.0,
}


#: A few uncertain inputs over the worked check, two of them in each of two natural groups
#: (ASIC performance, ASIC schedule): an end-to-end run in seconds that exercises every
#: analysis, groups included.
SMALL: dict[str, object] = {
    "gpu.utilization": {"ci90": [0.35, 0.65]},
    "asic.throughput_ratio": {"ci90": [1.5, 2.5]},
    "asic.perf_per_watt_gain": {"ci90": [2.0, 6.0]},
    "asic.lead_time_months": {"ci90": [2.0, 9.0]},
    "asic.model_freeze_months": {"ci90": [6.0, 36.0]},
}


def nest(flat: dict[str, object]) -> dict[str, object]:
    """``{"gpu.utilization": 0.5}`` -> ``{"gpu": {"utilization": 0.5}}``; a structural choice
    given by its index (as the core takes it) is written by its name (as a file names it)."""
    out: dict[str, object] = {}
    for path, value in flat.items():
        if path in CHOICES and isinstance(value, float):
            value = CHOICES[path][int(value)]
        section, _, key = path.partition(".")
        if key:
            out.setdefault(section, {})[key] = value
        else:
            out[section] = value
    return out


@pytest.fixture
def write_priors(tmp_path: Path) -> Callable[..., Path]:
    """Write a priors file from the worked check with ``changes`` applied (``None`` removes)."""

    def write(changes: dict[str, object] | None = None, *, name: str = "check",
              extra: dict[str, object] | None = None, draws: int = 2000) -> Path:
        flat: dict[str, object] = dict(WORKED)
        for path, value in (changes or {}).items():
            if value is None:
                flat.pop(path, None)
            else:
                flat[path] = value
        document = {"schema_version": 1, "name": name, "sampling": {"draws": draws, "seed": 7},
                    **nest(flat), **(extra or {})}
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        return path

    return write


def as_options(document: dict[str, object],
               more: dict[str, dict[str, object]] | None = None) -> dict[str, object]:
    """A ``gpu:``/``asic:`` priors document written as the same two options of an ``options:``
    section, with ``more`` options after them."""
    out = {k: v for k, v in document.items() if k not in ("gpu", "asic")}
    options = {"gpu": {"kind": "owned", "incumbent": True, **document["gpu"]},
               "asic": {"kind": "custom", **document["asic"]}}
    out["options"] = options | (more or {})
    return out
