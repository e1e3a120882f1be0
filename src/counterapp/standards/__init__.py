"""National standards as code: identity numbers, credit codes and code tables.

Pure Python with no I/O except reading this package's own data files, so every
other layer (UI, simulator, exchange) can validate and decode without side effects.
"""
