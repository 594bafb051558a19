"""The digest's period rule, in one place for the CLI, the web UI and the library.

A period is a run of whole days, both ends included. Given both ends, that is the period; ``from``
alone means the week starting that day, ``to`` alone the week ending that day, neither the last
seven days up to today.
"""

from __future__ import annotations

from datetime import date, timedelta

PERIOD_DAYS = 7


def iso_day(value: date | str, what: str) -> str:
    """``value`` as YYYY-MM-DD, or a ValueError naming the option (``what``) and the expected form."""
    if isinstance(value, date):
        return value.isoformat()[:10]
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError as exc:
        raise ValueError(f"{what} {value!r} is not a date; use YYYY-MM-DD (for example 2026-03-09)") from exc


def resolve_period(date_from: date | str | None = None, date_to: date | str | None = None, *,
                   today: date | None = None, days: int = PERIOD_DAYS) -> tuple[str, str]:
    """The period ``(first day, last day)`` as ISO dates, by the rule above; an error if it runs backwards."""
    if days < 1:
        raise ValueError("a period has at least one day")
    span = timedelta(days=days - 1)
    start = iso_day(date_from, "--from") if date_from not in (None, "") else None
    end = iso_day(date_to, "--to") if date_to not in (None, "") else None
    if start and not end:
        end = (date.fromisoformat(start) + span).isoformat()
    elif end and not start:
        start = (date.fromisoformat(end) - span).isoformat()
    elif not start and not end:
        last = today or date.today()
        start, end = (last - span).isoformat(), last.isoformat()
    assert start is not None and end is not None
    if start > end:
        raise ValueError(f"the period starts ({start}) after it ends ({end}); swap --from and --to")
    return start, end
