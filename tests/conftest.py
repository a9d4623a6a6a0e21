"""Shared pytest fixtures: the fake Crossref server, a private cache folder, and no request beyond 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import httpx
import pytest

from tests.servers.fake_crossref import FakeCrossref


@pytest.fixture
def fake_crossref() -> Iterator[FakeCrossref]:
    """A running fake Crossref loaded with every fixture record (no latency, limits enforced).

    Tests that need other behaviour adjust it in place (`fake.latency = 0.2`,
    `fake.set_fail({...})`, `fake.agencies[doi] = "datacite"`), or start their
    own `FakeCrossref(...)`.
    """
    with FakeCrossref.from_fixtures() as fake:
        yield fake


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """An empty folder for the disk cache of one test."""
    path = tmp_path / "cache"
    path.mkdir()
    return path


LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(autouse=True)
def only_local_requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail any test whose code tried to reach a host other than the fake servers on 127.0.0.1.

    The request itself is refused (as on a machine without a network), and the
    test fails at teardown naming the host: the suite never talks to the real
    Crossref, PubMed or doi.org.
    """
    attempted: list[str] = []
    real = httpx.AsyncHTTPTransport.handle_async_request

    async def guarded(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
        if request.url.scheme in ("http", "https") and request.url.host not in LOCAL_HOSTS:
            attempted.append(str(request.url.copy_with(query=None)))
            raise httpx.ConnectError(f"tests do not reach {request.url.host}", request=request)
        return await real(self, request)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", guarded)
    yield
    assert not attempted, f"the test tried to reach a real service: {attempted[:3]}"
