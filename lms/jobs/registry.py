"""What each kind of job does, registered by the app that owns the work.

``lms.jobs`` sits low in the layers and may not import teams, certificates or reports; they
call :func:`job_kind_register` from their ``AppConfig.ready()`` instead, as Wagtail's hooks do.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class JobOutput:
    """What a handler hands back: a file (``content`` bytes, or a file object opened for
    reading, with its ``file_name`` and ``content_type``), page data (``data``, JSON-able), or
    both. ``message`` is shown on the finished job's page."""

    content: object = None
    file_name: str = ""
    content_type: str = "application/octet-stream"
    data: dict | None = None
    message: str = ""


class JobFailed(Exception):
    """Raised by a handler for a failure the user can act on: its text (Vietnamese) is shown on
    the job's page as it is. Any other exception shows the generic message."""


@dataclass(frozen=True)
class JobKind:
    name: str
    # handler(job, progress) -> JobOutput; runs in the worker.
    handler: Callable
    # result_url(job) -> str | None: where a finished job's page data is shown (an import
    # preview). None: the page offers the file.
    result_url: Callable | None = None
    extra: dict = field(default_factory=dict)


_KINDS: dict[str, JobKind] = {}


def job_kind_register(name: str, handler: Callable, *, result_url: Callable | None = None):
    """Register (or replace, for ``ready()`` run twice) the handler of a job kind."""
    _KINDS[name] = JobKind(name=name, handler=handler, result_url=result_url)
    return _KINDS[name]


def job_kind(name: str) -> JobKind | None:
    return _KINDS.get(name)
