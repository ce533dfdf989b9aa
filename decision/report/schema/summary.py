"""The whole answer of ``decide run``: the parts of ``summary.json``, one flat document."""

from __future__ import annotations

from dataclasses import dataclass, field

from decision.report.schema.analysis import MindChangers
from decision.report.schema.claims import ClaimEntry
from decision.report.schema.decision import Decision
from decision.report.schema.evidence import EvidenceFitSummary
from decision.report.schema.physics import Physics
from decision.report.schema.rounding import INLINE, INLINE_OPTIONAL, OPTIONAL
from decision.report.schema.studies import StudyValue, WaitingValue


@dataclass(frozen=True)
class Summary:
    """The whole answer of ``decide run`` (``summary.json``, one flat document).

    ``fit`` is present with evidence, ``physics`` with a ``serving:`` section, ``claims`` with
    claims, ``studies`` and ``waiting`` with those sections of the priors file.
    """

    decision: Decision = field(**INLINE)
    fit: EvidenceFitSummary | None = field(**INLINE_OPTIONAL)
    analysis: MindChangers = field(**INLINE)
    physics: Physics | None = field(**OPTIONAL)
    claims: list[ClaimEntry] | None = field(**OPTIONAL)
    studies: dict[str, StudyValue] | None = field(**OPTIONAL)
    waiting: WaitingValue | None = field(**OPTIONAL)
