"""Request statistics."""

from __future__ import annotations

from counterapp.sim.stats import RequestStats, ServedRequest


def test_counts_recent_and_reset() -> None:
    stats = RequestStats()
    stats.record("hukou", "GET", "/a")
    stats.record("tax", "GET", "/b")
    stats.record("hukou", "GET", "/c")
    assert stats["hukou"] == 2 and stats["fund"] == 0
    assert stats.snapshot() == {"hukou": 2, "tax": 1}
    assert stats.recent("hukou") == [
        ServedRequest("hukou", "GET", "/a"),
        ServedRequest("hukou", "GET", "/c"),
    ]
    stats.reset()
    assert stats.snapshot() == {} and stats.recent() == []
