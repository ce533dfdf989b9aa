"""The TCO core of ``docs/model.md``: arrays in, arrays out, pure NumPy.

Every input is a scalar or an array of shape ``(draw,)``; months are vectorised along a second
axis, so the whole horizon of every draw is evaluated without a Python loop. Inputs that are
fixed stay scalars and broadcast for free. The incumbent's fleet is sized once per block of
draws and every other option against it on the same draws (common random numbers).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from decision.model.allocator import keep_temporaries_on_the_heap
from decision.model.asic_fleet import asic_option_counts
from decision.model.fleet import (
    HOURS_PER_MONTH,
    Array,
    Fleet,
    fleet_prices,
    gpu_nodes,
    month_share,
    peak_load,
    per_draw,
    rented_prices,
)
from decision.model.options import TWO_OPTIONS, OptionSet
from decision.model.program import may_abandon, program_schedule
from decision.model.vintages import FleetVintages, RentedPrices

keep_temporaries_on_the_heap()

OPTIONS = TWO_OPTIONS.names
LINES = ("hardware", "energy", "racks", "staff", "one_time")
#: Draw x month elements per block: small enough that the temporaries of a block stay in cache.
BLOCK_ELEMENTS = 65_536


class TCOResult(NamedTuple):
    """Costs of every option for every draw, discounted.

    Attributes
    ----------
    monthly : ndarray, shape (draw, option, month)
        Cost of each month, in the order of the options.
    lines : ndarray, shape (draw, option, line)
        Horizon total of each cost line, line order :data:`LINES`.
    incumbent_today : ndarray, shape (draw,)
        Horizon total of the incumbent with ``workload.annual_growth = 0``.
    """

    monthly: Array
    lines: Array
    incumbent_today: Array


def evaluate(
    inputs: Mapping[str, ArrayLike], horizon_months: int, draws: int | None = None,
    options: OptionSet = TWO_OPTIONS,
) -> TCOResult:
    """Evaluate every option of the cost model over the horizon.

    Parameters
    ----------
    inputs : mapping of str to array_like
        Every input of the scenario by its dotted path, each a scalar or shape ``(draw,)``.
    horizon_months : int
        Number of months ``H``.
    draws : int, optional
        Rows of the result when every input is a scalar (default 1); otherwise the length of
        the array inputs.
    options : OptionSet
        The options and how their inputs are named (default: a ``gpu:``/``asic:`` file).

    Returns
    -------
    TCOResult
    """
    x = {path: _column(value) for path, value in inputs.items()}
    draws = _draw_count(x, draws)
    count = len(options.options)
    result = TCOResult(
        monthly=np.empty((draws, count, horizon_months)),
        lines=np.empty((draws, count, len(LINES))),
        incumbent_today=np.empty(draws),
    )
    _in_blocks(x, options, horizon_months, result)
    return result


def horizon_totals(
    inputs: Mapping[str, ArrayLike], horizon_months: int, draws: int | None = None,
    options: OptionSet = TWO_OPTIONS,
) -> Array:
    """Horizon total of every option per draw, shape ``(draw, option)``: :func:`evaluate`'s
    lines summed, without the monthly costs and the incumbent's cost at today's volume (what
    the analyses that re-run the cost model read, in less time). Same parameters."""
    x = {path: _column(value) for path, value in inputs.items()}
    draws = _draw_count(x, draws)
    lines = np.empty((draws, len(options.options), len(LINES)))
    _in_blocks(x, options, horizon_months, TCOResult(None, lines, None))
    return lines.sum(axis=2)


def _in_blocks(x: dict[str, Array], options: OptionSet, horizon_months: int,
               result: TCOResult) -> None:
    """Fill ``result`` block by block; its ``monthly`` and ``incumbent_today`` may be
    ``None``, and are then not computed."""
    # Blocks of draws keep every (block, month) temporary small and cache-resident: 2-3x
    # faster than whole-array passes at 100,000 draws here (benchmarks/), same results.
    block_draws = max(1, BLOCK_ELEMENTS // horizon_months)
    for start in range(0, result.lines.shape[0], block_draws):
        block = slice(start, start + block_draws)
        part = {k: (v[block] if v.ndim == 2 else v) for k, v in x.items()}
        _evaluate_block(part, options, horizon_months,
                        *(None if out is None else out[block] for out in result))


class _Incumbent(NamedTuple):
    """What every option of a block shares: time, demand, and the incumbent's fleet serving
    the whole load."""

    months: Array
    discount: Array
    load: Array
    kwh_usd: Array
    fleet: Fleet
    staff: Array
    stranded: Array | float
    nodes: Array
    racks: Array
    alone_cost: Array
    vintages: FleetVintages
    lines: Array
    monthly: Array | None
    today: Array | None


def _evaluate_block(x: dict[str, Array], options: OptionSet, horizon_months: int,
                    monthly: Array | None, lines: Array, incumbent_today: Array | None) -> None:
    """Fill the outputs of one block of draws (see :func:`evaluate`); those that are ``None``
    are not computed."""
    base = options.base_view(x)
    incumbent = _incumbent(base, horizon_months, lines.shape[0], monthly is not None,
                           incumbent_today is not None)
    lines[:, options.incumbent_index] = incumbent.lines
    if monthly is not None:
        monthly[:, options.incumbent_index] = incumbent.monthly
    if incumbent_today is not None:
        incumbent_today[:] = incumbent.today
    for index, option in enumerate(options.options):
        if option.name != options.incumbent:
            _challenger(options.view(base, x, option), option.kind, incumbent,
                        None if monthly is None else monthly[:, index], lines[:, index])


def _incumbent(x: dict[str, Array], horizon_months: int, draws: int, monthly: bool = True,
               today: bool = True) -> _Incumbent:
    """The incumbent's fleet serving the whole load, and what every option shares; its
    monthly costs and its cost at today's volume only when asked."""
    months = np.arange(1, horizon_months + 1, dtype=np.float64)[None, :]
    elapsed = months - 1.0  # time at the start of month m

    discount = np.exp(-np.log1p(x["finance.discount_rate"]) * months / 12.0)
    growth = np.exp(np.log1p(x["workload.annual_growth"]) * elapsed / 12.0)
    peak_today = peak_load(x)
    load = peak_today * growth
    kwh_usd = x["facility.pue"] * HOURS_PER_MONTH * x["facility.power_price_usd_per_kwh"]
    rented = "gpu.chip_hour_usd" in x  # a rented incumbent: chips, none owned
    gpu = rented_prices(x, "gpu") if rented else fleet_prices(x, "gpu", x["gpu.node_power_kw"],
                                                               kwh_usd)
    gpu_staff = x["ops.gpu_fte"] * (x["ops.fte_usd_per_year"] / 12.0)

    # GPU nodes owned today and not needed are still paid for until the end of their life,
    # less what reselling them fetches (docs/model.md).
    stranded = _stranded_share(x, months)
    n_gpu = gpu_nodes(x, load)
    gpu_racks = gpu.racks(n_gpu)
    spare = np.maximum(x["gpu.existing_nodes"] - n_gpu, 0.0)
    alone_cost = gpu.month_cost(n_gpu + stranded * spare, n_gpu, gpu_racks)
    # Hardware is charged on price-weighted node counts: each node at its vintage's price
    # relative to today's (docs/model.md, "Price trend").
    vintages = (RentedPrices(months, x["gpu.price_trend_per_year"]) if rented else
                FleetVintages(months, x["gpu.existing_nodes"], x["gpu.existing_age_months"],
                              x["gpu.life_months"], x["gpu.price_trend_per_year"], draws))
    priced = vintages.price_weighted(n_gpu) + stranded * spare
    g = gpu.per_draw(draws)
    lines = np.column_stack([
        g.node_month_usd * _discounted_sum(priced, discount, draws),
        g.node_month_kwh_usd * _discounted_sum(n_gpu, discount, draws),
        g.rack_month_usd * _discounted_sum(gpu_racks, discount, draws),
        per_draw(gpu_staff, draws) * _discounted_sum(np.ones(1), discount, draws),
        np.zeros(draws)])
    month_costs = cost_today = None
    if monthly:
        month_costs = np.broadcast_to(
            discount * (gpu.month_cost(priced, n_gpu, gpu_racks) + gpu_staff),
            (draws, horizon_months))
    if today:
        n_today = np.broadcast_to(gpu_nodes(x, peak_today), (draws, 1))
        cost_today = (gpu.month_cost(vintages.price_weighted(n_today), n_today,
                                     gpu.racks(n_today)) + gpu_staff)
    if rented:  # egress while it serves: every month when alone
        egress = per_draw(x["gpu.egress_usd_per_month"], draws)
        lines[:, 0] += egress * _discounted_sum(np.ones(1), discount, draws)
        if monthly:
            month_costs = month_costs + egress[:, None] * discount
        if today:
            cost_today = cost_today + egress[:, None]
    return _Incumbent(months, discount, load, kwh_usd, gpu, gpu_staff, stranded, n_gpu,
                      gpu_racks, alone_cost, vintages, lines, month_costs,
                      None if cost_today is None else (cost_today * discount).sum(axis=-1))


