"""The governor's action board in the store, on SQLite and PostgreSQL: agencies kept by
admins, actions planned only where the user may load, baselines from the store, dated notes,
the audit log, the follow-up when a new period is loaded (change, late, relapsed), and an
existing store given the action tables without losing a row."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import func, inspect, select

from tests.intake.helpers import write
from warroom.analysis.followup import by_province, followed_up, shares, with_status
from warroom.audit import configure_audit
from warroom.errors import DataError, WarroomError
from warroom.intake import batches
from warroom.intake.actions import (
    ActionSpec,
    add_actions,
    add_agency,
    add_note,
    plan_action,
    retire_agency,
    set_status,
)
from warroom.intake.users import AccessError, User, add_user
from warroom.store import Store, metadata
from warroom.store.actions import read_actions, read_agencies, read_notes

ADMIN = User("admin", "admin")
CM = User("cm_officer", "officer", "TH50")
BKK = User("bkk_officer", "officer", "TH10")
VIEWER = User("viewer", "viewer")
TODAY = date.today()


def literacy(tmp_path, year: int, values: dict[str, float]):
    """A district table of the literacy rate for one year (BE in the file)."""
    lines = ["รหัสอำเภอ,ปี พ.ศ.,ร้อยละ"] + [f"{c[2:]},{year + 543},{v}" for c, v in values.items()]
    return write(tmp_path / f"literacy-{year}.csv", "\n".join(lines) + "\n")


def load(store, tmp_path, year, values):
    path = literacy(tmp_path, year, values)
    return batches.load_table(store, path, "moi.literacy", CM)


@pytest.fixture
def board(intake_store, tmp_path):
    """The intake store with 2023 literacy of two Chiang Mai districts and one agency."""
    load(intake_store, tmp_path, 2023, {"TH5001": 90.0, "TH5002": 80.0})
    agency = add_agency(
        intake_store, "สำนักงานส่งเสริมการเรียนรู้จังหวัด", "Provincial Learning Office", ADMIN
    )
    return intake_store, agency


def spec(area="TH5001", **kw) -> ActionSpec:
    fields = {
        "area_code": area,
        "what": "ห้องเรียนผู้ใหญ่ทุกตำบล",
        "agency": "Provincial Learning Office",
        "indicator_id": "moi.literacy",
        "due_date": TODAY + timedelta(days=90),
        "target_value": 95,
    }
    return ActionSpec.model_validate({**fields, **kw})


def test_agencies_are_kept_by_admins(board):
    store, agency = board
    with pytest.raises(AccessError):
        add_agency(store, "กรมการพัฒนาชุมชน", "Community Development Department", CM)
    with pytest.raises(WarroomError, match="exists already"):
        add_agency(store, "อื่น", "Provincial Learning Office", ADMIN)
    second = add_agency(store, "กรมการพัฒนาชุมชน", "Community Development Department", ADMIN)
    retire_agency(store, second, ADMIN)
    listed = read_agencies(store)
    assert list(listed["name_en"]) == [
        "Provincial Learning Office",
        "Community Development Department",
    ]
    assert list(read_agencies(store, active_only=True)["id"]) == [agency]
    with pytest.raises(DataError, match="not an agency"):  # a retired one takes no new actions
        plan_action(store, spec(agency="Community Development Department"), CM)


def test_an_officer_plans_in_their_province_with_the_stores_baseline(board, tmp_path):
    store, agency = board
    log = tmp_path / "audit.log"
    configure_audit(log)
    action = plan_action(store, spec(), CM)
    row = read_actions(store, within="TH50").set_index("id").loc[action]
    assert (row["baseline_period"], row["baseline_value"]) == (2023, 90.0)
    assert (row["status"], row["owner"], row["province"], row["agency_id"]) == (
        "planned",
        "cm_officer",
        "TH50",
        agency,
    )
    assert row["agency_th"] == "สำนักงานส่งเสริมการเรียนรู้จังหวัด"
    assert read_actions(store, within="TH10").empty
    # The Bangkok officer, a viewer: refused, whole, and nothing is written.
    with pytest.raises(DataError, match="outside what bkk_officer may change"):
        plan_action(store, spec(), BKK)
    with pytest.raises(AccessError):
        plan_action(store, spec(), VIEWER)
    for user in (BKK, VIEWER):
        with pytest.raises(AccessError):
            set_status(store, action, "done", user, "crafted")
    assert read_notes(store).empty and len(read_actions(store)) == 1
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert {
        "event": "action_add",
        "user": "cm_officer",
        "action": action,
        "area": "TH5001",
    }.items() <= (events[-1].items())


def test_bulk_entry_is_all_or_nothing_with_every_problem(board):
    store, _ = board
    specs = [
        spec(),
        spec(area="TH9999"),
        spec(indicator_id="no.such"),
        spec(owner="nobody"),
        spec(start_date=TODAY, due_date=TODAY - timedelta(days=1)),
        spec(area="TH1001"),
    ]
    with pytest.raises(DataError) as caught:
        add_actions(store, specs, CM, file="actions.csv")
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (3, "area_code"),
        (4, "indicator_id"),
        (5, "owner"),
        (6, "due_date"),
        (7, "area_code"),
    }
    assert read_actions(store).empty
    ids = add_actions(store, [spec(), spec(area="TH5002", indicator_id=None)], CM, file="a.csv")
    rows = read_actions(store).set_index("id")
    assert rows.loc[ids[1], "baseline_value"] != rows.loc[ids[1], "baseline_value"]  # none


def test_a_new_period_follows_each_action_up(board, tmp_path):
    store, _ = board
    done = plan_action(store, spec(), CM)
    better = plan_action(store, spec(area="TH5002"), CM)
    late = plan_action(store, spec(due_date=TODAY - timedelta(days=3)), CM)
    set_status(store, done, "done", CM, "ครบทุกตำบลแล้ว")
    add_note(store, better, "เริ่มเปิดห้องเรียน", CM, status="in_progress", on=date(2026, 1, 5))
    before = followed_up(store, within="TH50").set_index("id")
    assert not before["relapsed"].any() and before["latest_period"].isna().all()
    assert followed_up(store, within="TH50")["id"].iloc[0] == late  # late first

    # A new period: TH5001 got worse after its action was done, TH5002 better.
    load(store, tmp_path, 2024, {"TH5001": 85.5, "TH5002": 84.0})
    after = followed_up(store, within="TH50").set_index("id")
    assert after.loc[done, ["latest_period", "latest_value", "moved"]].tolist() == [
        2024,
        85.5,
        "worse",
    ]
    assert after.loc[done, "change"] == pytest.approx(-4.5)
    assert after.loc[done, "relapsed"] and not after.loc[late, "relapsed"]  # not done
    assert after.loc[better, "moved"] == "better" and not after.loc[better, "relapsed"]
    assert after.loc[late, "late"] and not after.loc[done, "late"]
    assert list(with_status(after.reset_index(), "relapsed")["id"]) == [done]
    kpi = shares(after)
    assert (kpi.total, kpi.done, kpi.late, kpi.relapsed) == (3, 1, 1, 1)
    assert kpi.share_done == pytest.approx(1 / 3)
    prov = by_province(after.reset_index()).set_index("province")
    assert prov.loc["TH50"].to_dict() == {
        "done": 1,
        "in_progress": 1,
        "late": 1,
        "relapsed": 1,
        "total": 3,
    }
    notes = read_notes(store, [better])
    assert notes[["noted_on", "status", "user"]].values.tolist() == [
        [date(2026, 1, 5), "in_progress", "cm_officer"]
    ]
    # Rolling the new period back takes the relapse away again.
    batches.rollback(store, int(store.batches()["id"].iloc[0]), CM)
    assert not followed_up(store, within="TH50")["relapsed"].any()


def _counts(store: Store) -> dict[str, int]:
    with store.connect() as conn:
        return {
            name: conn.scalar(select(func.count()).select_from(table))
            for name, table in metadata.tables.items()
        }


def test_an_existing_store_gets_the_tables_and_loses_nothing(intake_store, tmp_path):
    load(intake_store, tmp_path, 2023, {"TH5001": 90.0})
    add_user(intake_store, "bkk_officer", "bangkok-2566", "officer", "TH10")
    before = _counts(intake_store)
    assert before["batches"] == 1 and before["observations"] > 0 and before["users"] == 4
    reopened = Store.open(intake_store.url)  # a store from before the board opens as it is
    assert read_actions(reopened).empty and read_agencies(reopened).empty
    with reopened.connect() as conn:
        assert not inspect(conn).has_table("actions")
    add_agency(reopened, "อำเภอ", "District office", ADMIN)  # the first write adds them
    plan_action(reopened, spec(agency="District office"), CM)
    assert _counts(reopened) == before
    assert len(read_actions(Store.open(intake_store.url))) == 1


def test_two_first_writes_at_once_both_land(intake_store):
    """Two agencies added at the same moment to a store without the tables: one transaction
    creates them, the other waits for it; neither fails."""
    import threading

    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def add(name: str) -> None:
        start.wait()
        try:
            add_agency(Store(intake_store.url), f"หน่วยงาน {name}", f"Agency {name}", ADMIN)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(read_agencies(intake_store)["name_en"]) == ["Agency A", "Agency B"]


def test_an_action_on_an_area_without_figures_is_listed_without_a_change(board):
    """An indicator with no value at the action's area: no baseline, no change, no error
    (the follow-up read no row and kept its columns)."""
    store, _ = board
    plan_action(store, spec(area="TH5003"), CM)  # no 2023 literacy figure for TH5003
    row = followed_up(store).iloc[0]
    assert row["area_code"] == "TH5003" and row["moved"] == ""
    assert pd.isna(row["baseline_value"]) and pd.isna(row["latest_value"])
