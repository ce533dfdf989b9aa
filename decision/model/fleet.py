"""Fleets of whole nodes: how many nodes a load needs, and what a node costs each month.

Shared by both options of the TCO core (:mod:`decision.model.tco`) and by anything that sizes a
fleet the same way (claims replayed from a stated fleet size, :mod:`decision.claims.metrics`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

HOURS_PER_MONTH = 730.0
SECONDS_PER_DAY = 86_400.0
#: A node quotient within this relative distance of a whole number counts as that number.
WHOLE_NODE_TOLERANCE = 1e-9

Array = NDArray[np.float64]


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


def month_share(months: Array, begins: Array, ends: Array) -> Array:
    """Share of each month ``(m - 1, m]`` inside ``[begins, ends)``: how a state that holds
    over a continuous time span enters the monthly costs pro rata."""
    return np.clip(np.minimum(months, ends) - np.maximum(months - 1.0, begins), 0.0, 1.0)


def rate_per_chip_for(load: Array, redundancy: Array, chips: Array) -> Array:
    """Inferences/s per chip at which exactly ``chips`` chips serve ``load`` with spare
    ``redundancy``: :func:`node_count` solved for the rate."""
    return load * (1.0 + redundancy) / chips


class Fleet(NamedTuple):
    """Per-node prices of one fleet, as arrays broadcastable to (draw, month)."""

    node_month_usd: Array
    rack_month_usd: Array
    node_month_kwh_usd: Array
    racks_per_node: Array

    def per_draw(self, draws: int) -> Fleet:
        """The same prices as arrays of shape ``(draw,)``."""
        return Fleet(*(per_draw(v, draws) for v in self))

    def racks(self, owned: Array) -> Array:
        """Whole racks that hold ``owned`` nodes."""
        return np.ceil(owned * self.racks_per_node)

    def month_cost(self, owned: Array, powered: Array, racks: Array) -> Array:
        """Hardware, energy and racks of a month with ``owned`` nodes, ``powered`` of them on,
        in ``racks`` racks (counts may be averages over a month's states)."""
        return (owned * self.node_month_usd + powered * self.node_month_kwh_usd
                + racks * self.rack_month_usd)


def amortisation_months(life: Array, cost_of_capital: Array) -> Array:
    """Months of payments a purchase is worth: the present value of a monthly annuity over
    ``life`` at ``cost_of_capital`` a year, ``(1 - (1 + i)^-n) / i`` with
    ``i = (1 + c)^(1/12) - 1``; ``life`` itself at 0 (straight-line). A purchase costs its price
    divided by this each month it is owned."""
    monthly_rate = np.expm1(np.log1p(cost_of_capital) / 12.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        annuity = -np.expm1(-life * np.log1p(monthly_rate)) / monthly_rate
    return np.where(monthly_rate > 0, annuity, life)


def fleet_prices(x: Mapping[str, Array], name: str, node_kw: Array, kwh_usd: Array) -> Fleet:
    """The monthly prices of fleet ``name`` (``"gpu"`` or ``"asic"``): a node amortised
    (:func:`amortisation_months`), its energy at ``node_kw``, its share of a rack."""
    life = amortisation_months(x[f"{name}.life_months"], x["finance.cost_of_capital"])
    return Fleet(
        node_month_usd=(x[f"{name}.node_price_usd"] + x[f"{name}.network_per_node_usd"]) / life,
        rack_month_usd=x["facility.rack_usd_per_month"] + x[f"{name}.network_per_rack_usd"] / life,
        node_month_kwh_usd=node_kw * kwh_usd,
        # Nodes are whole, so N / nodes_per_rack is never within the tolerance of the next
        # whole number unless it is that number.
        racks_per_node=(1.0 - WHOLE_NODE_TOLERANCE) / x[f"{name}.nodes_per_rack"],
    )


def rented_prices(x: Mapping[str, Array], name: str = "asic") -> Fleet:
    """The monthly prices of rented capacity ``name``, one chip to a "node": the chip-hour
    price over the hours of a month, less the committed-term discount, plus support; no
    power, racks or network of the team's own (the provider's are in the price)."""
    rent = (x[f"{name}.chip_hour_usd"] * HOURS_PER_MONTH
            * (1.0 - x[f"{name}.committed_discount"]) * (1.0 + x[f"{name}.support_fraction"]))
    return Fleet(node_month_usd=rent, rack_month_usd=np.zeros(1), node_month_kwh_usd=np.zeros(1),
                 racks_per_node=np.zeros(1))


def per_draw(value: Array, draws: int) -> Array:
    """A scalar or ``(draw, 1)`` column as shape ``(draw,)``."""
    return np.broadcast_to(value, (draws, 1))[:, 0]
