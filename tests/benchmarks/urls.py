"""The app's URLs plus a bare DRF view behind the same authentication and role check.

The bare view does no database work of its own: what it costs is the framework's floor
(gunicorn, the middleware, the session, DRF's authentication and permission, JSON rendering),
which every real endpoint pays too. Served only with tests/benchmarks/settings.py.
"""

from typing import Any

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from elevium.accounts.access import role_required
from elevium.accounts.roles import ALL_ROLES
from elevium.urls import handler400, handler404
from elevium.urls import urlpatterns as app_urlpatterns

__all__ = ["handler400", "handler404", "urlpatterns"]


@role_required(*ALL_ROLES)
class BareApi(APIView):
    def get(self, request: Request) -> Response:
        return Response({"ok": True})

    def post(self, request: Request) -> Response:
        body: Any = request.data  # parsed, as every real POST is
        return Response({"fields": len(body)})


urlpatterns = [path("api/bench/bare/", BareApi.as_view()), *app_urlpatterns]
