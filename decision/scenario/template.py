"""``decide init``: a commented priors file with every input, to edit.

Required inputs get an example to replace, marked as such in its ``source``; optional inputs
are written at their defaults. The file has no evidence, so nobody's data updates the new
priors by accident. With a served model and platforms it starts from a ``serving:`` section,
and the inputs the roofline and the sheets supply are left out.
"""

from __future__ import annotations

from pathlib import Path

from decision.platforms.catalogue import find_platform
from decision.platforms.sheet import Platform, load_platform
from decision.scenario.catalogue import BY_PATH, CATALOGUE, SECTIONS, InputSpec
from decision.scenario.serving_inputs import GAIN, PEAK, RATIO, SHEET_INPUTS

_EXAMPLE = "EXAMPLE, replace"
#: An example belief for every required input: a range to edit, never a measurement.
EXAMPLES: dict[str, str] = {
    "horizon_months": "60",
    "workload.inferences_per_day": f'{{value: 5.0e+7, source: "{_EXAMPLE}: requests per day"}}',
    "gpu.peak_inferences_per_s_per_chip":
        f'{{ci90: [20, 60], source: "{_EXAMPLE}: decide throughput gives the roofline"}}',
    "gpu.utilization": f'{{dist: Beta, ci90: [0.3, 0.6], source: "{_EXAMPLE}"}}',
    "gpu.chips_per_node": "8",
    "gpu.node_price_usd": f'{{ci90: [2.0e+5, 3.5e+5], source: "{_EXAMPLE}: see decide platforms"}}',
    "gpu.node_power_kw": f'{{ci90: [6.5, 10.2], source: "{_EXAMPLE}: see decide platforms"}}',
    "asic.throughput_ratio": f'{{ci90: [0.8, 2.0], source: "{_EXAMPLE}"}}',
    "asic.perf_per_watt_gain": f'{{ci90: [1.5, 3.5], source: "{_EXAMPLE}"}}',
    "asic.chips_per_node": "8",
    "asic.node_price_usd": f'{{ci90: [1.5e+5, 3.5e+5], source: "{_EXAMPLE}"}}',
    "asic.nre_usd": f'{{ci90: [1.0e+6, 1.0e+7], source: "{_EXAMPLE}: 0 for a part bought off'
                    f' the shelf"}}',
    "asic.lead_time_months": f'{{ci90: [6, 18], source: "{_EXAMPLE}"}}',
    "asic.model_freeze_months": f'{{ci90: [6, 48], source: "{_EXAMPLE}"}}',
    "facility.pue": f'{{value: 1.4, source: "{_EXAMPLE}"}}',
    "facility.power_price_usd_per_kwh": f'{{ci90: [0.07, 0.11], source: "{_EXAMPLE}"}}',
}


def priors_template(name: str, model: str | None = None, gpu_platform: str | None = None,
                    asic_platform: str | None = None, folder: Path = Path(".")) -> str:
    """The text of a new priors file called ``name`` in ``folder``; with ``model`` and
    ``gpu_platform`` a ``serving:`` section replaces the inputs the roofline and the sheets
    supply (with ``asic_platform``, the ASIC's too).

    Raises
    ------
    PriorsError
        When a platform is unknown or its sheet does not validate.
    """
    served: set[str] = set()
    lines = [f"# {name}: a new decision. Every input of the cost model is below with its unit,",
             "# meaning and default (docs/model.md). Replace each EXAMPLE with your own belief and",
             "# its source; `decide validate` checks the file. Measured data goes in an",
             "# evidence: section (docs/evidence.md).",
             "schema_version: 1", f"name: {name}", "description: ''",
             f"horizon_months: {EXAMPLES['horizon_months']}",
             "sampling: {draws: 100000, seed: 1}", ""]
    if model and gpu_platform:
        sheets = {"gpu": _sheet(gpu_platform, folder)}
        if asic_platform:
            sheets["asic"] = _sheet(asic_platform, folder)
        served = _supplied(sheets)
        lines += ["# The roofline sizes the fleets from the model and its tokens"
                  " (docs/performance.md).",
                  "serving:", f"  model: {model}", "  precision: bf16",
                  f'  input_tokens: {{ci90: [500, 2000], source: "{_EXAMPLE}: request logs"}}',
                  f'  output_tokens: {{ci90: [100, 500], source: "{_EXAMPLE}: request logs"}}',
                  f"  gpu_platform: {gpu_platform}"]
        if asic_platform:
            lines.append(f"  asic_platform: {asic_platform}")
        lines.append("")
    for section in SECTIONS:
        lines.append(f"{section}:")
        for spec in (s for s in CATALOGUE if s.section == section):
            if spec.path not in served:
                lines += _input_lines(spec)
        lines.append("")
    return "\n".join(lines)


def _input_lines(spec: InputSpec) -> list[str]:
    comment = f"  # {spec.meaning} [{spec.unit}"
    if spec.required:
        return [comment + "; required]", f"  {spec.key}: {EXAMPLES[spec.path]}"]
    default = (spec.options[int(spec.default)] if spec.options else f"{spec.default:g}")
    choices = f"; one of {', '.join(spec.options)}" if spec.options else ""
    return [comment + f"; default {default}{choices}]", f"  {spec.key}: {default}"]


def _sheet(platform: str, folder: Path) -> Platform:
    if platform.endswith((".yaml", ".yml")):
        return load_platform(folder / platform)
    return find_platform(platform)


def _supplied(sheets: dict[str, Platform]) -> set[str]:
    """The inputs a ``serving:`` section with these sheets supplies
    (``decision.scenario.serving_inputs``): throughput from the roofline, node figures the
    sheets publish; the rest stay in the file as examples."""
    supplied = {PEAK} | ({RATIO} if "asic" in sheets else set())
    powered = all(sheet.entries[field].absent is None for sheet in sheets.values()
                  for field in ("node_wall_kw", "chips_per_node"))
    if "asic" in sheets and powered:
        supplied.add(GAIN)
    for fleet, sheet in sheets.items():
        supplied |= {f"{fleet}.{key}" for key, field in SHEET_INPUTS.items()
                     if f"{fleet}.{key}" in BY_PATH and sheet.entries[field].absent is None}
    return supplied
