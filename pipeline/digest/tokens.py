"""Unsubscribe tokens: unguessable, signed with HMAC-SHA256, verified in constant time.

A token names a subscriber and a council and carries a MAC over those and a keyed tag of the
subscriber's address, keyed with a secret that never leaves the server. The MAC is checked
before anything is looked up, and every invalid token gets the same answer, so a forged one
learns nothing (not even whether an id exists). Knowing one token tells nothing about
another; a token cannot unsubscribe somebody else who later got the same id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from pipeline.digest.settings import DigestSettings
from pipeline.errors import ConfigError, PipelineError
from pipeline.fileio import write_atomic
from pipeline.limits import read_text_file

_PURPOSE_V1 = b"council-digest/unsubscribe/v1"
_PURPOSE = b"council-digest/unsubscribe/v2"
_EMAIL_TAG = b"council-digest/unsubscribe/email"
_TOKEN = re.compile(r"^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$")
# Subscriber ids are SQLite rowids: 1 to 2**63 - 1. Anything else is not ours.
_MAX_ID = 2**63 - 1
INVALID = "not a valid unsubscribe token"


class InvalidToken(PipelineError):
    """Malformed, forged, or naming nobody: one message for all, so nothing leaks."""

    def __init__(self) -> None:
        super().__init__(INVALID)


@dataclass(frozen=True)
class TokenClaim:
    """What a token names. ``verified``: its MAC was checked before anything was looked up
    (v2 tokens); a v1 token (emails sent before v2) is checked against the address after."""

    subscriber_id: int
    council_slug: str
    mac: bytes
    email_tag: bytes | None = None

    @property
    def verified(self) -> bool:
        return self.email_tag is not None


def load_secret(settings: DigestSettings, environ: dict[str, str] | None = None) -> bytes:
    """The HMAC key: from ``secret_env``, else ``secret_file`` (created once, mode 0600).

    Two first runs at once agree on one key: the file is created with a hard link, which
    fails when another process got there first, and then that key is read.
    """
    environ = dict(os.environ) if environ is None else environ
    value = environ.get(settings.secret_env)
    if value:
        if len(value) < 16:
            raise ConfigError(f"${settings.secret_env}: the digest secret needs 16+ characters")
        return value.encode("utf-8")
    path = Path(settings.secret_file)
    if not path.exists():
        _create_secret(path)
    try:
        value = read_text_file(path, what="secret file").strip()
    except PipelineError as exc:
        raise ConfigError(f"{exc} ([digest] secret_file)") from None
    if len(value) < 16:
        raise ConfigError(f"{path}: the digest secret needs 16+ characters")
    return value.encode("utf-8")


def _create_secret(path: Path) -> None:
    draft = path.with_name(f".{path.name}.{os.getpid()}.new")
    write_atomic(draft, secrets.token_urlsafe(48) + "\n", mode=0o600)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another run created it first: use theirs
    except OSError as exc:
        raise ConfigError(f"{path}: cannot create the digest secret: {exc.strerror}") from None
    finally:
        draft.unlink(missing_ok=True)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _email_tag(secret: bytes, email: str) -> bytes:
    """A keyed tag of the address: binds a token to it without putting it in the URL."""
    return hmac.new(secret, _EMAIL_TAG + b"\0" + email.lower().encode(), hashlib.sha256).digest()[
        :9
    ]


def _mac(secret: bytes, subscriber_id: int, council_slug: str, email_tag: bytes) -> bytes:
    message = b"\0".join([_PURPOSE, str(subscriber_id).encode(), council_slug.encode(), email_tag])
    return hmac.new(secret, message, hashlib.sha256).digest()


def _mac_v1(secret: bytes, subscriber_id: int, council_slug: str, email: str) -> bytes:
    message = b"\0".join(
        [_PURPOSE_V1, str(subscriber_id).encode(), council_slug.encode(), email.lower().encode()]
    )
    return hmac.new(secret, message, hashlib.sha256).digest()


def make_token(secret: bytes, subscriber_id: int, council_slug: str, email: str) -> str:
    """``<payload>.<mac>``, URL-safe; the MAC covers everything the payload says."""
    tag = _email_tag(secret, email)
    payload = _b64(f"2:{subscriber_id}:{council_slug}:{_b64(tag)}".encode())
    return f"{payload}.{_b64(_mac(secret, subscriber_id, council_slug, tag))}"


def read_token(secret: bytes, token: str) -> TokenClaim:
    """A token (or an unsubscribe URL carrying one) whose MAC is checked before anything
    else; :class:`InvalidToken` for every malformed or forged one alike.

    A v1 token's MAC covers the address, so it can only be checked once the subscriber is
    looked up (:func:`matches`).
    """
    token = token.strip()
    if "://" in token:
        values = parse_qs(urlsplit(token).query).get("token")
        token = values[0] if values else ""
    match = _TOKEN.match(token)
    if not match:
        raise InvalidToken()
    try:
        mac = _unb64(match.group(2))
        fields = _unb64(match.group(1)).decode("utf-8").split(":")
        if fields[0] == "2" and len(fields) == 4:
            claim = TokenClaim(_id(fields[1]), fields[2], mac, _unb64(fields[3]))
            expected = _mac(secret, claim.subscriber_id, claim.council_slug, claim.email_tag or b"")
            if not hmac.compare_digest(expected, mac):
                raise InvalidToken()
            return claim
        if len(fields) == 2:  # v1: "<id>:<council slug>"
            return TokenClaim(_id(fields[0]), fields[1], mac)
    except (ValueError, UnicodeDecodeError):
        pass
    raise InvalidToken()


def _id(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        raise ValueError(text)
    value = int(text)
    if not 1 <= value <= _MAX_ID:
        raise ValueError(text)
    return value


def matches(secret: bytes, claim: TokenClaim, email: str) -> bool:
    """Constant-time: was the token issued for this address?"""
    if claim.email_tag is not None:
        return hmac.compare_digest(_email_tag(secret, email), claim.email_tag)
    expected = _mac_v1(secret, claim.subscriber_id, claim.council_slug, email)
    return hmac.compare_digest(expected, claim.mac)
