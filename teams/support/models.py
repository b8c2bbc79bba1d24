"""The support log, area indicators and monthly ward reports.

Citizens helped by the teams are counted, not identified: a record holds no name, phone or ID
number of the citizen (README "Support log and personal data"). Nothing here is deleted:
corrections are edits, kept in Wagtail's audit log by the services.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import OUTCOMES, SKILLS, CitizenGender, IndicatorKind, IndicatorSource, MonthStatus
from .choices import Place as PlaceChoices

# The largest group one record may hold (a community class); larger events are several records.
MAX_GROUP = 200


def _skill_fields():
    return {name: models.BooleanField(label, default=False) for name, label in SKILLS}


def _outcome_fields():
    return {name: models.PositiveIntegerField(label, default=0) for name, label in OUTCOMES}


class SupportRecordBase(models.Model):
    """Skills and outcomes as columns (one SUM each in the reports)."""

    locals().update(_skill_fields())
    locals().update(_outcome_fields())

    class Meta:
        abstract = True


class SupportRecord(SupportRecordBase):
    """One help given by a team: to one citizen, or to a group at once (a community class), or
    a day's tally (``is_tally``)."""

    team = models.ForeignKey(
        "teams.CommunityTeam",
        on_delete=models.PROTECT,
        related_name="support_records",
        verbose_name=_("tổ"),
    )
    # Copied from the team by the services: scope and reports filter on it without a join.
    ward = models.ForeignKey(
        "teams.Ward", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    hamlet = models.ForeignKey(
        "teams.Hamlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_records",
        verbose_name=_("thôn, tổ dân phố"),
    )
    date = models.DateField(_("ngày hỗ trợ"))
    month = models.DateField(
        _("tháng"), editable=False, help_text=_("Ngày đầu tháng của ngày hỗ trợ.")
    )
    place = models.CharField(_("nơi hỗ trợ"), max_length=20, choices=PlaceChoices.choices)
    people = models.PositiveSmallIntegerField(_("số người dân được hỗ trợ"), default=1)
    is_tally = models.BooleanField(_("số liệu cả ngày"), default=False)
    citizen_gender = models.CharField(
        _("giới tính người dân"), max_length=6, choices=CitizenGender.choices, blank=True
    )
    citizen_birth_year = models.PositiveSmallIntegerField(
        _("năm sinh người dân"), null=True, blank=True
    )
    helpers = models.ManyToManyField(
        "teams.Member", related_name="support_given", blank=True, verbose_name=_("người hỗ trợ")
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi"),
    )
    # From the entry form: a double tap or a resend of the same form saves one record.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("lúc ghi"), auto_now_add=True)
    updated_at = models.DateTimeField(_("lúc sửa"), auto_now=True)

    scope_paths = {"province": "ward__province_id", "ward": "ward_id"}

    class Meta:
        verbose_name = _("lượt hỗ trợ người dân")
        verbose_name_plural = _("nhật ký hỗ trợ người dân")
        ordering = ["-date", "-id"]
        indexes = [
            # The admin log lists the newest first: page 1 reads 50 index entries instead of
            # sorting 3.5 million records nationally (6.7 s; issue 18.1).
            models.Index(fields=["-date", "-id"], name="support_recent"),
            models.Index(fields=["ward", "month"], name="support_ward_month"),
            models.Index(fields=["team", "month"], name="support_team_month"),
            # The monthly-reports screen counts a month's records and reporting teams per ward
            # from this index alone (index-only scan: 67 ms nationally instead of a 765 ms
            # parallel scan of 3.5 million records).
            models.Index(fields=["month", "ward", "team"], name="support_month_ward_team"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gte=1) & Q(people__lte=MAX_GROUP),
                name="support_people_bounds",
                violation_error_message=_("Số người dân được hỗ trợ phải từ 1 đến %(max)s.")
                % {"max": MAX_GROUP},
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__lte": F("people")}),
                    name=f"support_{name}_le_people",
                    violation_error_message=_(
                        "“%(label)s” không thể nhiều hơn số người dân được hỗ trợ."
                    )
                    % {"label": label},
                )
                for name, label in OUTCOMES
            ],
            models.CheckConstraint(
                condition=Q(citizen_birth_year__isnull=True) | Q(people=1),
                name="support_birth_year_single",
                violation_error_message=_("Năm sinh chỉ ghi khi hỗ trợ một người."),
            ),
            models.CheckConstraint(
                condition=Q(citizen_gender="") | Q(people=1),
                name="support_gender_single",
                violation_error_message=_("Giới tính chỉ ghi khi hỗ trợ một người."),
            ),
        ]

    def __str__(self):
        return f"{self.team} – {self.date:%d/%m/%Y} – {self.people}"


