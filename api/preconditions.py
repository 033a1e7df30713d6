"""`ETag` on answers that carry one record, `If-Match` on writes that change one (`powermap.models.versions`).

Without `If-Match` a write goes through as it always did; with it, a `PUT`, `PATCH` or `DELETE` of a
record whose stored version is not one it names answers 412 and changes nothing.
"""

from typing import Annotated

from fastapi import Depends, Header, Response

from powermap.models.versions import Precondition

IF_MATCH_HELP = ('The ETag of the version you read: the write is refused with 412 if the record changed since. '
                 '"*" means only "it must exist". Leave it out to write whatever is stored.')


def if_match(header: Annotated[str | None, Header(alias="If-Match", description=IF_MATCH_HELP)] = None
             ) -> Precondition | None:
    """The request's `If-Match`, read; None when it has none."""
    return None if header is None else Precondition.parse(header)


IfMatchDep = Annotated[Precondition | None, Depends(if_match)]

ETAG_HEADER = {"ETag": {"description": "The version of the record in this answer (quoted), for If-Match",
                        "schema": {"type": "string"}}}


def tag(response: Response, version: str) -> None:
    """Give the answer the record's version as its `ETag` (a strong validator, quoted)."""
    response.headers["ETag"] = f'"{version}"'
