"""Included at ``/api/v1/`` by ``lms.urls``; the namespace is the API's own (the docs page
reverses ``api_v1:openapi-json``)."""

from .api import api

app_name = api.urls_namespace
urlpatterns = api.urls[0]
