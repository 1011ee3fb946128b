"""Settings shared by every environment. Values come from the environment (django-environ).

Nothing here reads a secret with a default: each environment module decides what it needs.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DEBUG = False

INSTALLED_APPS = [
    "approdi.core.admin_site.ApprodiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "approdi.core",
    "approdi.accounts",
    "approdi.network",
    "approdi.people",
    "approdi.cases",
    "approdi.outreach",
    "approdi.governance",
    "approdi.shelters",
    "approdi.referrals",
    "approdi.screening",
    "approdi.reports",
    "approdi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "approdi.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "approdi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "approdi.accounts.middleware.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "approdi.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "approdi.urls"
WSGI_APPLICATION = "approdi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "approdi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "approdi.core.context_processors.shell",
            ],
        },
    },
]

# SQLite by default: WAL lets readers work while one writer writes, and IMMEDIATE
# transactions make concurrent writers queue on the lock instead of failing with
# "database is locked" when they upgrade a read transaction.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
}
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    # Fail fast when PostgreSQL is unreachable: the 503 page instead of a hung request.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: absolute lifetime 12 hours (cookie and server side), idle timeout 30 minutes
# (enforced by SessionTimeoutMiddleware).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout after repeated failures, per username: an attacker spreading guesses over many
# addresses is still stopped. An administrator unlocks with `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks for the address among the lockout parameters. Partner offices sit behind
# one shared address, where an address lockout would lock out a whole team; the per-user
# lockout above already stops guessing spread over many addresses.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Second factor: required for the roles that may see identities and for administrators.
# APPRODI_RELAX_SECOND_FACTOR is for the demo only; the UI shows a banner while it is on.
APPRODI_RELAX_SECOND_FACTOR = False
OTP_TOTP_ISSUER = "Approdi"

# Encryption of identity fields: MultiFernet keys, newest first, apart from SECRET_KEY.
FIELD_ENCRYPTION_KEYS: list[str] = []
# Key of the keyed hash (HMAC-SHA256) used for exact-match lookups on encrypted values.
FIELD_HASH_KEY = ""

# Cases: the emergency phase alert (domain.md: no national cap), the retention of closed
# cases before anonymisation, and where reminders go (console unless configured).
APPRODI_EMERGENCY_PHASE_DAYS = env.int("APPRODI_EMERGENCY_PHASE_DAYS", default=45)
APPRODI_CASE_RETENTION_DAYS = env.int("APPRODI_CASE_RETENTION_DAYS", default=5 * 365)
# Statistics for the monitoring role hide counts below this (access.md rule 7).
APPRODI_SMALL_CELL_THRESHOLD = env.int("APPRODI_SMALL_CELL_THRESHOLD", default=5)
# Duplicate lookups (people/throttle.py): how many a user other than the coordinator may
# make in one clock hour, so that an account cannot test name after name whether a woman
# is recorded. Counted in the cache: production needs a shared one (REDIS_URL).
APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = env.int("APPRODI_DUPLICATE_LOOKUPS_PER_HOUR", default=30)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="approdi@localhost")

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "approdi" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers (the deploy settings add HTTPS-only ones).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy: no inline script or style anywhere, no third party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the small SVG icons inside Bootstrap's CSS (select arrows, checkboxes,
        # the menu button); an image cannot run script. See docs/decisions.md.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "approdi.api.authentication.SessionAuthentication",
        "approdi.api.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "approdi.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "approdi.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Approdi API",
    "DESCRIPTION": "Case management and monitoring for anti-trafficking networks.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "approdi.cases.choices.CaseKind",
        "PermitKindEnum": "approdi.cases.choices.PermitKind",
        "ProceedingKindEnum": "approdi.cases.choices.ProceedingKind",
        "ActionItemStatusEnum": "approdi.governance.choices.ActionItemStatus",
        "AttendanceStatusEnum": "approdi.governance.choices.AttendanceStatus",
        "ProtocolStatusEnum": "approdi.network.models.ProtocolStatus",
        "ContactStatusEnum": "approdi.outreach.choices.ContactStatus",
        "CasePhaseEnum": "approdi.cases.choices.Phase",
        "ResidentialPhaseEnum": "approdi.shelters.choices.Phase",
        "IndicatorStrengthEnum": "approdi.screening.choices.Strength",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Request lines may carry ids but never names: identity lives in encrypted fields only.
    "loggers": {"axes": {"level": "WARNING"}},
}
