"""The operator's paths: the SQLite demo, the `samskap` command and production settings."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent
SAMSKAP = str(VENV_BIN / "samskap")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra)
    return env


def test_demo_path_on_sqlite_migrates_seeds_and_serves_the_start_page(tmp_path):
    env = _env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", SAMSKAP_DATA_DIR=str(tmp_path)
    )
    subprocess.run([SAMSKAP, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    seeded = subprocess.run(
        [SAMSKAP, "seed", "--region", "demo"],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    assert "Sør-Gudbrandsdal" in seeded.stdout
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [SAMSKAP, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        html = ""
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    html = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "Hva er viktig for deg?" in html
        assert "samskap-demo" in html  # demo logins are listed in demo mode
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_check_deploy_passes_with_production_settings():
    env = _env(
        DJANGO_SETTINGS_MODULE="samskap.config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        DATABASE_URL="postgres://samskap@localhost/samskap",
        ALLOWED_HOSTS="samskap.example",
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_a_missing_secret_key():
    env = _env(DJANGO_SETTINGS_MODULE="samskap.config.settings.production", SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("command", [["help", "seed"], ["check"]])
def test_samskap_console_script_runs_management_commands(command, tmp_path):
    env = _env(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", SAMSKAP_DATA_DIR=str(tmp_path))
    result = subprocess.run(
        [SAMSKAP, *command], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
