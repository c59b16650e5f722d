"""The six pillars of grassroots democracy, the areas every unit's public page shows.

The motto is a Party formula; the Law expresses it through Art. 3 (principles) and
Art. 7 (right to benefit) — law.md caveat 3. Each pillar names the articles it rests on.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Pillar:
    key: str
    title: str
    title_en: str
    summary: str
    articles: str


PILLARS = (
    Pillar("know", "Dân biết", "People know",
           "Thông tin chính quyền cấp xã phải công khai: ngân sách, quy hoạch, đất đai, danh sách thụ hưởng…",
           "Luật 10/2022/QH15, Điều 11–14"),
    Pillar("discuss", "Dân bàn, dân quyết", "People discuss and decide",
           "Các nội dung cộng đồng dân cư bàn và quyết định: đóng góp xây dựng công trình, hương ước, bầu trưởng thôn…",
           "Điều 15–24"),
    Pillar("act", "Dân làm", "People act",
           "Đóng góp và tự quản của cộng đồng: công trình, quỹ do dân đóng góp, tổ tự quản.",
           "Điều 15 khoản 1, 2"),
    Pillar("opinion", "Dân góp ý", "People give opinions",
           "Góp ý dự thảo kế hoạch, quy hoạch, đề án trước khi chính quyền quyết định; chính quyền tiếp thu, giải trình.",
           "Điều 25–29"),
    Pillar("inspect", "Dân kiểm tra, dân giám sát", "People inspect and supervise",
           "Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng, giám sát và phản biện của Mặt trận; phản ánh, khiếu nại, tố cáo.",
           "Điều 30–45"),
    Pillar("benefit", "Dân thụ hưởng", "People benefit",
           "Quyền thụ hưởng thành quả phát triển: danh sách đối tượng được hỗ trợ được công khai.",
           "Điều 7"),
)
