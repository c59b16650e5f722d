"""Matrix cases (core/tests/matrix.py): valid arguments for each declared disclosures service."""

from danchu.core.tests.matrix import case, variant
from danchu.disclosures.services import disclosure_create_draft, disclosure_publish

from .factories import category, content, pdf_upload

COMMUNE_CATEGORY = "commune-11-3"


def _org_category(w):
    from danchu.disclosures.models import DisclosureCategory

    return DisclosureCategory.objects.filter(scope="enterprise").order_by("code").first()


def _org_content(**kw):
    return content(channels=["notice_workplace"], **kw)


def _draft(w, *, organization=None):
    if organization is None:
        return disclosure_create_draft(user=w.officer_a, unit=w.a, category=category(COMMUNE_CATEGORY), content=content())
    return disclosure_create_draft(user=w.head_org, unit=organization.unit, organization=organization,
                                   category=_org_category(w), content=_org_content())


def _published(w, *, organization=None):
    d = _draft(w, organization=organization)
    return disclosure_publish(user=w.officer_a if organization is None else w.head_org, disclosure=d).disclosure


@case("disclosures.disclosure_create_draft")
def create_draft(w):
    return [
        variant(w.a, unit=w.a, category=category(COMMUNE_CATEGORY), content=content()),
        variant(w.org, label="enterprise", unit=w.a, organization=w.org, category=_org_category(w), content=_org_content()),
    ]


@case("disclosures.disclosure_update_draft")
def update_draft(w):
    return [variant(w.a, disclosure=_draft(w), content=content(title="Sửa")),
            variant(w.org, label="enterprise", disclosure=_draft(w, organization=w.org), content=_org_content(title="Sửa"))]


@case("disclosures.disclosure_add_attachment")
def add_attachment(w):
    return [variant(w.a, disclosure=_draft(w), upload=pdf_upload()),
            variant(w.org, label="enterprise", disclosure=_draft(w, organization=w.org), upload=pdf_upload())]


@case("disclosures.disclosure_publish")
def publish(w):
    return [variant(w.a, disclosure=_draft(w)),
            variant(w.org, label="enterprise", disclosure=_draft(w, organization=w.org))]


@case("disclosures.disclosure_correct")
def correct(w):
    return [variant(w.a, disclosure=_published(w), content=content(title="Đính chính"), note="Sai số liệu"),
            variant(w.org, label="enterprise", disclosure=_published(w, organization=w.org),
                    content=_org_content(title="Đính chính"), note="Sai số liệu")]


@case("disclosures.disclosure_withdraw")
def withdraw(w):
    return [variant(w.a, disclosure=_published(w), reason="Ban hành nhầm"),
            variant(w.org, label="enterprise", disclosure=_published(w, organization=w.org), reason="Ban hành nhầm")]


# --- selectors of what is not public ----------------------------------------------------------------


@case("disclosures.disclosure_get_for_edit")
def get_for_edit(w):
    return [variant(w.a, pk=_draft(w).pk),
            variant(w.a, label="published", pk=_published(w).pk),
            variant(w.org, label="enterprise", pk=_draft(w, organization=w.org).pk)]


@case("disclosures.disclosure_list_for_editor")
def list_for_editor(w):
    _draft(w)
    return [variant(w.a, unit=w.a), variant(w.a1, label="hamlet", unit=w.a1)]


@case("disclosures.organization_for")
def organization_for(w):
    return [variant(w.org, label="enterprise", org_id=w.org.pk), variant(w.org2, label="agency", org_id=w.org2.pk)]


@case("disclosures.disclosure_list_for_organization")
def list_for_organization(w):
    _published(w, organization=w.org)
    _draft(w, organization=w.org)
    return [variant(w.org, label="enterprise, published", organization=w.org),
            variant(w.org, label="enterprise, drafts too", organization=w.org, drafts=True)]


@case("disclosures.question_list")
def question_list(w):
    from danchu.disclosures.services import question_ask

    question_ask(user=w.citizen, disclosure=_published(w), text="Bao giờ thu hồi đất?")
    return variant(w.a, unit=w.a)


@case("disclosures.due_items")
def due_items(w):
    return variant(w.a, unit=w.a)
