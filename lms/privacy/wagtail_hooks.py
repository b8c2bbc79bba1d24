from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_accounts_admin_urls():
    urls = [
        path(
            "activation/",
            admin_views.ActivationSlipsView.as_view(),
            name="activation_slips",
        ),
        path("anonymise/", admin_views.AnonymiseSearchView.as_view(), name="anonymise"),
        path(
            "anonymise/<int:member_id>/",
            admin_views.AnonymiseConfirmView.as_view(),
            name="anonymise_confirm",
        ),
    ]
    return [path("accounts/", include((urls, "accounts_admin"), namespace="accounts_admin"))]


@hooks.register("register_admin_menu_item")
def register_slips_menu_item():
    return admin_views.SlipsMenuItem(
        _("Phiếu kích hoạt tài khoản"),
        reverse("accounts_admin:activation_slips"),
        icon_name="key",
        order=850,
    )


@hooks.register("register_settings_menu_item")
def register_anonymise_menu_item():
    return admin_views.AdministratorMenuItem(
        _("Ẩn danh hóa thành viên"),
        reverse("accounts_admin:anonymise"),
        icon_name="user",
        order=610,
    )
