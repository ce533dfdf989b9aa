"""The options a scenario compares and how the cost core reads each one's inputs.

Every option is evaluated against the **incumbent** (an owned or rented fleet, serving all
traffic until an option goes live and whatever an option cannot address). The core
(:mod:`decision.model.tco`) sizes two fleets at a time: the incumbent's, read from inputs under
``gpu.*``, and one challenger's, read under ``asic.*`` — the names of the two-option files
that came first. :meth:`OptionSet.view` maps an ``options:``
file's inputs (``<option>.<field>``) onto those names; for a two-option file it is the inputs
themselves, so both forms give the same numbers to the last bit (``docs/model.md``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from decision.model.fleet import Array, gpu_rate_per_chip

KINDS = ("owned", "rented", "custom")

#: Fields of an owned fleet the core reads under ``gpu.*`` for the incumbent.
INCUMBENT_FIELDS = ("peak_inferences_per_s_per_chip", "utilization", "chips_per_node",
                    "node_price_usd", "network_per_node_usd", "network_per_rack_usd",
                    "node_power_kw", "life_months", "redundancy", "nodes_per_rack",
                    "existing_nodes", "existing_age_months", "resale_fraction",
                    "price_trend_per_year")
#: Fields of a custom program the core reads under ``asic.*``.
PROGRAM_FIELDS = ("throughput_ratio", "perf_per_watt_gain", "chips_per_node", "node_price_usd",
                  "network_per_node_usd", "network_per_rack_usd", "life_months",
                  "price_trend_per_year", "redundancy", "nodes_per_rack", "nre_usd",
                  "porting_usd", "lead_time_months", "model_freeze_months",
                  "post_change_efficiency", "after_change", "if_changed_before_live",
                  "dual_running_months", "addressable_fraction", "extra_fte")
#: Fields of every owned or rented challenger the core reads under ``asic.*``: its spare
#: capacity and its migration.
CHALLENGER_FIELDS = ("redundancy", "porting_usd", "lead_time_months", "dual_running_months",
                     "addressable_fraction", "extra_fte")
#: Fields of an owned challenger's fleet, and of a rented one's bill, under ``asic.*``.
OWNED_FIELDS = ("chips_per_node", "node_price_usd", "network_per_node_usd",
                "network_per_rack_usd", "life_months", "price_trend_per_year", "nodes_per_rack")
RENTED_FIELDS = ("chip_hour_usd", "committed_discount", "minimum_chips", "support_fraction",
                 "egress_usd_per_month", "price_trend_per_year")
#: Fields of a rented incumbent under ``gpu.*``: its chips' rate, spare and bill (a committed
#: minimum is not modelled for the incumbent: its term's end is not an input).
RENTED_INCUMBENT_FIELDS = ("peak_inferences_per_s_per_chip", "utilization", "redundancy",
                           *(f for f in RENTED_FIELDS if f != "minimum_chips"))
#: An owned or rented part runs a changed model as it ran the old one: no change within any
#: horizon, nothing to abandon, no NRE.
_PROGRAMMABLE = {"asic.model_freeze_months": np.inf, "asic.post_change_efficiency": 1.0,
                 "asic.after_change": 0.0, "asic.if_changed_before_live": 0.0,
                 "asic.nre_usd": 0.0}
_SHARED = ("horizon_months", "workload.inferences_per_day", "workload.annual_growth",
           "workload.peak_to_average", "facility.pue", "facility.power_price_usd_per_kwh",
           "facility.rack_usd_per_month", "ops.fte_usd_per_year", "ops.gpu_fte",
           "finance.discount_rate", "finance.cost_of_capital")


@dataclass(frozen=True)
class Option:
    """One option of a scenario.

    Attributes
    ----------
    name : str
        Its name in the priors file and the results; its inputs are ``<name>.<field>``.
    kind : str
        ``owned``, ``rented`` or ``custom`` (:data:`KINDS`).
    platform : str or None
        The platform sheet it runs on, when the file names one.
    fallback : Option or None
        The owned or rented option that serves what this one cannot address; ``None`` for
        the incumbent's fleet.
    """

    name: str
    kind: str
    platform: str | None = None
    fallback: Option | None = None

    def to_list(self) -> list:
        """The option as a JSON list (:meth:`from_list` reads it back)."""
        return [self.name, self.kind, self.platform,
                None if self.fallback is None else self.fallback.to_list()]

    @classmethod
    def from_list(cls, data: list) -> Option:
        """The option :meth:`to_list` wrote (three items before fallbacks existed)."""
        name, kind, platform, *rest = data
        fallback = rest[0] if rest else None
        return cls(name, kind, platform, None if fallback is None else cls.from_list(fallback))


@dataclass(frozen=True)
class OptionSet:
    """The options of a scenario, the incumbent among them.

    Attributes
    ----------
    options : tuple of Option
        In file order.
    incumbent : str
        The name of the owned or rented option every other is compared with.
    two_option : bool
        Whether the inputs are those of a ``gpu:``/``asic:`` file (``gpu`` the incumbent,
        ``asic`` the challenger).
    """

    options: tuple[Option, ...]
    incumbent: str
    two_option: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Option names in order."""
        return tuple(o.name for o in self.options)

    @property
    def incumbent_index(self) -> int:
        """Position of the incumbent in :attr:`names`."""
        return self.names.index(self.incumbent)

    @property
    def challengers(self) -> tuple[Option, ...]:
        """Every option but the incumbent, in order."""
        return tuple(o for o in self.options if o.name != self.incumbent)

    def to_json(self) -> str:
        """The set as JSON, for a dataset attribute (:meth:`from_json` reads it back)."""
        return json.dumps({"incumbent": self.incumbent, "two_option": self.two_option,
                           "options": [o.to_list() for o in self.options]})

    @classmethod
    def from_json(cls, text: str) -> OptionSet:
        """The set :meth:`to_json` wrote."""
        data = json.loads(text)
        return cls(tuple(Option.from_list(o) for o in data["options"]), data["incumbent"],
                   data["two_option"])

    def subset(self, names: tuple[str, ...]) -> OptionSet:
        """The same set with only the options named (the incumbent among them), in order."""
        if set(names) >= set(self.names):
            return self
        return OptionSet(tuple(o for o in self.options if o.name in names), self.incumbent,
                         self.two_option)

    def enters(self, path: str, names: tuple[str, ...]) -> bool:
        """Whether input ``path`` enters the costs of the options ``names``: a shared input,
        or one of theirs, of their fallbacks' or of the incumbent's (whose fleet serves every
        option until it goes live)."""
        section = path.partition(".")[0]
        if self.two_option or section not in self.names:
            return True
        fallbacks = {o.fallback.name for o in self.options
                     if o.name in names and o.fallback is not None}
        return section in names or section in fallbacks or section == self.incumbent

    def base_view(self, x: Mapping[str, Array]) -> dict[str, Array]:
        """The inputs the incumbent's fleet is costed from, under the core's names; a rented
        incumbent is a fleet of chips it never owns (``gpu.chip_hour_usd`` and the rest of a
        rental under ``gpu.*``)."""
        if self.two_option:
            return dict(x)
        view = {path: x[path] for path in _SHARED}
        name, rented = self.incumbent, self.option(self.incumbent).kind == "rented"
        if not rented:
            view.update({f"gpu.{f}": x[f"{name}.{f}"] for f in INCUMBENT_FIELDS})
            return view
        view.update({f"gpu.{f}": x[f"{name}.{f}"] for f in RENTED_INCUMBENT_FIELDS})
        view.update({"gpu.chips_per_node": 1.0, "gpu.nodes_per_rack": 1.0,
                     "gpu.node_power_kw": 0.0, "gpu.life_months": np.inf,
                     "gpu.existing_nodes": 0.0, "gpu.existing_age_months": 0.0,
                     "gpu.resale_fraction": 0.0})
        return view

    def fleet_view(self, x: Mapping[str, Array], name: str) -> dict[str, Array]:
        """The inputs of owned or rented option ``name``'s fleet serving the whole load alone,
        under the core's names (``gpu.*``, as :meth:`base_view`): the incumbent's as it is, any
        other's bought or rented new (none owned today)."""
        if name == self.incumbent:
            return self.base_view(x)
        alone = OptionSet((replace(self.option(name), fallback=None),), name)
        fields = {f"{name}.{f}": 0.0 for f in ("existing_nodes", "existing_age_months",
                                                "resale_fraction")}
        return alone.base_view({**fields, **x})

    def option(self, name: str) -> Option:
        """The option called ``name``."""
        return self.options[self.names.index(name)]

    def view(self, base: Mapping[str, Array], x: Mapping[str, Array], option: Option
             ) -> dict[str, Array]:
        """The inputs of ``option`` against the incumbent under the core's names: ``base``
        (:meth:`base_view`) with the challenger's fleet under ``asic.*``, plus
        ``asic.rate_per_chip`` (inferences/s of one chip in production) and
        ``asic.node_power_kw``; with a fallback other than the incumbent, its fleet under
        ``fallback.*``."""
        view = self._challenger_view(base, x, option)
        if option.fallback is not None:  # an owned or rented fallback's, named alike
            view.update(_programmable_fleet(x, option.fallback, "fallback"))
        return view

    def _challenger_view(self, base: Mapping[str, Array], x: Mapping[str, Array],
                         option: Option) -> dict[str, Array]:
        view = dict(base)
        name = option.name
        if option.kind == "custom":
            if not self.two_option:
                view.update({f"asic.{f}": x[f"{name}.{f}"] for f in PROGRAM_FIELDS})
            # Its rate and power follow from the ratio and gain over the incumbent's GPU.
            view["asic.rate_per_chip"] = gpu_rate_per_chip(view) * view["asic.throughput_ratio"]
            view["asic.node_power_kw"] = (
                view["gpu.node_power_kw"] / view["gpu.chips_per_node"]
                * view["asic.throughput_ratio"] / view["asic.perf_per_watt_gain"]
                * view["asic.chips_per_node"])
            return view
        view.update(_PROGRAMMABLE)
        view.update(_programmable_fleet(x, option, "asic"))
        return view


