"""Admin screens of the member flows (registered in ``lms.privacy.wagtail_hooks``).

* "Phiếu kích hoạt tài khoản": a ward officer ticks members of their ward and prints one slip
  per person with a one-time code (first activation, or a password reset for people without
  email). Codes exist only in that response; the database keeps their hashes.
* "Ẩn danh hóa thành viên": administrators erase a person's identifying data on request.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.menu import MenuItem

from lms.accounts.permissions import is_administrator
from lms.accounts.scoping import scope_for
from lms.core.pdf import qr_png_data_uri, render_pdf
from lms.core.public_url import public_url
from lms.core.signing import sign_site_pdf
from lms.core.validators import normalize_phone
from teams.models import Member

from . import selectors
from .services import ISSUE_PERMISSION, activation_codes_issue, member_anonymise

SLIPS_PER_PAGE = 100


def _qr_svg(url):
    """The activation page address as an inline SVG QR code (no script, no external image)."""
    import segno

    return mark_safe(segno.make(url, error="m").svg_inline(scale=3, omitsize=True))


class SlipsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ISSUE_PERMISSION)


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


class SlipsFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm theo họ tên hoặc số điện thoại"), required=False, max_length=100
    )
    pending = forms.BooleanField(label=_("Chỉ người chưa có tài khoản"), required=False)


class ActivationSlipsView(View):
    """GET lists members in the officer's scope; POST issues codes and returns the slips."""

    template_name = "accounts/admin/activation_members.html"
    slips_template_name = "accounts/activation_slips.html"
    pdf_template_name = "accounts/activation_slips_pdf.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(ISSUE_PERMISSION) or scope_for(request.user).nothing:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = SlipsFilterForm(request.GET or None)
        members = selectors.members_for_slips(
            request.user, pending_only=form.is_valid() and form.cleaned_data["pending"]
        )
        if form.is_valid() and form.cleaned_data["q"]:
            q = form.cleaned_data["q"].strip()
            phone = normalize_phone(q)
            members = members.filter(Q(full_name__icontains=q) | Q(phone=phone))
        total = members.count()
        return TemplateResponse(
            request,
            self.template_name,
            {
                "members": members[:SLIPS_PER_PAGE],
                "total": total,
                "limit": SLIPS_PER_PAGE,
                "filter_form": form,
                "header_title": _("Phiếu kích hoạt tài khoản"),
            },
        )

    def post(self, request):
        ids = [int(pk) for pk in request.POST.getlist("member") if pk.isdigit()]
        members = list(Member.objects.filter(pk__in=ids).select_related("ward", "user"))
        if len(members) != len(set(ids)):
            raise Http404
        try:
            slips = activation_codes_issue(members=members, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("accounts_admin:activation_slips")
        # The public address (LMS_PUBLIC_BASE_URL), as on certificates: the slip is read on a
        # phone at home, not on the officer's machine.
        activate_url = public_url(reverse("accounts:activate"), request=request)
        context = {
            "slips": slips,
            "activate_url": activate_url,
            "qr_svg": _qr_svg(activate_url),
            "issued_by": request.user,
            "issued_at": timezone.now(),
        }
        if request.POST.get("format") == "pdf":
            # The same QR code as the HTML slips, as a PNG: xhtml2pdf does not draw inline SVG.
            context["qr_png"] = qr_png_data_uri(activate_url, scale=3)
            response = HttpResponse(
                sign_site_pdf(render_pdf(self.pdf_template_name, context, request=request)),
                content_type="application/pdf",
            )
            response["Content-Disposition"] = 'inline; filename="phieu-kich-hoat.pdf"'
        else:
            response = TemplateResponse(request, self.slips_template_name, context)
        # The codes are on this page only: nobody should get it back from a cache.
        response["Cache-Control"] = "no-store"
        return response


class AnonymiseSearchForm(forms.Form):
    phone = forms.CharField(label=_("Số điện thoại"), required=False, max_length=20)
    cccd = forms.CharField(label=_("Số CCCD"), required=False, max_length=12)
    member_id = forms.IntegerField(label=_("Mã thành viên"), required=False, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(k) for k in ("phone", "cccd", "member_id")):
            raise ValidationError(_("Nhập số điện thoại, số CCCD hoặc mã thành viên."))
        return cleaned


class AdministratorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AnonymiseSearchView(AdministratorRequiredMixin, View):
    template_name = "accounts/admin/anonymise_search.html"

    def get(self, request):
        form = AnonymiseSearchForm(request.GET or None)
        members = None
        if form.is_valid():
            members = selectors.members_matching(
                phone=form.cleaned_data["phone"],
                cccd=form.cleaned_data["cccd"],
                member_id=form.cleaned_data["member_id"],
            )
        return TemplateResponse(
            request,
            self.template_name,
            {"form": form, "members": members, "header_title": _("Ẩn danh hóa thành viên")},
        )


class AnonymiseConfirmView(AdministratorRequiredMixin, View):
    template_name = "accounts/admin/anonymise_confirm.html"

    def get_member(self, member_id):
        return get_object_or_404(Member.objects.select_related("ward", "user"), pk=member_id)

    def get(self, request, member_id):
        member = self.get_member(member_id)
        return TemplateResponse(
            request,
            self.template_name,
            {
                "member": member,
                "counts": selectors.member_record_counts(member),
                "header_title": _("Ẩn danh hóa thành viên"),
            },
        )

    def post(self, request, member_id):
        member = self.get_member(member_id)
        try:
            member_anonymise(member=member, by=request.user, via="admin")
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Đã ẩn danh hóa thành viên #%(id)s. Số liệu thống kê được giữ nguyên.")
                % {"id": member.pk},
            )
        return redirect("accounts_admin:anonymise")
