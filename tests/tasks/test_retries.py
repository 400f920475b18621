"""Retries with backoff and the dead-letter list, on the database backend (both databases)."""

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from sigap.tasks.models import DeadLetter
from sigap.tasks.worker import run_pending
from tests.tasks import sample


def test_a_task_failing_twice_then_succeeding_is_retried_and_done(db, tmp_path):
    log = tmp_path / "flaky"
    first = sample.flaky.enqueue(str(log), 2)
    run_pending()
    assert sample.lines(log) == ["attempt"] * 3
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == [
        TaskResultStatus.FAILED,
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]
    assert results[0].pk == first.db_result.pk
    assert "ConnectionError" in results[0].traceback
    assert results[-1].return_value == "done"
    assert results[-1].args_kwargs["kwargs"] == {"sigap_attempt": 3}
    assert not DeadLetter.objects.exists()


def test_a_task_always_failing_lands_in_the_dead_letter_list_with_its_error(db, tmp_path):
    log = tmp_path / "bad"
    sample.always_fails.enqueue(str(log))
    run_pending()
    assert len(sample.lines(log)) == 3  # the first attempt and two retries
    letter = DeadLetter.objects.get()
    assert letter.task_path == "tests.tasks.sample.always_fails"
    assert letter.error == "builtins.ValueError: this input can never work"
    assert "this input can never work" in letter.traceback
    assert letter.attempts == 3 and letter.args == [str(log)] and letter.kwargs == {}
    assert list(DeadLetter.objects.waiting()) == [letter]


def test_retries_wait_longer_each_time(db, tmp_path, monkeypatch):
    from sigap import tasks

    waits = []
    monkeypatch.setattr(
        tasks, "_enqueue_retry", lambda t, args, kwargs, delay: waits.append(round(delay))
    )
    for attempt in (1, 2, 3):
        try:
            sample.backing_off.call(sigap_attempt=attempt)
        except OSError:
            pass
    assert 9 <= waits[0] <= 11 and 18 <= waits[1] <= 22 and 36 <= waits[2] <= 44
