"""Helpers that several test files use: a private copy of the built store, a browser
without a browser (Flask's test client and the page callbacks), the upload scenario, the
governor's page rendered without a server, the text of a component tree, loaders' contexts
and source files on small tables, and a process that holds the write lock."""

from __future__ import annotations

import base64
import json
import sqlite3
import textwrap
from contextvars import copy_context
from pathlib import Path

from dash._callback_context import context_value
from dash._utils import AttributeDict

from warroom.app import governor
from warroom.app.upload import actions, callbacks
from warroom.app.upload.layout import OPTION_FIELDS
from warroom.config import Settings
from warroom.indicators.loaders.context import SourceContext
from warroom.intake.declare import IndicatorSpec
from warroom.web.auth import COOKIE_NAME

PASSWORDS = {"admin1": "admin-pass-1", "cm.officer": "officer-pass-1", "viewer1": "viewer-pass-1"}
ELDERLY = IndicatorSpec.model_validate(
    {
        "id": "moi.elderly",
        "name_th": "ผู้สูงอายุ",
        "name_en": "Older people",
        "unit": "people",
        "direction": "neutral",
        "rollup": "sum",
        "sdg": "3",
        "source": "กรมกิจการผู้สูงอายุ 2566",
    }
)
# A Chiang Mai table as Excel saves it in Thai Windows: a title line, a district column
# for context, a thousands separator, and three bad rows.
CHIANG_MAI_ROWS = [
    "รายงานจำนวนผู้สูงอายุ จังหวัดเชียงใหม่ ปี 2566",
    "",
    "อำเภอ,ตำบล,ปี,จำนวน",
    'เมืองเชียงใหม่,ศรีภูมิ,2566,"1,234"',
    "เมืองเชียงใหม่,พระสิงห์,2566,980",
    "เมืองเชียงใหม่,หายยา,2566,1100",
    "เมืองเชียงใหม่,ช้างม่อย,2566,abc",
    "เมืองเชียงใหม่,ช้างคลาน,2566,870",
    "เมืองเชียงใหม่,วัดเกต,2566,-5",
    "เมืองเชียงใหม่,ตำบลไม่มีจริง,2566,300",
]


MAP_STATE = {  # the map page's view of Chiang Mai, as the browser holds it
    "goal": "1",
    "indicator": "tpmap.target_poor",
    "area": "TH50",
    "period": 2018,
    "lang": "th",
    "scheme": "quantiles",
    "all_tambons": False,
}
PANELS = {  # the map page's panels for Chiang Mai, as the browser asks for them
    "output": (
        "..map-kpis.children...map-ranking.children...map-trend.figure...map-unplaced.children.."
    ),
    "outputs": [
        {"id": "map-kpis", "property": "children"},
        {"id": "map-ranking", "property": "children"},
        {"id": "map-trend", "property": "figure"},
        {"id": "map-unplaced", "property": "children"},
    ],
    "inputs": [
        {"id": "map-state", "property": "data", "value": MAP_STATE},
        {"id": "map-size", "property": "data", "value": [1117, 1002, 17.3]},
        {"id": "map-key", "property": "data", "value": "/geo/TH50/amphoe.geojson|TH50"},
    ],
    "changedPropIds": ["map-key.data"],  # asked for once the map's answer has arrived
}


def cp874(lines: list[str]) -> bytes:
    """A CSV as Thai Windows writes it: Windows-874, CRLF."""
    return ("\r\n".join(lines) + "\r\n").encode("cp874")


def copy_store(built_settings: Settings, folder: Path) -> Settings:
    """A private copy of a built store that tests may write to (SQLite backup API, so WAL
    content comes along), with the build's GeoJSON linked."""
    folder.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(Path(built_settings.build_dir) / "warroom.sqlite")
    dst = sqlite3.connect(folder / "warroom.sqlite")
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    (folder / "geojson").symlink_to(Path(built_settings.geojson_dir).resolve())
    return Settings(build_dir=folder, source_dir=built_settings.source_dir)


