"""Shared fixtures: paths to the files in tests/fixtures, the case checker, golden files.

Tests run with ``--import-mode=importlib``, so test modules cannot import
this file or its neighbours: the paths, samples and helpers reach them as
fixtures.
"""

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# The same examples on every run, so CI is red only for a change, never by chance; to explore further,
# run with --hypothesis-profile explore (random examples, ten times as many).
settings.register_profile("redline", derandomize=True)
settings.register_profile("explore", max_examples=1000)
settings.load_profile("redline")

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "rubio_geneva.txt"
# Short real excerpts (sources in the first line of each): PRC Foreign
# Ministry press conferences, 2016-11-25 (Chinese, its last paragraphs) and
# 2019-01-10 (English).
MFA_ZH_TAIL = FIXTURES / "mfa_zh_2016-11-25_tail.txt"
MFA_EN_EXCERPT = FIXTURES / "mfa_en_2019-01-10_excerpt.txt"
# The first bytes of real binary formats, and bytes no text holds.
BINARY_SAMPLES = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
    "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00>\x00\x01\x00\x00\x00",
    "controls": b"\x1b[31m\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 4 + b"plain words",
    "random": bytes.fromhex(
        "5ae7c1039f4e27d8b61f0c9a83e54d7102b8f6a93c5e18d4704bae2f9163c8d5"
        "e04a7b9c12f358d06e8f2ba4971c035d8ef6402a9bc71de3508614f2a7cb39e0"
    ),
}


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory):
    """A cache folder of the run's own (jieba's word table is written there), for this process and its children."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite tests/golden from this run's output (then review: git diff tests/golden)")


@pytest.fixture
def word_table(tmp_path, monkeypatch) -> Path:
    """Where this jieba's word table goes for processes whose cache folder is ``tmp_path`` (set for this one)."""
    from redline.core import jieba_fast

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return jieba_fast.default_table_path(jieba_fast.import_jieba())


@pytest.fixture
def regen_golden(request) -> bool:
    """True when the run was asked to rewrite the golden files (tests/test_golden.py)."""
    return request.config.getoption("--regen-golden")


@pytest.fixture
def fixed_git(monkeypatch, tmp_path):
    """Fixed git identities and dates, no ambient archive, and ``tmp_path`` as the working folder."""
    from redline.snapshots.testing import use_fixed_git

    use_fixed_git(monkeypatch, tmp_path)
    monkeypatch.delenv("REDLINE_ARCHIVE", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def mfa_zh_tail() -> Path:
    return MFA_ZH_TAIL


@pytest.fixture(scope="session")
def mfa_en_excerpt() -> Path:
    return MFA_EN_EXCERPT


@pytest.fixture(scope="session", params=sorted(BINARY_SAMPLES))
def binary_sample(request) -> tuple[str, bytes]:
    """``(kind, bytes)`` for each kind of binary input redline must refuse."""
    return request.param, BINARY_SAMPLES[request.param]


def _load_module(name: str, path: Path):
    """A module of tests/ or bench/ loaded by path (neither is a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def case_checker():
    """tests/cases.py: the evaluation cases' loader and checker (bench/eval_engine.py reports with it)."""
    return _load_module("redline_test_cases", Path(__file__).with_name("cases.py"))


@pytest.fixture(scope="session")
def hostile():
    """tests/hostile.py: hostile archives written with plain git."""
    return _load_module("redline_tests_hostile", Path(__file__).with_name("hostile.py"))


@pytest.fixture(scope="session")
def quote_evaluator():
    """bench/eval_quotes.py: the quotation pairs' loader and scorer (tests/test_core_quotation_eval.py)."""
    return _load_module("redline_eval_quotes", Path(__file__).parent.parent / "bench" / "eval_quotes.py")


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _loopback_only(host) -> None:
    """Fail the test (not just raise an error the code under test could catch) for any other address."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if host not in LOOPBACK_HOSTS:
        pytest.fail(f"a test tried to reach {host!r}: tests may only use 127.0.0.1", pytrace=False)


@pytest.fixture(autouse=True, scope="session")
def no_network_but_loopback():
    """Every test runs with name lookups and connections limited to the loopback address."""
    import socket

    real_getaddrinfo, real_connect, real_connect_ex = socket.getaddrinfo, socket.socket.connect, socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):
        _loopback_only(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def address_host(sock, address):
        return address[0] if sock.family in (socket.AF_INET, socket.AF_INET6) else "localhost"

    def connect(sock, address):
        _loopback_only(address_host(sock, address))
        return real_connect(sock, address)

    def connect_ex(sock, address):
        _loopback_only(address_host(sock, address))
        return real_connect_ex(sock, address)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", getaddrinfo)
        patch.setattr(socket.socket, "connect", connect)
        patch.setattr(socket.socket, "connect_ex", connect_ex)
        yield


@pytest.fixture
def web():
    """A :class:`redline.snapshots.localweb.LocalWeb` server on 127.0.0.1 for one test."""
    from redline.snapshots.localweb import LocalWeb

    with LocalWeb() as server:
        yield server
