"""The interactive documentation page: Swagger UI from django-ninja's own static files
(``ninja`` is in INSTALLED_APPS, so they are collected into the site's ``static/``), no CDN.

The page runs no inline script: Swagger's settings travel in a JSON data block that the
packaged ``swagger-ui-init.js`` reads, so the site's Content Security Policy applies unchanged.
"""

import json

from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class LocalSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "tryItOutEnabled": False,
        }
        context = {"swagger_settings": json.dumps(settings), "api": api}
        response = render(request, self.template, context)
        response["Cache-Control"] = "public, max-age=300"
        return response
