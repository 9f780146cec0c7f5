"""The commands analysts type: indicators and export table, on the real built store."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest


def test_indicators_csv_lists_the_catalogue(cli):
    result = cli("indicators", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert set(rows[0]) >= {
        "id",
        "name_th",
        "name_en",
        "sdg",
        "unit",
        "direction",
        "rollup",
        "source",
    }
    by_id = {r["id"]: r for r in rows}
    assert by_id["tpmap.target_poor"]["unit"] == "people"
    assert by_id["tpmap.target_poor_rate"]["sdg"] == "1.2.2"
    assert by_id["dopa.population"]["name_th"] == "ประชากรตามทะเบียนราษฎร"
    assert set(rows[0]) >= {"sdg_code", "proxy", "threshold_green", "threshold_red", "goal"}
    assert by_id["pm25.annual_mean"]["threshold_green"] == "5.0"
    assert by_id["gpp.manufacturing_share"]["proxy"] == "True"
    assert "NESDC" in by_id["gpp.manufacturing_share"]["source_name"]
    goals = {int(float(r["goal"])) for r in rows if r["goal"]}
    assert goals == set(range(1, 18))  # issue 22: energy, life below water, life on land
    assert by_id["electricity.kwh_per_person"]["sdg_code"] == "7.1"
    assert by_id["electricity.kwh_per_person"]["proxy"] == "True"
    assert by_id["forest.area_share"]["threshold_green"] == "40.0"
    assert "40 %" in by_id["forest.area_share"]["threshold_source"]
    assert by_id["mangrove.area_km2"]["sdg_code"] == "14.2"
    assert by_id["nesdc.poverty_rate_female"]["proxy"] == "False"
    assert "SDG goals with no indicator: none" in result.stderr


def test_export_country_csv_to_stdout(cli):
    result = cli("export", "table", "--indicator", "tpmap.target_poor", "--level", "country")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "code,name_th,name_en,period,value,unit,coverage,indicator_id,source_th,source_en",
        # coverage: 94.2 % of tambons have a figure (no Bangkok, municipal units); the
        # source in Thai and English, so the file says where its figure comes from
        "TH,ประเทศไทย,Thailand,2018,1032987,people,0.942,tpmap.target_poor,"
        '"สศช. และ เนคเทค, TPMAP ปี 2561 (คนจนเป้าหมาย และ จปฐ.), 2018",'
        '"NESDC and NECTEC, TPMAP 2561 (target poor and basic minimum needs), 2018"',
    ]


def test_export_province_csv_file_opens_in_excel(cli, tmp_path):
    out = tmp_path / "poor.csv"
    result = cli(
        "export",
        "table",
        "--indicator",
        "tpmap.target_poor_rate",
        "--level",
        "province",
        "--period",
        "2018",
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Thai names as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 77
    assert list(rows[0]) == [
        "code", "name_th", "name_en", "period", "value", "unit", "coverage",
        "indicator_id", "source_th", "source_en",
    ]  # fmt: skip
    bangkok = next(r for r in rows if r["code"] == "TH10")
    assert bangkok["value"] == bangkok["coverage"] == ""  # not surveyed: blank, not zero
    cm = next(r for r in rows if r["code"] == "TH50")
    assert cm["name_th"] == "เชียงใหม่" and 0 < float(cm["value"]) < 100


def test_export_tambon_xlsx(cli, tmp_path):
    out = tmp_path / "pop.xlsx"
    result = cli(
        "export",
        "table",
        "--indicator",
        "dopa.population",
        "--level",
        "tambon",
        "--period",
        "2021",
        "--format",
        "xlsx",
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("code", "name_th", "name_en", "period", "value", "unit", "coverage")
    assert len(rows) == 7425 + 1
    assert {r[6] for r in rows[1:] if r[4] is not None} == {1}  # a tambon is its own figure
    assert sum(r[4] or 0 for r in rows[1:]) > 65_000_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "no.such", "--level", "province"], "unknown indicator"),
        (
            ["--indicator", "dopa.population", "--level", "province", "--period", "1999"],
            "no data for 1999",
        ),
        (
            ["--indicator", "dopa.population", "--level", "province", "--format", "xlsx"],
            "needs --output",
        ),
    ],
)
def test_export_errors_are_plain(cli, args, message):
    result = cli("export", "table", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
