from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "danchu.movements"
    label = "movements"
    verbose_name = "Phong trào thi đua “Dân vận khéo”"

    def ready(self):
        from danchu.core.registry import register_pillar_link, register_workspace_link
        from danchu.core.roles import Action

        register_workspace_link(label=_("Mô hình “Dân vận khéo”"), url_name="movements:manage",
                                action=Action.MOVEMENT_MANAGE, order=85)
        register_pillar_link(pillar="act", label=_("Mô hình “Dân vận khéo”"), url_name="movements:public")

        from .indicators import register as register_indicators

        register_indicators()

        # The public page of each good practice, in the transparency log (movements/transparency.py).
        from danchu.core.transparency import register_subject

        from .transparency import LOG_TYPE, practice_log_records

        register_subject(LOG_TYPE, practice_log_records)

        # What is live in the area, on the unit's public page (core.registry; live.py).
        from .live import register as register_live

        register_live()
