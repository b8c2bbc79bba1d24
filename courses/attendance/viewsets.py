"""Admin screens of training sessions: every write goes through ``services`` (one write path)."""

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.log_actions import log

from lms.accounts import viewsets as scoped
from lms.accounts.viewsets import ServiceFormMixin

from . import selectors, services
from .forms import TrainingSessionAdminForm
from .models import TrainingSession


class SessionVisibilityMixin:
    """Sessions follow ``selectors.sessions_visible_to`` rather than the bare scope paths, so a
    ward officer also sees (and a trainer also edits) sessions organised higher up that invite
    their ward or that they teach; anything else answers 404."""

    def get_base_queryset(self):
        # A ward's label names its province: read it in the same query (20 more otherwise).
        return selectors.sessions_visible_to(self.request.user).select_related(
            "organiser_ward__province", "organiser_province"
        )

    def get_object(self, queryset=None):
        obj = super(scoped.ScopedObjectMixin, self).get_object(
            *([queryset] if queryset is not None else [])
        )
        if not selectors.sessions_visible_to(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class ServiceWriteMixin(ServiceFormMixin):
    """Create and edit go through ``services.session_create`` / ``session_update``, which
    validate, save, (re)invite the active members of the target teams and wards and refresh
    the attendees' coverage rows."""

    def form_values(self):
        data = self.form.cleaned_data
        return {name: data[name] for name in self.form._meta.fields if name in data}


class SessionIndexView(SessionVisibilityMixin, scoped.ScopedIndexView):
    pass


class SessionCreateView(ServiceWriteMixin, scoped.generic.CreateView):
    def save_instance(self):
        instance = services.session_create(created_by=self.request.user, **self.form_values())
        self.form.instance = instance
        log(
            instance=instance, action="wagtail.create", user=self.request.user, content_changed=True
        )
        return instance


class SessionEditView(ServiceWriteMixin, SessionVisibilityMixin, scoped.ScopedEditView):
    def save_instance(self):
        instance = services.session_update(
            session=self.form.instance, by=self.request.user, **self.form_values()
        )
        log(
            instance=instance,
            action="wagtail.edit",
            user=self.request.user,
            content_changed=self.form.has_changed(),
        )
        return instance


class SessionDeleteView(SessionVisibilityMixin, scoped.ScopedDeleteView):
    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
            services.session_delete(session=self.object)


class SessionInspectView(SessionVisibilityMixin, scoped.ScopedInspectView):
    pass


class SessionObjectMixin:
    """For the history and usage views, which list log entries or references, not sessions:
    their ``get_base_queryset`` is that listing, so the session itself is found through
    ``get_base_object_queryset`` (only visible sessions; any other id answers 404). Overriding
    ``get_base_queryset`` here instead handed Wagtail's history filters a queryset of sessions,
    and the page answered 500 for everyone (issue 15, item 13)."""

    def get_base_object_queryset(self):
        return selectors.sessions_visible_to(self.request.user)


class SessionHistoryView(SessionObjectMixin, history.HistoryView):
    pass


class SessionUsageView(SessionObjectMixin, usage.UsageView):
    pass


class SessionCopyView(SessionVisibilityMixin, scoped.ScopedCopyView):
    pass


class TrainingSessionViewSet(scoped.ScopedModelViewSet):
    model = TrainingSession
    name = "attendance_trainingsession"
    url_prefix = "attendance/sessions"
    icon = "date"
    menu_label = _("Buổi tập huấn")
    form_fields = TrainingSessionAdminForm.Meta.fields
    list_display = ["title", "starts_at", "venue", "organiser_ward", "organiser_province"]
    list_filter = ["starts_at"]
    search_fields = ["title", "venue"]
    ordering = ["-starts_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    delete_view_class = SessionDeleteView
    inspect_view_class = SessionInspectView
    history_view_class = SessionHistoryView
    usage_view_class = SessionUsageView
    copy_view_class = SessionCopyView

    def get_form_class(self, for_update=False):
        return TrainingSessionAdminForm


class AttendancePagesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("attendance.view_trainingsession")


class AttendancePagesViewSet(ViewSet):
    """A menu entry to the trainer's pages (calendar, QR screen, roll call, reports), which live
    on the public site so that they work on a phone and a projector."""

    name = "attendance_pages"
    url_prefix = "attendance/pages"
    icon = "tasks"
    menu_label = _("Điểm danh và báo cáo")
    menu_item_class = AttendancePagesMenuItem

    @property
    def menu_url(self):
        return reverse("attendance:session_list")

    def get_urlpatterns(self):
        return []


class TrainingGroup(ViewSetGroup):
    items = (TrainingSessionViewSet, AttendancePagesViewSet)
    menu_label = _("Tập huấn")
    menu_icon = "date"
    menu_order = 310
