"""The section splitter on real-style Vietnamese drafts: a regulation (Chương / Mục / Điều / khoản /
điểm, titles on the next line), a commune plan (I., 1., a), a compensation plan with "1.1." items, text
that only looks like a heading, and property tests that nothing is lost."""

from hypothesis import given
from hypothesis import strategies as st

from danchu.consultations.splitter import split_draft

REGULATION = """ỦY BAN NHÂN DÂN XÃ BÌNH LỤC
QUY CHẾ
Thực hiện dân chủ ở xã Bình Lục
(Dự thảo lấy ý kiến Nhân dân)

Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc thực hiện dân chủ ở xã Bình Lục.

Điều 2. Đối tượng áp dụng
1. Công dân cư trú trên địa bàn xã.
2. Cán bộ, công chức xã, người hoạt động không chuyên trách.

Chương II
NỘI DUNG CÔNG KHAI THÔNG TIN

Mục 1
CÔNG KHAI TẠI XÃ

Điều 3. Những nội dung công khai
1. Chủ trương, chính sách của Đảng, pháp luật của Nhà nước.
2. Kế hoạch sử dụng đất, gồm:
a) Quy hoạch sử dụng đất chi tiết;
b) Danh mục dự án thu hồi đất;
đ) Phương án bồi thường, hỗ trợ, tái định cư.
3. Thu, chi ngân sách xã.
Theo quy định tại Điều 11 của Luật Thực hiện dân chủ ở cơ sở.

Điều 4: Hình thức công khai
Niêm yết tại trụ sở Ủy ban nhân dân xã; đăng trên cổng thông tin điện tử.
"""

PLAN = """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2027

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Huy động mọi nguồn lực phát triển kinh tế.
2. Yêu cầu
a) Bám sát Nghị quyết Đại hội Đảng bộ xã;
b) Khả thi, phù hợp với điều kiện của xã.

II. CHỈ TIÊU CHỦ YẾU
1. Tốc độ tăng trưởng giá trị sản xuất đạt 8%.
2. Thu nhập bình quân đầu người đạt 75 triệu đồng.
- Tỷ lệ hộ nghèo giảm còn 1,5%;
- Tỷ lệ tham gia bảo hiểm y tế đạt 95%.
"""

COMPENSATION = """PHƯƠNG ÁN BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ
Dự án: Mở rộng đường liên xã Bình Lục - Bình Mỹ

1. Phạm vi thu hồi đất
1.1. Đất nông nghiệp: 3,2 ha của 57 hộ.
1.2. Đất ở: 0,4 ha của 12 hộ.
2. Đơn giá bồi thường
2.1 Đất trồng lúa: 85.000 đồng/m2.
"""


def kinds(parts):
    return [p.kind for p in parts]


def test_regulation_chapters_sections_articles_clauses_points():
    parts = split_draft(REGULATION)
    assert kinds(parts) == ["preamble", "chapter", "article", "article", "clause", "clause", "chapter", "muc", "article",
                            "clause", "clause", "point", "point", "point", "clause", "article"]
    pre = parts[0]
    assert pre.text.startswith("ỦY BAN NHÂN DÂN XÃ BÌNH LỤC") and "Căn cứ Luật Thực hiện dân chủ" in pre.text
    ch1 = parts[1]
    assert (ch1.number, ch1.heading, ch1.ref) == ("I", "QUY ĐỊNH CHUNG", "Chương I")
    art1 = parts[2]
    assert (art1.number, art1.heading, art1.text) == ("1", "Phạm vi điều chỉnh",
                                                      "Quy chế này quy định việc thực hiện dân chủ ở xã Bình Lục.")
    assert art1.label == "Điều 1. Phạm vi điều chỉnh"
    assert parts[4].ref == "Khoản 1 Điều 2" and parts[4].text == "Công dân cư trú trên địa bàn xã."
    assert (parts[7].kind, parts[7].number, parts[7].heading) == ("muc", "1", "CÔNG KHAI TẠI XÃ")
    assert [p.ref for p in parts[11:14]] == ["Điểm a khoản 2 Điều 3", "Điểm b khoản 2 Điều 3", "Điểm đ khoản 2 Điều 3"]
    # A sentence citing "Điều 11" is text of the clause, not a heading.
    assert parts[14].ref == "Khoản 3 Điều 3"
    assert parts[14].text == "Thu, chi ngân sách xã.\nTheo quy định tại Điều 11 của Luật Thực hiện dân chủ ở cơ sở."
    assert (parts[15].number, parts[15].heading) == ("4", "Hình thức công khai")  # a colon works too


