"""The governor's analysis on the real built store: status, peers, where to act, hotspots."""

from __future__ import annotations

import pytest

from warroom.analysis.area import (
    check_area,
    hotspot_service,
    hotspot_table,
    peer_values,
    peers_of,
    status_table,
    where_to_act,
)
from warroom.analysis.status import Basis, Light

pytestmark = pytest.mark.slow  # seconds a test: the whole real store (app, CLI, server)

RATE, COUNT = "tpmap.target_poor_rate", "tpmap.target_poor"


@pytest.fixture(scope="module")
def data(store):
    from warroom.app.data import AppData

    return AppData(store).warm()


def test_status_of_chiang_mai(data):
    table = status_table(data, "TH50").set_index("indicator")
    goal_ids = data.indicators.index[data.indicators["goal"].notna()]
    assert set(table.index) == set(goal_ids)
    rate = table.loc[RATE]
    # TPMAP 2561: Chiang Mai 5.62 % against 2.82 % for the country, 76 provinces surveyed
    assert rate["value"] == pytest.approx(5.6246, abs=1e-3)
    assert rate["country_value"] == pytest.approx(2.8187, abs=1e-3)
    # No target with a red line: no light, but worse than the country (issue 20)
    assert (rate["status"], rate["basis"], rate["versus"]) == (Light.GREY, Basis.COUNTRY, "worse")
    assert rate["of"] == 76 and rate["trend"] == "none"  # one period
    count = table.loc[COUNT]
    assert count["status"] == Light.GREY  # a count is not judged against the country's total
    pop = table.loc["pm25.annual_mean"]
    assert pop["period"] == 2021 and pop["trend"] in {"improving", "worsening", "stagnating"}


def test_status_of_a_district_ranks_among_its_province(data):
    table = status_table(data, "TH5018").set_index("indicator")
    assert table.loc[RATE, "rank"] == table.loc[RATE, "of"] == 25  # Omkoi: the worst of 25
    with pytest.raises(ValueError):
        check_area(data, "TH99")


def test_peers_of_chiang_mai(data):
    peers = peers_of(data, "TH50")
    assert peers.group == "north" and "TH50" in peers.group_members
    assert len(peers.alike) == 5 and "TH50" not in peers.alike
    assert all(len(c) == 4 for c in peers.alike)
    rows = peer_values(data, "TH50", RATE, peers).set_index("role")
    assert rows.loc["country", "value"] == pytest.approx(2.8187, abs=1e-3)
    # the region is rolled up from its people, not averaged over provinces
    assert 2.8 < rows.loc["group", "value"] < 5.6


def test_where_to_act_ranks_districts_by_need(data):
    ranked = where_to_act(data, "TH50", RATE)
    assert len(ranked) == 25 and ranked["code"].str.startswith("TH50").all()
    assert ranked.iloc[0]["code"] == "TH5018"  # Omkoi: 28.6 % target poor
    values = ranked["value"].dropna()
    assert values.is_monotonic_decreasing
    assert (ranked["count_indicator"] == COUNT).all()
    # the count is the people behind the rate, and adds up within the province
    assert ranked["count"].sum() <= data.value(COUNT, 2018, "TH50")
    assert ranked.iloc[0]["count"] == data.value(COUNT, 2018, "TH5018")


def test_hotspots_over_the_country(data, built):
    settings, _ = built
    service = hotspot_service(settings)
    table = hotspot_table(data, service, RATE, "tambon")
    assert len(table) > 6900  # every tambon with a value (Bangkok is not surveyed)
    assert set(table["cluster"]) <= {"HH", "LL", "HL", "LH", "ns"}
    assert (table.loc[table["cluster"] != "ns", "p_value"] < 0.05).all()
    # Omkoi (Chiang Mai), the poorest district, is a high-high cluster of target poverty
    omkoi = table[table["code"].str.startswith("TH5018")]
    assert (omkoi["cluster"] == "HH").mean() > 0.5
    # the tambons of a province's where-to-act list come hotspots first
    ranked = where_to_act(data, "TH50", RATE, level="tambon", hotspots=table)
    first = ranked["hotspot"].to_numpy()
    assert first[0] and not any(first[first.argmin() :])
    # the second call is served from the cache folder, by a fresh service too
    again = hotspot_table(data, hotspot_service(settings), RATE, "tambon")
    assert again.equals(table)


def test_status_and_hotspots_commands(cli):
    import csv
    import io

    result = cli("status", "--area", "TH50", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert list(next(iter(rows.values())))[:9] == [
        "indicator", "sdg", "value", "period", "status", "trend", "rank", "of", "country_value",
    ]  # fmt: skip
    assert rows[RATE]["status"] == "grey" and rows[RATE]["rank"] == "72"
    assert (rows[RATE]["basis"], rows[RATE]["versus"]) == ("country", "worse")
    result = cli("status", "--area", "TH99")
    assert result.exit_code == 1 and "not a province or district" in result.output
    result = cli(
        "hotspots",
        "--indicator",
        RATE,
        "--level",
        "tambon",
        "--province",
        "TH58",
        "--format",
        "csv",
    )
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == [
        "code",
        "name_th",
        "name_en",
        "value",
        "local_i",
        "p_value",
        "cluster",
    ]
    assert all(r["code"].startswith("TH58") for r in table)
    result = cli("hotspots", "--indicator", RATE, "--period", "1999")
    assert result.exit_code == 1 and "no values for 1999" in result.output
