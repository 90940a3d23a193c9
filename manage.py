#!/usr/bin/env python
from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elevium.settings")
    from django.core.management import execute_from_command_line

    from elevium.lib.env import EnvError

    try:
        execute_from_command_line(sys.argv)
    except EnvError as exc:
        # A malformed setting is a one-line fix, not a traceback.
        sys.stderr.write(f"elevium: configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
