"""Staff screens of the courses app inside the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .forms import BulkEnrolmentForm


class BulkEnrolmentView(WagtailAdminTemplateMixin, FormView):
    """Officers and trainers enrol whole teams, a ward or a province in one go."""

    template_name = "courses/admin/bulk_enrol.html"
    form_class = BulkEnrolmentForm
    page_title = gettext_lazy("Ghi danh theo danh sách")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("courses.add_enrolment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.request.method == "GET" and self.request.GET.get("course"):
            kwargs["initial"] = {"course": self.request.GET["course"]}
        return kwargs

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "load_teams":
            # Re-display with the chosen ward's teams; nothing is enrolled yet.
            form = self.get_form()
            form.errors.clear()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        course = data["course"]
        user = self.request.user
        if data["target"] == form.TARGET_TEAMS:
            count = sum(
                services.enrolment_bulk_create(course=course, by=user, team=team)
                for team in data["teams"]
            )
        elif data["target"] == form.TARGET_WARD:
            count = services.enrolment_bulk_create(course=course, by=user, ward=data["ward"])
        else:
            count = services.enrolment_bulk_create(
                course=course, by=user, province=data["province"]
            )
        messages.success(
            self.request,
            _("Đã ghi danh %(count)s thành viên vào khóa học “%(title)s”.")
            % {"count": count, "title": course.title},
        )
        return redirect(reverse("course_bulk_enrol:index"))
