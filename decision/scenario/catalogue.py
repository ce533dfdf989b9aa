"""The catalogue of model inputs: the single source for validation, ``decide validate`` and docs.

Every input of the cost model (``docs/model.md``) is listed once here with its unit, domain,
default and meaning. Nothing else in the package spells an input's path or domain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum


class Domain(Enum):
    """The set of values an input may take; ``bounds`` are closed unless flagged open."""

    COUNT = "int>0"
    WHOLE = "int>=0"
    POSITIVE = ">0"
    NON_NEGATIVE = ">=0"
    FRACTION = "[0,1]"
    POSITIVE_FRACTION = "(0,1]"
    AT_LEAST_ONE = ">=1"
    GROWTH = ">-1"
    CHOICE = "choice"

    @property
    def bounds(self) -> tuple[float, float]:
        """Lower and upper bound of the domain."""
        return _BOUNDS[self]

    @property
    def open_lower(self) -> bool:
        """Whether the lower bound itself is excluded."""
        return self in (Domain.POSITIVE, Domain.POSITIVE_FRACTION, Domain.GROWTH, Domain.COUNT)

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the domain."""
        lo, hi = self.bounds
        if not math.isfinite(value):
            return False
        if self is Domain.COUNT:
            return value >= 1 and float(value).is_integer()
        if self is Domain.WHOLE:
            return value >= 0 and float(value).is_integer()
        if self is Domain.CHOICE:
            return value >= 0 and float(value).is_integer()
        above = value > lo if self.open_lower else value >= lo
        return above and value <= hi

    def describe(self) -> str:
        """Plain words for error messages."""
        return _WORDS[self]

    def plausible(self, value: float) -> bool:
        """Whether ``value`` is within :data:`LARGEST` in size and, for a strictly positive
        domain, at least :data:`SMALLEST_POSITIVE`: beyond, a number is a typo or a unit slip
        and would overflow the cost model."""
        if abs(value) > LARGEST:
            return False
        return not (self in (Domain.POSITIVE, Domain.POSITIVE_FRACTION)
                    and value < SMALLEST_POSITIVE)

    @property
    def default_family(self) -> str:
        """The family of a prior given only as ``{ci90: [lo, hi]}``, and the likelihood of
        measurements given no ``likelihood:``: Beta for fractions, Normal for growth rates,
        LogNormal for amounts."""
        if self in (Domain.FRACTION, Domain.POSITIVE_FRACTION):
            return "Beta"
        if self is Domain.GROWTH:
            return "Normal"
        return "LogNormal"


#: The largest size, and the smallest strictly positive value, any input may take.
LARGEST = 1e15
SMALLEST_POSITIVE = 1e-12
PLAUSIBLE_WORDS = f"between {SMALLEST_POSITIVE:g} and {LARGEST:g} in size"

_BOUNDS = {
    Domain.COUNT: (1.0, math.inf),
    Domain.WHOLE: (0.0, math.inf),
    Domain.POSITIVE: (0.0, math.inf),
    Domain.NON_NEGATIVE: (0.0, math.inf),
    Domain.FRACTION: (0.0, 1.0),
    Domain.POSITIVE_FRACTION: (0.0, 1.0),
    Domain.AT_LEAST_ONE: (1.0, math.inf),
    Domain.GROWTH: (-1.0, math.inf),
    Domain.CHOICE: (0.0, math.inf),
}

_WORDS = {
    Domain.COUNT: "a whole number of at least 1",
    Domain.WHOLE: "a whole number, 0 or more",
    Domain.POSITIVE: "greater than 0",
    Domain.NON_NEGATIVE: "0 or more",
    Domain.FRACTION: "a fraction in [0, 1]",
    Domain.POSITIVE_FRACTION: "a fraction in (0, 1]",
    Domain.AT_LEAST_ONE: "at least 1",
    Domain.GROWTH: "greater than -1",
    Domain.CHOICE: "one of its options",
}


