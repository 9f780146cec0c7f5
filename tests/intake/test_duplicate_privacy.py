"""Issue 10 item 7: a duplicate-file refusal never tells an officer of another province's load."""

from __future__ import annotations

import pytest

from tests.intake.helpers import tambon_table, write
from warroom.intake.batches import LoadRefusedError, load_table
from warroom.intake.users import User

MUEANG_CM = [f"TH5001{n:02d}" for n in range(1, 17)]
CM_OFFICER = User("cm_officer", "officer", "TH50")
LAMPHUN_OFFICER = User("lp_officer", "officer", "TH51")


def test_the_same_file_from_another_province_is_refused_for_its_rows(intake_store, tmp_path):
    path = write(tmp_path / "clinics.csv", tambon_table(MUEANG_CM, range(2023, 2024)))
    load_table(intake_store, path, "moi.clinics", CM_OFFICER)

    with pytest.raises(LoadRefusedError) as refused:
        load_table(intake_store, path, "moi.clinics", LAMPHUN_OFFICER)
    message = str(refused.value)
    assert "outside your province" in message
    assert "cm_officer" not in message and "already loaded" not in message
    assert refused.value.earlier is None

    # The officer who owns the data still hears exactly what happened.
    with pytest.raises(LoadRefusedError) as again:
        load_table(intake_store, path, "moi.clinics", CM_OFFICER)
    assert "already loaded as batch 1" in str(again.value) and "cm_officer" in str(again.value)
