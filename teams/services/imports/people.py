"""Matching rows to people already registered (phone first, then CCCD), so that importing the
same file twice changes nothing; and the checks across rows: nobody twice, one leader a team.

A number held by someone outside the importing user's scope gets one neutral answer
(``OUT_OF_SCOPE``): no name, no place, the same words whether it is the phone or the CCCD, and
no "same person as row N" link between rows that hit the same outsider. ``audit`` bounds and
records how often a user meets it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...choices import TeamRole
from .lookups import current_leaders
from .places import scope_covers

OUT_OF_SCOPE = gettext_lazy(
    "Số điện thoại/CCCD này không dùng được cho đơn vị của bạn; liên hệ cán bộ cấp tỉnh."
)


def match_people(parsed, *, refs, scope, log) -> int:
    """Set each row's ``member`` (``None``: someone new) and flag the rows that clash. Returns
    the number of rows whose phone or CCCD is held by someone outside ``scope``."""
    leaders_now = current_leaders(refs.teams_by_hamlet.values())
    leader_rows, member_rows = {}, {}
    outside = 0
    for item in parsed:
        member = _match_member(item, refs=refs, scope=scope, log=log)
        if member is _OUTSIDE:
            outside += 1
            member = None
        if member is not None:
            if member.pk in member_rows:
                _fail(
                    item,
                    log,
                    "phone",
                    _("Người này đã có ở dòng %s (trùng số điện thoại hoặc CCCD).")
                    % member_rows[member.pk],
                )
            member_rows.setdefault(member.pk, item["row"])
        item["member"] = member
        if item["role"] == TeamRole.LEADER and item["hamlet"] is not None:
            _check_leader(item, leader_rows=leader_rows, leaders_now=leaders_now, log=log)
    return outside


def _fail(item, log, key, message):
    log.error(item["row"], key, message)
    item["ok"] = False


_OUTSIDE = object()


def _outside(member, scope):
    return member is not None and scope is not None and not scope_covers(scope, member.ward)


def _match_member(item, *, refs, scope, log):
    """The registered person the row names, ``None`` for someone new, or ``_OUTSIDE`` when its
    phone or CCCD is held by someone the user may not see (checked first, so that nothing
    about that person, not even a clash with the other number, is told)."""
    phone, cccd = item["phone"], item["cccd"]
    by_phone = refs.members_by_phone.get(phone) if phone else None
    by_cccd = refs.members_by_cccd.get(cccd) if cccd else None
    if _outside(by_phone, scope) or _outside(by_cccd, scope):
        _fail(item, log, "phone" if phone else "cccd", str(OUT_OF_SCOPE))
        return _OUTSIDE
    if by_phone and by_cccd and by_phone.pk != by_cccd.pk:
        _fail(
            item,
            log,
            "cccd",
            _("Số CCCD %(cccd)s đang thuộc người khác (%(name)s), không khớp số điện thoại.")
            % {"cccd": cccd, "name": by_cccd.full_name},
        )
    return by_phone or by_cccd


def _check_leader(item, *, leader_rows, leaders_now, log):
    """One leader per team: not two in the file, and not a new one over today's."""
    hamlet, member = item["hamlet"], item["member"]
    key = id(hamlet)  # a hamlet the import creates has no id yet
    if key in leader_rows:
        _fail(item, log, "role", _("Tổ đã có tổ trưởng ở dòng %s.") % leader_rows[key])
    elif hamlet.pk in leaders_now and (member is None or leaders_now[hamlet.pk] != member.pk):
        _fail(
            item,
            log,
            "role",
            _("Tổ đã có tổ trưởng; cho tổ trưởng hiện tại rời tổ trước khi nhập tổ trưởng mới."),
        )
    leader_rows[key] = item["row"]
