"""What a wheel carries besides the packages: the shipped question banks."""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_shipped_bank_file_is_installed_as_data() -> None:
    """A wheel installs question_banks/ under share/firstvalue/ (surveyapp/banks/loader.py
    finds it there); a bank added to the folder but not to setup.cfg would be missing."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = config["options.data_files"]["share/firstvalue/question_banks"].split()
    shipped = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "question_banks").iterdir()
        if path.is_file()
    )
    assert sorted(listed) == shipped