@dataclass(frozen=True)
class InputSpec:
    """One model input.

    Attributes
    ----------
    path : str
        Dotted path in the priors file, e.g. ``"gpu.utilization"``.
    unit : str
        Unit the value is written in.
    domain : Domain
        Values the input may take.
    default : float or None
        Value used when the file leaves the input out; ``None`` for a required input.
    meaning : str
        One line for people.
    options : tuple of str
        For a structural choice of the model (domain ``CHOICE``): the options by name; the
        input's value is the index of the one chosen.
    """

    path: str
    unit: str
    domain: Domain
    default: float | None
    meaning: str
    options: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        """Whether the priors file must give this input."""
        return self.default is None

    @property
    def section(self) -> str | None:
        """The top-level section holding the input, ``None`` for top-level inputs."""
        head, _, tail = self.path.partition(".")
        return head if tail else None

    @property
    def key(self) -> str:
        """The input's key inside its section."""
        return self.path.rpartition(".")[2]


_D = Domain
CATALOGUE: tuple[InputSpec, ...] = (
    InputSpec("horizon_months", "months", _D.COUNT, None, "length of the comparison"),
    InputSpec("workload.inferences_per_day", "1/day", _D.POSITIVE, None, "volume today"),
    InputSpec("workload.annual_growth", "fraction/year", _D.GROWTH, 0.0, "volume growth"),
    InputSpec("workload.peak_to_average", "ratio", _D.AT_LEAST_ONE, 1.0,
              "busy-hour request rate the fleets are sized for ÷ mean rate"),
    InputSpec("gpu.peak_inferences_per_s_per_chip", "1/s", _D.POSITIVE, None,
              "one GPU at 100% of its roofline for this model and SLA"),
    InputSpec("gpu.utilization", "fraction", _D.POSITIVE_FRACTION, None,
              "share of that peak one GPU achieves in the busy hour under the SLA (not a"
              " daily or weekly mean: troughs are in peak_to_average)"),
    InputSpec("gpu.chips_per_node", "chips", _D.COUNT, None, "GPUs in one node"),
    InputSpec("gpu.node_price_usd", "USD", _D.POSITIVE, None, "one node, chips included"),
    InputSpec("gpu.network_per_node_usd", "USD", _D.NON_NEGATIVE, 0.0,
              "e.g. NVLink switch share"),
    InputSpec("gpu.network_per_rack_usd", "USD", _D.NON_NEGATIVE, 0.0, "e.g. InfiniBand per rack"),
    InputSpec("gpu.node_power_kw", "kW", _D.POSITIVE, None, "wall power of one node under load"),
    InputSpec("gpu.life_months", "months", _D.AT_LEAST_ONE, 36.0,
              "amortisation life; a node is refreshed at its end"),
    InputSpec("gpu.redundancy", "fraction", _D.NON_NEGATIVE, 0.0, "spare capacity (N+1)"),
    InputSpec("gpu.nodes_per_rack", "nodes", _D.COUNT, 4.0, "nodes in one rack"),
    InputSpec("gpu.existing_nodes", "nodes", _D.WHOLE, 0.0,
              "GPU nodes owned today (0: every node is lease-equivalent)"),
    InputSpec("gpu.existing_age_months", "months", _D.NON_NEGATIVE, 0.0,
              "age of the nodes owned today"),
    InputSpec("gpu.resale_fraction", "fraction", _D.FRACTION, 0.0,
              "share of its book value an owned node fetches when no longer needed"),
    InputSpec("gpu.price_trend_per_year", "fraction/year", _D.GROWTH, 0.0,
              "yearly change of the price of a GPU node of today's performance, applied to"
              " nodes bought after today and to refreshes (e.g. -0.2)"),
    InputSpec("asic.throughput_ratio", "ratio", _D.POSITIVE, None,
              "effective inferences/s of one ASIC chip ÷ one GPU chip"),
    InputSpec("asic.perf_per_watt_gain", "ratio", _D.POSITIVE, None,
              "inferences per joule, ASIC ÷ GPU"),
    InputSpec("asic.chips_per_node", "chips", _D.COUNT, None, "ASICs in one node"),
    InputSpec("asic.node_price_usd", "USD", _D.POSITIVE, None, "one node, chips included"),
    InputSpec("asic.network_per_node_usd", "USD", _D.NON_NEGATIVE, 0.0, "network per node"),
    InputSpec("asic.network_per_rack_usd", "USD", _D.NON_NEGATIVE, 0.0, "network per rack"),
    InputSpec("asic.life_months", "months", _D.AT_LEAST_ONE, 36.0,
              "amortisation life; a node is refreshed at its end"),
    InputSpec("asic.price_trend_per_year", "fraction/year", _D.GROWTH, 0.0,
              "yearly change of the price of an ASIC node, applied to nodes bought after"
              " today and to refreshes"),
    InputSpec("asic.redundancy", "fraction", _D.NON_NEGATIVE, 0.0, "spare capacity (N+1)"),
    InputSpec("asic.nodes_per_rack", "nodes", _D.COUNT, 4.0, "nodes in one rack"),
    InputSpec("asic.nre_usd", "USD", _D.NON_NEGATIVE, None,
              "design cost (0 for a merchant chip bought off the shelf)"),
    InputSpec("asic.porting_usd", "USD", _D.NON_NEGATIVE, 0.0, "compiler and software porting"),
    InputSpec("asic.lead_time_months", "months", _D.NON_NEGATIVE, None,
              "until the ASIC fleet serves traffic"),
    InputSpec("asic.model_freeze_months", "months", _D.POSITIVE, None,
              "from now until the served model's architecture changes"),
    InputSpec("asic.post_change_efficiency", "fraction", _D.FRACTION, 0.0,
              "ASIC throughput still usable after that change"),
    InputSpec("asic.after_change", "choice", _D.CHOICE, 2.0,
              "after the model changes, stop buying ASIC nodes, or keep buying them in the"
              " months their usable capacity costs less than GPUs; by_part: keep buying a"
              " merchant part (no NRE), stop buying a custom one",
              options=("stop_buying", "keep_buying_if_cheaper", "by_part")),
    InputSpec("asic.if_changed_before_live", "choice", _D.CHOICE, 1.0,
              "when the model changes before go-live and the part is not bought on, keep paying"
              " the whole program, or abandon it then, paying the NRE and porting spent so far"
              " (spent evenly over the lead time) and the extra staff until then",
              options=("keep_paying", "abandon")),
    InputSpec("asic.dual_running_months", "months", _D.NON_NEGATIVE, 0.0,
              "after go-live, months the GPU fleet keeps running whole beside the ASICs"),
    InputSpec("asic.addressable_fraction", "fraction", _D.FRACTION, 1.0,
              "share of the volume the ASIC can serve (on the model it targets); the rest"
              " stays on the GPUs"),
    InputSpec("asic.extra_fte", "people", _D.NON_NEGATIVE, 0.0,
              "extra staff the ASIC option needs (compiler, bring-up)"),
    InputSpec("facility.pue", "ratio", _D.AT_LEAST_ONE, None, "power usage effectiveness"),
    InputSpec("facility.power_price_usd_per_kwh", "USD/kWh", _D.POSITIVE, None, "energy price"),
    InputSpec("facility.rack_usd_per_month", "USD/month", _D.NON_NEGATIVE, 0.0,
              "space, cooling capacity"),
    InputSpec("ops.fte_usd_per_year", "USD/year", _D.NON_NEGATIVE, 0.0,
              "loaded cost of one engineer"),
    InputSpec("ops.gpu_fte", "people", _D.NON_NEGATIVE, 0.0, "staff running the GPU fleet"),
    InputSpec("finance.discount_rate", "fraction/year", _D.NON_NEGATIVE, 0.0, "discount rate"),
    InputSpec("finance.cost_of_capital", "fraction/year", _D.NON_NEGATIVE, 0.0,
              "rate at which hardware is financed: amortised as an annuity (0: straight-line)"),
)

