"""The legal deadlines of a case, each rule with its article.

Counting: the first day is not counted (Civil Code Art. 147); a period in
"ngày" is calendar days and, when its last day is not a working day, ends at the end of the next
working day (Civil Code Art. 148) — `add_days_ending_on_working_day`; "ngày làm việc" counts
working days only (`add_working_days`), which by construction never lands on a day off. A make-up
Saturday the Government declares is a working day for the authority's periods; a filing limit (the
citizen's period) ending on one runs to the next ordinary working day.

`compute(case)` returns the dates to store on the case and the rules used (shown to the
officer and the citizen). Suspension (Denunciations Art. 34(2), Complaints Art. 11a) stops the
resolution clock: while suspended there is no resolution date, and the days it stood still are
added to the period when it runs again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop, ngettext

from danchu.core.calendar import add_days_ending_on_working_day, add_working_days

# Decree 124/2020 Art. 16(1) as amended by Decree 155/2026 shortens complaint acceptance to 7 working days.
DECREE_155_FROM = dt.date(2026, 7, 1)
# Law on Complaints Art. 11a (suspending the resolution) was added by Law 136/2025/QH15, in force
# 1/7/2026. The amended law applies to complaints accepted from its effective date unless a
# transitional provision says otherwise; the acceptance limit above already follows the date of
# receipt, so the same date decides here and one complaint follows one version of the law
# throughout: a complaint received before 1/7/2026 stays under the law as it stood, without
# suspension, even when accepted after that day.
COMPLAINTS_AMENDED_FROM = dt.date(2026, 7, 1)


def complaints_amendment_applies(case) -> bool:
    """Whether the Law on Complaints as amended by Law 136/2025/QH15 governs this complaint."""
    return case.received_on >= COMPLAINTS_AMENDED_FROM


@dataclass(frozen=True)
class Rule:
    step: str  # accept | accept_outer | resolve | after
    label: str
    days: int
    working: bool
    article: str

    def due(self, start: dt.date) -> dt.date:
        # A filing limit is the citizen's period: ending on a make-up Saturday it runs to the next
        # ordinary working day (Civil Code Art. 148, read in the citizen's favour); the authority's own
        # periods keep a make-up Saturday as the working day it is.
        citizen = self.step == "filing"
        if self.working:
            return add_working_days(start, self.days, for_citizen=citizen)
        return add_days_ending_on_working_day(start, self.days, for_citizen=citizen)


# --- the rules, each beside its article ------------------------------------------------------------

# Citizen Reception Law 42/2013 Art. 28(1): within 10 working days tell the person whether the
# content was accepted, needs verification, was refused or forwarded.
RECEPTION_REPLY = Rule("accept", gettext_noop("Trả lời việc xử lý nội dung phản ánh, kiến nghị"), 10, True,
                       gettext_noop("Luật Tiếp công dân 2013, Điều 28 khoản 1"))
# Law 10/2022 Arts. 40, 45: answer recommendations of the People's Inspection Board / Investment
# Supervision Board within 15 days.
BOARD_ANSWER = Rule("resolve", gettext_noop("Trả lời kiến nghị của Ban TTND / Ban GSĐTCĐ"), 15, False,
                    gettext_noop("Luật Thực hiện dân chủ ở cơ sở 2022, Điều 40, Điều 45"))
# Decree 20/2008 Art. 9(1)(d); Law on Denunciations Art. 24(2): forward within 5 working days.
FORWARD = Rule("accept", gettext_noop("Chuyển đến cơ quan có thẩm quyền"), 5, True,
               gettext_noop("Nghị định 20/2008/NĐ-CP Điều 9 khoản 1 điểm d; Luật Tố cáo Điều 24 khoản 2"))

# Law on Complaints Art. 27 (first time) and Art. 36 (second time): accept within 10 days of receipt.
COMPLAINT_ACCEPT = Rule("accept", gettext_noop("Thụ lý khiếu nại"), 10, False, gettext_noop("Luật Khiếu nại 2011, Điều 27, Điều 36"))
# Implementing rules, the outer working-day limit: Circular 07/2013/TT-TTCP Art. 5 (as amended by
# Circular 02/2016) until 30/6/2026; Decree 124/2020 Art. 16(1) as amended by Decree 155/2026 after.
COMPLAINT_ACCEPT_RULES_OLD = Rule("accept_outer", gettext_noop("Thụ lý khiếu nại (giới hạn theo văn bản hướng dẫn)"), 10, True,
                                  gettext_noop("Thông tư 07/2013/TT-TTCP Điều 5 (sửa đổi bởi Thông tư 02/2016)"))
COMPLAINT_ACCEPT_RULES_NEW = Rule("accept_outer", gettext_noop("Thụ lý khiếu nại (giới hạn theo văn bản hướng dẫn)"), 7, True,
                                  gettext_noop("Nghị định 124/2020/NĐ-CP Điều 16 khoản 1, sửa đổi bởi Nghị định 155/2026/NĐ-CP"))
# Law on Complaints Art. 28: first-time resolution ≤30 days from acceptance; complex ≤45;
# remote areas ≤45, complex ≤60.
_FIRST = {(False, False): 30, (True, False): 45, (False, True): 45, (True, True): 60}
# Law on Complaints Art. 37: second time ≤45; complex ≤60; remote ≤60, complex ≤70.
_SECOND = {(False, False): 45, (True, False): 60, (False, True): 60, (True, True): 70}
COMPLAINT_RESOLVE_FIRST = gettext_noop("Giải quyết khiếu nại lần đầu")
COMPLAINT_RESOLVE_FIRST_ARTICLE = gettext_noop("Luật Khiếu nại 2011, Điều 28")
COMPLAINT_RESOLVE_SECOND = gettext_noop("Giải quyết khiếu nại lần hai")
COMPLAINT_RESOLVE_SECOND_ARTICLE = gettext_noop("Luật Khiếu nại 2011, Điều 37")
# Law on Complaints Art. 32: send the decision within 03 working days.
COMPLAINT_SEND = Rule("after", gettext_noop("Gửi quyết định giải quyết khiếu nại"), 3, True, gettext_noop("Luật Khiếu nại 2011, Điều 32"))

# Law on Denunciations Art. 24(1): register, classify, check and decide acceptance within 07
# working days of receipt; 10 if verification at several places.
DENUNCIATION_ACCEPT = Rule("accept", gettext_noop("Xử lý ban đầu, thụ lý tố cáo"), 7, True, gettext_noop("Luật Tố cáo 2018, Điều 24 khoản 1"))
DENUNCIATION_ACCEPT_MULTI = Rule("accept", gettext_noop("Xử lý ban đầu, thụ lý tố cáo (xác minh nhiều nơi)"), 10, True,
                                 gettext_noop("Luật Tố cáo 2018, Điều 24 khoản 1"))
# Law on Denunciations Art. 30: ≤30 days from acceptance; complex: one extension ≤30; especially
# complex: two extensions ≤30 each (max 90).
DENUNCIATION_RESOLVE_DAYS = 30
DENUNCIATION_EXTENSION_DAYS = 30
DENUNCIATION_RESOLVE_ARTICLE = gettext_noop("Luật Tố cáo 2018, Điều 30")
DENUNCIATION_RESOLVE = gettext_noop("Giải quyết tố cáo")
# What a resolution period's label adds when it was extended, or stood still while suspended: the
# stored label is Vietnamese (the record's language); `shown` reads these back to translate them.
EXTENDED = " (đã gia hạn {n} lần)"
SUSPENDED = " (không tính {n} ngày tạm đình chỉ)"
_SUFFIXES = [(re.compile(r"^(?P<rest>.*) \(không tính (?P<n>\d+) ngày tạm đình chỉ\)$", re.S), "suspended"),
             (re.compile(r"^(?P<rest>.*) \(đã gia hạn (?P<n>\d+) lần\)$", re.S), "extended")]
# Law on Denunciations Art. 40: publicise the conclusion within 07 working days.
DENUNCIATION_PUBLISH = Rule("after", gettext_noop("Công khai kết luận nội dung tố cáo"), 7, True, gettext_noop("Luật Tố cáo 2018, Điều 40"))


# Law on Complaints Art. 44: a complaint decision has legal effect 30 days after it is issued (the
# first-time one if the complainant neither complains a second time nor sues); in remote areas
# where travel is hard (`Case.remote_area`, set on acceptance — units carry no such flag) the
# period may be longer but not beyond 45 days, and the platform shows that outer date. The period
# ends like any period in days (Civil Code Arts. 147, 148); the decision has effect from the day after.
DECISION_EFFECT = Rule("effect", gettext_noop("Quyết định giải quyết khiếu nại có hiệu lực pháp luật"), 30, False,
                       gettext_noop("Luật Khiếu nại 2011, Điều 44"))
DECISION_EFFECT_REMOTE = Rule("effect", gettext_noop("Quyết định giải quyết khiếu nại có hiệu lực pháp luật"), 45, False,
                              gettext_noop("Luật Khiếu nại 2011, Điều 44"))


def decision_effect(case) -> dict | None:
    """When a complaint's decision has legal effect (Art. 44): None for anything but a decided complaint."""
    if case.kind != "complaint" or case.status != "resolved" or case.resolved_on is None:
        return None
    rule = DECISION_EFFECT_REMOTE if case.remote_area else DECISION_EFFECT
    ends = rule.due(case.resolved_on)
    return {"issued_on": case.resolved_on, "days": rule.days, "period_ends": ends,
            "effective_on": ends + dt.timedelta(days=1), "second_time": bool(case.second_time),
            "remote_area": bool(case.remote_area), "article": rule.article}


