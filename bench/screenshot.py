"""The README's picture of the network view, made again: ``kg build``'s English page of the
bundled corpus in headless Chromium at 1600x1000, after its first frame, refused unless every
goal, battle and work area label is readable; saved as a 256-colour PNG.

    python -m bench.screenshot                      # writes notebooks/figures/view.png
    python -m bench.screenshot --out /tmp/view.png  # needs chromium, chromedriver and Pillow
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

from bench.paint import chromium
from bench.process import ROOT

#: The kinds whose every label the picture must show readable.
TOP_KINDS = {"goal", "battle", "work_area"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "notebooks" / "figures" / "view.png"), help="the PNG to write")
    args = parser.parse_args(argv)

    from PIL import Image

    from kg.cli import main as kg
    from kg.graph import open_graph

    with tempfile.TemporaryDirectory(prefix="kg-screenshot-") as tmp:
        if kg(["build", "--out", tmp, "--lang", "en"]) != 0:
            return 1
        page = Path(tmp) / "graph.html"
        driver = chromium()
        try:
            driver.get(page.as_uri())
            driver.execute_async_script("const done = arguments[0]; window.kgView.ready.then(done);")
            readable = set(driver.execute_script("return window.kgView.readableLabels();"))
            png = driver.get_screenshot_as_png()
        finally:
            driver.quit()
    graph = open_graph()
    tops = {str(node) for kind in TOP_KINDS for node in graph.entities(kind)}
    if not tops <= readable:
        print(f"not written: {len(tops - readable)} goal, battle or work area labels are not readable: "
              f"{sorted(tops - readable)[:3]}", file=sys.stderr)
        return 1
    image = Image.open(io.BytesIO(png)).convert("RGB")
    # 256 colours, no dithering: a third of the size, and the text stays crisp
    image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(args.out, optimize=True)
    print(f"wrote {args.out}: {image.width}x{image.height}, {Path(args.out).stat().st_size // 1024} KB, "
          f"{len(tops)} goal, battle and work area labels readable")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
