"""What area apps announce to the shell, so the shell never imports them.

- workspace links: the pages an official's grant opens on a unit (shown in the workspace);
- pillar links: where each of the six pillars leads on a unit's public page;
- live panels and figures: what is happening now under each pillar of a unit's public page, and
  this year's public counts (see the section below).

Each app registers its entries in its AppConfig.ready(); the shell (accounts' workspace, the
units' public page) reads them. URL names are strings, resolved with the unit's code.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkspaceLink:
    label: str
    url_name: str
    action: str
    order: int = 100
    organization: bool = False  # a page of an organization (resolved with its id), not of a unit


@dataclass(frozen=True)
class PillarLink:
    pillar: str
    label: str
    url_name: str


WORKSPACE_LINKS: list[WorkspaceLink] = []
PILLAR_LINKS: list[PillarLink] = []


def register_workspace_link(*, label: str, url_name: str, action: str, order: int = 100,
                            organization: bool = False) -> None:
    link = WorkspaceLink(label, url_name, action, order, organization)
    if link not in WORKSPACE_LINKS:
        WORKSPACE_LINKS.append(link)
        WORKSPACE_LINKS.sort(key=lambda x: x.order)


def register_pillar_link(*, pillar: str, label: str, url_name: str) -> None:
    link = PillarLink(pillar, label, url_name)
    if link not in PILLAR_LINKS:
        PILLAR_LINKS.append(link)


def pillar_links(pillar: str) -> list[PillarLink]:
    return [link for link in PILLAR_LINKS if link.pillar == pillar]


# --- facts one area app announces and another acts on ------------------------------------------
# Area apps never import each other. When a fact in one area obliges another to act —
# a community decision recognised by the commune must be made public (dân biết) — the first app
# announces it here and the second registers a handler in its AppConfig.ready(). The call is
# explicit and synchronous, inside the announcing service's transaction: if the handler refuses
# (raises), the whole step is refused and nothing is half-written.
_FACT_HANDLERS: dict[str, list] = {}


def register_fact_handler(fact: str, handler) -> None:
    handlers = _FACT_HANDLERS.setdefault(fact, [])
    if handler not in handlers:
        handlers.append(handler)


def announce(fact: str, **payload) -> list:
    """Call every handler registered for `fact`; returns what they returned (e.g. created records)."""
    return [handler(**payload) for handler in _FACT_HANDLERS.get(fact, [])]


# --- what is live on a unit's public page ------------------------------------------------------
# A unit's home shows, under each pillar, what is happening there now: the latest disclosures, the
# votes open, the drafts open for comment, the next dialogues… Each area app registers a provider in
# its AppConfig.ready(): `provider(unit, today)` returns a LivePanel (or None when it has nothing to
# say about this kind of unit). Providers read public records only, in a bounded number of queries,
# and never a person's data or a case's content; the shell calls them without importing the apps.


@dataclass(frozen=True)
class LiveItem:
    label: str
    url: str
    date: object = None  # a datetime.date shown next to the label, introduced by `date_label`
    date_label: str = ""
    caption: str = ""


@dataclass(frozen=True)
class LivePanel:
    title: str
    items: tuple = ()
    empty_text: str = ""  # said in words when there are no items; the shell has a default
    see_all_url: str = ""
    see_all_label: str = ""
    note: str = ""  # one public aggregate sentence ("Hương ước, quy ước đang có hiệu lực: 2")


@dataclass(frozen=True)
class LiveFigure:
    """One public aggregate number of the year (never a person's data)."""

    label: str
    value: int
    caption: str = ""


@dataclass(frozen=True)
class LiveProvider:
    pillar: str
    order: int
    provider: object


def see_all_label(label: str, unit, target) -> str:
    """A hamlet's panel may lead to its commune's page: the link then names the commune, so that it
    is not mistaken for the hamlet's own page of the same name."""
    return label if target.pk == unit.pk else f"{label} ({target.name})"


LIVE_PROVIDERS: list[LiveProvider] = []
FIGURE_PROVIDERS: list[LiveProvider] = []


def register_live(*, pillar: str, provider, order: int = 100) -> None:
    entry = LiveProvider(pillar, order, provider)
    if entry not in LIVE_PROVIDERS:
        LIVE_PROVIDERS.append(entry)
        LIVE_PROVIDERS.sort(key=lambda e: e.order)


def register_live_figures(*, provider, order: int = 100) -> None:
    """`provider(unit, today)` returns a list of LiveFigure for the unit's current year."""
    entry = LiveProvider("", order, provider)
    if entry not in FIGURE_PROVIDERS:
        FIGURE_PROVIDERS.append(entry)
        FIGURE_PROVIDERS.sort(key=lambda e: e.order)


def live_panels(pillar: str, unit, today) -> list[LivePanel]:
    panels = []
    for entry in LIVE_PROVIDERS:
        if entry.pillar == pillar:
            panel = entry.provider(unit, today)
            if panel is not None:
                panels.append(panel)
    return panels


def live_figures(unit, today) -> list[LiveFigure]:
    figures: list[LiveFigure] = []
    for entry in FIGURE_PROVIDERS:
        figures.extend(entry.provider(unit, today) or [])
    return figures
