"""Reading calendars and mail for their metadata: who met or wrote to whom, and when. Never bodies.

- Calendars: iCalendar (RFC 5545) exports from Outlook, Google or Exchange, read with the
  `icalendar` package; recurring events are expanded with `recurring-ical-events` (each occurrence
  is one meeting, moved and cancelled occurrences as the file says) within the capture window. A
  meeting's time is its start (an all-day event starts at 00:00 UTC of its day; a floating time is
  read as UTC); its addresses are the organizer and every attendee, lower-cased. Kept: events with
  at least two distinct addresses (one address is a personal block, not a meeting), not cancelled.
  The source id of an occurrence is its UID and start, so re-capture finds it again.
- Mail: mbox files or single .eml messages, parsed with the standard library's header parser, so
  a body is never even decoded. Read: From, To, Cc, Date, Message-ID, In-Reply-To, References
  (and Subject, which the capture keeps only when asked). Messages form threads through
  Message-ID, In-Reply-To and References; a thread's source id is its root message id (the first
  of References, else the root of the In-Reply-To chain, else its own Message-ID).
"""

import email.header
import email.utils
import hashlib
import mailbox
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.message import Message
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from powermap.errors import InvalidValue


def normalise(address: str) -> str:
    """The form an address is matched in: trimmed, lower-cased, without a `mailto:` prefix."""
    text = address.strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:"):]
    return text.strip().lower()


def domain_of(address: str) -> str:
    return address.rpartition("@")[2]


@dataclass(frozen=True)
class CapturedMeeting:
    source_id: str
    at: datetime
    addresses: frozenset[str]
    names: dict[str, str] = field(default_factory=dict, compare=False)
    subject: str | None = None


@dataclass(frozen=True)
class CapturedMessage:
    message_id: str
    at: datetime
    sender: str | None
    recipients: frozenset[str]
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict, compare=False)
    subject: str | None = None


@dataclass(frozen=True)
class CapturedThread:
    source_id: str
    messages: tuple[CapturedMessage, ...]

    @property
    def at(self) -> datetime:
        return max(message.at for message in self.messages)

    @property
    def addresses(self) -> frozenset[str]:
        found: set[str] = set()
        for message in self.messages:
            found |= message.recipients | ({message.sender} if message.sender else set())
        return frozenset(found)

    @property
    def subject(self) -> str | None:
        return min(self.messages, key=lambda m: m.at).subject


def _as_utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time.min, tzinfo=UTC)


def _named(value: Any) -> tuple[str, str | None]:
    """An organizer/attendee property: its address and the CN parameter (the person's name)."""
    params = getattr(value, "params", {})
    return normalise(str(value)), params.get("CN")


def read_calendar(data: bytes, *, start: datetime, end: datetime, source: str = "calendar") -> list[CapturedMeeting]:
    """The meetings of one iCalendar file between `start` and `end` (occurrences of recurring ones)."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        raise InvalidValue(f"{source} is not an iCalendar file: {error}", field="file") from error
    meetings = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        if str(event.get("STATUS", "")).upper() == "CANCELLED" or "DTSTART" not in event:
            continue
        people = [_named(event["ORGANIZER"])] if "ORGANIZER" in event else []
        attendees = event.get("ATTENDEE", [])
        people += [_named(a) for a in (attendees if isinstance(attendees, list) else [attendees])]
        addresses = frozenset(address for address, _ in people if "@" in address)
        if len(addresses) < 2:
            continue
        at = _as_utc(event["DTSTART"].dt)
        uid = str(event.get("UID", "")) or hashlib.sha256(event.to_ical()).hexdigest()
        meetings.append(CapturedMeeting(source_id=f"{uid}@{at.isoformat()}", at=at, addresses=addresses,
                                        names={a: n for a, n in people if n and "@" in a},
                                        subject=str(event.get("SUMMARY")) if "SUMMARY" in event else None))
    return meetings


def _headers(raw: bytes) -> Message:
    return BytesHeaderParser().parsebytes(raw, headersonly=True)


def _addresses(message: Message, *names: str) -> list[tuple[str, str]]:
    values = [str(v) for name in names for v in message.get_all(name, [])]
    return [(normalise(address), _decoded(name)) for name, address in email.utils.getaddresses(values)
            if "@" in address]


def _decoded(name: str) -> str:
    """A display name with RFC 2047 encoded words (`=?utf-8?b?...?=`) decoded."""
    return str(email.header.make_header(email.header.decode_header(name))) if name else name


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split() if part.strip().startswith("<"))


def _message(raw: bytes, source: str) -> CapturedMessage | None:
    headers = _headers(raw)
    senders = _addresses(headers, "From")
    when = headers.get("Date")
    if not senders or not when:
        return None
    try:
        at = _as_utc(email.utils.parsedate_to_datetime(str(when)))
    except (TypeError, ValueError):
        raise InvalidValue(f"{source}: a message has an unreadable Date {when!r}", field="file") from None
    recipients = _addresses(headers, "To", "Cc")
    message_id = str(headers.get("Message-ID", "")).strip() or (
        "<" + hashlib.sha256(f"{senders[0][0]}|{at.isoformat()}".encode()).hexdigest() + "@powermap>")
    in_reply_to = _ids(headers.get("In-Reply-To"))
    names = {address: name for address, name in [*senders, *recipients] if name}
    return CapturedMessage(message_id=message_id, at=at, sender=senders[0][0],
                           recipients=frozenset(address for address, _ in recipients) - {senders[0][0]},
                           in_reply_to=in_reply_to[0] if in_reply_to else None,
                           references=_ids(headers.get("References")), names=names,
                           subject=str(headers["Subject"]) if headers.get("Subject") else None)


def read_mail(data: bytes, *, source: str = "mail") -> list[CapturedMessage]:
    """The messages of an mbox file or of one .eml message, headers only."""
    if data.startswith(b"From "):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "capture.mbox"
            path.write_bytes(data)
            box = mailbox.mbox(path, create=False)
            raws = [box.get_bytes(key) for key in box.iterkeys()]
            box.close()
    else:
        raws = [data]
    messages = [found for raw in raws if (found := _message(raw, source)) is not None]
    if not messages:
        raise InvalidValue(f"{source} holds no message with a sender and a date", field="file")
    return messages


def threads(messages: Iterable[CapturedMessage]) -> list[CapturedThread]:
    """Messages grouped into threads by Message-ID, In-Reply-To and References (duplicates once)."""
    by_id = {message.message_id: message for message in messages}

    def root(message: CapturedMessage, seen: frozenset[str] = frozenset()) -> str:
        if message.references:
            return message.references[0]
        parent = by_id.get(message.in_reply_to or "")
        if parent is not None and parent.message_id not in seen:
            return root(parent, seen | {message.message_id})
        return message.in_reply_to or message.message_id

    grouped: dict[str, list[CapturedMessage]] = {}
    for message in by_id.values():
        grouped.setdefault(root(message), []).append(message)
    return [CapturedThread(source_id=key, messages=tuple(sorted(found, key=lambda m: (m.at, m.message_id))))
            for key, found in sorted(grouped.items())]
