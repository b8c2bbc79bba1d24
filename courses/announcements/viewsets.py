"""Admin screens of announcements: a snippet viewset whose every view keeps to the user's area.

The listing (and the snippet chooser) show only announcements inside the user's scope; every
URL that names one announcement (edit, history, revisions, compare, preview, lock, workflow
actions, usage, delete...) answers 404 outside it, checked once for all of them by wrapping
the viewset's URL patterns rather than view by view, so a view Wagtail adds later is covered
too. Province and ward choices on the form are limited to the scope.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts.scoping import scope_for, scope_queryset
from lms.accounts.viewsets import ScopedFormMixin, ScopedListingMixin, ServiceFormMixin

from ..models import Announcement
from . import services


def _scoped_view(view, model):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            pk = unquote(str(pk))
            visible = scope_queryset(request.user, model._default_manager.all())
            if not visible.filter(pk=pk).exists():
                raise Http404
            task_state_id = kwargs.get("task_state_id")
            if (
                task_state_id is not None
                and not TaskState.objects.filter(
                    pk=task_state_id,
                    workflow_state__base_content_type=ContentType.objects.get_for_model(model),
                    workflow_state__object_id=pk,
                ).exists()
            ):
                raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _scoped_patterns(patterns, model):
    for pattern in patterns:
        pattern.callback = _scoped_view(pattern.callback, model)
    return patterns


class AnnouncementFormMixin(ServiceFormMixin, ScopedFormMixin):
    def save_instance(self):
        services.announcement_area_check(announcement=self.form.instance, by=self.request.user)
        return super().save_instance()


class AnnouncementCreateView(AnnouncementFormMixin, snippet_views.CreateView):
    def get_initial_form_instance(self):
        # A new announcement starts on the officer's own area.
        instance = super().get_initial_form_instance() or Announcement()
        scope = scope_for(self.request.user)
        if not scope.everything:
            instance.province_id = scope.province_id
            instance.ward_id = scope.ward_id
        return instance


class AnnouncementEditView(AnnouncementFormMixin, snippet_views.EditView):
    pass


class AnnouncementIndexView(ScopedListingMixin, snippet_views.IndexView):
    export_contains_personal_data = False


class AnnouncementChooseView(chooser_views.ChooseView):
    def get_object_list(self):
        return scope_queryset(self.request.user, super().get_object_list())


class AnnouncementChooseResultsView(chooser_views.ChooseResultsView):
    def get_object_list(self):
        return scope_queryset(self.request.user, super().get_object_list())


class AnnouncementChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = AnnouncementChooseView
    choose_results_view_class = AnnouncementChooseResultsView

    def get_urlpatterns(self):
        return _scoped_patterns(super().get_urlpatterns(), Announcement)


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "info-circle"
    menu_label = _("Thông báo địa phương")
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = AnnouncementIndexView
    add_view_class = AnnouncementCreateView
    edit_view_class = AnnouncementEditView
    chooser_viewset_class = AnnouncementChooserViewSet
    copy_view_enabled = False
    list_display = ["title", "province", "ward", "date"]
    list_filter = ["live"]
    search_fields = ["title"]

    def get_queryset(self, request):
        return Announcement.objects.select_related("province", "ward")

    def get_urlpatterns(self):
        return _scoped_patterns(super().get_urlpatterns(), Announcement)
