"""How fast the HTML view answers in headless Chromium, for about 1,000 and 10,000 entities:

- first frame: from navigation start to the first frame on screen (``window.kgView.ready``: a
  requestAnimationFrame after vis-network's first draw, then a task after that frame);
- click: from the pointer going down on a work area (a real click, through chromedriver) to the
  next frame on screen, with the panel, the highlight and the fit done;
- expand: from ``kgView.expand`` of that work area to the next frame on screen;
- everything: from pressing "show everything" to the next frame on screen;
- the longest task that blocked the page while it opened (PerformanceObserver "longtask").

    python -m bench.paint            # needs chromium and chromedriver (Debian packages)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.synthetic import generate

#: Synthetic measures per view size: each measure brings about 2.8 entities.
SIZES = {"1k": 360, "10k": 3600}

_AFTER_FRAME = """
const done = arguments[arguments.length - 1];
const t0 = performance.now();
%s
requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => done(performance.now() - t0); c.port2.postMessage(0); });
"""


def chromium() -> Any:
    """Headless Chromium at 1600x1000, as the benchmark and the README picture see the page."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "chromedriver"), options=options)


def measure_once(page: Path) -> dict[str, float]:
    """One fresh browser: open the page, click a work area, expand it, show everything."""
    from selenium.webdriver import ActionChains

    driver = chromium()
    try:
        driver.set_script_timeout(300)
        driver.get(page.as_uri())
        first = driver.execute_async_script("const done = arguments[0]; window.kgView.ready.then(done);")
        time.sleep(0.5)  # let the long-task observer report
        longest = driver.execute_script(
            "return Math.max(0, ...window.kgView.longTasks().filter(t => t.start <= arguments[0]).map(t => t.ms))", first)
        area = driver.execute_script("return window.kgView.shown().find(id => /\\/w0$|green-low-carbon$/.test(id))")
        at = driver.execute_script(f"return window.kgView.network.canvasToDOM(window.kgView.network.getPosition('{area}'))")
        canvas = driver.find_element("css selector", "#kg-network canvas")
        rect = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", canvas)
        ActionChains(driver).move_to_element_with_offset(
            canvas, round(at["x"] - rect["width"] / 2), round(at["y"] - rect["height"] / 2)).click().perform()
        end = time.time() + 60
        while time.time() < end and not driver.execute_script("return window.kgView.clickToFrameMs.length"):
            time.sleep(0.02)
        click = driver.execute_script("return window.kgView.clickToFrameMs[0]")
        assert driver.execute_script("return window.kgView.state.selected") == area, "the click missed the work area"
        driver.execute_script("window.kgView.clear()")
        expand = driver.execute_async_script(_AFTER_FRAME % f"window.kgView.expand('{area}');")
        everything = driver.execute_async_script(_AFTER_FRAME % "document.getElementById('kg-everything').click();")
        shown = driver.execute_script("return window.kgView.nodes.length")
        return {"first": first, "longest": longest, "click": click, "expand": expand, "everything": everything, "shown": shown}
    finally:
        driver.quit()


def main(argv: list[str] | None = None) -> int:
    import kg
    from kg.view import write_view

    parser = argparse.ArgumentParser(prog="python -m bench.paint", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default=",".join(SIZES), help="of " + ", ".join(SIZES))
    args = parser.parse_args(argv)
    print("| entities | page MB | first frame (ms) | longest task while opening (ms) | click → next frame (ms) "
          "| expand a work area → next frame (ms) | show everything → next frame (ms) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="kg-paint-") as tmp:
        for name in args.sizes.split(","):
            data = generate(Path(tmp) / name, SIZES[name])
            _, graph = kg.build([data], shacl=False)
            page = write_view(graph, Path(tmp) / f"{name}.html")
            runs = [measure_once(page) for _ in range(args.runs)]

            def med(key: str) -> str:
                return f"{statistics.median(r[key] for r in runs):,.0f}"

            print(f"| {runs[0]['shown']:,} | {page.stat().st_size / 2**20:.1f} | {med('first')} | {med('longest')} "
                  f"| {med('click')} | {med('expand')} | {med('everything')} |", flush=True)
    print(f"(medians of {args.runs} runs, each in a new headless Chromium at 1600×1000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
