"""SMTP over STARTTLS and implicit TLS, with the server's certificate verified."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from surveyapp.dispatch import transport
from surveyapp.dispatch.sender import send_due
from tests.dispatch.sink import SmtpSink


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not available")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture(params=["starttls", "tls"])
def tls_server(request, certificate, tmp_path, app, monkeypatch) -> Iterator[SmtpSink]:
    cert, key = certificate
    mode = request.param
    sink = SmtpSink(tmp_path, tls=["--tls", mode, "--cert", str(cert), "--key", str(key)])
    for name, value in {**sink.config, "SMTP_TLS": mode, "SMTP_TIMEOUT": 2}.items():
        monkeypatch.setitem(app.config, name, value)
    transport._tls.cache_clear()  # built again below, trusting (or not) the test certificate
    yield sink.start()
    sink.stop()
    transport._tls.cache_clear()


def test_sends_over_verified_tls(tls_server, certificate, queue, monkeypatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # trust the test certificate
    _, _, [message] = queue()
    assert send_due().sent == 1
    assert tls_server.message_ids() == [message.message_id]


def test_refuses_an_untrusted_certificate(tls_server, queue) -> None:
    queue()
    report = send_due()
    assert report.sent == 0 and "CERTIFICATE_VERIFY_FAILED" in report.errors[0]
    assert tls_server.received() == []
