"""Labels of states and codes, translated where they are shown.

The one place of every state's and code's label is the `TextChoices` of its model: the Vietnamese
label, marked with `gettext_noop` so that the catalogue extracts it while the model keeps the
Vietnamese text (documents, published texts and the log are written in Vietnamese whatever the
reader's language). Pages translate at display time: templates with `{% translate x.get_y_display %}`
(or the `label` filter of the `labels` tag library), forms with `choices()` below.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import lazy
from django.utils.translation import gettext


def label(text) -> str:
    """The label in the active language; an empty or unknown text comes back unchanged."""
    text = "" if text is None else str(text)
    return gettext(text) if text else text


label_lazy = lazy(label, str)


def choices(items: Iterable[tuple]) -> list[tuple]:
    """Choices for a form field with their labels translated when the form is rendered."""
    return [(value, label_lazy(text)) for value, text in items]
