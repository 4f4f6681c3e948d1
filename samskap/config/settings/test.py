"""Test settings: PostgreSQL from DATABASE_URL (started by the test run), fast hashing."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import DATA_DIR, env_str

SECRET_KEY = env_str("SECRET_KEY", "test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz")
DEBUG = False
SAMSKAP_DEMO_MODE = True
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
DATA_DIR.mkdir(parents=True, exist_ok=True)
