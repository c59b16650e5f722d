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


@dataclass(frozen=True)
class PillarLink:
    pillar: str
    label: str
    url_name: str


WORKSPACE_LINKS: list[WorkspaceLink] = []
PILLAR_LINKS: list[PillarLink] = []


def register_workspace_link(*, label: str, url_name: str, action: str, order: int = 100) -> None:
    link = WorkspaceLink(label, url_name, action, order)
    if link not in WORKSPACE_LINKS:
        WORKSPACE_LINKS.append(link)
        WORKSPACE_LINKS.sort(key=lambda x: x.order)


def register_pillar_link(*, pillar: str, label: str, url_name: str) -> None:
    link = PillarLink(pillar, label, url_name)
    if link not in PILLAR_LINKS:
        PILLAR_LINKS.append(link)


def pillar_links(pillar: str) -> list[PillarLink]:
    return [link for link in PILLAR_LINKS if link.pillar == pillar]
