"""The admin's writes, each through its service (one write path).

* The ViewSets' create, edit and delete screens save in ``save_instance`` / ``delete_action``
  by calling the service (as ``wagtail.contrib.redirects`` customises its writes); a
  ``ValidationError`` from the service goes back on the form and nothing is saved.
* Actions that are flows, not edits: adding a member to a team, ending a membership,
  dissolving a team, merging hamlets. The object must be in the user's scope (404 otherwise).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.scoping import scope_queryset
from lms.accounts.viewsets import (
    ScopedCreateView,
    ScopedDeleteView,
    ScopedEditView,
    ServiceFormMixin,
    add_service_errors,
)

from . import services
from .forms import (
    HamletMergeForm,
    MembershipAddForm,
    MembershipLeaveForm,
    TeamDissolveForm,
)
from .models import CommunityTeam, Hamlet

# --- Create, edit and delete screens of the ViewSets -------------------------------------------


class ServiceDeleteView(ScopedDeleteView):
    """``delete_action`` calls the service; a refusal (something still points at the object)
    comes back as a message on the confirmation page."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
            return redirect(self.request.get_full_path())


class HamletCreateView(ServiceFormMixin, ScopedCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return self.saved(services.hamlet_create(by=self.request.user, **data))


class HamletEditView(ServiceFormMixin, ScopedEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.hamlet_update(hamlet=self.object, by=self.request.user, **data)


class HamletDeleteView(ServiceDeleteView):
    def delete_action(self):
        services.hamlet_delete(hamlet=self.object, by=self.request.user)


class TeamCreateView(ServiceFormMixin, ScopedCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return self.saved(services.team_register(by=self.request.user, **data))


class TeamEditView(ServiceFormMixin, ScopedEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.team_update(team=self.object, by=self.request.user, **data)


class TeamDeleteView(ServiceDeleteView):
    def delete_action(self):
        services.team_delete(team=self.object, by=self.request.user)


class MemberCreateView(ServiceFormMixin, ScopedCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return self.saved(services.member_register(by=self.request.user, **data))


class MemberEditView(ServiceFormMixin, ScopedEditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.member_update(member=self.object, by=self.request.user, **data)


class MemberDeleteView(ServiceDeleteView):
    def delete_action(self):
        services.member_delete(member=self.object, by=self.request.user)


# --- Flows -------------------------------------------------------------------------------------


def _team_for(request, pk):
    if not request.user.has_perm("teams.change_communityteam"):
        raise PermissionDenied
    return get_object_or_404(
        scope_queryset(request.user, CommunityTeam.objects.select_related("ward")), pk=pk
    )


def _render(request, team, form, title, submit):
    return render(
        request,
        "teams/admin/team_action.html",
        {
            "team": team,
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": reverse("teams_team:inspect", args=[team.pk]),
        },
    )


def _run(request, form, call):
    """Run a service; its validation errors go back on the form."""
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


def membership_add_view(request, pk):
    team = _team_for(request, pk)
    form = MembershipAddForm(
        request.POST or None, team=team, initial={"joined_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            form,
            lambda: services.membership_join(
                member=data["member"],
                team=team,
                role=data["role"],
                joined_on=data["joined_on"],
                by=request.user,
            ),
        ):
            messages.success(request, _("Đã thêm %s vào tổ.") % data["member"].full_name)
            return redirect("teams_team:inspect", team.pk)
    return _render(request, team, form, _("Thêm thành viên vào tổ"), _("Thêm"))


def membership_leave_view(request, pk, membership_pk):
    team = _team_for(request, pk)
    membership = get_object_or_404(
        team.memberships.select_related("member"), pk=membership_pk, left_on__isnull=True
    )
    form = MembershipLeaveForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            request,
            form,
            lambda: services.membership_leave(
                membership=membership,
                left_on=data["left_on"],
                reason=data["reason"],
                by=request.user,
            ),
        ):
            messages.success(request, _("%s đã rời tổ.") % membership.member.full_name)
            return redirect("teams_team:inspect", team.pk)
    title = _("%s rời tổ") % membership.member.full_name
    return _render(request, team, form, title, _("Xác nhận rời tổ"))


def team_dissolve_view(request, pk):
    team = _team_for(request, pk)
    form = TeamDissolveForm(request.POST or None, initial={"dissolved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        if _run(
            request,
            form,
            lambda: services.team_dissolve(
                team=team, dissolved_on=form.cleaned_data["dissolved_on"], by=request.user
            ),
        ):
            messages.success(request, _("Đã giải thể %s.") % team.name)
            return redirect("teams_team:inspect", team.pk)
    return _render(request, team, form, _("Giải thể tổ"), _("Xác nhận giải thể"))


def hamlet_merge_view(request, pk):
    if not request.user.has_perm("teams.change_hamlet"):
        raise PermissionDenied
    hamlet = get_object_or_404(
        scope_queryset(request.user, Hamlet.objects.select_related("ward")), pk=pk, is_active=True
    )
    form = HamletMergeForm(
        request.POST or None, hamlet=hamlet, initial={"merged_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = {}

        def merge():
            result["hamlet"] = services.hamlet_merge(
                hamlets=[hamlet, *data["others"]],
                into=data["into"],
                name=data["name"],
                kind=data["kind"],
                merged_on=data["merged_on"],
                by=request.user,
            )

        if _run(request, form, merge):
            messages.success(request, _("Đã sáp nhập vào %s.") % result["hamlet"])
            return redirect("teams_hamlet:inspect", result["hamlet"].pk)
    return render(
        request,
        "teams/admin/team_action.html",
        {
            "team": hamlet,
            "form": form,
            "title": _("Sáp nhập thôn, tổ dân phố"),
            "submit": _("Xác nhận sáp nhập"),
            "cancel_url": reverse("teams_hamlet:inspect", args=[hamlet.pk]),
        },
    )
