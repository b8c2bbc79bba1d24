"""The "Mở khóa đăng nhập" action on a member's admin page (the panel is registered on the teams
app's ``teams_member_inspect_panels`` hook in ``wagtail_hooks``; the session page calls
``lockout.account_unlock`` itself)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .lockout import account_unlock, is_account_locked, may_unlock


@require_POST
def unlock_view(request, user_id):
    """POST only (a button in a form with the CSRF token). Someone who may not unlock this
    account gets the same 404 as for an account that does not exist."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    try:
        account_unlock(actor=request.user, user=user)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Đã mở khóa đăng nhập cho tài khoản này."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "wagtailadmin_home"
    return redirect(target)


def member_lockout_panel(request, member):
    """The sign-in lock of a member's account, with the unlock button, for those who may
    unlock it; nothing for others or for members without an account."""
    user = getattr(member, "user", None)
    if user is None or not may_unlock(request.user, user):
        return None
    return {
        "template": "accounts/admin/member_lockout_panel.html",
        "locked": is_account_locked(user),
        "user_id": user.pk,
        "next": request.get_full_path(),
    }
