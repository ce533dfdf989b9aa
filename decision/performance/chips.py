"""A platform sheet's figures as roofline inputs: one :class:`Chip` per draw, in SI units."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from decision.errors import PriorsError
from decision.performance.efficiency import EfficiencyPrior, efficiency_prior
from decision.performance.roofline import Chip
from decision.platforms.sheet import ABSENT, Platform

#: Precision -> (the sheet's peak field, bytes per weight and per KV value).
PRECISIONS = {"bf16": ("bf16_dense_tflops", 2.0), "fp8": ("fp8_dense_tflops", 1.0),
              "int8": ("int8_dense_tops", 1.0)}
#: Uniforms for a named quantity: ``uniforms(name)`` has one value in (0, 1) per draw.
Uniforms = Callable[[str], np.ndarray]


def sheet_figure(sheet: Platform, key: str, uniforms: Uniforms, need: str
                 ) -> np.ndarray | float:
    """The sheet's ``key`` per draw: its prior through ``uniforms(<sheet>.<key>)``, or its
    fixed value (a scalar, which draws no uniforms).

    Raises
    ------
    PriorsError
        When the sheet marks the field absent; ``need`` says what needed it.
    """
    entry = sheet.entries[key]
    if entry.absent is not None:
        raise PriorsError(sheet.file, entry.line, f"specs.{key}",
                          f"{ABSENT[entry.absent]} ({entry.source}); {need}")
    if entry.prior is not None:
        return entry.prior.ppf(uniforms(f"{sheet.name}.{key}"))
    return float(entry.value)


def single_chip(sheet: Platform) -> bool:
    """Whether the sheet gives no chip-to-chip bandwidth, so a replica stays on its fewest
    chips."""
    return sheet.entries["interconnect_gb_s"].absent is not None


def sheet_chip(sheet: Platform, precision: str, uniforms: Uniforms,
               efficiency: EfficiencyPrior | None = None) -> Chip:
    """The roofline's view of one chip of ``sheet`` at ``precision``, with ``efficiency`` (by
    default the priors of its family) drawn through ``uniforms`` (``<sheet>.efficiency_memory``
    and ``<sheet>.efficiency_compute``).

    Raises
    ------
    PriorsError
        When a figure the roofline needs is absent from the sheet.
    """
    need = "the roofline needs it"

    def figure(key: str, scale: float) -> np.ndarray | float:
        return sheet_figure(sheet, key, uniforms, need) * scale

    efficiency = efficiency or efficiency_prior(sheet.family)
    single = single_chip(sheet)
    return Chip(memory=figure("memory_gb", 1e9),
                bandwidth=figure("memory_bandwidth_gb_s", 1e9),
                peak_flops=figure(PRECISIONS[precision][0], 1e12),
                interconnect=np.inf if single else figure("interconnect_gb_s", 1e9),
                efficiency_memory=efficiency.memory.ppf(
                    uniforms(f"{sheet.name}.efficiency_memory")),
                efficiency_compute=efficiency.compute.ppf(
                    uniforms(f"{sheet.name}.efficiency_compute")),
                chips_per_node=1.0 if single else figure("chips_per_node", 1.0))


def check_replica(sheet: Platform, chips: np.ndarray, model: str) -> None:
    """Refuse a replica of several chips on a sheet with no chip-to-chip bandwidth.

    Raises
    ------
    PriorsError
        Naming the sheet's interconnect field.
    """
    if single_chip(sheet) and np.any(chips > 1):
        entry = sheet.entries["interconnect_gb_s"]
        raise PriorsError(sheet.file, entry.line, "specs.interconnect_gb_s",
                          f"{model} needs {int(chips.max())} chips per replica and the"
                          f" chip-to-chip bandwidth is {ABSENT[entry.absent]}")