#: A short human name of each input, for figures, tables and the terminal (with its unit,
#: :func:`decision.report.formatting.input_label`); ``option.*`` names the fields only an option
#: of an ``options:`` section has.
LABELS: dict[str, str] = {
    "horizon_months": "horizon",
    "workload.inferences_per_day": "volume today",
    "workload.annual_growth": "volume growth",
    "workload.peak_to_average": "peak-to-average traffic",
    "gpu.peak_inferences_per_s_per_chip": "GPU peak throughput per chip",
    "gpu.utilization": "GPU utilisation in the busy hour",
    "gpu.chips_per_node": "GPUs per node",
    "gpu.node_price_usd": "GPU node price",
    "gpu.network_per_node_usd": "GPU network per node",
    "gpu.network_per_rack_usd": "GPU network per rack",
    "gpu.node_power_kw": "GPU node power",
    "gpu.life_months": "GPU node life",
    "gpu.redundancy": "GPU spare capacity",
    "gpu.nodes_per_rack": "GPU nodes per rack",
    "gpu.existing_nodes": "GPU nodes owned today",
    "gpu.existing_age_months": "age of the GPU nodes owned",
    "gpu.resale_fraction": "GPU resale value",
    "gpu.price_trend_per_year": "GPU price trend",
    "asic.throughput_ratio": "ASIC throughput per chip ÷ GPU's",
    "asic.perf_per_watt_gain": "ASIC work per joule ÷ GPU's",
    "asic.chips_per_node": "ASICs per node",
    "asic.node_price_usd": "ASIC node price",
    "asic.network_per_node_usd": "ASIC network per node",
    "asic.network_per_rack_usd": "ASIC network per rack",
    "asic.life_months": "ASIC node life",
    "asic.price_trend_per_year": "ASIC price trend",
    "asic.redundancy": "ASIC spare capacity",
    "asic.nodes_per_rack": "ASIC nodes per rack",
    "asic.nre_usd": "ASIC design cost (NRE)",
    "asic.porting_usd": "porting cost",
    "asic.lead_time_months": "lead time to go-live",
    "asic.model_freeze_months": "time until the model changes",
    "asic.post_change_efficiency": "ASIC throughput kept after a model change",
    "asic.after_change": "buying after a model change",
    "asic.if_changed_before_live": "a model change before go-live",
    "asic.dual_running_months": "time running both fleets",
    "asic.addressable_fraction": "share of traffic the ASIC can serve",
    "asic.extra_fte": "extra ASIC staff",
    "facility.pue": "power usage effectiveness (PUE)",
    "facility.power_price_usd_per_kwh": "power price",
    "facility.rack_usd_per_month": "rack space and cooling",
    "ops.fte_usd_per_year": "cost of an engineer",
    "ops.gpu_fte": "GPU fleet staff",
    "finance.discount_rate": "discount rate",
    "finance.cost_of_capital": "cost of capital",
    "option.chip_hour_usd": "chip-hour price",
    "option.committed_discount": "committed-use discount",
    "option.minimum_chips": "committed minimum",
    "option.support_fraction": "support fee",
    "option.egress_usd_per_month": "egress",
}

