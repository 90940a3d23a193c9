# Elevium CDS: one image for web (gunicorn), worker and beat (celery) and the migrate one-shot.
# Build: docker build -t elevium-cds .   (or: docker-compose build)
FROM python:3.11-slim

# PYTHONPATH: `pip install .` also puts a copy of the packages in site-packages, but settings
# derive BASE_DIR (templates/, elevium/static) from their own path, so /app must come first on
# sys.path for gunicorn, celery and manage.py alike (celery only adds the cwd temporarily).
ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=elevium.settings \
    ELEVIUM_VAR_DIR=/app/var \
    PYTHONPATH=/app

# Non-root runtime user. Of the app it may write only /app/var (beat schedule, collected static);
# its own home takes gunicorn's control socket (gunicorn >= 25 puts it in ~/.gunicorn).
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

# Pango and a font for WeasyPrint (letters of medical necessity as PDF).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Runtime dependencies first, read from pyproject.toml, so this layer is rebuilt only when
# pyproject.toml changes and not on every code edit.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
 && pip install --no-cache-dir -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

# The code (see .dockerignore), then the project itself. Code stays root-owned (read-only for app).
COPY . .
RUN pip install --no-cache-dir . \
 && rm -rf build ./*.egg-info \
 && mkdir -p /app/var/attachments \
 && chown -R app:app /app/var

USER app

# Static files into STATIC_ROOT (/app/var/static). The build-only SECRET_KEY keeps settings from
# writing a generated key file into the image; it is not used at run time (compose requires SECRET_KEY).
RUN SECRET_KEY=build-only-collectstatic-key-never-used-at-runtime python manage.py collectstatic --noinput \
 && test ! -e /app/var/secret_key

EXPOSE 8000

CMD ["gunicorn", "elevium.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
