"""Admin screens beyond listing and inspecting: issue one, bulk issue, revoke, reissue,
regenerate a PDF, download a course's or session's certificates as one ZIP.

Every object is fetched through the user's scope (404 outside it) and every action checks the
Django permission its role group grants (``certificates.permissions``).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.attendance.models import TrainingSession
from courses.models import CoursePage
from lms.accounts.scoping import scope_for
from lms.accounts.services import export_log_record

from .downloads import (
    ZIP_INLINE_MAX,
    certificates_zip,
    certificates_zip_queue,
    split_expired,
    zip_name,
)
from .forms import BulkIssueForm, IssueForm, RevokeForm
from .models import BulkIssueJob, Certificate
from .selectors import certificate_eligibility_for_admin, certificates_for_download
from .services import (
    bulk_issue_job_enqueue,
    certificate_issue,
    certificate_pdf_ensure,
    certificate_reissue,
    certificate_revoke,
    certificates_bulk_issue_enqueue,
)

ISSUE_PERMISSION = "certificates.add_certificate"
CHANGE_PERMISSION = "certificates.change_certificate"
VIEW_PERMISSION = "certificates.view_certificate"
ZIP_MAX_CERTIFICATES = 2000

INDEX_URL = "certificates_certificate:index"
INSPECT_URL = "certificates_certificate:inspect"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _scoped_certificate(request, pk):
    certificate = get_object_or_404(Certificate.objects.select_related("holder"), pk=pk)
    if not scope_for(request.user).covers(certificate):
        raise Http404
    return certificate


class _AdminFormView(WagtailAdminTemplateMixin, FormView):
    template_name = "certificates/admin/form.html"
    header_icon = "doc-full"
    permission = ISSUE_PERMISSION
    submit_label = gettext_lazy("Lưu")

    def dispatch(self, request, *args, **kwargs):
        _require(request, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(INDEX_URL), "label": _("Giấy chứng nhận")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submit_label"] = self.submit_label
        return context


# --- issue one -------------------------------------------------------------------------------


class _UserFormView(_AdminFormView):
    """Its form limits its choices to what the signed-in user may see."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs


class IssueView(_UserFormView):
    """Pick a member and a course; "Kiểm tra" shows the eligibility and its reasons, "Cấp"
    issues (or opens the valid certificate the member already holds)."""

    form_class = IssueForm
    page_title = gettext_lazy("Cấp giấy chứng nhận")
    template_name = "certificates/admin/issue.html"
    submit_label = gettext_lazy("Cấp giấy chứng nhận")

    def get_initial(self):
        initial = super().get_initial()
        member = self.request.GET.get("member")
        if member and member.isdigit():
            initial["member"] = f"#{member}"
        course = self.request.GET.get("course")
        if course and course.isdigit():
            initial["course"] = int(course)
        return initial

    def form_valid(self, form):
        member = form.cleaned_data["member"]
        course = form.cleaned_data["course"]
        if "check" in self.request.POST:
            eligibility = certificate_eligibility_for_admin(member=member, course=course)
            return self.render_to_response(
                self.get_context_data(form=form, eligibility=eligibility, member=member)
            )
        try:
            certificate = certificate_issue(member=member, course=course, by=self.request.user)
        except ValidationError as exc:
            eligibility = {"eligible": False, "reasons": exc.messages, "existing": None}
            return self.render_to_response(
                self.get_context_data(form=form, eligibility=eligibility, member=member)
            )
        messages.success(
            self.request,
            _("Giấy chứng nhận số %(number)s của %(name)s.")
            % {"number": certificate.number, "name": certificate.holder_name},
        )
        return redirect(INSPECT_URL, certificate.pk)


# --- bulk ----------------------------------------------------------------------------------


