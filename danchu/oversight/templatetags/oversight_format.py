"""Template filters of the oversight pages."""

from django import template

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1500000 → "1.500.000" (Vietnamese thousands separator), for amounts in đồng."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""
