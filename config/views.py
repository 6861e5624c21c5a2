"""Project-wide error pages: the API answers in JSON, pages in HTML."""
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

#: Seconds a client should wait before trying again while the database does not answer.
RETRY_AFTER_SECONDS = 5


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400 from Django itself (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a bad host):
    in JSON on the API, like every other API error."""
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
            detail = f"The request body is too large: the API accepts at most {limit} KB."
            return JsonResponse({"detail": detail, "code": "request_too_large"}, status=400)
        return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def _database_unavailable(request: HttpRequest) -> HttpResponse:
    message = "The database is not answering right now; nothing was lost. Try again in a few seconds."
    if _is_api(request):
        response = JsonResponse({"detail": message, "code": "database_unavailable"}, status=503)
    else:
        response = HttpResponse(
            f"<!doctype html><title>Catalyst: try again shortly</title><h1>Try again shortly</h1><p>{message}</p>",
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """500, except while the database is unreachable or restarting: that is a 503 with Retry-After, from
    wherever it was raised (a view, the session or the sign-in middleware)."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return _database_unavailable(request)
    if _is_api(request):
        return JsonResponse({"detail": "Something went wrong on our side; it has been logged."}, status=500)
    return defaults.server_error(request)
