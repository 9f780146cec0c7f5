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
