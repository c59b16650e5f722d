"""The statutory catalogue: what must be made public, by whom, how, for how long, how soon.

Law 10/2022/QH15. Shipped as data by migration
(`sync_catalogue`, idempotent by `code`); a later migration calls it again when the list changes.

Commune (Arts. 11–14):
- What: Art. 11 items 1–14 (item 2 split into estimate / quarterly execution / final accounts,
  so the periodic ones can be tracked; items 7–9 carry a list of people).
- How: forms of Art. 12(1). Art. 13(2): items 1–3, 5–12 posted at the commune HQ and the
  villages' community points for at least 30 consecutive days; items 4 and 13 posted
  permanently. Art. 13(1): on the commune's website where it has one — publishing here is that
  web publication, so "website" is always among the channels. Art. 13(3): loudspeaker for at
  least 3 consecutive days for items 7–12 "where a system exists" (a warning, not a refusal).
  Art. 13(2) also asks for a quarterly list of everything disclosed (the `commune-13-2-index` item).
- When: Art. 12(3): no later than 05 working days after the decision/document, unless a sector
  law says otherwise (Art. 91(1)).

Agencies and public service units (Arts. 46–48): 05 working days (Art. 47(2)); on the
intranet or posted at the workplace at least 20 consecutive days, unless sent in writing to
all staff (Art. 48).

State enterprises (Arts. 64–66): within 15 days — calendar days, "ngày" (Art. 65(2)); intranet
or posting at least 20 consecutive days (Art. 66). Non-state employers opting in (Art. 82) use
the same items.
"""

COMMUNE_CHANNELS = [
    "notice_commune", "notice_hamlet", "website", "loudspeaker", "hamlet_head", "letter", "meeting",
    "reception", "mass_org", "social", "other",
]  # Art. 12(1)
WORKPLACE_CHANNELS = [
    "notice_workplace", "intranet", "staff_conference", "written_notice", "via_managers", "via_union", "other",
]  # Art. 47(1); Art. 65(1)



def channels_for(*, organization) -> list[str]:
    """The forms of publicity open to the disclosing body: a commune (and its hamlets) uses those of
    Law 10/2022 Art. 12(1); an agency or enterprise discloses inside the workplace (Arts. 47(1),
    65(1)). The form offers these and the service refuses any other."""
    return list(COMMUNE_CHANNELS if organization is None else WORKPLACE_CHANNELS)


LAW = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"

_POSTED = {"required_channels": ["notice_commune", "notice_hamlet", "website"], "min_posting_days": 30}
_PERMANENT = {"required_channels": ["notice_commune", "notice_hamlet", "website"], "permanent": True}
_LOUD = {"recommended_channels": ["loudspeaker"], "loudspeaker_days": 3}
_COMMUNE_DEADLINE = {"deadline_value": 5, "deadline_unit": "working_days",
                     "deadline_basis": "Điều 12 khoản 3: chậm nhất 05 ngày làm việc kể từ ngày ban hành quyết định, văn bản"}


def _commune(code, position, clause, name, name_en, **kw):
    base = {
        "code": code, "scope": "commune", "position": position, "name": name, "name_en": name_en, "article": 11,
        "clause": clause, "legal_basis": f"Điều 11 khoản {clause} {LAW}", "allowed_channels": COMMUNE_CHANNELS,
        **_COMMUNE_DEADLINE,
    }
    base.update(kw)
    return base


def _workplace(scope, code, position, article, name, name_en, **kw):
    if scope == "agency":
        timing = {"deadline_value": 5, "deadline_unit": "working_days",
                  "deadline_basis": "Điều 47 khoản 2: trong thời hạn 05 ngày làm việc kể từ ngày ban hành quyết định"}
        duration = "Điều 48"
    else:
        timing = {"deadline_value": 15, "deadline_unit": "days",
                  "deadline_basis": "Điều 65 khoản 2: trong thời hạn 15 ngày kể từ ngày ban hành quyết định"}
        duration = "Điều 66"
    base = {
        "code": code, "scope": scope, "position": position, "name": name, "name_en": name_en, "article": article,
        "clause": None, "legal_basis": f"Điều {article}, {duration} {LAW}", "allowed_channels": WORKPLACE_CHANNELS,
        "required_any_channels": ["intranet", "notice_workplace", "written_notice"], "min_posting_days": 20, **timing,
    }
    base.update(kw)
    return base


