"""The intake commands as an operator types them, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.intake.helpers import current, tambon_table, write

MUEANG_CM = [f"TH5001{n:02d}" for n in range(1, 17)]


def test_declare_ingest_list_and_roll_back(cli, intake_store, tmp_path):
    declared = cli(
        "indicators", "add", "--id", "moi.elderly", "--name-th", "จำนวนผู้สูงอายุ",
        "--name-en", "Older people", "--unit", "people", "--unit-th", "คน",
        "--direction", "neutral", "--rollup", "sum", "--sdg", "3",
        "--source", "กรมกิจการผู้สูงอายุ 2566", "--user", "admin", "--password-stdin",
        password="admin-password\n",
    )  # fmt: skip
    assert declared.exit_code == 0, declared.output
    again = cli(
        "indicators", "add", "--id", "moi.elderly", "--name-th", "ซ้ำ", "--name-en", "Again",
        "--unit", "people", "--direction", "neutral", "--rollup", "sum", "--source", "x",
        "--user", "admin", "--password-stdin", password="admin-password\n",
    )  # fmt: skip
    assert again.exit_code == 1 and "this id is already used" in again.output
    listed = cli("indicators", "--format", "csv")
    assert "moi.elderly,จำนวนผู้สูงอายุ,Older people,3,people" in listed.stdout

    path = write(tmp_path / "elderly.csv", tambon_table(MUEANG_CM, range(2023, 2024)), "cp874")
    login = ("--user", "cm_officer", "--password-stdin")
    dry = cli("ingest", str(path), "--indicator", "moi.elderly", "--dry-run", *login,
              password="chiangmai-2566\n")  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert "values to load: 16 at tambon level" in dry.output and "nothing was loaded" in dry.output
    assert current(intake_store, "moi.elderly").empty
    loaded = cli("ingest", str(path), "--indicator", "moi.elderly", *login,
                 password="chiangmai-2566\n")  # fmt: skip
    assert loaded.exit_code == 0, loaded.output
    assert "loaded batch 1: 16 values" in loaded.output
    batches = cli("batches", "list", "--format", "csv")
    assert "1,moi.elderly,cm_officer," in batches.stdout and ",loaded," in batches.stdout
    rolled = cli("batches", "rollback", "1", *login, password="chiangmai-2566\n")
    assert rolled.exit_code == 0 and "16 values removed" in rolled.output
    assert current(intake_store, "moi.elderly").empty


def test_wrong_password_and_missing_sign_in(cli, tmp_path):
    path = write(tmp_path / "a.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    wrong = cli("ingest", str(path), "--indicator", "moi.clinics", "--user", "admin",
                "--password-stdin", password="guess\n")  # fmt: skip
    assert wrong.exit_code == 1 and "wrong user name or password" in wrong.output
    anonymous = cli("ingest", str(path), "--indicator", "moi.clinics")
    assert anonymous.exit_code == 1 and "sign in with --user" in anonymous.output


def test_many_indicators_from_a_metadata_file_all_or_none(cli, tmp_path):
    header = "id,name_th,name_en,unit,direction,rollup,sdg,source\n"
    good = "moi.wells,บ่อน้ำ,Wells,places,higher_is_better,sum,6.1,กรมทรัพยากรน้ำ 2566\n"
    bad = "moi.Bad Id,ผิด,Bad,places,sideways,sum,6,x\n"
    path = write(tmp_path / "meta.csv", header + good + bad)
    result = cli("indicators", "add", "--file", str(path), "--user", "admin",
                 "--password-stdin", password="admin-password\n")  # fmt: skip
    assert result.exit_code == 1
    assert "meta.csv, row 3, column id" in result.output
    assert "meta.csv, row 3, column direction" in result.output
    assert "moi.wells" not in cli("indicators", "--format", "csv").stdout  # none was added
    path = write(tmp_path / "meta.csv", header + good)
    result = cli("indicators", "add", "--file", str(path), "--user", "admin",
                 "--password-stdin", password="admin-password\n")  # fmt: skip
    assert result.exit_code == 0 and "declared moi.wells" in result.output


def test_users_add_list_remove(cli):
    admin = ("--user", "admin", "--password-stdin")
    added = cli("users", "add", "lp_officer", "--role", "officer", "--province", "TH51",
                *admin, password="admin-password\nlamphun-2566\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    short = cli("users", "add", "x1", "--role", "viewer", *admin,
                password="admin-password\nshort\n")  # fmt: skip
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    no_province = cli("users", "add", "x2", "--role", "officer", *admin,
                      password="admin-password\nlong-enough\n")  # fmt: skip
    assert no_province.exit_code == 1 and "needs --province" in no_province.output
    listed = cli("users", "list")
    assert "lp_officer" in listed.output and "TH51" in listed.output
    assert "lamphun-2566" not in listed.output and "scrypt" not in listed.output
    assert cli("users", "remove", "lp_officer", *admin, password="admin-password\n").exit_code == 0
    assert "lp_officer" not in cli("users", "list").output


def test_once_accounts_exist_only_an_admin_adds_or_removes_them(cli):
    """Issue 10 item 7: `warroom users add` needed no admin once accounts existed."""
    anonymous = cli("users", "add", "intruder", "--role", "admin", "--password-stdin",
                    password="intruder-pass\n")  # fmt: skip
    assert anonymous.exit_code == 1 and "sign in with --user" in anonymous.output
    officer = cli("users", "add", "intruder", "--role", "admin", "--user", "cm_officer",
                  "--password-stdin", password="chiangmai-2566\nintruder-pass\n")  # fmt: skip
    assert officer.exit_code == 1 and "only an admin manages accounts" in officer.output
    assert cli("users", "remove", "admin", "--user", "viewer", "--password-stdin",
               password="viewer-password\n").exit_code == 1  # fmt: skip
    assert "intruder" not in cli("users", "list").output
    assert "admin" in cli("users", "list").output


MILLION = textwrap.dedent(
    r"""
    import json, re, sys
    from warroom.intake.batches import load_table
    from warroom.intake.users import LOCAL_ADMIN
    from warroom.store import Store
    result = load_table(Store(sys.argv[1]), sys.argv[2], "moi.clinics", LOCAL_ADMIN)
    peak = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read())[1]) / 1024
    print(json.dumps({"rows": result.rows, "derived": result.derived, "peak_mb": peak}))
    """
)


# One backend is enough for the size test: PostgreSQL runs the same code in the other tests.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.slow
def test_a_million_rows_load_in_bounded_memory(intake_store, real_areas, tmp_path):
    tambons = real_areas.loc[real_areas["level"] == "tambon", "code"].tolist()
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as f:  # 7,425 tambons x 135 years = 1,002,375 rows
        f.write("รหัสตำบล,ปี พ.ศ.,จำนวน\n")
        for year in range(1892, 2027):
            f.writelines(f'{code},{year + 543},"{i % 3000:,}"\n' for i, code in enumerate(tambons))
    out = subprocess.run(
        [sys.executable, "-c", MILLION, intake_store.url, str(path)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    result = __import__("json").loads(out.stdout.strip().splitlines()[-1])
    assert result["rows"] == 1_002_375
    # districts, provinces and the country for each of 135 years
    assert result["derived"] == (928 + 77 + 1) * 135
    # Read in chunks of 100,000 rows. VmHWM, not ru_maxrss: that one starts from the
    # parent's peak (it survives exec), which is pytest's own.
    assert result["peak_mb"] < 600, result
    print(f"\n1,002,375 rows: peak memory {result['peak_mb']:.0f} MB")
