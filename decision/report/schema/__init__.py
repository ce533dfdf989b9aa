"""The typed answer of a run: what ``summary.json``, the report, the terminal and the figures
are all rendered from.

Every field keeps full precision; its annotation says how JSON rounds it
(:mod:`decision.report.serialise`), so rounding happens once, at serialisation. Field names
are the JSON keys and field order is the key order; ``docs/results.md`` describes each.
Mappings keyed by option (``"gpu"``, ``"asic"``), input path or group name stay dicts.
"""

from decision.report.schema.analysis import (
    AgainstIncumbent,
    BreakEvenEntry,
    EVPPIGroup,
    LossExceedance,
    MindChangers,
    ModelAlternative,
    ModelRisk,
    RecommendedRisk,
    Risk,
    Robustness,
    Sensitivity,
    TornadoEntry,
    ValueOfInformation,
    Widened,
)
from decision.report.schema.claims import (
    ClaimedValue,
    ClaimEntry,
    ClaimResult,
    ClaimsDocument,
    HaircutEntry,
    InputClaimResult,
    OutputClaimResult,
    Percentiles,
    TeamBelief,
)
from decision.report.schema.decision import (
    CrossoverStats,
    Decision,
    DecisionSummary,
    MoneyInterval,
    MoneyStats,
    MonteCarloError,
    OptionResult,
    OptionsSummary,
    Recommendation,
)
from decision.report.schema.evidence import (
    Diagnostics,
    EvidenceFitSummary,
    EvidenceInput,
    EvidenceSection,
    PosteriorStats,
    PriorStats,
    SamplerSettings,
)
from decision.report.schema.physics import OptionPhysics, Physics
from decision.report.schema.rounding import (
    USD,
    Decimals1,
    Decimals4,
    Probability,
    Rounding,
    Significant,
)
from decision.report.schema.studies import StudyValue, WaitingValue, WaitValue
from decision.report.schema.summary import (
    Summary,
)

__all__ = [
    "AgainstIncumbent",
    "USD",
    "BreakEvenEntry",
    "ClaimEntry",
    "ClaimResult",
    "ClaimedValue",
    "ClaimsDocument",
    "CrossoverStats",
    "Decimals1",
    "Decimals4",
    "Decision",
    "DecisionSummary",
    "Diagnostics",
    "EVPPIGroup",
    "EvidenceFitSummary",
    "EvidenceInput",
    "EvidenceSection",
    "HaircutEntry",
    "InputClaimResult",
    "LossExceedance",
    "MindChangers",
    "ModelAlternative",
    "ModelRisk",
    "MoneyInterval",
    "MoneyStats",
    "MonteCarloError",
    "OptionResult",
    "OptionsSummary",
    "OptionPhysics",
    "OutputClaimResult",
    "Percentiles",
    "Physics",
    "PosteriorStats",
    "PriorStats",
    "Probability",
    "Recommendation",
    "RecommendedRisk",
    "Risk",
    "Robustness",
    "Rounding",
    "SamplerSettings",
    "Sensitivity",
    "Significant",
    "StudyValue",
    "WaitValue",
    "WaitingValue",
    "Summary",
    "TeamBelief",
    "TornadoEntry",
    "ValueOfInformation",
    "Widened",
]