def store_with_indicator(
    built_settings: Settings, folder: Path, spec: IndicatorSpec, table: str, file_name: str
) -> Settings:
    """A private copy of the built store with ``spec`` declared and the CSV text ``table``
    loaded from a file called ``file_name`` (hostile names, units and sources)."""
    from warroom.intake.batches import load_table
    from warroom.intake.declare import declare
    from warroom.intake.users import LOCAL_ADMIN
    from warroom.store import Store

    settings = copy_store(built_settings, folder / "build")
    (folder / "build" / "geometry").symlink_to(Path(built_settings.geometry_dir).resolve())
    store = Store(settings.db_url)
    declare(store, [spec], LOCAL_ADMIN)
    path = folder / file_name
    path.write_text(table, encoding="utf-8")
    load_table(store, path, spec.id, LOCAL_ADMIN)
    return settings


class Browser:
    """One browser as the tests see it: a cookie jar (Flask's test client) that signs in
    at ``/signin``, and the page's callbacks called as Dash calls them, inside a request
    carrying that cookie, with Dash's callback context (what fired) set."""

    def __init__(self, app):
        self.app = app
        self.http = app.server.test_client()

    def sign_in(self, name: str, password: str, next_path: str = "/upload", lang: str = "th"):
        form = {"username": name, "password": password, "next": next_path, "lang": lang}
        return self.http.post("/signin", data=form)

    def sign_out(self):
        return self.http.post("/signout?next=/upload")

    def call(self, callback, *args, trigger=None, value=1, states_list=None, outputs_list=None):
        """Run ``callback(*args)``; ``trigger`` is (id, property) of what fired."""
        cookie = self.http.get_cookie(COOKIE_NAME)
        headers = {"Cookie": f"{COOKIE_NAME}={cookie.value}"} if cookie else {}
        fired = []
        if trigger:
            ident, prop = trigger
            if isinstance(ident, dict):
                ident = json.dumps(ident, sort_keys=True, separators=(",", ":"))
            fired = [{"prop_id": f"{ident}.{prop}", "value": value}]

        def run():
            context_value.set(
                AttributeDict(
                    triggered_inputs=fired,
                    states_list=states_list or [],
                    outputs_list=outputs_list or [],
                )
            )
            with self.app.server.test_request_context(
                "/_dash-update-component", method="POST", headers=headers
            ):
                return callback(*args)

        return copy_context().run(run)

    def who(self) -> dict:
        return self.call(callbacks.who, "")

    def upload(self, data: bytes, name: str):
        contents = "data:text/csv;base64," + base64.b64encode(data).decode()
        return self.call(
            actions.receive_file, contents, 0, name, None, "th", trigger=("up-upload", "contents")
        )

    def check(self, file: dict, indicator: str = "moi.elderly"):
        fields = ("area_column", "period_column", "value_column", "sheet")
        states = [[{"id": {"type": "up-option", "field": f}, "property": "value"} for f in fields]]
        return self.call(
            actions.check,
            1,
            file,
            indicator,
            [None] * len(fields),
            None,
            "th",
            trigger=("up-check", "n_clicks"),
            states_list=states,
        )

    def load(self, summary: dict, drop: bool = False):
        drop_value = ["drop"] if drop else []
        return self.call(
            actions.load, 1, summary, drop_value, 0, "th", trigger=("up-load", "n_clicks")
        )

    def roll_back(self, batch: int):
        ident = {"type": "up-rollback", "batch": batch}
        return self.call(
            actions.roll_back, [1], 0, "th", trigger=(ident, "submit_n_clicks"), value=1
        )


def text_of(component) -> str:
    """All the text inside a Dash component tree (or its JSON form)."""
    if component is None:
        return ""
    if hasattr(component, "to_plotly_json"):
        component = component.to_plotly_json()
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    props = component.get("props", {})
    own = " ".join(str(props[k]) for k in ("title",) if isinstance(props.get(k), str))
    return (own + " " + text_of(props.get("children"))).strip()


