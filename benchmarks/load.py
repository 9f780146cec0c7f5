"""Load benchmark: gunicorn (`warroom serve`) against Flask's development server (`--dev`).

Run: ``python benchmarks/load.py [--users 10,50,100] [--seconds 30] [--wait 1,2]
[--cache on|off]`` (build folder from ``WARROOM_BUILD_DIR``, as the app). Steps:

1. start ``warroom serve`` (gunicorn, settings as in production) and capture the requests
   of real dashboard actions in headless Chromium (benchmarks/capture.py): the first page,
   an indicator switch, a drill-down to a province, a GeoJSON file;
2. for each server and user count, run Locust headless for a bounded time
   (benchmarks/locustfile.py: each user opens the page, then switches indicators, drills
   down and fetches GeoJSON in a 4:3:1:1 mix with a think time between actions);
3. print one line per server and user count (milliseconds), and the throughput ratio:

   gunicorn users=100 rps=… p50=… p95=… p99=… errors=…

Each drill-down goes to one of the 77 provinces at random, so with the response cache on
(the default, as served) the cache fills as users open provinces, as it does in use; the
first page and the indicator switch repeat one view, so those are answered from it.
``--cache off`` (``WARROOM_RESPONSE_CACHE=0``) makes every callback compute its answer: the
cold figure. Both servers run on the same machine as Locust; the figures depend on what else
runs there (the load average is printed).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from capture import capture  # noqa: E402

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(dev: bool, port: int, log: Path) -> subprocess.Popen:
    """``warroom serve`` (or ``--dev``) on ``port``, once it answers."""
    cmd = [str(BIN / "warroom"), "serve", "--port", str(port)] + (["--dev"] if dev else [])
    proc = subprocess.Popen(
        cmd, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{' '.join(cmd)} exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_dash-layout", timeout=5):
                return proc
        except OSError:
            time.sleep(0.5)
    stop_server(proc)
    raise RuntimeError(f"{' '.join(cmd)} did not answer in 180 s")


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def province_codes(base_url: str) -> list[str]:
    """The 77 province codes, from the map's own GeoJSON (the drill-downs' destinations)."""
    with urllib.request.urlopen(f"{base_url}/geo/country/province.geojson", timeout=30) as r:
        return [f["id"] for f in json.load(r)["features"]]


def run_locust(host: str, users: int, seconds: int, env: dict, prefix: Path) -> dict:
    """One headless Locust run; the aggregated figures."""
    cmd = [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless"]
    cmd += ["-u", str(users), "-r", str(max(1, users // 2)), "-t", f"{seconds}s"]
    cmd += ["--host", host, "--csv", str(prefix), "--only-summary", "--reset-stats"]
    cmd += ["--stop-timeout", "10", "--loglevel", "WARNING"]
    subprocess.run(cmd, env=env, check=False, capture_output=True, timeout=seconds + 120)
    with Path(f"{prefix}_stats.csv").open(newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", default="10,50,100", help="user counts, comma-separated")
    parser.add_argument("--seconds", type=int, default=30, help="measured seconds per run")
    parser.add_argument("--wait", default="1,2", help="think time between actions, min,max s")
    parser.add_argument("--servers", default="gunicorn,dev", help="gunicorn, dev or both")
    parser.add_argument("--cache", choices=("on", "off"), default="on", help="response cache")
    args = parser.parse_args()
    counts = [int(u) for u in args.users.split(",")]
    work = Path(tempfile.mkdtemp(prefix="warroom-load-"))
    env = {**os.environ, "WARROOM_LOAD_ACTIONS": str(work / "actions.json")}
    env["WARROOM_LOAD_WAIT"] = args.wait
    os.environ["WARROOM_RESPONSE_CACHE"] = "1" if args.cache == "on" else "0"  # the servers
    print(f"# response cache {args.cache}; load average before: {os.getloadavg()}", flush=True)

    results: dict[str, dict[int, dict]] = {}
    for server in args.servers.split(","):
        port = free_port()
        proc = start_server(server == "dev", port, work / f"{server}.log")
        try:
            if not (work / "actions.json").exists():
                actions = capture(f"http://127.0.0.1:{port}")
                (work / "actions.json").write_text(json.dumps(actions))
                for name, reqs in actions.items():
                    print(f"# action {name}: {len(reqs)} requests", flush=True)
                env["WARROOM_LOAD_PROVINCES"] = ",".join(province_codes(f"http://127.0.0.1:{port}"))
            results[server] = {}
            for users in counts:
                r = run_locust(
                    f"http://127.0.0.1:{port}", users, args.seconds, env, work / f"{server}{users}"
                )
                results[server][users] = r
                print(
                    f"{server} users={users} rps={r['rps']:.1f} p50={r['p50']:.0f} "
                    f"p95={r['p95']:.0f} p99={r['p99']:.0f} errors={r['errors']}",
                    flush=True,
                )
        finally:
            stop_server(proc)
    if {"gunicorn", "dev"} <= results.keys():
        for users in counts:
            ratio = results["gunicorn"][users]["rps"] / max(results["dev"][users]["rps"], 1e-9)
            print(f"throughput gunicorn/dev users={users}: {ratio:.1f}x")
    print(f"# think time {args.wait} s, {args.seconds} s per run, {os.cpu_count()} cores")
    print(f"# load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
