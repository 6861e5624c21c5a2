"""Request ids and the access log line."""
import logging
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from common.logging import REQUEST_ID_HEADER, request_context, request_id_sane, request_loggable_path

access_logger = logging.getLogger("catalyst.access")


class RequestIdMiddleware:
    """First in MIDDLEWARE. Gives the request an id (the client's or proxy's `X-Request-ID` when it is
    a plain token, else a new one), which every log line of the request carries and the response
    echoes, and writes one access line per request: method, path (no query string), status, duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_sane(request.headers.get(REQUEST_ID_HEADER)) or uuid.uuid4().hex
        started = time.perf_counter()
        with request_context(request, request_id):
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000)
            response[REQUEST_ID_HEADER] = request_id
            path = request_loggable_path(request)
            access_logger.info(
                "%s %s %s %sms", request.method, path, response.status_code, duration_ms,
                extra={"method": request.method, "path": path, "status": response.status_code, "duration_ms": duration_ms},
            )
        return response
