"""What ``decide inputs`` prints: every input of the cost model from the one catalogue the
validation, the errors and ``docs/model.md`` use."""

from __future__ import annotations

from decision.model.options import KINDS
from decision.report.terminal import table
from decision.scenario.catalogue import CATALOGUE, InputSpec
from decision.scenario.option_catalogue import OPTION_INPUTS, option_inputs


def _default(spec: InputSpec) -> str:
    if spec.default is None:
        return "—"
    if spec.options:
        return spec.options[int(spec.default)]
    return f"{spec.default:g}"


def _domain(spec: InputSpec) -> str:
    return " | ".join(spec.options) if spec.options else spec.domain.value


def _kinds(field: str) -> str:
    """The kinds of option (other than the incumbent) whose ``field`` is this entry (a custom
    option's porting and lead time, for one, are the ``asic:`` fields)."""
    meaning = OPTION_INPUTS[field].meaning
    return ", ".join(k for k in KINDS if any(s.key == field and s.meaning == meaning
                                             for s in option_inputs("o", k, incumbent=False)))


def inputs_text() -> str:
    """Every input: path, unit, domain, default (— for required) and meaning; then the inputs
    only an option of an ``options:`` section has."""
    rows = [(spec.path, spec.unit, _domain(spec), _default(spec), spec.meaning)
            for spec in CATALOGUE]
    options = [(f"<option>.{key}", spec.unit, _domain(spec), _default(spec), _kinds(key),
                spec.meaning) for key, spec in OPTION_INPUTS.items()]
    return "\n".join([
        "Every input of the cost model (docs/model.md); a priors file sets them in its sections"
        " (docs/priors-format.md). Required inputs have no default (—).",
        table(["input", "unit", "domain", "default", "meaning"], rows), "",
        "In an options: section each option also has the fields of gpu: (owned) or asic:"
        " (custom) under its name, and these:",
        table(["input", "unit", "domain", "default", "kinds", "meaning"], options)])


def option_inputs_markdown() -> str:
    """The inputs only an option has, as the Markdown table of ``docs/model.md``."""
    lines = ["| field | unit | domain | default | kinds | meaning |", "|---|---|---|---|---|---|"]
    for key, spec in OPTION_INPUTS.items():
        lines.append(f"| `<option>.{key}` | {spec.unit} | {spec.domain.value} |"
                     f" {_default(spec)} | {_kinds(key)} | {spec.meaning} |")
    return "\n".join(lines)


def inputs_markdown() -> str:
    """The same as a Markdown table: the one in ``docs/model.md``."""
    lines = ["| path | unit | domain | default | meaning |", "|---|---|---|---|---|"]
    for spec in CATALOGUE:
        domain = ", ".join(f"`{o}`" for o in spec.options) if spec.options else spec.domain.value
        default = _default(spec)
        default = f"`{default}`" if spec.options else default
        lines.append(f"| `{spec.path}` | {spec.unit} | {domain} | {default} | {spec.meaning} |")
    return "\n".join(lines)
