"""Locate ../shared/data; every eval script exits 0 with a message when it is absent."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_data() -> Path | None:
    root = Path(os.environ.get("XPROJ_SHARED", REPO.parent / "shared"))
    data = root / "data"
    return data if data.is_dir() else None


def require_shared(*parts: str) -> Path:
    data = shared_data()
    path = data.joinpath(*parts) if data else None
    if path is None or not path.exists():
        print(f"skipped: {'/'.join(parts) or 'shared data'} not found (set XPROJ_SHARED to the folder holding data/)")
        sys.exit(0)
    return path
