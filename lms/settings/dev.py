"""Local development: SQLite, console e-mail, debug on."""

from .base import *  # noqa: F403
from .base import os

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
