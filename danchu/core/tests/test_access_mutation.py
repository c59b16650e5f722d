"""Mutation run of the access layer: each declaration switched off in turn, as if deleted, must make
the permission matrix fail. Slow (every declaration's matrix once more), so not in `make test`:
run it with `make mutation`, which sets DANCHU_MUTATION=1."""

import os

import pytest
from django.db import transaction

from danchu.core import access

from .test_access_matrix import check_rule, matrix, tasks  # noqa: F401 — the fixture

pytestmark = pytest.mark.skipif(os.environ.get("DANCHU_MUTATION") != "1", reason="make mutation")


@pytest.mark.django_db
def test_every_declaration_is_needed(tasks, capsys):  # noqa: F811 — the imported fixture
    survived, killed = [], []
    names = sorted(n for n in access.REGISTRY if n in matrix.CASES)
    only = os.environ.get("DANCHU_MUTATION_ONLY")
    if only:
        names = [n for n in names if n.startswith(only)]
    for name in names:
        access.DISABLED.clear()
        access.DISABLED.add(name)
        sid = transaction.savepoint()
        try:
            problems = check_rule(name, tasks)
        finally:
            access.DISABLED.clear()
            transaction.savepoint_rollback(sid)
        (killed if problems else survived).append(name)
    with capsys.disabled():
        print(f"\naccess mutation: {len(access.REGISTRY)} declarations, {len(names)} removed one at a time, "
              f"{len(killed)} made the matrix fail, {len(survived)} survived: {survived}")
    assert survived == []
