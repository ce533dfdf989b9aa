"""Vintages of a fleet under a price trend: what the nodes in service cost, relative to today.

A node bought at time ``t`` (months from now) costs today's price times ``(1 + tau)^(t / 12)``
and keeps that price until it is refreshed at the end of its life, at the then price
(``docs/model.md``, "Price trend"). Nodes are bought as the fleet first needs them; every
quantity is a ``(draw, month)`` array and the sums over purchase months are prefix sums, so the
cost is a few passes per refresh cycle within the horizon, never one per purchase month.
"""

from __future__ import annotations

import numpy as np

from decision.model.fleet import Array


class FleetVintages:
    """The price history of one fleet in a block of draws: what its nodes cost, relative to
    today's price, by when they were bought.

    Parameters
    ----------
    months : ndarray, shape (1, month)
        1, 2, ..., H.
    existing, existing_age : ndarray
        Nodes owned today, priced at today's price until their first refresh after today
        (their life ends ``life - existing_age`` months from now), and their age.
    life : ndarray
        Months between purchase and refresh, at least 1.
    trend : ndarray
        Yearly change of the price of a node of the same performance, ``tau > -1``.
    draws : int
        Rows of the block.
    """

    def __init__(self, months: Array, existing: Array, existing_age: Array, life: Array,
                 trend: Array, draws: int) -> None:
        self.months = months
        self.flat = not np.any(trend != 0)
        if self.flat:
            return
        self.rate = np.broadcast_to(np.log1p(trend) / 12.0, (draws, 1))
        self.existing = np.broadcast_to(existing, (draws, 1))
        # A life the same for every draw makes every shift one slice shared by all draws.
        life = np.asarray(life, dtype=np.float64)
        self.life = life.reshape(-1)[:1].reshape(1, 1) if np.ptp(life) == 0 else life
        self.owned_today = _refresh_steps(months, self.life - existing_age % self.life,
                                          self.life, self.rate, self.existing)
        self.price = np.exp(self.rate * (months - 1.0))  # of a node bought at each month start
        self.growth = np.exp(self.rate * self.life)  # a refresh multiplies a price by this

    def price_weighted(self, nodes: Array) -> Array:
        """Node-months of each month weighted by their price relative to today's.

        Parameters
        ----------
        nodes : ndarray, shape (draw, month) or (draw, 1)
            Nodes in service each month (share-weighted averages allowed); one column for a
            fleet of the same size every month.

        Returns
        -------
        ndarray
            ``nodes`` times the mean price of the node slots bought so far; ``nodes`` itself
            when the trend is 0. Exact while the fleet never shrinks; a fleet that shrinks
            keeps the mean price of every slot it has bought.
        """
        if self.flat:
            return nodes
        existing, life, months = self.existing, self.life, self.months
        if nodes.shape[1] == 1:  # the same fleet every month, bought today
            slots = np.maximum(nodes, existing)
            weighted = (slots + self.owned_today
                        + _refresh_steps(months, life, life, self.rate, slots - existing))
            return nodes * weighted / np.maximum(slots, _TINY)
        grows = np.all(nodes[:, 1:] >= nodes[:, :-1])
        slots = np.maximum(nodes if grows else np.maximum.accumulate(nodes, axis=1), existing)
        bought = np.empty_like(slots)  # new slots at each month's start
        np.subtract(slots[:, :1], existing, out=bought[:, :1])
        np.subtract(slots[:, 1:], slots[:, :-1], out=bought[:, 1:])
        value = bought * self.price
        cumulative = np.cumsum(value, axis=1)
        weighted = cumulative + existing + self.owned_today
        for refresh in range(1, int(np.ceil(months.shape[1] / life.min())) + 1):
            # Each month's purchases are refreshed the refresh-th time at t0 + refresh * life,
            # pro rata: the purchases' running total, interpolated at m - refresh * life.
            refreshed = _interpolated(cumulative, value, refresh * life)
            weighted += ((self.growth - 1.0) * self.growth ** (refresh - 1)) * refreshed
        return nodes * weighted / np.maximum(slots, _TINY)


class RentedPrices:
    """The price history of rented capacity: every chip of a month at that month's price,
    today's times ``(1 + tau)^((m - 1) / 12)`` (a rental is repriced, never owned).

    Parameters
    ----------
    months : ndarray, shape (1, month)
    trend : ndarray
        Yearly change of the chip-hour price, ``tau > -1``.
    """

    def __init__(self, months: Array, trend: Array) -> None:
        self.price = (None if not np.any(trend != 0)
                      else np.exp(np.log1p(trend) / 12.0 * (months - 1.0)))

    def price_weighted(self, chips: Array) -> Array:
        """Chip-months of each month weighted by their price relative to today's."""
        return chips if self.price is None else chips * self.price


_TINY = np.finfo(np.float64).tiny


def _refresh_steps(months: Array, first: Array, life: Array, rate: Array,
                   count: Array) -> Array:
    """What refreshes add, in each month, to the price of ``count`` nodes priced at today's
    price until their refreshes at ``first``, ``first + life``, ..., each at the price of then
    (pro rata in the month it falls in)."""
    horizon = months.shape[-1]
    added, paid = 0.0, 1.0
    for refresh in range(int(np.ceil(horizon / np.min(life))) + 1):
        at = first + refresh * life
        if np.all(at >= horizon):
            break
        new = np.exp(rate * at)
        added = added + np.clip(months - at, 0.0, 1.0) * (count * (new - paid))
        paid = new
    return added


def _interpolated(cumulative: Array, value: Array, shift: Array) -> Array:
    """``sum_t0 value[t0] clip(m - shift - t0, 0, 1)`` for every month ``m``: the running total
    ``cumulative`` of ``value`` shifted by ``shift`` months and linearly interpolated."""
    draws, horizon = value.shape
    if shift.shape[0] == 1:  # one shift for every draw: slices, no gather
        whole = int(np.ceil(shift.item()))
        out = np.zeros((draws, horizon))
        if whole < horizon + 1:
            # m - shift = (m - whole) + part: everything bought before month m - whole, and
            # part of what was bought at its start.
            part = whole - shift.item()
            kept = horizon - whole
            out[:, whole:] = cumulative[:, :kept] + part * value[:, 1:kept + 1]
            out[:, whole - 1] = part * value[:, 0]  # whole >= 1: lives are at least a month
        return out
    time = np.arange(horizon, dtype=np.float64)[None, :] + 1.0 - shift
    floor = np.floor(time)
    index = np.clip(floor, 0, horizon - 1).astype(np.intp)
    below = np.clip(floor - 1.0, -1, horizon - 1).astype(np.intp)
    total = np.where(below >= 0, np.take_along_axis(cumulative, np.maximum(below, 0), axis=1), 0.0)
    own = np.where(floor >= 0, np.take_along_axis(value, index, axis=1), 0.0)
    return total + (time - floor) * own