def _programmable_fleet(x: Mapping[str, Array], option: Option, prefix: str
                        ) -> dict[str, Array]:
    """An owned or rented option's fleet and migration under ``<prefix>.*``: its fields, its
    production rate per chip (``rate_per_chip``) and node power (a rented chip's is the
    provider's: 0)."""
    name = option.name
    view = {f"{prefix}.{f}": x[f"{name}.{f}"] for f in CHALLENGER_FIELDS}
    view[f"{prefix}.rate_per_chip"] = (x[f"{name}.peak_inferences_per_s_per_chip"]
                                       * x[f"{name}.utilization"])
    if option.kind == "owned":
        view.update({f"{prefix}.{f}": x[f"{name}.{f}"] for f in OWNED_FIELDS})
        view[f"{prefix}.node_power_kw"] = x[f"{name}.node_power_kw"]
    else:
        view.update({f"{prefix}.chips_per_node": 1.0, f"{prefix}.life_months": np.inf,
                     f"{prefix}.node_power_kw": 0.0,
                     **{f"{prefix}.{f}": x[f"{name}.{f}"] for f in RENTED_FIELDS}})
    return view


#: The options of a ``gpu:``/``asic:`` file.
TWO_OPTIONS = OptionSet((Option("gpu", "owned"), Option("asic", "custom")), "gpu",
                        two_option=True)
