"""Numbers as people read them, shared by the terminal, the report and the figures."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decision.report.schema import Decision, PosteriorStats, PriorStats

class _ByName(dict):
    """Words for the options of a two-option file; any other option is called by its name."""

    def __missing__(self, name: str) -> str:
        return str(name)


#: Each option as the recommendation names it, and as a legend labels it.
OPTION_WORDS = _ByName({"gpu": "stay on GPUs", "asic": "build the ASIC program"})
OPTION_LABELS = _ByName({"gpu": "Stay on GPUs", "asic": "ASIC program"})
#: A two-option file's ASIC when it is a merchant part (no NRE): bought, not built.
MERCHANT_WORDS, MERCHANT_NOUN = "buy the merchant part", "the merchant part"
MERCHANT_LABEL = "Merchant part"
_VERBS = {"owned": "buy", "rented": "rent", "custom": "build", "merchant": "buy"}


def option_words(decision: Decision) -> dict[str, str]:
    """Each option of a run as the recommendation names it: a two-option file's words for
    ``gpu`` and ``asic`` (the ASIC bought when it is a merchant part), else "stay on" the
    incumbent, "buy" an owned option or a merchant part, "rent" a rented one and "build" a
    custom one."""
    options = decision.options
    words = _ByName()
    for name, result in options.results.items():
        if name == "asic" and result.kind == "merchant":
            words[name] = MERCHANT_WORDS
        elif name in OPTION_WORDS:
            words[name] = OPTION_WORDS[name]
        elif name == options.incumbent:
            words[name] = f"stay on {name}"
        else:
            words[name] = f"{_VERBS.get(result.kind, 'choose')} {name}"
    return words


#: Each option in a short phrase ("the ASIC is cheaper").
OPTION_SHORT = _ByName({"gpu": "GPU", "asic": "ASIC"})


def for_pair(text: str, incumbent: str, contender: str) -> str:
    """``text``, written of the GPU fleet and the ASIC, said of ``incumbent`` and
    ``contender`` (the same text for a two-option file)."""
    return (text.replace("GPU", OPTION_SHORT[incumbent])
            .replace("ASIC", OPTION_SHORT[contender]))


def usd(value: float | None, digits: int = 3) -> str:
    """``$1.23M``, ``-$450K``, ``$980`` to ``digits`` significant digits; ``n/a`` for ``None``;
    ``$0`` below half a cent (float noise, never ``-$1.7e-07``)."""
    if value is None or not math.isfinite(value):
        return "n/a"
    if abs(value) < 0.005:
        return "$0"
    return f"{'-' if value < 0 else ''}${_compact(abs(value), digits)}"


#: Suffixes of thousands, largest first.
_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))


def _compact(magnitude: float, digits: int) -> str:
    """A magnitude of at least 1 to ``digits`` significant digits with the suffix that keeps
    it under 1,000 once rounded (999,600 is ``1M``, not ``1e+03K``); below 1 as it is."""
    size, suffix = next(((s, x) for s, x in _SUFFIXES if magnitude >= s), (1.0, ""))
    rounded = float(f"{magnitude / size:.{digits}g}")
    larger = [(s, x) for s, x in _SUFFIXES if s > size]
    if rounded >= 1000 and larger:
        size, suffix = larger[-1]
        rounded = float(f"{magnitude / size:.{digits}g}")
    text = f"{rounded:,.0f}" if rounded >= 10**digits else f"{rounded:.{digits}g}"
    return text + suffix


def percent(value: float, decimals: int = 1) -> str:
    """``42.3%``."""
    return f"{value * 100:.{decimals}f}%"


def month(value: int | None) -> str:
    """``month 27``, or ``never`` for ``None``."""
    return "never" if value is None else f"month {value}"


def number(value: float) -> str:
    """A compact number: ``5e+07`` becomes ``50M``, 2e9 ``2B``; fractions keep 3 significant
    digits."""
    if abs(value) < 1:
        return f"{value:.3g}"
    return f"{'-' if value < 0 else ''}{_compact(abs(value), 3)}"


#: How a value in each catalogue unit reads: money with ``$``, shares as percentages.
_UNIT_SUFFIX = {"USD/kWh": "/kWh", "USD/month": "/mo", "USD/year": "/yr"}


def in_unit(value: float, unit: str) -> str:
    """An input's value as people read it in its catalogue unit: ``$225K``, ``$0.08/kWh``,
    ``42.2%``, ``35%/yr``, ``16.9 months``, ``50M/day``, ``3.25 kW``; counts and ratios as
    numbers."""
    if unit == "USD":
        return usd(value)
    if unit in _UNIT_SUFFIX:
        return usd(value) + _UNIT_SUFFIX[unit]
    if unit == "fraction":
        return f"{value * 100:.3g}%"
    if unit == "fraction/year":
        return f"{value * 100:.3g}%/yr"
    if unit in ("1/day", "1/s"):
        return f"{number(value)}/{unit[2:]}"
    if unit in ("months", "kW"):
        return f"{number(value)} {unit}"
    return number(value)


#: Units as a label shows them after the name; none for ratios and choices.
_LABEL_UNITS = {"fraction": "%", "fraction/year": "%/yr", "1/s": "per s", "1/day": "per day",
                "ratio": "", "choice": ""}


def input_label(path: str) -> str:
    """A short human name of an input and its unit: ``ASIC design cost (NRE), USD``; an
    option's input is named after the option (``mi300x node price, USD``); an input the
    catalogue does not know keeps its path."""
    name, unit = _named(path)
    shown = _LABEL_UNITS.get(unit, unit)
    return f"{name}, {shown}" if shown else name


def input_name(path: str) -> str:
    """An input's short human name without its unit: ``ASIC design cost (NRE)``."""
    return _named(path)[0]


