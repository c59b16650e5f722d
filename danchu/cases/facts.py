"""Facts other area apps announce that oblige the cases app to act (core.registry).

"reception.case_raised": a person received at a citizen-reception day raised a complaint,
denunciation, feedback or recommendation. It becomes a case through the officer's in-person intake
(`services.case_receive`, channel "reception": the receiving officer must handle the commune's cases),
with the same checks as any case (Law on Complaints Art. 8, Law on Denunciations Arts. 23, 25); the
identity is encrypted here. Returns the tracking code. A refusal raises, and the announcing
service's transaction writes nothing.

"disclosure.question": a citizen's question about a public disclosure is received as feedback
(phản ánh): it then has a tracking code, the legal handling deadline and an answer like any other
feedback. Returns the tracking code.
"""

from __future__ import annotations

import datetime as dt

from .models import Channel, Kind
from .services import Identity, case_receive, case_submit


def case_from_reception(*, actor, unit, kind: str, title: str, body: str, received_on: dt.date, identity: dict,
                        decision_complained: str = "", accused: str = "", violation: str = "",
                        idempotency_key: str | None = None, **_ignored) -> str:
    case, _ = case_receive(
        user=actor, unit=unit, kind=kind, title=title, body=body, channel=Channel.RECEPTION,
        identity=Identity(**{k: identity.get(k, "") for k in ("full_name", "address", "phone", "email", "id_number")}),
        received_on=received_on, decision_complained=decision_complained, accused=accused, violation=violation,
        idempotency_key=idempotency_key,
    )
    return case.tracking_code


def case_from_disclosure_question(*, user, unit, title: str, text: str, reference: str, idempotency_key: str,
                                  phone: str = "", email: str = "") -> str:
    """The contact the asker typed (an anonymous asker has no other) comes before the account's; it is
    sealed in the case's identity like any filer's, and the answer is sent there."""
    identity = Identity(full_name=getattr(user, "full_name", "") or "",
                        phone=phone or getattr(user, "phone", "") or "",
                        email=email or getattr(user, "email", "") or "")
    case, _created = case_submit(
        user=user, unit=unit, kind=Kind.FEEDBACK, title=title[:200], body=f"{text}\n\n{reference}",
        channel=Channel.WEB, identity=identity, idempotency_key=idempotency_key,
    )
    return case.tracking_code
