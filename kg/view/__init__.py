"""The interactive HTML network view (``kg view``, and ``graph.html`` beside ``graph.ttl``)."""

from __future__ import annotations

from kg.view.page import LAYOUTS, render_view, write_view

__all__ = ["render_view", "write_view", "LAYOUTS"]
