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

    def per_draw(self, draws: int) -> _Fleet:
        """The same prices as arrays of shape ``(draw,)``."""
        return _Fleet(*(_per_draw(v, draws) for v in self))

    def racks(self, owned: Array) -> Array:
        """Whole racks that hold ``owned`` nodes."""
        return np.ceil(owned * self.racks_per_node)

    def month_cost(self, owned: Array, powered: Array, racks: Array) -> Array:
        """Hardware, energy and racks of a month with ``owned`` nodes, ``powered`` of them on,
        in ``racks`` racks (counts may be averages over a month's states)."""
        return (owned * self.node_month_usd + powered * self.node_month_kwh_usd
                + racks * self.rack_month_usd)


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
    gpu_racks = gpu.racks(n_gpu)

    # The ASIC option mixes three states within each month, weighted by their shares: GPUs
    # alone (before go-live, or after the ASIC fleet retires), live and frozen, changed. Every
    # cost is linear in the node and rack counts, so the counts are averaged first.
    a = _asic_months(x, months, addressable, asic_per_chip, peak_today)
    rest = 1.0 - a.frozen - a.changed
    n_beside = gpu_nodes(x, load - addressable)
    n_after = gpu_nodes(x, load - a.kept_served)
    mixed_gpus = rest * n_gpu + a.frozen * n_beside + a.changed * n_after
    mixed_gpu_racks = (rest * gpu_racks + a.frozen * gpu.racks(n_beside)
                       + a.changed * gpu.racks(n_after))
    asic_owned = a.frozen * a.nodes + a.changed * a.kept
    asic_powered = a.frozen * a.nodes + a.changed * a.kept_powered
    asic_racks = a.frozen * asic.racks(a.nodes) + a.changed * asic.racks(a.kept)

    # Prices are constant over the months, so each line's discounted total is a price times
    # the discounted sum of a count: one pass per count instead of one per cost array.
    draws = monthly.shape[0]
    def total(count: Array) -> Array:
        return _discounted_sum(count, discount, draws)

    staff_months = total(np.ones(1))
    gpu_totals, gpu_rack_totals = total(n_gpu), total(gpu_racks)
    mixed_totals, mixed_rack_totals = total(mixed_gpus), total(mixed_gpu_racks)
    owned_totals, powered_totals = total(asic_owned), total(asic_powered)
    g, s = gpu.per_draw(draws), asic.per_draw(draws)
    one_time = _per_draw(x["asic.nre_usd"] + x["asic.porting_usd"], draws) * discount[:, 0]
    lines[:, 0] = np.column_stack([
        g.node_month_usd * gpu_totals, g.node_month_kwh_usd * gpu_totals,
        g.rack_month_usd * gpu_rack_totals, _per_draw(gpu_staff, draws) * staff_months,
        np.zeros(draws)])
    lines[:, 1] = np.column_stack([
        g.node_month_usd * mixed_totals + s.node_month_usd * owned_totals,
        g.node_month_kwh_usd * mixed_totals + s.node_month_kwh_usd * powered_totals,
        g.rack_month_usd * mixed_rack_totals + s.rack_month_usd * total(asic_racks),
        _per_draw(asic_staff, draws) * staff_months, one_time])
    monthly[:, 0] = discount * (gpu.month_cost(n_gpu, n_gpu, gpu_racks) + gpu_staff)
    monthly[:, 1] = discount * (gpu.month_cost(mixed_gpus, mixed_gpus, mixed_gpu_racks)
                                + asic.month_cost(asic_owned, asic_powered, asic_racks)
                                + asic_staff)
    monthly[:, 1, 0] += one_time

    n_today = gpu_nodes(x, peak_today)
    today = gpu.month_cost(n_today, n_today, gpu.racks(n_today)) + gpu_staff
    gpu_today[:] = (today * discount).sum(axis=-1)


class _AsicMonths(NamedTuple):
    """The ASIC fleet of each month, shape (draw, month).

    ``frozen`` and ``changed`` are the shares of the month the fleet is live before and after
    the model change (continuous times fall inside months pro rata); the rest of the month the
    GPUs serve everything.
    """

    frozen: Array
    changed: Array
    nodes: Array
    kept: Array
    kept_powered: Array
    kept_served: Array


