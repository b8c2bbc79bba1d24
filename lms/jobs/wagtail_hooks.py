"""The job pages live in the admin, behind its sign-in, under /admin/cong-viec/."""

from django.urls import include, path
from wagtail import hooks

from . import urls


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("cong-viec/", include(urls, namespace="jobs"))]
