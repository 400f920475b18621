"""A worker process for the tests, on the database named by the environment (tests/tasks/
conftest.py): ``work`` runs a worker whose beat is fast (every half second, a worker silent for
two seconds is dead) and whose one schedule is the hourly ``sample.scheduled``; ``enqueue``
enqueues a task of tests.tasks.sample; ``results`` prints the tasks' statuses as JSON."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")

import django  # noqa: E402

django.setup()

from django.utils.module_loading import import_string  # noqa: E402

from sigap.schedules import Schedule  # noqa: E402
from sigap.tasks import worker  # noqa: E402

SCHEDULES = [Schedule(name="test-hourly", task="tests.tasks.sample.scheduled", every="hour")]


def main(mode: str, *args: str) -> None:
    if mode == "work":
        worker.BEAT_S, worker.STALE_S = 0.5, 2.0
        worker.Process(SCHEDULES).run()
    elif mode == "enqueue":
        result = import_string(f"tests.tasks.sample.{args[0]}").enqueue(*json.loads(args[1]))
        print(result.id)
    elif mode == "results":
        from django_tasks_db.models import DBTaskResult

        from sigap.tasks.models import ScheduleRun

        rows = DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", "status")
        print(
            json.dumps(
                {
                    "tasks": [list(r) for r in rows],
                    "keys": list(ScheduleRun.objects.values_list("key", flat=True)),
                }
            )
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
