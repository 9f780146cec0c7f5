import shutil

import pytest

from warroom.config import CATALOGUE_DIR
from warroom.errors import DataError
from warroom.indicators.catalogue import read_catalogue


def test_catalogue_has_the_required_indicators():
    cat = read_catalogue(CATALOGUE_DIR)
    assert cat["tpmap.target_poor"].unit == "people"
    assert cat["tpmap.target_poor_rate"].rollup == "ratio"
    assert cat["dopa.population"].rollup == "sum"
    assert cat["pm25.annual_mean"].modelled
    bmn = [i for i in cat if i.id.startswith("tpmap.bmn")]
    assert len(bmn) == 31
    dims = [i for i in cat if i.id.startswith("tpmap.dim.")]
    assert len(dims) == 10  # five dimensions, as counts and as rates
    assert {i.goal for i in cat if i.goal} >= {1, 3, 4, 6, 8, 11}


def test_bad_catalogue_rows_are_reported_with_row_and_column(tmp_path):
    shutil.copy(CATALOGUE_DIR / "sources.csv", tmp_path / "sources.csv")
    text = (CATALOGUE_DIR / "catalogue.csv").read_text(encoding="utf-8").splitlines()
    text.append(text[1])  # a duplicate id
    text.append(text[2].replace("tpmap.target_poor_rate", "Bad Id").replace(",ratio,", ",avg,"))
    (tmp_path / "catalogue.csv").write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_catalogue(tmp_path)
    message = str(err.value)
    assert f"row {len(text)}, column id" in message
    assert "column rollup" in message
    bad = tmp_path / "catalogue.csv"
    bad.write_text("\n".join(text[:-1]), encoding="utf-8")
    with pytest.raises(DataError, match="duplicate id"):
        read_catalogue(tmp_path)


def test_catalogue_carries_sdg_codes_proxies_and_stated_thresholds():
    cat = read_catalogue(CATALOGUE_DIR)
    pm25 = cat["pm25.annual_mean"]
    assert (pm25.threshold_green, pm25.threshold_red, pm25.threshold_basis) == (5, 15, "standard")
    assert "WHO" in pm25.threshold_source and "15" in pm25.threshold_source_th
    # A 0 % target without a red line gives no light (issue 20): compared with Thailand.
    poor = cat["tpmap.target_poor_rate"]
    assert (poor.threshold_green, poor.threshold_basis) == (None, "national")
    assert "no red line" in poor.threshold_source and "SDG target 1.2" in poor.threshold_source
    assert cat["tpmap.bmn09"].sdg_code == "6.1.1" and cat["tpmap.bmn09"].threshold_green is None
    lit = [i.id for i in cat if i.threshold_green is not None]
    assert {"pm25.annual_mean", "election.women_candidates_share"} <= set(lit)
    assert not [i for i in lit if i.startswith("tpmap.")]
    women = cat["election.women_candidates_share"]
    assert women.proxy and women.sdg_code == "5.5.1" and "proxy" in women.note_en.lower()
    assert (
        "noisy" in cat["physicians.density"].note_en or "jumps" in cat["physicians.density"].note_en
    )
    assert "Bangkok" in cat["tax.revenue_per_capita"].note_en
    context = [i.id for i in cat if i.sdg_code is None and i.direction != "neutral"]
    assert context == ["tpmap.bmn26", "tpmap.bmn31"]  # religion, family: no SDG
    assert cat.goals_covered() == list(range(1, 18))
    assert cat.goals_without_indicator() == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"threshold_green": "20", "threshold_red": "10"}, "wrong side"),
        ({"threshold_basis": "", "threshold_source": ""}, "names its source"),
        ({"threshold_basis": "national"}, "come from a target or a standard"),
        ({"sdg_code": "", "proxy": "true"}, "proxy names the SDG code"),
    ],
)
def test_inconsistent_thresholds_are_refused(tmp_path, change, message):
    import csv

    shutil.copy(CATALOGUE_DIR / "sources.csv", tmp_path / "sources.csv")
    with (CATALOGUE_DIR / "catalogue.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    pm25 = next(r for r in rows if r["id"] == "pm25.annual_mean")
    pm25.update(change)
    with (tmp_path / "catalogue.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataError, match=message):
        read_catalogue(tmp_path)


def test_a_row_with_more_cells_than_the_header_is_refused(tmp_path):
    shutil.copy(CATALOGUE_DIR / "sources.csv", tmp_path / "sources.csv")
    text = (CATALOGUE_DIR / "catalogue.csv").read_text(encoding="utf-8").splitlines()
    text[3] += ",,,,,an unquoted, comma"  # past the optional last columns (value_min …)
    (tmp_path / "catalogue.csv").write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(DataError, match="row 4: more cells than the header"):
        read_catalogue(tmp_path)
