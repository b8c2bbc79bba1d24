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
        """Whether one object lies inside the scope (for detail views and personal data).

        Answered from the loaded object when the lookup's relations are already in memory (a
        member's ``ward_id``; ``ward__province_id`` after ``select_related("ward")``), so that
        masking a list of 50 members costs no queries; otherwise one EXISTS query.
        """
        if self.everything:
            return True
        if self.nothing or obj is None:
            return False
        paths = type(obj).scope_paths
        if self.ward_id and paths.get("ward"):
            path, wanted = paths["ward"], self.ward_id
        else:
            path, wanted = paths["province"], self.province_id
        value = _resolve(obj, path)
        if value is not _MISSING:
            return value is not None and value == wanted
        if obj.pk is None:
            return False
        return type(obj)._default_manager.filter(self.q(type(obj)), pk=obj.pk).exists()

    def apply(self, queryset):
        return queryset.filter(self.q(queryset.model))


_MISSING = object()


def _resolve(obj, path):
    """Follow a lookup such as ``ward__province_id`` through already-loaded objects only.

    Returns ``_MISSING`` when it would need a query (relation not cached, field deferred).
    """
    *relations, last = path.split("__")
    current = obj
    for name in relations:
        field = current._meta.get_field(name)
        if not field.is_cached(current):
            return _MISSING
        current = getattr(current, name)
        if current is None:
            return None
    if last == "pk":
        return current.pk
    return current.__dict__.get(last, _MISSING)


def scope_for(user):
    """Administrators see everything; officers their unit; members and others nothing.

    Cached on the user object for the request; the cache key holds the fields it depends on,
    so changing a user's role or unit in the same request is never answered from a stale scope.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    key = (user.pk, user.is_superuser, user.role, user.province_id, user.ward_id)
    cached = user.__dict__.get("_lms_scope")
    if cached is not None and cached[0] == key:
        return cached[1]
    scope = _scope_for(user)
    user.__dict__["_lms_scope"] = (key, scope)
    return scope


def _scope_for(user):
    if user.is_superuser or user.role == Role.ADMIN:
        return Scope(everything=True)
    if user.role == Role.WARD_OFFICER and user.ward_id:
        # The ward's province comes along for read-only context (e.g. the province row). It is
        # taken from the ward itself, never from ``user.province``, so a mistyped province on
        # the account cannot widen what the officer sees.
        if user._meta.get_field("ward").is_cached(user) and user.ward is not None:
            province_id = user.ward.province_id
        else:
            province_id = _ward_province_id(user)
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


def _ward_province_id(user):
    # The ward model is reached through the user's foreign key: identity sits below the teams
    # registry and does not import it.
    ward_model = user._meta.get_field("ward").related_model
    return ward_model.objects.filter(pk=user.ward_id).values_list("province_id", flat=True).first()


def personal_data_visible(user, member):
    """CCCD, date of birth and phone of ``member`` may be shown to ``user``: the person
    themself, and officers (and administrators) whose scope covers the member's ward.
    Trainers, reviewers, other members and anonymous visitors see them masked."""
    if user is None or member is None or not user.is_authenticated or not user.is_active:
        return False
    if member.user_id is not None and member.user_id == user.pk:
        return True
    if not (
        user.is_superuser or user.role in (Role.ADMIN, Role.PROVINCE_OFFICER, Role.WARD_OFFICER)
    ):
        return False
    return scope_for(user).covers(member)
