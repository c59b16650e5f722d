"""check_page() itself: each of its three checks fails on a page that breaks it."""

import pytest

from danchu.browser_tests.conftest import check_page, console_errors

pytestmark = pytest.mark.browser


def test_check_page_passes_the_home_page_and_fails_each_kind_of_fault(page):
    page.goto("/")
    check_page(page)

    page.evaluate("() => { const d = document.createElement('div'); d.style.width = '600px'; d.textContent = 'x';"
                  " d.id = 'wide'; document.querySelector('main').append(d); }")
    with pytest.raises(AssertionError, match="600 px wide|wide on a 360 px screen"):
        check_page(page)
    page.evaluate("() => document.getElementById('wide').remove()")

    page.evaluate("() => { const i = document.createElement('img'); i.src = 'data:,'; i.id = 'noalt';"
                  " document.querySelector('main').append(i); }")
    with pytest.raises(AssertionError, match="image-alt"):
        check_page(page)
    page.evaluate("() => document.getElementById('noalt').remove()")
    console_errors(page).clear()

    page.evaluate("() => console.error('broken')")
    with pytest.raises(AssertionError, match="broken"):
        check_page(page)
    check_page(page)  # the errors are reported once
