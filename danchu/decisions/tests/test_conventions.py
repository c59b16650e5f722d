"""Village conventions (Decree 61/2023): draft → 30-day comments → vote → recognition → in force;
an amendment follows the same path and the earlier text becomes history."""

import datetime as dt

import pytest
from django.urls import reverse

from danchu.core.errors import DomainError
from danchu.decisions import services
from danchu.decisions.models import ConventionStatus, ConventionVersion, Result

from .factories import hamlet_head, households


def _age(version, days=30):
    ConventionVersion.objects.filter(pk=version.pk).update(comment_until=version.comment_until - dt.timedelta(days=days))
    version.refresh_from_db()


def _vote(head, m, hs, yes: int):
    m = services.matter_open(actor=head, matter=m)
    services.attendance_record(actor=head, matter=m, present_codes=[h.code for h in hs])
    services.hands_record(actor=head, matter=m, choices={h.code: ("agree" if i < yes else "disagree")
                                                          for i, h in enumerate(hs)})
    return services.matter_close(actor=head, matter=m)


def test_convention_path_and_amendment(client, tree, chair_a, citizen):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 5)
    v1 = services.convention_draft(actor=head, hamlet=hamlet, title="thôn Đồng Quê", text="Điều 1. Giữ gìn vệ sinh chung.")
    services.convention_post(actor=head, version=v1)
    services.convention_comment(actor=citizen, version=v1, text="Đề nghị thêm quy định về tiếng ồn.")
    with pytest.raises(DomainError) as exc:
        services.convention_to_vote(actor=head, version=v1)  # the 30 days are not over
    assert exc.value.code == "convention_state"
    _age(v1)
    m = services.convention_to_vote(actor=head, version=v1)
    assert m.kind == "convention" and m.description.startswith("Điều 1.")
    m = _vote(head, m, hs, yes=3)  # 3 of 5 > 50%
    assert m.result == Result.ADOPTED
    services.matter_recognize(actor=chair_a, matter=m, accept=True)
    v1.refresh_from_db()
    assert v1.status == ConventionStatus.IN_FORCE and v1.in_force_from is not None

    v2 = services.convention_draft(actor=head, hamlet=hamlet, title="", text="Điều 1. Giữ gìn vệ sinh, không gây ồn.",
                                   convention=v1.convention)
    with pytest.raises(DomainError):
        services.convention_draft(actor=head, hamlet=hamlet, title="", text="x", convention=v1.convention)
    services.convention_post(actor=head, version=v2)
    _age(v2)
    m2 = _vote(head, services.convention_to_vote(actor=head, version=v2), hs, yes=5)
    services.matter_recognize(actor=chair_a, matter=m2, accept=True)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (ConventionStatus.SUPERSEDED, ConventionStatus.IN_FORCE)

    page = client.get(reverse("decisions:conventions", args=[hamlet.code])).content.decode()
    assert "không gây ồn" in page and "Đã được thay thế" in page and "Đề nghị thêm quy định" in page
    assert "không gây ồn" in client.get(reverse("decisions:conventions", args=[tree["a"].code])).content.decode()


def test_convention_not_adopted_is_rejected_and_nothing_in_force(tree):
    hamlet = tree["a2"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 4)
    v = services.convention_draft(actor=head, hamlet=hamlet, title="thôn An Nội", text="Điều 1.")
    services.convention_post(actor=head, version=v)
    _age(v)
    m = _vote(head, services.convention_to_vote(actor=head, version=v), hs, yes=2)  # 2 of 4 is not > 50%
    assert m.result == Result.NOT_ADOPTED
    v.refresh_from_db()
    assert v.status == ConventionStatus.REJECTED
