"""The worklist's pages: DRF's page envelope, plus the overdue and due-today counters."""

from __future__ import annotations

from typing import Any

from elevium.lib.pagination import Pagination as BasePagination

PAGE_SIZE = 50


class Pagination(BasePagination):
    page_size = PAGE_SIZE

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["counters"] = {
            "type": "object",
            "additionalProperties": {"type": "integer"},
            "description": "Cases overdue and due today, over the whole worklist",
        }
        return paginated