# Law on Complaints Art. 9: a complaint is filed within 90 days of receiving or learning of the
# decision or act; time lost to illness, natural disaster, war, travel or study far away or other
# objective obstacles is not counted — which only the complainant can show, so a late filing is
# flagged for the officer, never refused by the machine.
COMPLAINT_FILING = Rule("filing", gettext_noop("Thời hiệu khiếu nại (tính từ ngày nhận, biết quyết định, hành vi)"), 90, False,
                        gettext_noop("Luật Khiếu nại 2011, Điều 9"))
# Law on Complaints Art. 33: the second complaint within 30 days of receiving the first-time
# decision (or of the first-time deadline passing unresolved); 45 days in remote areas.
SECOND_FILING = Rule("filing", gettext_noop("Thời hạn khiếu nại lần hai"), 30, False, gettext_noop("Luật Khiếu nại 2011, Điều 33"))
SECOND_FILING_REMOTE = Rule("filing", gettext_noop("Thời hạn khiếu nại lần hai (vùng sâu, vùng xa)"), 45, False,
                            gettext_noop("Luật Khiếu nại 2011, Điều 33"))


def filing_rule(case) -> tuple[Rule, dt.date] | None:
    """The time limit a complaint had to be filed in, and the day it ran from, where known."""
    if case.kind != "complaint":
        return None
    if case.second_time:
        if case.first_decision_on is None:
            return None
        return (SECOND_FILING_REMOTE if case.remote_area else SECOND_FILING), case.first_decision_on
    if case.event_date is None:
        return None
    return COMPLAINT_FILING, case.event_date


