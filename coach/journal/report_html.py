"""The clinician report as one self-contained HTML page, with a weekly chart in inline SVG.

The same facts as the Markdown report (:mod:`coach.journal.report`), for a clinician who opens
a file rather than reads text: where the person is now, sessions per week against the target
as a bar chart, the level timeline, pain and bleeding, unfinished sessions and the person's own
notes. One file: no script, no external style, font or image, and a Content-Security-Policy
that forbids loading anything, so opening it sends nothing anywhere. Every text from the
person or a content author is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from coach.journal.export import active_minutes, level_name
from coach.journal.progress import compute_progress
from coach.journal.records import SessionRecord
from coach.journal.report import FOOTER, day
from coach.journal.weekly import Week, weekly
from coach.safe_text import clean

if TYPE_CHECKING:
    from coach.pack.model import Program

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
    pack_title: str,
    program: Program | None,
    today: dt.date,
    since: dt.date | None = None,
    generated: dt.date | None = None,
) -> str:
    """The page over ``since`` (else the first session) to ``today`` (the end of the range)."""
    everything = sorted((s for s in sessions if s.day <= today), key=lambda s: s.started)
    shown = [s for s in everything if since is None or s.day >= since]
    start = since or (shown[0].day if shown else today)
    counted = sum(s.counts_as_session for s in shown)
    title = f"Home exercise log: {pack_title}"

    body: list[str] = [f"<h1>{text(title)}</h1>"]
    facts = [
        ("Period", f"{day(start)} to {day(today)}"),
        (
            "Sessions",
            f"{len(shown)}"
            + (f" ({counted} counted toward the weekly target)" if counted != len(shown) else ""),
        ),
        ("Generated", day(generated or dt.date.today())),
    ]
    body.append(_facts(facts))
    if program is not None:
        body += _now(program, everything, today)
    if not shown:
        body.append("<p>No sessions were recorded in this period.</p>")
    else:
        weeks = weekly(shown, since=start, until=today)
        body += _weeks(weeks, program)
        if program is not None:
            body += _timeline(shown, program)
        body += _pain_and_bleeding(shown, program)
        body += _unfinished(shown)
        body += _notes(shown, program)
    body.append(f"<footer>{escape(FOOTER)}</footer>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{text(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _facts(items: list[tuple[str, str]]) -> str:
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{text(v)}</dd>" for k, v in items)
    return f'<dl class="facts">{rows}</dl>'


def _now(program: Program, sessions: list[SessionRecord], today: dt.date) -> list[str]:
    progress = compute_progress(program, sessions, today)
    out = [
        "<h2>Now</h2>",
        _facts(
            [
                (progress.level_label, progress.level.name),
                (
                    "This week",
                    f"{progress.sessions_this_week} of {progress.week_target} sessions",
                ),
                ("Progression", f"{progress.label}. {progress.reason}"),
            ]
        ),
    ]
    if progress.advice:
        out.append(f'<blockquote class="advice">{text(progress.advice)}</blockquote>')
    return out


def chart(weeks: Sequence[Week], target: tuple[int, int] | None) -> str:
    """Sessions per week as bars (counted, and other protocols stacked on top), the weekly
    target as a band, and a red mark over weeks with pain or bleeding. Inline SVG only."""
    width, height = 760, 240
    left, right, top, bottom = 36, 10, 14, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max([w.all_sessions for w in weeks] + [target[1] if target else 0, 1])
    scale = plot_h / most
    slot = plot_w / max(len(weeks), 1)
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
    for value in range(0, most + 1):  # a gridline per session (a week holds a few)
        y = base - value * scale
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#555">{value}</text>'
        )
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{base}" y2="{base}" stroke="#777"/>')
    label_every = max(1, round(len(weeks) / 12))
    for i, week in enumerate(weeks):
        x = left + i * slot + (slot - bar) / 2
        h_main, h_other = week.sessions * scale, (week.all_sessions - week.sessions) * scale
        tip = (
            f"Week of {day(week.start)}: {week.sessions} counted, "
            f"{week.all_sessions - week.sessions} other, {week.pain} with pain, "
            f"{week.bleeding} with bleeding"
        )
        parts.append(f"<g><title>{escape(tip)}</title>")
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
        if week.pain or week.bleeding:
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


def _weeks(weeks: list[Week], program: Program | None) -> list[str]:
    target = (program.sessions_per_week.low, program.sessions_per_week.high) if program else None
    items = [
        f'<span class="swatch" style="background:{_BAR}"></span>counted sessions',
        f'<span class="swatch" style="background:{_OTHER}"></span>other protocols',
    ]
    if program is not None:
        items.append(
            f'<span class="swatch" style="background:{_TARGET};opacity:.4"></span>'
            f"target {escape(str(program.sessions_per_week))} a week"
        )
    items.append(
        f'<span class="swatch" style="background:{_PAIN};border-radius:50%"></span>'
        "pain or bleeding that week"
    )
    legend = '<p class="legend">' + " ".join(f'<span class="item">{i}</span>' for i in items)
    legend += "</p>"
    rows = []
    for week in weeks:
        comfort = "–" if week.comfort is None else f"{week.comfort:.1f}"
        rows.append(
            f"<tr><td>{day(week.start)}</td><td class=n>{week.sessions}</td>"
            f"<td class=n>{week.all_sessions - week.sessions}</td><td class=n>{comfort}</td>"
            f"<td class=n>{week.pain}</td><td class=n>{week.bleeding}</td></tr>"
        )
    return [
        "<h2>Sessions per week</h2>",
        chart(weeks, target),
        legend,
        '<div class="wide"><table><thead><tr><th>Week of</th><th class=n>Sessions</th>'
        "<th class=n>Other</th>"
        "<th class=n>Comfort, average (0-10)</th><th class=n>Pain</th>"
        "<th class=n>Bleeding</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>",
    ]


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


def _pain_and_bleeding(sessions: list[SessionRecord], program: Program | None) -> list[str]:
    out = ["<h2>Pain and bleeding</h2>"]
    reported = [s for s in sessions if s.had_pain or s.had_bleeding]
    if not reported:
        return [*out, "<p>None reported in this period.</p>"]
    stops = sum(s.pain_stop for s in sessions)
    out.append(
        f"<p>{len(reported)} of {len(sessions)} sessions; {stops} stopped early for pain.</p>"
    )
    items = []
    for s in reported:
        what = []
        if s.pain_stop:
            what.append("<strong>stopped for pain</strong>")
        elif s.pain:
            what.append("<strong>pain</strong> reported after")
        if s.had_bleeding:
            what.append("<strong>bleeding</strong> reported")
        if s.comfort is not None:
            what.append(f"comfort {s.comfort}")
        items.append(f"<li>{_describe(s, program)}: {'; '.join(what)}</li>")
    return [*out, "<ul>" + "".join(items) + "</ul>"]


def _unfinished(sessions: list[SessionRecord]) -> list[str]:
    cut = [s for s in sessions if s.status in ("unfinished", "early")]
    if not cut:
        return []
    items = []
    for s in cut:
        how = "never finished (closed or interrupted)" if not s.finished else "ended early"
        steps = f"{s.steps_done} of {s.steps_total} steps" if s.steps_total else ""
        detail = ", ".join(x for x in (steps, f"{active_minutes(s):.1f} active minutes") if x)
        items.append(
            f"<li>{day(s.day)} {s.started:%H:%M}, {text(s.protocol_title)}: {how}; {detail}</li>"
        )
    return ["<h2>Unfinished or ended early</h2>", "<ul>" + "".join(items) + "</ul>"]


def _notes(sessions: list[SessionRecord], program: Program | None) -> list[str]:
    noted = [s for s in sessions if s.notes.strip()]
    if not noted:
        return []
    out = ["<h2>Notes, in the person's words</h2>"]
    for s in noted:
        out.append(f"<p><strong>{_describe(s, program)}</strong></p>")
        out.append(f"<blockquote>{text(s.notes.strip())}</blockquote>")
    return out
