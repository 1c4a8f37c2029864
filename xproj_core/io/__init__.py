"""Readers and writers. Every reader reports malformed input as InputError(path, line, reason)."""
