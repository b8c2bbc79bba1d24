"""The one place that decides which administrative units a user may see.

Every list, report, export and object view calls :func:`scope_queryset` (or the ViewSet mixin
in ``lms.accounts.viewsets``). Models say how to reach their province and ward through a
``scope_paths`` class attribute: ``{"province": "<lookup to province id>", "ward": "<lookup to
ward id>" | None}``.
"""

from dataclasses import dataclass

from django.db.models import Q

from .choices import Role


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    province_id: int | None = None
    ward_id: int | None = None

    @property
    def nothing(self):
        return not (self.everything or self.province_id or self.ward_id)

    def q(self, model):
        """A Q object selecting the rows of ``model`` inside this scope."""
        if self.everything:
            return Q()
        if self.nothing:
            return Q(pk__in=[])
        paths = model.scope_paths
        if self.ward_id and paths.get("ward"):
            return Q(**{paths["ward"]: self.ward_id})
        return Q(**{paths["province"]: self.province_id})

    def covers(self, obj):
        """Whether one object lies inside the scope (for detail views and personal data)."""
        if self.everything:
            return True
        if self.nothing or obj is None:
            return False
        return type(obj)._default_manager.filter(self.q(type(obj)), pk=obj.pk).exists()

    def apply(self, queryset):
        return queryset.filter(self.q(queryset.model))


def scope_for(user):
    """Administrators see everything; officers their unit; members and others nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    if user.is_superuser or user.role == Role.ADMIN:
        return Scope(everything=True)
    if user.role == Role.WARD_OFFICER and user.ward_id:
        # The ward's province comes along for read-only context (e.g. the province row).
        province_id = user.province_id or _ward_province_id(user.ward_id)
        return Scope(province_id=province_id, ward_id=user.ward_id)
    if user.role in (Role.PROVINCE_OFFICER, Role.TRAINER, Role.REVIEWER):
        if user.province_id:
            return Scope(province_id=user.province_id)
        if user.role in (Role.TRAINER, Role.REVIEWER):
            # A trainer not limited to a province works nationally.
            return Scope(everything=True)
    return Scope()


def scope_queryset(user, queryset):
    return scope_for(user).apply(queryset)


def _ward_province_id(ward_id):
    from teams.models import Ward

    return Ward.objects.filter(pk=ward_id).values_list("province_id", flat=True).first()


def personal_data_visible(user, member):
    """CCCD, date of birth and phone of ``member`` may be shown to ``user``: only officers (and
    administrators) whose scope covers the member's ward. Everyone else sees them masked."""
    if user is None or not user.is_authenticated:
        return False
    if not (
        user.is_superuser or user.role in (Role.ADMIN, Role.PROVINCE_OFFICER, Role.WARD_OFFICER)
    ):
        return False
    return scope_for(user).covers(member)
