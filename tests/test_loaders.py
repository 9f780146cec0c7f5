import pandas as pd
import pytest

from warroom.errors import DataError
from warroom.indicators.loaders.common import dopa_codes, numbers, read_csv


def test_numbers_report_every_bad_cell_with_row_and_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('code,a,b\n10,1,x\n11,"1,234",2\n12,?,-\n', encoding="utf-8")
    df = read_csv(path, ["code", "a", "b"])
    with pytest.raises(DataError) as err:
        numbers(df, ["a", "b"])
    problems = {(p.row, p.column, p.value) for p in err.value.problems}
    assert problems == {(2, "b", "x"), (4, "a", "?"), (4, "b", "-")}
    parsed = numbers(df, ["a"], missing=("?",))
    assert parsed["a"].tolist()[:2] == [1.0, 1234.0]
    assert pd.isna(parsed["a"].iloc[2])


def test_missing_columns_and_bad_codes_are_named(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("geocode,total\n10,5\n1x,6\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        read_csv(path, ["geocode", "year"])
    df = read_csv(path, ["geocode"])
    with pytest.raises(DataError, match=r"t.csv, row 3, column geocode"):
        dopa_codes(df, "geocode")
