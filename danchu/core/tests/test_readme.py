"""README.md, in both languages, names every app under danchu/, links the architecture, configuration
and deployment documents, says how to change the demo's port, and links no document that is missing."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
README = (REPO / "README.md").read_text(encoding="utf-8")
VI, _, EN = README.partition("\n## English")


def _apps():
    return sorted(p.parent.name for p in (REPO / "danchu").glob("*/apps.py"))


def test_both_languages_list_every_app():
    apps = _apps()
    assert {"core", "reports", "movements", "dialogues", "consultations"} <= set(apps)
    for name, text in (("Tiếng Việt", VI), ("English", EN)):
        layout = _layout(text)
        missing = [a for a in apps if not re.search(rf"(?<![\w/]){a}(?:/|`)", layout)]
        assert not missing, f"{name}: the layout section does not name {missing}"


def _layout(text: str) -> str:
    """The section that describes the tree: 'Cấu trúc' in Vietnamese, 'Layout' in English."""
    match = re.search(r"^### (?:Cấu trúc|Layout)\n(.*?)(?=^### |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, "no layout section"
    return match.group(1)


def test_both_languages_link_architecture_configuration_and_deploy_and_the_port():
    for text in (VI, EN):
        for doc in ("docs/architecture.md", "docs/configuration.md", "docs/deploy.md"):
            assert f"]({doc})" in text, doc
        assert "make demo PORT=8080" in text


def test_every_linked_document_exists():
    # (that README names no planning document is test_comments' check, over README too)
    for target in re.findall(r"\]\(((?:docs|deploy)/[^)#]+)\)", README):
        assert (REPO / target).exists(), target