def _challenger(x: dict[str, Array], kind: str, incumbent: _Incumbent, monthly: Array | None,
                lines: Array) -> None:
    """Fill the lines and (unless ``None``) the monthly costs of one challenger (its inputs
    under the core's names, :meth:`decision.model.options.OptionSet.view`) against
    ``incumbent``."""
    months, discount, gpu = incumbent.months, incumbent.discount, incumbent.fleet
    draws = lines.shape[0]
    addressable = x["asic.addressable_fraction"] * incumbent.load
    asic, asic_vintages = _new_fleet(x, "asic", kind == "rented", incumbent.kwh_usd, months,
                                     draws)
    # An owned or rented fallback (docs/model.md, "Fallback") serves, in the incumbent's
    # place, what the option does not; its migration is paid with the option's.
    fallback = "fallback.rate_per_chip" in x
    fallback_fleet, fallback_vintages = (
        _new_fleet(x, "fallback", "fallback.chip_hour_usd" in x, incumbent.kwh_usd, months,
                   draws) if fallback else (None, None))
    extra_fte = x["asic.extra_fte"] + (x["fallback.extra_fte"] if fallback else 0.0)
    extra_staff = extra_fte * (x["ops.fte_usd_per_year"] / 12.0)
    gpu_staff = incumbent.staff
    program = program_schedule(x, months, np.inf)
    stranded = incumbent.stranded
    a = asic_option_counts(x, months, incumbent.load, addressable, x["asic.rate_per_chip"],
                           gpu, asic, incumbent.nodes, incumbent.racks, incumbent.alone_cost,
                           stranded, fallback_fleet)
    asic_gpus_priced = incumbent.vintages.price_weighted(a.gpus) + stranded * a.gpus_spare
    asics_priced = asic_vintages.price_weighted(a.asics)

    # Prices are constant over the months, so each line's discounted total is a price times
    # the discounted sum of a count: one pass per count instead of one per cost array.
    def total(count: Array) -> Array:
        return _discounted_sum(count, discount, draws)

    staff_months = total(np.ones(1))
    g, s = gpu.per_draw(draws), asic.per_draw(draws)
    one_time = per_draw(x["asic.nre_usd"] + x["asic.porting_usd"]
                        + (x["fallback.porting_usd"] if fallback else 0.0), draws)
    lines[:] = np.column_stack([
        g.node_month_usd * total(asic_gpus_priced) + s.node_month_usd * total(asics_priced),
        g.node_month_kwh_usd * total(a.gpus) + s.node_month_kwh_usd * total(a.asics_powered),
        g.rack_month_usd * total(a.gpu_racks) + s.rack_month_usd * total(a.asic_racks),
        per_draw(gpu_staff, draws) * staff_months
        + per_draw(extra_staff, draws) * total(program.extra_staff),
        one_time * total(program.spending)])
    if monthly is not None:
        monthly[:] = discount * (gpu.month_cost(asic_gpus_priced, a.gpus, a.gpu_racks)
                                 + asic.month_cost(asics_priced, a.asics_powered, a.asic_racks)
                                 + gpu_staff + extra_staff * program.extra_staff
                                 + one_time[:, None] * program.spending)
    if fallback:
        f = fallback_fleet.per_draw(draws)
        fallback_priced = fallback_vintages.price_weighted(a.fallback)
        lines[:, :3] += np.column_stack([f.node_month_usd * total(fallback_priced),
                                         f.node_month_kwh_usd * total(a.fallback),
                                         f.rack_month_usd * total(a.fallback_racks)])
        if monthly is not None:
            monthly += discount * fallback_fleet.month_cost(fallback_priced, a.fallback,
                                                            a.fallback_racks)
    # Egress is billed while a rented option (or fallback) serves.
    for name in ("asic", "fallback"):
        if f"{name}.egress_usd_per_month" in x:
            live = month_share(months, x["asic.lead_time_months"], np.inf)
            egress = per_draw(x[f"{name}.egress_usd_per_month"], draws)
            lines[:, 0] += egress * total(live)
            if monthly is not None:
                monthly += egress[:, None] * discount * live
    if "gpu.egress_usd_per_month" in x:  # a rented incumbent's, for the share it still serves
        share = np.divide(a.gpus, incumbent.nodes, out=np.zeros(np.broadcast_shapes(
            np.shape(a.gpus), np.shape(incumbent.nodes))), where=incumbent.nodes > 0)
        egress = per_draw(x["gpu.egress_usd_per_month"], draws)
        lines[:, 0] += egress * total(share)
        if monthly is not None:
            monthly += egress[:, None] * discount * share

    if np.any(may_abandon(x)):
        _abandon_where_cheaper(x, months, discount, incumbent, monthly, lines, one_time,
                               per_draw(extra_staff, draws))


