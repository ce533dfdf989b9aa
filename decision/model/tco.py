"""The TCO core of ``docs/model.md``: arrays in, arrays out, pure NumPy.

Every input is a scalar or an array of shape ``(draw,)``; months are vectorised along a second
axis, so the whole horizon of every draw is evaluated without a Python loop. Inputs that are
fixed stay scalars and broadcast for free.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

OPTIONS = ("gpu", "asic")
LINES = ("hardware", "energy", "racks", "staff", "one_time")
HOURS_PER_MONTH = 730.0
SECONDS_PER_DAY = 86_400.0
#: A node quotient within this relative distance of a whole number counts as that number.
WHOLE_NODE_TOLERANCE = 1e-9
BLOCK_DRAWS = 1024

Array = NDArray[np.float64]


class TCOResult(NamedTuple):
    """Costs of both options for every draw, discounted.

    Attributes
    ----------
    monthly : ndarray, shape (draw, option, month)
        Cost of each month, option order :data:`OPTIONS`.
    lines : ndarray, shape (draw, option, line)
        Horizon total of each cost line, line order :data:`LINES`.
    gpu_today : ndarray, shape (draw,)
        Horizon total of option GPU with ``workload.annual_growth = 0``.
    """

    monthly: Array
    lines: Array
    gpu_today: Array


def node_count(load: Array, redundancy: Array, per_chip: Array, chips: Array) -> Array:
    """Whole nodes that serve ``load`` inferences/s with spare ``redundancy``.

    A quotient within :data:`WHOLE_NODE_TOLERANCE` of a whole number counts as that number, so
    float noise never buys a node.
    """
    # The per-draw factor is formed first so only two passes touch the (draw, month) array.
    factor = (1.0 + redundancy) * (1.0 - WHOLE_NODE_TOLERANCE) / (per_chip * chips)
    return np.ceil(load * factor)


def peak_load(x: Mapping[str, Array]) -> Array:
    """Inferences/s the fleets are sized for at today's volume: ``V / 86,400 × peak/avg``."""
    return x["workload.inferences_per_day"] / SECONDS_PER_DAY * x["workload.peak_to_average"]


def gpu_rate_per_chip(x: Mapping[str, Array]) -> Array:
    """Inferences/s one GPU serves in production: its roofline peak × utilisation."""
    return x["gpu.peak_inferences_per_s_per_chip"] * x["gpu.utilization"]


def gpu_nodes(x: Mapping[str, Array], load: Array) -> Array:
    """Whole GPU nodes that serve ``load`` inferences/s (:func:`node_count` for the GPUs)."""
    return node_count(load, x["gpu.redundancy"], gpu_rate_per_chip(x), x["gpu.chips_per_node"])


def rate_per_chip_for(load: Array, redundancy: Array, chips: Array) -> Array:
    """Inferences/s per chip at which exactly ``chips`` chips serve ``load`` with spare
    ``redundancy``: :func:`node_count` solved for the rate."""
    return load * (1.0 + redundancy) / chips


class _Fleet(NamedTuple):
    """Per-node prices of one fleet, as arrays broadcastable to (draw, month)."""

    node_month_usd: Array
    rack_month_usd: Array
    node_month_kwh_usd: Array
    racks_per_node: Array

    def costs(self, owned: Array, powered: Array) -> tuple[Array, Array, Array]:
        """Hardware, energy and rack cost of a month with ``owned`` and ``powered`` nodes."""
        hardware = owned * self.node_month_usd
        energy = powered * self.node_month_kwh_usd
        racks = np.ceil(owned * self.racks_per_node) * self.rack_month_usd
        return hardware, energy, racks


def evaluate(
    inputs: Mapping[str, ArrayLike], horizon_months: int, draws: int | None = None
) -> TCOResult:
    """Evaluate both options of the cost model over the horizon.

    Parameters
    ----------
    inputs : mapping of str to array_like
        Every input of the catalogue by its dotted path, each a scalar or shape ``(draw,)``.
    horizon_months : int
        Number of months ``H``.
    draws : int, optional
        Rows of the result when every input is a scalar (default 1); otherwise the length of
        the array inputs.

    Returns
    -------
    TCOResult
    """
    x = {path: _column(value) for path, value in inputs.items()}
    draws = _draw_count(x, draws)
    result = TCOResult(
        monthly=np.empty((draws, len(OPTIONS), horizon_months)),
        lines=np.empty((draws, len(OPTIONS), len(LINES))),
        gpu_today=np.empty(draws),
    )
    # Blocks of draws keep every (block, month) temporary small and cache-resident: 2-3x
    # faster than whole-array passes at 100,000 draws here (benchmarks/), same results.
    for start in range(0, draws, BLOCK_DRAWS):
        block = slice(start, start + BLOCK_DRAWS)
        part = {k: (v[block] if v.ndim == 2 else v) for k, v in x.items()}
        _evaluate_block(part, horizon_months, *(out[block] for out in result))
    return result


