"""Helpers of the one-write-path tests: run a write twice from the same data, compare rows."""

from django.core.management.color import no_style
from django.db import connection, transaction
from wagtail.models import ModelLogEntry

from lms.reports.models import CoverageFact
from teams.models import CommunityTeam, Hamlet, Member, Membership

VOLATILE = {"id", "created_at", "updated_at", "timestamp", "uuid"}


def rows():
    """Everything the writes may leave, without ids and clock times."""

    def table(queryset):
        return [
            {k: v for k, v in row.items() if k not in VOLATILE}
            for row in queryset.order_by("pk").values()
        ]

    return {
        "hamlets": table(Hamlet.objects.all()),
        "teams": table(CommunityTeam.objects.all()),
        "members": table(Member.objects.all()),
        "memberships": table(Membership.objects.all()),
        "log": table(ModelLogEntry.objects.all()),
        "coverage": table(CoverageFact.objects.all()),
    }


def reset_sequences():
    """Start new ids where the rows end, as SQLite does after a rollback: PostgreSQL sequences
    do not roll back, and the two paths must hand out the same ids to be compared."""
    if connection.vendor != "postgresql":
        return
    models = [Hamlet, CommunityTeam, Member, Membership, ModelLogEntry, CoverageFact]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def rolled_back(write):
    """The rows ``write`` leaves, then undo it so the other path starts from the same data."""
    reset_sequences()
    with transaction.atomic():
        result = write()
        after = rows()
        transaction.set_rollback(True)
    return result, after


def form_data(client, url, **changes):
    """What the edit form would send back unchanged, with ``changes`` applied."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    data.update(changes)
    return data


def admin_post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    return response


def same_rows(client, user, url, data, service):
    """POST ``data`` to ``url`` as ``user``, call ``service()``; both leave the same rows, and
    something did change."""
    client.force_login(user)
    before = rows()
    _, by_admin = rolled_back(lambda: admin_post(client, url, data))
    assert rows() == before  # rolled back
    _, by_service = rolled_back(service)
    assert by_admin == by_service
    assert by_admin != before
    return by_admin
