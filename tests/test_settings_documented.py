"""Every setting is documented: each field of ``Settings`` is named in README.md as the
environment variable that sets it (``WARROOM_`` and its name, in capitals)."""

from __future__ import annotations

import re

from warroom.config import PROJECT_ROOT, Settings


def test_every_setting_is_named_in_the_readme():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    prefix = Settings.model_config["env_prefix"]
    variables = [f"{prefix}{name}".upper() for name in Settings.model_fields]
    missing = [v for v in variables if not re.search(rf"\b{v}\b", readme)]
    assert missing == []
