"""What other areas announce that dân biết must act on (core.registry facts).

A community decision that the commune People's Committee recognises (Law Art. 21) is then made
public: conventions, village-head and board elections, other self-managed affairs under Art. 11
item 14 ("other content required by law or the commune's democracy regulation"), contributions
and community funds under item 5 ("contributions mobilised from the people"). The disclosure is
published by the official who recognised the decision, in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from danchu.units.models import Level, Unit

from .models import DisclosureCategory
from .services import Content, disclosure_create_draft, disclosure_publish

# decisions' Matter.kind → catalogue code (Law Art. 11)
CATEGORY_FOR_DECISION = {
    "contribution": "commune-11-5",
    "funds": "commune-11-5",
    "convention": "commune-11-14",
    "hamlet_head": "commune-11-14",
    "boards": "commune-11-14",
    "other": "commune-11-14",
}


def publish_recognized_decision(*, actor, unit: Unit, kind: str, title: str, body: str, decision_ref: str = "",
                                decision_date: dt.date | None = None):
    commune = unit if unit.level == Level.COMMUNE else Unit.objects.get(pk=unit.parent_id)
    category = DisclosureCategory.objects.get(code=CATEGORY_FOR_DECISION[kind])
    content = Content(title=title, body=body, channels=list(category.required_channels), decision_ref=decision_ref,
                      decision_date=decision_date)
    draft = disclosure_create_draft(user=actor, unit=commune, category=category, content=content)
    return disclosure_publish(user=actor, disclosure=draft)