def input_value(path: str, value: float) -> str:
    """A value of input ``path`` in its unit (:func:`in_unit`)."""
    return in_unit(value, _named(path)[1])


def _named(path: str) -> tuple[str, str]:
    """An input's human name and catalogue unit (``""`` when unknown)."""
    from decision.scenario.catalogue import BY_PATH, LABELS
    from decision.scenario.option_catalogue import OPTION_INPUTS

    if path in LABELS:
        return LABELS[path], BY_PATH[path].unit
    head, _, field = path.partition(".")
    template = next((t for t in (f"gpu.{field}", f"asic.{field}", f"option.{field}")
                     if t in LABELS), None)
    if template is None:
        return path, ""
    spec = BY_PATH.get(template) or OPTION_INPUTS[field]
    words = LABELS[template].replace("GPU's", "the incumbent's")
    name = (words.replace("GPU", head).replace("ASIC", head)
            if ("GPU" in words or "ASIC" in words) else f"{head} {words}")
    return name, spec.unit


def metric_value(value: float | None, unit: str) -> str:
    """A metric in its unit: ``$22.3K/yr``, ``month 14``, ``24M/day``, ``28 GPUs``; for
    ``None`` or infinity ``never`` (a month) or ``no crossover`` (a volume)."""
    if value is None or not math.isfinite(value):
        return "no crossover" if unit == "1/day" else "never"
    if unit == "USD/year":
        return f"{usd(value)}/yr"
    if unit == "month":
        return f"month {value:.3g}"
    if unit == "1/day":
        return f"{number(value)}/day"
    return f"{number(value)} {unit}"


def factor(ratio: float) -> str:
    """A ratio as a factor: ``12.5x``."""
    return f"{ratio:.3g}x"


def median_interval(stats: PosteriorStats | PriorStats) -> str:
    """``median (p05 – p95)`` of anything with those three fields."""
    return f"{number(stats.p50)} ({number(stats.p05)} – {number(stats.p95)})"
