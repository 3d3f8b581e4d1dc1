"""WSGI entry point (gunicorn essaim.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essaim.settings")
application = get_wsgi_application()
