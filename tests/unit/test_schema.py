"""The shipped JSON Schemas match the models, and content files name them on their first line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.cli.main import main
from coach.pack.read import ROOT_FILES
from coach.pack.schema import ROLE_MODELS, file_name, schema_text


@pytest.mark.parametrize("role", sorted(ROLE_MODELS))
def test_shipped_schema_is_current(content_dir: Path, role: str) -> None:
    shipped = (content_dir / "schema" / file_name(role)).read_text()
    assert shipped == schema_text(role), "run: coach schema --role ROLE --out content/schema/…"


def test_every_content_file_names_its_schema(content_dir: Path) -> None:
    for name, role in ROOT_FILES.items():
        path = content_dir / name
        if path.exists():
            first = path.read_text().splitlines()[0]
            assert first == f"#:schema ./schema/{file_name(role)}"
            assert (content_dir / "schema" / file_name(role)).exists()
    for path in (content_dir / "protocols").glob("*.toml"):
        assert path.read_text().splitlines()[0] == "#:schema ../schema/protocol.schema.json"


def test_schema_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "all.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"Wrote {out}\n"
    combined = json.loads(out.read_text())
    assert {branch["title"] for branch in combined["anyOf"]} == {
        f"{role} file" for role in ROLE_MODELS
    }
    assert main(["schema", "--role", "protocol"]) == 0
    protocol = json.loads(capsys.readouterr().out)
    assert protocol["title"] == "coach protocol file"
    assert protocol["additionalProperties"] is False
