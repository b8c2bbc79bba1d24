"""The read-only outbox listing ("Tin nhắc lịch"): administrators see every row, officers
those of their area (``ReadOnlyScopedModelViewSet``); nobody edits or deletes a row."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permissions import register_permission_policy

from lms.accounts.permissions import ReadOnlyPermissionPolicy
from lms.accounts.viewsets import ReadOnlyScopedModelViewSet

from .filters import OutboundMessageFilterSet
from .models import OutboundMessage

register_permission_policy(OutboundMessage, ReadOnlyPermissionPolicy(OutboundMessage))


class OutboundMessageViewSet(ReadOnlyScopedModelViewSet):
    model = OutboundMessage
    icon = "mail"
    menu_label = _("Tin nhắc lịch")
    menu_order = 450
    add_to_admin_menu = True
    url_prefix = "reminders/messages"
    url_namespace = "reminders_outboundmessage"
    filterset_class = OutboundMessageFilterSet
    search_fields = ["recipient_name", "address", "dedupe_key"]
    search_backend_name = None
    list_export = []
    list_display = [
        Column("recipient_name", label=_("Người nhận")),
        Column("kind", label=_("Loại nhắc"), accessor="get_kind_display"),
        Column("channel", label=_("Kênh"), accessor="get_channel_display"),
        Column("status", label=_("Trạng thái"), accessor="get_status_display"),
        "attempts",
        DateColumn("next_attempt_at", label=_("Gửi lúc")),
        DateColumn("sent_at", label=_("Đã gửi lúc")),
    ]
    inspect_view_fields = [
        "kind",
        "channel",
        "recipient_name",
        "address",
        "session",
        "event_at",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "provider_message_id",
        "dedupe_key",
        "created_at",
    ]

    def get_queryset(self, request):
        return OutboundMessage.objects.select_related("session")


@hooks.register("register_admin_viewset")
def register_reminders_viewset():
    return OutboundMessageViewSet()
