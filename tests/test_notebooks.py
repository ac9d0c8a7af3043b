"""The notebooks run top to bottom on the real data, with no error and no missing glyph."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, require_system

pytestmark = pytest.mark.slow

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_four_notebooks_kept_without_outputs():
    assert [n.name for n in NOTEBOOKS] == ["01-explore-the-speech.ipynb", "02-indicators.ipynb", "03-analysis.ipynb",
                                           "04-across-documents.ipynb"]
    for path in NOTEBOOKS:  # outputs are produced by running them, so diffs show only the code
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[n.stem for n in NOTEBOOKS])
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch):
    if path.stem != "01-explore-the-speech":  # the charts need a CJK font
        from matplotlib import font_manager
        require_system("a CJK font (fonts-noto-cjk)",
                       any("CJK" in f.name for f in font_manager.fontManager.ttflist))
    monkeypatch.setenv("KG_FIGURES", str(tmp_path))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", "") + str(out.get("data", {}).get("text/plain", "")))
            assert out.get("output_type") != "error", out
    joined = "\n".join(texts)
    assert "missing from font" not in joined and "Glyph" not in joined  # Chinese drew, not boxes
    if path.stem == "01-explore-the-speech":
        assert "全球先进制造业基地建设" in joined and "“建设百家省级绿色工厂” — 讲话正文" in joined
        assert "Number of 500-billion-yuan industrial clusters" in joined
    if path.stem == "02-indicators":
        assert {p.name for p in tmp_path.iterdir()} >= {"shares.png", "growth.png", "counts.png"}
        assert "2.94万亿" in joined
    if path.stem == "03-analysis":
        assert (tmp_path / "coverage.png").stat().st_size > 10_000
        assert "提高全要素生产率" in joined
    if path.stem == "04-across-documents":
        assert (tmp_path / "indicator-series.png").stat().st_size > 10_000
        # the speech takes up the plan; its measure implements the plan's, whose goals it then serves
        assert "── responds to ──▶ 推动大规模设备更新和消费品以旧换新行动方案（国务院，2024）" in joined
        assert "└─ implements 实施设备更新行动  [equipment-renewal-action]" in joined
        assert "大幅提高国民经济循环质量和水平" in joined
        # the shared concept stated by the most documents, with its place's code
        assert "规模以上工业增加值增速" in joined and "330000" in joined
        assert "base periods: 2023" in joined
