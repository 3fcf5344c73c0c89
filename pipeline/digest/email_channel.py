"""The email channel: a multipart digest per subscriber, to the outbox or through SMTP."""

from __future__ import annotations

from pipeline.digest.build import Digest, OutgoingEmail, compose_email
from pipeline.digest.send import Transport, make_transport
from pipeline.digest.settings import DigestSettings
from pipeline.digest.subscribers import Subscriber
from pipeline.render.views import MeetingView


class EmailChannel:
    """Emails (see :mod:`pipeline.digest.build`), sent by ``[digest] transport``."""

    name = "email"

    def __init__(self, settings: DigestSettings, secret: bytes, site_title: str) -> None:
        self.settings = settings
        self.secret = secret
        self.site_title = site_title

    def compose(
        self,
        digest: Digest,
        subscriber: Subscriber,
        *,
        late: list[MeetingView] | None = None,
        update: list[MeetingView] | None = None,
    ) -> OutgoingEmail | None:
        return compose_email(
            digest,
            subscriber,
            self.settings,
            self.secret,
            site_title=self.site_title,
            late=late,
            update=update,
        )

    def transport(self) -> Transport:
        return make_transport(self.settings)