def extensions_allowed(*, complex_case: bool, especially_complex: bool) -> int:
    """Law on Denunciations Art. 30; Decree 31/2019 Art. 3 (the complexity criteria)."""
    if especially_complex:
        return 2
    return 1 if complex_case else 0


def accept_rules(case) -> list[Rule]:
    if case.kind == "complaint":
        outer = COMPLAINT_ACCEPT_RULES_NEW if case.received_on >= DECREE_155_FROM else COMPLAINT_ACCEPT_RULES_OLD
        return [COMPLAINT_ACCEPT, outer]
    if case.kind == "denunciation":
        return [DENUNCIATION_ACCEPT_MULTI if case.multi_site else DENUNCIATION_ACCEPT]
    return [RECEPTION_REPLY]


def resolve_rule(case) -> Rule | None:
    if case.kind == "complaint":
        table = _SECOND if case.second_time else _FIRST
        days = table[(bool(case.complex_case), bool(case.remote_area))]
        if case.second_time:
            return Rule("resolve", COMPLAINT_RESOLVE_SECOND, days, False, COMPLAINT_RESOLVE_SECOND_ARTICLE)
        return Rule("resolve", COMPLAINT_RESOLVE_FIRST, days, False, COMPLAINT_RESOLVE_FIRST_ARTICLE)
    if case.kind == "denunciation":
        days = DENUNCIATION_RESOLVE_DAYS + DENUNCIATION_EXTENSION_DAYS * case.extensions
        label = DENUNCIATION_RESOLVE + (EXTENDED.format(n=case.extensions) if case.extensions else "")
        return Rule("resolve", label, days, False, DENUNCIATION_RESOLVE_ARTICLE)
    if case.from_board:
        return BOARD_ANSWER
    return None  # everyday feedback: answer "promptly" (Law 10/2022 Art. 35(2)(b)); no fixed limit


