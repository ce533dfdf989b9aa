"""The ASIC option month by month: the share of each month in each state, and the fleets.

Each month mixes states, weighted by their shares of the month (continuous times fall inside
months pro rata, ``docs/model.md``): GPUs alone (before go-live, or with nothing left to run
on the ASIC), live and frozen, and after the model change, either keeping the fleet of the
month of the change until it retires or, for a part that keeps usable throughput and is
bought on (``asic.after_change``: keep_buying_if_cheaper, or by_part for a merchant part),
buying the nodes the load needs at the post-change throughput in the months where that
costs less. Every cost is linear in the node
and rack counts, so the option is described by its share-weighted average counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from decision.model.fleet import (
    WHOLE_NODE_TOLERANCE,
    Array,
    Fleet,
    gpu_nodes,
    month_share,
    node_count,
)

#: The indices of keep_buying_if_cheaper and by_part among ``asic.after_change``'s options.
KEEP_BUYING, BY_PART = 1.0, 2.0
#: Below this post-change efficiency a part is not bought on: it would take more than a
#: million nodes to do one node's work before the change.
MEANINGFUL_EFFICIENCY = 1e-6


class OptionCounts(NamedTuple):
    """Share-weighted node and rack counts of the ASIC option, per (draw, month);
    ``gpus_spare`` counts the GPU nodes owned today that the option no longer needs;
    ``fallback`` and ``fallback_racks`` the nodes of an owned or rented fallback that serves
    what the option does not, in place of the GPUs."""

    gpus: Array
    gpu_racks: Array
    asics: Array
    asics_powered: Array
    asic_racks: Array
    gpus_spare: Array | float
    fallback: Array | float = 0.0
    fallback_racks: Array | float = 0.0


def asic_option_counts(x: Mapping[str, Array], months: Array, load: Array, addressable: Array,
                       per_chip: Array, gpu: Fleet, asic: Fleet, n_gpu: Array,
                       gpu_racks: Array, alone_cost: Array,
                       stranded: Array | float, fallback: Fleet | None = None) -> OptionCounts:
    """The ASIC option's average fleets in every month.

    Parameters
    ----------
    x : mapping of str to ndarray
        Every input, scalars or ``(draw, 1)`` columns.
    months : ndarray, shape (1, month)
        1, 2, ..., H.
    load, addressable : ndarray
        Peak inferences/s to serve each month, and the part the ASIC can serve.
    per_chip : ndarray
        Inferences/s of one ASIC chip before the model change.
    gpu, asic : Fleet
        Monthly prices of a node of each fleet.
    n_gpu, gpu_racks, alone_cost : ndarray
        The GPU fleet that serves the whole load alone, its racks and its month's cost.
    stranded : ndarray or float
        Per month, the share of a spare owned GPU node's hardware charge still paid.
    fallback : Fleet, optional
        Monthly prices of a node of the fleet (sized from ``fallback.*`` inputs) that serves,
        from go-live, what the option does not; without it the GPUs do.
    """
    lead, freeze = x["asic.lead_time_months"], x["asic.model_freeze_months"]
    redundancy, chips = x["asic.redundancy"], x["asic.chips_per_node"]
    efficiency = x["asic.post_change_efficiency"]
    change = np.maximum(lead, freeze)
    retire = np.maximum(change, lead + x["asic.life_months"])
    frozen = month_share(months, lead, freeze)
    changed = month_share(months, change, retire)

    nodes = _rented_minimum(x, "asic", node_count(addressable, redundancy, per_chip, chips))

    def beside(served: Array) -> tuple[Array, Array]:
        """GPU nodes and fallback nodes that serve ``served`` beside the option."""
        if fallback is None:
            return gpu_nodes(x, served), 0.0
        return np.zeros(1), _rented_minimum(x, "fallback", node_count(
            served, x["fallback.redundancy"], x["fallback.rate_per_chip"],
            x["fallback.chips_per_node"]))

    def fallback_cost(count: Array) -> Array | float:
        return 0.0 if fallback is None else fallback.month_cost(count, count,
                                                                 fallback.racks(count))

    n_beside, fallback_beside = beside(load - addressable)
    beside_racks = gpu.racks(n_beside)
    if np.all(np.isinf(freeze)):  # a programmable option: the change does not touch it
        kept = kept_powered = kept_racks = fallback_kept = 0.0
        kept_gpus, kept_gpu_racks = n_gpu, gpu_racks
    else:
        kept, kept_powered, kept_served = _kept_after_change(x, load, addressable, per_chip)
        kept_gpus, fallback_kept = beside(load - kept_served)
        kept_gpu_racks, kept_racks = gpu.racks(kept_gpus), asic.racks(kept)

    alone = 1.0 - frozen - changed
    # Buying on after the change (a share of the month in the changed or retired state).
    bought_on, bought_after, after_racks = 0.0, 0.0, 0.0
    existing = x["gpu.existing_nodes"]

    def spare(needed: Array) -> Array:  # GPU nodes owned today that a state does not need
        return np.maximum(existing - needed, 0.0)

    may_keep = buys_on_after_change(x)
    if np.any(may_keep):
        bought_after = node_count(addressable, redundancy,
                                  np.where(may_keep, per_chip * efficiency, 1.0), chips)
        after_racks = asic.racks(bought_after)
        # Month cost of buying on, less that of keeping the fleet (changed state) and of GPUs
        # alone (retired state), at today's prices; the GPU part is the same as beside the
        # frozen ASIC fleet. Spare owned GPU nodes are paid for whichever is chosen.
        keep_cost = (gpu.month_cost(n_beside + stranded * spare(n_beside), n_beside,
                                    beside_racks)
                     + asic.month_cost(bought_after, bought_after, after_racks)
                     + fallback_cost(fallback_beside))
        stop_cost = (gpu.month_cost(kept_gpus + stranded * spare(kept_gpus), kept_gpus,
                                    kept_gpu_racks)
                     + asic.month_cost(kept, kept_powered, kept_racks)
                     + fallback_cost(fallback_kept))
        on_changed = changed * (may_keep & (keep_cost < stop_cost))
        on_retired = (month_share(months, retire, np.inf)
                      * (may_keep & (keep_cost < alone_cost)))
        bought_on = on_changed + on_retired
        changed, alone = changed - on_changed, alone - on_retired
    # Running both (docs/model.md): for the first months after go-live the incumbent keeps
    # the fleet it would have alone beside the new one.
    both = 0.0
    if np.any(x["asic.dual_running_months"] > 0):
        both = np.minimum(month_share(months, lead, lead + x["asic.dual_running_months"]),
                          frozen)
    gpu_alone, gpu_beside = alone + both, frozen - both + bought_on
    spares = 0.0
    if np.any(existing > 0):
        spares = (gpu_alone * spare(n_gpu) + gpu_beside * spare(n_beside)
                  + changed * spare(kept_gpus))
    served_beside = frozen + bought_on  # the fallback serves from go-live, running both too
    fallback_nodes = served_beside * fallback_beside + changed * fallback_kept
    fallback_racks = (0.0 if fallback is None else
                      served_beside * fallback.racks(fallback_beside)
                      + changed * fallback.racks(fallback_kept))
    return OptionCounts(
        gpus=gpu_alone * n_gpu + gpu_beside * n_beside + changed * kept_gpus,
        gpu_racks=(gpu_alone * gpu_racks + gpu_beside * beside_racks
                   + changed * kept_gpu_racks),
        asics=frozen * nodes + bought_on * bought_after + changed * kept,
        asics_powered=frozen * nodes + bought_on * bought_after + changed * kept_powered,
        asic_racks=frozen * asic.racks(nodes) + bought_on * after_racks + changed * kept_racks,
        gpus_spare=spares,
        fallback=fallback_nodes,
        fallback_racks=fallback_racks,
    )


def _rented_minimum(x: Mapping[str, Array], name: str, nodes: Array) -> Array:
    """``nodes``, or a committed rental's minimum of chips where that is more."""
    minimum = x.get(f"{name}.minimum_chips")
    return nodes if minimum is None else np.maximum(nodes, minimum / x[f"{name}.chips_per_node"])


