"""What the pack says of its source: what follows it, what is coach's own, no endorsement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach.pack.attribution import about_parts, citation, report_source_lines
from coach.pack.load import load_pack
from coach.pack.model import PackInfo, Source

ROOT = Path(__file__).resolve().parents[2]


def test_citation_names_title_clinician_publisher_and_review_date() -> None:
    source = Source(
        title="A page", clinician="Dr. X", publisher="A practice", reviewed=dt.date(2021, 2, 5)
    )
    assert citation(source) == "A page · Dr. X · A practice · medically reviewed 2021-02-05"
    assert citation(Source(title="Only a title")) == "Only a title"


def test_shipped_pack_says_what_is_its_own_and_claims_no_endorsement() -> None:
    info = load_pack(ROOT / "content").info
    assert info.source is not None
    parts = {p.id: p.markdown.lower() for p in about_parts(info)}
    own = parts["about-own"]
    for choice in (
        "kit sizes",
        "how long each step",
        "moving up",
        "control drill",
        "maintenance",
        "bleeding grades",
        "diagram",
    ):
        assert choice in own, choice
    assert "not affiliated with or endorsed by" in parts["about-affiliation"]
    assert "3-5 minutes" in parts["about-follows"]
    assert "wording" in parts["about-source"] and "coach's own" in parts["about-source"]
    # The over-claim is gone: the facts and figures are not all the source's.
    assert "facts and figures in this pack come from" not in parts["about-source"]
    assert "bespoke surgical" in parts["about-source"] and "goldstein" in parts["about-source"]


def test_a_pack_without_a_source_says_so_and_claims_none() -> None:
    parts = about_parts(PackInfo(id="mine", title="Mine", disclaimer="Careful."))
    assert [p.id for p in parts] == ["about-source", "about-disclaimer"]
    assert "names no source" in parts[0].markdown
    assert report_source_lines(PackInfo(id="mine", title="Mine")) == []


def test_the_report_lines_name_the_source() -> None:
    info = load_pack(ROOT / "content").info
    text = "\n".join(report_source_lines(info))
    assert "## Source of the protocol" in text
    assert "Dr. Evan Goldstein" in text and "2021-02-05" in text
    assert "not affiliated" in text
