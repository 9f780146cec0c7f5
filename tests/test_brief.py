"""The one-page PDF brief: one A4 page, Thai text extractable, from the CLI and the web route."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)


@pytest.fixture(scope="module")
def data(store):
    from warroom.app.data import AppData

    return AppData(store).warm()


def _text(pdf: bytes) -> tuple[int, str, tuple[float, float]]:
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    return len(reader.pages), reader.pages[0].extract_text(), (float(box.width), float(box.height))


def _type_and_fill(pdf: bytes) -> tuple[float, float]:
    """The smallest type on the first page in pt, and the share of the page's height under
    its lowest line of text (the bottom margin included)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    sizes, lows = [], []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes.append(size * scale)
            lows.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])  # the baseline, from the foot

    page.extract_text(visitor_text=visit)
    return min(sizes), min(lows) / float(page.mediabox.height)


@pytest.mark.parametrize(("code", "lang"), [("TH50", "en"), ("TH50", "th"), ("TH5001", "th")])
def test_the_brief_uses_its_page(data, built, code, lang):
    """The brief's tables were about 7 pt with 15-20 % of the page empty, and Chiang Mai's
    English brief ran to two pages (issue 25): one page, no type under 8 pt, and its text
    reaching within 10 % of the page's foot (the 7 mm margin is 2.4 %)."""
    from warroom.export.brief import brief_html, render_pdf

    settings, _ = built
    pdf, pages = render_pdf(brief_html(data, code, lang=lang, geometry_dir=settings.geometry_dir))
    smallest, empty = _type_and_fill(pdf)
    assert pages == _text(pdf)[0] == 1
    assert smallest >= 7.99, smallest
    assert empty <= 0.10, empty


def test_brief_of_a_province_is_one_a4_page_in_thai(data, built):
    from warroom.export.brief import brief_html, render_pdf

    settings, _ = built
    pdf, pages = render_pdf(brief_html(data, "TH50", lang="th", geometry_dir=settings.geometry_dir))
    n, text, (width, height) = _text(pdf)
    assert n == pages == 1
    assert width == pytest.approx(595, abs=2) and height == pytest.approx(842, abs=2)  # A4
    flat = text.replace(" ", "").replace("\n", "")
    for words in ("จังหวัดเชียงใหม่", "สถานะ17เป้าหมาย", "อมก๋อย", "2561", "ขจัดความยากจน"):
        assert words in flat, words


def test_brief_command_for_a_district_in_english(built, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from warroom.cli import app
    from warroom.config import get_settings

    settings, _ = built
    monkeypatch.setenv("WARROOM_BUILD_DIR", str(settings.build_dir))
    get_settings.cache_clear()
    out = tmp_path / "brief.pdf"
    try:
        runner = CliRunner()
        result = runner.invoke(
            app, ["brief", "TH50", "--district", "TH5018", "--lang", "en", "--output", str(out)]
        )
        assert result.exit_code == 0, result.output
        n, text, _ = _text(out.read_bytes())
        assert n == 1 and "Omkoi" in text and "Five places to act first" in text
        bad = runner.invoke(app, ["brief", "--area", "TH99", "--output", str(out)])
        assert bad.exit_code == 1 and "not a province or district" in bad.output
        bad = runner.invoke(app, ["brief", "TH50", "--district", "TH9001", "--output", str(out)])
        assert bad.exit_code == 1 and "not a district of TH50" in bad.output
    finally:
        get_settings.cache_clear()


def test_brief_route(data, built):
    from flask import Flask

    from warroom.app.brief_route import add_brief_routes
    from warroom.web.heavy import init_heavy

    settings, _ = built
    server = Flask(__name__)
    init_heavy(server, settings)  # a brief takes a slot of the heavy-work pool, as in the app
    add_brief_routes(server, data, settings.geometry_dir)
    client = server.test_client()
    response = client.get("/province/TH58/brief.pdf?lang=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert _text(response.data)[0] == 1
    missing = client.get("/province/TH5001/brief.pdf")  # a district is not a province
    assert missing.status_code == 404 and "TH5001" in missing.get_data(as_text=True)


def test_bangkok_brief_opens_on_its_own_figures(data, built):
    """TPMAP has no Bangkok: its brief mapped the target-poor rate (all 'no data', year –)
    and called it 'Bangkok Province'."""
    from warroom.analysis import area as A  # noqa: N812
    from warroom.export.brief import brief_html, render_pdf

    settings, _ = built
    opening = A.opening_indicator(A.status_table(data, "TH10"))
    assert opening != A.DEFAULT_INDICATOR and A.latest(data, opening, "TH10")[1] is not None
    pdf, pages = render_pdf(brief_html(data, "TH10", lang="en", geometry_dir=settings.geometry_dir))
    _, text, _ = _text(pdf)
    flat = " ".join(text.split())
    assert pages == 1 and "Area brief · Bangkok (กรุงเทพมหานคร)" in flat, flat[:200]
    assert "Bangkok Province" not in flat and "Target poor rate" not in flat.split("Map:")[1][:80]
    assert "(–)" not in flat.split("Map:")[1][:120]  # the map's year is there
    thai, _ = render_pdf(brief_html(data, "TH10", lang="th", geometry_dir=settings.geometry_dir))
    assert "จังหวัดกรุงเทพ" not in _text(thai)[1].replace(" ", "")
