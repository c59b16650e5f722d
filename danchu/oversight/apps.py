from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "danchu.oversight"
    label = "oversight"
    verbose_name = "Dân kiểm tra, dân giám sát"

    def ready(self):
        from danchu.core.indicators import register_indicator
        from danchu.core.registry import register_pillar_link, register_workspace_link
        from danchu.core.roles import Action

        from .indicators import INDICATORS

        register_workspace_link(label=_("Kiểm tra, giám sát, phản biện xã hội"), url_name="oversight:manage",
                                action=Action.OVERSIGHT_VIEW, order=55)
        # Law Art. 60: an agency's or enterprise's own People's Inspection Board.
        register_workspace_link(label=_("Ban thanh tra nhân dân của cơ quan, doanh nghiệp"), url_name="oversight:organization",
                                action=Action.OVERSIGHT_VIEW, order=55, organization=True)
        register_pillar_link(pillar="inspect", label=_("Ban thanh tra nhân dân: kiểm tra và kiến nghị"),
                             url_name="oversight:public")
        register_pillar_link(pillar="inspect", label=_("Giám sát đầu tư của cộng đồng, giám sát và phản biện xã hội"),
                             url_name="oversight:public")
        for item in INDICATORS:
            register_indicator(item)

        # What the public page shows, in the transparency log (oversight/transparency.py).
        from .transparency import register

        register()

        # What is live in the area, on the unit's public page (core.registry; live.py).
        from .live import register as register_live

        register_live()
