"""Local announcements (thông báo địa phương) that province and ward officers post for their
own area, and the moderation step that publishes them.

An announcement is a snippet with drafts, revisions, locking and Wagtail's workflows, not a
page: its area (a province, or one ward of it) decides who may edit and approve it, and the
project's one scoping mechanism (``scope_paths``, ``lms.accounts.scoping``) already answers
that for every admin view. Pages take their permissions from groups on a tree section, which
would need one group per ward (3,321) to express the same rule.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    Task,
    TaskState,
    WorkflowMixin,
)
from wagtail.search import index

from lms.accounts.choices import Role
from lms.core.fields import NFCCharField


class Announcement(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    title = NFCCharField(_("tiêu đề"), max_length=200)
    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    body = RichTextField(_("nội dung"), features=["bold", "italic", "link", "ol", "ul", "h3"])
    province = models.ForeignKey(
        "teams.Province",
        on_delete=models.PROTECT,
        related_name="announcements",
        verbose_name=_("tỉnh, thành phố"),
    )
    ward = models.ForeignKey(
        "teams.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("xã, phường"),
        help_text=_("Để trống nếu thông báo cho cả tỉnh, thành phố."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="announcement")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="announcement",
        for_concrete_model=False,
    )

    panels = [
        "title",
        "date",
        MultiFieldPanel(
            [FieldPanel("province"), FieldPanel("ward")], heading=_("Địa bàn của thông báo")
        ),
        "body",
    ]
    search_fields = [index.SearchField("title"), index.FilterField("province_id")]

    scope_paths = {"province": "province_id", "ward": "ward_id"}

    class Meta:
        verbose_name = _("thông báo địa phương")
        verbose_name_plural = _("thông báo địa phương")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["live", "province", "ward", "-date"])]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.ward_id and self.province_id and self.ward.province_id != self.province_id:
            raise ValidationError(
                {"ward": _("Xã, phường này không thuộc tỉnh, thành phố đã chọn.")}
            )

    @property
    def revisions(self):
        return self._revisions

    @property
    def area(self):
        return self.ward or self.province


class AreaApprovalTask(Task):
    """The moderation step of announcements: the administrator, or a province officer of the
    announcement's province, approves (which publishes) or sends it back.

    Unlike Wagtail's group approval, which lets every member of a group moderate everything,
    this asks the announcement's area, so a province officer never sees, opens or hears about
    (no notification e-mail is sent for this task type) another province's announcements."""

    def user_can_approve(self, obj, user):
        if not (user and user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        return (
            user.role == Role.PROVINCE_OFFICER
            and user.province_id is not None
            and getattr(obj, "province_id", None) == user.province_id
        )

    def on_action(self, task_state, user, action_name, **kwargs):
        # Wagtail's workflow-action URL takes the task state's id apart from the object's, so
        # the approver is checked against the object this task state really belongs to.
        if not self.user_can_approve(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def user_can_access_editor(self, obj, user):
        return self.user_can_approve(obj, user)

    def locked_for_user(self, obj, user):
        # While waiting for approval only the approvers may change the text they approve.
        return not self.user_can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_approve(obj, user)

    def get_actions(self, obj, user):
        if not self.user_can_approve(obj, user):
            return []
        return [
            ("reject", _("Yêu cầu sửa"), True),
            ("approve", _("Duyệt và đăng"), False),
            ("approve", _("Duyệt kèm nhận xét"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = TaskState.objects.filter(task=self, status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        if user.role != Role.PROVINCE_OFFICER or user.province_id is None:
            return TaskState.objects.none()
        # Workflow states point at their object by a text id; compare it in the database.
        ids = (
            Announcement.objects.filter(province_id=user.province_id)
            .annotate(pk_text=Cast("pk", models.CharField()))
            .values("pk_text")
        )
        return states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Announcement),
            workflow_state__object_id__in=ids,
        )

    @classmethod
    def get_description(cls):
        return _("Quản trị hệ thống hoặc cán bộ cấp tỉnh của địa bàn thông báo duyệt.")

    class Meta:
        verbose_name = _("duyệt theo địa bàn")
        verbose_name_plural = _("duyệt theo địa bàn")