def texts(component) -> str:
    """Every string inside a Dash component tree, joined by single spaces (what a reader
    sees; titles and tooltips left out)."""
    if isinstance(component, str | int | float):
        return " ".join(str(component).split())
    if isinstance(component, list | tuple):
        return " ".join(t for c in component if (t := texts(c)))
    children = getattr(component, "children", None)
    return "" if children is None else texts(children)


def loader_context(folder, cat, areas, population=None) -> SourceContext:
    """A loader's context over a test folder, an areas table and (if given) a population
    table (code, year, total, households)."""
    read = None if population is None else (lambda _folder: population)
    return SourceContext(folder, cat, areas, read_population=read)


def values_by(obs, indicator: str):
    """One indicator's loaded values, indexed by (code, period)."""
    rows = obs[obs["indicator_id"] == indicator]
    return rows.set_index(["code", "period"])["value"]


def write_source(path: Path, text: str) -> None:
    """A source file as a publisher saves it (UTF-8 with a byte-order mark)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8-sig")


def render_area_page(app, code, level, **query):
    """The governor's page of one area (code, level) for the URL query ``query``."""
    with app.server.test_request_context("/"):
        return governor.page(code, level, query)


def by_id(root) -> dict:
    """Every component of a Dash tree by its id (pattern ids by their repr)."""
    found = {getattr(root, "id", None): root}
    for child in root._traverse():
        ident = getattr(child, "id", None)
        if ident is not None:
            found[ident if isinstance(ident, str) else repr(ident)] = child
    return found


# Run with `python -c HOLD_LOCK DB`: holds the store's write lock, says 'locked', waits.
HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO build_info (key, value) VALUES ('held', 'yes')")
    print("locked", flush=True)
    time.sleep(120)
    """
)


def check_with(browser: Browser, file: dict, indicator="moi.elderly", only=None, **options):
    """The page's check of ``file`` with these options (and an officer's tick ``only``)."""
    states = [
        [{"id": {"type": "up-option", "field": f}, "property": "value"} for f in OPTION_FIELDS]
    ]
    return browser.call(
        actions.check,
        1,
        file,
        indicator,
        [options.get(f) for f in OPTION_FIELDS],
        None,
        "th",
        only,
        trigger=("up-check", "n_clicks"),
        states_list=states,
    )


def signed_in(app, name: str) -> Browser:
    """A browser signed in as ``name``."""
    browser = Browser(app)
    browser.sign_in(name, PASSWORDS[name])
    return browser


# The action board's scenario (issue 24): officers of Chiang Mai and Bangkok, a viewer.
BOARD_PASSWORDS = {
    "cm.officer": "officer-pass-1",
    "bkk.officer": "officer-pass-2",
    "viewer1": "viewer-p-1",
}


def board_store(built_settings: Settings, folder: Path) -> tuple[Settings, int]:
    """A private copy of the built store (geometry linked) with the board's accounts and one
    agency; returns its settings and the agency's id. No action: each test plans its own."""
    from warroom.intake.actions import add_agency
    from warroom.intake.users import LOCAL_ADMIN, add_user
    from warroom.store import Store

    settings = copy_store(built_settings, folder)
    (folder / "geometry").symlink_to(Path(built_settings.geometry_dir).resolve())
    store = Store(settings.db_url)
    add_user(store, "cm.officer", BOARD_PASSWORDS["cm.officer"], "officer", "TH50")
    add_user(store, "bkk.officer", BOARD_PASSWORDS["bkk.officer"], "officer", "TH10")
    add_user(store, "viewer1", BOARD_PASSWORDS["viewer1"], "viewer")
    names = ("สำนักงานพัฒนาชุมชนจังหวัด", "Provincial Community Development")
    return settings, add_agency(store, *names, LOCAL_ADMIN)