def _new_fleet(x: Mapping[str, Array], name: str, rented: bool, kwh_usd: Array, months: Array,
               draws: int) -> tuple[Fleet, FleetVintages | RentedPrices]:
    """The monthly prices of a fleet bought or rented from nothing (an option's, under
    ``asic.*``, or a fallback's) and its prices over the months."""
    if rented:
        return rented_prices(x, name), RentedPrices(months, x[f"{name}.price_trend_per_year"])
    return (fleet_prices(x, name, x[f"{name}.node_power_kw"], kwh_usd),
            FleetVintages(months, 0.0, 0.0, x[f"{name}.life_months"],
                          x[f"{name}.price_trend_per_year"], draws))


def _abandon_where_cheaper(x: Mapping[str, Array], months: Array, discount: Array,
                           incumbent: _Incumbent, monthly: Array | None, lines: Array,
                           one_time: Array, extra_staff: Array) -> None:
    """Replace a custom option by its program abandoned at the model change where that may be
    done and costs less: the incumbent's fleet, the extra staff until the change and the
    one-time cost spent by then. Only the draws that may abandon are evaluated."""
    rows = np.flatnonzero(per_draw(may_abandon(x), len(one_time)))
    if rows.size == 0:
        return
    program = {path: (x[path][rows] if np.ndim(x[path]) == 2 else x[path])
               for path in ("asic.lead_time_months", "asic.model_freeze_months")}
    stopped = program_schedule(program, months, program["asic.model_freeze_months"])
    discount = discount[rows] if discount.shape[0] > 1 else discount
    shape = (rows.size, months.shape[1])
    staff = np.broadcast_to(discount * stopped.extra_staff, shape) * extra_staff[rows, None]
    spent = np.broadcast_to(discount * stopped.spending, shape) * one_time[rows, None]
    staff_total, spent_total = staff.sum(axis=1), spent.sum(axis=1)
    cheaper = (incumbent.lines[rows].sum(axis=1) + staff_total + spent_total
               < lines[rows].sum(axis=1))
    abandoned = rows[cheaper]
    if monthly is not None:
        monthly[abandoned] = incumbent.monthly[abandoned] + staff[cheaper] + spent[cheaper]
    lines[abandoned] = incumbent.lines[abandoned]
    lines[abandoned, 3] += staff_total[cheaper]
    lines[abandoned, 4] = spent_total[cheaper]


def _stranded_share(x: Mapping[str, Array], months: Array) -> Array | float:
    """Per month, the share of a spare owned GPU node's charge still paid: the share of the
    month before the node reaches the end of its life, less the resale fraction."""
    if not np.any(x["gpu.existing_nodes"] > 0):
        return 0.0
    end_of_life = x["gpu.life_months"] - x["gpu.existing_age_months"]
    return (1.0 - x["gpu.resale_fraction"]) * month_share(months, 0.0, end_of_life)


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

