"""Callbacks whose answer is the same for everyone, declared where they are defined.

A page defines such a callback with :func:`shared_callback` instead of ``dash.callback``:
its answer depends only on its inputs and the data, never on who asks, so the response
cache (``warroom.web.response_cache``) may keep it and serve it to anyone. The cache reads
the ids from here, so renaming a component renames its cache entry too; a callback with
any personal output (the header's sign-in link, the upload page) stays ``dash.callback``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash
from dash import Output

_SHARED: set[str] = set()


def _component(output: Output) -> str:
    """The id the cache sees: the id itself, or a pattern id's ``type``."""
    ident = output.component_id
    return str(ident["type"]) if isinstance(ident, dict) else str(ident)


def shared_callback(*dependencies: Any, **kwargs: Any) -> Callable:
    """``dash.callback`` for an answer that is the same for everyone (see the module)."""
    _SHARED.update(_component(d) for d in dependencies if isinstance(d, Output))
    return dash.callback(*dependencies, **kwargs)


def shared_outputs() -> frozenset[str]:
    """Every output id of the shared callbacks the imported pages defined."""
    return frozenset(_SHARED)
