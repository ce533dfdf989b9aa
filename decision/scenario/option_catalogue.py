"""The inputs of each option of an ``options:`` section, by kind: the single source for
validation, ``decide inputs`` and ``docs/model.md``.

An option's inputs are ``<option>.<field>``. An owned option's fleet fields and a custom
program's are those of the two-option catalogue's ``gpu.*`` and ``asic.*``
(:mod:`decision.scenario.catalogue`); migration, traffic share and renting are listed here.
"""

from __future__ import annotations

from dataclasses import replace

from decision.model.options import (
    CHALLENGER_FIELDS,
    INCUMBENT_FIELDS,
    OWNED_FIELDS,
    PROGRAM_FIELDS,
    RENTED_FIELDS,
    RENTED_INCUMBENT_FIELDS,
)
from decision.scenario.catalogue import BY_PATH, CATALOGUE, Domain, InputSpec

_D = Domain
#: Inputs of the options only, by field.
OPTION_INPUTS: dict[str, InputSpec] = {spec.key: spec for spec in (
    InputSpec("option.addressable_fraction", "fraction", _D.FRACTION, 1.0,
              "share of the volume the option can serve; the rest stays on the incumbent"),
    InputSpec("option.extra_fte", "people", _D.NON_NEGATIVE, 0.0,
              "staff the option needs beyond ops.gpu_fte (porting, bring-up, a second stack)"),
    InputSpec("option.porting_usd", "USD", _D.NON_NEGATIVE, 0.0,
              "one-time cost of moving the service (software, qualification), spent over the"
              " lead time"),
    InputSpec("option.lead_time_months", "months", _D.NON_NEGATIVE, 0.0,
              "until the option serves traffic; the incumbent serves everything until then"),
    InputSpec("option.dual_running_months", "months", _D.NON_NEGATIVE, 0.0,
              "after go-live, months the incumbent keeps its whole fleet running beside the"
              " option"),
    InputSpec("option.chip_hour_usd", "USD/chip-hour", _D.POSITIVE, None,
              "on-demand price of one chip for an hour"),
    InputSpec("option.committed_discount", "fraction", _D.FRACTION, 0.0,
              "discount of a committed term on the on-demand price (0: on demand)"),
    InputSpec("option.minimum_chips", "chips", _D.WHOLE, 0.0,
              "chips a committed term pays for from go-live whatever the load (0: none)"),
    InputSpec("option.support_fraction", "fraction", _D.NON_NEGATIVE, 0.0,
              "support plan as a share of the rent"),
    InputSpec("option.egress_usd_per_month", "USD/month", _D.NON_NEGATIVE, 0.0,
              "data egress and other charges billed monthly while the option serves"),
    InputSpec("option.price_trend_per_year", "fraction/year", _D.GROWTH, 0.0,
              "yearly change of the chip-hour price"),
)}
_PERFORMANCE = ("peak_inferences_per_s_per_chip", "utilization")


def option_inputs(name: str, kind: str, incumbent: bool) -> tuple[InputSpec, ...]:
    """The inputs of option ``name``: its kind's fields as ``<name>.<field>``.

    Parameters
    ----------
    name : str
    kind : str
        ``owned``, ``rented`` or ``custom``.
    incumbent : bool
        The incumbent serves all traffic from today, with no migration: owned, it has the
        fleet owned today; rented, its chips' rate and bill (no committed minimum).
    """
    if incumbent and kind == "rented":
        fields = [("gpu" if f in _PERFORMANCE or f == "redundancy" else "option", f)
                  for f in RENTED_INCUMBENT_FIELDS]
    elif incumbent:
        fields = [("gpu", f) for f in INCUMBENT_FIELDS]
    elif kind == "custom":
        fields = [("asic", f) for f in PROGRAM_FIELDS]
    else:
        fields = [("gpu", f) for f in _PERFORMANCE]
        fields += [("gpu", f) for f in OWNED_FIELDS] if kind == "owned" else [
            ("option", f) for f in RENTED_FIELDS]
        fields += [("option", f) for f in CHALLENGER_FIELDS if f != "redundancy"]
        fields.insert(2, ("gpu", "redundancy"))
        if kind == "owned":
            fields.append(("gpu", "node_power_kw"))
    return tuple(replace(_spec(family, field), path=f"{name}.{field}")
                 for family, field in fields)


def _spec(family: str, field: str) -> InputSpec:
    if family == "option" or f"{family}.{field}" not in BY_PATH:
        return OPTION_INPUTS[field]
    return BY_PATH[f"{family}.{field}"]


#: The inputs every ``options:`` file shares, in catalogue order: those listed before the
#: options (the horizon and the workload), then those after (facility, staff, finance).
SHARED_BEFORE: tuple[InputSpec, ...] = tuple(s for s in CATALOGUE
                                             if s.section in (None, "workload"))
SHARED_AFTER: tuple[InputSpec, ...] = tuple(s for s in CATALOGUE
                                            if s.section in ("facility", "ops", "finance"))


def spec_of(path: str) -> InputSpec:
    """The catalogue entry of any input path: a two-option file's, or an option's field
    (``h200.node_price_usd`` has the unit and domain of ``gpu.node_price_usd``)."""
    if path in BY_PATH:
        return BY_PATH[path]
    key = path.partition(".")[2]
    for family in ("gpu", "asic"):
        if f"{family}.{key}" in BY_PATH:
            return replace(BY_PATH[f"{family}.{key}"], path=path)
    return replace(OPTION_INPUTS[key], path=path)
