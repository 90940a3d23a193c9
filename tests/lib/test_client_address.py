"""The client address behind TRUSTED_PROXY_COUNT proxies: the proxies' own entries are trusted,
what the client wrote is not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from elevium.lib.client_address import client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "192.0.2.1", "10.0.0.2"),  # no proxy configured: the header is anyone's
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's own
        (1, "192.0.2.1,203.0.113.9 ", "203.0.113.9"),
        (2, "192.0.2.1, 203.0.113.9, 198.51.100.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not through them
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "203.0.113.9:4711", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_it_takes_the_address_the_outermost_trusted_proxy_saw(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().post("/login/", **meta)) == expected


def test_a_request_without_an_address_has_none(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().post("/login/")
    request.META.pop("REMOTE_ADDR")
    assert client_address(request) is None
