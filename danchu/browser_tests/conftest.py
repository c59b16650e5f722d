"""Browser flows: Playwright's sync API driving Debian's chromium against pytest-django's live server.

Never `playwright install` (its downloads are not reachable here): the tests use the system
chromium at /usr/bin/chromium (`apt-get install -y --no-install-recommends chromium`). Without
it the tests are skipped — unless CI=true, where a missing browser is a failure.

Each xdist worker starts its own live server (a free port) and its own browser; every test
gets a fresh browser context (no cookies shared between tests).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (factories, assertions) are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (required under CI=true)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    # A transactional test flushes every table afterwards, data shipped by migrations included; put
    # the disclosure catalogue back so that the order in which xdist deals the tests does not matter.
    from danchu.disclosures.catalogue import sync_catalogue

    sync_catalogue()
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 412, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    p = context.new_page()
    yield p
    context.close()
