from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from lms.core.validators import MOBILE_RE, normalize_phone


class PhoneOrEmailBackend(ModelBackend):
    """Sign in with a phone number (any common spelling), an email, or a username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        username = username.strip()
        lookup = Q(username__iexact=username)
        if "@" in username:
            lookup |= Q(email__iexact=username)
        else:
            phone = normalize_phone(username)
            if phone:
                lookup |= Q(phone=phone)
        users = list(User._default_manager.filter(lookup)[:2])
        if len(users) != 1:
            # Run the hasher anyway so timing does not reveal which accounts exist.
            User().set_password(password)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


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


def axes_username(request, credentials=None):
    """``AXES_USERNAME_CALLABLE``: the normalised login from the credentials or the form."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "POST", {}).get("username")
    return login_key(value)
