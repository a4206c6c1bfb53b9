"""WSGI entry point: `gunicorn config.wsgi`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# What loading made (Django, the apps' modules, their settings) lives as long as the
# process: kept out of the garbage collector's full passes, which then walk only what
# requests make (one during a 5,000-annotation guide cost about 70 ms). Before gunicorn
# forks its workers (preload_app), this also keeps the collector from writing to the
# pages they share with the master.
gc.freeze()
