"""Forms of the support log: they collect input and hand it to the services, which hold every
rule (``services.support_record_create`` / ``support_record_update``). A rule's message comes
back from the service and is shown on the field it names (:func:`add_errors`)."""

import datetime
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.scoping import scope_queryset
from lms.core.spreadsheets import ENCODING_CHOICES, SpreadsheetError, check_upload
from teams.choices import TeamStatus
from teams.choosers import team_chooser_viewset
from teams.forms import CHOOSER_ABOVE, ScopedUnitsForm
from teams.models import CommunityTeam, Member

from .choices import OUTCOMES, SKILLS, CitizenGender, Place
from .models import MAX_GROUP, SupportRecord
from .services import RECORD_FIELDS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


def count_name(outcome):
    """The form field that holds an outcome's count."""
    return f"n_{outcome}"


class DayInput(forms.DateInput):
    """The browser's date picker where there is one (it sends yyyy-mm-dd; Vietnamese phones
    show dd/mm/yyyy); a text box where there is none, in which dd/mm/yyyy is typed."""

    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d", attrs={"placeholder": "dd/mm/yyyy"})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["max"] = f"{timezone.localdate():%Y-%m-%d}"
        return context


def day_field(**kwargs):
    return forms.DateField(
        label=_("Ngày hỗ trợ"),
        input_formats=DATE_FORMATS,
        widget=DayInput(),
        error_messages={
            "required": _("Hãy ghi ngày hỗ trợ."),
            "invalid": _("Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy, ví dụ 05/10/2026."),
        },
        **kwargs,
    )


def count_field(label, **kwargs):
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_GROUP, "inputmode": "numeric"}),
        error_messages={"invalid": _("Hãy ghi một số nguyên, ví dụ 3.")},
        **kwargs,
    )


def people_field():
    return forms.IntegerField(
        label=_("Số người dân được hỗ trợ"),
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_GROUP, "inputmode": "numeric"}),
        error_messages={
            "required": _("Hãy ghi số người dân được hỗ trợ."),
            "invalid": _("Hãy ghi một số nguyên, ví dụ 1."),
        },
    )


class RecordFieldsForm(forms.Form):
    """What every support form shares: the day, the place, the people, the skills touched, the
    outcome counts, a note. ``record_fields()`` is what the service receives."""

    # Which outcomes are asked as tap buttons (one help) rather than only as counts.
    outcome_buttons = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"] = day_field(initial=timezone.localdate)
        self.fields["place"] = forms.ChoiceField(
            label=_("Nơi hỗ trợ"),
            choices=Place.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Hãy chọn nơi hỗ trợ.")},
        )
        self.fields["people"] = people_field()
        self.fields["skills"] = forms.MultipleChoiceField(
            label=_("Kỹ năng đã hướng dẫn"),
            choices=SKILLS,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if self.outcome_buttons:
            self.fields["outcomes"] = forms.MultipleChoiceField(
                label=_("Kết quả"),
                choices=OUTCOMES,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Mỗi ô đã chọn tính cho mọi người trong lượt này."),
            )
        for name, label in OUTCOMES:
            self.fields[count_name(name)] = count_field(label)
        self.fields["note"] = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)

    def count_fields(self):
        return [self[count_name(name)] for name, _label in OUTCOMES]

    def record_fields(self) -> dict:
        """Skills as booleans, outcomes as counts. A count typed in wins; an outcome tapped
        without a count counts every person of the record."""
        data = self.cleaned_data
        fields = {name: name in data.get("skills", []) for name, _label in SKILLS}
        tapped = set(data.get("outcomes") or [])
        for name, _label in OUTCOMES:
            typed = data.get(count_name(name))
            if typed is not None:
                fields[name] = typed
            else:
                fields[name] = data["people"] if name in tapped else 0
        fields["note"] = data.get("note", "")
        return fields


def add_errors(form, error):
    """A service's ``ValidationError`` on ``form``: on the field it names (an outcome's count on
    its count box), above the form otherwise."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: [error]}
    for name, messages in by_field.items():
        target = count_name(name) if count_name(name) in form.fields else name
        form.add_error(target if target in form.fields else None, messages)


class TeamChoiceMixin:
    """The team (chosen for the user when they are in one) and the form's idempotency key."""

    def add_team_field(self, teams):
        stale = _("Biểu mẫu đã cũ: hãy mở lại trang ghi nhận.")
        self.fields["idempotency_key"] = forms.UUIDField(
            widget=forms.HiddenInput, error_messages={"required": stale, "invalid": stale}
        )
        self.teams = list(teams)
        self.fields["team"] = forms.ModelChoiceField(
            label=_("Tổ"),
            queryset=teams,
            empty_label=None,
            initial=self.teams[0] if len(self.teams) == 1 else None,
            widget=forms.HiddenInput if len(self.teams) == 1 else forms.RadioSelect,
            error_messages={
                "required": _("Hãy chọn tổ."),
                "invalid_choice": _("Bạn không ghi nhận được cho tổ này."),
            },
        )


