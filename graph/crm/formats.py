"""The one table of import formats, shared by `powermap import` and `POST /api/v1/import`.

`auto` (the default) tells the two apart by content: a file whose first character is `{` is JSON
lines, anything else a CRM export recognised by its headers (mapping.toml). JSON lines and CRM
files are not mixed in one import: a CRM export resolves its references as a whole, JSON lines are
written as they stand.
"""

from collections.abc import Callable
from enum import StrEnum

from powermap.errors import InvalidValue
from powermap.graph.crm.files import SourceFile, decode
from powermap.graph.crm.mapping import Mapping
from powermap.graph.crm.read import ExportRead, Problem, read_export
from powermap.graph.driver import Graph
from powermap.graph.transfer import RowError, jsonl_rows


class ImportFormat(StrEnum):
    """What `powermap import --format` and `POST /api/v1/import?format=` read."""

    AUTO = "auto"
    JSONL = "jsonl"
    CRM = "crm"


def read_jsonl(graph: Graph, files: list[SourceFile], *, mapping: Mapping) -> ExportRead:
    """JSON-lines files as they stand, numbered across the files, each row knowing its file and line."""
    read = ExportRead(mapping_file=mapping.path)
    for source in files:
        read.formats[source.name] = ImportFormat.JSONL.value
        for line, row in jsonl_rows(decode(source).splitlines()):
            if isinstance(row, RowError):
                read.problems.append(Problem(source.name, line, row.field, row.problem))
            else:
                read.add((source.name, line), row)
    return read


Reader = Callable[..., ExportRead]
READERS: dict[ImportFormat, Reader] = {
    ImportFormat.JSONL: read_jsonl,
    ImportFormat.CRM: read_export,
}


def format_of(source: SourceFile) -> ImportFormat:
    """JSON lines when the text starts with `{`, else a CRM export."""
    return ImportFormat.JSONL if decode(source).lstrip().startswith("{") else ImportFormat.CRM


def read_sources(graph: Graph, files: list[SourceFile], *, mapping: Mapping,
                 format_: ImportFormat = ImportFormat.AUTO) -> ExportRead:
    """Read the files in the format given (or the one their content shows) into rows to write."""
    if not files:
        raise InvalidValue("nothing to import", field="file")
    if format_ is ImportFormat.AUTO:
        found = {format_of(source) for source in files}
        if len(found) > 1:
            raise InvalidValue("JSON lines and CRM exports are imported separately", field="file")
        format_ = found.pop()
    return READERS[format_](graph, files, mapping=mapping)
