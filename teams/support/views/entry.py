"""Recording a help on a phone: one help, a day's tally, and the page that follows.

Plain forms with POST/redirect/GET, so they work without JavaScript. Each form carries an
idempotency key made when it is shown: a double tap or a resend returns the record the first
send saved (``support_record_create``), and lands on the same page."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.filters import fits_column
from teams.selectors import member_for_user

from ..choices import OUTCOMES, SKILLS
from ..entry_selectors import helpers_of, last_record_of, records_of_day, teams_led_by
from ..forms import EntryForm, TallyForm, add_errors
from ..models import SupportRecord
from ..selectors import records_for, teams_of_member_user
from ..services import support_record_create


def _refused(request):
    return render(request, "support/not_member.html", status=403)


def _save(request, form, **extra):
    data = form.cleaned_data
    try:
        record = support_record_create(
            team=data["team"],
            by=request.user,
            date=data["date"],
            place=data["place"],
            people=data["people"],
            idempotency_key=data["idempotency_key"],
            **extra,
            **form.record_fields(),
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    except PermissionDenied:
        form.add_error("team", _("Bạn không ghi nhận được cho tổ này."))
        return None
    return record


@login_required
def entry(request):
    teams = teams_of_member_user(request.user).select_related("ward", "hamlet").order_by("name")
    if not teams.exists():
        return _refused(request)
    helpers = helpers_of(teams)
    if request.method == "POST":
        form = EntryForm(request.POST, teams=teams, helpers=helpers)
        if form.is_valid():
            record = _save(request, form, helpers=form.cleaned_data["helpers"])
            if record is not None:
                return redirect("support:entry_done", record.pk)
    else:
        form = EntryForm(
            teams=teams,
            helpers=helpers,
            recorder=member_for_user(request.user),
            last=last_record_of(request.user),
            initial={"idempotency_key": uuid.uuid4()},
        )
    context = {"form": form, "leads": teams_led_by(request.user).exists()}
    return render(request, "support/entry.html", context)


@login_required
def tally(request):
    teams = teams_of_member_user(request.user).select_related("ward", "hamlet").order_by("name")
    if not teams.exists():
        return _refused(request)
    if request.method == "POST":
        form = TallyForm(request.POST, teams=teams)
        if form.is_valid():
            record = _save(request, form, is_tally=True)
            if record is not None:
                return redirect("support:entry_done", record.pk)
    else:
        last = last_record_of(request.user)
        form = TallyForm(
            teams=teams,
            initial={"idempotency_key": uuid.uuid4(), "place": last.place if last else None},
        )
    return render(request, "support/tally.html", {"form": form})


@login_required
def entry_done(request, pk):
    """After a save: what was saved, "Ghi tiếp", and today's records of the user's teams."""
    if not fits_column(SupportRecord.objects.all(), None, pk):
        raise Http404
    record = get_object_or_404(
        records_for(request.user).select_related("team").prefetch_related("helpers"), pk=pk
    )
    teams = teams_of_member_user(request.user)
    today = timezone.localdate()
    context = {
        "record": record,
        "skills": [label for name, label in SKILLS if getattr(record, name)],
        "outcomes": [
            (label, getattr(record, name)) for name, label in OUTCOMES if getattr(record, name)
        ],
        "today": today,
        "today_records": records_of_day(teams, today),
    }
    return render(request, "support/entry_done.html", context)
