"""What ``decide inputs`` prints: every input of the cost model from the one catalogue the
validation, the errors and ``docs/model.md`` use."""

from __future__ import annotations

from decision.report.terminal import table
from decision.scenario.catalogue import CATALOGUE, InputSpec


def _default(spec: InputSpec) -> str:
    if spec.default is None:
        return "—"
    if spec.options:
        return spec.options[int(spec.default)]
    return f"{spec.default:g}"


def _domain(spec: InputSpec) -> str:
    return " | ".join(spec.options) if spec.options else spec.domain.value


def inputs_text() -> str:
    """Every input: path, unit, domain, default (— for required) and meaning."""
    rows = [(spec.path, spec.unit, _domain(spec), _default(spec), spec.meaning)
            for spec in CATALOGUE]
    return "\n".join([
        "Every input of the cost model (docs/model.md); a priors file sets them in its sections"
        " (docs/priors-format.md). Required inputs have no default (—).",
        table(["input", "unit", "domain", "default", "meaning"], rows)])


def inputs_markdown() -> str:
    """The same as a Markdown table: the one in ``docs/model.md``."""
    lines = ["| path | unit | domain | default | meaning |", "|---|---|---|---|---|"]
    for spec in CATALOGUE:
        domain = ", ".join(f"`{o}`" for o in spec.options) if spec.options else spec.domain.value
        default = _default(spec)
        default = f"`{default}`" if spec.options else default
        lines.append(f"| `{spec.path}` | {spec.unit} | {domain} | {default} | {spec.meaning} |")
    return "\n".join(lines)
