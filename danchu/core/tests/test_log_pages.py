"""The transparency log for people: a browser following a /log/ link gets a page (Vietnamese first)
showing the entry, its record, hashes and Merkle proof, with a link to the raw JSON; a monitor asking
for JSON (`danchu verify-log` sends Accept: application/json) gets exactly the JSON it always got."""

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction

from danchu.core import transparency
from danchu.core.models import LogEntry
from danchu.core.transparency import log_append

pytestmark = pytest.mark.django_db

BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
MONITOR = {"HTTP_ACCEPT": "application/json"}


def _append(object_type="disclosure", object_id=5, payload=None, kind="disclosure.publish"):
    with transaction.atomic():
        return log_append(kind=kind, object_type=object_type, object_id=object_id,
                          payload=payload if payload is not None else {"type": object_type, "id": object_id, "unit": "T0A",
                                                                       "organization": None, "title": "Kế hoạch"})


def _links(html: str) -> list[str]:
    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                found.extend(v for k, v in attrs if k == "href")

    Links().feed(html)
    return found


def _log_links(html: str) -> list[str]:
    return [h for h in _links(html) if h.startswith("/log/")]


def test_an_entry_opened_in_a_browser_is_a_page_with_its_data(client):
    first = _append()
    entry = _append(payload={"type": "disclosure", "id": 5, "unit": "T0A", "organization": None, "title": "Đính chính"},
                    kind="disclosure.correct")
    r = client.get(f"/log/entries/{entry.seq}/", **BROWSER)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    assert "Accept" in r["Vary"]
    html = r.content.decode()
    assert f"#{entry.seq}" in html and "disclosure.correct" in html
    assert "Thông tin công khai" in html  # the kind of record, in words
    for value in (entry.payload_sha256, entry.hash, first.hash, entry.at.strftime("%Y-%m-%dT%H:%M:%S")):
        assert value in html
    leaf, path = transparency.inclusion_proof(entry.seq - 1, entry.seq)
    assert leaf.hex() in html and all(h.hex() in html for h in path)
    assert transparency.latest_tree_head()["root_hash"] in html
    assert 'href="/u/T0A/cong-khai/5/"' in html  # the record's public page
    assert "Đính chính" in html  # the content logged
    # the raw JSON is one link away, and is the JSON a monitor gets
    assert f"/log/entries/{entry.seq}/?format=json" in _links(html)
    raw = client.get(f"/log/entries/{entry.seq}/?format=json", **BROWSER)
    assert raw["Content-Type"] == "application/json" and raw.json() == client.get(f"/log/entries/{entry.seq}/").json()
    assert "Dữ liệu gốc (JSON)" in html


def test_monitors_get_the_json_as_before(client):
    entry = _append()
    for headers in ({}, MONITOR, {"HTTP_ACCEPT": "*/*"}):
        r = client.get(f"/log/entries/{entry.seq}/", **headers)
        assert r["Content-Type"] == "application/json" and r.json()["hash"] == entry.hash
        assert r["Cache-Control"] == "public, max-age=10" and "Accept" in r["Vary"]
        assert client.get("/log/", **headers).json()["size"] == 1
        assert client.get("/log/entries/?after=0", **headers).json()["entries"][0]["seq"] == 1
        assert client.get("/log/objects/disclosure/5/", **headers).json()["entries"][0]["seq"] == 1
    # explicit ?format=html for a person whose browser sends no Accept
    assert client.get(f"/log/entries/{entry.seq}/?format=html")["Content-Type"].startswith("text/html")


def test_the_pages_links_lead_to_pages(client):
    for i in range(3):
        _append(object_id=i + 1)
    seen: set[str] = set()
    todo = ["/log/"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        r = client.get(url, **BROWSER)
        assert r.status_code == 200, url
        if "format=json" in url or not re.match(r"^/log/(\?|entries/|objects/|$)", url):
            continue  # the raw JSON links, the checkpoints, key and records (JSON, said so on the link)
        assert r["Content-Type"].startswith("text/html"), url
        html = r.content.decode()
        assert "Dữ liệu gốc (JSON)" in html, url
        todo.extend(h.replace("&amp;", "&") for h in _log_links(html))
    assert {"/log/entries/1/", "/log/entries/2/", "/log/entries/3/", "/log/objects/disclosure/2/"} <= seen


def test_the_history_of_a_record_is_a_page(client):
    a = _append(object_id=7)
    b = _append(object_id=7, kind="disclosure.withdraw",
                payload={"type": "disclosure", "id": 7, "unit": "T0A", "organization": None, "status": "withdrawn"})
    html = client.get("/log/objects/disclosure/7/", **BROWSER).content.decode()
    assert f"/log/entries/{a.seq}/" in _links(html) and f"/log/entries/{b.seq}/" in _links(html)
    assert a.payload_sha256 in html and b.payload_sha256 in html and 'href="/u/T0A/cong-khai/7/"' in html
    assert "/log/objects/disclosure/7/?format=json" in _links(html)
    assert "Chưa có lần ghi nào" in client.get("/log/objects/disclosure/99/", **BROWSER).content.decode()


def test_an_organizations_internal_record_has_no_public_page_link(client):
    # Law 10/2022 Arts. 46-48, 64-66: internal to the organization; the log keeps only its hash.
    entry = _append(object_id=9, payload={"type": "disclosure", "id": 9, "unit": "T0A", "organization": 3,
                                          "internal_content_sha256": "0" * 64})
    html = client.get(f"/log/entries/{entry.seq}/", **BROWSER).content.decode()
    assert "/cong-khai/9/" not in html and 'id="public-page"' not in html


def test_the_entries_page_shows_the_newest_and_pages_back(client):
    for i in range(5):
        _append(object_id=i + 1)
    html = client.get("/log/entries/?limit=2", **BROWSER).content.decode()
    assert "/log/entries/5/" in html and "/log/entries/4/" in html and "/log/entries/3/" not in html
    assert "/log/entries/?after=1&amp;limit=2" in html  # the older ones
    html = client.get("/log/entries/?after=0&limit=2", **BROWSER).content.decode()
    assert "/log/entries/1/" in html and "/log/entries/?after=2&amp;limit=2" in html
    assert LogEntry.objects.count() == 5
