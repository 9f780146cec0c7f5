"""The new sources' loaders on small tables in the sources' own layouts: zero vs missing,
duplicates, spellings, subtotal rows, and the screening of missing and repeated periods."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.helpers import loader_context, values_by, write_source
from warroom.areas.crosswalk import read_crosswalk
from warroom.config import CATALOGUE_DIR
from warroom.errors import DataError
from warroom.indicators.catalogue import read_catalogue
from warroom.indicators.checks import screen
from warroom.indicators.loaders import dopa_xlsx, election, gpp, physicians, tax
from warroom.indicators.loaders.context import SourceContext

AREAS = pd.DataFrame(
    [
        ("TH", "country", None, "ประเทศไทย", "Thailand"),
        ("TH10", "province", "TH", "กรุงเทพมหานคร", "Bangkok"),
        ("TH37", "province", "TH", "อำนาจเจริญ", "Amnat Charoen"),
        ("TH38", "province", "TH", "บึงกาฬ", "Bueng Kan"),
        ("TH43", "province", "TH", "หนองคาย", "Nong Khai"),
        ("TH94", "province", "TH", "ปัตตานี", "Pattani"),
    ],
    columns=["code", "level", "parent", "name_th", "name_en"],
)


@pytest.fixture(scope="module")
def cat():
    return read_catalogue(CATALOGUE_DIR)


def context(folder, cat, population: pd.DataFrame | None = None) -> SourceContext:
    """The loaders' context over a test folder, AREAS and (if given) a population table."""
    return loader_context(folder, cat, AREAS, population)


by, write = values_by, write_source


GPP_HEADER = "level,province_nesdc_en,type,sector,2009,2010,2011\n"


def gpp_rows(name: str, gpp_values, manuf, pop, volume) -> str:
    def row(kind, sector, vals):
        return f"Provincial,{name},{kind},{sector},{','.join(str(v) for v in vals)}\n"

    return (
        row("Current Market Prices", "Manufacturing", manuf)
        + row("Current Market Prices", '"Gross provincial product (GPP)"', gpp_values)
        + row("Current Market Prices", '"Population (1,000 persons)"', pop)
        + row("Chain Volume Measures", '"Gross provincial product (CVMs)"', volume)
    )


def test_gpp_zeros_before_bueng_kan_existed_are_missing_and_duplicates_dropped(tmp_path, cat):
    text = (
        GPP_HEADER
        + gpp_rows("BUENG KAN", [0, 0, 200], [0, 0, 20], [0, 0, 400], [0, 0, 190])
        + gpp_rows("AMNAT CHAREON", [100, 110, 121], [10, 0, 12], [300, 300, 300], [90, 99, 99])
        + gpp_rows("NONG KHAI", [300, 330, 200], [30, 30, 20], [900, 900, 500], [280, 290, 180])
    )
    text += text.splitlines(keepends=True)[1]  # an exact duplicate row, as NESDC prints them
    write(tmp_path / gpp.SOURCE / gpp.FILE, text)
    obs = gpp.load(context(tmp_path, cat))
    share = by(obs, "gpp.manufacturing_share")
    assert np.isnan(share[("TH38", 2009)]) and np.isnan(share[("TH38", 2010)])
    assert share[("TH38", 2011)] == pytest.approx(10.0)
    assert share[("TH37", 2010)] == 0.0  # a genuine zero in a province with a product
    per_capita = by(obs, "gpp.per_capita")
    assert per_capita[("TH37", 2009)] == pytest.approx(100e6 / 300e3)
    growth = by(obs, "gpp.real_growth")
    assert growth[("TH37", 2010)] == pytest.approx(10.0)
    assert np.isnan(growth[("TH38", 2011)])  # no 2010 volume
    assert np.isnan(growth[("TH43", 2011)])  # Bueng Kan split off: not comparable
    assert len(obs) == len(obs.drop_duplicates(["code", "indicator_id", "period"]))
    kept = screen(obs).observations
    assert not ((kept["code"] == "TH38") & (kept["period"] < 2011)).any()


def test_gpp_rows_with_the_same_key_and_different_figures_are_refused(tmp_path, cat):
    text = GPP_HEADER + gpp_rows("NONG KHAI", [1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1])
    text += "Provincial,NONG KHAI,Current Market Prices,Manufacturing,9,9,9\n"
    write(tmp_path / gpp.SOURCE / gpp.FILE, text)
    with pytest.raises(DataError, match="row 6, column sector"):
        gpp.load(context(tmp_path, cat))


