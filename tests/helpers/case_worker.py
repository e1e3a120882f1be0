"""A workstation in its own OS process, for the concurrency and SIGKILL tests.

Usage: python case_worker.py MODE URL KEY_ID DATA_KEY INDEX_KEY FIRST COUNT [NUMBERS_FILE]

Modes:
    submit      submit COUNT cases for persons FIRST.. through ``submit_case``.
    forever     submit cases for persons FIRST, FIRST+1, ... until killed.
    review      put each case of NUMBERS_FILE (one per line) in review.
    complete    try to complete each case of NUMBERS_FILE; refusals are counted.

Prints one line per committed case number (``ok <number>``) or refusal (``refused``),
flushed at once, so the parent knows what was committed before it kills the process.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counterapp.app.cases import submit_case, transition
from counterapp.cases import CaseState, IllegalTransition
from counterapp.store.engine import make_engine
from helpers.case_factory import (
    CLERK,
    HALL,
    SUPERVISOR,
    cipher_from_arguments,
    sample_consent,
    sample_draft,
)

DAY_START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # Monday 2 March 2026, 09:00 in the hall
PROMISED_DAYS = 5


def main(argv: list[str]) -> int:
    mode, url, key_id, data_key, index_key, first, count = argv[:7]
    cipher = cipher_from_arguments(key_id, data_key, index_key)
    engine = make_engine(url)
    try:
        if mode in ("submit", "forever"):
            person = int(first)
            last = None if mode == "forever" else person + int(count)
            while last is None or person < last:
                now = DAY_START + timedelta(milliseconds=person)
                case = submit_case(
                    engine,
                    cipher,
                    CLERK,
                    sample_draft(person),
                    sample_consent(person, at=now),
                    hall_code=HALL,
                    promised_days=PROMISED_DAYS,
                    now=now,
                )
                print(f"ok {case.number}", flush=True)
                person += 1
        else:
            target = CaseState.IN_REVIEW if mode == "review" else CaseState.COMPLETED
            numbers = Path(argv[7]).read_text(encoding="utf-8").split()
            for number in numbers:
                try:
                    transition(engine, cipher, SUPERVISOR, number, target, "审核通过")
                except IllegalTransition:
                    print("refused", flush=True)
                else:
                    print(f"ok {number}", flush=True)
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
