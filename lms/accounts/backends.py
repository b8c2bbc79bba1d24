from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from lms.core.validators import MOBILE_RE, normalize_phone

from . import signin_limits
from .choices import Role


class PhoneOrEmailBackend(ModelBackend):
    """Sign in with a phone number (any common spelling), an email, or a username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        blocked = signin_limits.address_blocked(request)
        users = _accounts_for(username)
        if len(users) != 1:
            # Run the hasher anyway so timing does not reveal which accounts exist.
            User().set_password(password)
            user = None
        else:
            user = users[0]
            if not (user.check_password(password) and self.user_can_authenticate(user)):
                user = None
        if blocked and not (user is not None and user.role != Role.MEMBER):
            # The address-alone block (100 failures in 15 minutes). A staff account with the
            # right password still signs in: the trainer can always run the session. Flagged
            # as an axes lockout so the lockout page answers and no failure is counted.
            if request is not None:
                request.axes_locked_out = True
                request.lms_address_blocked = True
            raise PermissionDenied("address blocked")
        if user is None:
            signin_limits.address_failure_record(request)
        return user


def _accounts_for(login):
    """At most two accounts the typed login could name (two means ambiguous: none signs in)."""
    User = get_user_model()
    login = (login or "").strip()
    if not login:
        return []
    lookup = Q(username__iexact=login)
    if "@" in login:
        lookup |= Q(email__iexact=login)
    else:
        phone = normalize_phone(login)
        if phone:
            lookup |= Q(phone=phone)
    return list(User._default_manager.filter(lookup)[:2])


def login_key(value):
    """The one spelling of a login that lockout counts against.

    Without it an attacker could try "0912 000 005", "+84912000005" and "84912000005" five
    times each: three spellings, one account, fifteen guesses.
    """
    value = (value or "").strip()
    if "@" in value:
        return value.lower()
    phone = normalize_phone(value)
    if MOBILE_RE.match(phone):
        return phone
    return value.lower()


def account_key(user):
    """The one key that lockout counts an account's failures against, whichever spelling
    (phone, email, username) was typed: its phone, else its lower-cased username."""
    return login_key(user.phone) if user.phone else (user.username or "").lower()


def axes_username(request, credentials=None):
    """``AXES_USERNAME_CALLABLE``: the account's key when the login names exactly one account,
    otherwise the normalised login (so unknown logins are counted too, and the answer is the
    same whether or not the account exists)."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    users = _accounts_for(value)
    if len(users) == 1:
        return account_key(users[0])
    return login_key(value)
