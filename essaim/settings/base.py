"""Base settings: apps, middleware, templates, French locale, static files, security."""

from pathlib import Path

from essaim.settings.env import env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ESSAIM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("ESSAIM_DEBUG", default=False)
# The embedded default runs on a person's own machine: a local key is generated on first use
# unless the operator provides one (server mode must set ESSAIM_SECRET_KEY).
SECRET_KEY = env_str("ESSAIM_SECRET_KEY", "")
if not SECRET_KEY:
    from essaim.settings.secret import local_secret_key

    SECRET_KEY = local_secret_key(VAR_DIR)

ALLOWED_HOSTS = env_list("ESSAIM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ESSAIM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "essaim.core",
    "essaim.accounts",
    "essaim.jobs",
    "essaim.territories",
    "essaim.catalog",
    "essaim.search",
    "essaim.enrichment",
    "essaim.review",
    "essaim.sheets",
    "essaim.inbox",
    "essaim.contributions",
    "essaim.watch",
    "essaim.portal",
    "essaim.publication",
    "essaim.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "essaim.urls"
WSGI_APPLICATION = "essaim.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "essaim.accounts.context_processors.abilities",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = VAR_DIR / "media"
# Nothing is served from MEDIA_URL: documents are private (ESSAIM_PRIVATE_DIR) and streamed by views
# that check who is asking (portal: initiatives' documents; contributions: attachments).
MEDIA_URL = "/fichiers/"
# Contributors' attachments: never under a public URL, streamed only after a permission check.
ESSAIM_PRIVATE_DIR = VAR_DIR / "prive"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ESSAIM_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ESSAIM_LOG_LEVEL", "INFO")},
}

# Per-process memory cache: visitors' result pages (keyed by the search index generation).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "essaim",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# The watch never fetches private, loopback or link-local addresses, except on these hosts (an
# administrator's decision, e.g. an intranet partner; tests allow 127.0.0.1 for their local server).
ESSAIM_WATCH_ALLOWED_HOSTS = env_list("ESSAIM_WATCH_ALLOWED_HOSTS", [])

# Background tasks: queued in the database, run by `essaim worker` (started by `make run` next to
# the web server; several workers in server mode). Tests run them at once (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker starts the daily work (alerts, reminders, digests, the watch) after this hour (local).
ESSAIM_DAILY_HOUR = int(env_str("ESSAIM_DAILY_HOUR", "7"))

# E-mail: written to files under var/courriels/ unless an SMTP server is configured
# (ESSAIM_EMAIL_HOST, ESSAIM_EMAIL_PORT, ESSAIM_EMAIL_USER, ESSAIM_EMAIL_PASSWORD, ESSAIM_EMAIL_TLS).
EMAIL_HOST = env_str("ESSAIM_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env_str("ESSAIM_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env_str("ESSAIM_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("ESSAIM_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("ESSAIM_EMAIL_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "courriels")
# The address of the site in e-mails (alerts' links), e.g. https://essaim.example.org
ESSAIM_SITE_URL = env_str("ESSAIM_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("ESSAIM_EMAIL_FROM", "Essaim <ne-pas-repondre@essaim.invalid>")
