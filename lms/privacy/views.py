"""The member's own account page: their data, their teams, their consent to be shown."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from lms.accounts.forms import ConsentForm
from teams.selectors import member_for_user
from teams.services import member_consent_set

from . import selectors


class ProfileView(LoginRequiredMixin, TemplateView):
    """ "Tài khoản của tôi": the person's own data, their consent, and a password change link."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = member_for_user(self.request.user)
        context["member"] = member
        if member is not None:
            context["memberships"] = selectors.memberships_of(member)
            context["consent_form"] = ConsentForm(initial={"public_consent": member.public_consent})
        return context


class ConsentView(LoginRequiredMixin, FormView):
    form_class = ConsentForm
    http_method_names = ["post"]

    def form_valid(self, form):
        member = member_for_user(self.request.user)
        if member is None:
            messages.error(self.request, _("Tài khoản này chưa gắn với hồ sơ thành viên tổ."))
            return redirect("accounts:profile")
        consent = form.cleaned_data["public_consent"]
        member_consent_set(member=member, consent=consent, by=self.request.user)
        if consent:
            messages.success(self.request, _("Đã ghi nhận bạn đồng ý công khai thông tin liên hệ."))
        else:
            messages.success(self.request, _("Đã rút lại đồng ý công khai thông tin liên hệ."))
        return redirect("accounts:profile")

    def form_invalid(self, form):
        return redirect("accounts:profile")