def after_rule(case) -> Rule | None:
    if case.kind == "complaint":
        return COMPLAINT_SEND
    if case.kind == "denunciation":
        return DENUNCIATION_PUBLISH
    return None


def compute(case) -> dict:
    """The deadline fields of `case` from its current facts (dates, kind, flags)."""
    out = {"accept_due": None, "accept_due_outer": None, "resolve_due": None, "after_due": None, "filed_late": False}
    rules = []
    filing = filing_rule(case)
    if filing is not None:
        rule, start = filing
        due = rule.due(start)
        out["filed_late"] = case.received_on > due
        rules.append((rule, start, due))
    for rule in accept_rules(case):
        due = rule.due(case.received_on)
        out["accept_due" if rule.step == "accept" else "accept_due_outer"] = due
        rules.append((rule, case.received_on, due))
    resolve = resolve_rule(case)
    if resolve is not None:
        # Board recommendations run from receipt; complaints and denunciations from acceptance.
        start = case.received_on if case.from_board and case.kind in ("feedback", "recommendation") else case.accepted_on
        if start is not None and case.suspended_on is None:
            # The days the clock stood still are not counted: the period runs that much later.
            counted_from = start + dt.timedelta(days=case.suspended_days)
            if case.suspended_days:
                resolve = Rule(resolve.step, resolve.label + SUSPENDED.format(n=case.suspended_days),
                               resolve.days, resolve.working, resolve.article)
            out["resolve_due"] = resolve.due(counted_from)
            rules.append((resolve, start, out["resolve_due"]))
    after = after_rule(case)
    if after is not None and case.resolved_on is not None:
        out["after_due"] = after.due(case.resolved_on)
        rules.append((after, case.resolved_on, out["after_due"]))
    out["deadline_rules"] = [
        {"step": r.step, "label": r.label, "days": r.days, "working": r.working, "article": r.article,
         "from": start.isoformat(), "due": due.isoformat()}
        for r, start, due in rules
    ]
    out["next_due"] = next_due(case, out)
    return out


# The deadlines that bind each open state. While received: every acceptance limit (a complaint's
# Art. 27 period and the implementing rules' working-day limit both bind — whichever ends first is
# the one that can be missed) and, for a board recommendation, the Law 10/2022 Arts. 40, 45 answer
# period, which runs from receipt alongside the Citizen Reception Law Art. 28(1) reply. Once
# accepted: the resolution period. A closed case is in no queue and never flagged overdue.
BINDING = {"received": ("accept_due", "accept_due_outer", "resolve_due"), "accepted": ("resolve_due",)}


def next_due(case, values: dict) -> dt.date | None:
    """The date the queue shows and the daily sweep flags (overdue from the day after it): the
    earliest date among all deadlines binding the case's current state (`BINDING`)."""
    dates = [values[name] for name in BINDING.get(case.status, ()) if values.get(name) is not None]
    return min(dates, default=None)


def forward_due(received_on: dt.date) -> dt.date:
    return FORWARD.due(received_on)


def _suffix(what: str, n: int) -> str:
    if what == "suspended":
        return ngettext("(không tính %(n)s ngày tạm đình chỉ)", "(không tính %(n)s ngày tạm đình chỉ)", n) % {"n": n}
    return ngettext("(đã gia hạn %(n)s lần)", "(đã gia hạn %(n)s lần)", n) % {"n": n}


def shown(rule: dict) -> dict:
    """A stored rule (`compute`'s `deadline_rules`) as a reader sees it, in the active language: the
    step's name, the period with its unit (working days or calendar days), the due date and the
    legal reference. A label or reference the catalogue does not know is shown as stored."""
    label, suffixes = str(rule.get("label", "")), []
    for pattern, what in _SUFFIXES:
        m = pattern.match(label)
        if m:
            label = m["rest"]
            suffixes.insert(0, _suffix(what, int(m["n"])))
    days = int(rule.get("days") or 0)
    if rule.get("working"):
        period = ngettext("%(n)s ngày làm việc", "%(n)s ngày làm việc", days) % {"n": days}
    else:
        period = ngettext("%(n)s ngày", "%(n)s ngày", days) % {"n": days}
    try:
        due = dt.date.fromisoformat(rule.get("due") or "")
    except (TypeError, ValueError):
        due = None
    return {"step": rule.get("step", ""), "label": " ".join([gettext(label) if label else "", *suffixes]).strip(),
            "period": period, "due": due, "article": gettext(rule["article"]) if rule.get("article") else ""}
