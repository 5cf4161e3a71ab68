"""ArchPath settings: one module, configured by environment variables.

The defaults run the embedded stack on one machine (SQLite, Redis on localhost,
media on the local disk). Every variable is listed in README.md.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from whitenoise.compress import Compressor

from .env import (
    env_bool,
    env_choice,
    env_database,
    env_float,
    env_int,
    env_list,
    env_proxy_ssl_header,
    env_rate,
    env_redis_url,
    env_str,
)
from .secret_key import HOW_TO_MAKE_ONE, is_deployment, secret_key_problem

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "archpath-development-key-change-me-in-production-0123456789"
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# A deployment (DEBUG off, a host other than this machine) refuses to start on a missing, weak or
# development key; on localhost the development key keeps `make run` and the tests working.
SECRET_KEY = env_str("SECRET_KEY", "")
if is_deployment(DEBUG, ALLOWED_HOSTS) and (_key_problem := secret_key_problem(SECRET_KEY, DEV_SECRET_KEY)):
    raise ImproperlyConfigured(f"{_key_problem}; {HOW_TO_MAKE_ONE}.")
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# HTTPS: all off by default, so localhost and the tests' live server work over plain HTTP.
# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER (the proxy must overwrite that header).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
# Content-Security-Policy (Django's own middleware): scripts and styles only from this site, never
# inline (pages put data in json_script and data- attributes; sizes from data are set through
# element.style by static/js/placement.js, which the policy allows). htmx's indicator <style> is off
# (base.html's htmx-config, the rule is in site.css); Swagger UI's page rules are in a file
# (templates/api_docs.html). Plotly adds its rules through CSSOM insertRule into a style element it
# would create (refused); partials/chart_scripts.html gives it an empty one carrying the request's
# nonce (the only use of CSP.NONCE: a page without charts sends no nonce).
# Plotly needs no 'unsafe-eval' for the charts used here (only its map traces evaluate code).
# img-src allows data:/blob: for Plotly's images and downloads.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",  # sign-in throttling (see the AXES_ settings below)
    "accounts",
    "roadmap",
    "assessments",
    "certifications",
    "mentoring",
    "portability",
    "demo_idp",
    "demo_data",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a refused sign-in into a 429 on the way out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "django.template.context_processors.csp",  # {{ csp_nonce }} (Plotly's style element)
            ],
            # core is a package, not an app: its template filters are named here ({% load dates %}).
            "libraries": {"dates": "core.templatetags.dates"},
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker threads and beat write at once: wait for the lock instead of failing, and take
    # the write lock when a transaction starts so two writers never deadlock on an upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # A file, not shared-cache memory: its locks honour the timeout (tests run a worker in a thread).
    # Named after the database (db.sqlite3 -> test-db.sqlite3), so two checkouts or two
    # DATABASE_URLs never share a test database.
    _name = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"].setdefault("NAME", str(_name.with_name(f"test-{_name.name}")))
    # demo_idp.StageEvent's covering index (INCLUDE) is a PostgreSQL optimisation; SQLite builds
    # the index without the included columns, which is harmless, so its warning is silenced here only.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The throttle first: it refuses a locked-out sign-in before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "accounts.signin_throttle.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# One way to write a date on every page: "13 Aug 2026", "13 Aug" within a range, "13 Aug 2026 14:05".
# Django prefers the active language's formats to these settings, so config/formats/en/formats.py
# hands them to the "en" locale (APIs, CSV, calendar feeds and <input type=date> stay ISO).
# A date whose weekday matters ("Sun 27 Dec 2026") uses core.dates.WEEKDAY_DATE_FORMAT.
DATE_FORMAT = SHORT_DATE_FORMAT = "j M Y"
MONTH_DAY_FORMAT = "j M"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j M Y H:i"
FORMAT_MODULE_PATH = ["config.formats"]

# Static files, served by whitenoise from this site (never a CDN). With STATIC_ROOT set (`make run`
# sets it and runs collectstatic) every file is collected under a name holding a hash of its content,
# with gzip and Brotli copies beside it; whitenoise sends those names with a year's cache and the
# smallest copy the browser accepts. Without STATIC_ROOT (tests, a bare runserver) nothing needs
# collecting: files come straight from the source folders.
STATIC_URL = "static/"
STATIC_ROOT = env_str("STATIC_ROOT", "") or None
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = STATIC_ROOT is None
WHITENOISE_AUTOREFRESH = DEBUG
# Source maps (7.5 MB of the API docs' and the admin's) are fetched only by a browser's developer
# tools: compressing them at Brotli's best level would triple the time collection takes.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# File storage: the local media folder, or S3 (django-storages/boto3) when a bucket is named.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "") or None
AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID", "") or None
AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY", "") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
if AWS_STORAGE_BUCKET_NAME:
    DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if STATIC_ROOT
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: printed on the console unless an SMTP host is configured (Django 6.1 MAILERS).
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587, minimum=1),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": env_int("EMAIL_TIMEOUT", 10, minimum=1),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST  # the legacy EMAIL_* names are deprecated in Django 6.1
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ArchPath <noreply@archpath.local>")

# Celery on Redis.
REDIS_URL = env_redis_url("REDIS_URL", "redis://127.0.0.1:6379/0")
# The cache every web process shares: upload throttles' counts (demo_idp/intake/throttle.py) and the
# dashboards' aggregates. On Redis, by default the task queue's, under its own key prefix (the site
# never clears the cache: that would empty the database it shares).
CACHE_URL = env_redis_url("CACHE_URL", REDIS_URL)
CACHES = {"default": {"BACKEND": "core.cache.ForgivingRedisCache", "LOCATION": CACHE_URL,
                      "KEY_PREFIX": "cache"}}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A worker that dies mid-task loses nothing: the message is acknowledged only
# after the task ends and is redelivered if the worker is lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
# When the whole worker dies (its process group killed, the machine lost) nobody is left to reject
# the message: Redis gives an unacknowledged message back to the queue once it is older than the
# visibility timeout (kombu's default: an hour). It must exceed the longest task, or a task still
# running is delivered a second time; tasks.py keeps a retry's wait within the difference, and the
# default (time limit + 2 minutes) brings a killed document back within about 12.5 minutes.
# Chosen over a heartbeat and beat requeueing: the broker already holds the message, so nothing
# new has to run, and a second message sent by beat would come back once more when the first
# one's timeout passed. A worker checks for such messages when it starts and every
# CELERY_RESTORE_SECONDS after.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int(
        "CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 120, minimum=CELERY_TASK_TIME_LIMIT + 1
    ),
    "unacked_restore_interval": env_int("CELERY_RESTORE_SECONDS", 30, minimum=1),
    "unacked_restore_throttle": 1,  # sweep on every interval (kombu's default sweeps every tenth)
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    # Expire lapsed certifications and e-mail the 90/30/7-day reminders (certifications/tasks.py).
    "certification-reminders": {
        "task": "certifications.tasks.send_certification_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env_str("CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat-schedule"))

# OCR.
TESSERACT_CMD = env_str("TESSERACT_CMD", "tesseract")
HEALTH_TIMEOUT_SECONDS = env_float("HEALTH_TIMEOUT_SECONDS", 2.0, minimum=0.1, maximum=60)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an API client with a bad token gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # drf-spectacular's, with the error responses every operation can answer (core/api_schema.py).
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ArchPath API",
    "DESCRIPTION": "Learning roadmaps, assessments and the document-processing demo.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc assets come from the sidecar package, served by this site.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "StepStatusEnum": "roadmap.models.RoadmapStep.Status",
        "CertificationRecordStatusEnum": "certifications.models.CertificationRecord.Status",
    },
}

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# Document-processing demo (demo_idp): upload limits, routing rules, review SLA and claims,
# and retention of uploads. Routing shares are 0-1 (0.05 means 5%).
IDP_MAX_UPLOAD_MB = env_int("IDP_MAX_UPLOAD_MB", 20, minimum=1)
IDP_MAX_PAGES = env_int("IDP_MAX_PAGES", 20, minimum=1)
IDP_MAX_MEGAPIXELS = env_int("IDP_MAX_MEGAPIXELS", 50, minimum=1)
IDP_MIN_MEAN_CONFIDENCE = env_float("IDP_MIN_MEAN_CONFIDENCE", 80.0, minimum=0, maximum=100)  # T
IDP_LOW_WORD_CONFIDENCE = env_float("IDP_LOW_WORD_CONFIDENCE", 60.0, minimum=0, maximum=100)  # W
IDP_MAX_LOW_SHARE = env_float("IDP_MAX_LOW_SHARE", 0.12, minimum=0, maximum=1)  # S
IDP_AUDIT_SHARE = env_float("IDP_AUDIT_SHARE", 0.05, minimum=0, maximum=1)  # P
IDP_MIN_LINE_CONFIDENCE = env_float("IDP_MIN_LINE_CONFIDENCE", 70.0, minimum=0, maximum=100)  # T_L, per line
IDP_SLA_HOURS = env_int("IDP_SLA_HOURS", 48, minimum=1)
IDP_CLAIM_MINUTES = env_int("IDP_CLAIM_MINUTES", 30, minimum=1)
IDP_RETENTION_HOURS = env_int("IDP_RETENTION_HOURS", 24, minimum=1)
# Uploads (requests, of one file or several) one account or anonymous visitor may make, on the page
# and the API together (demo_idp/intake/throttle.py); more answer 429 with Retry-After.
IDP_UPLOAD_RATE = env_rate("IDP_UPLOAD_RATE", "20/minute")
# Stage events hold no content and outlive the uploads: the dashboards' week and calibration's month.
IDP_EVENT_RETENTION_DAYS = env_int("IDP_EVENT_RETENTION_DAYS", 30, minimum=7)
# The dashboard's day and week are aggregated once per this many seconds, however many watch.
IDP_DASHBOARD_CACHE_SECONDS = env_int("IDP_DASHBOARD_CACHE_SECONDS", 30, minimum=0)
# The OCR engine: Tesseract in the worker, or Amazon Textract through boto3 (AWS credentials as usual).
IDP_OCR_ENGINE = env_choice("IDP_OCR_ENGINE", "tesseract", ("tesseract", "textract"))
IDP_TEXTRACT_REGION = env_str("IDP_TEXTRACT_REGION", "")
# /metrics for Prometheus: empty leaves it open (aggregates only); set, scrapers send it as a bearer token.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# Delete expired uploads every hour (demo_idp/retention.py).
CELERY_BEAT_SCHEDULE["idp-purge"] = {"task": "demo_idp.tasks.purge_expired", "schedule": crontab(minute=17)}
CELERY_BEAT_SCHEDULE["idp-requeue"] = {
    "task": "demo_idp.tasks.requeue_stale_documents",
    "schedule": crontab(minute="*/5"),
}
# Roll up the stage events of each closed minute for the dashboards and /metrics (monitoring/rollups.py);
# a run that is late or doubled is harmless.
CELERY_BEAT_SCHEDULE["idp-rollups"] = {"task": "demo_idp.tasks.roll_up_events", "schedule": crontab()}
# Name the demo's status enums in the OpenAPI schema (documents, pages and reviews all have one).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({
    "DocumentStatusEnum": "demo_idp.models.Document.Status",
    "PageStatusEnum": "demo_idp.models.Page.Status",
    "ReviewStatusEnum": "demo_idp.models.Review.Status",
    "LineStatusEnum": "demo_idp.models.Line.Status",
})

# Sign-in throttling (django-axes) on the login page, the admin's and /api/auth/token/
# (accounts/signin_throttle.py). Three counts of failures within the cool-off, each with its limit:
# one account from one address (SIGNIN_FAILURE_LIMIT), one account from all addresses, and one
# address against all accounts. A flood from one address locks only that address out of that
# account: the owner signs in from anywhere else, and other accounts from the same address still
# can, until the address itself has failed SIGNIN_ADDRESS_FAILURE_LIMIT times (password spraying).
# Failures while refused are not counted, so one address adds at most SIGNIN_FAILURE_LIMIT to the
# account's count, and a lock ends one cool-off after the failure that set it.
# The database handler, not the cache one: a sign-in needs the database anyway (no new way to fail
# when Redis is away), the stored attempt times give an exact Retry-After, the admin lists who is
# locked out (delete the row to let them in), and the default cache is per process.
AXES_HANDLER = "accounts.signin_throttle.SignInAttempts"
AXES_FAILURE_LIMIT = env_int("SIGNIN_FAILURE_LIMIT", 5, minimum=1)
SIGNIN_ACCOUNT_FAILURE_LIMIT = env_int("SIGNIN_ACCOUNT_FAILURE_LIMIT", max(20, AXES_FAILURE_LIMIT),
                                       minimum=AXES_FAILURE_LIMIT)
SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("SIGNIN_ADDRESS_FAILURE_LIMIT", max(30, AXES_FAILURE_LIMIT),
                                       minimum=AXES_FAILURE_LIMIT)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGNIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.signin_throttle.lockout_response"
# Behind SIGNIN_TRUSTED_PROXIES proxies, the client's address is read from X-Forwarded-For;
# without them every visitor would share the proxy's address and its limit.
SIGNIN_TRUSTED_PROXIES = env_int("SIGNIN_TRUSTED_PROXIES", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "accounts.signin_throttle.client_address"
AXES_DISABLE_ACCESS_LOG = True  # only failures are kept, and only for the cool-off: no log of every sign-in
AXES_VERBOSE = False  # no banner on start-up (`manage.py check` prints nothing); failures are still logged
