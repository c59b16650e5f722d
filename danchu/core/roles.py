"""Roles and the actions each may take on its unit's subtree.

Every role is granted on a unit or an organization and reaches that unit's subtree only.
The matrix lives here, in one place, so that a review of who may do what reads one file.
"""

from django.db import models
from django.utils.translation import gettext_noop


class Role(models.TextChoices):
    CITIZEN = "citizen", gettext_noop("Công dân")
    HOUSEHOLD_REP = "household_rep", gettext_noop("Đại diện hộ gia đình")
    HAMLET_HEAD = "hamlet_head", gettext_noop("Trưởng thôn / Tổ trưởng tổ dân phố")
    COMMUNE_OFFICER = "commune_officer", gettext_noop("Cán bộ, công chức cấp xã")
    COMMUNE_CHAIR = "commune_chair", gettext_noop("Chủ tịch UBND cấp xã")
    FRONT_OFFICER = "front_officer", gettext_noop("Ủy ban MTTQ Việt Nam")
    INSPECTION_BOARD = "inspection_board", gettext_noop("Ban thanh tra nhân dân")
    INVESTMENT_SUPERVISOR = "investment_supervisor", gettext_noop("Ban giám sát đầu tư của cộng đồng")
    ORG_HEAD = "org_head", gettext_noop("Thủ trưởng cơ quan, người sử dụng lao động")
    UNION_REP = "union_rep", gettext_noop("Đại diện công đoàn")
    STEERING_MEMBER = "steering_member", gettext_noop("Thành viên Ban Chỉ đạo")
    ADMIN = "admin", gettext_noop("Quản trị")


