"""What area apps announce to the shell, so the shell never imports them.

- workspace links: the pages an official's grant opens on a unit (shown in the workspace);
- pillar links: where each of the six pillars leads on a unit's public page.

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
