"""Reporting periods: whole months (monthly) or quarters starting in January, April, July and
October. A period is named by its first day; its report is due ``due_days`` after it ends."""

from datetime import date, timedelta


def period_start(day: date, months: int) -> date:
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def next_period(start: date, months: int) -> date:
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_end(start: date, months: int) -> date:
    return next_period(start, months) - timedelta(days=1)


def due_on(start: date, months: int, due_days: int) -> date:
    return period_end(start, months) + timedelta(days=due_days)


def periods_between(first: date, last: date, months: int) -> list[date]:
    """Period starts from the period holding ``first`` to the one holding ``last``."""
    out, current = [], period_start(first, months)
    while current <= last:
        out.append(current)
        current = next_period(current, months)
    return out


def ended_periods(first: date, today: date, months: int) -> list[date]:
    """Periods from ``first`` whose last day has passed (a report can be due for them)."""
    return [p for p in periods_between(first, today, months) if period_end(p, months) < today]
