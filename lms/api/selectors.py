"""Reads of the API app: a token from the secret a caller sends."""

import hmac
import re

from django.db.models import Count, Q

from lms.accounts.scoping import scope_for
from teams.models import CommunityTeam, Hamlet, Province, Ward

from .models import ApiToken
from .services import token_hash

_RAW = re.compile(r"^lms_(?P<prefix>[0-9a-f]{8})_[A-Za-z0-9_-]{20,64}$")


def api_token_for_secret(raw: str):
    """The token whose secret is ``raw`` with its owner, usable or not, or None."""
    match = _RAW.match(raw or "")
    if not match:
        return None
    token = ApiToken.objects.select_related("owner").filter(prefix=match["prefix"]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, token_hash(raw)):
        return None
    return token


def api_tokens_of(user):
    return ApiToken.objects.filter(owner=user).order_by("-created_at", "-pk")


# --- The registry, as the token owner may see it (codes and counts, never people) -----------


def _scope(user):
    return scope_for(user)


def unit_in_scope(user, model, code):
    """The province or ward with this code inside ``user``'s scope, or None (whether it does
    not exist or lies outside: the caller answers both with the same 404)."""
    if not (code and code.isascii() and code.isalnum() and len(code) <= 10):
        return None
    return _scope(user).apply(model.objects.filter(code=code)).first()


def provinces_for(user):
    return _scope(user).apply(Province.objects.order_by("code"))


def wards_for(user, *, province=None):
    qs = _scope(user).apply(Ward.objects.select_related("province"))
    if province is not None:
        qs = qs.filter(province=province)
    return qs.order_by("code")


def hamlets_for(user, *, province=None, ward=None):
    qs = _scope(user).apply(Hamlet.objects.select_related("ward"))
    if ward is not None:
        qs = qs.filter(ward=ward)
    elif province is not None:
        qs = qs.filter(ward__province=province)
    return qs.order_by("ward__code", "name", "pk")


def teams_for(user, *, province=None, ward=None, status=None, level=None, counts=True):
    """Teams with their number of current members (``n_members``), counted in the same query;
    ``counts=False`` for the bare rows (to number the pages)."""
    qs = _scope(user).apply(CommunityTeam.objects.select_related("ward"))
    if ward is not None:
        qs = qs.filter(ward=ward)
    elif province is not None:
        qs = qs.filter(ward__province=province)
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    if counts:
        qs = qs.annotate(
            n_members=Count("memberships", filter=Q(memberships__left_on__isnull=True))
        )
    return qs.order_by("pk")
