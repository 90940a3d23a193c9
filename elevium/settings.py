"""Elevium CDS settings, read from the environment.

Unset variables give the *embedded* configuration: a SQLite file and a filesystem
Celery broker, so `make run` needs no server. Setting DATABASE_URL and REDIS_URL
gives the *services* configuration (PostgreSQL and Redis) used by the tests, CI
and docker-compose. Production differs from a laptop only by environment.
"""

from __future__ import annotations

from pathlib import Path

from kombu import Queue

from elevium.lib.csp import check_report_uri
from elevium.lib.env import (
    check_redis_url,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ELEVIUM_VAR_DIR", str(BASE_DIR / "var")))

# --- Core -------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", fallback_file=VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "elevium.accounts",
    "elevium.audit",
    "clinics",
    "elevium.jobs",
    "patients",
    "reassessment",
    "treatments",
    "eligibility",
    "benefits",
    "courses",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the Content-Security-Policy too.
    "elevium.lib.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their caching; everything else is never stored.
    "elevium.lib.no_store.NoStoreMiddleware",
    "elevium.audit.middleware.RequestIdMiddleware",
    # A database outage answers 503, not 500, in every view and middleware after this one.
    "elevium.lib.dbfaults.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before the access policy: an idle session is signed out first, then an administrator who
    # has not passed the second factor is held on the enrolment/verification pages.
    "elevium.accounts.middleware.IdleTimeoutMiddleware",
    "elevium.accounts.middleware.SecondFactorMiddleware",
    # Last, so it sees the resolved view: login everywhere, roles deny by default.
    "elevium.accounts.middleware.AccessPolicyMiddleware",
    # django-axes wants it (check axes.W002); it answers a lock with the sign-in page's own
    # refusal (AXES_LOCKOUT_CALLABLE), so it changes no response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "elevium.urls"
WSGI_APPLICATION = "elevium.wsgi.application"

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
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'elevium.sqlite3'}")
DATABASES = {"default": parse_database_url("DATABASE_URL", DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that stops answering (rather than refusing) fails a connection attempt after
    # 5 s, which elevium/lib/dbfaults.py answers with a 503, instead of holding a worker until
    # gunicorn kills it. `?connect_timeout=N` in DATABASE_URL wins. CONN_HEALTH_CHECKS (set by
    # parse_database_url) drops a persistent connection the server closed, so a restart of
    # PostgreSQL needs no restart of the app.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
# Set only where `migrate` runs (docker-compose's migrate service): the role web, worker and beat
# connect as. After each migrate the owner (DATABASE_URL's role) grants it the app's tables, but
# SELECT and INSERT only on the audit trail, and creates it when missing (elevium/audit/dbroles.py).
DATABASE_APP_URL = env_str("DATABASE_APP_URL", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache -----------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    check_redis_url("REDIS_URL", REDIS_URL)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A file cache is shared by every process of the embedded setup. Sign-in needs no cache at all.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Celery -----------------------------------------------------------------
# Queues, routes and the beat schedule sit together here (STYLE.md, Celery).
CELERY_QUEUES = ("default", "evaluations", "benefits", "prior_auth", "reminders")
CELERY_TASK_QUEUES = tuple(Queue(name, routing_key=name) for name in CELERY_QUEUES)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "elevium.jobs.tasks.*": {"queue": "default"},
    "eligibility.tasks.*": {"queue": "evaluations"},
    "benefits.tasks.sweep_deadlines": {"queue": "reminders"},
    "benefits.tasks.*": {"queue": "benefits"},
    "courses.tasks.*": {"queue": "reminders"},
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True  # PostgreSQL (TaskRun rows) is the record of work, not a result backend.
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Survives a broker restart with tasks in flight, which celery 5.7.0's own consumer does not
# (elevium/jobs/consumer.py; tests/jobs/test_faults.py restarts Redis mid-batch).
CELERY_WORKER_CONSUMER = "elevium.jobs.consumer:Consumer"
# When the broker connection drops, running tasks go on (Celery 6 would cancel them): every task
# is idempotent (TaskRun, run_once, the batch's claim and per-chunk progress), and a cancelled
# batch would sit "running" until its lease ran out. The duplicate delivery Redis makes of a
# task that was running finds its work claimed or done.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "elevium.jobs.tasks.heartbeat",
        "schedule": env_int("CELERY_HEARTBEAT_SECONDS", 60, minimum=5),
    },
    "evaluation-batch-sweep": {"task": "eligibility.tasks.sweep_batches", "schedule": 60},
    # Overdue, follow-up and renewal reminders on prior-authorization cases (benefits/sweeps.py).
    "pa-deadline-sweep": {
        "task": "benefits.tasks.sweep_deadlines",
        "schedule": 300,
        "options": {"expires": 300},
    },
    # Patient Monitoring Form filing reminders (Spravato REMS, 7-day window: courses/sweeps.py).
    "pmf-reminder-sweep": {
        "task": "courses.tasks.sweep_monitoring_forms",
        "schedule": env_int("PMF_SWEEP_SECONDS", 300, minimum=1),
        "options": {"expires": 300},
    },
    # Publishes outbox rows whose on-commit relay failed (Redis down); expires so a backlog never piles up.
    "outbox-relay": {"task": "elevium.jobs.tasks.relay_outbox", "schedule": 5, "options": {"expires": 5}},
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # The visibility timeout must exceed the longest task and countdown, or Redis redelivers
    # a task that is still running (measured: a 12 s task ran three times with 5 s).
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
        "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10, minimum=1),
    }
else:
    # Embedded: a broker that needs no server. It loses a task whose whole worker is killed,
    # which is why the database, not the broker, holds the record of work owed.
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True

# --- Authentication and roles -----------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes refuses a locked username before any password is checked; ModelBackend signs in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id for new hashes. PBKDF2 stays listed so hashes made before the switch still verify;
# Django rehashes them with the first hasher on the next successful sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# Failed sign-ins (passwords and codes) for one username before it is locked, in the database,
# for LOGIN_LOCKOUT_SECONDS after the last failure; success resets the count, an administrator
# can unlock (django-axes; elevium/accounts/lockout.py and docs/SECURITY.md).
LOGIN_LOCKOUT_THRESHOLD = env_int("LOGIN_LOCKOUT_THRESHOLD", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=60)
# How many reverse proxies stand in front of the app, each appending to X-Forwarded-For. 0: the
# header is ignored (anyone can write it) and the client address is the connection's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Counted per username and per username and address, never per address alone: behind a proxy
# every user shares one address. Counts live in PostgreSQL (the database handler), so sign-in
# needs no cache and a Redis outage or restart neither refuses nor unlocks anyone.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
# Callables, so the LOGIN_LOCKOUT_* settings (and tests overriding them) are the one source.
AXES_FAILURE_LIMIT = "elevium.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "elevium.accounts.lockout.cool_off"
AXES_USERNAME_CALLABLE = "elevium.accounts.lockout.username_digest"
AXES_CLIENT_IP_CALLABLE = "elevium.lib.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "elevium.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# A refused attempt is not a guess (no password was checked): it neither counts nor extends the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The audit trail records sign-ins; a second log keyed by addresses is not wanted.
AXES_DISABLE_ACCESS_LOG = True
# Unlocking goes through the audited action on the user admin, not axes' own admin pages.
AXES_ENABLE_ADMIN = False
# No start-up banner: a settings or database error must stay one line on stderr.
AXES_VERBOSE = False
# Masked in the form data axes keeps with each failure (it masks passwords itself).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
# Automatic logoff (HIPAA 164.312(a)(2)(iii)): a session unused this long is signed out.
IDLE_TIMEOUT_SECONDS = env_int("IDLE_TIMEOUT_SECONDS", 900, minimum=60)
# Two-step sign-in (TOTP): how long the password step waits for the code, and the name
# authenticator apps show next to the account.
TWO_STEP_PENDING_SECONDS = env_int("TWO_STEP_PENDING_SECONDS", 300, minimum=30)
TOTP_ISSUER = env_str("TOTP_ISSUER", "Elevium CDS")

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF cookie: forms carry the token, and DRF's browsable API reads its page.
CSRF_COOKIE_HTTPONLY = True
# Behind an HTTPS proxy (docker-compose): trust its X-Forwarded-Proto, redirect plain HTTP, and
# tell browsers to stay on HTTPS. /healthz stays reachable over HTTP for in-container checks.
if env_bool("TRUST_PROXY_HTTPS_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SESSION_COOKIE_SECURE else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# `preload` consents to the browsers' built-in HTTPS-only list for the whole domain, subdomains
# included, which is hard to undo. It is what `check --deploy` asks for (security.W021), so it is
# on with a year of HSTS; a deployer whose domain still serves plain-HTTP subdomains sets
# SECURE_HSTS_PRELOAD=false and accepts that warning.
SECURE_HSTS_PRELOAD = env_bool(
    "SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 31536000 and SECURE_HSTS_INCLUDE_SUBDOMAINS
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Where browsers send Content-Security-Policy violation reports (elevium/lib/csp.py); unset: none.
CSP_REPORT_URI = check_report_uri("CSP_REPORT_URI", env_str("CSP_REPORT_URI", ""))

# --- REST framework ---------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["elevium.accounts.authentication.SessionAuthentication"],
    # Deny by default: an API view that declares no roles is refused.
    "DEFAULT_PERMISSION_CLASSES": ["elevium.accounts.access.HasDeclaredRole"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # JSON only: the browsable API's HTML carries inline style the Content-Security-Policy refuses,
    # and the app's own pages are the browser interface.
    "DEFAULT_RENDERER_CLASSES": ["elevium.lib.renderers.JSONRenderer"],
    # DRF's three, with JSON nested beyond any real document refused as a 400 before it is parsed.
    "DEFAULT_PARSER_CLASSES": [
        "elevium.lib.json_parser.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # The services' errors (elevium/lib/errors.py) by their status; then DRF's own, plus a 503
    # problem (not a 500) while the database is unreachable.
    "EXCEPTION_HANDLER": "elevium.lib.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Elevium CDS API",
    "VERSION": "0.1.0",
    # 3.1: the document's pydantic models (ReassessmentDocument, CandidacyReport) are JSON Schema
    # 2020-12 (prefixItems, const, null in anyOf), which a 3.0 document cannot hold.
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # DRF's own 415 on every POST, PUT and PATCH (the other error answers: elevium/lib/api_errors.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "elevium.lib.api_errors.document_unsupported_media_type",
    ],
    # One name per shared choice set; "unknown" is a first-class answer everywhere (Tri).
    "ENUM_NAME_OVERRIDES": {
        "TriEnum": ["yes", "no", "unknown"],
        "SexAtBirthEnum": "patients.models.SexAtBirth",
        "ReassessmentStatusEnum": "reassessment.models.ReassessmentStatus",
        "ContributorStatusEnum": ["ruled_out", "being_addressed", "not_assessed"],
        "TreatmentSlugEnum": "treatments.models.TreatmentSlug",
        "PaCaseStatusEnum": "benefits.models.PaCaseStatus",
        "CandidacyTreatmentEnum": "eligibility.engine.models.TREATMENTS",
        "SpravatoDoseEnum": [(28, "28"), (56, "56"), (84, "84")],
        "RegulatoryStatusEnum": "treatments.models.RegulatoryStatusKind",
        "CandidacyStatusEnum": "eligibility.engine.models.STATUSES",
        "CourseStatusEnum": "courses.models.CourseStatus",
        "SpravatoIndicationEnum": "courses.models.SpravatoIndication",
        "ObservedSeverityEnum": "courses.models.Severity",
    },
    # The schema view follows the same policy as every API view (drf-spectacular defaults to AllowAny).
    "SERVE_AUTHENTICATION": ["elevium.accounts.authentication.SessionAuthentication"],
    "SERVE_PERMISSIONS": ["elevium.accounts.access.HasDeclaredRole"],
}

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start without it.
STATICFILES_DIRS = [BASE_DIR / "elevium" / "static"]
# Finders serve straight from the source tree, so `make run` and the tests need no collectstatic.
WHITENOISE_USE_FINDERS = True

# --- Attachments (PA checklist documents) -----------------------------------
# Files are reached through Django's storage API under the name "attachments", never through
# the web root: the access-checked, audited view in benefits serves them. A local folder for
# `make run` and one web node (a named volume under docker compose); for several web nodes,
# S3-compatible object storage with django-storages (README, "Attachments").
ATTACHMENTS_BACKEND = env_str("ATTACHMENTS_BACKEND", "filesystem")
if ATTACHMENTS_BACKEND == "s3":
    _attachments: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("ATTACHMENTS_S3_BUCKET", ""),
            "endpoint_url": env_str("ATTACHMENTS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("ATTACHMENTS_S3_REGION", "") or None,
            "location": env_str("ATTACHMENTS_S3_PREFIX", "attachments"),
            "default_acl": "private",
            "querystring_auth": True,  # never a public URL; the app streams the file anyway
            "file_overwrite": False,
        },
    }
else:
    _attachments = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Under var/, outside STATIC_ROOT and every URL: nothing calls the storage's url().
        "OPTIONS": {"location": env_str("ATTACHMENTS_DIR", str(VAR_DIR / "attachments"))},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "attachments": _attachments,
}
# The largest document a coordinator may attach (bytes); a scanned order is rarely above 5 MB.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- Logging ----------------------------------------------------------------
# Every line carries the request id; no handler logs request bodies, query strings or
# template context, so patient data does not reach the logs.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "elevium.audit.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # django.request logs the path of failed requests; paths carry opaque UUIDs only.
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
