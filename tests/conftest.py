"""Shared fixtures: the repository's paths, copies of data, and the ``kg`` command, run in-process
(:func:`cli`) or as the installed console script (:func:`run_kg`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for bench.synthetic, the generator of large test data
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"
KG = Path(sys.executable).parent / "kg"


#: Tests that use one of these are marked slow (a browser, a server, large synthetic data, a wheel
#: installed into a new venv): ``pytest -m "not slow"`` is the edit loop's subset.
SLOW_FIXTURES = {"browser", "server", "server_process", "virtuoso", "virtuoso_server", "jena", "synthetic",
                 "installed"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def bundled():
    """The bundled data, loaded, checked and built once: (corpus, graph)."""
    import kg

    return kg.build()


@pytest.fixture(scope="session")
def bundled_store():
    """The bundled data in an in-memory pyoxigraph store, as ``kg query`` reads it, built once:
    query it, never update it. (Querying ``bundled[1]`` on pyoxigraph copies the graph into a new
    store each time.)"""
    from kg.graph import open_graph

    return open_graph()


@pytest.fixture(scope="session")
def bundled_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``out/graph.ttl`` as ``kg build`` writes it from the bundled data, built once: read it, never change it."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("bundled-build")
    assert main(["build", "--out", str(out)]) == 0
    return out / "graph.ttl"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled data/ folder that a test may break."""
    dest = tmp_path / "data"
    shutil.copytree(DATA, dest)
    return dest


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A private copy of the small test data set."""
    dest = tmp_path / "minimal"
    shutil.copytree(TEST_DATA / "minimal", dest)
    return dest


@dataclass(frozen=True)
class Result:
    """What one ``kg`` command did: the attributes of :class:`subprocess.CompletedProcess` it replaces."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """``cli(*args, cwd=None)`` runs ``kg ARGS`` in-process through ``kg.cli.main``, as the console
    script does, and gives its exit code and output. An argparse usage error (``SystemExit``) is
    exit code 2, as in the console script; any other exception fails the test with its traceback.

    For what only a separate process shows (the console-script entry point, a signal, a resource
    limit, a thread left running when kg exits), use :func:`run_kg`.
    """
    from kg.cli import main

    def run(*args: str | Path, cwd: Path | None = None) -> Result:
        capsys.readouterr()  # what the test printed before is not the command's
        before = os.getcwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse's usage errors and --help, as the console script exits
            code = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
        finally:
            os.chdir(before)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would (a new process: slower; see :func:`cli`)."""
    assert KG.exists(), f"the kg console script is not installed at {KG}"
    return subprocess.run([str(KG), *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def require_system(what: str, present: bool) -> None:
    """Skip a test whose system package is missing (see .ci/system-deps), unless
    KG_REQUIRE_SYSTEM_DEPS=1 (as in CI), where a missing package is a failure."""
    import os

    if present:
        return
    if os.environ.get("KG_REQUIRE_SYSTEM_DEPS") == "1":
        pytest.fail(f"{what} is required (KG_REQUIRE_SYSTEM_DEPS=1)")
    pytest.skip(f"{what} is not installed (.ci/system-deps installs it)")


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Selenium."""
    chromium, driver_path = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    require_system("chromium and chromedriver", bool(chromium and driver_path))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()
