from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "danchu.dialogues"
    label = "dialogues"
    verbose_name = "Đối thoại, tiếp công dân"

    def ready(self):
        from danchu.core.registry import register_pillar_link, register_workspace_link
        from danchu.core.roles import Action
        from danchu.core.transparency import register_subject

        from . import indicators
        from .selectors import (
            ANSWER_LOG_TYPE,
            COMMITMENT_LOG_TYPE,
            answer_log_records,
            commitment_log_records,
        )

        indicators.register()
        # Commitments and the answers given at a dialogue are checked by `danchu verify-log` against
        # their last log entry.
        register_subject(COMMITMENT_LOG_TYPE, commitment_log_records)
        register_subject(ANSWER_LOG_TYPE, answer_log_records)
        register_workspace_link(label=_("Đối thoại với nhân dân"), url_name="dialogues:manage",
                                action=Action.DIALOGUE_MANAGE, order=55)
        register_workspace_link(label=_("Lịch tiếp công dân"), url_name="dialogues:reception_manage",
                                action=Action.RECEPTION_MANAGE, order=56)
        # Law Arts. 56, 73: the head of an agency or enterprise holds dialogues at the workplace.
        register_workspace_link(label=_("Đối thoại tại nơi làm việc"), url_name="dialogues:manage_org",
                                action=Action.DIALOGUE_MANAGE, order=55, organization=True)
        register_pillar_link(pillar="inspect", label=_("Đối thoại giữa lãnh đạo và nhân dân"), url_name="dialogues:public")
        register_pillar_link(pillar="inspect", label=_("Cam kết sau đối thoại"), url_name="dialogues:commitments")
        register_pillar_link(pillar="inspect", label=_("Lịch tiếp công dân"), url_name="dialogues:reception")

        # What is live in the area, on the unit's public page (core.registry; live.py).
        from .live import register as register_live

        register_live()
