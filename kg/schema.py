"""A JSON Schema for the YAML data format, generated from the model (``kg schema``)."""

from __future__ import annotations

from typing import Any

from kg.model import DATASET_FIELDS, ID_PATTERN, KINDS, LANGS, SCALES, UNITS, Field, Kind

__all__ = ["json_schema"]

_LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
_ID = {"type": "string", "pattern": ID_PATTERN}
_CITATION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["ref", "quote"],
    "properties": {
        "ref": {**_ID, "description": "Id of the source."},
        "quote": {"type": "string", "minLength": 1, "description": "Exact text of the passage."},
        "at": {"type": "integer", "minimum": 0, "description": "Offset of the quote, when it occurs more than once."},
    },
}


def _labels(required: bool, lists: bool = False) -> dict[str, Any]:
    text: dict[str, Any] = {"type": "string", "minLength": 1}
    if lists:
        text = {"anyOf": [text, {"type": "array", "items": text}]}
    out: dict[str, Any] = {"type": "object", "propertyNames": {"pattern": _LANG_PATTERN},
                           "additionalProperties": text}
    if required:
        out["required"] = list(LANGS)
    return out


def _field(f: Field, label_required: bool) -> dict[str, Any]:
    t = f.type
    if t == "text":
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if f.name == "id":
            schema = dict(_ID)
    elif t == "labels":
        schema = _labels(label_required and f.name == "label", lists=f.name == "alt_label")
    elif t == "ref":
        schema = dict(_ID)
    elif t == "refs":
        schema = {"anyOf": [_ID, {"type": "array", "items": _ID}]}
    elif t == "decimal":
        schema = {"type": "number"}
    elif t == "integer":
        schema = {"type": "integer", "minimum": 1}
    elif t == "boolean":
        schema = {"type": "boolean"}
    elif t == "choice":
        schema = {"enum": list(f.choices)}
    elif t == "scale":
        schema = {"enum": list(SCALES)}
    elif t == "unit":
        schema = {"anyOf": [{"enum": list(UNITS)}, {"type": "string", "pattern": r"^https?://\S+$"}]}
    elif t == "period":
        part = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"
        schema = {"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                            {"type": "string", "pattern": f"^{part}(/{part})?$"}]}
    elif t == "citations":
        schema = {"anyOf": [{"$ref": "#/$defs/citation"},
                            {"type": "array", "items": {"$ref": "#/$defs/citation"}}]}
    elif t == "nested":
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{f.nested}_nested"}}
    elif t == "span":
        schema = {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2}
    else:  # pragma: no cover - model and schema disagree
        raise AssertionError(t)
    return {**schema, "description": f.doc}


def _kind(kind: Kind, nested: bool = False) -> dict[str, Any]:
    fields = [f for f in kind.fields if not (nested and f.name == "indicator")]
    required = [f.name for f in fields if f.required and (f.name != "label" or kind.label_required)]
    out: dict[str, Any] = {
        "type": "object",
        "description": kind.doc,
        "additionalProperties": False,
        "required": required,
        "properties": {f.name: _field(f, kind.label_required) for f in fields},
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
    defs["citation"] = _CITATION
    dataset = {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in DATASET_FIELDS if f.required],
        "properties": {f.name: _field(f, True) for f in DATASET_FIELDS},
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
