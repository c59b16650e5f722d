"""Facts other areas announce that become cases (core.registry; the areas never import cases).

- "disclosure.question": a citizen's question about a public disclosure is received as feedback
  (phản ánh): it then has a tracking code, the legal handling deadline and an answer like any
  other feedback. Returns the tracking code.
"""

from .models import Channel, Kind
from .services import Identity, case_submit


def case_from_disclosure_question(*, user, unit, title: str, text: str, reference: str, idempotency_key: str) -> str:
    identity = Identity(full_name=getattr(user, "full_name", "") or "", phone=getattr(user, "phone", "") or "",
                        email=getattr(user, "email", "") or "")
    case, _created = case_submit(
        user=user, unit=unit, kind=Kind.FEEDBACK, title=title[:200], body=f"{text}\n\n{reference}",
        channel=Channel.WEB, identity=identity, idempotency_key=idempotency_key,
    )
    return case.tracking_code
