"""Start the app and drive it in Debian chromium: shared by the browser test and docs/make_screenshots.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(workspace: Path, port: int, log: Path, timeout: float = 90) -> subprocess.Popen:
    """``streamlit run app.py`` headless on ``port`` with ``XPROJ_WORKSPACE=workspace``; waits for health."""
    env = {**os.environ, "XPROJ_WORKSPACE": str(workspace), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), f"--server.port={port}",
           "--server.address=127.0.0.1", "--server.headless=true", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none", "--global.developmentMode=false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()[-3000:]}")


def wait_idle(page, timeout: float = 60_000, settle_ms: int = 300) -> None:
    """Wait until Streamlit has finished the current script run, then ``settle_ms`` more."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)  # the page's script has started
    idle = """() => (!document.querySelector('[data-testid="stStatusWidget"]')
                     || !document.querySelector('[data-testid="stStatusWidget"]').innerText.match(/Running|Stop/))
                    && !document.querySelector('[data-testid="stSkeleton"]')
                    && !document.querySelector('[data-stale="true"]')"""
    for _ in range(2):  # twice: a rerun can start right after the first idle moment
        page.wait_for_function(idle, timeout=timeout)
        page.wait_for_timeout(700)
    page.wait_for_timeout(settle_ms)
