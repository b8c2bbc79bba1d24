"""The reports read other apps' tables. They own two things:

* ``Report``, unmanaged, exists only so that "may see the reports" is an ordinary Django
  permission that role groups can be given (``reports.view_reports``), instead of a hard-coded
  list of roles in every view;
* ``CoverageFact``, one row per active membership with the figures the coverage report counts.
  Deciding "trained in the period" and "holds a valid certificate" for every member of the
  country from two million attendance rows takes seconds; these rows make it one pass over one
  table. It is derived data: ``lms.reports.activity`` recomputes it from the source tables for
  the people a write touched (the teams, attendance, course and certificate services call it in
  their transaction) or for everyone (``manage.py rebuild_member_activity``).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_reports", _("Xem báo cáo độ bao phủ, nhân lực và tập huấn"))]
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")


# Training months are bits of one 64-bit integer counted from January of this year: 63 months,
# January 2025 to March 2030. A report period outside that window is answered from the source
# tables (correct, slower); moving the window is a change of this constant and
# ``manage.py rebuild_member_activity``.
ACTIVITY_EPOCH_YEAR = 2025
ACTIVITY_MONTHS = 63


class CoverageFact(models.Model):
    """One row per active membership of an active team, carrying what the coverage report
    counts, so that the national report is one pass over one table instead of joins of
    memberships, teams, wards, two million attendance rows and the certificates.

    * where the membership counts: province, ward, hamlet (empty for a commune-level team) and
      the team's level;
    * ``first_in_province`` / ``first_in_ward``: this is the person's first active membership
      in that province / ward, so a person in two teams of one ward is counted once there;
    * ``trained_months``: bit ``i`` is set when the person trained (attended a session as
      present or late, counted in the month it started, local time; or completed a course) in
      month ``i`` counted from January of ``ACTIVITY_EPOCH_YEAR``;
    * ``certified_from`` / ``certified_until``: the span in which the person holds a valid
      certificate of any course (until empty: one never expires); ``certified_gapless`` is
      false when a certificate expired before the next one started, and the report then checks
      the certificates themselves for days inside the span.

    Derived data, never edited: ``lms.reports.activity`` recomputes the rows of the people a
    write touched, in the same transaction as the write.
    """

    membership = models.OneToOneField(
        "teams.Membership",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="coverage_fact",
        verbose_name=_("quá trình tham gia tổ"),
    )
    member = models.ForeignKey(
        "teams.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("thành viên")
    )
    team = models.ForeignKey(
        "teams.CommunityTeam",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("tổ"),
    )
    province = models.ForeignKey(
        "teams.Province", on_delete=models.CASCADE, related_name="+", verbose_name=_("tỉnh")
    )
    ward = models.ForeignKey(
        "teams.Ward", on_delete=models.CASCADE, related_name="+", verbose_name=_("xã, phường")
    )
    hamlet = models.ForeignKey(
        "teams.Hamlet",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("thôn, tổ dân phố"),
    )
    team_level = models.CharField(_("cấp tổ"), max_length=10)
    first_in_province = models.BooleanField(default=True)
    first_in_ward = models.BooleanField(default=True)
    trained_months = models.BigIntegerField(_("các tháng có tập huấn"), default=0)
    certified_from = models.DateField(_("có chứng nhận từ"), null=True, blank=True)
    certified_until = models.DateField(_("đến"), null=True, blank=True)
    certified_gapless = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("số liệu bao phủ")
        verbose_name_plural = _("số liệu bao phủ")
        constraints = [
            models.CheckConstraint(
                condition=Q(trained_months__gte=0), name="coverage_fact_months_positive"
            ),
            models.CheckConstraint(
                condition=Q(certified_until__isnull=True)
                | Q(certified_from__isnull=False, certified_until__gte=models.F("certified_from")),
                name="coverage_fact_certified_span",
            ),
        ]

    def __str__(self):
        return f"{self.member_id} @ {self.team_id}"


class SupportFact(models.Model):
    """The support log summed per ward and month: what the support report reads nationally and
    for a province, so that a year of the country is a pass over about 40,000 rows instead of
    three million records (measured: 954 ms for the records alone against the 300 ms target).

    Derived data, recomputed for the ward-month a record write touches
    (``lms.reports.support_facts``, on the record's save, inside the service's transaction) or
    for everything (``support_facts_rebuild``, after a bulk load). A ward's hamlet breakdown and
    any period that does not start and end on a month's edge read the records themselves."""

    ward = models.ForeignKey("teams.Ward", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    records = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    # Distinct teams with at least one record in the month (the completeness "reporting").
    teams = models.PositiveIntegerField(default=0)
    skill_public_services = models.PositiveIntegerField(default=0)
    skill_online_shopping = models.PositiveIntegerField(default=0)
    skill_cashless = models.PositiveIntegerField(default=0)
    skill_online_safety = models.PositiveIntegerField(default=0)
    skill_local_platforms = models.PositiveIntegerField(default=0)
    skill_vneid = models.PositiveIntegerField(default=0)
    vneid_installed = models.PositiveIntegerField(default=0)
    vneid_level2 = models.PositiveIntegerField(default=0)
    portal_account = models.PositiveIntegerField(default=0)
    dossier_self = models.PositiveIntegerField(default=0)
    dossier_proxy = models.PositiveIntegerField(default=0)
    cashless_setup = models.PositiveIntegerField(default=0)
    fraud_warning = models.PositiveIntegerField(default=0)
    bhvs_enrolled = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ward", "month"], name="support_fact_ward_month")
        ]
        indexes = [models.Index(fields=["month", "ward"], name="support_fact_month_ward")]


