"""One headless Chromium for the browser tests, offline; skipped when it is not installed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bench.viz_scale import chromium_missing, headless_chromium, requested_urls, wait_settled


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium (selenium + the system chromedriver) with the network blocked."""
    reason = chromium_missing()
    if reason:
        pytest.skip(f"headless Chromium unavailable: {reason}")
    with headless_chromium() as driver:
        yield driver


@pytest.fixture()
def open_page(browser) -> Callable[[Path], object]:
    """Open an HTML file, wait until the graph has settled, and return the driver.

    Logs are drained first, so ``requested_urls(driver)`` and ``driver.get_log("browser")``
    afterwards hold only what this page did.
    """

    def _open(path: Path, timeout: float = 30.0):
        browser.get("about:blank")
        requested_urls(browser)
        browser.get_log("browser")
        browser.get(path.resolve().as_uri())
        wait_settled(browser, timeout)
        return browser

    return _open
