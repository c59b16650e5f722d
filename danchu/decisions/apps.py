from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "danchu.decisions"
    label = "decisions"
    verbose_name = "Nhân dân bàn và quyết định (dân bàn, dân quyết)"

    def ready(self):
        # Closed matters are checked by `danchu verify-log` against their last log entry.
        from danchu.core.transparency import register_subject

        from .selectors import decision_log_records

        register_subject("decision", decision_log_records)

