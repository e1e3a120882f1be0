"""Consent (知情同意): recorded, specific, and checked before any department is asked.

Pure Python; the store keeps records (``counterapp.store.consents``) and the app layer
records and checks them (``counterapp.app.consent``).
"""

from counterapp.consent.errors import ConsentError, ConsentInsufficient, ConsentMissing
from counterapp.consent.model import (
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    covers,
    scope_of,
    uncovered,
)

__all__ = [
    "ConsentError",
    "ConsentInsufficient",
    "ConsentMethod",
    "ConsentMissing",
    "ConsentRecord",
    "ConsentScope",
    "covers",
    "scope_of",
    "uncovered",
]
