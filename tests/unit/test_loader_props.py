"""Property tests: valid generated content loads; mutated content fails only with PackError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.pack.errors import PackError
from coach.pack.load import load_pack
from coach.pack.model import Pack

from .packs import FAQ, PACK, PROTOCOL, SAFETY, write_pack

ids = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
titles = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
durations = st.one_of(
    st.integers(1, 3600),
    st.sampled_from(["90s", "4m", "1m30s", "3-5m", "10s-1m"]),
)


@st.composite
def steps(draw: st.DrawFn) -> list[dict]:
    count = draw(st.integers(1, 8))
    step_ids = draw(st.lists(ids, min_size=count, max_size=count, unique=True))
    out = []
    for step_id in step_ids:
        kind = draw(st.sampled_from(["info", "checklist", "timed", "attempts", "intervals"]))
        step: dict = {"id": step_id, "title": draw(titles), "kind": kind}
        if draw(st.booleans()):
            step["text"] = draw(st.text(max_size=200))
        if kind == "checklist":
            step["items"] = draw(st.lists(titles, min_size=1, max_size=4))
        elif kind == "timed":
            step["duration"] = draw(durations)
        elif kind == "attempts":
            low = draw(st.integers(1, 5))
            step["attempts"] = f"{low}-{low + draw(st.integers(0, 4))}"
        elif kind == "intervals":
            step["repetitions"] = draw(st.integers(1, 20))
            step["phases"] = [
                {"name": draw(titles)[:40], "duration": draw(st.integers(1, 30)), "tone": tone}
                for tone in draw(
                    st.lists(st.sampled_from(["hold", "relax", "neutral"]), min_size=1, max_size=3)
                )
            ]
        out.append(step)
    if len(out) > 1 and draw(st.booleans()):
        out[-1]["branch_only"] = True
        out[0]["on_resistance"] = out[-1]["id"]
    return out


def load_texts(**files: str) -> Pack | None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_pack(folder, **files)
        try:
            return load_pack(folder)
        except PackError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.path.is_relative_to(folder)
                assert problem.message
            return None


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(steps(), titles)
def test_generated_valid_protocols_load(generated: list[dict], title: str) -> None:
    text = tomli_w.dumps({"id": "breathe", "title": title, "steps": generated})
    pack = load_texts(protocol=text)
    assert pack is not None
    assert [s.id for s in pack.default_protocol.steps] == [s["id"] for s in generated]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    data = bytearray(text.encode())
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "truncate", "dup-line"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "delete" and data:
            del data[pos : pos + draw(st.integers(1, 10))]
        elif op == "insert":
            data[pos:pos] = draw(
                st.one_of(
                    st.binary(min_size=1, max_size=6),
                    st.sampled_from([b"[", b"]", b'"', b"=", b"\n", b"\x00", b"\xff", b"-1"]),
                )
            )
        elif op == "replace" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[pos:]
        elif op == "dup-line":
            lines = bytes(data).split(b"\n")
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k])
            data = bytearray(b"\n".join(lines))
    return data.decode("utf-8", "surrogateescape")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.sampled_from(["pack", "protocol", "faq", "safety"]).flatmap(
        lambda which: st.tuples(
            st.just(which),
            mutated({"pack": PACK, "protocol": PROTOCOL, "faq": FAQ, "safety": SAFETY}[which]),
        )
    )
)
def test_mutated_content_raises_only_pack_errors(case: tuple[str, str]) -> None:
    which, text = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_pack(Path(tmp))
        name = {"pack": "pack.toml", "protocol": "protocols/breathe.toml"}.get(
            which, f"{which}.toml"
        )
        (folder / name).write_bytes(text.encode("utf-8", "surrogateescape"))
        try:
            load_pack(folder)
        except PackError as exc:
            for problem in exc.problems:
                assert problem.line is None or problem.line >= 1
                assert problem.render()
