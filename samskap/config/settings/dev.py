"""Demo/development settings: embedded SQLite, demo mode on, console e-mail and SMS."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
SAMSKAP_DEMO_MODE = env_bool("SAMSKAP_DEMO_MODE", True)
DATA_DIR.mkdir(parents=True, exist_ok=True)
