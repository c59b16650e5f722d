"""Concurrent votes on PostgreSQL: threads, each with its own connection, vote on the same opinion at
once — some people twice from two devices with different choices. Each person has exactly one vote and
the kept counters equal the votes stored."""

import threading

import pytest
from django.db import connection, connections

from danchu.consultations import services
from danchu.consultations.models import Consultation, Opinion, Vote

from .factories import consultation, resident

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_many_people_vote_at_once_and_the_counters_hold(tree, officer_a):
    c = consultation(officer_a, tree["a"])
    author = resident(tree["a1"])
    o = services.opinion_create(actor=author, consultation=c, text="Đề nghị kéo dài thời gian niêm yết")
    people = [resident(tree["a2"]) for _ in range(15)]
    errors: list[Exception] = []
    barrier = threading.Barrier(30)

    def worker(i: int):
        try:
            barrier.wait()
            services.vote_cast(actor=people[i % 15], opinion=o, choice="agree" if i < 15 else "disagree")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    o = Opinion.objects.get(pk=o.pk)
    votes = list(Vote.objects.filter(opinion=o).values_list("value", flat=True))
    assert len(votes) == 15
    assert (o.agree, o.disagree, o.passes) == (votes.count(1), votes.count(-1), 0)
    c = Consultation.objects.get(pk=c.pk)
    assert c.votes_count == 15 and c.participants_count == 16
