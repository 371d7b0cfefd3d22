"""Rate limits (Flask-Limiter): in memory by default, shared through Redis when configured.

Limits are set per view (staff login) and there are no default limits, so the limiter's
request hooks run only for the blueprints that have limited views: every other request
(survey pages above all) skips its per-request bookkeeping, which cost about 15 % of a
survey page view.
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)

#: Blueprints with rate-limited views. A limited view elsewhere is still checked (by its
#: decorator), but without the limiter's response headers.
LIMITED_BLUEPRINTS = ("auth",)


def init_app(app: Flask) -> None:
    registries = (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs)
    before = [len(registry.get(None, [])) for registry in registries]
    limiter.init_app(app)
    for registry, count in zip(registries, before, strict=True):
        added = registry.get(None, [])[count:]
        del registry[None][count:]
        for name in LIMITED_BLUEPRINTS:
            registry.setdefault(name, []).extend(added)
