"""Readers and writers. Every reader reports malformed input as InputError(path, line, reason)."""

from .conll import FORMATS, TARGET_FORMATS, format_conll, read_tagged, read_target, write_conll
from .jsonl import format_jsonl, read_jsonl, write_jsonl
from .pairs import make_pairs
from .parallel import format_parallel, read_parallel, write_parallel
from .pharaoh import (
    format_gold, format_pharaoh, read_gold_alignments, read_pharaoh, write_gold_alignments, write_pharaoh,
)

__all__ = [
    "FORMATS", "TARGET_FORMATS", "format_conll", "format_gold", "format_jsonl", "format_parallel", "format_pharaoh",
    "make_pairs", "read_gold_alignments", "read_jsonl", "read_parallel", "read_pharaoh", "read_tagged", "read_target",
    "write_conll", "write_gold_alignments", "write_jsonl", "write_parallel", "write_pharaoh",
]
