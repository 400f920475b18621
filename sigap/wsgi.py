import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their modules and settings) lives as long as the
# process: the garbage collector need not walk it again at every full collection, a pause of
# tens of milliseconds that grows with the heap. Objects made later are collected as usual.
gc.freeze()
