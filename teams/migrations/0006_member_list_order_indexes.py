"""Indexes that match the member list's order, on PostgreSQL only.

The admin's member list (``teams.viewsets.common.SearchIndexView``) orders by
``full_name COLLATE "vi_icu"`` (Vietnamese order) and then ``id``, which keeps pages stable when
names repeat. Without an index in that collation, page 1 of 370,000 members sorted the whole
table; with ``(full_name COLLATE "vi_icu", id)`` it reads the first 20 entries (backwards for
the descending column sort). Filtered to a ward, ``(ward_id, full_name COLLATE "vi_icu", id)``
gives the ward's members already in order. The province filter joins the wards
(``ward__province``): it walks the name index and keeps the rows of that province, which stops
after a page since every province holds a few percent of the members.

SQLite has no use for them (its collation is a Python callback): there both steps do nothing,
and the model stays the same on both databases (``makemigrations`` sees no change).
"""

from django.db import migrations
from django.db.models import F, Index
from django.db.models.functions import Collate

from lms.core.pg_indexes import postgresql_index

NAME_ORDER = Index(Collate(F("full_name"), "vi_icu"), F("id"), name="member_name_vi")
WARD_NAME_ORDER = Index(
    F("ward_id"), Collate(F("full_name"), "vi_icu"), F("id"), name="member_ward_name_vi"
)


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0005_member_search_key_trgm"),
    ]

    operations = [
        postgresql_index("teams", "Member", NAME_ORDER),
        postgresql_index("teams", "Member", WARD_NAME_ORDER),
    ]
