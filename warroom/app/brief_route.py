"""The brief's Flask route: ``/province/<code>/brief.pdf`` and ``/district/<code>/brief.pdf``
(the brief itself is drawn by ``warroom.export.brief``)."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, Response, request

from warroom.analysis import area as A  # noqa: N812
from warroom.errors import WarroomError
from warroom.export.brief import brief_html, render_pdf
from warroom.store.actions import actions_version
from warroom.text.i18n import t
from warroom.web.heavy import heavy_work

log = logging.getLogger(__name__)


def add_brief_routes(server: Flask, data: A.Source, geometry_dir: Path) -> None:
    """``/province/<code>/brief.pdf`` and ``/district/<code>/brief.pdf`` (``?lang=en``).

    Briefs are kept in memory per area, language, indicator and data version.
    """
    made: dict[tuple, bytes] = {}

    def send(code: str, level: str):
        lang = request.args.get("lang", "th")
        lang = lang if lang in ("th", "en") else "th"
        indicator = request.args.get("indicator")
        areas = data.areas
        if code not in areas.index or areas.at[code, "level"] != level:
            text = " / ".join(t("gov_unknown_area", lg, code=code) for lg in ("th", "en"))
            return Response(text, status=404, mimetype="text/plain")
        if indicator not in data.indicators.index:  # the one the area's page opens on
            indicator = A.opening_indicator(A.status_table(data, code))
        key = (code, lang, indicator, repr(data.version), actions_version(data.store))
        if key not in made:
            with heavy_work().slot("brief"):  # BusyError: a bilingual 503 or 429
                try:
                    page = brief_html(
                        data, code, lang=lang, geometry_dir=geometry_dir, indicator=indicator
                    )
                except WarroomError as exc:  # a broken geometry file: said, never a 500
                    log.warning("brief of %s: %s", code, exc)
                    text = " / ".join(t("brief_unavailable", lg) for lg in ("th", "en"))
                    return Response(text, status=503, mimetype="text/plain")
                pdf, _ = render_pdf(page)
            if len(made) > 64:
                made.clear()
            made[key] = pdf
        response = Response(made[key], mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="brief-{code}-{lang}.pdf"'
        return response

    server.add_url_rule(
        "/province/<code>/brief.pdf", "province_brief", lambda code: send(code, "province")
    )
    server.add_url_rule(
        "/district/<code>/brief.pdf", "district_brief", lambda code: send(code, "district")
    )
