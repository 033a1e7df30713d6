"""Capture over HTTP: the same service as `powermap capture`, for a file sent as the request body.

The body is the file itself (an .ics for `calendar`; an mbox or one .eml message for `mail`), so
no multipart parser is needed and a client can `curl --data-binary @file`. Editor role; each
interaction is judged by the customers of its stakeholders and audited (powermap/services/capture.py).
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

from powermap.api.deps import ActingDep, GraphDep, SettingsDep
from powermap.errors import InvalidValue
from powermap.models.capture import AliasCreate, AliasRead, CaptureReport, ExclusionCreate, ExclusionReport
from powermap.models.types import Timestamp
from powermap.services import capture

router = APIRouter(prefix="/capture", tags=["capture"])
KeepSubjects = Annotated[bool, Query(alias="keepSubjects", description="store meeting and thread subjects too")]


async def _body(request: Request) -> bytes:
    body = await request.body()
    if not body.strip():
        raise InvalidValue("send the file as the request body", field="body")
    return body


@router.post("/calendar", response_model=CaptureReport,
             summary="Capture the meetings of an iCalendar file (recurring ones expanded within the window)")
async def capture_calendar(request: Request, graph: GraphDep, principal: ActingDep, settings: SettingsDep,
                           keep_subjects: KeepSubjects = False,
                           start: Annotated[Timestamp | None, Query(description="window start (default: "
                                                                    "capture_window_days ago)")] = None,
                           end: Annotated[Timestamp | None, Query(description="window end (default: now)")] = None,
                           ) -> CaptureReport:
    body = await _body(request)
    return await run_in_threadpool(lambda: capture.capture_calendar(
        graph, principal=principal, sources=[("body", body)], keep_subjects=keep_subjects, start=start, end=end,
        window_days=settings.capture_window_days))


@router.post("/mail", response_model=CaptureReport,
             summary="Capture the threads of an mbox file or one .eml message (headers only)")
async def capture_mail(request: Request, graph: GraphDep, principal: ActingDep,
                       keep_subjects: KeepSubjects = False) -> CaptureReport:
    body = await _body(request)
    return await run_in_threadpool(lambda: capture.capture_mail(
        graph, principal=principal, sources=[("body", body)], keep_subjects=keep_subjects))


@router.post("/aliases", response_model=AliasRead, summary="Another e-mail address of an employee or stakeholder")
def add_alias(alias: AliasCreate, graph: GraphDep, principal: ActingDep) -> AliasRead:
    return capture.add_alias(graph, principal=principal, alias=alias)


@router.post("/exclusions", response_model=ExclusionReport,
             summary="Never capture an address or a person; remove them from past interactions")
def exclude(exclusion: ExclusionCreate, graph: GraphDep, principal: ActingDep) -> ExclusionReport:
    return capture.exclude(graph, principal=principal, exclusion=exclusion)
