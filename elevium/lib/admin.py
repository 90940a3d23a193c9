"""The admin's base classes, generic over their model as django-stubs declares them.

Django's own classes cannot be subscripted at run time (django-stubs-ext's monkeypatch would
allow it, but that is a development dependency), so at run time these add ``Generic`` to
Django's classes, and to the type checker they are the stubs' classes themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from django.contrib import admin
from django.db.models import Model

M = TypeVar("M", bound=Model)
P = TypeVar("P", bound=Model)

if TYPE_CHECKING:
    ModelAdmin = admin.ModelAdmin
    StackedInline = admin.StackedInline
    TabularInline = admin.TabularInline
else:

    class ModelAdmin(admin.ModelAdmin, Generic[M]):
        pass

    class StackedInline(admin.StackedInline, Generic[M, P]):
        pass

    class TabularInline(admin.TabularInline, Generic[M, P]):
        pass