class AreaIndicator(models.Model):
    """A figure about a ward or hamlet in a year (``month`` 0) or a month: its adults and
    households (the denominators of every rate), or a count the authorities publish. An absent
    figure has no row: empty is never 0."""

    ward = models.ForeignKey(
        "teams.Ward", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    hamlet = models.ForeignKey(
        "teams.Hamlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("thôn, tổ dân phố"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(
        _("tháng"), default=0, help_text=_("0: số liệu cả năm.")
    )
    kind = models.CharField(_("chỉ tiêu"), max_length=20, choices=IndicatorKind.choices)
    value = models.PositiveBigIntegerField(_("giá trị"))
    source = models.CharField(
        _("nguồn"), max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.ENTERED
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("lúc cập nhật"), auto_now=True)

    scope_paths = {"province": "ward__province_id", "ward": "ward_id"}

    class Meta:
        verbose_name = _("chỉ tiêu địa bàn")
        verbose_name_plural = _("chỉ tiêu địa bàn")
        ordering = ["ward", "hamlet", "-year", "month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "year", "month", "kind"],
                condition=Q(hamlet__isnull=True),
                name="indicator_one_per_ward",
                violation_error_message=_("Xã, phường đã có số liệu này cho kỳ này."),
            ),
            models.UniqueConstraint(
                fields=["hamlet", "year", "month", "kind"],
                condition=Q(hamlet__isnull=False),
                name="indicator_one_per_hamlet",
                violation_error_message=_("Thôn, tổ dân phố đã có số liệu này cho kỳ này."),
            ),
            models.CheckConstraint(
                condition=Q(month__gte=0) & Q(month__lte=12),
                name="indicator_month_0_12",
                violation_error_message=_("Tháng phải từ 0 (cả năm) đến 12."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2099),
                name="indicator_year_range",
                violation_error_message=_("Năm phải từ 2000 đến 2099."),
            ),
        ]

    def __str__(self):
        period = f"{self.month:02d}/{self.year}" if self.month else str(self.year)
        return f"{self.get_kind_display()} – {period}"


class WardMonth(models.Model):
    """A ward's monthly report: the ward officer submits the month's records, the province
    officer approves it. An approved month is locked; the province may reopen it, with a
    reason (audited). Which teams were expected and which had records are kept as they were
    at submission."""

    ward = models.ForeignKey(
        "teams.Ward", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường")
    )
    month = models.DateField(_("tháng"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=MonthStatus.choices, default=MonthStatus.OPEN
    )
    teams_expected = models.PositiveIntegerField(_("số tổ phải báo cáo"), default=0)
    teams_reporting = models.PositiveIntegerField(_("số tổ có ghi nhận"), default=0)
    records = models.PositiveIntegerField(_("số lượt hỗ trợ"), default=0)
    submitted_at = models.DateTimeField(_("lúc gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("lúc duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.CharField(_("lý do mở lại"), max_length=255, blank=True)

    scope_paths = {"province": "ward__province_id", "ward": "ward_id"}

    class Meta:
        verbose_name = _("báo cáo tháng của xã")
        verbose_name_plural = _("báo cáo tháng của xã")
        ordering = ["-month", "ward"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "month"],
                name="ward_month_unique",
                violation_error_message=_("Xã, phường đã có báo cáo tháng này."),
            ),
            models.CheckConstraint(
                condition=~Q(status=MonthStatus.APPROVED) | Q(approved_at__isnull=False),
                name="ward_month_approved_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.ward} – {self.month:%m/%Y}"
