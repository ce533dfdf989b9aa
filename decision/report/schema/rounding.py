"""How each float of the typed answer is written to JSON: the annotations fields carry, and
the field options for keys that are optional or written inline."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any


class Rounding(Enum):
    """How a float is written to ``summary.json`` (byte-stable files)."""

    USD = "to the cent"
    PROBABILITY = "to 1e-6"
    SIGNIFICANT = "to 6 significant digits"
    DECIMALS_4 = "to 4 decimals"
    DECIMALS_1 = "to 1 decimal"


USD = Annotated[float, Rounding.USD]
Probability = Annotated[float, Rounding.PROBABILITY]
Significant = Annotated[float, Rounding.SIGNIFICANT]
Decimals4 = Annotated[float, Rounding.DECIMALS_4]
Decimals1 = Annotated[float, Rounding.DECIMALS_1]

#: ``field(**OPTIONAL)``: a key written only when present (evidence, claims, kinds of data).
OPTIONAL: dict[str, Any] = {"default": None, "kw_only": True, "metadata": {"omit_if_none": True}}
#: ``field(**INLINE)``: a part whose keys are written in place of its own (a flat file made of
#: parts computed by different stages).
INLINE: dict[str, Any] = {"metadata": {"inline": True}}
INLINE_OPTIONAL: dict[str, Any] = {"default": None, "kw_only": True,
                                   "metadata": {"inline": True, "omit_if_none": True}}
