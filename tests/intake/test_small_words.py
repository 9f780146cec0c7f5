"""Small things a new user meets (issue 21, item 9): `warroom load` is `warroom ingest`,
`warroom indicators --help` says how to list, and a roll-back restores the stored bytes."""

from __future__ import annotations

import pandas as pd
from typer.testing import CliRunner

from tests.intake.helpers import INCOME, income_table, tambon_table, write
from warroom.cli import app
from warroom.config import get_settings
from warroom.intake.batches import load_table, rollback
from warroom.intake.users import LOCAL_ADMIN
from warroom.store import Store

runner = CliRunner()


def test_load_is_the_word_a_user_types_first(intake_store, monkeypatch, tmp_path):
    monkeypatch.setenv("WARROOM_DATABASE_URL", intake_store.url)
    get_settings.cache_clear()
    path = write(tmp_path / "a.csv", tambon_table(["TH500101", "TH500102"], range(2023, 2024)))
    args = [str(path), "--indicator", "moi.clinics", "--dry-run", "--user", "admin"]
    args.append("--password-stdin")
    try:
        result = runner.invoke(app, ["load", *args], input="admin-password\n")
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "values to load: 2" in result.output and "dry run: nothing was loaded" in result.output


def test_indicators_help_says_how_to_list():
    result = runner.invoke(app, ["indicators", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "`warroom indicators` alone lists them" in " ".join(result.output.split())


def stored(store: Store, indicator: str) -> pd.DataFrame:
    """Every current row as stored: the exact floats, coverage and loads, not approximations."""
    columns = ["area_code", "period", "value", "numerator", "denominator", "derived"]
    frame = store.observations(indicator)[[*columns, "coverage", "derived_from"]]
    return frame.sort_values(["area_code", "period"], ignore_index=True).astype(object)


def test_a_rollback_restores_the_bytes(income_store, real_areas, tmp_path):
    """The built household income series, a later survey loaded as a new year and rolled
    back: every stored value is bit for bit what the build wrote, derived ones included
    (before, every derived value was written again and came back 25194.1911616841 for the
    build's 25194.1911616842)."""
    before = stored(income_store, INCOME)
    path = write(tmp_path / "income.csv", income_table(real_areas, [2023]))
    batch = load_table(income_store, path, INCOME, LOCAL_ADMIN, replace_built=True).batch_id
    rollback(income_store, batch, LOCAL_ADMIN)
    after = stored(income_store, INCOME)
    pd.testing.assert_frame_equal(after, before, check_exact=True)
