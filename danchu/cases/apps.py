from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "danchu.cases"
    label = "cases"
    verbose_name = "Phản ánh, kiến nghị, khiếu nại, tố cáo"

    def ready(self):
        from danchu.core.registry import register_pillar_link, register_workspace_link
        from danchu.core.roles import Action

        register_workspace_link(label="Phản ánh, kiến nghị, khiếu nại, tố cáo", url_name="cases:queue",
                                action=Action.CASE_HANDLE, order=50)
        register_pillar_link(pillar="inspect", label="Gửi phản ánh, kiến nghị, khiếu nại, tố cáo", url_name="cases:new")

        # A visit at a citizen-reception day (dialogues app) becomes a case in one step.
        from danchu.core.registry import register_fact_handler

        from .facts import case_from_reception

        register_fact_handler("reception.case_raised", case_from_reception)
