"""Settings for the crash-test workers: kombu scans for expired unacknowledged messages every
`unacked_restore_interval` × `unacked_restore_throttle` seconds; a throttle of 1 makes a lost task
come back after the visibility timeout itself (stack notes §3) rather than up to 10 scans later."""

from elevium.settings import *  # noqa: F403
from elevium.settings import CELERY_BROKER_TRANSPORT_OPTIONS

CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "unacked_restore_throttle": 1}
