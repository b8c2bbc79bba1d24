"""Sign-in lockout: who is locked, who may unlock them, and the address-alone block.

django-axes counts failed sign-ins per *account* (``AXES_LOCKOUT_PARAMETERS``: the account,
and the account-and-address pair), so one person's wrong passwords lock only that account and
never the hall's shared Wi-Fi address. An address alone is blocked only after
``LMS_SIGNIN_ADDRESS_FAILURES`` failed sign-ins in ``LMS_SIGNIN_ADDRESS_WINDOW`` seconds (100 in
15 minutes by default), a number that a full training hall behind one NAT does not reach by
honest mistakes (see :mod:`.signin_limits`).

A locked account is unlocked by :func:`account_unlock`: by a trainer of a session the member is
invited to, or an officer whose scope covers the member; every unlock is written to Wagtail's
audit log (action ``accounts.unlock``).

Which trainers may unlock is known only to the attendance app, above this one: it registers a
function on the :data:`UNLOCK_PERMISSION_HOOK` Wagtail hook, called as ``fn(actor, user)``,
returning True to allow (any True allows). Officers are decided here, by scope.
"""

from __future__ import annotations

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import signin_limits
from .backends import account_key
from .choices import Role
from .scoping import scope_for

UNLOCK_PERMISSION_HOOK = "accounts_may_unlock"
UNLOCK_ACTION = "accounts.unlock"

NOT_ALLOWED = _("Bạn không có quyền mở khóa tài khoản này.")


def _failures(key: str) -> int:
    attempts = AccessAttempt.objects.filter(username=key)
    cool_off = get_cool_off()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def is_account_locked(user) -> bool:
    """True while ``user``'s account is locked by wrong passwords (from any address)."""
    if user is None or user.pk is None:
        return False
    key = account_key(user)
    if not key:
        return False
    return _failures(key) >= get_failure_limit(None, {"username": key})


def _member_of(user):
    # The member record sits in the teams registry, above this app: reached through the
    # user's reverse one-to-one accessor, never imported.
    try:
        return user.member
    except (AttributeError, ObjectDoesNotExist):
        return None


def may_unlock(actor, user) -> bool:
    """Whether ``actor`` may unlock ``user``: an officer whose scope covers the member (their
    member record's ward), or whoever an app above grants through :data:`UNLOCK_PERMISSION_HOOK`
    (the attendance app: a trainer of a session the member is invited to)."""
    if actor is None or user is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.pk == user.pk:
        return False
    if actor.is_superuser or actor.role == Role.ADMIN:
        return True
    if actor.role in (Role.PROVINCE_OFFICER, Role.WARD_OFFICER):
        member = _member_of(user)
        if member is not None and scope_for(actor).covers(member):
            return True
    return any(fn(actor, user) for fn in hooks.get_hooks(UNLOCK_PERMISSION_HOOK))


def account_unlock(*, actor, user) -> None:
    """Clear the sign-in lock of ``user``'s account: the account lock and every
    account-and-address lock for its login. Audited. Raises ``PermissionDenied`` unless
    :func:`may_unlock`."""
    from wagtail.log_actions import log

    if not may_unlock(actor, user):
        raise PermissionDenied(NOT_ALLOWED)
    key = account_key(user)
    with transaction.atomic():
        removed = axes_reset(username=key) if key else 0
        log(
            instance=user,
            action=UNLOCK_ACTION,
            user=actor,
            data={"attempts_removed": removed},
        )


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the Vietnamese lockout page, 429.

    It names what is locked (this account, or sign-ins from this address) and who can unlock
    it, and reads the same whether or not the typed account exists: axes locks unknown logins
    exactly like real ones.
    """
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    address = bool(getattr(request, "lms_address_blocked", False))
    if address:
        minutes = signin_limits.address_limit().window // 60
    context = {
        "address_blocked": address,
        "minutes": minutes,
        "failure_limit": get_failure_limit(request, credentials),
        "address_failure_limit": signin_limits.address_limit().count,
    }
    response = render(request, "accounts/lockout.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
