from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "danchu.reports"
    label = "reports"
    verbose_name = "Báo cáo, chỉ tiêu của Ban Chỉ đạo"

    def ready(self):
        from danchu.core.registry import register_workspace_link
        from danchu.core.roles import Action

        register_workspace_link(label=_("Báo cáo, chỉ tiêu thực hiện dân chủ ở cơ sở"), url_name="reports:dashboard",
                                action=Action.REPORT_VIEW, order=90)