class Action(models.TextChoices):
    WORKSPACE_VIEW = "workspace.view", gettext_noop("Vào không gian làm việc")
    UNIT_VIEW_PRIVATE = "units.view_private", gettext_noop("Xem dữ liệu nội bộ của đơn vị")
    HAMLET_MANAGE = "units.manage_hamlets", gettext_noop("Quản lý thôn, tổ dân phố")
    HOUSEHOLD_VIEW = "units.view_households", gettext_noop("Xem danh sách hộ gia đình")
    HOUSEHOLD_MANAGE = "units.manage_households", gettext_noop("Quản lý hộ gia đình, nhân khẩu")
    ORGANIZATION_MANAGE = "units.manage_organizations", gettext_noop("Quản lý cơ quan, đơn vị, doanh nghiệp")
    ROLE_GRANT = "accounts.grant_roles", gettext_noop("Phân quyền tài khoản")
    REPORT_VIEW = "reports.view", gettext_noop("Xem báo cáo, chỉ tiêu")
    # Law Art. 14: the commune People's Committee discloses (its chair directs, officers carry
    # it out); Arts. 46-48, 64-66: the head of an agency or enterprise discloses internally.
    DISCLOSURE_PUBLISH = "disclosures.publish", gettext_noop("Soạn, công khai, đính chính, thu hồi thông tin công khai")
    # Law Arts. 16, 18: the village head proposes and convenes village matters, the commune chair
    # commune-wide ones (after agreeing with the Front); the hamlet head records the meeting and the
    # ballots; the household representative votes (Art. 18, Decree 59 Art. 5); the commune PC
    # recognizes (Art. 21).
    DECISION_VIEW = "decisions.view", gettext_noop("Xem các việc nhân dân bàn và quyết định, số hộ tham gia, kết quả")
    DECISION_MANAGE = "decisions.manage", gettext_noop("Đưa việc ra cộng đồng bàn và quyết định, mở và kết thúc biểu quyết")
    DECISION_RECORD = "decisions.record", gettext_noop("Điểm danh, ghi biểu quyết tại cuộc họp, nhập phiếu")
    DECISION_VOTE = "decisions.vote", gettext_noop("Biểu quyết thay mặt hộ gia đình")
    DECISION_RECOGNIZE = "decisions.recognize", gettext_noop("Công nhận kết quả biểu quyết của cộng đồng")
    # Decree 59/2023 Art. 3(1): the election of a village head is called by the commune People's
    # Committee's chair, a dismissal by the chair or by the head of the hamlet's Front work committee
    # (a Front officer granted on the hamlet, or the commune Front above it) — not by the village head.
    DECISION_CALL_HAMLET_HEAD = "decisions.call_hamlet_head_vote", gettext_noop(
        "Đưa việc bầu, cho thôi làm Trưởng thôn, Tổ trưởng tổ dân phố ra biểu quyết")
    # Law on Complaints Arts. 17-18, Law on Denunciations Art. 13, Citizen Reception Law Art. 15:
    # the commune People's Committee (its chair, officers carrying it out) receives and resolves.
    CASE_HANDLE = "cases.handle", gettext_noop("Tiếp nhận, xử lý phản ánh, kiến nghị, khiếu nại, tố cáo")
    # Law 10/2022 Art. 32 (the commune PC holds dialogues with the people), Arts. 56, 73 (the head
    # of an agency / enterprise holds workplace dialogues); Reg. 11-QĐi/TW: heads of Party
    # committees and governments dialogue directly. Citizen Reception Law Arts. 12, 15: the chair
    # receives citizens on fixed days; officers keep the calendar and record the visits.
    DIALOGUE_MANAGE = "dialogues.manage", gettext_noop("Tổ chức đối thoại, ghi trả lời và cam kết, theo dõi thực hiện")
    RECEPTION_MANAGE = "reception.manage", gettext_noop("Lập lịch tiếp công dân, ghi nhận lượt tiếp")
    # Oversight (dân kiểm tra, giám sát), Law Arts. 30-45, 60-63, 87; Decree 59 Arts. 12-23; Law on
    # the Fatherland Front Arts. 25-36. The Front (the union in an organization) sets up the boards
    # and recognises their members (Arts. 40(2), 45(1), 60); the People's Inspection Board inspects
    # (Art. 38); the Community Investment Supervision Board supervises its project (Art. 43); the
    # Front supervises and gives social criticism (Art. 87); the commune People's Committee (the
    # head of an organization) answers the recommendations (Arts. 40(1), 45(2), 63(1)).
    OVERSIGHT_VIEW = "oversight.view", gettext_noop("Xem hồ sơ kiểm tra, giám sát, phản biện xã hội")
    BOARD_MANAGE = "oversight.manage_boards", gettext_noop("Thành lập Ban TTND, Ban GSĐTCĐ; công nhận thành viên")
    INSPECTION_RECORD = "oversight.inspect", gettext_noop("Kiểm tra, giám sát của Ban thanh tra nhân dân, kiến nghị, theo dõi")
    INVESTMENT_SUPERVISE = "oversight.supervise_investment", gettext_noop("Giám sát đầu tư của cộng đồng, kiến nghị, theo dõi")
    FRONT_SUPERVISE = "oversight.front", gettext_noop("Giám sát, phản biện xã hội của Mặt trận và các tổ chức thành viên")
    OVERSIGHT_ANSWER = "oversight.answer", gettext_noop("Trả lời kiến nghị sau kiểm tra, giám sát")
    # "Dân vận khéo" good-practice models (a Party emulation movement, not an article of Law 10/2022):
    # the commune and the Front register them; the Steering Committee evaluates and
    # recognizes at its level.
    MOVEMENT_MANAGE = "movements.manage", gettext_noop("Đăng ký, cập nhật mô hình “Dân vận khéo”")
    MOVEMENT_EVALUATE = "movements.evaluate", gettext_noop("Đánh giá, công nhận mô hình “Dân vận khéo”")

    # Law Arts. 25-29: the commune People's Committee consults residents (officers prepare, enter
    # opinions from meetings and paper, answer; its chair directs and publishes the synthesis, Art. 28);
    # the Front supervises (Art. 28). Arts. 53-55, 71: the head of an agency or enterprise consults
    # staff and publishes the explanation; the trade union supervises.
    CONSULTATION_VIEW = "consultations.view", gettext_noop("Xem các cuộc lấy ý kiến, hàng đợi kiểm duyệt, tiến độ trả lời")
    CONSULTATION_MANAGE = "consultations.manage", gettext_noop("Mở lấy ý kiến dự thảo, nhập ý kiến, kiểm duyệt, tiếp thu, giải trình")
    CONSULTATION_PUBLISH = "consultations.publish", gettext_noop("Ký, công bố báo cáo tổng hợp, tiếp thu, giải trình ý kiến")


