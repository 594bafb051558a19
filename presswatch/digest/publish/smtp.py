"""Sending a published issue over SMTP (smtplib): STARTTLS when configured, login from the environment."""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

USER_ENV, PASSWORD_ENV = "PRESSWATCH_SMTP_USER", "PRESSWATCH_SMTP_PASSWORD"


class DeliveryError(RuntimeError):
    """The SMTP server could not be reached or refused the message."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0
    recipients: list[str] = field(default_factory=list)
    sender: str = "presswatch@localhost"
    cafile: str | None = None      # a CA bundle to verify the server's certificate (an internal CA)

    @classmethod
    def from_config(cls, section: dict[str, Any], env: dict[str, str] | None = None) -> SmtpSettings:
        env = dict(os.environ) if env is None else env
        host = str(section.get("smtp_host") or "")
        if not host:
            raise DeliveryError("no SMTP server configured; set [publish] smtp_host (and smtp_port, from, to) "
                                "in presswatch.toml")
        to = section.get("to") or []
        recipients = [to] if isinstance(to, str) else [str(t) for t in to]
        if not recipients:
            raise DeliveryError("no recipients; set [publish] to = [\"editor@example.org\"] in presswatch.toml")
        return cls(host=host, port=int(section.get("smtp_port") or 587),
                   starttls=bool(section.get("starttls", True)), user=env.get(USER_ENV) or None,
                   password=env.get(PASSWORD_ENV) or None,
                   timeout=float(section.get("smtp_timeout") or 30),
                   recipients=recipients, sender=str(section.get("from") or "presswatch@localhost"),
                   cafile=str(section.get("smtp_cafile") or "") or None)


def send(message: EmailMessage, settings: SmtpSettings) -> list[str]:
    """Deliver ``message`` to the configured recipients; returns those the server accepted."""
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            smtp.ehlo()
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context(cafile=settings.cafile))
                smtp.ehlo()
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            refused = smtp.send_message(message, from_addr=settings.sender, to_addrs=settings.recipients)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"could not send through {settings.host}:{settings.port}: {exc}; check [publish] "
                            f"smtp_host/smtp_port/starttls and {USER_ENV}/{PASSWORD_ENV}") from exc
    return [r for r in settings.recipients if r not in refused]
