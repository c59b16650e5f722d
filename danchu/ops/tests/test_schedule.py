"""The periodic jobs (core.schedule): one registry, each job once per period, runs recorded and shown;
`danchu schedule` / `danchu daily`; the daily sweep flags an overdue case on time."""

import datetime as dt
import io
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone

from danchu.cases.models import Case
from danchu.cases.tests.factories import file_case
from danchu.core import schedule
from danchu.core.models import JobRun

EXPECTED_JOBS = {
    "cases.sweep", "dialogues.commitments_sweep", "oversight.recommendations_sweep", "reports.rollup_refresh",
    "consultations.opinion_maps_refresh", "core.log_checkpoint", "core.schedule_prune", "accounts.prune",
}


def local(y, m, d, hh=0, mm=0):
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


@pytest.fixture
def scratch_registry():
    """Register test-only jobs without leaving them in the registry for the other tests."""
    schedule.discover()
    saved = dict(schedule._REGISTRY)
    yield
    schedule._REGISTRY.clear()
    schedule._REGISTRY.update(saved)


def test_the_apps_register_their_jobs_and_core_imports_none_of_them():
    assert {j.name for j in schedule.jobs()} >= EXPECTED_JOBS
    text = Path(schedule.__file__).read_text(encoding="utf-8")
    for app in ("cases", "dialogues", "oversight", "reports", "consultations", "accounts"):
        assert f"danchu.{app}" not in text


@pytest.mark.django_db
def test_every_job_runs_once_then_twice_is_skipped_and_status_shows_the_last_run(tree):
    now = local(2025, 9, 10, 9, 0)
    first = schedule.run_all(now)
    assert {o.job for o in first} >= EXPECTED_JOBS
    assert [o for o in first if o.status not in ("ok", "enqueued")] == []
    runs = {r.job: r for r in JobRun.objects.all()}
    assert set(runs) >= EXPECTED_JOBS and all(r.finished_at and r.duration_ms is not None for r in runs.values())
    assert runs["cases.sweep"].period == "2025-09-10" and runs["core.log_checkpoint"].period == "2025-09-10T09"

    second = schedule.run_all(now)
    assert {o.status for o in second} == {"skipped"}
    assert JobRun.objects.count() == len(runs)  # nothing run again for the same period

    rows = {r["job"]: r for r in schedule.status(now)}
    assert rows["cases.sweep"]["status"] == "ok"
    assert rows["cases.sweep"]["result"] == {"overdue_flagged": 0, "reminded": 0}
    assert rows["cases.sweep"]["next_run"] == local(2025, 9, 11, 0, 10)
    out = io.StringIO()
    call_command("schedule", "--status", stdout=out)
    text = out.getvalue()
    assert "cases.sweep" in text and "lần cuối: " in text and '"overdue_flagged": 0' in text


@pytest.mark.django_db
def test_forced_daily_runs_again_without_changing_what_was_done(tree, officer_a):
    case = file_case(tree["a"])
    day = case.next_due + dt.timedelta(days=1)
    now = local(day.year, day.month, day.day, 8)
    schedule.run_all(now, names=["cases.sweep"])
    assert Case.objects.get(pk=case.pk).overdue
    again = schedule.run_all(now, force=True, names=["cases.sweep"])
    assert again[0].status == "ok" and again[0].result == {"overdue_flagged": 0, "reminded": 0}  # idempotent
    assert JobRun.objects.filter(job="cases.sweep").count() == 2


@pytest.mark.django_db
def test_an_overdue_case_is_flagged_when_the_daily_sweep_is_due(tree):
    case = file_case(tree["a"])
    assert case.next_due and not case.overdue
    day_after = case.next_due + dt.timedelta(days=1)
    # The day after the deadline, before the sweep's time (00:10): not yet.
    early = local(day_after.year, day_after.month, day_after.day, 0, 5)
    assert "cases.sweep" not in {o.job for o in schedule.run_due(early)}
    assert not Case.objects.get(pk=case.pk).overdue
    # On the deadline day itself the case is not overdue, even once the sweep ran.
    on_day = local(case.next_due.year, case.next_due.month, case.next_due.day, 9)
    assert {o.job: o for o in schedule.run_due(on_day)}["cases.sweep"].status == "ok"
    assert not Case.objects.get(pk=case.pk).overdue
    # The day after, at 00:30: the scheduler's tick runs the sweep and the case is flagged.
    late = local(day_after.year, day_after.month, day_after.day, 0, 30)
    done = {o.job: o for o in schedule.run_due(late)}
    assert done["cases.sweep"].status == "ok" and done["cases.sweep"].result["overdue_flagged"] == 1
    assert Case.objects.get(pk=case.pk).overdue
    later = {o.job: o.status for o in schedule.run_due(late + dt.timedelta(hours=3))}
    assert later["cases.sweep"] == "skipped" and later["core.log_checkpoint"] == "ok"  # a new hour, the same day


