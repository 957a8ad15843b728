from __future__ import annotations

import tomllib

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
