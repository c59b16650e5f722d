"""States and codes are shown by their label, in the reader's language.

A page in Vietnamese never shows a raw code ("received", "agree"); the same pages switched to
English show no Vietnamese label, option or status (proper names and what people typed aside).
The data covers every step a case goes through, matters in every state and a paper-ballot
mismatch, so that each label is rendered at least once.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models

from danchu.cases import services as case_services
from danchu.cases.models import EventAction
from danchu.cases.tests.factories import DENOUNCER, file_case
from danchu.consultations.tests.factories import consultation
from danchu.core import labels
from danchu.decisions import services as decision_services
from danchu.decisions.models import ChannelRule, Form, YesNo
from danchu.decisions.tests.factories import hamlet_head, households, matter

_SKIP = {"script", "style", "template", "textarea"}


class _Text(HTMLParser):
    """The visible text of a page: text nodes, not tags, attributes or URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in _SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def state_codes() -> set[str]:
    """Every code value of every `Choices` class in the project's models modules (also those, like
    the case steps, that no field declares) and of every field with choices."""
    codes = set()
    for config in apps.get_app_configs():
        module = getattr(config, "models_module", None)
        if module is None or not config.name.startswith("danchu."):
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, models.Choices) and obj.__module__ == module.__name__:
                codes |= {v for v in obj.values if isinstance(v, str) and len(v) > 2}
    for model in apps.get_models():
        if not model.__module__.startswith("danchu."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and len(value) > 2 and not value.isdigit():
                    codes.add(value)
    return codes


def raw_codes(text: str, codes: set[str]) -> set[str]:
    return {c for c in codes if re.search(rf"(?<![\w/.-]){re.escape(c)}(?![\w/.-])", text)}


@pytest.fixture
def world(tree, officer_a, chair_a):
    commune, hamlet = tree["a"], tree["a1"]
    cases = {}
    cases["received"] = file_case(commune, title="Ống nước vỡ")
    accepted = file_case(commune, "denunciation", title="Tố cáo sai phạm")
    case_services.case_accept(actor=officer_a, case=accepted, complex_case=True)
    case_services.case_extend(actor=officer_a, case=accepted, reason="Cần xác minh thêm")
    case_services.case_suspend(actor=officer_a, case=accepted, reason="Chờ kết quả giám định")
    case_services.case_resume(actor=officer_a, case=accepted)
    cases["accepted"] = accepted
    resolved = file_case(commune, "recommendation", title="Kiến nghị làm đường")
    case_services.case_accept(actor=officer_a, case=resolved)
    cases["resolved"] = case_services.case_resolve(actor=officer_a, case=resolved, answer="Đã đưa vào kế hoạch")
    cases["refused"] = case_services.case_refuse(actor=officer_a, case=file_case(commune, title="Đơn trùng"),
                                                 ground="Không thuộc thẩm quyền")
    cases["transferred"] = case_services.case_transfer_external(
        actor=officer_a, case=file_case(commune, title="Tranh chấp"), body="Tòa án nhân dân khu vực 1",
        reason="Thuộc thẩm quyền của Tòa án")
    into = file_case(commune, title="Rác thải ở chợ")
    cases["merged"] = case_services.case_merge(actor=officer_a, case=file_case(commune, title="Rác ở chợ"), into=into)

    head = hamlet_head(hamlet)
    hs = households(hamlet, 4)
    matters = {"draft": matter(head, hamlet, open_=False, title="Việc dự thảo")}
    voting = matter(head, hamlet, form=Form.MEETING_BALLOT, title="Việc đang biểu quyết",
                    channel_rule=ChannelRule.ONLINE_FIRST)
    decision_services.paper_enter(actor=head, matter=voting, household_code=hs[0].code, choice=YesNo.AGREE)
    decision_services.paper_enter(actor=officer_a, matter=voting, household_code=hs[0].code,
                                  choice=YesNo.DISAGREE)
    matters["open"] = voting
    closed = matter(head, hamlet, title="Việc đã kết thúc")
    decision_services.attendance_record(actor=head, matter=closed, present_codes=[h.code for h in hs[:3]])
    decision_services.hands_record(actor=head, matter=closed, choices={h.code: YesNo.AGREE for h in hs[:3]})
    matters["closed"] = decision_services.matter_close(actor=head, matter=closed)

    consultations = [consultation(officer_a, commune, publish=False), consultation(officer_a, commune)]
    return {"commune": commune, "hamlet": hamlet, "head": head, "cases": cases, "matters": matters,
            "consultations": consultations, "officer": officer_a}


def pages(world) -> list[tuple[str, object]]:
    """(url, user to log in as or None): the public, officer and hamlet pages that show states."""
    c, h, officer, head = world["commune"], world["hamlet"], world["officer"], world["head"]
    out = [(f"/u/{c.code}/", None), (f"/u/{h.code}/", None), (f"/u/{h.code}/ban-quyet/", None),
           (f"/u/{c.code}/gop-y/", None), (f"/quan-ly/{c.code}/ho-so/", officer),
           (f"/quan-ly/{h.code}/ban-quyet/", head), (f"/quan-ly/{c.code}/gop-y/", officer),
           (f"/bao-cao/{c.code}/", officer)]
    for case in world["cases"].values():
        out.append((f"/tra-cuu/?code={case_services.format_code(case.tracking_code)}", None))
        out.append((f"/quan-ly/ho-so/{case.pk}/", officer))
    for m in world["matters"].values():
        out.append((f"/quan-ly/ban-quyet/{m.pk}/", head))
        if m.status != "draft":
            out.append((f"/u/{h.code}/ban-quyet/{m.pk}/", None))
    out.append((f"/quan-ly/ban-quyet/{world['matters']['open'].pk}/hop/", head))
    for cons in world["consultations"]:
        if cons.status != "draft":
            out.append((f"/gop-y/{cons.pk}/", None))
    return out


def _get(client, url, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


def test_the_label_filter_translates_and_passes_unknown_text_through(settings):
    from django.utils import translation

    with translation.override("en"):
        assert labels.label(EventAction.RECEIVED.label) == "Received"
        assert labels.label("Thôn Đồng Quê") == "Thôn Đồng Quê"
        assert labels.label("") == "" and labels.label(None) == ""
        assert [str(text) for _, text in labels.choices(ChannelRule.choices)] == [
            "Count the paper ballot or the show of hands at the meeting, not the online vote",
            "Count the online vote, not the paper ballot or the show of hands at the meeting",
        ]
    with translation.override("vi"):
        assert str(labels.choices(ChannelRule.choices)[0][1]) == ChannelRule.IN_PERSON_FIRST.label


def test_the_counting_rule_says_which_ballots_count():
    """The rule for a household that voted twice: the label names the one counted and the one not."""
    assert ChannelRule.IN_PERSON_FIRST.label == "Tính phiếu giấy hoặc giơ tay tại cuộc họp, không tính phiếu trực tuyến"
    assert ChannelRule.ONLINE_FIRST.label == "Tính phiếu trực tuyến, không tính phiếu giấy hoặc giơ tay tại cuộc họp"


def test_state_codes_are_collected_from_the_models():
    codes = state_codes()
    assert {"received", "accepted", "resolved", "agree", "disagree", "in_person_first", "draft", "notify",
            "merged_in"} <= codes
    assert raw_codes("Hồ sơ received — ok", codes) == {"received"}
    assert not raw_codes("/tra-cuu/received/ và received_on", codes)


@pytest.mark.django_db
def test_vietnamese_pages_show_labels_not_codes(client, world):
    codes = state_codes()
    seen = []
    for url, user in pages(world):
        text = _get(client, url, user)
        found = raw_codes(text, codes)
        assert not found, f"{url}: raw codes {sorted(found)} in the page text"
        seen.append(text)
    everything = "\n".join(seen)
    # The labels really are rendered (the pages are not empty of states).
    for label in (EventAction.RECEIVED.label, EventAction.ACCEPTED.label, EventAction.RESOLVED.label,
                  EventAction.SUSPENDED.label, "Đã thụ lý", "Đã giải quyết, trả lời", "Đang biểu quyết",
                  "Dự thảo", ChannelRule.ONLINE_FIRST.label):
        assert label in everything, label
    meeting = _get(client, f"/quan-ly/ban-quyet/{world['matters']['open'].pk}/hop/", world["head"])
    assert "lần 1 Đồng ý, lần 2 Không đồng ý" in meeting


# Words of Vietnamese that carry a diacritic; none of them may remain in an English page once the
# proper names and the user-entered content of the fixture are taken out.
_VIETNAMESE_WORD = re.compile(r"\w*[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]\w*",
                              re.IGNORECASE)


_DEADLINE_TABLE = re.compile(r'<table class="deadlines">.*?</table>', re.S)


def _user_content(world) -> list[str]:
    from danchu.accounts.models import User
    from danchu.units.models import Household, Resident, Unit

    # Names of units and people, and the official kind of each unit ("Xã", "Thôn") that goes with
    # its name; "Tiếng Việt" is the language switch naming the language in itself.
    texts = [u.name for u in Unit.objects.all()] + [u.full_name for u in User.objects.all()] + ["Tiếng Việt"]
    texts += ["Dân vận khéo"]  # the name of the movement, kept in English text
    texts += [u.division_type[:1].upper() + u.division_type[1:] for u in Unit.objects.all()]
    texts += [r.full_name for r in Resident.objects.all()] + [h.code for h in Household.objects.all()]
    texts += [DENOUNCER.full_name, DENOUNCER.address]
    for case in [*world["cases"].values(), *(c.merged_into for c in world["cases"].values() if c.merged_into)]:
        case.refresh_from_db()
        texts += [case.title, case.body, case.answer, case.refusal_ground, case.transferred_to, case.transfer_reason,
                  case.accused, case.violation, case.decision_complained]
        texts += [e.note for e in case.events.all()]
    for m in world["matters"].values():
        texts += [m.title, m.description]
    for cons in world["consultations"]:
        cons.refresh_from_db()
        texts += [cons.title, cons.summary, cons.draft_text, cons.draft_name]
        # The draft's own structure ("Điều 1", "Chương I") is the draft's Vietnamese text.
        texts += [x for s in cons.sections.all() for x in (s.heading, s.ref, s.label, s.text)]
    return sorted({t for t in texts if t}, key=len, reverse=True)


@pytest.mark.django_db
def test_english_pages_have_no_vietnamese_labels(client, world):
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    content = _user_content(world)
    problems = {}
    for url, user in pages(world):
        if url.startswith("/bao-cao/"):
            # The report's indicator names and periods are registered by each area (indicators.py)
            # as Vietnamese text, not yet translated: the Vietnamese page is checked above.
            continue
        client.logout()
        client.cookies["django_language"] = "en"
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en">' in html, url
        # The deadline table cites the law as `cases.deadlines` computed and stored it, in Vietnamese.
        text = visible_text(_DEADLINE_TABLE.sub("", html))
        for t in content:
            for line in t.splitlines():
                if line.strip():
                    text = re.sub(rf"(?<!\w){re.escape(line.strip())}(?!\w)", " ", text)
        left = [line.strip() for line in text.splitlines() if _VIETNAMESE_WORD.search(line)]
        if left:
            problems[url] = left
    assert not problems, f"Vietnamese left in English pages: {problems}"
