from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "danchu.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"

    def ready(self):
        from danchu.core.registry import register_workspace_link
        from danchu.core.roles import Action

        from . import checks  # noqa: F401 — registers the unit-path check of `danchu check`

        register_workspace_link(label=_("Thôn, tổ dân phố"), url_name="units:hamlets", action=Action.HAMLET_MANAGE, order=10)
        register_workspace_link(label=_("Hộ gia đình, nhân khẩu"), url_name="units:households", action=Action.HOUSEHOLD_VIEW,
                                order=20)
        register_workspace_link(label=_("Cơ quan, đơn vị, doanh nghiệp"), url_name="units:organizations",
                                action=Action.ORGANIZATION_MANAGE, order=30)
