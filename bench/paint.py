"""Time to first paint of the HTML view in headless Chromium, for about 1,000 and 10,000 nodes.

    python -m bench.paint            # needs chromium and chromedriver (Debian packages)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import generate

#: Synthetic measures per view size: each measure brings about 2.8 nodes.
SIZES = {"1k nodes": 360, "10k nodes": 3600}


def first_paint_seconds(page: Path, runs: int = 3) -> list[float]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"):
        options.add_argument(arg)
    out = []
    for _ in range(runs):
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.get(page.as_uri())
            end = time.time() + 120
            while time.time() < end and not driver.execute_script("return window.kgView && window.kgView.firstPaintMs"):
                time.sleep(0.05)
            out.append(driver.execute_script("return window.kgView.firstPaintMs") / 1000)
        finally:
            driver.quit()
    return out


def main() -> int:
    import kg
    from kg.view import write_view

    with tempfile.TemporaryDirectory(prefix="kg-paint-") as tmp:
        for name, measures in SIZES.items():
            data = generate(Path(tmp) / name.replace(" ", "-"), measures)
            _, graph = kg.build([data], shacl=False)
            start = time.perf_counter()
            page = write_view(graph, Path(tmp) / f"{measures}.html")
            render = time.perf_counter() - start
            times = first_paint_seconds(page)
            from kg.analyze import to_networkx
            nodes = to_networkx(graph).number_of_nodes()
            print(f"{name:10} {nodes:>6,} nodes: page written in {render:.2f} s "
                  f"({page.stat().st_size / 2**20:.1f} MB); first paint after {statistics.median(times):.2f} s "
                  f"(median of {len(times)}: {', '.join(f'{t:.2f}' for t in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