BY_PATH: dict[str, InputSpec] = {spec.path: spec for spec in CATALOGUE}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(s.section for s in CATALOGUE if s.section))

#: Inputs that are fixed integers and never take a distribution.
FIXED_COUNTS: frozenset[str] = frozenset(s.path for s in CATALOGUE
                                         if s.domain in (Domain.COUNT, Domain.WHOLE))

#: Structural choices of the model, by path: each option's name (its index is the value).
CHOICES: dict[str, tuple[str, ...]] = {s.path: s.options for s in CATALOGUE
                                       if s.domain is Domain.CHOICE}

#: Inputs quoted in US dollars: scaling all of them by ``k`` scales every cost by ``k``.
PRICE_INPUTS: tuple[str, ...] = tuple(s.path for s in CATALOGUE if "USD" in s.unit)

#: Inputs one study, benchmark or negotiation would settle together; the value of information
#: of each group is reported beside that of each input.
INPUT_GROUPS: dict[str, tuple[str, ...]] = {
    "all prices (USD)": PRICE_INPUTS,
    "ASIC performance": ("asic.throughput_ratio", "asic.perf_per_watt_gain",
                         "asic.post_change_efficiency"),
    "GPU performance": ("gpu.peak_inferences_per_s_per_chip", "gpu.utilization",
                        "gpu.node_power_kw"),
    "workload": tuple(s.path for s in CATALOGUE if s.section == "workload"),
    "ASIC schedule": ("asic.lead_time_months", "asic.model_freeze_months"),
}
