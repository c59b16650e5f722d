"""Roles (DESIGN.md "Who uses it") and the actions each may take on its unit's subtree.

Every role is granted on a unit or an organization and reaches that unit's subtree only.
The matrix lives here, in one place, so that a review of who may do what reads one file.
"""

from django.db import models


class Role(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    HOUSEHOLD_REP = "household_rep", "Đại diện hộ gia đình"
    HAMLET_HEAD = "hamlet_head", "Trưởng thôn / Tổ trưởng tổ dân phố"
    COMMUNE_OFFICER = "commune_officer", "Cán bộ, công chức cấp xã"
    COMMUNE_CHAIR = "commune_chair", "Chủ tịch UBND cấp xã"
    FRONT_OFFICER = "front_officer", "Ủy ban MTTQ Việt Nam"
    INSPECTION_BOARD = "inspection_board", "Ban thanh tra nhân dân"
    INVESTMENT_SUPERVISOR = "investment_supervisor", "Ban giám sát đầu tư của cộng đồng"
    ORG_HEAD = "org_head", "Thủ trưởng cơ quan, người sử dụng lao động"
    UNION_REP = "union_rep", "Đại diện công đoàn"
    STEERING_MEMBER = "steering_member", "Thành viên Ban Chỉ đạo"
    ADMIN = "admin", "Quản trị"


class Action(models.TextChoices):
    WORKSPACE_VIEW = "workspace.view", "Vào không gian làm việc"
    UNIT_VIEW_PRIVATE = "units.view_private", "Xem dữ liệu nội bộ của đơn vị"
    HAMLET_MANAGE = "units.manage_hamlets", "Quản lý thôn, tổ dân phố"
    HOUSEHOLD_VIEW = "units.view_households", "Xem danh sách hộ gia đình"
    HOUSEHOLD_MANAGE = "units.manage_households", "Quản lý hộ gia đình, nhân khẩu"
    ORGANIZATION_MANAGE = "units.manage_organizations", "Quản lý cơ quan, đơn vị, doanh nghiệp"
    ROLE_GRANT = "accounts.grant_roles", "Phân quyền tài khoản"
    REPORT_VIEW = "reports.view", "Xem báo cáo, chỉ tiêu"
    # Law Art. 14: the commune People's Committee discloses (its chair directs, officers carry
    # it out); Arts. 46-48, 64-66: the head of an agency or enterprise discloses internally.
    DISCLOSURE_PUBLISH = "disclosures.publish", "Soạn, công khai, đính chính, thu hồi thông tin công khai"
    # Law Arts. 16, 18: the village head proposes and convenes village matters, the commune chair
    # commune-wide ones (after agreeing with the Front); the hamlet head records the meeting and the
    # ballots; the household representative votes (Art. 18, Decree 59 Art. 5); the commune PC
    # recognizes (Art. 21).
    DECISION_VIEW = "decisions.view", "Xem các việc nhân dân bàn và quyết định, số hộ tham gia, kết quả"
    DECISION_MANAGE = "decisions.manage", "Đưa việc ra cộng đồng bàn và quyết định, mở và kết thúc biểu quyết"
    DECISION_RECORD = "decisions.record", "Điểm danh, ghi biểu quyết tại cuộc họp, nhập phiếu"
    DECISION_VOTE = "decisions.vote", "Biểu quyết thay mặt hộ gia đình"
    DECISION_RECOGNIZE = "decisions.recognize", "Công nhận kết quả biểu quyết của cộng đồng"
    # Law on Complaints Arts. 17-18, Law on Denunciations Art. 13, Citizen Reception Law Art. 15:
    # the commune People's Committee (its chair, officers carrying it out) receives and resolves.
    CASE_HANDLE = "cases.handle", "Tiếp nhận, xử lý phản ánh, kiến nghị, khiếu nại, tố cáo"
    # "Dân vận khéo" good-practice models (a Party emulation movement, not an article of Law 10/2022;
    # seeds 002, 004): the commune and the Front register them; the Steering Committee evaluates and
    # recognizes at its level.
    MOVEMENT_MANAGE = "movements.manage", "Đăng ký, cập nhật mô hình “Dân vận khéo”"
    MOVEMENT_EVALUATE = "movements.evaluate", "Đánh giá, công nhận mô hình “Dân vận khéo”"


_OFFICIAL = {Action.WORKSPACE_VIEW, Action.UNIT_VIEW_PRIVATE}

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.CITIZEN: frozenset(),
    Role.HOUSEHOLD_REP: frozenset({Action.WORKSPACE_VIEW, Action.DECISION_VOTE}),
    # The hamlet head keeps the hamlet's household list (Law Art. 18: convenes household reps).
    Role.HAMLET_HEAD: frozenset(_OFFICIAL | {Action.HOUSEHOLD_VIEW, Action.HOUSEHOLD_MANAGE, Action.DECISION_VIEW,
                                             Action.DECISION_MANAGE, Action.DECISION_RECORD}),
    Role.COMMUNE_OFFICER: frozenset(
        _OFFICIAL | {Action.HAMLET_MANAGE, Action.HOUSEHOLD_VIEW, Action.HOUSEHOLD_MANAGE, Action.ORGANIZATION_MANAGE, Action.REPORT_VIEW,
                     Action.DISCLOSURE_PUBLISH, Action.DECISION_VIEW, Action.DECISION_MANAGE, Action.DECISION_RECORD, Action.CASE_HANDLE}
        | {Action.MOVEMENT_MANAGE}  # "Dân vận khéo" (seeds 002, 004)
    ),
    Role.COMMUNE_CHAIR: frozenset(
        _OFFICIAL
        | {Action.HAMLET_MANAGE, Action.HOUSEHOLD_VIEW, Action.HOUSEHOLD_MANAGE, Action.ORGANIZATION_MANAGE, Action.ROLE_GRANT, Action.REPORT_VIEW,
           Action.DISCLOSURE_PUBLISH, Action.DECISION_VIEW, Action.DECISION_MANAGE, Action.DECISION_RECORD,
           Action.DECISION_RECOGNIZE, Action.CASE_HANDLE}
        | {Action.MOVEMENT_MANAGE, Action.MOVEMENT_EVALUATE}  # "Dân vận khéo" (seeds 002, 004)
    ),
    Role.FRONT_OFFICER: frozenset(_OFFICIAL | {Action.HOUSEHOLD_VIEW, Action.ROLE_GRANT, Action.REPORT_VIEW,
                                               Action.DECISION_VIEW}
                                  | {Action.MOVEMENT_MANAGE}),  # "Dân vận khéo" (seeds 002, 004)
    Role.INSPECTION_BOARD: frozenset(_OFFICIAL),
    Role.INVESTMENT_SUPERVISOR: frozenset(_OFFICIAL),
    Role.ORG_HEAD: frozenset(_OFFICIAL | {Action.ROLE_GRANT, Action.DISCLOSURE_PUBLISH}),
    Role.UNION_REP: frozenset(_OFFICIAL),
    Role.STEERING_MEMBER: frozenset(_OFFICIAL | {Action.REPORT_VIEW, Action.DECISION_VIEW}
                                    | {Action.MOVEMENT_MANAGE, Action.MOVEMENT_EVALUATE}),  # "Dân vận khéo" (seeds 002, 004)
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
    Role.CITIZEN: frozenset({"commune", "hamlet"}),
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