class BulkIssueView(_UserFormView):
    form_class = BulkIssueForm
    page_title = gettext_lazy("Cấp giấy chứng nhận hàng loạt")
    submit_label = gettext_lazy("Bắt đầu cấp")
    intro = gettext_lazy(
        "Cấp cho mọi học viên đã hoàn thành khóa học và chưa có giấy còn hiệu lực. Việc cấp "
        "chạy nền; bạn có thể theo dõi tiến độ và chạy lại nếu bị gián đoạn (không cấp trùng, "
        "không bỏ số)."
    )

    def get_initial(self):
        initial = super().get_initial()
        for key in ("course", "session"):
            value = self.request.GET.get(key)
            if value and value.isdigit():
                initial[key] = int(value)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = self.intro
        return context

    def form_valid(self, form):
        try:
            job = certificates_bulk_issue_enqueue(
                course=form.cleaned_data["course"],
                session=form.cleaned_data["session"],
                by=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã bắt đầu cấp giấy chứng nhận hàng loạt."))
        return redirect("certificates_bulkissuejob:inspect", job.pk)


class BulkResumeView(View):
    """Enqueue an interrupted (failed or stuck) job again; the run skips what is done."""

    def post(self, request, pk):
        _require(request, ISSUE_PERMISSION)
        job = get_object_or_404(BulkIssueJob, pk=pk)
        if not scope_for(request.user).covers(job):
            raise Http404
        bulk_issue_job_enqueue(job=job)
        messages.success(request, _("Đã chạy lại đợt cấp."))
        return redirect("certificates_bulkissuejob:inspect", job.pk)


# --- revoke, reissue, regenerate -----------------------------------------------------------


class _CertificateActionView(_AdminFormView):
    form_class = RevokeForm
    permission = CHANGE_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        _require(request, self.permission)
        self.certificate = _scoped_certificate(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.certificate.number

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate"] = self.certificate
        context["intro"] = self.intro
        return context

    def form_valid(self, form):
        try:
            result = self.act(form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"number": result.number})
        return redirect(INSPECT_URL, result.pk)


class RevokeView(_CertificateActionView):
    page_title = gettext_lazy("Thu hồi giấy chứng nhận")
    submit_label = gettext_lazy("Thu hồi")
    intro = gettext_lazy(
        "Giấy chứng nhận bị thu hồi vẫn được lưu; trang tra cứu sẽ báo “Đã thu hồi” kèm lý do."
    )
    success_message = gettext_lazy("Đã thu hồi giấy chứng nhận %(number)s.")

    def act(self, reason):
        return certificate_revoke(certificate=self.certificate, by=self.request.user, reason=reason)


class ReissueView(_CertificateActionView):
    page_title = gettext_lazy("Cấp lại giấy chứng nhận")
    submit_label = gettext_lazy("Cấp lại")
    intro = gettext_lazy(
        "Cấp một giấy mới (số mới, ngày cấp hôm nay, thông tin hiện tại của thành viên); giấy cũ "
        "bị thu hồi với lý do “Cấp lại” và trỏ tới giấy mới."
    )
    success_message = gettext_lazy("Đã cấp lại: giấy mới số %(number)s.")

    def act(self, reason):
        return certificate_reissue(
            certificate=self.certificate, by=self.request.user, reason=reason
        )


class RegeneratePDFView(View):
    def post(self, request, pk):
        _require(request, CHANGE_PERMISSION)
        certificate = _scoped_certificate(request, pk)
        if certificate.holder_anonymised:
            raise Http404
        certificate_pdf_ensure(certificate=certificate, regenerate=True, request=request)
        messages.success(request, _("Đã tạo lại tệp PDF."))
        return redirect(INSPECT_URL, certificate.pk)


# --- ZIP -----------------------------------------------------------------------------------


class ZipDownloadView(View):
    """The valid certificates of a course (or one session) in the user's scope, as one ZIP
    built in memory (``downloads.certificates_zip``). Expired ones are left out unless
    ``?het_han=1``; the ZIP's ``danh-sach.csv`` says which are expired either way. With
    nothing to put in it, the user goes back to where they came from with a message instead
    of an empty file."""

    def get(self, request):
        _require(request, VIEW_PERMISSION)
        course = session = None
        if (value := request.GET.get("session", "")).isdigit():
            session = get_object_or_404(TrainingSession, pk=value)
            course = session.course
        if course is None and (value := request.GET.get("course", "")).isdigit():
            course = get_object_or_404(CoursePage, pk=value)
        if course is None:
            raise Http404
        include_expired = request.GET.get("het_han") == "1"
        certificates = list(
            certificates_for_download(user=request.user, course=course, session=session).filter(
                holder_anonymised=False
            )[: ZIP_MAX_CERTIFICATES + 1]
        )
        if len(certificates) > ZIP_MAX_CERTIFICATES:
            messages.error(
                request,
                _("Quá %(n)s giấy chứng nhận: hãy tải theo từng buổi tập huấn hoặc lọc theo xã.")
                % {"n": ZIP_MAX_CERTIFICATES},
            )
            return _back(request, course)
        valid, expired = split_expired(certificates)
        if not valid and not (include_expired and expired):
            messages.warning(request, _empty_message(session=session, expired=len(expired)))
            return _back(request, course)
        count = len(valid) + (len(expired) if include_expired else 0)
        if count > ZIP_INLINE_MAX and getattr(settings, "LMS_JOBS_QUEUE", True):
            job = certificates_zip_queue(
                user=request.user, course=course, session=session, include_expired=include_expired
            )
            return redirect(job.get_absolute_url())
        data = certificates_zip(
            valid=valid, expired=expired, include_expired=include_expired, request=request
        )
        export_log_record(
            user=request.user,
            export="certificates_zip",
            file_format="zip",
            filters={
                "course": course.pk,
                "session": session.pk if session else None,
                "expired": include_expired,
            },
            row_count=len(valid) + (len(expired) if include_expired else 0),
            request=request,
        )
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{zip_name(course, session)}"'
        response["Cache-Control"] = "private, no-store"
        return response


def _empty_message(*, session, expired):
    if expired:
        return _(
            "Không có giấy chứng nhận còn hiệu lực để tải: %(n)s giấy đã hết hạn. Muốn tải cả "
            "giấy đã hết hạn, chọn “Tải ZIP (gồm giấy đã hết hạn)”."
        ) % {"n": expired}
    if session is not None:
        return _("Buổi tập huấn này chưa có giấy chứng nhận nào để tải.")
    return _("Khóa học này chưa có giấy chứng nhận nào để tải.")


def _back(request, course):
    """Where the download was asked from (this site only), else the course's certificates."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(referer)
    return redirect(f"{reverse(INDEX_URL)}?course={course.pk}")
