"""How long the HTML view of a large graph takes to settle in headless Chromium, offline.

Builds (or reuses) a store of all BBC politics articles, writes the whole-graph view, opens it
in headless Chromium with the network blocked and measures the time from navigation start until
the page sets ``document.body.dataset.settled`` (physics stopped, first frame drawn)::

    .venv/bin/python -m bench.viz_scale                 # store cached in /tmp
    .venv/bin/python -m bench.viz_scale --fresh --screenshot /tmp/bbc.png

The Chromium helpers here are also used by the browser tests (``tests/browser``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CHROMIUM",
    "CHROMEDRIVER",
    "Measurement",
    "chromium_missing",
    "build_store",
    "headless_chromium",
    "measure",
    "requested_urls",
    "wait_settled",
    "main",
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[1]
POLITICS = (ROOT / ".." / "shared" / "corpus" / "bbc" / "politics").resolve()
DEFAULT_STORE = Path(tempfile.gettempdir()) / "newskg-viz-scale" / "store"

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
# Nothing resolves and every connection goes to a proxy that is not there: offline.
_OFFLINE_FLAGS = (
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)


@dataclass(frozen=True)
class Measurement:
    """Nodes and links of the page and the seconds from navigation start to settled."""

    nodes: int
    edges: int
    seconds: float
    html_bytes: int

    def __str__(self) -> str:
        return (
            f"nodes {self.nodes}  edges {self.edges}  settled in {self.seconds:.2f} s  "
            f"page {self.html_bytes / 1e6:.1f} MB"
        )


def chromium_missing() -> str | None:
    """Why headless Chromium cannot run here, or ``None`` when it can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            return f"{path} is not installed"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


@contextmanager
def headless_chromium(*, offline: bool = True, size: tuple[int, int] = (1400, 900)) -> Iterator:
    """A selenium Chrome driver on a fresh profile, with browser and performance logs on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="newskg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*_FLAGS, *(_OFFLINE_FLAGS if offline else ())):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_settled(driver, timeout: float = 60.0) -> float:
    """Seconds from navigation start until the page said it settled; raise on timeout."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script("return document.body && document.body.dataset.settled")
    )
    return int(driver.execute_script("return document.body.dataset.settledMs")) / 1000


def requested_urls(driver) -> list[str]:
    """URLs the page requested since the last call, from Chromium's performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def build_store(corpus: Path = POLITICS, store: Path = DEFAULT_STORE, *, fresh: bool = False):
    """Ingest ``corpus`` into ``store`` unless a store is already there (or ``fresh``)."""
    from graph.store import KnowledgeGraph
    from ingest.pipeline import ingest

    if fresh and store.exists():
        shutil.rmtree(store)
    if (store / "CURRENT").exists():
        return store
    with KnowledgeGraph(store) as kg:
        summary = ingest([corpus], kg, progress=False)
    print(f"{summary}", file=sys.stderr)
    return store


def measure(html: Path, *, timeout: float = 60.0, screenshot: Path | None = None) -> Measurement:
    """Open ``html`` offline in headless Chromium and time it until settled."""
    with headless_chromium() as driver:
        driver.get(html.resolve().as_uri())
        seconds = wait_settled(driver, timeout)
        nodes, edges = driver.execute_script("return [newskg.nodes.length, newskg.edges.length]")
        if screenshot is not None:
            driver.save_screenshot(str(screenshot))
    return Measurement(nodes, edges, seconds, html.stat().st_size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.viz_scale", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=POLITICS, help="articles to ingest")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store to (re)use")
    parser.add_argument("--fresh", action="store_true", help="rebuild the store")
    parser.add_argument("--out", type=Path, default=DEFAULT_STORE.parent / "graph.html")
    parser.add_argument("--screenshot", type=Path, help="save a PNG of the settled page")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)

    reason = chromium_missing()
    if reason:
        print(f"viz_scale: {reason}", file=sys.stderr)
        return 2
    if not args.corpus.exists():
        print(f"viz_scale: {args.corpus} is absent", file=sys.stderr)
        return 2

    from graph.store import KnowledgeGraph
    from graph.viz import write_view

    started = time.perf_counter()
    store = build_store(args.corpus, args.store, fresh=args.fresh)
    print(f"store {store} ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    started = time.perf_counter()
    with KnowledgeGraph(store, read_only=True) as kg:
        write_view(kg, args.out)
    print(f"wrote {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    result = measure(args.out, timeout=args.timeout, screenshot=args.screenshot)
    print(result)
    return 0 if result.seconds < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
