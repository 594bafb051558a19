"""Triage: the editor's include / skip / star marks on units, the last-visit marker and the inbox."""

from presswatch.triage.inbox import InboxGroup, InboxPage, InboxUnit, inbox
from presswatch.triage.marks import (
    TRIAGE_ACTIONS,
    TriageMark,
    Visit,
    last_visit,
    mark_visit,
    triage_marks,
    triage_units,
    units_marked,
)

__all__ = ["TRIAGE_ACTIONS", "InboxGroup", "InboxPage", "InboxUnit", "TriageMark", "Visit", "inbox",
           "last_visit", "mark_visit", "triage_marks", "triage_units", "units_marked"]
