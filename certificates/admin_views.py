"""Admin screens beyond listing and inspecting: issue one, bulk issue, revoke, reissue,
regenerate a PDF, download a course's or session's certificates as one ZIP.

Every object is fetched through the user's scope (404 outside it) and every action checks the
Django permission its role group grants (``certificates.permissions``).
"""

import io
import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.accounts.scoping import scope_for, scope_queryset
from lms.accounts.services import export_log_record
from lms.text import normalize_text

from .forms import RevokeForm
from .models import Certificate
from .selectors import certificate_eligibility_for_admin, certificates_for_download
from .services import (
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


def _courses_with_template():
    from courses.models import CoursePage

    return CoursePage.objects.filter(certificate_template__isnull=False).order_by("title")


def _sessions_for(user):
    from courses.attendance.models import TrainingSession

    return scope_queryset(user, TrainingSession.objects.filter(course__isnull=False)).order_by(
        "-starts_at"
    )


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


class IssueForm(forms.Form):
    member = forms.CharField(
        label=gettext_lazy("Thành viên"),
        max_length=20,
        help_text=gettext_lazy("Số điện thoại hoặc số CCCD của thành viên."),
    )
    course = forms.ModelChoiceField(label=gettext_lazy("Khóa học"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = _courses_with_template()

    def clean_member(self):
        from teams.models import Member

        value = normalize_text(self.cleaned_data["member"]).replace(" ", "")
        members = scope_queryset(self.user, Member.objects.select_related("ward"))
        if value.startswith("#") and value[1:].isdigit():
            member = members.filter(pk=int(value[1:])).first()
        elif value:
            member = members.filter(
                Q(phone=value, phone__gt="") | Q(cccd=value, cccd__gt="")
            ).first()
        else:
            member = None
        if member is None:
            raise ValidationError(_("Không tìm thấy thành viên này trong phạm vi quản lý."))
        return member


class IssueView(_AdminFormView):
    """Pick a member and a course; "Kiểm tra" shows the eligibility and its reasons, "Cấp"
    issues (or opens the valid certificate the member already holds)."""

    form_class = IssueForm
    page_title = gettext_lazy("Cấp giấy chứng nhận")
    template_name = "certificates/admin/issue.html"
    submit_label = gettext_lazy("Cấp giấy chứng nhận")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

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


class BulkIssueForm(forms.Form):
    course = forms.ModelChoiceField(label=gettext_lazy("Khóa học"), queryset=None)
    session = forms.ModelChoiceField(
        label=gettext_lazy("Buổi tập huấn"),
        queryset=None,
        required=False,
        help_text=gettext_lazy(
            "Để trống: cấp cho mọi người đã hoàn thành khóa học trong phạm vi của bạn. "
            "Chọn một buổi: chỉ những người đã tham dự buổi đó."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = _courses_with_template()
        self.fields["session"].queryset = _sessions_for(user)

    def clean(self):
        cleaned = super().clean()
        course, session = cleaned.get("course"), cleaned.get("session")
        if course and session and session.course_id != course.pk:
            raise ValidationError(_("Buổi tập huấn này không thuộc khóa học đã chọn."))
        return cleaned


class BulkIssueView(_AdminFormView):
    form_class = BulkIssueForm
    page_title = gettext_lazy("Cấp giấy chứng nhận hàng loạt")
    submit_label = gettext_lazy("Bắt đầu cấp")
    intro = gettext_lazy(
        "Cấp cho mọi học viên đã hoàn thành khóa học và chưa có giấy còn hiệu lực. Việc cấp "
        "chạy nền; bạn có thể theo dõi tiến độ và chạy lại nếu bị gián đoạn (không cấp trùng, "
        "không bỏ số)."
    )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

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
        from .models import BulkIssueJob
        from .tasks import certificates_bulk_issue_task

        _require(request, ISSUE_PERMISSION)
        job = get_object_or_404(BulkIssueJob, pk=pk)
        if not scope_for(request.user).covers(job):
            raise Http404
        result = certificates_bulk_issue_task.enqueue(job_id=job.pk)
        BulkIssueJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
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
    """All valid certificates of a course (or one session) in the user's scope, as one ZIP
    built in memory; PDFs not generated yet are generated and stored on the way."""

    def get(self, request):
        from courses.attendance.models import TrainingSession
        from courses.models import CoursePage

        _require(request, VIEW_PERMISSION)
        course = session = None
        if (value := request.GET.get("session", "")).isdigit():
            session = get_object_or_404(TrainingSession, pk=value)
            course = session.course
        if course is None and (value := request.GET.get("course", "")).isdigit():
            course = get_object_or_404(CoursePage, pk=value)
        if course is None:
            raise Http404
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
            return redirect(INDEX_URL)
        buffer = io.BytesIO()
        # PDFs are already compressed: storing them is as small and much faster.
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for certificate in certificates:
                certificate_pdf_ensure(certificate=certificate, request=request)
                with certificate.pdf.open("rb") as handle:
                    archive.writestr(_zip_name(certificate), handle.read())
        export_log_record(
            user=request.user,
            export="certificates_zip",
            file_format="zip",
            filters={"course": course.pk, "session": session.pk if session else None},
            row_count=len(certificates),
            request=request,
        )
        name = f"giay-chung-nhan-{course.code or course.pk}"
        if session is not None:
            name += f"-buoi-{session.pk}"
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
        response["Cache-Control"] = "private, no-store"
        return response


def _zip_name(certificate):
    from lms.text import fold

    holder = fold(certificate.holder_name).replace(" ", "-") or "an-danh"
    return f"{certificate.number.replace('/', '-')}_{holder}.pdf"
