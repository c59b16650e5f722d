"""Background work of consultations (django-tasks; the immediate backend in tests).

`opinion_map_refresh(consultation_id)` computes and stores the opinion map (opinion_map.compute); the
services enqueue it after commit every MAP_EVERY_VOTES votes and when an official asks for it.
`opinion_maps_refresh()` recomputes, for every consultation still open or just closed, a map older than
its votes — `danchu schedule` enqueues it hourly (registered below). Both are idempotent and retry-safe.
"""

from django_tasks import task

from danchu.core import schedule


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


schedule.register("consultations.opinion_maps_refresh", hourly=20, label="Góp ý dự thảo: tính lại bản đồ ý kiến cũ",
                  enqueue=opinion_maps_refresh)
