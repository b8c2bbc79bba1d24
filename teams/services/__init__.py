"""Write flows of the teams registry (see the modules for each area)."""

from .admin_units import admin_units_load, legacy_units_load
from .hamlets import hamlet_create, hamlet_delete, hamlet_merge, hamlet_update
from .imports import ImportReport, member_import
from .pending import pending_import_purge, pending_import_store, pending_import_take
from .registry import (
    member_consent_set,
    member_delete,
    member_register,
    member_update,
    membership_join,
    membership_leave,
    normalize_cccd,
    team_delete,
    team_dissolve,
    team_register,
    team_update,
)

__all__ = [
    "ImportReport",
    "member_import",
    "admin_units_load",
    "hamlet_create",
    "hamlet_delete",
    "hamlet_merge",
    "hamlet_update",
    "legacy_units_load",
    "member_consent_set",
    "member_delete",
    "member_register",
    "member_update",
    "membership_join",
    "membership_leave",
    "normalize_cccd",
    "pending_import_purge",
    "pending_import_store",
    "pending_import_take",
    "team_delete",
    "team_dissolve",
    "team_register",
    "team_update",
]
