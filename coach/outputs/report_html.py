"""The clinician report as one self-contained HTML page, with a weekly chart in inline SVG.

The same facts as the Markdown report (:mod:`coach.outputs.report`), for a clinician who opens
a file rather than reads text: where the person is now (in the plan's own unit, a day or a
week), sessions per week against the plan as a bar chart, the level timeline, every check-in
worth a look with all its answers, attempts and resistance, unfinished sessions, logged
activities and the person's own notes. Every figure comes from :mod:`coach.journal.figures`,
as in the Markdown report. One file: no script, no external style, font or image, and a
Content-Security-Policy that forbids loading anything, so opening it sends nothing anywhere.
Every text from the person or a content author is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from coach.journal.figures import WeekFigures, counts, weeks
from coach.journal.records import (
    NOT_CARRIED_THROUGH,
    ActivityRecord,
    LevelChange,
    SessionRecord,
    unreadable_text,
)
from coach.outputs.export import active_minutes, level_name
from coach.outputs.report import (
    FOOTER,
    Now,
    check_in_notes,
    day,
    notable,
    now,
    pain_sentence,
    trends,
    week_cells,
)
from coach.pack.levels import all_questions
from coach.system.safe_text import clean

if TYPE_CHECKING:
    from collections.abc import Mapping

    from coach.pack.model import Pack, Program, Question

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; background: #fff; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem;
     border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid #e4e4e4; padding: .3rem .5rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { white-space: nowrap; }
blockquote { margin: .4rem 0 1rem; padding: .2rem .8rem; border-left: 3px solid #9bb;
             background: #f5f8f8; white-space: pre-wrap; }
.advice { white-space: pre-line; }
.chart { width: 100%; height: auto; margin: .5rem 0; }
.legend { font-size: .85rem; color: #444; }
.swatch { display: inline-block; width: .8rem; height: .8rem; vertical-align: -.1rem;
          margin: 0 .25rem 0 .8rem; }
footer { margin-top: 2rem; font-size: .85rem; color: #555; border-top: 1px solid #ddd;
         padding-top: .5rem; }
.wide { overflow-x: auto; }
.legend .item { white-space: nowrap; }
@media (max-width: 600px) { th, td { padding: .25rem .3rem; font-size: .85rem; } }
@media print { body { margin: 0; max-width: none; } }
"""

# Colours with enough contrast on white, and told apart by more than hue (pain is a mark).
_BAR, _OTHER, _TARGET, _PAIN = "#2f6f8f", "#a9c7d6", "#c47f00", "#b3261e"


def text(value: str) -> str:
    """Text from a person or a content file, inert in HTML (controls removed, then escaped)."""
    return escape(clean(value), quote=True)


