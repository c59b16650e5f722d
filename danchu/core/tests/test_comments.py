"""Comments and docstrings cite the law itself ("Law 10/2022 Art. 21") or say why in the project's own
words: never a planning document kept outside the repository, a tracker number or a seed file —
none of which ships with the code, so a reader could not follow the reference."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PLANNING = re.compile(
    r"\b(?:law|design|style)\.md\b"  # planning documents
    r"|\bissues?\s*#?\s*\d+"  # a tracker number after the word
    r"|\bseeds?\s+0\d\d"  # "seeds 002, 004"
    r"|shared/domain",
    re.IGNORECASE,
)
SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".toml", ".cfg", ".ini", ".sh", ".yml", ".yaml", ".md", ".service",
            ".conf", ".example"}


def _files():
    for top in ("danchu", "deploy", "scripts", "docs"):
        for path in sorted((REPO / top).rglob("*")):
            rel = path.relative_to(REPO)
            if not path.is_file() or "vendor" in rel.parts or path.name == Path(__file__).name:
                continue
            if path.suffix in SUFFIXES or path.name in {"Makefile"}:
                yield path
    for name in ("pyproject.toml", "constraints.txt", "Makefile", "README.md"):
        yield REPO / name


def offending_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if PLANNING.search(line)]


def test_no_comment_cites_a_planning_document_an_issue_or_a_seed():
    found = []
    for path in _files():
        for line in offending_lines(path.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{path.relative_to(REPO)}: {line}")
    assert not found, "\n".join(found)


# The planted lines are assembled at run time, so that this file holds no such citation itself.
_MD, _ISSUE, _SHARED = ".md", "issue", "shared/" + "domain"
PLANTED = [
    f"# see law{_MD} for the deadlines", f"# as in DESIGN{_MD}", f"# STYLE{_MD}: Vietnamese first", f"# ({_ISSUE} 6)",
    f"# {_ISSUE}s 4 and 8", f"# fixes {_ISSUE} #12", "# seeds 002, 004", f"({_SHARED}/seeds 002, 004)",
]


@pytest.mark.parametrize("line", PLANTED)
def test_each_pattern_is_caught(line):
    assert offending_lines(line) == [line]


@pytest.mark.parametrize("line", [
    "# Law 10/2022 Art. 21: the tally counts all households", "# the report is numbered on issue",
    "# `danchu seed --scale demo` seeds the demo data",
])
def test_law_citations_and_ordinary_words_pass(line):
    assert offending_lines(line) == []
