"""Property: whatever text a person or a program puts in the main public searches and lists — control
characters, lone punctuation, huge numbers, other scripts, very long strings — the answer is never a
server error (pages and API; SQLite and PostgreSQL)."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Text as typed, pasted or forged: any character outside the surrogates (which a URL cannot carry as
# UTF-8), with the troublesome ones made likely.
TRICKY = st.sampled_from(["\x00", "\x13", "\x1b", "\x7f", "&", "%", "_", "\\", "'", '"', "..", "đ", "Đ", "\u0301",
                          "99999999999999999999", "-1", "0", "9999-12-31", "NaN", "1e400", "\t", "\n", " ", "\ufffe",
                          "😀", "中"])
TEXT = st.lists(st.one_of(TRICKY, st.characters(exclude_categories=("Cs",))), max_size=30).map("".join)

SEARCHES = [
    "/u/?q={}", "/cong-khai/?q={}", "/u/T0A/cong-khai/?q={}", "/u/T0A/cong-khai/?category={}&year={}",
    "/u/T0A/dan-van-kheo/?q={}&field={}", "/u/T0A/doi-thoai/?page={}", "/u/T0A/tiep-cong-dan/?thang={}",
    "/tra-cuu/?code={}", "/api/v1/units?q={}&page={}", "/api/v1/disclosures?q={}&year={}",
    "/api/v1/disclosures?unit=T0A&q={}&category={}", "/api/v1/good-practices?unit=T0A&q={}&offset={}",
    "/api/v1/dialogues?unit={}", "/api/v1/reception/days?unit=T0A&start={}&end={}",
    "/open311/v2/requests.json?status={}&service_code={}", "/u/{}/",
]


@pytest.fixture
def published_a(tree, officer_a):
    from danchu.disclosures.tests.factories import published

    return published(officer_a, tree["a"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=TEXT, second=TEXT)
def test_public_searches_never_answer_a_server_error(client, published_a, first, second):
    for template in SEARCHES:
        url = template.format(quote(first, safe=""), quote(second, safe=""))
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
