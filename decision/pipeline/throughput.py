"""``decide throughput``: the performance layer on its own, for sizing before any cost question."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.errors import PriorsError
from decision.performance.efficiency import efficiency_prior
from decision.performance.roofline import Chip, Request, RooflineError, Throughput, throughput
from decision.performance.shapes import ModelShape, find_model
from decision.platforms.catalogue import find_platform
from decision.platforms.sheet import ABSENT, Platform

#: Precision -> (the sheet's peak field, bytes per weight and per KV value).
PRECISIONS = {"bf16": ("bf16_dense_tflops", 2.0), "fp8": ("fp8_dense_tflops", 1.0),
              "int8": ("int8_dense_tops", 1.0)}
THROUGHPUT_DRAWS = 10_000
THROUGHPUT_SEED = 20261122


@dataclass(frozen=True)
class Sizing:
    """The answer of ``decide throughput``: the request, and the roofline on every draw."""

    platform: Platform
    model: ModelShape
    precision: str
    input_tokens: int
    output_tokens: int
    ttft_ms: float | None
    tpot_ms: float | None
    batch: int | None
    result: Throughput
    efficiency_source: str


def size(platform: str, model: str, input_tokens: int, output_tokens: int,
         precision: str = "bf16", ttft_ms: float | None = None, tpot_ms: float | None = None,
         batch: int | None = None, draws: int = THROUGHPUT_DRAWS,
         seed: int = THROUGHPUT_SEED) -> Sizing:
    """Throughput of ``model`` on ``platform`` over draws of the sheet's uncertain figures and
    of the efficiency priors; ``batch`` fixes the batch instead of taking the largest that
    fits memory and the targets.

    Raises
    ------
    PriorsError
        A bad platform, model or request, as one line naming what to fix.
    """
    sheet, shape = find_platform(platform), find_model(model)
    if shape.architecture == "encoder" and output_tokens:
        raise PriorsError("--output-tokens", None, None, f"{shape.name} is an encoder: it"
                                                         " generates no tokens; give 0")
    rng = np.random.default_rng(seed)

    def figure(key: str, scale: float) -> np.ndarray:
        entry = sheet.entries[key]
        if entry.absent is not None:
            raise PriorsError(sheet.file, entry.line, f"specs.{key}",
                              f"{ABSENT[entry.absent]} ({entry.source}); the roofline needs it")
        if entry.prior is not None:
            return entry.prior.ppf(rng.random(draws)) * scale
        return np.full(draws, entry.value * scale)

    peak_key, bytes_per_value = PRECISIONS[precision]
    efficiency = efficiency_prior(sheet.family)
    single = sheet.entries["interconnect_gb_s"].absent is not None
    chip = Chip(memory=figure("memory_gb", 1e9),
                bandwidth=figure("memory_bandwidth_gb_s", 1e9),
                peak_flops=figure(peak_key, 1e12),
                interconnect=np.inf if single else figure("interconnect_gb_s", 1e9),
                efficiency_memory=efficiency.memory.ppf(rng.random(draws)),
                efficiency_compute=efficiency.compute.ppf(rng.random(draws)),
                # Without a known chip-to-chip bandwidth, a replica stays on its fewest chips.
                chips_per_node=1.0 if single else figure("chips_per_node", 1.0))
    request = Request(np.full(draws, float(input_tokens)), np.full(draws, float(output_tokens)),
                      bytes_per_value, bytes_per_value,
                      np.inf if ttft_ms is None else ttft_ms / 1e3,
                      np.inf if tpot_ms is None else tpot_ms / 1e3,
                      None if batch is None else float(batch))
    try:
        result = throughput(shape, chip, request)
    except RooflineError as exc:
        raise PriorsError(f"{shape.name} on {sheet.name}", None, None, str(exc)) from None
    if single and np.any(result.chips > 1):
        entry = sheet.entries["interconnect_gb_s"]
        raise PriorsError(sheet.file, entry.line, "specs.interconnect_gb_s",
                          f"{shape.name} needs {int(result.chips.max())} chips per replica and"
                          f" the chip-to-chip bandwidth is {ABSENT[entry.absent]}")
    return Sizing(sheet, shape, precision, input_tokens, output_tokens, ttft_ms, tpot_ms, batch,
                  result, efficiency.source)
