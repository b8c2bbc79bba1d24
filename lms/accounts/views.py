from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from lms.core import ratelimit

from . import signin_limits
from .forms import (
    ActivationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignInForm,
)
from .lockout import lockout_response
from .services import account_activate

BACKEND = "lms.accounts.backends.PhoneOrEmailBackend"


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Staff work in the admin: without a ?next=, that is where signing in takes them.
        if self.request.user.is_staff:
            return reverse("wagtailadmin_home")
        return super().get_default_redirect_url()


class SignOutView(auth_views.LogoutView):
    pass


@method_decorator(
    [sensitive_post_parameters("password1", "password2", "code"), never_cache], "dispatch"
)
class ActivateView(FormView):
    """First sign-in of a member who has a printed slip, and the officer-assisted reset.

    A wrong code is reported to django-axes as a failed sign-in for that phone, so guessing codes
    meets the same lockout (per phone and per IP) as guessing passwords.
    """

    form_class = ActivationForm
    template_name = "accounts/activate.html"

    def form_valid(self, form):
        credentials = {"username": form.cleaned_data["phone"]}
        if signin_limits.address_blocked(self.request):
            self.request.lms_address_blocked = True
            return lockout_response(self.request, None, credentials)
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            return get_lockout_response(self.request, None, credentials)
        try:
            user = account_activate(
                phone=form.cleaned_data["phone"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            code = getattr(error, "code", None)
            if code == "invalid_code":
                user_login_failed.send(
                    sender=__name__, credentials=credentials, request=self.request
                )
                signin_limits.address_failure_record(self.request)
                form.add_error("code", error)
            elif code in ("expired_code", "inactive"):
                form.add_error("code", error)
            else:
                form.add_error("password1", error)
            return self.form_invalid(form)
        login(self.request, user, backend=BACKEND)
        messages.success(
            self.request, _("Tài khoản đã được kích hoạt. Từ nay bạn đăng nhập bằng số điện thoại.")
        )
        return redirect("accounts:profile")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        form.save()
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return redirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        """At most ``LMS_PASSWORD_RESET_PER_ADDRESS`` requests per client address and
        ``LMS_PASSWORD_RESET_PER_ACCOUNT`` e-mails per target address in the window. Over the
        per-address limit the page says so; over the per-account limit nothing is sent and the
        answer is the usual one, so neither reveals whether the account exists."""
        request = self.request
        window = settings.LMS_PASSWORD_RESET_WINDOW
        by_address = ratelimit.Limit(
            "pw-reset-address", settings.LMS_PASSWORD_RESET_PER_ADDRESS, window
        )
        if ratelimit.hit_and_check(by_address, ratelimit.ident_for(request)):
            response = render(request, "accounts/password_reset_throttled.html", status=429)
            response["Retry-After"] = str(window)
            return response
        by_account = ratelimit.Limit(
            "pw-reset-account", settings.LMS_PASSWORD_RESET_PER_ACCOUNT, window
        )
        if ratelimit.hit_and_check(by_account, form.cleaned_data["email"].strip().lower()):
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["login_url"] = reverse("accounts:login")
        return context
