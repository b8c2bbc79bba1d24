from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's validator with its message in Vietnamese.

    Django's own Vietnamese catalogue has this (plural) message, but once other catalogues with
    a different plural formula are merged the lookup falls back to English; a singular message
    of our own avoids that.
    """

    def get_error_message(self):
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
