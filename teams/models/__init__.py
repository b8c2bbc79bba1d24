"""The registry every report is built on: administrative units, hamlets, teams and their members.

Scoping: each model names the lookups that lead to its province and ward in ``scope_paths``;
``lms.accounts.scoping`` reads them, so the rule "a ward officer sees only their ward" is
written once for every list, report and export.
"""

from .imports import PENDING_IMPORT_SUFFIXES, PendingImport
from .registry import CommunityTeam, Hamlet, Member, Membership
from .units import LegacyDistrict, LegacyProvince, LegacyWard, LegacyWardMapping, Province, Ward

__all__ = [
    "PENDING_IMPORT_SUFFIXES",
    "CommunityTeam",
    "Hamlet",
    "LegacyDistrict",
    "LegacyProvince",
    "LegacyWard",
    "LegacyWardMapping",
    "Member",
    "Membership",
    "PendingImport",
    "Province",
    "Ward",
]
