from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import AnonymisationRecord, ExportLog
from .permissions import AdministratorsReadOnlyPolicy
from .viewsets import PersonalDataGroup

register_permission_policy(ExportLog, AdministratorsReadOnlyPolicy(ExportLog))
register_permission_policy(AnonymisationRecord, AdministratorsReadOnlyPolicy(AnonymisationRecord))


@hooks.register("register_admin_viewset")
def register_personal_data_viewsets():
    return PersonalDataGroup()
