from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "danchu.disclosures"
    label = "disclosures"
    verbose_name = "Công khai thông tin (dân biết)"

    def ready(self):
        # Published disclosures are checked by `danchu verify-log` against their last log entry.
        from danchu.core.transparency import register_subject

        from .selectors import disclosure_log_hashes, disclosure_log_records

        register_subject("disclosure", disclosure_log_records, disclosure_log_hashes)

        from danchu.core.registry import register_fact_handler, register_pillar_link, register_workspace_link

        from .handoffs import publish_recognized_decision

        register_fact_handler("decisions.recognized", publish_recognized_decision)
        from danchu.core.roles import Action

        register_workspace_link(label=_("Công khai thông tin"), url_name="disclosures:manage",
                                action=Action.DISCLOSURE_PUBLISH, order=40)
        # An agency's or enterprise's own disclosures (Arts. 46-48, 64-66): its head publishes, its
        # staff (any grant on it) read.
        register_workspace_link(label=_("Thông tin công khai của cơ quan, doanh nghiệp"), url_name="disclosures:organization",
                                action=Action.UNIT_VIEW_PRIVATE, order=40, organization=True)
        register_pillar_link(pillar="know", label=_("Thông tin đã công khai"), url_name="disclosures:list")
        register_pillar_link(pillar="benefit", label=_("Danh sách thụ hưởng đã công khai"), url_name="disclosures:list")

        # The figures counted in the Steering Committee's reports (core.indicators).
        from .indicators import register as register_indicators

        register_indicators()

        # What is live in the area, on the unit's public page (core.registry; live.py).
        from .live import register as register_live

        register_live()
