"""An index for the certificate lookup by number, which ignores case, on PostgreSQL.

``certificate_lookup`` matches ``number__iexact``, which PostgreSQL runs as
``UPPER(number::text) = UPPER(%s)``: the unique btree on ``number`` cannot serve it, so every
lookup (in any case, and by code too, since both are asked in one OR) read the whole table.
This expression index matches it. SQLite runs ``iexact`` as ``LIKE``, which no index serves,
so there the step does nothing; the model is left unchanged on both databases.
"""

from django.db import migrations
from django.db.models import Index
from django.db.models.functions import Upper

from lms.core.pg_indexes import postgresql_index

INDEX = Index(Upper("number"), name="certificate_number_upper")


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_pdf_url_gender_job_heartbeat"),
    ]

    operations = [
        postgresql_index("certificates", "Certificate", INDEX),
    ]
