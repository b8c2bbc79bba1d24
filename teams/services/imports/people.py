"""Matching rows to people already registered (phone first, then CCCD), so that importing the
same file twice changes nothing; and the checks across rows: nobody twice, one leader a team."""

from django.utils.translation import gettext as _

from ...choices import TeamRole
from .lookups import current_leaders
from .places import scope_covers


def match_people(parsed, *, refs, scope, log):
    """Set each row's ``member`` (``None``: someone new) and flag the rows that clash."""
    leaders_now = current_leaders(refs.teams_by_hamlet.values())
    leader_rows, member_rows = {}, {}
    for item in parsed:
        member = _match_member(item, refs=refs, scope=scope, log=log)
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


def _fail(item, log, key, message):
    log.error(item["row"], key, message)
    item["ok"] = False


def _match_member(item, *, refs, scope, log):
    phone, cccd = item["phone"], item["cccd"]
    by_phone = refs.members_by_phone.get(phone) if phone else None
    by_cccd = refs.members_by_cccd.get(cccd) if cccd else None
    if by_phone and by_cccd and by_phone.pk != by_cccd.pk:
        _fail(
            item,
            log,
            "cccd",
            _("Số CCCD %(cccd)s đang thuộc người khác (%(name)s), không khớp số điện thoại.")
            % {"cccd": cccd, "name": by_cccd.full_name},
        )
    member = by_phone or by_cccd
    if member is not None and scope is not None and not scope_covers(scope, member.ward):
        _fail(
            item,
            log,
            "phone",
            _("Người này đã được đăng ký ở đơn vị ngoài phạm vi quản lý của bạn."),
        )
    return member


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
