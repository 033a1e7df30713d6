"""Logging in one place: module loggers under `powermap.`, structured fields, one formatter.

Every module logs through `logging.getLogger(__name__)` and passes its facts as fields
(`log.info("request", extra={"status": 200, ...})`), never formatted into the message, so a log
shipper can index them. `configure(settings)` installs one handler on the `powermap` logger:

- `POWERMAP_LOG_FORMAT=text` (the default): `key=value` pairs (logfmt), readable in a terminal;
  `json`: one JSON object per line, for a log collector.
- `POWERMAP_LOG_LEVEL` (default `INFO`). Cypher timings are DEBUG; slow units of work are WARNING.

The stdlib is enough for this (structlog was not added): fields ride on the record as `extra`, the
request id comes from a context variable that every record picks up, and pytest's `caplog` sees the
records as they are. Records still propagate to the root logger, so a host that configures logging
itself (or a test) receives them too.

The request id is set by the API's access log (`powermap.api.access_log`) for the duration of a
request; the units of work a request runs (in worker threads, which copy the context) carry it, so a
slow query can be traced to its request.
"""

import json
import logging
import sys
from contextvars import ContextVar
from typing import Any

from powermap.settings import Settings

ROOT = "powermap"
request_id: ContextVar[str | None] = ContextVar("powermap_request_id", default=None)

# Attributes every LogRecord has; anything else on a record is a field passed through `extra`.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    """The structured fields of a record (what `extra` added), the request id included."""
    found = {name: value for name, value in vars(record).items() if name not in _STANDARD}
    if found.get("request_id") is None:
        found.pop("request_id", None)
    return found


class RequestIdFilter(logging.Filter):
    """Stamp each record with the request id of the context it was logged in (when there is one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get()
        return True


class KeyValueFormatter(logging.Formatter):
    """`time level logger msg key=value ...`; values with spaces or quotes are JSON-quoted."""

    def format(self, record: logging.LogRecord) -> str:
        pairs = {"at": self.formatTime(record), "level": record.levelname, "logger": record.name,
                 "msg": record.getMessage(), **fields_of(record)}
        text = " ".join(f"{key}={_logfmt(value)}" for key, value in pairs.items())
        return text + ("\n" + self.formatException(record.exc_info) if record.exc_info else "")


class JsonFormatter(logging.Formatter):
    """One JSON object per record; values JSON cannot hold are written as their text."""

    def format(self, record: logging.LogRecord) -> str:
        body = {"at": self.formatTime(record), "level": record.levelname, "logger": record.name,
                "msg": record.getMessage(), **fields_of(record)}
        if record.exc_info:
            body["exception"] = self.formatException(record.exc_info)
        return json.dumps(body, default=str)


def _logfmt(value: Any) -> str:
    text = "" if value is None else str(value)
    return json.dumps(text) if not text or any(c in text for c in ' "=\n') else text


FORMATTERS: dict[str, type[logging.Formatter]] = {"text": KeyValueFormatter, "json": JsonFormatter}


def configure(settings: Settings) -> None:
    """Install the product's handler on the `powermap` logger (idempotent: replaces its own)."""
    logger = logging.getLogger(ROOT)
    for handler in [h for h in logger.handlers if getattr(h, "powermap", False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.powermap = True  # type: ignore[attr-defined]
    handler.setFormatter(FORMATTERS[settings.log_format]())
    handler.addFilter(RequestIdFilter())
    logger.addHandler(handler)
    logger.setLevel(settings.log_level)
