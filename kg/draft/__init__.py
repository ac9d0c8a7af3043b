"""Policy text -> a draft data set for an analyst to correct rather than type (``kg draft``).

>>> from kg.draft import draft, draft_files
>>> d = draft("一、主要目标\\n到2027年，全省工业增加值达到3万亿元以上。\\n", dataset="demo")
>>> [(o.value, o.scale, o.unit, o.period, o.status, o.comparator) for o in d.observations]
[(Decimal('3'), '万亿', 'CNY', '2027', 'target', 'at-least')]
"""

from __future__ import annotations

from kg.draft.document import document_year, draft
from kg.draft.emit import TODO, draft_files, draft_folder, write_draft
from kg.draft.records import Draft, Entity, Observation

__all__ = ["Draft", "Entity", "Observation", "draft", "document_year", "draft_files", "draft_folder", "write_draft", "TODO"]
