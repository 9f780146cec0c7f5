"""Two War Room instances (gunicorn) sharing one PostgreSQL store and one Redis, behind nginx.

What one instance does, the other knows: a load committed through the shared store is shown
by both within the refresh window, failed sign-ins are counted across both, and a session
signed out on one is dead on the other. nginx (Debian's, with docs/nginx-warroom.conf)
balances between them.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tests.instances import Instance, copy_store_to
from tests.intake.helpers import tambon_table, write
from tests.redis_server import free_port
from warroom.app.state import ViewState
from warroom.intake.batches import load_table
from warroom.intake.declare import IndicatorSpec, declare
from warroom.intake.users import LOCAL_ADMIN, User, add_user

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
MUEANG_CM = [f"TH5001{n:02d}" for n in range(1, 17)]
OFFICER, PASSWORD = "cm_officer", "chiangmai-2566"
REFRESH_S = 1.0


@pytest.fixture(scope="module")
def shared(postgres_server, built):
    """A PostgreSQL database holding a copy of the built store, an officer and an indicator."""
    server = make_url(postgres_server)
    name = f"instances_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    store = copy_store_to(Path(built[0].build_dir) / "warroom.sqlite", url)
    add_user(store, OFFICER, PASSWORD, "officer", "TH50")
    spec = IndicatorSpec(
        id="moi.clinics",
        name_th="จำนวนสถานพยาบาล",
        name_en="Clinics",
        unit="places",
        direction="higher_is_better",
        rollup="sum",
        sdg="3.8",
        source="สำนักงานสาธารณสุขจังหวัด 2566",
    )
    declare(store, [spec], LOCAL_ADMIN)
    yield store
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="module")
def instances(shared, redis_server, built, tmp_path_factory):
    """Instances A and B: same store, same Redis, same cookie key, their own build folders."""
    started = []
    try:
        for name in ("a", "b"):
            folder = tmp_path_factory.mktemp(f"instance-{name}")
            (folder / "geojson").symlink_to(Path(built[0].geojson_dir).resolve())
            env = {
                "WARROOM_DATABASE_URL": shared.url,
                "WARROOM_CACHE_URL": redis_server,
                "WARROOM_BUILD_DIR": str(folder),
                "WARROOM_SECRET_KEY": "one-key-for-every-instance-" + "x" * 32,
                "WARROOM_REFRESH_SECONDS": str(REFRESH_S),
                "WARROOM_PROXIES": "1",
            }
            started.append(Instance(env, folder / "serve.log", workers=2, threads=4))
        yield [i.wait_ready() for i in started]
    finally:
        for instance in started:
            instance.stop()


class Browser:
    """A client with its own cookies and address (X-Forwarded-For, as nginx sends it)."""

    def __init__(self, address: str = "192.0.2.10"):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.address = address

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(url, data=data, headers={**(headers or {})})
        req.add_header("X-Forwarded-For", self.address)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace"), response
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8", "replace"), err

    def sign_in(self, base: str, name: str, password: str, next_path: str = "/"):
        form = urllib.parse.urlencode({"username": name, "password": password, "next": next_path})
        return self.request(
            base + "/signin",
            form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": base},
        )

    def signed_in_as(self, base: str) -> str | None:
        _, page, _ = self.request(base + "/signin")
        found = re.search(r'class="wr-signin-who"[^>]*>([^<]*)', page)
        return found.group(1) if found else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def map_credit(base: str, indicator: str, area: str, period: int) -> str:
    """What the map's credit line says for a view, asked over HTTP as the page asks."""
    with urllib.request.urlopen(base + "/_dash-dependencies", timeout=60) as r:
        deps = json.loads(r.read())
    dep = next(
        d
        for d in deps
        if "map-credit.children" in d["output"] and "map-graph.figure" in d["output"]
    )
    state = ViewState(indicator=indicator, area=area, period=period, lang="en").to_dict()
    values = {"map-state.data": state}

    def item(spec):
        key = f"{spec['id']}.{spec['property']}"
        return {"id": spec["id"], "property": spec["property"], "value": values.get(key)}

    names = dep["output"].strip(".").split("...")
    body = {
        "output": dep["output"],
        "outputs": [dict(zip(("id", "property"), n.rsplit(".", 1), strict=True)) for n in names],
        "inputs": [item(s) for s in dep["inputs"]],
        "state": [item(s) for s in dep["state"]],
        "changedPropIds": ["map-state.data"],
    }
    req = urllib.request.Request(
        base + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        response = json.loads(r.read())["response"]
    return json.dumps(response["map-credit"]["children"], ensure_ascii=False)


def test_a_load_is_shown_by_both_instances_within_the_refresh_window(instances, shared, tmp_path):
    a, b = instances
    path = write(tmp_path / "clinics.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    assert "batch" not in map_credit(b.url, "moi.clinics", "TH5001", 2023)
    batch = load_table(shared, path, "moi.clinics", User(OFFICER, "officer", "TH50")).batch_id
    committed = time.monotonic()
    seen = {}
    while len(seen) < 2 and time.monotonic() - committed < 90:
        for instance in (a, b):
            if instance.url not in seen and f"(batch {batch})" in map_credit(
                instance.url, "moi.clinics", "TH5001", 2023
            ):
                seen[instance.url] = time.monotonic() - committed
        time.sleep(0.2)
    assert set(seen) == {a.url, b.url}, seen
    # asked every REFRESH_S in each worker, then all 600,000 values read again in the
    # background (tens of seconds on a busy 2-core machine), while requests go on answering
    assert max(seen.values()) < 90, seen


def test_failed_sign_ins_are_counted_across_instances(instances):
    a, b = instances
    guesser = Browser("198.51.100.7")
    for base in (a.url, b.url, a.url, b.url, a.url):  # five wrong passwords, both instances
        status, _, _ = guesser.sign_in(base, OFFICER, "wrong-password")
        assert status == 401
    for base in (a.url, b.url):  # now the account is throttled everywhere, right password too
        status, text, response = guesser.sign_in(base, OFFICER, PASSWORD)
        assert status == 429 and "Too many failed sign-ins" in text
        assert int(response.headers["Retry-After"]) > 0
    # another user name from another address is not held back
    assert Browser("203.0.113.9").sign_in(b.url, "admin-nobody", "x" * 10)[0] == 401


def test_a_session_signed_out_on_one_instance_is_dead_on_both(instances, shared):
    a, b = instances
    add_user(shared, "lp_officer", "lamphun-2566", "officer", "TH51")
    browser = Browser("192.0.2.44")
    status, _, response = browser.sign_in(a.url, "lp_officer", "lamphun-2566", "/upload")
    assert status in (302, 303) and response.headers["Location"].endswith("/upload")
    assert browser.signed_in_as(b.url)  # the same cookie works on B
    stolen = list(browser.jar)  # a copy of the cookie, taken before signing out
    browser.request(b.url + "/signout", b"", {"Origin": b.url})
    thief = Browser("192.0.2.45")
    for cookie in stolen:
        thief.jar.set_cookie(cookie)
    assert thief.signed_in_as(a.url) is None and thief.signed_in_as(b.url) is None


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def test_nginx_balances_between_the_instances(instances, tmp_path):
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: run scripts/install-servers.sh")
    a, b = instances
    port = free_port()
    conf = (ROOT / "docs" / "nginx-warroom.conf").read_text()
    conf = conf.replace("127.0.0.1:8051", f"127.0.0.1:{a.port}")
    conf = conf.replace("127.0.0.1:8052", f"127.0.0.1:{b.port}")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};")
    conf = conf.replace("/var/cache/nginx/warroom", str(tmp_path / "cache"))
    (tmp_path / "nginx.conf").write_text(
        f"daemon off; master_process off; pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path}/body;\n"
        f" proxy_temp_path {tmp_path}/proxy;\n{conf}\n}}\n"
    )
    proc = subprocess.Popen([NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)])
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/fonts/Sarabun-Regular.ttf", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
                time.sleep(0.2)
        browser = Browser("192.0.2.77")
        status, page, response = browser.request(base + "/")
        assert status == 200 and "_dash-config" in page
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        geo = base + "/geo/country/province.geojson"
        first = browser.request(geo, headers={"Accept-Encoding": "br"})[2]
        again = browser.request(geo, headers={"Accept-Encoding": "br"})[2]
        assert first.headers["X-Cache"] in ("MISS", "EXPIRED") and again.headers["X-Cache"] == "HIT"
        # a sign-in through nginx is checked by an instance, with the address nginx saw: a
        # client's own X-Forwarded-For (here 192.0.2.77, spoofed) is not believed
        assert browser.sign_in(base, "via.nginx", "wrong-again")[0] == 401
        failed = [
            json.loads(line)
            for line in _audit_addresses(a, b).splitlines()
            if '"via.nginx"' in line
        ]
        assert [r["address"] for r in failed] == ["127.0.0.1"]
        # 120 clients that send half a request and wait (slowloris) stall bare gunicorn (16
        # threads); behind nginx the page still answers, and nginx drops them after 10 s
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(120)]
        try:
            for s in slow:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            status, page, _ = browser.request(base + "/")
            assert status == 200 and "_dash-config" in page
        finally:
            for s in slow:
                s.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _audit_addresses(*instances: Instance) -> str:
    logs = [i.log.parent / "audit.log" for i in instances]
    return "".join(p.read_text() for p in logs if p.exists())
