"""Admin screens: "Khóa truy cập API" (an officer's own tokens: make, list, revoke) and the
call log (administrators, read-only, like the personal-data export log).

Writes go through the services: the create screen calls ``api_token_create`` and shows the
secret once, on the page that answers the form (never stored, never in a message or a log);
"Thu hồi" calls ``api_token_revoke``. No edit screen is routed and nothing is deleted: the call
log keeps pointing at every token.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem

from lms.accounts.permissions import AdministratorsReadOnlyPolicy
from lms.accounts.viewsets import ReadOnlyScopedModelViewSet, add_service_errors

from .models import ApiCallLog, ApiToken
from .permissions import ApiTokenPermissionPolicy
from .services import api_token_create, api_token_revoke


class OwnTokensMixin:
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")


class TokenIndexView(OwnTokensMixin, generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.revoked_at is None:
            buttons.append(
                MenuItem(
                    _g("Thu hồi"),
                    url=reverse(self.delete_url_name, args=(instance.pk,)),
                    icon_name="cross",
                    priority=30,
                )
            )
        return buttons


class TokenCreateView(generic.CreateView):
    def save_instance(self):
        token, self.raw_token = api_token_create(
            owner=self.request.user,
            name=self.form.cleaned_data["name"],
            expires_at=self.form.cleaned_data.get("expires_at"),
        )
        self.form.instance = token
        return token

    def form_valid(self, form):
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_instance()
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        # The one time the secret is shown: this page, not a redirect that would need to keep it.
        response = TemplateResponse(
            self.request,
            "api/token_created.html",
            {
                "token": self.object,
                "raw_token": self.raw_token,
                "index_url": reverse(self.index_url_name),
                "page_title": _g("Khóa truy cập API đã tạo"),
                "header_icon": "key",
            },
        )
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(generic.DeleteView):
    """Revoking, in the place of deleting: a confirmation, then ``api_token_revoke``."""

    permission_required = "change"
    template_name = "api/token_revoke.html"
    page_title = _("Thu hồi khóa truy cập API")

    def get_object(self, queryset=None):
        pk = str(self.kwargs.get(self.pk_url_kwarg, ""))
        tokens = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        token = tokens.filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 18 else None
        if token is None:
            raise Http404
        return token

    def get_usage(self):
        return None

    def get_usage_url(self):
        return None

    @property
    def confirmation_message(self):
        return _g(
            "Thu hồi khóa “%(name)s”? Các hệ thống đang dùng khóa này sẽ bị từ chối ngay."
        ) % {"name": self.object.name}

    def delete_action(self):
        api_token_revoke(token=self.object, by=self.request.user)

    def get_success_message(self):
        return _g("Đã thu hồi khóa “%(name)s”.") % {"name": self.object.name}


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = _("Khóa truy cập API")
    add_to_admin_menu = False
    url_prefix = "api/tokens"
    name = "api_tokens"
    index_view_class = TokenIndexView
    add_view_class = TokenCreateView
    delete_view_class = TokenRevokeView
    form_fields = ["name", "expires_at"]
    list_display = [
        "name",
        Column("prefix", label=_("tiền tố")),
        "owner",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = []
    search_fields = None
    inspect_view_enabled = False
    copy_view_enabled = False
    add_to_reference_index = False

    @property
    def permission_policy(self):
        return ApiTokenPermissionPolicy(ApiToken)

    def get_urlpatterns(self):
        keep = {"index", "index_results", "add", "delete"}
        return [p for p in super().get_urlpatterns() if p.name in keep]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("edit_url_name", "history_url_name", "usage_url_name", "copy_url_name"):
            if name in view_kwargs:
                view_kwargs[name] = None
        return view_kwargs


class ApiCallLogViewSet(ReadOnlyScopedModelViewSet):
    model = ApiCallLog
    icon = "list-ul"
    menu_label = _("Nhật ký gọi API")
    url_prefix = "api/call-log"
    name = "api_call_log"
    list_display = ["at", "token", "path", "status", "row_count"]
    list_export = []
    list_filter = ["status"]
    inspect_view_fields = ["at", "token", "path", "filters", "row_count", "status"]

    @property
    def permission_policy(self):
        return AdministratorsReadOnlyPolicy(ApiCallLog)

    def get_queryset(self, request):
        return ApiCallLog.objects.select_related("token__owner")


class ApiGroup(ViewSetGroup):
    items = (ApiTokenViewSet, ApiCallLogViewSet)
    menu_label = _("API")
    menu_icon = "code"
    menu_order = 910
