"""Database: SQLite file (WAL) by default, PostgreSQL when DATABASE_URL says so."""

import dj_database_url

from essaim.settings.base import VAR_DIR
from essaim.settings.env import env_str

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'essaim.sqlite3'}")

_database = dj_database_url.parse(DATABASE_URL, conn_max_age=60)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE avoids "database is locked"
        # errors when two transactions upgrade from read to write at the same time.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    _database["TEST"] = {"NAME": env_str("ESSAIM_TEST_SQLITE", "") or None}
DATABASES = {"default": _database}

# Search: "auto" uses PostgreSQL's full-text search in server mode and an embedded Tantivy
# index otherwise, kept next to the SQLite file it belongs to.
ESSAIM_SEARCH_BACKEND = env_str("ESSAIM_SEARCH_BACKEND", "auto")
_sqlite_name = str(_database.get("NAME") or VAR_DIR / "essaim.sqlite3")
ESSAIM_SEARCH_DIR = env_str("ESSAIM_SEARCH_DIR", "") or f"{_sqlite_name}.search"
