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


def price_weighted_nodes(nodes: Array, existing: Array, existing_age: Array, life: Array,
                         trend: Array) -> Array:
    """Node-months of each month weighted by their price relative to today's.

    Parameters
    ----------
    nodes : ndarray, shape (draw, month)
        Nodes in service each month (share-weighted averages allowed).
    existing, existing_age : ndarray
        Nodes owned today, priced at today's price until their life ends
        ``life - existing_age`` months from now, and their age.
    life : ndarray
        Months between purchase and refresh, at least 1.
    trend : ndarray
        Yearly change of the price of a node of the same performance, ``tau > -1``.

    Returns
    -------
    ndarray, shape (draw, month)
        ``nodes`` times the mean price of the node slots bought so far; ``nodes`` itself when
        the trend is 0. Exact while the fleet never shrinks; a fleet that shrinks keeps the mean
        price of every slot it has bought.
    """
    if not np.any(trend != 0):
        return nodes
    draws, horizon = nodes.shape
    rate = np.broadcast_to(np.log1p(trend) / 12.0, (draws, 1))
    life = np.broadcast_to(life, (draws, 1))
    existing = np.broadcast_to(existing, (draws, 1))
    month = np.arange(1, horizon + 1, dtype=np.float64)[None, :]

    slots = np.maximum(np.maximum.accumulate(nodes, axis=1), existing)
    bought = np.diff(slots, axis=1, prepend=existing)  # new slots at the start of each month
    start = month - 1.0
    value = bought * np.exp(rate * start)  # each month's purchases at that month's price
    cumulative = np.concatenate([np.zeros((draws, 1)), np.cumsum(value, axis=1)], axis=1)
    weighted = existing * _existing_price(month, existing_age, life, rate)
    for cycle in range(int(np.ceil(horizon / life.min())) + 1):
        # Slots bought at t0 in (m - (j+1) l, m - j l] end month m in their j-th cycle.
        hi = _cohorts_up_to(month - cycle * life, month)
        lo = _cohorts_up_to(month - (cycle + 1) * life, month)
        price = np.exp(rate * cycle * life)
        in_cycle = (np.take_along_axis(cumulative, hi, axis=1)
                    - np.take_along_axis(cumulative, lo, axis=1))
        weighted = weighted + price * in_cycle
        if cycle:
            # The one purchase month whose refresh falls inside month m paid the previous
            # cycle's price for the part of the month before it.
            bought_at = np.floor(month - cycle * life)
            valid = bought_at >= 0
            index = np.clip(bought_at, 0, horizon - 1).astype(np.intp)
            before = bought_at + cycle * life - start
            step = price - np.exp(rate * (cycle - 1) * life)
            weighted = weighted - np.where(
                valid, np.take_along_axis(value, index, axis=1) * before * step, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(slots > 0, nodes * weighted / slots, 0.0)


def _cohorts_up_to(time: Array, month: Array) -> Array:
    """Index into the prefix sums: the purchases at start times ``t0 <= time`` (integers from 0
    to ``month - 1``)."""
    return np.clip(np.floor(time) + 1.0, 0.0, month).astype(np.intp)


def _existing_price(month: Array, age: Array, life: Array, rate: Array) -> Array:
    """Mean price, relative to today's, of a node owned today in each month: today's price
    until its first refresh after today, then the price of its latest refresh."""
    done = np.floor(age / life)  # refreshes before today are priced at today's price
    cycle = np.floor((month + age) / life) - done  # refreshes from today to the month's end
    refreshed = (done + cycle) * life - age
    after = np.where(cycle > 0, np.exp(rate * refreshed), 1.0)
    earlier = np.where(cycle > 1, np.exp(rate * (refreshed - life)), 1.0)
    before = np.clip(refreshed - (month - 1.0), 0.0, 1.0) * (cycle > 0)
    return after - before * (after - earlier)
