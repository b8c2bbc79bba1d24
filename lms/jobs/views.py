"""The job's page (progress bar), its JSON status and its file, for the requester only.

Mounted in the admin (``wagtail_hooks``) under /admin/cong-viec/. Every view answers 404 to
anyone but the requester, and after the job expired. The page refreshes itself without
JavaScript (``<noscript>`` meta refresh) and with it polls the status (``jobs-progress.js``).
"""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .choices import JobStatus
from .registry import job_kind
from .selectors import job_for_user, job_result_url, job_status, job_unclaimed
from .services import job_recover

REFRESH_SECONDS = 3


def _job(request, pk):
    job = job_for_user(user=request.user, pk=pk)
    return job_recover(job=job)


@require_GET
def job_detail(request, pk):
    job = _job(request, pk)
    kind = job_kind(job.kind)
    if job.status == JobStatus.DONE and kind is not None and kind.result_url is not None:
        # The result is a page of its own (an import preview): go there.
        return redirect(kind.result_url(job))
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "unclaimed": job_unclaimed(job),
            "result_url": job_result_url(job),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@require_GET
def job_status_json(request, pk):
    job = _job(request, pk)
    response = JsonResponse(job_status(job), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def job_download(request, pk):
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    inline = job.content_type == "application/pdf"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=job.file_name or "ket-qua",
        content_type=job.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
