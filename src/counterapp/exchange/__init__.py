"""The outside world: asking department backends for an applicant's records over HTTP."""
