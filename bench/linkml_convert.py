"""linkml-convert (LinkML's command-line converter) as a peer: the same synthetic data to Turtle,
with the LinkML schema ``bench/linkml/kg.yaml``.

linkml-convert reads one YAML document, and a LinkML identifier is a CURIE or an IRI; kg's data
sets are folders of YAML files whose bare ids (``m1``) become IRIs under the data set's ``base``.
So, before the clock starts, each data set's files are merged into one document with its ids
written as CURIEs (``data:m1``), and linkml-convert runs once per data set with ``-P data=BASE``.
(Bare ids would need linkml-runtime's ``@base``, which linkml-convert cannot set; written as
relative IRIs instead, they send linkml-runtime to its rdflib canonicalisation fallback, which
took over 10 minutes for 1,000 measures.)

LinkML is not a dependency of kg: ``pip install '.[bench]'``, best in a virtual environment of its
own, then ``python -m bench.run --linkml ENV/bin/linkml-convert``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

__all__ = ["SCHEMA", "INSTALL_HINT", "find", "version", "prepare", "empty_document", "command"]

SCHEMA = Path(__file__).parent / "linkml" / "kg.yaml"
INSTALL_HINT = "pip install '.[bench]'"
#: Keys whose values are ids (an entity's own, or references to others), written as CURIEs.
ID_KEYS = frozenset({"id", "broader", "serves", "work_area", "part_of", "battles", "mentions", "tracks",
                     "area", "rank_scope", "ref"})
PREFIX = "data"


def find(explicit: str | None = None) -> str | None:
    """The linkml-convert to run: ``explicit``, else one on PATH, else one beside this Python."""
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "linkml-convert"
    return shutil.which("linkml-convert") or (str(beside) if beside.exists() else None)


def version(exe: str) -> str:
    """LinkML's version, asked of the Python that runs ``exe`` (a console script)."""
    try:
        shebang = Path(exe).read_text(encoding="utf-8", errors="replace").splitlines()[0]
        python = shebang[2:].strip() if shebang.startswith("#!") else sys.executable
        out = subprocess.run([python, "-c", "from importlib.metadata import version; print(version('linkml'))"],
                             capture_output=True, text=True, timeout=60, check=True)
        return out.stdout.strip()
    except (OSError, IndexError, subprocess.SubprocessError):
        return "version unknown"


def _curies(node: Any, key: str | None = None) -> Any:
    if isinstance(node, dict):
        return {k: _curies(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_curies(v, key) for v in node]
    return f"{PREFIX}:{node}" if key in ID_KEYS and isinstance(node, str) else node


def prepare(data: Path, out: Path) -> list[tuple[Path, str]]:
    """One LinkML document per data set under ``data``, written into ``out``: the data set's YAML
    files merged, ids as CURIEs. Returns (document, base) pairs. Not timed."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    out.mkdir(parents=True, exist_ok=True)
    documents = []
    for folder in sorted(p for p in data.iterdir() if (p / "dataset.yaml").is_file()):
        merged: dict[str, Any] = {}
        for f in sorted(folder.glob("*.yaml")):
            for key, value in yaml.load(f.read_text(encoding="utf-8"), Loader=loader).items():
                if isinstance(value, list):  # a list of entities: each entity's ids, not the key's
                    merged.setdefault(key, []).extend(_curies(e) for e in value)
                else:
                    merged[key] = _curies(value)
        doc = out / f"{folder.name}.yaml"
        doc.write_text(yaml.dump(merged, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000),
                       encoding="utf-8")
        documents.append((doc, str(merged["dataset"]["base"])))
    return documents


def command(exe: str, document: Path, base: str, out: Path) -> list[str]:
    """The command that converts one prepared document to Turtle in ``out``."""
    return [exe, "--schema", str(SCHEMA), "--prefix", f"{PREFIX}={base}", "--output-format", "ttl",
            "--output", str(out), str(document)]


def empty_document(out: Path) -> tuple[Path, str]:
    """A data set with nothing in it, to time linkml-convert's start-up (schema compiled, nothing read)."""
    base = "https://example.org/empty/"
    doc = out / "empty.yaml"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(f"dataset:\n  id: {PREFIX}:empty\n  base: {base}\n  label: {{zh: 空, en: Empty}}\n",
                   encoding="utf-8")
    return doc, base
