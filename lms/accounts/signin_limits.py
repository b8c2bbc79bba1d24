"""The address-alone sign-in block, on :mod:`lms.core.ratelimit`.

django-axes locks accounts (and account-and-address pairs), never an address alone: a training
hall on one Wi-Fi, or a carrier NAT, is one address, and one person's wrong passwords must not
lock everyone else out. An address is blocked only after :func:`address_limit` failed sign-ins
(all accounts together) in its window, 100 in 15 minutes by default: a sprayer trying one
password on many accounts reaches it, a full hall's honest mistakes do not.

The block applies to signing in (the sign-in form, the sign-in on the check-in page, the
activation form), never to a member or trainer already signed in, and a staff account (trainer,
officer) whose password is right still signs in, so the trainer can always run the session.
"""

from django.conf import settings

from lms.core import ratelimit


def address_limit() -> ratelimit.Limit:
    """``LMS_SIGNIN_ADDRESS_FAILURES`` failed sign-ins per ``LMS_SIGNIN_ADDRESS_WINDOW`` s."""
    return ratelimit.Limit(
        "signin-address",
        int(getattr(settings, "LMS_SIGNIN_ADDRESS_FAILURES", 100)),
        int(getattr(settings, "LMS_SIGNIN_ADDRESS_WINDOW", 15 * 60)),
    )


def address_failure_record(request) -> None:
    """Count one failed sign-in (wrong password, unknown login, wrong activation code) from the
    request's client address."""
    if request is not None:
        ratelimit.hit(address_limit(), ratelimit.ident_for(request))


def address_blocked(request) -> bool:
    """Whether the request's client address has used up its failed sign-ins."""
    if request is None:
        return False
    return ratelimit.is_limited(address_limit(), ratelimit.ident_for(request))


def address_reset(request) -> None:
    ratelimit.reset(address_limit(), ratelimit.ident_for(request))
