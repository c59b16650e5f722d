from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Project-wide operations that sit above every app, like the CLI: demo and scale data
    (`danchu seed`) and the benchmark suite (`danchu bench`). Nothing imports this app."""

    name = "danchu.ops"
    label = "ops"
    verbose_name = "Vận hành"

    def ready(self):
        from . import checks  # noqa: F401 — registers the deploy checks of `danchu check --deploy`
