"""The law's validity and adoption rules as pure functions (Law 10/2022 Art. 21; Art. 19(1)(b);
Decree 59 Art. 5(4); Decree 61 Art. 10), so that property tests reach every threshold directly.

Denominators are ALL households of the hamlet (frozen electorate), never those present.

    2/3   : approve * 3 >= total * 2     (Art. 21(1): Art. 15 items 1, 2 in a village)
    > 50% : approve * 2 >  total         (Art. 21(1): items 3, 4, 5, 6)
    commune-wide items 1, 2: approving hamlets * 3 >= hamlets * 2 (Art. 21(2)), a hamlet counting
    as approving only if it met its own 2/3 of households — the reading that protects the citizen
    (the Law itself does not say how a village "approves").

Not valid: so few households took part that the threshold could not have been reached even if all
of them approved (Art. 19(1)(b): such a meeting cannot decide; ballots must follow).
"""

from __future__ import annotations

from dataclasses import dataclass, field

TWO_THIRDS = "2/3"
MAJORITY = ">1/2"


def meets(threshold: str, approve: int, total: int) -> bool:
    if total <= 0:
        return False
    if threshold == TWO_THIRDS:
        return approve * 3 >= total * 2
    return approve * 2 > total


def threshold_for(kind: str) -> str:
    return TWO_THIRDS if kind in ("contribution", "funds") else MAJORITY


@dataclass
class HamletCount:
    total: int  # households in the frozen electorate of this hamlet
    participated: int  # households with a counted voice
    by_option: dict[str, int] = field(default_factory=dict)


@dataclass
class Outcome:
    result: str  # adopted / not_adopted / not_valid
    option: str  # the option adopted, or the leading one
    approve: int
    total: int
    participated: int
    hamlets_total: int = 1
    hamlets_approving: int = 0
    hamlets: dict[str, dict] = field(default_factory=dict)
    by_option: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    double_channel: int = 0


def _leader(by_option: dict[str, int], approve_key: str | None) -> tuple[str, int]:
    if approve_key is not None:
        return approve_key, by_option.get(approve_key, 0)
    if not by_option:
        return "", 0
    # Highest count; ties broken by key so the tally is reproducible (a tie cannot reach >50%).
    key = min(by_option, key=lambda k: (-by_option[k], k))
    return key, by_option[key]


def decide(*, kind: str, commune_wide: bool, hamlets: dict[str, HamletCount], approve_key: str | None) -> Outcome:
    """`approve_key` is "agree" for yes/no matters; None for a list or amounts (the leading option
    must reach the threshold on its own)."""
    threshold = threshold_for(kind)
    total = sum(h.total for h in hamlets.values())
    participated = sum(h.participated for h in hamlets.values())
    merged: dict[str, int] = {}
    for h in hamlets.values():
        for k, v in h.by_option.items():
            merged[k] = merged.get(k, 0) + v
    if not commune_wide:
        option, approve = _leader(merged, approve_key)
        if not meets(threshold, participated, total):
            result = "not_valid"
        elif meets(threshold, approve, total):
            result = "adopted"
        else:
            result = "not_adopted"
        return Outcome(result, option, approve, total, participated, by_option=merged)

    # Commune-wide (Art. 21(2)): the option is decided commune-wide, each hamlet judged on it.
    option, approve = _leader(merged, approve_key)
    per: dict[str, dict] = {}
    approving = possible = 0
    for code, h in sorted(hamlets.items()):
        ok = meets(threshold, h.by_option.get(option, 0), h.total)
        could = meets(threshold, h.participated, h.total)
        approving += ok
        possible += could
        per[code] = {"total": h.total, "participated": h.participated, "approve": h.by_option.get(option, 0),
                     "approved": ok, "quorum": could}
    n = len(hamlets)
    if not meets(TWO_THIRDS, possible, n):
        result = "not_valid"
    elif meets(TWO_THIRDS, approving, n):
        result = "adopted"
    else:
        result = "not_adopted"
    return Outcome(result, option, approve, total, participated, n, approving, per, by_option=merged)


# --- a meeting, and the ballot round when the meeting could not decide ----------------------------
# Law Art. 17 and Art. 19(1)(b); Decree 59 Art. 4(1); Decree 61 Art. 10: the households decide at the
# hamlet meeting; ballots are handed to the households only when no meeting could be held or the
# meeting held could not decide because too few households attended. A meeting decides when the
# households present could on their own reach the threshold the matter needs (more than half of all
# households; two thirds for Art. 15 items 1 and 2) — the share below which the tally above calls a
# vote not valid. The ballot round is then a separate round over ALL households of the hamlet, those
# who came to the meeting included: the meeting's hands and the ballots are never added together.
MEETING, BALLOTS = "meeting", "paper"


def meeting_decides(kind: str, present: int, total: int) -> bool:
    """Did enough households attend the meeting for it to decide (so that no ballot round follows)?"""
    return meets(threshold_for(kind), present, total)


def round_count(*, kind: str, total: int, present: int, meeting: dict[str, int],
                ballots: dict[str, int]) -> tuple[str, HamletCount]:
    """One hamlet's count for a matter decided at a meeting with ballots as its fallback: the
    meeting's hands when the meeting decided, else the ballot round alone. Returns the round's
    channel and the hamlet's count."""
    channel, by = (MEETING, meeting) if meeting_decides(kind, present, total) else (BALLOTS, ballots)
    by = {k: v for k, v in by.items() if v}
    return channel, HamletCount(total=total, participated=sum(by.values()), by_option=by)
