"""Gunicorn settings read from the working directory (``gunicorn -w 4 wsgi:app``).

The access log goes through a logger that removes survey tokens from request lines, paths
and Referer headers (SECURITY.md item 20: no request log links an answer to its link).
"""

logger_class = "hrcare.core.gunicorn_log.RedactingLogger"
