"""Concurrent submissions on PostgreSQL: threads, each with its own connection, send at once. A race of
retries (same key, same filer, same content) makes one case that every retry is told; the same key
from different filers makes one case each; a different content with the key is refused."""

import threading

import pytest
from django.db import connection, connections

from danchu.cases import services
from danchu.cases.errors import IdempotencyConflict
from danchu.cases.models import Case

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"),
]


def _race(n, send):
    results, errors = [None] * n, []
    barrier = threading.Barrier(n)

    def worker(i):
        try:
            barrier.wait(timeout=30)
            results[i] = send(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_a_race_of_retries_makes_one_case(tree):
    def send(_i):
        return services.case_submit(user=None, unit=tree["a"], kind="feedback", title="Đồng thời", body="Gửi lại",
                                    idempotency_key="race-1", client="203.0.113.5")

    results, errors = _race(12, send)
    assert not errors, errors
    assert Case.objects.count() == 1
    assert {case.tracking_code for case, _ in results} == {Case.objects.get().tracking_code}
    assert sum(created for _, created in results) == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_key_from_different_filers_at_once_makes_one_case_each(tree):
    def send(i):
        return services.case_submit(user=None, unit=tree["a"], kind="feedback", title=f"Người {i}", body="Nội dung",
                                    idempotency_key="shared-key", client=f"198.51.100.{i + 1}")

    results, errors = _race(8, send)
    assert not errors, errors
    assert Case.objects.count() == 8 and all(created for _, created in results)
    assert sorted(case.title for case, _ in results) == sorted(f"Người {i}" for i in range(8))


@pytest.mark.django_db(transaction=True)
def test_another_content_racing_with_the_key_is_refused(tree):
    def send(i):
        return services.case_submit(user=None, unit=tree["a"], kind="feedback", title="Tiêu đề", body=f"Bản {i % 2}",
                                    idempotency_key="race-2", client="203.0.113.5")

    results, errors = _race(10, send)
    case = Case.objects.get()
    assert all(isinstance(e, IdempotencyConflict) for e in errors) and len(errors) == 5, errors
    assert {c.tracking_code for r in results if r for c, _ in [r]} == {case.tracking_code}
