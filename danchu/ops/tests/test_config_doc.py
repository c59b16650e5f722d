"""docs/configuration.md names every environment variable the code reads, in Vietnamese and in English,
and names no variable the code does not read.

The variables are found in the sources themselves, not in a list kept by hand:

- Python (every module of the package, tests included, and scripts/*.py), by its syntax tree:
  `os.environ.get("X")`, `os.environ["X"]` (read, not assigned), `os.environ.setdefault("X", …)`,
  `os.getenv("X")`, `"X" in os.environ`, and calls to a module's own helpers that pass one of their
  parameters to one of those (`env_bool("X")` in the settings, `_int("X", 4)` in `danchu serve`);
- shell (deploy/, scripts/): `${X:-default}` and its kin;
- the Makefile: `X ?= default` (make takes X from the environment) and `$$X` in a recipe.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
DOC = REPO / "docs" / "configuration.md"
NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


# --- what the code reads ----------------------------------------------------------------------------


def _is_os_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ"
            and isinstance(node.value, ast.Name) and node.value.id == "os")


def _env_key(node: ast.AST) -> ast.AST | None:
    """The key expression when `node` reads the environment, else None."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in {"get", "setdefault"} and _is_os_environ(func.value):
            return node.args[0]
        if (isinstance(func, ast.Attribute) and func.attr == "getenv"
                and isinstance(func.value, ast.Name) and func.value.id == "os"):
            return node.args[0]
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _is_os_environ(node.value):
        return node.slice
    if (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn)
            and _is_os_environ(node.comparators[0])):
        return node.left
    return None


def _literal(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and NAME.match(node.value):
        return node.value
    return None


def python_reads(source: str) -> set[str]:
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        name = _literal(_env_key(node))
        if name:
            found.add(name)
    # The module's own helpers: a function that reads the variable one of its parameters names.
    helpers: dict[str, list[int]] = {}
    for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        params = [a.arg for a in func.args.args]
        keyed = {k.id for k in (_env_key(n) for n in ast.walk(func)) if isinstance(k, ast.Name)}
        positions = [i for i, p in enumerate(params) if p in keyed]
        if positions:
            helpers[func.name] = positions
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers:
            for i in helpers[node.func.id]:
                name = _literal(node.args[i]) if i < len(node.args) else None
                if name:
                    found.add(name)
    return found


SHELL_DEFAULT = re.compile(r"\$\{([A-Z][A-Z0-9_]*):?[-=?+]")
MAKE_DEFAULT = re.compile(r"^([A-Z][A-Z0-9_]*)\s*\?=", re.MULTILINE)
MAKE_SHELL = re.compile(r"\$\$\{?([A-Z][A-Z0-9_]*)")


def _python_files() -> list[Path]:
    return sorted([*(REPO / "danchu").rglob("*.py"), *(REPO / "scripts").glob("*.py")])


def _shell_files() -> list[Path]:
    files = [*(REPO / "deploy").rglob("*"), *(REPO / "scripts").glob("*")]
    return sorted(p for p in files if p.is_file() and p.suffix != ".py")


def code_reads() -> dict[str, set[str]]:
    """Each variable the code reads, with the files that read it."""
    where: dict[str, set[str]] = {}

    def add(names, path: Path) -> None:
        for n in names:
            where.setdefault(n, set()).add(str(path.relative_to(REPO)))

    for path in _python_files():
        add(python_reads(path.read_text(encoding="utf-8")), path)
    for path in _shell_files():
        add(SHELL_DEFAULT.findall(path.read_text(encoding="utf-8", errors="replace")), path)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    add({*MAKE_DEFAULT.findall(makefile), *MAKE_SHELL.findall(makefile)}, REPO / "Makefile")
    return where


# --- what the document names -----------------------------------------------------------------------


def doc_parts() -> tuple[str, str]:
    text = DOC.read_text(encoding="utf-8")
    vi, sep, en = text.partition("\n## English\n")
    assert sep, "docs/configuration.md has no '## English' heading"
    return vi, en


def table_names(part: str) -> list[str]:
    """The backticked NAMES in the first column of every table row (header and rule rows skipped)."""
    names = []
    for line in part.splitlines():
        if not line.startswith("|") or re.match(r"^\|[\s:|-]+\|?\s*$", line):
            continue
        first = line.split("|")[1]
        names += [n for n in re.findall(r"`([^`]+)`", first) if NAME.match(n)]
    return names


# --- the tests ---------------------------------------------------------------------------------------


def test_the_parser_sees_each_kind_of_read():
    source = '''
import os
def env_bool(name, default=False):
    return os.environ.get(name) is not None
def _pair(value_env, file_env):
    return os.environ.get(value_env) or os.environ.get(file_env)
A = os.environ.get("A_GET", "x")
B = os.environ["B_ITEM"]
os.environ["NOT_A_READ"] = "1"
C = os.getenv("C_GETENV")
D = "D_IN" in os.environ
os.environ.setdefault("E_SETDEFAULT", "y")
F = env_bool("F_HELPER", True)
G = _pair("G_VALUE", "G_FILE")
env = {**os.environ, "NOT_READ_EITHER": "1"}
'''
    assert python_reads(source) == {"A_GET", "B_ITEM", "C_GETENV", "D_IN", "E_SETDEFAULT", "F_HELPER",
                                    "G_VALUE", "G_FILE"}
    assert SHELL_DEFAULT.findall('X=${DANCHU_X:-1}\ncd "${DANCHU_Y:-/var}"\necho $LOCAL') == ["DANCHU_X", "DANCHU_Y"]
    reads = code_reads()
    # One of each source: the settings' helper, a command's helper, a test, a shell script, the Makefile.
    assert "danchu/config/settings/base.py" in reads["DANCHU_HTTPS"]
    assert "danchu/ops/management/commands/serve.py" in reads["DANCHU_WEB_THREADS"]
    assert "danchu/core/tests/test_access_mutation.py" in reads["DANCHU_MUTATION"]
    assert "scripts/replica.sh" in reads["DANCHU_REPLICA_WAIT"]
    assert "deploy/danchu-admin" in reads["DANCHU_ENV_FILE"]
    assert "Makefile" in reads["DANCHU_TEST_DATABASE_URL"]


def test_every_variable_the_code_reads_is_documented_in_both_languages():
    reads = code_reads()
    vi, en = doc_parts()
    vi_names, en_names = set(table_names(vi)), set(table_names(en))
    missing_vi = {n: sorted(reads[n]) for n in sorted(set(reads) - vi_names)}
    missing_en = {n: sorted(reads[n]) for n in sorted(set(reads) - en_names)}
    assert missing_vi == {}, "not in the Vietnamese tables of docs/configuration.md"
    assert missing_en == {}, "not in the English tables of docs/configuration.md"


def test_every_variable_the_document_names_is_read_by_the_code():
    reads = code_reads()
    vi, en = doc_parts()
    for part, label in ((vi, "Vietnamese"), (en, "English")):
        names = table_names(part)
        assert names, f"no tables in the {label} part"
        stale = sorted(set(names) - set(reads))
        assert stale == [], f"{label} part: documented but read nowhere"
        twice = sorted({n for n in names if names.count(n) > 1})
        assert twice == [], f"{label} part: documented twice"
