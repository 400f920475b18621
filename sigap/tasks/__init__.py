"""SIGAP's background work: Django's Tasks API (``django_tasks`` on Django 5.2, ``django.tasks``
from Django 6), on the backend chosen by SIGAP_TASKS_BACKEND (docs/operations.md).

Write a task with ``sigap.tasks.task`` instead of ``django_tasks.task``: the same task object
(``.enqueue()``, ``.using()``, ``.get_result()``), plus what not every backend has:

* **retries with backoff**: a task that raises is enqueued again after ``backoff_s``, then
  twice that, and so on, up to ``retries`` more attempts (the attempt number travels in a
  keyword argument, ``sigap_attempt``, which the task function never sees);
* **the dead-letter list**: the last attempt's error lands in ``DeadLetter`` (the
  administrators' page and API show it, with a retry button).

Arguments are ids and codes (JSON), never personal data. Enqueue from an action with
``transaction.on_commit(lambda: my_task.enqueue(pk))`` so that the worker sees the rows.
"""

import functools
import logging
import random
import traceback
from datetime import timedelta

from django.utils import timezone
from django_tasks import task as django_task

logger = logging.getLogger(__name__)

ATTEMPT = "sigap_attempt"


def task(function=None, *, retries: int = 3, backoff_s: float = 10.0, **options):
    """Django's ``@task`` with retries and the dead-letter list. ``options`` go to Django's
    decorator (``queue_name``, ``priority``, ``takes_context``)."""

    def decorate(func):
        @functools.wraps(func)
        def attempt(*args, **kwargs):
            number = kwargs.pop(ATTEMPT, 1)
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                _after_failure(the_task, args, kwargs, number, exc, retries, backoff_s)
                raise

        the_task = django_task(**options)(attempt)
        return the_task

    return decorate(function) if function is not None else decorate


def _after_failure(the_task, args, kwargs, number, exc, retries, backoff_s) -> None:
    if the_task.takes_context:
        args = args[1:]  # the context is the backend's, not an argument to keep
    if number <= retries:
        # Exponential backoff with a little jitter, so that failures do not come back in step.
        delay = backoff_s * 2 ** (number - 1) * random.uniform(0.9, 1.1)
        _enqueue_retry(the_task, args, {**kwargs, ATTEMPT: number + 1}, delay)
        logger.warning("%s failed (attempt %d), retried in %.0f s", the_task.name, number, delay)
        return
    from sigap.tasks.models import DeadLetter

    DeadLetter.objects.create(
        task_path=the_task.module_path,
        args=list(args),
        kwargs=kwargs,
        error=f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"[:300],
        traceback="".join(traceback.format_exception(exc))[-20_000:],
        attempts=number,
    )
    logger.error("%s failed for good after %d attempts", the_task.name, number)


def _enqueue_retry(the_task, args, kwargs, delay: float) -> None:
    run_after = timezone.now() + timedelta(seconds=delay)
    the_task.using(run_after=run_after).enqueue(*args, **kwargs)
