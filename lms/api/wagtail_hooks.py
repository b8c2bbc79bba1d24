from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.accounts.permissions import AdministratorsReadOnlyPolicy

from .models import ApiCallLog, ApiToken
from .permissions import ApiTokenPermissionPolicy
from .viewsets import ApiGroup

register_permission_policy(ApiToken, ApiTokenPermissionPolicy(ApiToken))
register_permission_policy(ApiCallLog, AdministratorsReadOnlyPolicy(ApiCallLog))


@hooks.register("register_admin_viewset")
def register_api_viewsets():
    return ApiGroup()
