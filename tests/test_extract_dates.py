"""Dates in text and metadata normalised to ISO 8601 (presswatch/extract/dates.py)."""

from __future__ import annotations

import pytest

from presswatch.extract.dates import date_finder, normalise_date, solar_hijri_to_iso


@pytest.mark.parametrize(("text", "iso"), [
    ("Published 12 March 2024", "2024-03-12"),
    ("Published on March 12th, 2024 at 9:00", "2024-03-12"),
    ("12 mars 2024", "2024-03-12"),
    ("Publikuar më 5 nëntor 2023, 10:30", "2023-11-05"),
    ("5 nentor 2023", "2023-11-05"),
    ("2024-03-12", "2024-03-12"),
    ("2024-03-12T08:30:00Z", "2024-03-12"),
    ("12.03.2024", "2024-03-12"),
    ("on 1.2.2024", "2024-02-01"),  # dotted dates are day-first
    ("25/03/2024", "2024-03-25"),
    ("03/25/2024", "2024-03-25"),
    ("12. März 2024", "2024-03-12"),
    ("12 de marzo de 2024", "2024-03-12"),
    ("۱۲ مارس ۲۰۲۴", "2024-03-12"),
    ("تاریخ انتشار: ۱۴۰۳/۰۱/۲۳", "2024-04-11"),
    ("۲۳ فروردین ۱۴۰۳", "2024-04-11"),
    ("1403/01/23", "2024-04-11"),
    ("۱ فروردین ۱۴۰۴", "2025-03-21"),
])
def test_finds_and_normalises_dates(text: str, iso: str) -> None:
    assert date_finder().first(text) == iso


@pytest.mark.parametrize("text", [
    "31 February 2024",        # does not exist
    "03/04/2024",              # day or month first? left undated
    "In 1850 the town had 12 March 1850 residents",  # outside the plausible range
    "call 2024-13-45",
    "۳۱ اسفند ۱۴۰۲",          # 1402 is not a leap year: 30 Esfand is the last day
    "no date here",
])
def test_rejects_non_dates(text: str) -> None:
    assert date_finder().first(text) is None


def test_solar_hijri_leap_years_and_new_year() -> None:
    assert solar_hijri_to_iso(1403, 1, 1) == "2024-03-20"
    assert solar_hijri_to_iso(1402, 1, 1) == "2023-03-21"
    assert solar_hijri_to_iso(1403, 12, 30) == "2025-03-20"   # 1403 is a leap year
    assert solar_hijri_to_iso(1402, 12, 30) is None
    assert solar_hijri_to_iso(900, 1, 1) is None


def test_normalise_metadata_values() -> None:
    assert normalise_date("Tue, 12 Mar 2024 08:30:00 +0100") == "2024-03-12T08:30:00+01:00"
    assert normalise_date("2024-03-12") == "2024-03-12"
    assert normalise_date("2024-03-12T08:30:00Z") == "2024-03-12T08:30:00+00:00"
    assert normalise_date("12 March 2024") == "2024-03-12"
    assert normalise_date("") is None
    assert normalise_date(None) is None
    assert normalise_date("soon") is None


def test_several_dates_in_text_order() -> None:
    hits = date_finder().find_all("Updated 2024-05-02, first published 1 May 2024")
    assert [iso for _, _, iso in hits] == ["2024-05-02", "2024-05-01"]
