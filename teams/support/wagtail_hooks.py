from wagtail import hooks

# The monthly reports, indicators and completeness screens register their own hooks there.
from . import wagtail_hooks_monthly  # noqa: F401
from .viewsets import SupportViewSetGroup


@hooks.register("register_admin_viewset")
def register_support_viewsets():
    return SupportViewSetGroup()
