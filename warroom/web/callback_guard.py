"""Dash callback requests checked before Dash (or the response cache) reads them.

Dash answers a callback request it cannot use (not JSON, nested past Python's recursion
limit, an output no callback has, inputs of the wrong shape) with a 500 and a traceback that
quotes the request: a 60 MB output name wrote 120 MB to the server's log. And every visitor
could post a body of the upload size (70 MB) to any callback. So before Dash sees it:

- only a user who may load data may send a large body (a file inside the upload callback);
  anyone else is limited to ``SMALL_BODY`` and gets 413;
- the body must be a JSON object naming a callback this app has, with lists of inputs and
  states of the number that callback takes; anything else gets 400 and one log line with
  the first ``QUOTE`` characters of what was asked.
"""

from __future__ import annotations

import logging

import dash
from flask import Flask, Response, request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from warroom.web.auth import can, current_user

log = logging.getLogger(__name__)

SMALL_BODY = 2 * 1024 * 1024  # the largest callback body of someone who may not load data
QUOTE = 80  # characters of a refused output name written to the log
_NAME = "_dash-update-component"


def _refuse(status: int, why: str) -> Response:
    log.warning("callback request refused (%s): %s", status, why[: QUOTE * 2])
    return Response(
        f"คำขอไม่ถูกต้อง / bad callback request: {why[:QUOTE]}",
        status=status,
        mimetype="text/plain",
    )


def _entries_ok(entries: object, expected: int) -> bool:
    """A list of ``expected`` inputs (or states), each a {id, property} object or, for a
    pattern (ALL), a list of them."""
    if not isinstance(entries, list) or len(entries) != expected:
        return False
    for entry in entries:
        group = entry if isinstance(entry, list) else [entry]
        for item in group:
            if not (
                isinstance(item, dict)
                and isinstance(item.get("id"), str | dict)
                and isinstance(item.get("property"), str)
            ):
                return False
    return True


def problem_of(body: object, callbacks: dict) -> str | None:
    """What is wrong with a callback request ``body`` for an app with ``callbacks`` (its
    ``callback_map``), or None when Dash may handle it."""
    if not isinstance(body, dict):
        return "not a JSON object"
    output = body.get("output")
    if not isinstance(output, str):
        return "no output named"
    spec = callbacks.get(output)
    if spec is None:
        return f"no callback for output {output[:QUOTE]!r}"
    if not _entries_ok(body.get("inputs"), len(spec.get("inputs", []))):
        return f"inputs do not match the callback of {output[:QUOTE]!r}"
    if not _entries_ok(body.get("state", []), len(spec.get("state", []))):
        return f"states do not match the callback of {output[:QUOTE]!r}"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds is not a list of names"
    if not isinstance(body.get("outputs", []), dict | list):
        return "outputs is neither an object nor a list"
    return None


def add_callback_guard(server: Flask, app: dash.Dash) -> None:
    """Check every callback request to ``app`` before anything else reads its body."""
    path = app.config.routes_pathname_prefix + _NAME

    @server.before_request
    def _guard() -> Response | None:
        if request.method != "POST" or request.path != path:
            return None
        if not can(current_user(), "load"):
            request.max_content_length = min(request.max_content_length or SMALL_BODY, SMALL_BODY)
        try:
            body = request.get_json()
        except RequestEntityTooLarge:
            return _refuse(413, f"a body over {SMALL_BODY // (1024 * 1024)} MB")
        except UnsupportedMediaType:  # text/plain and the like: Flask's English 415 page
            return _refuse(415, "the body is not sent as JSON (Content-Type application/json)")
        except BadRequest:  # not JSON
            return _refuse(400, "the body is not JSON")
        except RecursionError:
            return _refuse(400, "JSON nested too deeply")
        problem = problem_of(body, app.callback_map)
        return _refuse(400, problem) if problem else None
