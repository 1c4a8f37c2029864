"""`import xproj_core` and `xproj --help` must not import heavy libraries."""

import subprocess
import sys

HEAVY = ("torch", "transformers", "spacy", "simalign", "streamlit", "datasets", "scipy.optimize")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    return set(out)


def test_import_core_is_light():
    loaded = _loaded_after("import xproj_core, xproj_core.registry, xproj_core.tags")
    assert not [m for m in HEAVY if m in loaded]


def test_cli_help_is_light():
    code = "from xproj_core.cli import build_parser\nbuild_parser().format_help()"
    loaded = _loaded_after(code)
    assert not [m for m in HEAVY if m in loaded]


def test_cli_help_runs():
    out = subprocess.run([sys.executable, "-m", "xproj_core", "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    assert "project" in out.stdout and "evaluate" in out.stdout