def _asic_months(
    x: dict[str, Array],
    months: Array,
    addressable: Array,
    per_chip: Array,
    peak_today: Array,
) -> _AsicMonths:
    """The ASIC fleet's states, nodes and served load in every month (``docs/model.md``)."""
    lead, freeze = x["asic.lead_time_months"], x["asic.model_freeze_months"]
    redundancy, chips = x["asic.redundancy"], x["asic.chips_per_node"]
    efficiency = x["asic.post_change_efficiency"]

    start = months - 1.0
    frozen = np.clip(np.minimum(months, freeze) - np.maximum(start, lead), 0.0, 1.0)
    changed = np.clip(np.minimum(months, lead + x["asic.life_months"])
                      - np.maximum(start, np.maximum(lead, freeze)), 0.0, 1.0)

    nodes = node_count(addressable, redundancy, per_chip, chips)
    # The fleet of the month in which the model changes, m* = ceil(F), is what stays after the
    # change; none when the change comes before go-live (F <= L).
    last_frozen = np.ceil(freeze)
    last_rate = (x["workload.asic_addressable_fraction"] * peak_today
                 * np.exp(np.log1p(x["workload.annual_growth"]) * (last_frozen - 1.0) / 12.0))
    kept = np.where(freeze > lead, node_count(last_rate, redundancy, per_chip, chips), 0.0)
    capacity = kept * chips * per_chip * efficiency / (1.0 + redundancy)
    kept_served = np.minimum(addressable, capacity)
    # Powered: the share of the kept nodes that the served share of their capacity needs,
    # ceil(S (1 + rho) / (T phi c)) written without dividing by phi (none when nothing is usable).
    with np.errstate(divide="ignore", invalid="ignore"):
        busy = np.where(capacity > 0, kept_served / capacity, 0.0)
    kept_powered = np.ceil(kept * busy * (1.0 - WHOLE_NODE_TOLERANCE))
    return _AsicMonths(frozen, changed, nodes, kept, kept_powered, kept_served)


def amortisation_months(life: Array, cost_of_capital: Array) -> Array:
    """Months of payments a purchase is worth: the present value of a monthly annuity over
    ``life`` at ``cost_of_capital`` a year, ``(1 - (1 + i)^-n) / i`` with
    ``i = (1 + c)^(1/12) - 1``; ``life`` itself at 0 (straight-line). A purchase costs its price
    divided by this each month it is owned."""
    monthly_rate = np.expm1(np.log1p(cost_of_capital) / 12.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        annuity = -np.expm1(-life * np.log1p(monthly_rate)) / monthly_rate
    return np.where(monthly_rate > 0, annuity, life)


def _fleet(x: dict[str, Array], name: str, node_kw: Array, kwh_usd: Array) -> _Fleet:
    life = amortisation_months(x[f"{name}.life_months"], x["finance.cost_of_capital"])
    return _Fleet(
        node_month_usd=(x[f"{name}.node_price_usd"] + x[f"{name}.network_per_node_usd"]) / life,
        rack_month_usd=x["facility.rack_usd_per_month"] + x[f"{name}.network_per_rack_usd"] / life,
        node_month_kwh_usd=node_kw * kwh_usd,
        # Nodes are whole, so N / nodes_per_rack is never within the tolerance of the next
        # whole number unless it is that number.
        racks_per_node=(1.0 - WHOLE_NODE_TOLERANCE) / x[f"{name}.nodes_per_rack"],
    )


def _per_draw(value: Array, draws: int) -> Array:
    """A scalar or ``(draw, 1)`` column as shape ``(draw,)``."""
    return np.broadcast_to(value, (draws, 1))[:, 0]


def _discounted_sum(count: Array, discount: Array, draws: int) -> Array:
    """``sum_m count_m D_m`` per draw, for counts and discount factors that broadcast to
    ``(draw, month)``."""
    months = discount.shape[-1]
    count = np.broadcast_to(count, (draws, months))
    if discount.shape[0] == 1:
        return count @ discount[0]
    return np.einsum("dm,dm->d", count, np.broadcast_to(discount, (draws, months)))


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