CATALOGUE = [
    _commune("commune-11-1", 10, 1, "Kế hoạch phát triển kinh tế - xã hội hằng năm, phương án chuyển dịch cơ cấu kinh tế và kết quả thực hiện",
             "Annual socio-economic development plan, economic restructuring plan and results", periodicity="year", **_POSTED),
    _commune("commune-11-2-estimate", 20, 2, "Dự toán ngân sách trình HĐND xã (số liệu, thuyết minh); dự toán và kế hoạch tài chính đã được phê duyệt",
             "Budget estimate submitted to the People's Council; approved budget and finance plan", periodicity="year", **_POSTED),
    _commune("commune-11-2-execution", 21, 2, "Tình hình thực hiện ngân sách xã hằng quý, 6 tháng, năm",
             "Quarterly, 6-month and annual budget execution", periodicity="quarter", **_POSTED),
    _commune("commune-11-2-accounts", 22, 2, "Quyết toán ngân sách xã; kiến nghị của Kiểm toán nhà nước",
             "Final budget accounts; State Audit recommendations", periodicity="year", **_POSTED),
    _commune("commune-11-3", 30, 3, "Dự án đầu tư và tiến độ; phương án thu hồi đất, bồi thường, hỗ trợ, tái định cư; kế hoạch quỹ đất; cho thuê đất công ích; quy hoạch xây dựng",
             "Investment projects; land recovery, compensation and resettlement; land funds; public land leases; construction plans", **_POSTED),
    _commune("commune-11-4", 40, 4, "Quy chế thực hiện dân chủ ở xã; nhiệm vụ, quyền hạn của cán bộ, công chức xã và người hoạt động không chuyên trách; quy tắc ứng xử",
             "The commune's grassroots-democracy regulation; duties of commune and village staff; code of conduct", **_PERMANENT),
    _commune("commune-11-5", 50, 5, "Quản lý, sử dụng các loại quỹ, khoản đầu tư, tài trợ theo chương trình, dự án; các khoản huy động nhân dân đóng góp",
             "Management and use of funds, investments and sponsorships; contributions mobilised from the people", **_POSTED),
    _commune("commune-11-6", 60, 6, "Quản lý, sử dụng tài sản công do xã quản lý",
             "Public assets managed by the commune", **_POSTED),
    _commune("commune-11-7", 70, 7, "Chính sách, tiêu chí, đối tượng, quy trình bình xét và kết quả hỗ trợ, trợ cấp, tín dụng, chương trình mục tiêu quốc gia, hỗ trợ nhà ở, thẻ BHYT, an sinh xã hội",
             "Support, subsidy and credit programmes, housing support, health-insurance cards, social security: criteria, beneficiaries and results",
             has_person_list=True, **_POSTED, **_LOUD),
    _commune("commune-11-8", 80, 8, "Phạm vi, đối tượng, mức hỗ trợ, thời gian hỗ trợ của Nhà nước khi thiên tai, dịch bệnh, bệnh hiểm nghèo; sử dụng tiền, hàng ủng hộ tự nguyện",
             "State aid for disasters, epidemics and catastrophic illness; use of voluntary donations",
             has_person_list=True, **_POSTED, **_LOUD),
    _commune("commune-11-9", 90, 9, "Số lượng, tiêu chuẩn, danh sách công dân thực hiện nghĩa vụ quân sự, nghĩa vụ công an; được gọi, tạm hoãn, miễn",
             "Military and police service call-up: numbers, criteria, lists of called, deferred and exempted citizens",
             has_person_list=True, **_POSTED, **_LOUD),
    _commune("commune-11-10", 100, 10, "Kết quả thanh tra, kiểm tra, giải quyết vụ việc tham nhũng, tiêu cực của cán bộ xã, thôn; kết quả lấy phiếu tín nhiệm",
             "Results of inspections and corruption cases concerning commune and village staff; confidence-vote results", **_POSTED, **_LOUD),
    _commune("commune-11-11", 110, 11, "Kế hoạch, nội dung lấy ý kiến nhân dân; tổng hợp ý kiến và giải trình, tiếp thu của cơ quan có thẩm quyền (Điều 25)",
             "Consultation plan and content; synthesis of opinions and the authority's explanation (Art. 25)", **_POSTED, **_LOUD),
    _commune("commune-11-12", 120, 12, "Các khoản phí, lệ phí và nghĩa vụ tài chính khác do xã trực tiếp thu",
             "Fees, charges and other obligations collected directly by the commune", **_POSTED, **_LOUD),
    _commune("commune-11-13", 130, 13, "Thủ tục hành chính và việc giải quyết thủ tục hành chính thuộc thẩm quyền của xã",
             "Administrative procedures handled by the commune", **_PERMANENT),
    _commune("commune-11-14", 140, 14, "Nội dung khác theo quy định của pháp luật, quy chế dân chủ của xã",
             "Other content required by law or the commune's democracy regulation", **_POSTED),
    {
        "code": "commune-13-2-index", "scope": "commune", "position": 150, "article": 13, "clause": 2,
        "name": "Danh mục thông tin đã công khai (nội dung, hình thức, thời điểm), cập nhật hằng quý",
        "name_en": "Quarterly list of everything disclosed, with form and time",
        "legal_basis": f"Điều 13 khoản 2 {LAW}", "allowed_channels": COMMUNE_CHANNELS,
        "required_channels": ["notice_commune", "notice_hamlet", "website"], "permanent": True, "periodicity": "quarter",
    },
    # Agencies and public service units: Art. 46.
    _workplace("agency", "agency-46-plans", 10, 46, "Kế hoạch công tác năm, quý, tháng của cơ quan, đơn vị",
               "Annual, quarterly and monthly work plans"),
    _workplace("agency", "agency-46-budget", 20, 46, "Dự toán, quyết toán ngân sách, tài chính; tài sản công; đầu tư công",
               "Budget, accounts, public assets and public investment"),
    _workplace("agency", "agency-46-personnel", 30, 46, "Tuyển dụng, bổ nhiệm, điều động, luân chuyển, kỷ luật, tiền lương, đánh giá, nghỉ hưu",
               "Personnel: recruitment, appointment, rotation, discipline, salary, evaluation, retirement"),
    _workplace("agency", "agency-46-integrity", 40, 46, "Kết luận về tham nhũng; bản kê khai tài sản, thu nhập của người có nghĩa vụ kê khai",
               "Corruption conclusions; asset declarations"),
    _workplace("agency", "agency-46-inspection", 50, 46, "Kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo",
               "Inspection and complaint results"),
    _workplace("agency", "agency-46-rules", 60, 46, "Nội quy, quy chế, quy tắc ứng xử của cơ quan, đơn vị",
               "Internal rules and code of conduct"),
    _workplace("agency", "agency-46-opinions", 70, 46, "Tổng hợp, giải trình, tiếp thu ý kiến của cán bộ, công chức, viên chức (Điều 53)",
               "Synthesis and explanation of staff opinions (Art. 53)"),
    _workplace("agency", "agency-46-other", 80, 46, "Chủ trương, chính sách, văn bản chỉ đạo của cấp trên và nội dung khác",
               "Superior directives and other content"),
    # State enterprises (and employers that opt in, Art. 82): Art. 64.
    _workplace("enterprise", "enterprise-64-business", 10, 64, "Tình hình sản xuất, kinh doanh",
               "Business situation"),
    _workplace("enterprise", "enterprise-64-labour", 20, 64, "Nội quy lao động, thang lương, bảng lương, định mức lao động",
               "Labour rules, pay scales, labour norms"),
    _workplace("enterprise", "enterprise-64-agreement", 30, 64, "Thỏa ước lao động tập thể",
               "Collective labour agreements"),
    _workplace("enterprise", "enterprise-64-funds", 40, 64, "Trích lập, sử dụng quỹ khen thưởng, phúc lợi và các quỹ do người lao động đóng góp",
               "Reward and welfare funds; funds contributed by workers"),
    _workplace("enterprise", "enterprise-64-insurance", 50, 64, "Trích nộp kinh phí công đoàn, bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp",
               "Union fee, social, health and unemployment insurance payments"),
    _workplace("enterprise", "enterprise-64-emulation", 60, 64, "Thi đua, khen thưởng, kỷ luật; giải quyết khiếu nại, tố cáo, kiến nghị của người lao động",
               "Emulation, discipline, handling of workers' complaints and feedback"),
    _workplace("enterprise", "enterprise-64-regulation", 70, 64, "Quy chế dân chủ ở cơ sở tại nơi làm việc",
               "The workplace democracy regulation"),
    _workplace("enterprise", "enterprise-64-finance", 80, 64, "Tình hình tài chính, tài sản, nhân sự; nội dung khác theo quy định",
               "Finance, assets, personnel and other content"),
]


def sync_catalogue(apps=None) -> int:
    """Create or update every category by code (migrations pass their historical `apps`)."""
    if apps is None:
        from .models import DisclosureCategory
    else:
        DisclosureCategory = apps.get_model("disclosures", "DisclosureCategory")  # noqa: N806
    defaults_keys = [
        "scope", "position", "name", "name_en", "article", "clause", "legal_basis", "allowed_channels",
        "required_channels", "required_any_channels", "recommended_channels", "min_posting_days", "permanent",
        "loudspeaker_days", "deadline_value", "deadline_unit", "deadline_basis", "periodicity", "has_person_list",
    ]
    empty = {"required_channels": [], "required_any_channels": [], "recommended_channels": [], "min_posting_days": None,
             "permanent": False, "loudspeaker_days": None, "deadline_value": None, "deadline_unit": "",
             "deadline_basis": "", "periodicity": "", "has_person_list": False, "clause": None}
    for item in CATALOGUE:
        data = {**empty, **item}
        DisclosureCategory.objects.update_or_create(code=item["code"], defaults={k: data[k] for k in defaults_keys})
    return len(CATALOGUE)
