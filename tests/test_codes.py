import pytest

from warroom.areas.codes import (
    ancestor_at,
    from_dopa,
    is_municipal_pseudo_unit,
    level_of,
    parent_of,
)


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("TH", "country", None),
        ("TH50", "province", "TH"),
        ("TH5001", "district", "TH50"),
        ("TH500101", "tambon", "TH5001"),
    ],
)
def test_levels_and_parents(code, level, parent):
    assert level_of(code) == level
    assert parent_of(code) == parent


@pytest.mark.parametrize("raw", ["50", 50, " 5001 ", "500101", "500101.0"])
def test_dopa_codes_become_pcodes(raw):
    assert from_dopa(raw).startswith("TH50")


@pytest.mark.parametrize("raw", ["5", "50a", "", "5000011"])
def test_malformed_dopa_codes_are_refused(raw):
    with pytest.raises(ValueError, match="DOPA"):
        from_dopa(raw)


def test_pseudo_units_and_ancestors():
    assert is_municipal_pseudo_unit("TH110151")
    assert not is_municipal_pseudo_unit("TH110110")
    assert ancestor_at("TH500101", "province") == "TH50"
    with pytest.raises(ValueError):
        level_of("TH5")
