"""The report's "What to learn first": what each proposed study is worth before deciding."""

from __future__ import annotations

from decision.report.formatting import input_name, usd
from decision.report.schema import StudyValue, Summary, WaitingValue

_WHAT = {"benchmark": "a benchmark of", "quote": "a quote for", "watch": "watching"}
_UNIT = {"benchmark": "measurements", "quote": "reading", "watch": "months"}


def _months(value: float) -> str:
    return f"{value:g} month{'' if value == 1 else 's'}"


def _count(size: str, kind: str) -> str:
    unit = _UNIT[kind]
    return f"{size} {unit[:-1] if size == '1' and unit.endswith('s') else unit}"


def studies_markdown(summary: Summary, figures: list[str]) -> list[str]:
    """The section, empty without ``studies:`` and ``waiting:``."""
    if not summary.studies and summary.waiting is None:
        return []
    out = ["## What to learn first", ""]
    if summary.waiting is not None:
        out += _waiting(summary.waiting, figures)
    if summary.studies:
        out += _studies(summary, figures)
    return out


def _waiting(waiting: WaitingValue, figures: list[str]) -> list[str]:
    now = usd(waiting.decide_now_expected_cost_usd)
    reveals = (", ".join(f"the {input_name(p)}" for p in waiting.reveals) if waiting.reveals
               else "nothing the model can learn from")
    if waiting.best_months is None:
        verdict = (f"**Decide now**: its expected cost, {now}, is lower than waiting any of the"
                   " months valued.")
    else:
        best = waiting.months[str(waiting.best_months)]
        verdict = (f"**Wait {waiting.best_months} months, then decide**: expected cost"
                   f" {usd(best.expected_cost_usd)} against {now} deciding now, a gain of"
                   f" {usd(best.value_usd)}.")
    out = [verdict + f" Waiting reveals {reveals}; each wait is valued on the same draws,"
           " every challenger going live that much later, the incumbent serving meanwhile.", "",
           "| strategy | expected cost | against now | what the months reveal is worth | ±"
           " | cost of the delay |", "|---|---:|---:|---:|---:|---:|",
           f"| decide now | {now} | | | | |"]
    for months, w in waiting.months.items():
        out.append(f"| wait {months} months | {usd(w.expected_cost_usd)} | {usd(w.value_usd)} |"
                   f" {usd(w.information_usd)} | {usd(w.information_standard_error_usd)} |"
                   f" {usd(w.delay_cost_usd)} |")
    return [*out, "", *_figure("waiting", figures)]


def _studies(summary: Summary, figures: list[str]) -> list[str]:
    out = ["A study is worth what its data would change in the decision (the expected value of"
           " sample information, EVSI: Strong, Oakley, Brennan & Breeze 2015), less what waiting"
           " for it and running it cost; the difference is the expected net benefit of sampling"
           " (ENBS). The appendix has every size.", ""]
    out += [f"- {_sentence(name, study)}" for name, study in summary.studies.items()]
    return [*out, "", *_figure("studies", figures)]


def study_sizes_table(summary: Summary) -> list[str]:
    """The appendix's table of every study at every size; none without ``studies:``."""
    if not summary.studies:
        return []
    out = ["## Every study size", "",
           "| study | size | EVSI | ± | waits | cost of waiting | cost | ENBS |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, study in summary.studies.items():
        for size in study.evsi_usd:
            out.append(f"| {name} | {_count(size, study.kind)} | {usd(study.evsi_usd[size])} |"
                       f" {usd(study.evsi_standard_error_usd[size])} |"
                       f" {_months(study.delay_months[size])} |"
                       f" {usd(study.delay_cost_usd[size])} | {usd(study.cost_usd[size])} |"
                       f" {usd(study.enbs_usd[size])} |")
    return [*out, ""]


def _figure(name: str, figures: list[str]) -> list[str]:
    if name not in figures:
        return []
    from decision.report.costs_markdown import figure_lines
    from decision.report.figures.studies import CAPTIONS  # matplotlib: only with figures

    return figure_lines(name, CAPTIONS[name])


def _sentence(name: str, study: StudyValue) -> str:
    what = f"**{name}** ({_WHAT[study.kind]} the {input_name(study.input)})"
    if study.best_size is None:
        worth = max(v - study.delay_cost_usd[s] for s, v in study.evsi_usd.items())
        return (f"{what} does not pay at any size: its information, less the cost of waiting"
                f" for it, is worth at most {usd(worth)}, not more than it costs.")
    size = str(study.best_size)
    worth = study.evsi_usd[size] - study.delay_cost_usd[size]
    count = "" if study.kind == "quote" else f" at {size} {_UNIT[study.kind]}"
    words = (f"{what} pays best{count}: its information is worth {usd(study.evsi_usd[size])}"
             f" (± {usd(study.evsi_standard_error_usd[size])}) against a cost of"
             f" {usd(study.cost_usd[size])}")
    delay = study.delay_months[size]
    if delay and study.delay_cost_usd[size] < 0:
        words += (f"; waiting {_months(delay)} for it saves {usd(-study.delay_cost_usd[size])}"
                  " in itself (the decision's costs fall by waiting, before anything is"
                  " learnt)")
    elif delay:
        words += f"; waiting {_months(delay)} for it costs {usd(study.delay_cost_usd[size])}"
    return (f"{words}. Expected net benefit {usd(study.enbs_usd[size])}: it pays if it costs"
            f" under {usd(worth)}.")


def learning_lines(summary: Summary) -> list[str]:
    """What to learn first, in a line each for the terminal: the study with the largest
    expected net benefit, and deciding now against waiting."""
    out = []
    if summary.studies:
        name, study = max(summary.studies.items(), key=lambda item: max(item[1].enbs_usd.values()))
        if study.best_size is None:
            out.append("Studies: none pays at any size (report.md, What to learn first)")
        else:
            size = str(study.best_size)
            count = "" if study.kind == "quote" else f" at {size} {_UNIT[study.kind]}"
            out.append(f"Learn first: {name}{count}, expected net benefit"
                       f" {usd(study.enbs_usd[size])} (it pays if it costs under"
                       f" {usd(study.evsi_usd[size] - study.delay_cost_usd[size])})")
    if summary.waiting is not None:
        w = summary.waiting
        if w.best_months is None:
            out.append("Waiting: deciding now is cheaper in expectation than waiting"
                       f" {', '.join(w.months)} months")
        else:
            gain = w.months[str(w.best_months)].value_usd
            out.append(f"Waiting {w.best_months} months, then deciding, beats deciding now by"
                       f" {usd(gain)} in expectation")
    return out
