"""``member_import``: a ward's member list in one all-or-nothing transaction.

Built for 50,000 rows on SQLite in well under a minute: everything the rows refer to (units,
hamlets, teams, existing people and memberships) is read up front in a few set-based queries,
rows are checked in memory, and writes are ``bulk_create`` / ``bulk_update``. No row causes a
query of its own.

The steps, one module each: ``rows`` (read and check one row), ``places`` (wards and hamlets),
``lookups`` (the set-based reads), ``people`` (match registered people), ``changes`` (plan and
write), ``entry`` (``member_import`` itself); ``report`` holds what the caller gets back.
"""

from .entry import member_import
from .report import ImportReport, Issue

__all__ = ["ImportReport", "Issue", "member_import"]
