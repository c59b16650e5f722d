"""Swagger UI for /api/v1/docs from the assets django-ninja ships, never from a CDN (our CSP forbids it).

Ninja renders its local template only when "ninja" is in INSTALLED_APPS (it is not: the
static finder would then need it too); otherwise it falls back to a CDN page. This renders
the same page itself and serves ninja's files from a short allow-list under the API.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

import ninja
from django.http import FileResponse, HttpResponse
from django.template import engines
from django.urls import reverse
from ninja.openapi.docs import DocsBase

from .errors import not_found

NINJA_STATIC = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png", "favicon.svg"})

_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link rel="stylesheet" href="{{ assets.css }}">
<link rel="icon" href="{{ assets.favicon }}" type="image/svg+xml">
</head>
<body data-csrf-token="{{ csrf_token }}" data-api-csrf="true">
{{ settings|json_script:"swagger-settings" }}
<div id="swagger-ui"></div>
<script src="{{ assets.bundle }}"></script>
<script src="{{ assets.init }}"></script>
</body>
</html>
"""


class LocalSwagger(DocsBase):
    settings = {
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,  # the default badge calls validator.swagger.io
        "persistAuthorization": False,
    }

    def render_page(self, request, api, **kwargs):
        def asset(name: str) -> str:
            return reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": name, **kwargs})

        context = {
            "title": api.title,
            "settings": {**self.settings, "url": self.get_openapi_url(api, kwargs)},
            "assets": {
                "css": asset("swagger-ui.css"),
                "favicon": asset("favicon.svg"),
                "bundle": asset("swagger-ui-bundle.js"),
                "init": asset("swagger-ui-init.js"),
            },
        }
        html = engines["django"].from_string(_PAGE).render(context, request)
        return HttpResponse(html)


def docs_asset(request, name: str):
    """One of ninja's Swagger UI files (allow-listed; nothing else on disk is reachable)."""
    if name not in ASSETS:
        return not_found()
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse((NINJA_STATIC / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