_OFFICIAL = {Action.WORKSPACE_VIEW, Action.UNIT_VIEW_PRIVATE}
# Oversight (Law Arts. 36-45, 60-63, 87): who reads, who answers.
_OVERSIGHT_ANSWERER = {Action.OVERSIGHT_VIEW, Action.OVERSIGHT_ANSWER}
# Law Arts. 28, 55: prepare the consultation, record and moderate opinions, answer each one.
_CONSULT_OFFICER = {Action.CONSULTATION_VIEW, Action.CONSULTATION_MANAGE}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.CITIZEN: frozenset(),
    Role.HOUSEHOLD_REP: frozenset({Action.WORKSPACE_VIEW, Action.DECISION_VOTE}),
    # The hamlet head keeps the hamlet's household list (Law Art. 18: convenes household reps).
    Role.HAMLET_HEAD: frozenset(_OFFICIAL | {Action.HOUSEHOLD_VIEW, Action.HOUSEHOLD_MANAGE, Action.DECISION_VIEW,
                                             Action.DECISION_MANAGE, Action.DECISION_RECORD}),
    Role.COMMUNE_OFFICER: frozenset(
        _OFFICIAL | {Action.HAMLET_MANAGE, Action.HOUSEHOLD_VIEW, Action.HOUSEHOLD_MANAGE, Action.ORGANIZATION_MANAGE, Action.REPORT_VIEW,
                     Action.DISCLOSURE_PUBLISH, Action.DECISION_VIEW, Action.DECISION_MANAGE, Action.DECISION_RECORD, Action.CASE_HANDLE,
                     Action.DIALOGUE_MANAGE, Action.RECEPTION_MANAGE}  # dialogues: Law Art. 32; Citizen Reception Law Art. 15
        | _OVERSIGHT_ANSWERER | _CONSULT_OFFICER
        | {Action.MOVEMENT_MANAGE}  # "Dân vận khéo" models
    ),
    Role.COMMUNE_CHAIR: frozenset(
        _OFFICIAL
        | {Action.HAMLET_MANAGE, Action.HOUSEHOLD_VIEW, Action.HOUSEHOLD_MANAGE, Action.ORGANIZATION_MANAGE, Action.ROLE_GRANT, Action.REPORT_VIEW,
           Action.DISCLOSURE_PUBLISH, Action.DECISION_VIEW, Action.DECISION_MANAGE, Action.DECISION_RECORD,
           Action.DECISION_RECOGNIZE, Action.DECISION_CALL_HAMLET_HEAD, Action.CASE_HANDLE,
           Action.DIALOGUE_MANAGE, Action.RECEPTION_MANAGE}  # dialogues: Law Art. 32; Citizen Reception Law Art. 15
        | _OVERSIGHT_ANSWERER | _CONSULT_OFFICER | {Action.CONSULTATION_PUBLISH}
        | {Action.MOVEMENT_MANAGE, Action.MOVEMENT_EVALUATE}  # "Dân vận khéo" models
    ),
    Role.FRONT_OFFICER: frozenset(_OFFICIAL | {Action.HOUSEHOLD_VIEW, Action.ROLE_GRANT, Action.REPORT_VIEW,
                                               Action.DECISION_VIEW, Action.DECISION_CALL_HAMLET_HEAD,
                                               Action.CONSULTATION_VIEW,
                                               Action.OVERSIGHT_VIEW, Action.BOARD_MANAGE, Action.FRONT_SUPERVISE}
                                  | {Action.MOVEMENT_MANAGE}),  # "Dân vận khéo" models
    Role.INSPECTION_BOARD: frozenset(_OFFICIAL | {Action.OVERSIGHT_VIEW, Action.INSPECTION_RECORD}),
    Role.INVESTMENT_SUPERVISOR: frozenset(_OFFICIAL | {Action.OVERSIGHT_VIEW, Action.INVESTMENT_SUPERVISE}),
    # Law Arts. 56, 73: the head of an agency / enterprise holds dialogues with its staff and workers.
    Role.ORG_HEAD: frozenset(_OFFICIAL | {Action.ROLE_GRANT, Action.DISCLOSURE_PUBLISH, Action.DIALOGUE_MANAGE}
                             | _OVERSIGHT_ANSWERER | _CONSULT_OFFICER | {Action.CONSULTATION_PUBLISH}),
    # Art. 60: the trade union proposes the organization's Inspection Board and recognises it.
    Role.UNION_REP: frozenset(_OFFICIAL | {Action.OVERSIGHT_VIEW, Action.BOARD_MANAGE, Action.CONSULTATION_VIEW}),
    Role.STEERING_MEMBER: frozenset(_OFFICIAL | {Action.REPORT_VIEW, Action.DECISION_VIEW, Action.OVERSIGHT_VIEW,
                                                 Action.CONSULTATION_VIEW}
                                    | {Action.MOVEMENT_MANAGE, Action.MOVEMENT_EVALUATE}),  # "Dân vận khéo" models
    Role.ADMIN: frozenset(a.value for a in Action),
}

