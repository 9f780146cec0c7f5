"""Locust users replaying captured dashboard actions (see benchmarks/load.py).

Reads the actions from the JSON file named by ``WARROOM_LOAD_ACTIONS``; think time between
actions from ``WARROOM_LOAD_WAIT`` ("min,max" seconds). The drill-down was captured on Chiang
Mai (TH50); each replay goes to a province drawn at random from ``WARROOM_LOAD_PROVINCES``
(comma-separated codes), so the servers see as many distinct views as a ministry's users
open, not one view repeated.
"""

from __future__ import annotations

import json
import os
import random

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

ACTIONS: dict[str, list[dict]] = json.loads(
    open(os.environ["WARROOM_LOAD_ACTIONS"], encoding="utf-8").read()  # noqa: PTH123, SIM115
)
WAIT = tuple(float(x) for x in os.environ.get("WARROOM_LOAD_WAIT", "1,2").split(","))
PROVINCES = [p for p in os.environ.get("WARROOM_LOAD_PROVINCES", "TH50").split(",") if p]
CAPTURED_ON = "TH50"  # benchmarks/capture.py clicks Chiang Mai
HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept": "*/*"}
JSON_HEADERS = {**HEADERS, "Content-Type": "application/json"}


class DashboardUser(FastHttpUser):
    """Opens the dashboard, then switches indicators, drills down, fetches GeoJSON."""

    wait_time = between(*WAIT)

    def on_start(self) -> None:
        self.replay("first_page")

    def replay(self, action: str, area: str = CAPTURED_ON) -> None:
        for req in ACTIONS[action]:
            path = req["path"].replace(CAPTURED_ON, area)
            name = f"{action} {req['method']} {req['path'].split('?')[0]}"
            if req["body"] is None:
                self.client.get(path, headers=HEADERS, name=name)
            else:
                body = json.dumps(req["body"], ensure_ascii=False).replace(CAPTURED_ON, area)
                self.client.post(path, data=body.encode(), headers=JSON_HEADERS, name=name)

    @task(1)
    def first_page(self) -> None:
        self.replay("first_page")

    @task(4)
    def indicator_switch(self) -> None:
        self.replay("indicator_switch")

    @task(3)
    def drill_down(self) -> None:
        self.replay("drill_down", random.choice(PROVINCES))

    @task(1)
    def geojson(self) -> None:
        self.replay("geojson")