class SupportTeamFact(models.Model):
    """The date of each team's latest record, for "no record in the last 60 days" without a
    probe of the records per team (75,000 probes nationally). Derived like ``SupportFact``."""

    team = models.OneToOneField(
        "teams.CommunityTeam", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    last_date = models.DateField()


class StaffingFact(models.Model):
    """One row per active membership of an active team, carrying what the staffing report
    counts (role, the person's affiliation, gender, birth date and IT qualification, and their
    certificate span), so that the national staffing report is one pass over one table instead
    of joins of memberships, teams, wards, members and certificates (2 s nationally).

    Where and how the membership counts is copied from its ``CoverageFact`` row (province, ward,
    hamlet, team level, the ``first_in_*`` flags, the certificate span). ``roles_in_province`` /
    ``roles_in_ward`` are bit masks (``ROLE_BITS``) of every role the person holds among their
    active memberships in that province / ward: the report counts a person once per unit and
    once per role they hold there, reading the masks on the person's first row of the unit.

    Derived data, never edited: ``lms.reports.staffing_facts`` recomputes the rows of the people
    a write touched, right after their coverage rows, in the same transaction.
    """

    membership = models.OneToOneField(
        "teams.Membership", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    member = models.ForeignKey("teams.Member", on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey("teams.Province", on_delete=models.CASCADE, related_name="+")
    ward = models.ForeignKey("teams.Ward", on_delete=models.CASCADE, related_name="+")
    hamlet = models.ForeignKey(
        "teams.Hamlet",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    team_level = models.CharField(max_length=10)
    first_in_province = models.BooleanField(default=True)
    first_in_ward = models.BooleanField(default=True)
    role = models.CharField(max_length=10)
    roles_in_province = models.PositiveSmallIntegerField(default=0)
    roles_in_ward = models.PositiveSmallIntegerField(default=0)
    affiliation = models.CharField(max_length=20)
    gender = models.CharField(max_length=6, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    it_qualification = models.CharField(max_length=12)
    it_major = models.BooleanField(default=False)
    certified_from = models.DateField(null=True, blank=True)
    certified_until = models.DateField(null=True, blank=True)
    certified_gapless = models.BooleanField(default=True)

    def __str__(self):
        return f"{self.member_id} ({self.role})"


class LearnerCourseFact(models.Model):
    """One row per person and course they enrolled in, trained in, completed or hold a
    certificate of: the per-course figures that ``CoverageFact`` folds over every course.

    * the coverage report with a course or topic filter reads ``trained_months`` and the
      certificate span of the chosen courses (same meaning as ``CoverageFact``'s, for one course);
    * the staffing report counts holders of a valid certificate per topic from the spans;
    * the activity report counts enrolments and completions per course from ``enrolled_on``
      (local date) and ``completed_on``, in the ward the person is registered in
      (``province``/``ward``, copied from ``Member.ward``).

    Derived data, recomputed per person with the coverage rows (``lms.reports.staffing_facts``).
    """

    member = models.ForeignKey("teams.Member", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(
        "teams.Province", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    ward = models.ForeignKey("teams.Ward", on_delete=models.CASCADE, related_name="+")
    enrolled_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    trained_months = models.BigIntegerField(default=0)
    certified_from = models.DateField(null=True, blank=True)
    certified_until = models.DateField(null=True, blank=True)
    certified_gapless = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "course"], name="learner_course_fact_unique"),
            models.CheckConstraint(
                condition=Q(trained_months__gte=0), name="learner_course_fact_months_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["course", "member"], name="learner_course_fact_course"),
            models.Index(fields=["province", "course"], name="learner_course_fact_province"),
        ]

    def __str__(self):
        return f"{self.member_id} / {self.course_id}"


class _SessionCounts(models.Model):
    """A session's course and start, copied from it, and its roster counted: the columns
    ``SessionFact`` and ``AttendanceFact`` share."""

    # As the session's: a deleted course leaves its sessions without one (SET_NULL).
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    starts_at = models.DateTimeField()
    invited = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class SessionFact(_SessionCounts):
    """A training session's roster counted: what the activity report sums per organising unit,
    so that a year of the country is a pass over the sessions instead of two million attendance
    rows. Recomputed for the sessions a write touched (``lms.reports.session_facts``, on
    ``lms.core.signals.sessions_changed``, inside the service's transaction)."""

    session = models.OneToOneField(
        "attendance.TrainingSession", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    organiser_province = models.ForeignKey(
        "teams.Province",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    organiser_ward = models.ForeignKey(
        "teams.Ward",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        indexes = [models.Index(fields=["starts_at"], name="session_fact_starts_at")]


class AttendanceFact(_SessionCounts):
    """A training session's roster counted per unit: what the attendance-rate report sums, so
    that a year of the country is a pass over about ten thousand rows instead of two million
    attendance rows joined to their people.

    Two kinds of row, told apart by ``team``:

    * ``team`` empty: the people of one ward on the session's roster (the ward a person is
      registered in), for the report by ward and the national rows per province;
    * ``team`` set: the active members of one team on the roster (a person in two teams counts
      for both), for the report by team; ``province``/``ward`` are then the team's.

    Recomputed per session (``lms.reports.attendance_facts``) when a roster or a mark changes
    (``sessions_changed``) and when people move ward or team (``members_moved``), inside the
    writing service's transaction.
    """

    session = models.ForeignKey(
        "attendance.TrainingSession", on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        "teams.CommunityTeam",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    province = models.ForeignKey(
        "teams.Province", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    ward = models.ForeignKey(
        "teams.Ward", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "ward"],
                condition=Q(team__isnull=True),
                name="attendance_fact_session_ward",
            ),
            models.UniqueConstraint(
                fields=["session", "team"],
                condition=Q(team__isnull=False),
                name="attendance_fact_session_team",
            ),
            models.CheckConstraint(
                condition=Q(attended__lte=F("invited")), name="attendance_fact_attended_invited"
            ),
        ]
        indexes = [
            # Nationally and per province (by ward): the period first, the unit beside it.
            models.Index(
                fields=["starts_at", "province"],
                condition=Q(team__isnull=True),
                name="attendance_fact_ward_rows",
            ),
            models.Index(
                fields=["province", "starts_at"],
                condition=Q(team__isnull=False),
                name="attendance_fact_team_rows",
            ),
        ]

    def __str__(self):
        return f"{self.session_id} / {self.team_id or self.ward_id}"
