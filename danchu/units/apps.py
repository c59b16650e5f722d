from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "danchu.units"
    label = "units"
    verbose_name = "Đơn vị hành chính"