def _kept_after_change(x: Mapping[str, Array], load: Array, addressable: Array,
                       per_chip: Array) -> tuple[Array, Array, Array]:
    """The ASIC nodes kept after the model change, those powered, and the load they serve."""
    lead, freeze = x["asic.lead_time_months"], x["asic.model_freeze_months"]
    redundancy, chips = x["asic.redundancy"], x["asic.chips_per_node"]
    # The fleet of the month in which the model changes, m* = ceil(F), is what stays after the
    # change; none when the change comes before go-live (F <= L).
    last_frozen = np.ceil(freeze)
    last_rate = (x["asic.addressable_fraction"] * load[..., :1]
                 * np.exp(np.log1p(x["workload.annual_growth"]) * (last_frozen - 1.0) / 12.0))
    kept = np.where(freeze > lead, node_count(last_rate, redundancy, per_chip, chips), 0.0)
    capacity = kept * chips * per_chip * x["asic.post_change_efficiency"] / (1.0 + redundancy)
    kept_served = np.minimum(addressable, capacity)
    # Powered: the share of the kept nodes that the served share of their capacity needs,
    # ceil(S (1 + rho) / (T phi c)) written without dividing by phi (none when nothing is usable).
    with np.errstate(divide="ignore", invalid="ignore"):
        busy = np.where(capacity > 0, kept_served / capacity, 0.0)
    kept_powered = np.ceil(kept * busy * (1.0 - WHOLE_NODE_TOLERANCE))
    return kept, kept_powered, kept_served


def buys_on_after_change(x: Mapping[str, Array]) -> Array:
    """Whether the option may buy ASIC nodes after the model changes (``asic.after_change``
    resolved for the part): keep_buying_if_cheaper, or by_part for a merchant part (no NRE),
    and a post-change efficiency of at least :data:`MEANINGFUL_EFFICIENCY`."""
    choice = x["asic.after_change"]
    merchant = x["asic.nre_usd"] == 0  # bought off the shelf, programmable
    return (((choice == KEEP_BUYING) | ((choice == BY_PART) & merchant))
            & (x["asic.post_change_efficiency"] >= MEANINGFUL_EFFICIENCY))