class EntryForm(TeamChoiceMixin, RecordFieldsForm):
    """One help, on a phone: the big buttons first, the rest folded away."""

    def __init__(self, *args, teams, helpers, recorder=None, last=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_team_field(teams)
        self.fields["helpers"] = forms.ModelMultipleChoiceField(
            label=_("Người hỗ trợ"),
            queryset=helpers,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[recorder.pk] if recorder else [],
            error_messages={"invalid_choice": _("Người hỗ trợ phải là thành viên của tổ.")},
        )
        self.fields["citizen_gender"] = forms.ChoiceField(
            label=_("Giới tính"),
            choices=CitizenGender.choices,
            required=False,
            widget=forms.RadioSelect,
        )
        this_year = timezone.localdate().year
        self.fields["citizen_birth_year"] = forms.IntegerField(
            label=_("Năm sinh"),
            required=False,
            widget=forms.NumberInput(
                attrs={"min": this_year - 110, "max": this_year, "inputmode": "numeric"}
            ),
            error_messages={"invalid": _("Năm sinh là một số, ví dụ 1960.")},
        )
        if last is not None:  # the place and skills of the user's last record
            self.fields["place"].initial = last.place
            self.fields["skills"].initial = [name for name, _l in SKILLS if getattr(last, name)]

    def record_fields(self) -> dict:
        fields = super().record_fields()
        fields["citizen_gender"] = self.cleaned_data.get("citizen_gender") or ""
        fields["citizen_birth_year"] = self.cleaned_data.get("citizen_birth_year")
        return fields


class TallyForm(TeamChoiceMixin, RecordFieldsForm):
    """A day's counts at once: the people in all, each outcome's count, the skills touched."""

    outcome_buttons = False

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_team_field(teams)
        self.fields["people"].label = _("Tổng số người dân được hỗ trợ trong ngày")
        self.fields["place"].label = _("Nơi hỗ trợ chủ yếu")


class RecordEditForm(RecordFieldsForm):
    """The team leader's correction of a record: counts as numbers, as they were saved."""

    outcome_buttons = False

    def __init__(self, *args, record, helpers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helpers"] = forms.ModelMultipleChoiceField(
            label=_("Người hỗ trợ"),
            queryset=helpers,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Người hỗ trợ phải là thành viên của tổ.")},
        )
        if not self.is_bound:
            self.initial.update(
                date=record.date,
                place=record.place,
                people=record.people,
                note=record.note,
                skills=[name for name, _l in SKILLS if getattr(record, name)],
                helpers=list(record.helpers.values_list("pk", flat=True)),
                **{count_name(name): getattr(record, name) for name, _l in OUTCOMES},
            )


MONTH_RE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def parse_month(text) -> datetime.date | None:
    """ "MM/YYYY" (also "M/YYYY", "MM-YYYY") -> the first day of that month; None if not."""
    match = MONTH_RE.match(str(text or ""))
    if not match:
        return None
    month, year = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 2000 <= year <= 2099):
        return None
    return datetime.date(year, month, 1)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp phiếu tổng hợp (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("Hãy chọn tệp để tải lên.")},
    )
    encoding = forms.ChoiceField(
        label=_("Bảng mã của tệp"), choices=ENCODING_CHOICES, initial="auto", required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(name=upload.name, size=upload.size)
        except SpreadsheetError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def clean_encoding(self):
        return self.cleaned_data.get("encoding") or "auto"


class SupportRecordAdminForm(ScopedUnitsForm):
    """The admin's create and edit form: choices limited to the user's scope (teams active,
    helpers and hamlets of the scope); the service the view calls validates and saves."""

    class Meta:
        model = SupportRecord
        # The service's fields (RECORD_FIELDS), the team on creation, the helpers.
        fields = ["team", *RECORD_FIELDS, "helpers"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        members = scope_queryset(user, Member.objects.all())
        if self.instance.pk:
            del self.fields["team"]  # a record stays with its team; the service moves none
            team_id = self.instance.team_id
        else:
            teams = scope_queryset(
                user,
                CommunityTeam.objects.filter(status=TeamStatus.ACTIVE).select_related("ward"),
            )
            self.fields["team"].queryset = teams
            team_id = None
            # Nationally 74,000 teams and 370,000 people: pick the team in a searchable
            # chooser, and the helpers among that team's people.
            if teams[:CHOOSER_ABOVE].count() == CHOOSER_ABOVE:
                self.fields["team"].widget = team_chooser_viewset.widget_class()
                posted = str(self.data.get(self.add_prefix("team")) or "")
                team_id = int(posted) if posted.isdigit() and len(posted) < 12 else 0
        if team_id is not None:
            members = members.filter(
                memberships__team_id=team_id, memberships__left_on__isnull=True
            ).distinct()
        self.fields["helpers"].queryset = members.order_by("full_name", "pk")
        self.fields["helpers"].help_text = (
            _("Thành viên của tổ đã cùng hỗ trợ.")
            if team_id != 0
            else _("Chọn tổ và lưu trước; sau đó sửa bản ghi để chọn người cùng hỗ trợ.")
        )

    def service_fields(self) -> dict:
        """The cleaned values as the service takes them (``team`` and ``helpers`` apart)."""
        data = dict(self.cleaned_data)
        data.pop("team", None)
        data.pop("helpers", None)
        data["citizen_birth_year"] = data.get("citizen_birth_year")
        return data
