"""Resolving the rows' units: the ward from the province and ward names (new or pre-merger),
the hamlet from its name within the ward, and whether the importing user's scope covers them."""

from django.utils.translation import gettext as _

from ...models import Hamlet
from ...selectors import legacy_ward_resolve, place_keys, province_match, unit_keys
from .values import fold_cached, hamlet_keys, hamlet_kind_and_name


def scope_covers(scope, ward):
    if scope.everything:
        return True
    if scope.ward_id:
        return ward.pk == scope.ward_id
    return bool(scope.province_id) and ward.province_id == scope.province_id


class Places:
    """Resolves (province, ward) text pairs once each; an import names few distinct places."""

    def __init__(self, *, default_ward):
        self.default_ward = default_ward
        self.cache = {}

    def resolve(self, province_text, ward_text):
        """-> (ward, warning, error, column of the error)"""
        key = (fold_cached(province_text), fold_cached(ward_text))
        if key not in self.cache:
            self.cache[key] = self._resolve(province_text, ward_text)
        return self.cache[key]

    def _resolve(self, province_text, ward_text):
        if not ward_text:
            if self.default_ward is not None:
                return self.default_ward, "", "", ""
            return None, "", _("Thiếu tên xã, phường."), "ward"
        legacy_province = None
        if not province_text:
            if self.default_ward is None:
                return None, "", _("Thiếu tên tỉnh, thành phố."), "province"
            province = self.default_ward.province
        else:
            province, legacy_province = province_match(province_text)
            if province is None:
                message = _("Không tìm thấy tỉnh, thành phố “%s”.") % province_text
                return None, "", message, "province"
        # An old province name ("Hậu Giang") means an old address: try the mapping first.
        if legacy_province is not None:
            resolution = legacy_ward_resolve(ward_name=ward_text, province_name=province_text)
            if resolution.ok:
                return resolution.ward, resolution.warning, "", ""
        keys = place_keys(ward_text)
        ward = next((w for w in province.wards.all() if keys & unit_keys(w)), None)
        if ward is not None:
            return ward, "", "", ""
        if legacy_province is None:
            resolution = legacy_ward_resolve(
                ward_name=ward_text, province_name=province_text or province.name
            )
            if resolution.ok:
                return resolution.ward, resolution.warning, "", ""
        message = _("Không tìm thấy xã, phường “%(ward)s” thuộc %(province)s.") % {
            "ward": ward_text,
            "province": province.name,
        }
        return None, "", message, "ward"


def _hamlet_index(hamlets_by_ward):
    """ward id -> {folded name or "kind name": hamlet}"""
    index = {}
    for ward_id, hamlets in hamlets_by_ward.items():
        names = index.setdefault(ward_id, {})
        for hamlet in hamlets:
            for key in hamlet_keys(hamlet):
                names.setdefault(key, hamlet)
    return index


def match_hamlets(parsed, hamlets_by_ward, *, create_hamlets, report, log):
    """Find each row's hamlet, once per distinct (ward, text); returns the hamlets to
    create (only when ``create_hamlets``), keyed by (ward id, kind, folded name)."""
    index = _hamlet_index(hamlets_by_ward)
    matched = {}  # (ward id, hamlet text) -> hamlet or None
    new_hamlets = {}
    for item in parsed:
        unit, text = item["ward"], item["hamlet_text"]
        item["hamlet"] = None
        if unit is None or not text:
            continue
        if (unit.pk, text) not in matched:
            kind, bare = hamlet_kind_and_name(text, unit)
            names = index.get(unit.pk, {})
            hamlet = names.get(fold_cached(text)) or names.get(fold_cached(bare))
            if hamlet is None and create_hamlets:
                hamlet = _new_hamlet(new_hamlets, unit, kind, bare, report)
            matched[(unit.pk, text)] = hamlet
        hamlet = matched[(unit.pk, text)]
        if hamlet is None:
            log.error(
                item["row"],
                "hamlet",
                _(
                    "%(ward)s chưa có thôn, tổ dân phố “%(name)s”. Kiểm tra lại tên, hoặc "
                    "chọn “tạo thôn mới” để tạo."
                )
                % {"ward": unit.name, "name": text},
            )
            item["ok"] = False
            continue
        item["hamlet"] = hamlet
    return new_hamlets


def _new_hamlet(new_hamlets, unit, kind, bare, report):
    key = (unit.pk, kind, fold_cached(bare))
    hamlet = new_hamlets.get(key)
    if hamlet is None:
        hamlet = Hamlet(ward=unit, kind=kind, name=bare, is_active=True)
        new_hamlets[key] = hamlet
        report.hamlets_created.append(f"{hamlet}, {unit.name}")
    return hamlet
