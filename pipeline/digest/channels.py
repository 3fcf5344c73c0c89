"""Delivery channels: how a digest reaches a subscriber (email today).

A channel composes one message per subscriber and opens the transport that delivers it;
everything else (who follows what, what was already sent, sending each message at most
once, the run lock) is shared and lives outside the channel. To add one, write a module
with a class following :class:`Channel` and register it here with one line.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from pipeline.digest.build import Digest, OutgoingEmail
from pipeline.digest.send import Transport
from pipeline.digest.settings import DigestSettings
from pipeline.digest.subscribers import Subscriber
from pipeline.errors import ConfigError
from pipeline.render.views import MeetingView

# name -> "module:class". One line per channel.
CHANNELS: dict[str, str] = {
    "email": "pipeline.digest.email_channel:EmailChannel",
}


class Channel(Protocol):
    """One way of delivering digests; built with the digest settings, secret and site title."""

    name: str

    def __init__(self, settings: DigestSettings, secret: bytes, site_title: str) -> None: ...

    def compose(
        self,
        digest: Digest,
        subscriber: Subscriber,
        *,
        late: list[MeetingView] | None = None,
        update: list[MeetingView] | None = None,
    ) -> OutgoingEmail | None:
        """The subscriber's message (``None``: nothing to tell them).

        ``late``: earlier meetings to add; ``update``: a follow-up carrying only these
        meetings of the digest's week. The message's ``digest_id`` is its send-log key:
        a channel other than email keeps its keys apart (e.g. ``<digest_id>#sms``).
        """
        ...

    def transport(self) -> Transport:
        """A transport that delivers this channel's messages (closed after the run)."""
        ...


def load_channel(name: str, settings: DigestSettings, secret: bytes, site_title: str) -> Channel:
    """The channel registered as ``name``; an unknown name is a config error."""
    target = CHANNELS.get(name)
    if target is None:
        known = ", ".join(sorted(CHANNELS))
        raise ConfigError(f"config [digest] channels: no channel {name!r} (known: {known})")
    module_name, attribute = target.split(":")
    channel_class = getattr(importlib.import_module(module_name), attribute)
    return channel_class(settings, secret, site_title)
