"""“Dân vận khéo” good-practice models (mô hình, điển hình): the registry Steering Committees count.

The movement is a Party emulation movement, not an article of Law 10/2022/QH15: provincial Steering
Committees for grassroots democracy and for the movement report the models built, evaluated and
recognized each quarter and year, beside the figures of the Law. A model belongs to a unit (and
optionally an organization in it); it is evaluated at one or more levels (commune, province,
central) and may be recognized, with the recognizing decision's reference. Evidence files go
through core.attachments (checked by content, SHA-256 kept).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop


class Field(models.TextChoices):
    ECONOMY = "economy", gettext_noop("Phát triển kinh tế, xây dựng nông thôn mới")
    SOCIAL = "social", gettext_noop("Văn hóa - xã hội, an sinh xã hội")
    SECURITY = "security", gettext_noop("Quốc phòng, an ninh, trật tự")
    GOVERNMENT = "government", gettext_noop("Chính quyền thân thiện, cải cách hành chính")
    PARTY = "party", gettext_noop("Xây dựng Đảng, hệ thống chính trị")
    LAND = "land", gettext_noop("Giải phóng mặt bằng, đất đai")
    OTHER = "other", gettext_noop("Lĩnh vực khác")


class Level(models.TextChoices):
    COMMUNE = "commune", gettext_noop("Cấp xã")
    PROVINCE = "province", gettext_noop("Cấp tỉnh")
    CENTRAL = "central", gettext_noop("Cấp Trung ương")


class Rating(models.TextChoices):
    EXCELLENT = "excellent", gettext_noop("Xuất sắc")
    GOOD = "good", gettext_noop("Tốt")
    FAIR = "fair", gettext_noop("Đạt")
    NOT_MET = "not_met", gettext_noop("Chưa đạt")


class Status(models.TextChoices):
    REGISTERED = "registered", gettext_noop("Đăng ký xây dựng")
    RECOGNIZED = "recognized", gettext_noop("Đã được công nhận")
    STOPPED = "stopped", gettext_noop("Dừng thực hiện")


class GoodPractice(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="good_practices")
    organization = models.ForeignKey("units.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="good_practices")
    unit_path = models.CharField(max_length=255, db_index=True)
    province_code = models.CharField(max_length=8, db_index=True)
    title = models.CharField("tên mô hình", max_length=250)
    field = models.CharField("lĩnh vực", max_length=12, choices=Field.choices)
    description = models.TextField("nội dung, cách làm")
    started_on = models.DateField("ngày bắt đầu thực hiện")
    results = models.TextField("kết quả đạt được", blank=True, default="")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REGISTERED)
    recognized_level = models.CharField("cấp công nhận", max_length=10, choices=Level.choices, blank=True, default="")
    recognized_on = models.DateField("ngày công nhận", null=True, blank=True)
    recognition_ref = models.CharField("số quyết định công nhận", max_length=100, blank=True, default="")
    search_text = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(field__in=Field.values), name="good_practice_field_valid"),
            models.CheckConstraint(condition=~Q(status="recognized") | Q(recognized_on__isnull=False),
                                   name="good_practice_recognized_has_date"),
        ]
        indexes = [models.Index(fields=["unit", "started_on"], name="good_practice_unit_started")]

    def __str__(self) -> str:
        return self.title


class Evaluation(models.Model):
    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="evaluations")
    level = models.CharField("cấp đánh giá", max_length=10, choices=Level.choices)
    rating = models.CharField("xếp loại", max_length=10, choices=Rating.choices)
    evaluated_on = models.DateField("ngày đánh giá")
    note = models.TextField("nhận xét", blank=True, default="")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["evaluated_on", "id"]


class Evidence(models.Model):
    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="movements/%Y/", max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
