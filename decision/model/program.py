"""The ASIC program over time: when its one-time cost is paid and how long its extra staff
stay, and whether it is abandoned when the model changes before go-live (``docs/model.md``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from decision.model.fleet import Array, month_share

#: The index of ``abandon`` among ``asic.if_changed_before_live``'s options.
ABANDON = 1.0


class Program(NamedTuple):
    """Per (draw, month): the share of the one-time cost paid, and of the extra staff kept."""

    spending: Array
    extra_staff: Array


def program_schedule(x: Mapping[str, Array], months: Array, stop: Array | float) -> Program:
    """When an ASIC program that stops at ``stop`` months spends, for every draw and month.

    NRE and porting are spent evenly over the lead time (all in month 1 when it is 0); a
    program stopped before go-live has paid the share spent until then, and its extra staff
    leave at the stop.

    Parameters
    ----------
    x : mapping of str to ndarray
        Every input, scalars or ``(draw, 1)`` columns.
    months : ndarray, shape (1, month)
        1, 2, ..., H.
    stop : ndarray or float
        When the program stops; ``inf`` for one that runs to the horizon.
    """
    lead = x["asic.lead_time_months"]
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = month_share(months, 0.0, np.minimum(lead, stop)) / lead
    spending = np.where(lead > 0, spread, (months == 1.0) * 1.0)
    return Program(spending=spending, extra_staff=month_share(months, 0.0, stop))


def may_abandon(x: Mapping[str, Array]) -> Array:
    """Whether the program may be abandoned: the file says ``abandon`` and the model changes
    no later than go-live. It is abandoned where that costs less than carrying on."""
    return ((x["asic.if_changed_before_live"] == ABANDON)
            & (x["asic.model_freeze_months"] <= x["asic.lead_time_months"]))
