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
# A cheap phone: every test starts at this size, and check_page() proves the page fits it.
PHONE = {"width": 360, "height": 740}

AXE_JS = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


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
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    p = context.new_page()
    errors: list[str] = []
    p.on("console", lambda msg: errors.append(f"{msg.text} ({p.url})") if msg.type == "error" else None)
    p.on("pageerror", lambda exc: errors.append(f"{exc} ({p.url})"))
    _CONSOLE_ERRORS[id(p)] = errors
    yield p
    _CONSOLE_ERRORS.pop(id(p), None)
    context.close()


_CONSOLE_ERRORS: dict[int, list[str]] = {}


def console_errors(page) -> list[str]:
    """The console errors (a refused script or style, a failed request, an uncaught exception) seen on
    `page` since the last check_page(); a test that opens a page it expects to fail (a 404) clears it."""
    return _CONSOLE_ERRORS[id(page)]


def check_page(page) -> None:
    """What every page visited on a phone must pass: the page itself never scrolls sideways (a wide
    table or hash scrolls inside its own box), axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation,
    and the console shows no error (a Content-Security-Policy refusal included)."""
    page.wait_for_load_state("load")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => !e.closest('.table-wrap'))
            .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' '
                             + Math.round(e.getBoundingClientRect().right))"""
    )
    assert width[0] <= width[1], f"{page.url}: {width[0]} px wide on a {width[1]} px screen; widest: {wide}"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # evaluated through the DevTools protocol, so the page's own script policy does not apply
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:4])
        for v in result["violations"]
    ]
    assert not violations, f"{page.url}: axe-core found\n" + "\n".join(violations)
    errors = console_errors(page)
    found = list(errors)
    errors.clear()
    assert not found, f"console errors: {found}"