def build_html(
    sessions: Sequence[SessionRecord],
    *,
    pack: Pack | None,
    today: dt.date,
    since: dt.date | None = None,
    generated: dt.date | None = None,
    activities: Sequence[ActivityRecord] = (),
    start_given: dt.date | None = None,
    level_changes: Sequence[LevelChange] = (),
    all_packs: bool = False,
    unreadable: int = 0,
    unreadable_other: int = 0,
) -> str:
    """The page over ``since`` (else the first session) to ``today`` (the end of the range);
    the advice is judged from every session up to ``today``, as in the Markdown report."""
    program = pack.program if pack is not None else None
    questions = all_questions(pack) if pack is not None else {}
    everything = sorted((s for s in sessions if s.day <= today), key=lambda s: s.started)
    shown = [s for s in everything if since is None or s.day >= since]
    everything_acts = [a for a in activities if a.day <= today]
    acts = [a for a in everything_acts if since is None or a.day >= since]
    start = since or (shown[0].day if shown else today)
    pack_title = pack.info.title if pack is not None else "coach"
    title = f"Home exercise log: {'all packs' if all_packs else pack_title}"

    body: list[str] = [f"<h1>{text(title)}</h1>"]
    counted = sum(1 for s in shown if pack is not None and counts(s, pack))
    others = len(shown) - counted
    facts = [
        ("Period", f"{day(start)} to {day(today)}"),
        (
            "Sessions",
            f"{len(shown)}"
            + (f" ({counted} counted toward the plan, {others} other)" if others else ""),
        ),
    ]
    if acts:
        facts.append(("Logged activities", f"{len(acts)} ({sum(a.counts for a in acts)} counted)"))
    facts.append(("Generated", day(generated or dt.date.today())))
    if unreadable:
        facts.append(("Unreadable", f"{unreadable} session{'' if unreadable == 1 else 's'}"))
    body.append(_facts(facts))
    if unreadable or unreadable_other:
        body.append(
            f"<p><strong>{text(unreadable_text(unreadable, unreadable_other))}</strong></p>"
        )
    if pack is not None and program is not None:
        body += _now(now(pack, everything, today, everything_acts, start_given, level_changes))
    if not shown and not acts:
        body.append("<p>No sessions were recorded in this period.</p>")
    else:
        body += _weeks(shown, pack, questions, start, today, acts)
        if program is not None:
            body += _timeline(shown, program)
        body += _answers(shown, program, questions)
        body += _unfinished(shown)
        body += _activities(acts)
        body += _notes(shown, program)
    body.append(f"<footer>{escape(FOOTER)}</footer>")
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{text(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
    # The rule once more where the page is written: every text went through text(), which
    # escapes it; a control character that reached the page another way is made visible too.
    return clean(page)


def _facts(items: list[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{text(k)}</dt><dd>{text(v)}</dd>" for k, v in items)
    return f'<dl class="facts">{rows}</dl>'


def _now(now_: Now) -> list[str]:
    out = ["<h2>Now</h2>", _facts(now_.facts)]
    if now_.standing:
        out.append("<ul>" + "".join(f"<li>{text(line)}</li>" for line in now_.standing) + "</ul>")
    if now_.advice:
        out.append(f'<blockquote class="advice">{text(now_.advice)}</blockquote>')
    return out


def _heading(question_id: str) -> str:
    """A question's column heading: its id in words (the question itself is a sentence)."""
    return question_id.replace("_", " ").replace("-", " ").capitalize()


def weekly_target(program: Program | None) -> tuple[int, int] | None:
    """The plan's target as sessions a week, for the weekly chart: a daily plan's times 7."""
    if program is None:
        return None
    plan = program.plan
    times = 7 if plan.per == "day" else 1
    return plan.sessions.low * times, plan.sessions.high * times


def chart(
    weeks_: Sequence[WeekFigures],
    target: tuple[int, int] | None,
    *,
    flags: Mapping[str, str] | None = None,
) -> str:
    """Sessions per week as bars (counted, and the others stacked on top), the plan's target
    as a band, and a red mark over weeks with pain or a flagged answer (``flags``: question id
    to its words: a graded answer above its lowest, e.g. bleeding). Inline SVG only."""
    flags = flags or {}
    width, height = 760, 240
    left, right, top, bottom = 36, 10, 14, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max([w.done + w.other for w in weeks_] + [target[1] if target else 0, 1])
    scale = plot_h / most
    slot = plot_w / max(len(weeks_), 1)
    bar = max(min(slot * 0.7, 40), 2)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        'role="img" aria-labelledby="chart-title">',
        '<title id="chart-title">Sessions per week</title>',
    ]
    base = top + plot_h
    if target:
        y_high, y_low = base - target[1] * scale, base - target[0] * scale
        parts.append(
            f'<rect x="{left}" y="{y_high:.1f}" width="{plot_w}" '
            f'height="{max(y_low - y_high, 2):.1f}" fill="{_TARGET}" fill-opacity="0.16"/>'
        )
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y_low:.1f}" y2="{y_low:.1f}" '
            f'stroke="{_TARGET}" stroke-dasharray="5 4"/>'
        )
    step = max(1, -(-most // 10))  # at most about ten labels, however high a daily plan goes
    for value in range(0, most + 1, step):
        y = base - value * scale
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#555">{value}</text>'
        )
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{base}" y2="{base}" stroke="#777"/>')
    label_every = max(1, round(len(weeks_) / 12))
    for i, week in enumerate(weeks_):
        x = left + i * slot + (slot - bar) / 2
        h_main, h_other = week.done * scale, week.other * scale
        flagged = sum(week.flagged.get(q, 0) for q in flags)
        said = [f"{n} with {flags[q].lower()}" for q, n in week.flagged.items() if q in flags and n]
        tip = ", ".join(
            [
                f"Week of {day(week.start)}: {week.done} counted",
                f"{week.other} other",
                f"{week.pain} with pain",
                *said,
            ]
        )
        parts.append(f"<g><title>{text(tip)}</title>")
        if h_main:
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h_main:.1f}" width="{bar:.1f}" '
                f'height="{h_main:.1f}" fill="{_BAR}"/>'
            )
        if h_other:
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h_main - h_other:.1f}" width="{bar:.1f}" '
                f'height="{h_other:.1f}" fill="{_OTHER}"/>'
            )
        if week.pain or flagged:
            cy = base - h_main - h_other - 9
            parts.append(f'<circle cx="{x + bar / 2:.1f}" cy="{cy:.1f}" r="4.5" fill="{_PAIN}"/>')
        parts.append("</g>")
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{base + 16}" font-size="11" '
                f'text-anchor="middle" fill="#333">{week.start.day} '
                f"{escape(day(week.start).split()[1])}</text>"
            )
    parts.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" font-size="12" '
        'text-anchor="middle" fill="#333">week starting (Monday)</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _weeks(
    sessions: list[SessionRecord],
    pack: Pack | None,
    questions: Mapping[str, Question],
    start: dt.date,
    today: dt.date,
    activities: Sequence[ActivityRecord],
) -> list[str]:
    program = pack.program if pack is not None else None
    weeks_ = weeks(pack, sessions, since=start, until=today, activities=activities)
    scale_ids = [q.id for q in questions.values() if q.kind == "scale"]
    flag_ids = [q.id for q in questions.values() if q.kind in ("choice", "yes_no") and not q.pain]
    # The red mark: pain, or a graded answer above its lowest (grade 0 is "nothing wrong").
    # A yes to another yes/no question is counted in the table but not marked: it may be good
    # news ("felt the muscle let go").
    flags = {q: _heading(q) for q in flag_ids if questions[q].kind == "choice"}
    plan_text = ""
    items = [
        f'<span class="swatch" style="background:{_BAR}"></span>counted toward the plan',
        f'<span class="swatch" style="background:{_OTHER}"></span>other sessions',
    ]
    if program is not None:
        plan = program.plan
        plan_text = f"{plan.sessions} a {plan.per}"
        weekly = ""
        if plan.per == "day":  # the chart is by the week: say what the band stands for
            low, high = weekly_target(program) or (0, 0)
            weekly = f" ({low if low == high else f'{low}-{high}'} a week)"
        items.append(
            f'<span class="swatch" style="background:{_TARGET};opacity:.4"></span>'
            f"plan: {text(plan_text)}{weekly}"
        )
    marked = " or ".join(["pain", *(f.lower() for f in flags.values())])
    items.append(
        f'<span class="swatch" style="background:{_PAIN};border-radius:50%"></span>'
        f"{text(marked)} reported that week"
    )
    legend = '<p class="legend">' + " ".join(f'<span class="item">{i}</span>' for i in items)
    legend += "</p>"
    head = [f"Done (plan: {plan_text})" if plan_text else "Done", "Other", "Attempts"]
    head.append("Resistance")
    for q in scale_ids:
        question = questions[q]
        head.append(f"{_heading(q)}, average ({question.min}-{question.max})")
    head.append("Pain")
    head += [_heading(q) for q in flag_ids]
    rows = []
    for week in weeks_:
        cells = week_cells(week, scale_ids, flag_ids)
        rows.append(
            f"<tr><td>{day(week.start)}</td>"
            + "".join(f"<td class=n>{c}</td>" for c in cells)
            + "</tr>"
        )
    out = [
        "<h2>Sessions per week</h2>",
        chart(weeks_, weekly_target(program), flags=flags),
        legend,
        '<div class="wide"><table><thead><tr><th>Week of</th>'
        + "".join(f"<th class=n>{text(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>",
    ]
    for q, went in trends(weeks_, scale_ids, questions):
        out.append(f"<p>{text(_heading(q))} {went}</p>")
    return out


def _timeline(sessions: list[SessionRecord], program: Program) -> list[str]:
    runs: list[list] = []  # [level, from, to, sessions, pain]
    for s in sessions:
        if not s.level_id:
            continue
        if runs and runs[-1][0] == s.level_id:
            runs[-1][2], runs[-1][3], runs[-1][4] = s.day, runs[-1][3] + 1, runs[-1][4] + s.had_pain
        else:
            runs.append([s.level_id, s.day, s.day, 1, int(s.had_pain)])
    if not runs:
        return []
    noun = text(program.level_noun.capitalize())
    rows = "".join(
        f"<tr><td>{day(first)}</td><td>{day(last)}</td><td>{text(level_name(program, level))}"
        f"</td><td class=n>{count}</td><td class=n>{pain}</td></tr>"
        for level, first, last, count, pain in runs
    )
    return [
        f"<h2>{noun} timeline</h2>",
        f'<div class="wide"><table><thead><tr><th>From</th><th>To</th><th>{noun}</th>'
        f"<th class=n>Sessions</th><th class=n>With pain</th></tr></thead><tbody>{rows}"
        "</tbody></table></div>",
    ]


def _describe(s: SessionRecord, program: Program | None) -> str:
    level = level_name(program, s.level_id)
    where = text(s.protocol_title) + (f", {text(level)}" if level else "")
    return f"{day(s.day)} {s.started:%H:%M}, {where}"


def _answers(
    sessions: list[SessionRecord], program: Program | None, questions: Mapping[str, Question]
) -> list[str]:
    """Every check-in worth a look (the Markdown report's :func:`notable`), with every answer,
    the attempts and the resistance met."""
    out = ["<h2>Check-ins to look at</h2>"]
    out.append(
        f"<p>{text(pain_sentence(sessions))} "
        "Listed: every session with pain, resistance, a graded answer above its lowest, a yes, "
        "or a written answer, with all its answers (the weeks above give the rest).</p>"
    )
    items = []
    for s in (s for s in sessions if notable(s, questions)):
        what = [
            f"<strong>{n.bold}</strong>{n.rest}" if n.bold else n.rest
            for n in check_in_notes(s, questions, label=lambda q: text(_heading(q)), text=text)
        ]
        if what:
            items.append(f"<li>{_describe(s, program)}: {'; '.join(what)}</li>")
    if not items:
        return [*out, "<p>None in this period.</p>"]
    return [*out, "<ul>" + "".join(items) + "</ul>"]


def _unfinished(sessions: list[SessionRecord]) -> list[str]:
    cut = [s for s in sessions if s.status in NOT_CARRIED_THROUGH]
    if not cut:
        return []
    items = []
    for s in cut:
        how = NOT_CARRIED_THROUGH[s.status]
        steps = f"{s.steps_done} of {s.steps_total} steps" if s.steps_total else ""
        detail = ", ".join(x for x in (steps, f"{active_minutes(s):.1f} active minutes") if x)
        items.append(
            f"<li>{day(s.day)} {s.started:%H:%M}, {text(s.protocol_title)}: {how}; {detail}</li>"
        )
    return ["<h2>Unfinished or ended early</h2>", "<ul>" + "".join(items) + "</ul>"]


def _activities(activities: Sequence[ActivityRecord]) -> list[str]:
    if not activities:
        return []
    items = []
    for a in activities:
        counted = "" if a.counts else " (not counted)"
        note = f": {text(' '.join(a.note.split()))}" if a.note.strip() else ""
        items.append(f"<li>{day(a.day)}, {text(a.title)}{counted}{note}</li>")
    return ["<h2>Logged activities</h2>", "<ul>" + "".join(items) + "</ul>"]


def _notes(sessions: list[SessionRecord], program: Program | None) -> list[str]:
    noted = [s for s in sessions if s.notes.strip()]
    if not noted:
        return []
    out = ["<h2>Notes, in the person's words</h2>"]
    for s in noted:
        out.append(f"<p><strong>{_describe(s, program)}</strong></p>")
        out.append(f"<blockquote>{text(s.notes.strip())}</blockquote>")
    return out
