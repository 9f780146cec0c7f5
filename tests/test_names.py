import pandas as pd
import pytest

from warroom.areas.names import NameIndex, normalise

AREAS = pd.DataFrame(
    {
        "code": ["TH20", "TH31", "TH10", "TH2001", "TH3101", "TH200101", "TH310101"],
        "level": ["province", "province", "province", "district", "district", "tambon", "tambon"],
        "parent": ["TH", "TH", "TH", "TH20", "TH31", "TH2001", "TH3101"],
        "name_th": [
            "ชลบุรี",
            "บุรีรัมย์",
            "กรุงเทพมหานคร",
            "เมืองชลบุรี",
            "เมืองบุรีรัมย์",
            "บางปลาสร้อย",
            "ในเมือง",
        ],
        "name_en": [
            "Chon Buri",
            "Buri Ram",
            "Bangkok",
            "Mueang Chon Buri",
            "Mueang Buri Ram",
            "Bang Pla Soi",
            "Nai Mueang",
        ],
    }
)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("CHONBURI", "TH20"),
        ("BURI RAM", "TH31"),
        ("Buriram", "TH31"),
        ("  chon  buri ", "TH20"),
        ("จังหวัดชลบุรี", "TH20"),
        ("ชลบุรี", "TH20"),
        ("Krung Thep Maha Nakhon", "TH10"),
    ],
)
def test_province_names_match_in_any_spelling(name, code):
    assert NameIndex(AREAS).match(name, "province") == code


def test_unknown_and_ambiguous_names_do_not_match():
    index = NameIndex(AREAS)
    assert index.match("Atlantis", "province") is None
    both = pd.concat(
        [
            AREAS,
            pd.DataFrame(
                {
                    "code": ["TH200102"],
                    "level": ["tambon"],
                    "parent": ["TH2001"],
                    "name_th": ["ในเมือง"],
                    "name_en": ["Nai Mueang"],
                }
            ),
        ]
    )
    index = NameIndex(both)
    assert index.candidates("Nai Mueang", "tambon") == ["TH200102", "TH310101"]
    assert index.match("Nai Mueang", "tambon") is None
    assert index.match("Nai Mueang", "tambon", within="TH31") == "TH310101"


def test_normalise_folds_prefix_case_and_spacing():
    assert normalise("Amphoe Mueang-Chon Buri") == normalise("mueang chonburi")
