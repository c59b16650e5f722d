from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "danchu.disclosures"
    label = "disclosures"
    verbose_name = "Công khai thông tin (dân biết)"

    def ready(self):
        # Published disclosures are checked by `danchu verify-log` against their last log entry.
        from danchu.core.transparency import register_subject

        from .selectors import disclosure_log_hashes, disclosure_log_records

        register_subject("disclosure", disclosure_log_records, disclosure_log_hashes)
