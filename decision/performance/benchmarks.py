"""Measured throughput of a model on a platform (a benchmark file such as
``priors/benchmarks/mlperf-inference.yaml``), and what the roofline predicts for each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from decision.performance.serving import serving_physics
from decision.platforms.sheet import check_source
from decision.scenario.located_yaml import is_number, read_sheet, show, suggest
from decision.scenario.serving_spec import SERVING_KEYS, ServingSpec, parse_serving

#: The shipped benchmark file: public MLPerf Inference results.
SHIPPED_BENCHMARKS = Path(__file__).parents[2] / "priors" / "benchmarks" / "mlperf-inference.yaml"
#: Keys of one measured result besides those of a ``serving:`` section.
RESULT_KEYS = ("id", "platform", "chips", "tokens_per_s", "source")
#: Draws of each prediction.
CALIBRATION_DRAWS = 10_000
CALIBRATION_SEED = 20261122


@dataclass(frozen=True)
class Measured:
    """One measured result: what was served, on how many chips, at what throughput."""

    id: str
    serving: ServingSpec
    chips: int
    tokens_per_s: float
    source: str

    @property
    def tokens_per_s_per_chip(self) -> float:
        """Measured generated tokens per second per chip."""
        return self.tokens_per_s / self.chips


@dataclass(frozen=True)
class Calibration:
    """The roofline's prediction for one measured result."""

    measured: Measured
    predicted: tuple[float, float, float]

    @property
    def ratio(self) -> float:
        """Predicted median over measured, per chip."""
        return self.predicted[1] / self.measured.tokens_per_s_per_chip

    @property
    def measured_percentile(self) -> float:
        """Where the measurement falls in the prediction's 5-95% band, as a word."""
        low, _, high = self.predicted
        value = self.measured.tokens_per_s_per_chip
        return "below" if value < low else "above" if value > high else "inside"


def load_benchmarks(path: str | Path) -> tuple[Measured, ...]:
    """Read and check a benchmark file.

    Raises
    ------
    PriorsError
        One line naming file, line and key.
    """
    path = Path(path)
    raw, located = read_sheet(path, ("schema_version", "name", "results"), "benchmark file")
    results = raw.get("results")
    if not isinstance(results, list) or not results:
        raise located.error("results", "must be a list of measured results")
    out, seen = [], set()
    for index, entry in enumerate(results):
        at = f"results[{index}]"
        if not isinstance(entry, dict):
            raise located.error(at, f"must be a mapping (id, platform, model, ...); got"
                                    f" {show(entry)}")
        for key in ("id", "chips", "tokens_per_s", "source"):
            if key not in entry:
                raise located.error(at, f"{key} is missing")
        if not isinstance(entry["id"], str) or entry["id"] in seen:
            raise located.error(f"{at}.id", f"must be text, unique in the file; got"
                                            f" {show(entry['id'])}")
        seen.add(entry["id"])
        chips, rate = entry["chips"], entry["tokens_per_s"]
        if not is_number(chips) or chips < 1 or not float(chips).is_integer():
            raise located.error(f"{at}.chips", f"must be a whole number of at least 1; got"
                                               f" {show(chips)}")
        if not is_number(rate) or not 0 < rate < 1e15:
            raise located.error(f"{at}.tokens_per_s", f"must be a throughput greater than 0;"
                                                      f" got {show(rate)}")
        check_source(entry["source"], located, f"{at}.source")
        known = (*RESULT_KEYS, *SERVING_KEYS)
        for key in entry:
            if key not in known:
                raise located.error(f"{at}.{key}", f"unknown key{suggest(key, known)}")
        serving = {k: v for k, v in entry.items() if k not in RESULT_KEYS or k == "platform"}
        spec = parse_serving(serving, located, path.parent, at, {"gpu": "platform"})
        out.append(Measured(entry["id"], spec, int(chips), float(rate), entry["source"]))
    return tuple(out)


def calibrate(measured: Measured, draws: int = CALIBRATION_DRAWS,
              seed: int = CALIBRATION_SEED) -> Calibration:
    """The roofline's 5th, 50th and 95th percentile of tokens/s per chip for ``measured``.

    Raises
    ------
    PriorsError
        When the roofline cannot serve the result as described.
    """
    physics = serving_physics(measured.serving, seed, draws)
    rate = physics.platforms["gpu"].result.tokens_per_s_per_chip
    p05, p50, p95 = np.percentile(rate, [5, 50, 95])
    return Calibration(measured, (float(p05), float(p50), float(p95)))
