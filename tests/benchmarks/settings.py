"""Settings for `make benchmark`'s own gunicorn: production settings plus one URL module that
adds a bare DRF view (tests/benchmarks/urls.py), the floor the real endpoints are compared with.

Never used outside the benchmark; production's URLs have no such view.
"""

from elevium.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
