"""A bare Django view rendering a minimal template through the full middleware stack: the
yardstick the page benchmark divides by. Mounted at /bench/bare/ only when BENCH_BARE_VIEW=1."""

from django.http import HttpResponse
from django.template import engines

_TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="{{ lang }}"><head><title>bare</title></head>'
    "<body><p>bare view</p></body></html>"
)


def bare(request):
    return HttpResponse(_TEMPLATE.render({"lang": request.LANGUAGE_CODE}, request))