@pytest.mark.django_db
def test_a_failed_job_is_recorded_and_tried_again_later(scratch_registry):
    calls = []

    def flaky(now):
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("lỗi thử")
        return {"done": len(calls)}

    j = schedule.register("test.flaky", daily="00:00", label="thử", run=flaky)
    now = local(2025, 9, 10, 9)
    assert schedule.run_job(j, now=now).status == "failed"
    run = JobRun.objects.get(job="test.flaky")
    assert run.status == "failed" and "RuntimeError: lỗi thử" in run.error and run.attempts == 1
    assert schedule.run_job(j, now=now).status == "skipped"  # not before RETRY_AFTER
    JobRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - schedule.RETRY_AFTER - dt.timedelta(seconds=1))
    again = schedule.run_job(j, now=now)
    assert again.status == "ok" and again.result == {"done": 2}
    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == ("ok", 2, "")


@pytest.mark.django_db
def test_a_run_whose_process_died_is_taken_over_after_the_timeout(scratch_registry):
    j = schedule.register("test.stale", hourly=0, label="thử", run=lambda now: {"ok": 1}, timeout_minutes=5)
    now = local(2025, 9, 10, 9, 30)
    JobRun.objects.create(job=j.name, period=schedule.period_key(j, now), status="running",
                          started_at=timezone.now() - dt.timedelta(minutes=1))
    assert schedule.run_job(j, now=now).status == "skipped"  # still running elsewhere
    JobRun.objects.filter(job=j.name).update(started_at=timezone.now() - dt.timedelta(minutes=6))
    assert schedule.run_job(j, now=now).status == "ok"


def test_registration_refuses_an_ambiguous_job(scratch_registry):
    with pytest.raises(ValueError, match="run= or enqueue="):
        schedule.register("test.bad", daily="01:00", label="x")
    with pytest.raises(ValueError, match="daily="):
        schedule.register("test.bad", daily="01:00", hourly=3, label="x", run=lambda now: None)


@pytest.mark.django_db
def test_danchu_daily_runs_everything_once_and_says_what_was_already_run(tree):
    out = io.StringIO()
    call_command("daily", stdout=out)
    assert "cases.sweep: ok" in out.getvalue()
    out = io.StringIO()
    call_command("daily", stdout=out)
    assert "cases.sweep: đã chạy trong kỳ" in out.getvalue()
    with pytest.raises(CommandError, match="no periodic job named"):
        call_command("daily", "--job", "nope.nothing", stdout=io.StringIO())


@pytest.mark.django_db
def test_schedule_once_runs_the_due_jobs(tree):
    out = io.StringIO()
    call_command("schedule", "--once", stdout=out)
    due = {j.name for j in schedule.jobs() if schedule.is_due(j, timezone.now())}
    assert set(JobRun.objects.values_list("job", flat=True)) == due


@pytest.mark.django_db
def test_the_admin_page_lists_runs_read_only(admin_client):
    schedule.run_all(local(2025, 9, 10, 9), names=["cases.sweep"])
    page = admin_client.get("/admin/core/jobrun/")
    assert page.status_code == 200 and "cases.sweep" in page.content.decode()
    assert admin_client.get("/admin/core/jobrun/add/").status_code == 403
    run = JobRun.objects.get()
    assert admin_client.post(f"/admin/core/jobrun/{run.pk}/delete/", {"post": "yes"}).status_code == 403
    assert JobRun.objects.filter(pk=run.pk).exists()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two schedulers at once need real concurrency")
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_run_a_job_once(scratch_registry):
    calls = []
    j = schedule.register("test.once", daily="00:00", label="thử", run=lambda now: calls.append(1) or {"n": len(calls)})
    now = local(2025, 9, 10, 9)
    barrier = threading.Barrier(6)
    outcomes = []

    def tick():
        try:
            barrier.wait()
            outcomes.append(schedule.run_job(j, now=now).status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["skipped"] * 5
    assert len(calls) == 1 and JobRun.objects.filter(job="test.once").count() == 1


@pytest.mark.django_db
def test_the_accounts_job_drops_long_expired_tokens_and_keeps_live_ones(officer_a):
    from danchu.accounts.models import ApiToken

    now = timezone.now()
    old = ApiToken.objects.create(user=officer_a, key_hash="a" * 64, prefix="aaaa", expires_at=now - dt.timedelta(days=90))
    live = ApiToken.objects.create(user=officer_a, key_hash="b" * 64, prefix="bbbb", expires_at=now + dt.timedelta(days=9))
    [outcome] = schedule.run_all(now, names=["accounts.prune"])
    assert outcome.status == "ok" and outcome.result["api_tokens_deleted"] == 1
    assert list(ApiToken.objects.values_list("pk", flat=True)) == [live.pk] and old.pk != live.pk
