"""danchu — nền tảng thực hiện dân chủ ở cơ sở (Luật 10/2022/QH15)."""

__version__ = "0.1.0"
