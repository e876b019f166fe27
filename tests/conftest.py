"""Shared fixtures. Tests pin `today`; nothing depends on the day they run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import chromium_session

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_REGISTRY = PROJECT / "registry"


@pytest.fixture
def project_dir() -> Path:
    return PROJECT


@pytest.fixture
def copy_registry(tmp_path: Path):
    """Copy a fixture registry into tmp_path/registry and return its path."""

    def _copy(src: Path) -> Path:
        dst = tmp_path / "registry"
        shutil.copytree(src, dst)
        return dst

    return _copy


# Property tests explore new examples on every developer run; under CI they replay a fixed sequence,
# so that a landing never depends on luck (a failure found locally is kept in .hypothesis/).
if os.environ.get("CI"):
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True)
    _hypothesis_settings.load_profile("ci")


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The portal built from the small fixture registry, once per test process; tests only read it."""
    from tests.support.site import SMALL, build, copy_registry

    base = tmp_path_factory.mktemp("small-site")
    build(copy_registry(SMALL, base), base / "out")
    return base / "out"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, one per browser test module (tests/support/browser.py)."""
    yield from chromium_session()
