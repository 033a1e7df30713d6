"""Export files as they come: decoded, split into records, each with the line it starts on.

Decoding: a UTF-16 byte-order mark means UTF-16 (Excel's "Unicode text"); otherwise UTF-8, with or
without its BOM, and failing that Windows-1252 (Excel's plain "CSV" on Windows). Bytes that are none
of these are refused with the offset of the first bad byte. The delimiter is the one of comma, tab
and semicolon the header line holds most of. Quoted fields may hold delimiters and line breaks;
CRLF and LF both end a record. Blank lines are skipped, and a report's footer (after a blank line,
lines of one cell: "Confidential Information - Do Not Distribute", "Copyright ...") is dropped.
"""

import csv
import io
from codecs import BOM_UTF16_BE, BOM_UTF16_LE
from dataclasses import dataclass
from pathlib import Path

from powermap.errors import InvalidValue

SUFFIXES = (".csv", ".tsv", ".txt", ".jsonl", ".json")


@dataclass(frozen=True)
class SourceFile:
    """One file of an export, as bytes, with the name messages use."""

    name: str
    data: bytes


def source_files(paths: list[Path]) -> list[SourceFile]:
    """The files named, a folder standing for the export files in it (sorted by name)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not inside:
                raise InvalidValue(f"{path} holds no export files (looked for {', '.join(SUFFIXES)})", field="path")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise InvalidValue(f"no such file or folder: {path}", field="path")
    return [SourceFile(name=str(path), data=path.read_bytes()) for path in found]


def decode(source: SourceFile) -> str:
    """The file's text (see the module docstring for the encodings tried)."""
    data = source.data
    if data.startswith((BOM_UTF16_LE, BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InvalidValue(f"{source.name}: not valid UTF-16 at byte {error.start}", field="encoding") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise InvalidValue(f"{source.name}: neither UTF-8 nor Windows-1252 text (byte 0x{data[error.start]:02x} "
                           f"at offset {error.start})", field="encoding") from error


@dataclass(frozen=True)
class Table:
    """A CSV file read: its headers and its records, each with the line it starts on."""

    headers: list[str]
    records: list[tuple[int, dict[str, str]]]


def read_table(text: str) -> Table:
    """The header row and the records of a CSV text."""
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    if not rows:
        return Table(headers=[], records=[])
    (_, header_cells), body = rows[0], rows[1:]
    headers = [cell.strip() for cell in header_cells]
    blank = [index for index, (_, cells) in enumerate(body) if not any(cell.strip() for cell in cells)]
    if blank and all(sum(1 for cell in cells if cell.strip()) <= 1 for _, cells in body[blank[-1]:]):
        body = body[:blank[-1]]
    records = [(line, {header: (cells[i].strip() if i < len(cells) else "") for i, header in enumerate(headers)})
               for line, cells in body if any(cell.strip() for cell in cells)]
    return Table(headers=headers, records=records)
