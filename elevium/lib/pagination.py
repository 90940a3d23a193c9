"""The API's page envelope: DRF's page-number pagination, described as OpenAPI 3.1."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Set ``page_size`` in a subclass. A list view names it as ``pagination_class`` so
    drf-spectacular shows the envelope in the schema."""

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):  # DRF writes OpenAPI 3.0's `nullable`; the schema is 3.1
            paginated["properties"][link] = {"type": ["string", "null"], "format": "uri"}
        return paginated
