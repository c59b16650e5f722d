from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "danchu.consultations"
    label = "consultations"
    verbose_name = "Nhân dân tham gia ý kiến (dân góp ý)"

    def ready(self):
        # Published reports are checked by `danchu verify-log` against their log entry.
        from danchu.core.indicators import register_indicator
        from danchu.core.registry import register_pillar_link, register_workspace_link
        from danchu.core.roles import Action
        from danchu.core.transparency import register_subject

        from .indicators import INDICATORS
        from .selectors import report_log_records

        register_subject("consultation", report_log_records)
        register_workspace_link(label=_("Lấy ý kiến Nhân dân về dự thảo"), url_name="consultations:manage",
                                action=Action.CONSULTATION_VIEW, order=48)
        # Arts. 53-55, 71: the head of an agency or enterprise consults its staff.
        register_workspace_link(label=_("Lấy ý kiến người lao động về dự thảo"), url_name="consultations:manage_org",
                                action=Action.CONSULTATION_VIEW, order=48, organization=True)
        register_pillar_link(pillar="opinion", label=_("Dự thảo đang lấy ý kiến, báo cáo tiếp thu, giải trình"),
                             url_name="consultations:public")
        for indicator in INDICATORS:
            register_indicator(indicator)

        # What is live in the area, on the unit's public page (core.registry; live.py).
        from .live import register as register_live

        register_live()
