"""The six pillars of grassroots democracy, the areas every unit's public page shows.

The motto is a Party formula; the Law expresses it through Art. 3 (principles) and
Art. 7 (right to benefit). Each pillar names the articles it rests on.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Pillar:
    key: str
    title: str
    summary: str
    articles: str


PILLARS = (
    Pillar("know", _("Dân biết"),
           _("Thông tin chính quyền cấp xã phải công khai: ngân sách, quy hoạch, đất đai, danh sách thụ hưởng…"),
           _("Luật 10/2022/QH15, Điều 11–14")),
    Pillar("discuss", _("Dân bàn, dân quyết"),
           _("Các nội dung cộng đồng dân cư bàn và quyết định: đóng góp xây dựng công trình, hương ước, bầu trưởng thôn…"),
           _("Điều 15–24")),
    Pillar("act", _("Dân làm"),
           _("Đóng góp và tự quản của cộng đồng: công trình, quỹ do dân đóng góp, tổ tự quản."),
           _("Điều 15 khoản 1, 2")),
    Pillar("opinion", _("Dân góp ý"),
           _("Góp ý dự thảo kế hoạch, quy hoạch, đề án trước khi chính quyền quyết định; chính quyền tiếp thu, giải trình."),
           _("Điều 25–29")),
    Pillar("inspect", _("Dân kiểm tra, dân giám sát"),
           _("Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng, giám sát và phản biện của Mặt trận; phản ánh, khiếu nại, tố cáo."),
           _("Điều 30–45")),
    Pillar("benefit", _("Dân thụ hưởng"),
           _("Quyền thụ hưởng thành quả phát triển: danh sách đối tượng được hỗ trợ được công khai."),
           _("Điều 7")),
)