def test_plan_roman_headings_items_points_and_bullets():
    parts = split_draft(PLAN)
    assert kinds(parts) == ["preamble", "roman", "clause", "clause", "point", "point", "roman", "clause", "clause"]
    assert parts[1].label == "I. MỤC ĐÍCH, YÊU CẦU" and parts[1].ref == "Mục I"
    assert parts[2].text == "Mục đích\nHuy động mọi nguồn lực phát triển kinh tế."
    assert parts[4].ref == "Điểm a khoản 2 Mục I"
    assert parts[8].ref == "Khoản 2 Mục II"
    assert parts[8].text.endswith("- Tỷ lệ tham gia bảo hiểm y tế đạt 95%.")  # bullets stay in their item


def test_compensation_plan_with_decimal_items():
    parts = split_draft(COMPENSATION)
    assert [(p.kind, p.number) for p in parts] == [("preamble", ""), ("clause", "1"), ("clause", "1.1"), ("clause", "1.2"),
                                                  ("clause", "2"), ("clause", "2.1")]
    assert parts[5].text == "Đất trồng lúa: 85.000 đồng/m2."


def test_chapter_title_on_the_same_line_and_windows_line_ends():
    parts = split_draft("CHƯƠNG II. QUYỀN VÀ NGHĨA VỤ\r\nĐiều 5. Quyền của công dân\r\nCông dân có quyền góp ý.\r\n")
    assert [(p.kind, p.number, p.heading) for p in parts] == [("chapter", "II", "QUYỀN VÀ NGHĨA VỤ"),
                                                             ("article", "5", "Quyền của công dân")]
    assert parts[1].text == "Công dân có quyền góp ý."


def test_lookalikes_are_text():
    text = ("Điều 5 của Luật này được áp dụng.\nChương trình hành động của xã.\nMục tiêu chung là nâng cao đời sống.\n"
            "a) không phải điểm vì chưa có khoản")
    parts = split_draft(text)
    assert kinds(parts) == ["preamble"]
    assert parts[0].text == text


def test_empty_and_blank_input():
    assert split_draft("") == []
    assert split_draft(" \n\t\n") == []


def test_points_follow_vietnamese_letters_and_reset_per_clause():
    parts = split_draft("Điều 1. Thử\n1. Khoản một\na) điểm a\n2. Khoản hai\na) điểm a của khoản hai\n")
    assert [p.ref for p in parts] == ["Điều 1", "Khoản 1 Điều 1", "Điểm a khoản 1 Điều 1", "Khoản 2 Điều 1",
                                      "Điểm a khoản 2 Điều 1"]


_line = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃ .,;:()0123456789\n", max_size=60)


@given(st.lists(st.one_of(_line, st.sampled_from(["Điều 3. Tên", "1. Khoản", "a) Điểm", "Chương IV", "Mục 2", "II. PHẦN",
                                                   "QUY ĐỊNH CHUNG"])), max_size=30))
def test_nothing_is_invented_and_only_heading_keywords_are_dropped(lines):
    """Every letter and digit of a section comes from the draft; what is dropped is at most the keyword of
    each heading ("Điều", "Chương", "Mục", "Phần")."""
    from collections import Counter

    text = "\n".join(lines)
    parts = split_draft(text)
    chars_in = Counter(c for c in text if c.isalnum())
    chars_out = Counter(c for p in parts for c in p.number + p.heading + p.text if c.isalnum())
    assert not chars_out - chars_in
    headings = sum(1 for p in parts if p.kind in ("article", "chapter", "muc", "part"))
    assert sum((chars_in - chars_out).values()) <= 6 * headings
