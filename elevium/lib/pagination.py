"""The API's page envelope: DRF's page-number pagination, described as OpenAPI 3.1, with the
page's rows and the total read in one query."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.db.models.query import FlatValuesListIterable, ModelIterable
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

T = TypeVar("T")

# The annotation carrying the total on each row of the page; removed before the rows are used.
_TOTAL = "_elevium_page_total"


if TYPE_CHECKING:  # django-stubs make Paginator generic; Django's own class is not subscriptable
    _Paginator = Paginator[Any]
else:
    _Paginator = Paginator


class OneQueryPaginator(_Paginator):
    """Django's paginator, but a page of model rows comes with the total of the whole list in
    the same query (``COUNT(*) OVER ()``), instead of a ``COUNT`` query before the page's.

    The patient list's COUNT cost about as much as its page query (planning and a round trip
    each; docs/PERFORMANCE.md). The total, the rows and every error are the same as Django's:
    whatever this cannot answer alone (a page past the end, a page number that is not a plain
    positive integer, an empty list, orphans, a DISTINCT query, values() or a values_list()
    that is not flat) goes to Django's own path. A flat ``values_list`` (the worklist's sorted
    ids) is answered in one query too.
    """

    def page(self, number: Any) -> Page[Any]:
        rows = self.object_list
        plain_number = isinstance(number, int) or (
            isinstance(number, str) and number.isascii() and number.isdigit()
        )
        if (
            not plain_number
            or int(number) < 1
            or not isinstance(rows, QuerySet)
            or rows._iterable_class not in (ModelIterable, FlatValuesListIterable)
            or rows.query.distinct
            or self.orphans
            or "count" in self.__dict__  # already counted: Django's path costs no more
        ):
            return super().page(number)
        number = int(number)
        bottom = (number - 1) * self.per_page
        counted = rows.annotate(**{_TOTAL: Window(Count("*"))})
        if rows._iterable_class is FlatValuesListIterable:
            # A list of ids (the worklist's): the value and the total as pairs, then the values.
            fields = rows._fields  # type: ignore[attr-defined]  # the values_list's own
            pairs = list(counted.values_list(*fields, _TOTAL)[bottom : bottom + self.per_page])
            page = [value for value, _ in pairs]
            total = pairs[0][1] if pairs else None
        else:
            page = list(counted[bottom : bottom + self.per_page])
            total = getattr(page[0], _TOTAL) if page else None
            for row in page:
                delattr(row, _TOTAL)
        if not page:  # past the end, or an empty list: Django's COUNT decides (404 or an empty page)
            return super().page(number)
        self.__dict__["count"] = total  # the cached_property Paginator.count
        return Page(page, number, self)  # what Paginator._get_page makes


class Pagination(PageNumberPagination):
    """Set ``page_size`` in a subclass. A list view names it as ``pagination_class`` so
    drf-spectacular shows the envelope in the schema."""

    django_paginator_class = OneQueryPaginator

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
