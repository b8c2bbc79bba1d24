"""Write flows for accounts and personal-data protection."""

from .models import ExportLog


def export_log_record(*, user, export, file_format, filters=None, row_count=None, request=None):
    """Record an export that contains personal data. Call it from every such export."""
    filters = {
        key: value
        for key, value in (filters or {}).items()
        if key not in {"export", "csrfmiddlewaretoken", "page"} and value not in ("", None, [])
    }
    return ExportLog.objects.create(
        user=user,
        export=export,
        file_format=file_format,
        filters=filters,
        row_count=row_count,
        ip_address=request.META.get("REMOTE_ADDR") if request is not None else None,
    )
