"""The roofline of a priors file's ``serving:`` section on each fleet's platform, over a
sample of the token counts, the sheets' uncertain figures and the efficiency priors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.errors import PriorsError
from decision.model.statistics import random_stream
from decision.performance.chips import PRECISIONS, check_replica, sheet_chip, sheet_figure
from decision.performance.roofline import Request, RooflineError, Throughput, throughput
from decision.platforms.sheet import Platform
from decision.scenario.serving_spec import ServingSpec, Tokens

#: Draws of the sample the derived inputs' distributions are read from.
SERVING_DRAWS = 20_000


@dataclass(frozen=True)
class PlatformPhysics:
    """What the roofline says of one fleet's platform, per draw of the sample.

    Attributes
    ----------
    platform : Platform
    result : Throughput
    watts_per_chip : ndarray or float or None
        Node wall power over chips per node; ``None`` when the sheet has no node power.
    """

    platform: Platform
    result: Throughput
    watts_per_chip: np.ndarray | float | None

    def joules_per_request(self) -> np.ndarray | None:
        """Energy of one request at the node's wall power, ``None`` without a node power."""
        if self.watts_per_chip is None:
            return None
        return self.watts_per_chip / self.result.requests_per_s_per_chip


@dataclass(frozen=True)
class ServingPhysics:
    """The roofline of every fleet of a ``serving:`` section on one sample.

    Attributes
    ----------
    spec : ServingSpec
    platforms : dict of str to PlatformPhysics
        By fleet, ``gpu`` then ``asic`` when its sheet is given.
    input_tokens, output_tokens : ndarray
        The tokens of each draw of the sample.
    """

    spec: ServingSpec
    platforms: dict[str, PlatformPhysics]
    input_tokens: np.ndarray
    output_tokens: np.ndarray


def serving_physics(spec: ServingSpec, seed: int, draws: int = SERVING_DRAWS
                    ) -> ServingPhysics:
    """Run the roofline for every fleet of ``spec`` on ``draws`` draws seeded by ``seed``.

    Every uncertain quantity draws from a stream of its own (``serving.input_tokens``,
    ``h100-sxm.memory_bandwidth_gb_s``, ``h100-sxm.efficiency_memory``, ...), so the fleets
    share the token counts of each draw.

    Raises
    ------
    PriorsError
        When a sheet lacks a figure the roofline needs, the model fits no replica or no batch
        meets the latency targets; one line naming the key.
    """
    def uniforms(name: str) -> np.ndarray:
        return random_stream(f"serving.{name}", seed).random(draws)

    def tokens(name: str, value: Tokens) -> np.ndarray:
        if value.prior is not None:
            return np.round(np.maximum(value.prior.ppf(uniforms(name)), 0.0))
        return np.full(draws, value.value)

    s_in, s_out = tokens("input_tokens", spec.input_tokens), tokens("output_tokens",
                                                                    spec.output_tokens)
    s_in = np.maximum(s_in, 1.0)
    if spec.model.architecture != "encoder":
        s_out = np.maximum(s_out, 1.0)
    platforms = {}
    for fleet, sheet in spec.platforms.items():
        precision = spec.precision_of(fleet)
        request = Request(s_in, s_out, PRECISIONS[precision][1],
                          PRECISIONS[spec.kv_precision][1],
                          np.inf if spec.ttft_ms is None else spec.ttft_ms / 1e3,
                          np.inf if spec.tpot_ms is None else spec.tpot_ms / 1e3)
        chip = sheet_chip(sheet, precision, uniforms, spec.efficiency_of(sheet.family))
        try:
            result = throughput(spec.model, chip, request)
        except RooflineError as exc:
            raise PriorsError(spec.origin, None, spec.platform_keys[fleet],
                              f"{spec.model.name} on {sheet.name}: {exc}") from None
        check_replica(sheet, result.chips, spec.model.name)
        platforms[fleet] = PlatformPhysics(sheet, result, _watts_per_chip(sheet, uniforms))
    return ServingPhysics(spec, platforms, s_in, s_out)


def _watts_per_chip(sheet: Platform, uniforms) -> np.ndarray | float | None:
    if any(sheet.entries[key].absent for key in ("node_wall_kw", "chips_per_node")):
        return None
    return (sheet_figure(sheet, "node_wall_kw", uniforms, "") * 1e3
            / sheet_figure(sheet, "chips_per_node", uniforms, ""))
