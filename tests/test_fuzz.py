"""Arbitrary input through the whole pipeline, on a small budget on every run (benchmarks/fuzz.py
runs the same properties for as long as it is given): the loader and the schema step on arbitrary
bytes and text, the rules on randomly mutated records, the importer on random sheets. Never a
traceback or an internal error; every problem with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import fuzz
from tests.support.validate_fixtures import BASE

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow])


@FUZZ
@given(file=st.sampled_from(fuzz.RECORD_FILES), content=st.binary(max_size=400))
def test_arbitrary_bytes_in_a_record_file(tmp_path: Path, file: str, content: bytes) -> None:
    fuzz.check_registry(fuzz.registry_with(tmp_path, raw={file: content}))


@FUZZ
@given(file=st.sampled_from(fuzz.RECORD_FILES), text=st.text(max_size=300))
def test_arbitrary_text_in_a_record_file(tmp_path: Path, file: str, text: str) -> None:
    fuzz.check_registry(fuzz.registry_with(tmp_path, raw={file: text.encode("utf-8")}))


@FUZZ
@given(mutations=st.lists(fuzz.mutation(), min_size=1, max_size=4))
def test_mutated_records_through_schema_and_rules(tmp_path: Path, mutations: list) -> None:
    fuzz.check_registry(fuzz.registry_with(tmp_path, mutations))


@FUZZ
@given(text=fuzz.sheet_text)
def test_random_sheets_through_the_importer(tmp_path: Path, text: str) -> None:
    registry = tmp_path / "target"
    if not registry.exists():
        shutil.copytree(BASE, registry, ignore=shutil.ignore_patterns(".portal-cache"))
    fuzz.check_sheet(tmp_path, text, registry)
