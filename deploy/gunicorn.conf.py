"""gunicorn for SIGAP: ``.venv/bin/gunicorn -c deploy/gunicorn.conf.py sigap.wsgi``.

No client address reaches a log (docs/operations.md, "Web server"): the access log stays off,
and every line of the error log passes ``sigap.lib.redact.RedactAddresses``, which replaces IP
addresses ("Invalid request from ip=…" and the like). Anything set here can be overridden on
the command line or in ``GUNICORN_CMD_ARGS`` (``--bind``, ``--workers``…), except the log
filter, which the logger class always adds.
"""

from gunicorn.glogging import Logger

from sigap.lib.redact import RedactAddresses

wsgi_app = "sigap.wsgi"
bind = "127.0.0.1:8000"  # behind the HTTPS proxy, which sets X-Forwarded-For/-Proto
workers = 4
threads = 4
worker_class = "gthread"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Requests larger than these never reach Django (Django's own limits are in settings.py).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# The proxy may pass the client's address; SIGAP decides whom to believe
# (SIGAP_TRUSTED_PROXIES), so gunicorn keeps REMOTE_ADDR as the connection's own.
forwarded_allow_ips = "127.0.0.1"
accesslog = None  # an access log would hold every reporter's address
errorlog = "-"
loglevel = "info"


class AddressFreeLogger(Logger):
    """gunicorn's logger with the address filter on its error log, whatever the handlers."""

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, RedactAddresses) for f in self.error_log.filters):
            self.error_log.addFilter(RedactAddresses())
        self.access_log.addFilter(RedactAddresses())


logger_class = AddressFreeLogger
