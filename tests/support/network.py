"""Fail any test that reaches beyond this machine: tests talk to loopback services only."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

_real_connect = socket.socket.connect


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple):
        return True  # a Unix socket path
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        pytest.fail(f"unexpected network access to {address!r}: tests use loopback only")
    return _real_connect(self, address)
