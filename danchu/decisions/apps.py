from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "danchu.decisions"
    label = "decisions"
    verbose_name = "Nhân dân bàn và quyết định (dân bàn, dân quyết)"

    def ready(self):
        # Closed matters are checked by `danchu verify-log` against their last log entry.
        from danchu.core.transparency import register_subject

        from .selectors import contribution_log_records, decision_log_records

        register_subject("decision", decision_log_records)
        register_subject("decision_contribution", contribution_log_records)

        from danchu.core.registry import register_pillar_link, register_workspace_link
        from danchu.core.roles import Action

        register_workspace_link(label=_("Nhân dân bàn và quyết định"), url_name="decisions:manage",
                                action=Action.DECISION_VIEW, order=45)
        register_pillar_link(pillar="discuss", label=_("Việc nhân dân bàn và quyết định"), url_name="decisions:public")
        register_pillar_link(pillar="discuss", label=_("Hương ước, quy ước"), url_name="decisions:conventions")
        register_pillar_link(pillar="act", label=_("Kết quả biểu quyết của cộng đồng"), url_name="decisions:public")

        # Oversight asks (through core.registry, never an import) which contributions the households
        # decided, collected and spent, for the community investment supervision board (Law Art. 43).
        from danchu.core.registry import register_fact_handler

        from .selectors import contributions_for_unit

        register_fact_handler("query.contributions_for_unit", lambda *, unit: contributions_for_unit(unit=unit))

        # Units asks, before merging a hamlet into another, whether either still has a vote open: a
        # community decision is taken by the households of an existing hamlet (Law Arts. 15, 17), so
        # the merger waits until the vote is closed.
        from .selectors import open_votes_in_hamlets

        register_fact_handler("query.open_votes_in_hamlets", lambda *, hamlets: open_votes_in_hamlets(hamlets=hamlets))

        # The figures counted in the Steering Committee's reports (core.indicators).
        from .indicators import register as register_indicators

        register_indicators()

        # What is live in the area, on the unit's public page (core.registry; live.py).
        from .live import register as register_live

        register_live()
