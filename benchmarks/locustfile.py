"""Locust users replaying captured dashboard actions (see benchmarks/load.py).

Reads the actions from the JSON file named by ``WARROOM_LOAD_ACTIONS``; think time between
actions from ``WARROOM_LOAD_WAIT`` ("min,max" seconds).
"""

from __future__ import annotations

import json
import os

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

ACTIONS: dict[str, list[dict]] = json.loads(
    open(os.environ["WARROOM_LOAD_ACTIONS"], encoding="utf-8").read()  # noqa: PTH123, SIM115
)
WAIT = tuple(float(x) for x in os.environ.get("WARROOM_LOAD_WAIT", "1,2").split(","))
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept": "*/*"}


class DashboardUser(FastHttpUser):
    """Opens the dashboard, then switches indicators, drills down, fetches GeoJSON."""

    wait_time = between(*WAIT)

    def on_start(self) -> None:
        self.replay("first_page")

    def replay(self, action: str) -> None:
        for req in ACTIONS[action]:
            name = f"{action} {req['method']} {req['path'].split('?')[0]}"
            if req["body"] is None:
                self.client.get(req["path"], headers=HEADERS, name=name)
            else:
                self.client.post(req["path"], json=req["body"], headers=HEADERS, name=name)

    @task(1)
    def first_page(self) -> None:
        self.replay("first_page")

    @task(4)
    def indicator_switch(self) -> None:
        self.replay("indicator_switch")

    @task(3)
    def drill_down(self) -> None:
        self.replay("drill_down")

    @task(1)
    def geojson(self) -> None:
        self.replay("geojson")