def _evaluate_block(
    x: dict[str, Array], horizon_months: int, monthly: Array, lines: Array, gpu_today: Array
) -> None:
    """Fill the outputs of one block of draws (see :func:`evaluate`)."""
    months = np.arange(1, horizon_months + 1, dtype=np.float64)[None, :]
    elapsed = months - 1.0  # time at the start of month m

    discount = np.exp(-np.log1p(x["finance.discount_rate"]) * months / 12.0)
    growth = np.exp(np.log1p(x["workload.annual_growth"]) * elapsed / 12.0)
    peak_today = peak_load(x)
    load = peak_today * growth
    addressable = x["workload.asic_addressable_fraction"] * load

    asic_per_chip = gpu_rate_per_chip(x) * x["asic.throughput_ratio"]
    kwh_usd = x["facility.pue"] * HOURS_PER_MONTH * x["facility.power_price_usd_per_kwh"]
    gpu = _fleet(x, "gpu", x["gpu.node_power_kw"], kwh_usd)
    asic_kw = (x["gpu.node_power_kw"] / x["gpu.chips_per_node"] * x["asic.throughput_ratio"]
               / x["asic.perf_per_watt_gain"] * x["asic.chips_per_node"])
    asic = _fleet(x, "asic", asic_kw, kwh_usd)

    fte_month = x["ops.fte_usd_per_year"] / 12.0
    gpu_staff = x["ops.gpu_fte"] * fte_month
    asic_staff = (x["ops.gpu_fte"] + x["ops.asic_extra_fte"]) * fte_month

    n_gpu = gpu_nodes(x, load)
    gpu_lines = (*gpu.costs(n_gpu, n_gpu), gpu_staff)

    asic_owned, asic_powered, asic_served = _asic_fleet(x, elapsed, addressable, asic_per_chip,
                                                        peak_today)
    n_rest = gpu_nodes(x, load - asic_served)
    rest = gpu.costs(n_rest, n_rest)
    own = asic.costs(asic_owned, asic_powered)
    asic_lines = (rest[0] + own[0], rest[1] + own[1], rest[2] + own[2], asic_staff)

    monthly[:] = 0.0
    lines[:] = 0.0
    for option, option_lines in enumerate((gpu_lines, asic_lines)):
        for line, cost in enumerate(option_lines):
            discounted = cost * discount
            lines[:, option, line] = discounted.sum(axis=-1)
            monthly[:, option, :] += discounted
    one_time = x["asic.nre_usd"] + x["asic.porting_usd"]
    one_time_discounted = (one_time * discount[:, :1])[:, 0]
    lines[:, 1, LINES.index("one_time")] = one_time_discounted
    monthly[:, 1, 0] += one_time_discounted

    n_today = gpu_nodes(x, peak_today)
    today = sum(gpu.costs(n_today, n_today)) + gpu_staff
    gpu_today[:] = (today * discount).sum(axis=-1)


def _asic_fleet(
    x: dict[str, Array],
    elapsed: Array,
    addressable: Array,
    per_chip: Array,
    peak_today: Array,
) -> tuple[Array, Array, Array]:
    """ASIC nodes owned and powered each month, and the load they serve."""
    lead, freeze = x["asic.lead_time_months"], x["asic.model_freeze_months"]
    redundancy, chips = x["asic.redundancy"], x["asic.chips_per_node"]
    efficiency = x["asic.post_change_efficiency"]

    live = (elapsed >= lead) & (freeze >= lead)
    frozen = live & (elapsed < freeze)
    changed = live & (elapsed >= freeze) & (elapsed < lead + x["asic.life_months"])

    n_frozen = node_count(addressable, redundancy, per_chip, chips)
    # The last live-and-frozen month is m* = ceil(F); its fleet is what stays after the change.
    last_frozen = np.ceil(freeze)
    last_rate = (x["workload.asic_addressable_fraction"] * peak_today
                 * np.exp(np.log1p(x["workload.annual_growth"]) * (last_frozen - 1.0) / 12.0))
    n_star = np.where(last_frozen - 1.0 >= lead,
                      node_count(last_rate, redundancy, per_chip, chips), 0.0)
    usable_per_chip = per_chip * efficiency
    capacity = n_star * chips * usable_per_chip / (1.0 + redundancy)
    stranded_served = np.minimum(addressable, capacity)
    # With nothing usable (phi = 0) nothing is served and no node is powered: 0 / inf = 0.
    stranded_powered = node_count(stranded_served, redundancy,
                                  np.where(usable_per_chip > 0, usable_per_chip, np.inf), chips)
    owned = np.where(frozen, n_frozen, np.where(changed, n_star, 0.0))
    powered = np.where(frozen, n_frozen, np.where(changed, stranded_powered, 0.0))
    served = np.where(frozen, addressable, np.where(changed, stranded_served, 0.0))
    return owned, powered, served


def _fleet(x: dict[str, Array], name: str, node_kw: Array, kwh_usd: Array) -> _Fleet:
    life = x[f"{name}.life_months"]
    return _Fleet(
        node_month_usd=(x[f"{name}.node_price_usd"] + x[f"{name}.network_per_node_usd"]) / life,
        rack_month_usd=x["facility.rack_usd_per_month"] + x[f"{name}.network_per_rack_usd"] / life,
        node_month_kwh_usd=node_kw * kwh_usd,
        # Nodes are whole, so N / nodes_per_rack is never within the tolerance of the next
        # whole number unless it is that number.
        racks_per_node=(1.0 - WHOLE_NODE_TOLERANCE) / x[f"{name}.nodes_per_rack"],
    )


def _column(value: ArrayLike) -> Array:
    """A scalar stays 0-d; a (draw,) array becomes (draw, 1) to broadcast against months."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return array
    if array.ndim != 1:
        raise ValueError(f"inputs must be scalars or 1-D arrays over draws; got {array.shape}")
    return array[:, None]


def _draw_count(x: dict[str, Array], draws: int | None) -> int:
    sizes = {a.shape[0] for a in x.values() if a.ndim == 2}
    if draws is not None and sizes - {draws}:
        raise ValueError(f"inputs have {sorted(sizes)} draws, not {draws}")
    if len(sizes) > 1:
        raise ValueError(f"inputs have different numbers of draws: {sorted(sizes)}")
    return sizes.pop() if sizes else (draws or 1)

