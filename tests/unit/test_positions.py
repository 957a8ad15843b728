from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.system.positions import format_path, key_positions, lookup, normalize_loc

DOC = '''\
# comment
title = "x"   # trailing
"quoted key" = 1
a.b.c = true
list = [
  "one",
  "two", # comment
  { id = "three", n = 3 },
]
text = """
multi [[not.a.table]]
key = "not a key"
"""

[table]
inner = 1

[[steps]]
id = "s1"

[[steps.cues]]
say = "hi"

[[steps]]
id = "s2"
kind = "timed"

[[steps.cues]]
at = "1m"
'''


def test_positions_of_keys_tables_and_elements() -> None:
    tomllib.loads(DOC)  # the scanner only ever sees valid TOML
    pos = key_positions(DOC)
    assert pos[("title",)] == (2, 1)
    assert pos[("quoted key",)] == (3, 1)
    assert pos[("a", "b", "c")] == (4, 1)
    assert pos[("list", 1)] == (7, 3)
    assert pos[("list", 2, "n")] == (8, 19)
    assert pos[("table", "inner")] == (16, 1)
    assert pos[("steps", 0, "id")] == (19, 1)
    assert pos[("steps", 0, "cues", 0, "say")] == (22, 1)
    assert pos[("steps", 1, "kind")] == (26, 1)
    assert pos[("steps", 1, "cues", 0, "at")] == (29, 1)
    assert ("key",) not in pos  # inside a multi-line string
    assert ("not", "a", "table") not in pos


def test_lookup_falls_back_to_the_nearest_ancestor() -> None:
    pos = key_positions(DOC)
    assert lookup(pos, ("steps", 1, "duration")) == (24, 1)  # the [[steps]] header


def test_normalize_drops_the_union_tag_once() -> None:
    data = {"steps": [{"kind": "attempts", "attempts": "6-4"}]}
    tags = frozenset({"attempts", "timed"})
    assert normalize_loc(data, ("steps", 0, "attempts", "attempts"), tags) == (
        "steps",
        0,
        "attempts",
    )
    assert normalize_loc(data, ("steps", 0, "attempts", "duration"), tags) == (
        "steps",
        0,
        "duration",
    )
    assert format_path(("steps", 0, "cues", 2, "at")) == "steps[0].cues[2].at"


keys = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
values = st.one_of(
    st.integers(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
)


@settings(max_examples=60)
@given(st.dictionaries(keys, values, min_size=1, max_size=8))
def test_every_top_level_key_is_found_on_its_line(data: dict) -> None:
    import tomli_w

    text = tomli_w.dumps(data)
    pos = key_positions(text)
    lines = text.split("\n")  # TOML lines end at \n only (not at \x85 and friends)
    for key in data:
        line, col = pos[(key,)]
        assert lines[line - 1][col - 1 :].startswith(key)


TRICKY = [
    # (document, path, where it is): each key after a string that could fool a scanner
    ("a = '''x'''''\nb = 1\n", ("b",), (2, 1)),
    ('a = """x\\"""""\nb = 1\n', ("b",), (2, 1)),
    ('a = """\nline "quoted" ""two""\n[[not.a.table]]\n"""\nb = 2 # c\n', ("b",), (5, 1)),
    ('"k\\u0041" = 1\n\'lit\' = 2\n"a.b".c = 3\n', ("kA",), (1, 1)),
    ('"k\\u0041" = 1\n\'lit\' = 2\n"a.b".c = 3\n', ("a.b", "c"), (3, 1)),
    (
        "[t]\n  x = { a = [1, { b = 'c]' }], d = \"}\" }\n[[t.arr]]\ny = 1\n",
        ("t", "x", "d"),
        (2, 32),
    ),
    (
        "[t]\n  x = { a = [1, { b = 'c]' }], d = \"}\" }\n[[t.arr]]\ny = 1\n",
        ("t", "arr", 0, "y"),
        (4, 1),
    ),
    (
        "arr = [\n # comment ]\n 'a', # x\n [1,2],\n]\nz = 1990-01-01T00:00:00Z\n",
        ("arr", 1, 1),
        (4, 5),
    ),
    ("arr = [\n # comment ]\n 'a', # x\n [1,2],\n]\nz = 1990-01-01T00:00:00Z\n", ("z",), (6, 1)),
    ('x = """a\\\n  b"""\ny = 1\n', ("y",), (3, 1)),
    ('s = "#not a comment" # a comment\nt = 1\n', ("t",), (2, 1)),
    ("\"é\" = 'ñ ü'\n[\"é x\".'ü']\nk = 1\n", ("é x", "ü", "k"), (3, 1)),
    ("a = 1\r\nb = 2\r\n", ("b",), (2, 1)),
]


@pytest.mark.parametrize(("doc", "path", "where"), TRICKY)
def test_a_key_after_strings_comments_and_brackets_is_placed_exactly(
    doc: str, path: tuple[str | int, ...], where: tuple[int, int]
) -> None:
    tomllib.loads(doc)  # valid TOML: what the scanner is given
    assert key_positions(doc)[path] == where
