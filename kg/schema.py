"""A JSON Schema for the YAML data format, generated from the model (``kg schema``)."""

from __future__ import annotations

from typing import Any

from kg.fields import Citations
from kg.model import DATASET_FIELDS, KINDS, Field, Kind

__all__ = ["json_schema"]


def _field(f: Field) -> dict[str, Any]:
    return {**f.type.schema(f), "description": f.doc}


def _kind(kind: Kind, nested: bool = False) -> dict[str, Any]:
    fields = [f for f in kind.fields if not (nested and f.name == "indicator")]
    required = [f.name for f in fields if f.required]
    out: dict[str, Any] = {
        "type": "object",
        "description": kind.doc,
        "additionalProperties": False,
        "required": required,
        "properties": {f.name: _field(f) for f in fields},
    }
    if kind.one_of:
        out["anyOf"] = [{"required": [name]} for name in kind.one_of]
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) every kg data file must satisfy.

    >>> sorted(json_schema()["properties"])[:3]
    ['battles', 'clusters', 'dataset']
    """
    defs: dict[str, Any] = {k.name: _kind(k) for k in KINDS.values()}
    defs["observation_nested"] = _kind(KINDS["observation"], nested=True)
    defs["citation"] = Citations.definition()
    dataset: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in DATASET_FIELDS if f.required],
        "properties": {f.name: _field(f) for f in DATASET_FIELDS},
    }
    dataset["properties"]["base"]["pattern"] = r"^https?://\S+[/#]$"
    properties: dict[str, Any] = {"dataset": dataset}
    for k in KINDS.values():
        properties[k.key] = {"type": ["array", "null"], "items": {"$ref": f"#/$defs/{k.name}"}, "description": k.doc}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://w3id.org/kg-policy/schema/data.json",
        "title": "kg data file",
        "description": "One YAML file of a kg data set: entities under keys named by their kind.",
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": properties,
        "$defs": defs,
    }
