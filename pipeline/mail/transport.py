"""Handing a message over: to an SMTP server, or as an ``.eml`` file when no server is configured.

The standard library's ``smtplib`` and ``email``. ``mail_security`` is ``starttls`` (port 587,
the usual), ``ssl`` (port 465) or ``none`` (a relay on the local network); certificates are
checked with the system's trust store (``ssl.create_default_context``). The password comes only
from the environment variable ``PIPELINE_MAIL_PASSWORD``, never from a file in the workspace.

Without ``mail_host`` (the embedded default), or with ``--dry-run``, every message is written as
``outbox/mail/<stem>.eml``: Outlook and Thunderbird open it as the mail it would have been.

One connection serves a whole run; when it cannot be made, every message of the run fails at
once with the same reason (``SendFailed``) instead of waiting for the server again and again.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
import tempfile
from email.message import EmailMessage
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import ConfigError
from pipeline.strings import Texts

PASSWORD_VARIABLE = "PIPELINE_MAIL_PASSWORD"


class SendFailed(Exception):
    """The server could not be reached, or it refused the message: not handed over, try again later."""


class SendUncertain(Exception):
    """The connection was lost after the message itself was on its way (in the DATA phase): the
    server may have it. Recorded as ``unknown`` and never sent again (at most once, as a kill)."""


class EmlFolder:
    """Writes each message as an ``.eml`` file into ``folder`` (``outbox/mail/``)."""

    state = "written"

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> EmlFolder:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def send(self, message: EmailMessage, stem: str) -> str:
        """Writes ``message`` atomically; returns the file's path. ``stem`` is ours, never a file's name."""
        self.folder.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", stem)[:120] or "message"
        target = self.folder / f"{safe}.eml"
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".eml", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(message.as_bytes())
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return str(target)


class Smtp:
    """One SMTP connection for a run of messages, opened at the first message."""

    state = "sent"

    def __init__(self, settings: Settings, password: str | None = None):
        self.settings = settings
        self.password = os.environ.get(PASSWORD_VARIABLE) if password is None else password
        if settings.mail_user and not self.password:
            raise ConfigError(key="mail.error.password")
        self._server: smtplib.SMTP | None = None
        self._refused: str | None = None  # why the connection could not be made, for the rest of the run

    def __enter__(self) -> Smtp:
        return self

    def __exit__(self, *exc) -> None:
        if self._server is not None:
            try:
                self._server.quit()
            except (smtplib.SMTPException, OSError):
                self._server.close()
            self._server = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        if s.mail_security == "ssl":
            server = smtplib.SMTP_SSL(
                s.mail_host, s.mail_port, timeout=s.mail_timeout_seconds, context=context
            )
        else:
            server = smtplib.SMTP(s.mail_host, s.mail_port, timeout=s.mail_timeout_seconds)
            if s.mail_security == "starttls":
                server.starttls(context=context)
        if s.mail_user:
            server.login(s.mail_user, self.password or "")
        return server

    def send(self, message: EmailMessage, stem: str) -> str:
        """Hands ``message`` to the server; returns its Message-ID.

        Raises:
            SendFailed: not handed over (the server is down, refused the login or the message).
        """
        if self._refused is not None:
            raise SendFailed(self._refused)
        in_data = []  # set once the message itself is being sent (smtplib's data step)
        try:
            if self._server is None:
                self._server = self._connect()
            server = self._server
            original = server.data

            def data(msg):
                in_data.append(True)
                return original(msg)

            server.data = data  # this connection only: to know how far the hand-over got
            try:
                server.send_message(message)
            finally:
                del server.data
        except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            reason = _reason(exc, self.settings)
            if self._server is None or isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
                self._refused = reason  # the connection is gone: the rest of the run fails the same way
                self._server = None
            if in_data and not isinstance(exc, smtplib.SMTPDataError):  # no answer to the message
                raise SendUncertain(reason) from exc
            raise SendFailed(reason) from exc
        return str(message["Message-ID"])


def _reason(exc: Exception, settings: Settings) -> str:
    """One line for the ledger and the terminal, in the workspace's language: what the server
    said (its own words, with its code), or why it could not be reached, with what to check."""
    t = Texts(settings.language)
    where = {"host": settings.mail_host, "port": settings.mail_port}
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return t("mail.why.login", user=settings.mail_user, code=exc.smtp_code)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        )
        return t("mail.why.said", said=f"{exc.smtp_code} {text}".strip().rstrip("."))
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{to}: {code}" for to, (code, _) in exc.recipients.items())
        return t("mail.why.said", said=refused)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return t("mail.why.no-starttls", **where)
    if isinstance(exc, ssl.SSLError):
        return t("mail.why.tls", **where, error=getattr(exc, "reason", None) or exc)
    if isinstance(exc, socket.gaierror):
        return t("mail.why.no-host", **where)
    if isinstance(exc, ConnectionRefusedError):
        return t("mail.why.refused", **where)
    if isinstance(exc, TimeoutError) or "timed out" in str(exc):
        return t("mail.why.timeout", **where, seconds=t.number(settings.mail_timeout_seconds))
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError):
        return t("mail.why.closed", **where)
    return t("mail.why.other", **where, error=f"{type(exc).__name__}: {exc}".rstrip("."))


def transport_for(settings: Settings, folder: Path, dry_run: bool = False) -> EmlFolder | Smtp:
    """The transport of a run: SMTP when ``mail_host`` is set (and this is no dry run), else files."""
    if settings.mail_host and not dry_run:
        return Smtp(settings)
    return EmlFolder(folder)
