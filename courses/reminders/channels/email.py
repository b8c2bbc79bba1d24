"""Email through Django's mail (``EMAIL_BACKEND``: console in development, SMTP in production)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid

from .base import Channel, ChannelError, Outgoing


class EmailChannel(Channel):
    def send(self, message: Outgoing) -> str:
        message_id = make_msgid(domain="tocongnghe.reminders")
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
            headers={"Message-ID": message_id},
        )
        try:
            email.send(fail_silently=False)
        except OSError as error:  # smtplib errors are OSError subclasses
            raise ChannelError(f"email: {error}") from error
        return message_id