def test_physicians_zero_doctors_is_no_figure(tmp_path, cat):
    write(
        tmp_path / physicians.SOURCE / physicians.FILE,
        ",year,prov,spc,total,pop,den\n"
        "0,2015,ปัตตานี,Physician,0.0,694023,0.0\n"
        "1,2015,ปัตตานี,Surgery,0.0,694023,0.0\n"
        "2,2016,ปัตตานี,Physician,170.0,700961,24.25\n"
        "3,2016,ปัตตานี,Surgery,12.0,700961,1.71\n",
    )
    obs = physicians.load(context(tmp_path, cat))
    density = by(obs, "physicians.density")
    assert np.isnan(density[("TH94", 2015)])
    assert density[("TH94", 2016)] == pytest.approx(170 / 700961 * 1e5)
    assert len(obs) == 2  # the specialties are not added to the all-doctor total


def test_women_share_leaves_out_party_lists_and_unknown_gender(tmp_path, cat):
    write(
        tmp_path / election.SOURCE / election.FILE,
        "number,name,mptype,province,zone,gender\n"
        "1,ก,บัญชีรายชื่อ,,,female\n"
        "2,ข,เขต,อำนาจเจริญ,1,female\n"
        "3,ค,เขต,อำนาจเจริญ,1,male\n"
        "4,ง,เขต,อำนาจเจริญ,2,male\n"
        "5,จ,เขต,อำนาจเจริญ,2,\n",
    )
    obs = election.load(context(tmp_path, cat))
    row = obs.set_index("code").loc["TH37"]
    assert row["value"] == pytest.approx(100 / 3)
    assert (row["numerator"], row["denominator"]) == (1, 3)
    assert election.unknown_gender(tmp_path) == 1


def test_tax_sums_forms_per_province_and_reads_the_bangkok_short_form(tmp_path, cat):
    write(
        tmp_path / tax.SOURCE / tax.FILE,
        "YEA_GOV,PROV,TAX_TYPE,FORM_CODE,AMT_RCV\n"
        "2566,กรุงเทพฯ,1,ภงด1,1000.5\n"
        "2566,กรุงเทพฯ,5,ภพ30,999.5\n"
        "2566,อำนาจเจริญ,1,ภงด1,0\n"
        "2566,อำนาจเจริญ,5,ภพ30,300\n",
    )
    population = pd.DataFrame({"code": ["TH10", "TH37"], "year": 2022, "total": [10, 3]})
    obs = tax.load(context(tmp_path, cat, population))
    total = by(obs, "tax.revenue")
    assert total[("TH10", 2023)] == 2000 and total[("TH37", 2023)] == 300
    assert by(obs, "tax.revenue_per_capita")[("TH37", 2023)] == pytest.approx(100)
    bad = (tmp_path / tax.SOURCE / tax.FILE).read_text(encoding="utf-8-sig") + "2565,ตาก,1,x,5\n"
    write(tmp_path / tax.SOURCE / tax.FILE, bad)
    with pytest.raises(DataError, match="row 6, column YEA_GOV: fiscal year is not 2566"):
        tax.load(context(tmp_path, cat, population))


def dopa_export(path, rows):
    header = [
        "ปีเดือน",
        "รหัสจังหวัด",
        "ชื่อจังหวัด",
        "รหัสสำนักทะเบียน",
        "ชื่อสำนักทะเบียน",
        "รหัสตำบล",
        "ชื่อตำบล",
        "รหัสหมู่บ้าน",
        "ชื่อหมู่บ้าน",
        "จำนวนประชากรชาย",
        "จำนวนประชากรหญิง",
        "จำนวนประชากรทั้งหมด",
        "จำนวนบ้าน (หลังคาเรือน)",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows, columns=header).to_excel(path, index=False)


