"""Background work of consultations (django-tasks; the immediate backend in tests).

`opinion_map_refresh(consultation_id)` computes and stores the opinion map (opinion_map.compute); the
services enqueue it after commit every MAP_EVERY_VOTES votes and when an official asks for it.
`opinion_maps_refresh()` recomputes, for every consultation still open or just closed, a map older than
its votes — enqueue it periodically (cron: `danchu shell -c "from danchu.consultations.tasks import
opinion_maps_refresh; opinion_maps_refresh.enqueue()"`). Both are idempotent and retry-safe.
"""

from django_tasks import task


@task()
def opinion_map_refresh(consultation_id: int) -> dict:
    from .opinion_map import compute

    data = compute(consultation_id)
    return {"k": data["k"], "participants": data["participants"], "seconds": data["seconds"]["total"]}


@task()
def opinion_maps_refresh() -> list[int]:
    from .selectors import stale_maps

    done = []
    for pk in stale_maps():
        opinion_map_refresh.call(pk)
        done.append(pk)
    return done
