"""Screenshots of `intervene serve` for the documents: the dashboard and a table page.

Starts `intervene serve` on a free local port against a new scratch database made from
the seed, loads each page in headless Chromium and saves PNGs to docs/screenshots/.
Where Chromium is not installed it says so in one line and exits 0, so that CI never
fails for want of a browser.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WINDOW = "1280,900"
STARTUP_SECONDS = 60
# Each page and the file it is saved as; the dashboard draws its charts after loading, so
# Chromium is given time for the scripts to run.
PAGES = {
    "dashboard.png": "/-/dashboards/intervention",
    "events.png": "/intervene/events",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"intervene serve stopped before it answered (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"intervene serve did not answer at {url} within {STARTUP_SECONDS} s")


def screenshot(url: str, target: Path, profile: str) -> None:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=10000",
            f"--window-size={WINDOW}",
            f"--screenshot={target}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        print(f"screenshots: {CHROMIUM} is not installed; no screenshots taken (apt-get install chromium)")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    intervene = shutil.which("intervene", path=str(Path(sys.executable).parent)) or shutil.which("intervene")
    command = [intervene] if intervene else [sys.executable, "-m", "intervene"]
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        environment = {**os.environ, "INTERVENE_DB": os.path.join(scratch, "screenshots.db")}
        subprocess.run([*command, "init"], env=environment, capture_output=True, check=True)
        server = subprocess.Popen(
            [*command, "serve", "--port", str(port)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/", server)
            for name, path in PAGES.items():
                screenshot(base + path, OUT / name, os.path.join(scratch, "chromium"))
                print(f"screenshots: {(OUT / name).relative_to(ROOT)}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
