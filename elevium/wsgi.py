from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elevium.settings")

application = get_wsgi_application()

# Import every URL module and view now rather than on the first request, then take what the
# process holds after start-up out of the cyclic garbage collector's reach: each full collection
# would otherwise walk those ~150,000 long-lived objects again, inside some request's time
# (measured on the patient list: 0.95 -> 0.44 ms of collection per request; docs/PERFORMANCE.md).
# Frozen objects are still freed by reference counting; only cycles among them would be kept.
get_resolver().url_patterns  # noqa: B018  (the property imports the URL modules)
gc.freeze()
