"""Plain FAQ answers (coach faq --print, plain mode): readable faq: links, basis, the diagram."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coach.faq.answers import answer_pieces, markdown_to_plain, readable_links
from coach.faq.basis import basis_line
from coach.faq.plain import entry_text
from coach.pack.model import FaqEntry, FaqFile
from coach.pack.validate import validate

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = {"often": "How often should I do it?", "lube": "Which *lubricant*, and how much"}


def shipped() -> dict[str, FaqEntry]:
    text = (ROOT / "content" / "faq.toml").read_text(encoding="utf-8")
    return {e.id: e for e in validate(FaqFile, tomllib.loads(text)).faq}


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("Do 2-3; see [how often](faq:often).", "Do 2-3; see: How often should I do it?"),
        ("See [how often](faq:often) first.", "See: How often should I do it? first."),
        ("Read [this](faq:often) now.", "Read this (see: How often should I do it?) now."),
        ("[How often should I do it?](faq:often)", "How often should I do it?"),
        # A question's own Markdown characters stay text; a missing id keeps the link text.
        ("see [lube](faq:lube).", "see: Which *lubricant*, and how much."),
        ("see [gone](faq:missing).", "see gone."),
        ("A [site](https://example.org).", "A site (https://example.org)."),
    ],
)
def test_faq_links_name_the_question_they_lead_to(markdown: str, plain: str) -> None:
    assert markdown_to_plain(markdown, 200, QUESTIONS) == plain
    assert "faq:" not in readable_links(markdown, QUESTIONS) or "missing" in markdown


def test_without_questions_links_keep_their_text() -> None:
    assert markdown_to_plain("see [how often](faq:often).", 80) == "see how often."


def test_every_answer_says_its_basis() -> None:
    entries = shipped()
    assert basis_line(entries["why-do-it"]) == "Basis: From the source."
    assert basis_line(entries["why-do-it"], "Anal training and stretching") == (
        "Basis: From the source (Anal training and stretching)."
    )
    assert basis_line(entries["stuck"]).startswith("Basis: General guidance, not from the source.")
    assert basis_line(entries["what-is-it"]).startswith("Basis: Partly from the source.")
    assert "coach's own drawing" in basis_line(entries["how-it-works"])
    entry = entries["numbing-creams"]
    out = entry_text(entry, answer_pieces(entry.answer), width=80)
    assert "Basis: General guidance, not from the source." in out


def test_the_anatomy_diagram_survives_plain_text_at_80_columns() -> None:
    entry = shipped()["how-it-works"]
    out = entry_text(entry, answer_pieces(entry.answer, {}), width=80)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    drawing = [line for line in lines if any(c in line for c in "│┌└┐┘")]
    assert len(drawing) >= 8  # not wrapped or reflowed: the box lines are all there
    assert all(line.startswith("    ") for line in drawing)  # kept as a block
    text = "\n".join(lines)
    for label in ("anal", "canal", "internal sphincter", "external sphincter", "4-5 cm", "anus"):
        assert label in text
    # The same drawing, line for line, as in the content.
    fence = entry.answer.split("```text\n", 1)[1].split("```", 1)[0].rstrip("\n").split("\n")
    for line in fence:
        assert ("    " + line).rstrip() in lines


def test_the_anatomy_diagram_fits_the_faq_screen_at_80_columns() -> None:
    # At 80 columns the answer pane shows 38 columns of a fenced block without scrolling.
    answer = shipped()["how-it-works"].answer
    fence = answer.split("```text\n", 1)[1].split("```", 1)[0]
    assert max(len(line) for line in fence.splitlines()) <= 38
