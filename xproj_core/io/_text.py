"""Decoding input files into lines, with InputError for anything that is not UTF-8 text."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from ..errors import InputError

#: A file path, or the raw bytes of an upload (then ``name`` labels it in messages).
Source = Union[str, os.PathLike, bytes, bytearray]

_BOM = b"\xef\xbb\xbf"


def source_name(source: Source, name: str | None = None) -> str:
    if name:
        return name
    return "<upload>" if isinstance(source, (bytes, bytearray)) else str(source)


def read_bytes(source: Source, name: str | None = None) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    where = source_name(source, name)
    try:
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise InputError(where, None, "file not found") from None
    except IsADirectoryError:
        raise InputError(where, None, "is a directory, expected a file") from None
    except PermissionError:
        raise InputError(where, None, "permission denied") from None
    except OSError as e:
        raise InputError(where, None, f"cannot read the file ({e.strerror or e})") from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, where: str) -> str:
    """UTF-8 text of ``data`` without a BOM; binary or non-UTF-8 input raises InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(where, 1, "UTF-16 file (byte-order mark at offset 0)", "re-save the file as UTF-8")
    if b"\x00" in data:
        off = data.index(b"\x00")
        raise InputError(where, _line_of(data, off), f"binary file (NUL byte at offset {off})", "expected UTF-8 text")
    start = 3 if data.startswith(_BOM) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as e:
        off = start + e.start
        raise InputError(
            where, _line_of(data, off), f"not UTF-8 (byte 0x{data[off]:02x} at offset {off})", "re-save the file as UTF-8"
        ) from None


def read_lines(source: Source, name: str | None = None) -> tuple[str, list[str]]:
    """``(display name, lines)``: CRLF/CR-LF tolerated, trailing newline dropped, lines 1-based by index + 1."""
    where = source_name(source, name)
    text = decode(read_bytes(source, name), where)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return where, [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write UTF-8 with ``\\n`` line ends, creating parent folders."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8", newline="\n")