# Which roles a holder of ROLE_GRANT may hand out inside their own scope. A commune chair
# staffs the commune; the Front staffs the boards it coordinates (Law Arts. 36, 41: the
# boards are elected and the Front decides their recognition); an org head staffs its org.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    Role.COMMUNE_CHAIR: frozenset(
        {
            Role.CITIZEN,
            Role.HOUSEHOLD_REP,
            Role.HAMLET_HEAD,
            Role.COMMUNE_OFFICER,
            Role.INSPECTION_BOARD,
            Role.INVESTMENT_SUPERVISOR,
            Role.ORG_HEAD,
            Role.UNION_REP,
        }
    ),
    Role.FRONT_OFFICER: frozenset({Role.INSPECTION_BOARD, Role.INVESTMENT_SUPERVISOR}),
    Role.ORG_HEAD: frozenset({Role.UNION_REP, Role.INSPECTION_BOARD}),
    Role.ADMIN: frozenset(r.value for r in Role),
}

# The unit levels (or "organization") on which each role may be granted.
ROLE_SCOPES: dict[str, frozenset[str]] = {
    # On an organization: a member of its staff, consulted under Law Arts. 53, 71.
    Role.CITIZEN: frozenset({"commune", "hamlet", "organization"}),
    Role.HOUSEHOLD_REP: frozenset({"hamlet"}),
    Role.HAMLET_HEAD: frozenset({"hamlet"}),
    Role.COMMUNE_OFFICER: frozenset({"commune"}),
    Role.COMMUNE_CHAIR: frozenset({"commune"}),
    Role.FRONT_OFFICER: frozenset({"province", "commune", "hamlet"}),
    Role.INSPECTION_BOARD: frozenset({"commune", "organization"}),
    Role.INVESTMENT_SUPERVISOR: frozenset({"commune"}),
    Role.ORG_HEAD: frozenset({"organization"}),
    Role.UNION_REP: frozenset({"organization"}),
    Role.STEERING_MEMBER: frozenset({"province", "commune"}),
    Role.ADMIN: frozenset({"province", "district", "commune", "hamlet"}),
}

# An organization's internal democracy (Law 10/2022 Arts. 46-82: its disclosures, staff
# consultations, workplace dialogues, its People's Inspection Board) belongs to the organization:
# only grants on it reach it. These are the named exceptions, where a grant on the unit above
# reaches the organizations registered under it:
UNIT_REACHES_ORGANIZATION: dict[str, str] = {
    # The commune People's Committee keeps the register of agencies and enterprises in its area
    # and gives their heads an account (the head then staffs the organization itself).
    Action.ORGANIZATION_MANAGE: "the commune keeps the register of organizations in its area",
    Action.ROLE_GRANT: "the commune chair gives an organization's head and union representative their accounts",
}
