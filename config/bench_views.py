"""The benchmark's reference point: a fixed small JSON body through the full middleware stack.

No authentication and no database query, so its throughput is what the stack itself costs;
`make bench` reports every endpoint's throughput as a ratio to it (docs/performance.md).
"""
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

BARE_BODY = {"status": "ok", "service": "catalyst"}


@require_safe
def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse(BARE_BODY)
