"""The concurrent-vote race on PostgreSQL: threads, each with its own connection, vote for the same
households at once; every acknowledged vote is stored, each household has exactly one counted voice."""

import threading

import pytest
from django.db import connection, connections

from danchu.decisions import services
from danchu.decisions.models import Form, Vote

from .factories import hamlet_head, households, matter, representative_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_two_devices_and_many_households_vote_at_once(tree):
    hamlet = tree["a1"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 20)
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=20)
    reps = [representative_user(h) for h in hs]
    acked: list[tuple[int, str]] = []
    errors: list[Exception] = []
    lock = threading.Lock()
    barrier = threading.Barrier(40)

    def worker(i: int):
        rep = reps[i % 20]
        choice = "agree" if i < 20 else "disagree"  # the second "device" of each household votes differently
        try:
            barrier.wait()
            services.vote_online(actor=rep, matter=m, choice=choice)
            with lock:
                acked.append((i % 20, choice))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(acked) == 40
    assert Vote.objects.filter(matter=m).count() == 20
    assert Vote.objects.filter(matter=m, counted=True).count() == 20
    m = services.matter_close(actor=head, matter=m)
    assert m.counts["households_participated"] == 20


@pytest.mark.django_db(transaction=True)
def test_votes_racing_the_close_are_either_counted_or_refused(tree):
    """A vote acknowledged is in the tally; a vote refused is not stored: nothing in between."""
    hamlet = tree["a2"]
    head = hamlet_head(hamlet)
    hs = households(hamlet, 30)
    m = matter(head, hamlet, form=Form.ONLINE, online_agreed=30)
    reps = [representative_user(h) for h in hs]
    acked: list[int] = []
    refused: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(31)

    def voter(i: int):
        try:
            barrier.wait()
            services.vote_online(actor=reps[i], matter=m, choice="agree")
            with lock:
                acked.append(i)
        except Exception as exc:  # noqa: BLE001 - the refusal must be "not_open"
            with lock:
                refused.append(getattr(exc, "code", repr(exc)))
        finally:
            connections.close_all()

    result = {}

    def closer():
        try:
            barrier.wait()
            result["m"] = services.matter_close(actor=head, matter=m)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=voter, args=(i,)) for i in range(30)] + [threading.Thread(target=closer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(refused) <= {"not_open"}
    assert len(acked) + len(refused) == 30
    closed = result["m"]
    assert closed.counts["households_participated"] == len(acked)
    assert Vote.objects.filter(matter=m).count() == len(acked)
