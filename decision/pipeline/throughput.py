"""``decide throughput``: the performance layer on its own, for sizing before any cost question."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.errors import PriorsError
from decision.performance.chips import PRECISIONS, check_replica, sheet_chip
from decision.performance.efficiency import efficiency_prior
from decision.performance.roofline import Request, RooflineError, Throughput, throughput
from decision.performance.shapes import ModelShape, find_model
from decision.platforms.catalogue import find_platform
from decision.platforms.sheet import Platform

THROUGHPUT_DRAWS = 10_000
THROUGHPUT_SEED = 20261122


@dataclass(frozen=True)
class Sizing:
    """The answer of ``decide throughput``: the request, and the roofline on every draw."""

    platform: Platform
    model: ModelShape
    precision: str
    kv_precision: str
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
         seed: int = THROUGHPUT_SEED, kv_precision: str | None = None) -> Sizing:
    """Throughput of ``model`` on ``platform`` over draws of the sheet's uncertain figures and
    of the efficiency priors; ``batch`` fixes the batch instead of taking the largest that
    fits memory and the targets; ``kv_precision`` is the KV cache's (default: ``precision``).

    Raises
    ------
    PriorsError
        A bad platform, model or request, as one line naming what to fix.
    """
    sheet, shape = find_platform(platform), find_model(model)
    if shape.architecture == "encoder" and output_tokens:
        raise PriorsError("--output-tokens", None, None, f"{shape.name} is an encoder: it"
                                                         " generates no tokens; give 0")
    kv_precision = kv_precision or precision
    rng = np.random.default_rng(seed)
    chip = sheet_chip(sheet, precision, lambda name: rng.random(draws))
    request = Request(np.full(draws, float(input_tokens)), np.full(draws, float(output_tokens)),
                      PRECISIONS[precision][1], PRECISIONS[kv_precision][1],
                      np.inf if ttft_ms is None else ttft_ms / 1e3,
                      np.inf if tpot_ms is None else tpot_ms / 1e3,
                      None if batch is None else float(batch))
    try:
        result = throughput(shape, chip, request)
    except RooflineError as exc:
        raise PriorsError(f"{shape.name} on {sheet.name}", None, None, str(exc)) from None
    check_replica(sheet, result.chips, shape.name)
    return Sizing(sheet, shape, precision, kv_precision, input_tokens, output_tokens, ttft_ms,
                  tpot_ms, batch, result, efficiency_prior(sheet.family).source)
