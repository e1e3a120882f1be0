"""Simulated department backends: a synthetic population served over loopback HTTP.

Used by the demo and the tests; the application itself never imports this package.
"""
