"""JSON Schemas for the content files, generated from the models, for editors.

Each content file names its schema on its first line (``#:schema ./schema/pack.schema.json``),
a directive taplo / Even Better TOML and tombi follow offline, so editors complete and check
fields as a person types. A test keeps the shipped schemas equal to what the models generate.
"""

from __future__ import annotations

import json
from typing import Any

from coach.pack import model as m
from coach.pack.fields import Model
from coach.pack.validate import json_schema

ROLE_MODELS: dict[str, type[Model]] = {
    "pack": m.PackInfo,
    "program": m.Program,
    "protocol": m.Protocol,
    "faq": m.FaqFile,
    "safety": m.Safety,
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(role: str) -> dict[str, Any]:
    model = ROLE_MODELS[role]
    schema = json_schema(model)
    return {"$schema": DIALECT, **schema, "title": f"coach {role} file"}


def combined_schema() -> dict[str, Any]:
    """One schema any content file validates against (each file matches exactly one branch)."""
    defs: dict[str, Any] = {}
    branches = []
    for role, model in ROLE_MODELS.items():
        schema = json_schema(model)
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
        branches.append({"$ref": f"#/$defs/{model.__name__}", "title": f"{role} file"})
    return {"$schema": DIALECT, "title": "coach content file", "anyOf": branches, "$defs": defs}


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def schema_text(role: str | None = None) -> str:
    return dumps(schema_for(role) if role else combined_schema())


def file_name(role: str) -> str:
    return f"{role}.schema.json"