def test_dopa_export_sums_offices_and_skips_subtotals(tmp_path):
    def row(ym, prov, office, tambon, m, f, houses):
        return [ym, prov, "x", office, "x", tambon, "ต", "0", "-", m, f, m + f, houses]

    dopa_export(
        tmp_path / dopa_xlsx.SOURCE / "pop_2024.xlsx",
        [
            row("\ufeff6712", "0", "0", "0", 6, 9, 5),  # the kingdom
            row("6712", "10", "0", "0", 6, 9, 5),  # the province
            row("6712", "10", "1050", "0", 5, 5, 3),  # an office subtotal
            row("6712", "10", "1050", "10500200", 5, 5, 3),
            row("6712", "10", "1098", "10500200", 1, 4, 2),  # a second office, same tambon
        ],
    )
    rows = dopa_xlsx.read(tmp_path)
    assert rows[["code", "year", "male", "female", "total", "households"]].values.tolist() == [
        ["TH105002", 2024, 6, 9, 15, 5]
    ]
    totals = dopa_xlsx.kingdom_totals(tmp_path).iloc[0].to_dict()
    assert totals == {"year": 2024, "kingdom_row": 15, "province_rows": 15, "tambon_rows": 15}


def test_dopa_export_refuses_a_non_december_file_and_bad_counts(tmp_path):
    row = ["6706", "10", "x", "1050", "x", "10500200", "ต", "0", "-", 1, 1, 3, 1]
    dopa_export(tmp_path / dopa_xlsx.SOURCE / "pop_2024.xlsx", [row])
    with pytest.raises(DataError) as err:
        dopa_xlsx.read(tmp_path)
    text = str(err.value)
    assert "one December year-month" in text
    assert "row 2, column จำนวนประชากรทั้งหมด: male + female differs" in text


def test_crosswalk_puts_every_new_khwaeng_on_a_polygon(tmp_path):
    changes = tmp_path / "changes" / "bangkok_khwaeng_changes_2009-2017.csv"
    write(
        changes,
        "event,effective,geocode,name_th,name_en,khet_geocode,khet_name_th,split_from,"
        "merged_into,gazette\n"
        "create,2017-07-26,100910,พระโขนงใต้,x,1009,x,100905,,g\n"
        "abolished,2017-07-26,104701,บางนา,x,1047,x,,104702 104703,g\n"
        "create,2017-07-26,104702,บางนาเหนือ,x,1047,x,104701,,g\n"
        "create,2017-07-26,104703,บางนาใต้,x,1047,x,104701,,g\n"
        "create,2009-08-03,102704,นวมินทร์,x,1027,x,102701,,g\n",
    )
    known = {"TH100905", "TH104701", "TH102701", "TH102704"}
    crosswalk = read_crosswalk(tmp_path, known)
    assert crosswalk.to_polygon == {
        "TH100910": "TH100905",
        "TH104702": "TH104701",
        "TH104703": "TH104701",
    }
    codes = pd.Series(["TH104702", "TH102704", "TH500101"])
    assert crosswalk.apply(codes).tolist() == ["TH104701", "TH102704", "TH500101"]
    with pytest.raises(DataError, match="no polygon covers this khwaeng"):
        read_crosswalk(tmp_path, known - {"TH100905"})


def test_screen_leaves_out_missing_all_zero_and_repeated_periods():
    def rows(period, values, indicator="panel.household_income"):
        return pd.DataFrame(
            {
                "code": ["TH10", "TH37", "TH43"],
                "indicator_id": indicator,
                "period": period,
                "value": values,
                "source": "province_panel",
            }
        )

    raw = pd.concat(
        [
            rows(2013, [1.0, 2.0, 3.0]),
            rows(2014, [0.0, 0.0, 0.0]),  # survey did not run
            rows(2015, [1.0, 2.5, np.nan]),  # one province has no figure
            rows(2016, [1.0, 2.5, np.nan]),  # a copy of 2015
            rows(2016, [0.0, 1.0, 0.0], "panel.unemployment_rate"),  # genuine zeros
        ],
        ignore_index=True,
    )
    result = screen(raw)
    kept = result.observations.groupby(["indicator_id", "period"]).size().to_dict()
    assert kept == {
        ("panel.household_income", 2013): 3,
        ("panel.household_income", 2015): 2,
        ("panel.unemployment_rate", 2016): 3,
    }
    assert result.repeated == [
        {
            "source": "province_panel",
            "indicator_id": "panel.household_income",
            "period": 2016,
            "repeats": 2015,
            "areas": 2,
        }
    ]
    reasons = {m["reason"]: m["periods"] for m in result.missing}
    assert reasons["every area is 0: the source has no figure that year"] == [2014]
    assert reasons["no figure in the source"] == [2015, 2016]
