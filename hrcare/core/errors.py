"""Error pages: plain Japanese messages, never a stack trace (SECURITY.md item 18)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from hrcare.core.logsafe import describe


def install_error_pages(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Any:
        return render_template("errors/error.html", status=400, kind="csrf"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        status = error.code or 500
        # Keep what the exception says about the response (``Allow`` on a 405, for one);
        # only the body is ours.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return (
            render_template("errors/error.html", status=status, kind=str(status)),
            status,
            headers,
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return _http(error)
        # The description, not the exception: its message may carry personal data.
        app.logger.error("unhandled error: %s", describe(error))
        session = app.extensions["hrcare.db"].session
        session.rollback()  # and with it the jobs and mails it had queued
        return render_template("errors/error.html", status=500, kind="500"), 500
