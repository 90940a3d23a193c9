"""The API's page envelope: DRF's page-number pagination, described as OpenAPI 3.1."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

T = TypeVar("T")


class Pagination(PageNumberPagination):
    """Set ``page_size`` in a subclass. A list view names it as ``pagination_class`` so
    drf-spectacular shows the envelope in the schema."""

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):  # DRF writes OpenAPI 3.0's `nullable`; the schema is 3.1
            paginated["properties"][link] = {"type": ["string", "null"], "format": "uri"}
        return paginated

    def page_rows(self, rows: QuerySet[Any, T], request: Request, view: APIView) -> list[T]:
        """The requested page's rows (DRF's ``paginate_queryset``, which answers None only when
        no ``page_size`` is set)."""
        page: list[T] | None = self.paginate_queryset(rows, request, view=view)
        if page is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a page_size")
        return page
