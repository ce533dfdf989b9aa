"""The ``options:`` section of a priors file: named options, each owned, rented or custom, one
of them the incumbent (``docs/priors-format.md``, "Options")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from decision.model.options import KINDS, Option, OptionSet
from decision.platforms.sheet import ABSENT, Platform
from decision.scenario.catalogue import InputSpec
from decision.scenario.inputs import InputValue
from decision.scenario.located_yaml import LocatedYaml, show, suggest
from decision.scenario.option_catalogue import option_inputs
from decision.scenario.serving_spec import parse_precision, platform_sheet

#: Keys of an option that are not inputs.
OPTION_KEYS = ("kind", "incumbent", "platform", "fallback", "precision")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: Names an option may not take: they are sections of the priors file.
_RESERVED = ("workload", "facility", "ops", "finance", "serving", "options", "sampling",
             "evidence", "claims", "correlations", "option")
#: Inputs of each kind read from its platform sheet when the file leaves them out:
#: input field -> sheet field.
SHEET_FIELDS = {
    "owned": {"chips_per_node": "chips_per_node", "node_price_usd": "node_price_usd",
              "node_power_kw": "node_wall_kw"},
    "custom": {"chips_per_node": "chips_per_node", "node_price_usd": "node_price_usd"},
    "rented": {"chip_hour_usd": "chip_hour_usd"},
}


@dataclass(frozen=True)
class OptionsSection:
    """A checked ``options:`` section.

    Attributes
    ----------
    options : OptionSet
    specs : tuple of InputSpec
        Every option's inputs, ``<option>.<field>``, option by option.
    values : dict of str to object
        What the file writes for each input path it sets.
    keys : dict of str to str
        The file's key path (``options.<option>.<field>``) of every input path.
    platforms : dict of str to Platform
        The sheet of each option that names one.
    sheet_inputs : dict of str to InputValue
        Inputs the file leaves out that the sheets give.
    precisions : dict of str to str
        The weight precision of each option that sets its own (``serving.precision`` for the
        rest).
    """

    options: OptionSet
    specs: tuple[InputSpec, ...]
    values: dict[str, object]
    keys: dict[str, str]
    platforms: dict[str, Platform]
    sheet_inputs: dict[str, InputValue]
    precisions: dict[str, str]


def parse_options(block: object, located: LocatedYaml, folder: Path) -> OptionsSection:
    """Check an ``options:`` section; sheet files are relative to ``folder``.

    Raises
    ------
    PriorsError
        One line naming file, line and key: an unknown kind, platform or field, no incumbent
        or two, a fallback that is unknown, custom or in a cycle, a rented option with no
        price, ...
    """
    if not isinstance(block, dict) or len(block) < 2:
        raise located.error("options", "must map two or more option names to {kind: owned |"
                                       " rented | custom, ...}, one of them incumbent: true")
    options, specs, values, keys, platforms, precisions = [], [], {}, {}, {}, {}
    incumbents = [name for name, body in block.items()
                  if isinstance(body, dict) and body.get("incumbent") is True]
    if len(incumbents) != 1:
        raise located.error("options", "exactly one option must say incumbent: true (the fleet"
                                       " serving today, the baseline of savings); found"
                                       f" {len(incumbents)}"
                                       + (f": {', '.join(map(str, incumbents))}"
                                          if incumbents else ""))
    incumbent = str(incumbents[0])
    for name, body in block.items():
        at = f"options.{name}"
        option = _option(name, body, at, incumbent, located, block)
        if option.platform is not None:
            platforms[option.name] = platform_sheet(body["platform"], located,
                                                    f"{at}.platform", folder)
        if "precision" in body:
            precisions[option.name] = parse_precision(body, "precision", "", located, at)
        fields = option_inputs(option.name, option.kind, option.name == incumbent)
        known = [spec.key for spec in fields]
        for key, raw in body.items():
            if key in OPTION_KEYS:
                continue
            if key not in known:
                what = "incumbent" if option.name == incumbent else "option"
                raise located.error(f"{at}.{key}", f"unknown input of a {option.kind} {what}"
                                                   f"{suggest(str(key), known)}")
            values[f"{name}.{key}"] = raw
        keys |= {spec.path: f"options.{spec.path}" for spec in fields}
        options.append(option)
        specs += fields
    by_name = {o.name: o for o in options}
    options = [replace(o, fallback=by_name[block[o.name]["fallback"]])
               if block[o.name].get("fallback") not in (None, incumbent) else o
               for o in options]
    option_set = OptionSet(tuple(options), incumbent)
    sheet_inputs = _sheet_inputs(option_set, platforms, values, keys, located)
    return OptionsSection(option_set, tuple(specs), values, keys, platforms, sheet_inputs,
                          precisions)


def _option(name: object, body: object, at: str, incumbent: str, located: LocatedYaml,
            block: dict) -> Option:
    if not isinstance(name, str) or not _NAME.match(name) or name in _RESERVED:
        raise located.error(at, f"an option's name must be lower case letters, digits and _,"
                                f" starting with a letter, and not a section name; got"
                                f" {show(name)}")
    if not isinstance(body, dict):
        raise located.error(at, f"must be a mapping {{kind: owned | rented | custom, ...}};"
                                f" got {show(body)}")
    kind = body.get("kind")
    if kind not in KINDS:
        raise located.error(f"{at}.kind", f"must be one of {', '.join(KINDS)}; got"
                                          f" {show(kind)}")
    if "incumbent" in body and not isinstance(body["incumbent"], bool):
        raise located.error(f"{at}.incumbent", f"must be true or false; got"
                                               f" {show(body['incumbent'])}")
    if name == incumbent and kind == "custom":
        raise located.error(f"{at}.kind", "the incumbent must be owned or rented: it is the"
                                          " fleet that serves today")
    rented_base = isinstance(block.get(incumbent), dict) and block[incumbent].get(
        "kind") == "rented"
    if kind == "custom" and rented_base:
        raise located.error(f"{at}.kind", f"a custom option's throughput and power are stated"
                                          f" over the incumbent's own GPUs, and {incumbent} is"
                                          " rented: make the incumbent owned, or describe the"
                                          " chip as an owned option")
    if "fallback" in body:
        _check_fallback(name, body["fallback"], f"{at}.fallback", incumbent, located, block)
    platform = body.get("platform")
    return Option(name, kind, None if platform is None else str(platform))


def _check_fallback(name: str, fallback: object, at: str, incumbent: str,
                    located: LocatedYaml, block: dict) -> None:
    """A fallback names the incumbent (the default) or an owned or rented option, whose fleet
    then serves what this option cannot address; a custom program, the option itself and a
    cycle are refused."""
    if name == incumbent:
        raise located.error(at, "the incumbent serves all traffic; it has no fallback")
    if fallback not in block:
        raise located.error(at, f"unknown option {show(fallback)}"
                                f"{suggest(str(fallback), [str(k) for k in block])}")
    if fallback == name:
        raise located.error(at, f"an option cannot fall back to itself ({name})")
    seen, current = [name], fallback
    while isinstance(block.get(current), dict) and current not in seen:
        seen.append(current)
        current = block[current].get("fallback")
    if current in seen:
        raise located.error(at, f"fallback cycle: {' -> '.join([*seen, current])}")
    kind = block[fallback].get("kind") if isinstance(block[fallback], dict) else None
    if fallback != incumbent and kind not in ("owned", "rented"):
        raise located.error(at, f"must be the incumbent ({incumbent}) or an owned or rented"
                                f" option; {fallback} is {show(kind)}: a custom program has"
                                " its own lead time and model changes to fall back on")


def _sheet_inputs(options: OptionSet, platforms: dict[str, Platform], values: dict,
                  keys: dict[str, str], located: LocatedYaml) -> dict[str, InputValue]:
    specs = {spec.path: spec for o in options.options
             for spec in option_inputs(o.name, o.kind, o.name == options.incumbent)}
    inputs = {}
    for option in options.options:
        sheet = platforms.get(option.name)
        if sheet is None:
            continue
        for field, sheet_field in SHEET_FIELDS[option.kind].items():
            path = f"{option.name}.{field}"
            if path in values:
                continue
            entry = sheet.entries[sheet_field]
            if entry.absent is not None:
                raise located.error(f"options.{option.name}.platform",
                                    f"{field} is not in the option and {sheet.name}'s"
                                    f" {sheet_field} is {ABSENT[entry.absent]}; add"
                                    f" {keys[path]} to the file")
            inputs[path] = InputValue(specs[path], entry.value, entry.prior,
                                      f"{sheet.file}:{entry.line}", entry.source)
    return inputs
