"""A trigram GIN index on the members' folded search column, on PostgreSQL only.

The admin's member search (``teams.viewsets.common.FoldedSearchMixin``) filters
``search_key LIKE '%word%'`` once per word; a btree cannot serve that, a ``pg_trgm`` GIN index
can. SQLite has neither the extension nor the index type: there both steps do nothing. The
index is built here rather than declared on the model so that the model stays the same on
both databases (``makemigrations`` sees no change).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from lms.core.pg_indexes import postgresql_index

INDEX = GinIndex(fields=["search_key"], name="member_search_key_trgm", opclasses=["gin_trgm_ops"])


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0004_vietnamese_collation"),
    ]

    operations = [
        # Does nothing on a database other than PostgreSQL (Django's own vendor check).
        TrigramExtension(),
        postgresql_index("teams", "Member", INDEX),
    ]
