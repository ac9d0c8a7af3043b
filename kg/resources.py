"""Where the files shipped with kg are: the ontology and the bundled data.

In a checkout they are the repository's top-level ``ontology/`` and ``data/``; in an installed
wheel they travel inside the package as ``kg/_ontology/`` and ``kg/_data/`` (see pyproject.toml).
Both are found through :func:`importlib.resources.files`, so a wheel works from any folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["ONTOLOGY_DIR", "DATA_DIR"]


def _shipped(in_package: str, in_checkout: str) -> Path:
    package = Path(str(files("kg")))
    for candidate in (package / in_package, package.parent / in_checkout):
        if candidate.is_dir():
            return candidate
    return package / in_package  # missing: the error then names the path where it was expected


#: ``kg.ttl`` (OWL), ``shapes.ttl`` (SHACL), ``context.jsonld`` (the JSON-LD @context).
ONTOLOGY_DIR = _shipped("_ontology", "ontology")
#: The bundled data sets, used when no path is given.
DATA_DIR = _shipped("_data", "data")
