"""`{{ value|label }}`: a state's or code's label in the active language (danchu.core.labels)."""

from django import template

from danchu.core import labels

register = template.Library()


@register.filter
def label(value) -> str:
    return labels.label(value)


@register.filter
def option_label(owner, key) -> str:
    """`{{ matter|option_label:key }}`: the label of one of the owner's options, translated when it
    is one of the fixed ones ("Đồng ý"…); an option the user typed comes back as typed."""
    return labels.label(owner.option_label(key)) if key not in (None, "") else ""
