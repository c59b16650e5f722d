from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "danchu.cases"
    label = "cases"
    verbose_name = "Phản ánh, kiến nghị, khiếu nại, tố cáo"

    def ready(self):
        from danchu.core.registry import register_pillar_link, register_workspace_link
        from danchu.core.roles import Action

        register_workspace_link(label=_("Phản ánh, kiến nghị, khiếu nại, tố cáo"), url_name="cases:queue",
                                action=Action.CASE_HANDLE, order=50)
        register_pillar_link(pillar="inspect", label=_("Gửi phản ánh, kiến nghị, khiếu nại, tố cáo"), url_name="cases:new")

        # Facts of other areas that become cases (core.registry; cases/facts.py): a visit at a
        # citizen-reception day (dialogues), a question about a disclosure (disclosures).
        from danchu.core.registry import register_fact_handler

        from .facts import case_from_disclosure_question, case_from_reception

        register_fact_handler("reception.case_raised", case_from_reception)
        register_fact_handler("disclosure.question", case_from_disclosure_question)

        # Public cases (filer-allowed feedback, denunciation conclusions) in the transparency log.
        from danchu.core.transparency import register_subject

        from .selectors import case_log_records

        register_subject("case", case_log_records)

        # The figures counted in the Steering Committee's reports (core.indicators).
        from .indicators import register as register_indicators

        register_indicators()

        # What is live in the area, on the unit's public page (core.registry; live.py).
        from .live import register as register_live

        register_live()
