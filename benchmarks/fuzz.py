"""The fuzz properties of tests/test_fuzz.py, run for as long as they are given.

    .venv/bin/python benchmarks/fuzz.py --minutes 10          # every property in turn, 10 minutes in all
    .venv/bin/python benchmarks/fuzz.py --minutes 2 --only bytes

Properties (tests/support/fuzz.py): arbitrary bytes and arbitrary text in a record file, randomly
mutated records through the schema and every rule, random sheets through the importer. Never a
traceback or an internal error; every problem with its file and line. Prints, per property, the
examples run and the time they took; exits 1 with the failing example when a property breaks.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.support import fuzz  # noqa: E402
from tests.support.validate_fixtures import BASE  # noqa: E402


def _run(name: str, seconds: float, work: Path) -> int:
    """Examples of one property until `seconds` have passed; the number run."""
    count = 0
    deadline = time.monotonic() + seconds
    # rounds of fresh random examples until the time is up (hypothesis draws anew on every call)
    many = settings(max_examples=ROUND, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    if name == "bytes":
        @many
        @given(file=st.sampled_from(fuzz.RECORD_FILES), content=st.binary(max_size=2000))
        def prop(file: str, content: bytes) -> None:
            nonlocal count
            fuzz.check_registry(fuzz.registry_with(work, raw={file: content}))
            count += 1
    elif name == "text":
        @many
        @given(file=st.sampled_from(fuzz.RECORD_FILES), text=st.text(max_size=2000))
        def prop(file: str, text: str) -> None:
            nonlocal count
            fuzz.check_registry(fuzz.registry_with(work, raw={file: text.encode("utf-8")}))
            count += 1
    elif name == "records":
        @many
        @given(mutations=st.lists(fuzz.mutation(), min_size=1, max_size=6))
        def prop(mutations: list) -> None:
            nonlocal count
            fuzz.check_registry(fuzz.registry_with(work, mutations))
            count += 1
    else:
        target = work / "target"
        shutil.copytree(BASE, target, ignore=shutil.ignore_patterns(".portal-cache"))

        @many
        @given(text=fuzz.sheet_text)
        def prop(text: str) -> None:
            nonlocal count
            fuzz.check_sheet(work, text, target)
            count += 1
    while time.monotonic() < deadline:
        prop()
    return count


ROUND = 20
PROPERTIES = ("bytes", "text", "records", "sheets")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0, help="time for all properties together")
    ap.add_argument("--only", choices=PROPERTIES, help="one property")
    args = ap.parse_args()
    names = [args.only] if args.only else list(PROPERTIES)
    share = args.minutes * 60 / len(names)
    print(f"{'property':<10} {'examples':>9} {'seconds':>8}")
    for name in names:
        work = Path(tempfile.mkdtemp(prefix=f"portal-fuzz-{name}-"))
        try:
            start = time.monotonic()
            n = _run(name, share, work)
            print(f"{name:<10} {n:>9} {time.monotonic() - start:>8.0f}", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print("no property broke")
    return 0


if __name__ == "__main__":
    sys.exit(main())
