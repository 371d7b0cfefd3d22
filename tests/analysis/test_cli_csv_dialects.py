"""CSV files as spreadsheets in other languages save them: semicolons and decimal commas,
answers spanning several lines; errors still name the right line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from surveyapp.analyze.cli import analyze_cli


def run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(analyze_cli, [str(a) for a in args])
    return result.exit_code, result.output


def survival(path: Path, out: Path) -> tuple[int, str]:
    return run(
        "survival", "--input", path, "--duration-column", "days", "--event-column", "reached",
        "--json", out,
    )  # fmt: skip


def test_a_semicolon_file_gives_what_the_comma_file_gives(tmp_path: Path) -> None:
    rows = [(12, 1), (30, 0), (7, 1), (45, 1), (60, 0), (22, 1)]
    comma = tmp_path / "comma.csv"
    comma.write_text("days,reached\n" + "".join(f"{d},{e}\n" for d, e in rows))
    semicolon = tmp_path / "semicolon.csv"
    semicolon.write_text("days;reached\n" + "".join(f"{d},0;{e}\n" for d, e in rows))
    tab = tmp_path / "tab.tsv"
    tab.write_text("days\treached\n" + "".join(f"{d}\t{e}\n" for d, e in rows))
    outputs = []
    for path in (comma, semicolon, tab):
        out = tmp_path / f"{path.stem}.json"
        code, output = survival(path, out)
        assert code == 0, output
        outputs.append(json.loads(out.read_text()))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0]["groups"]["overall"]["n"] == len(rows)


def failure(path: Path, content: str | bytes) -> str:
    """The output of `analyze survival` on ``content`` (text as UTF-8), which must fail."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    code, output = survival(path, path.with_suffix(".json"))
    assert code == 1, output
    return output


def test_errors_name_the_line_where_the_bad_row_starts(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    output = failure(
        path,
        "days,reached,note\n"
        '12,1,"first line\nsecond line\nthird line"\n'
        "\n"
        "30,1,fine\n"
        'soon,0,"bad duration here"\n',
    )
    assert f"{path}, line 7, column 'days': 'soon' is not a number" in output
    output = failure(path, "days,reached\n12,1\n-3,1\n")
    assert f"{path}, line 3, column 'days': '-3' is out of range" in output


def test_a_comma_file_does_not_read_decimal_commas(tmp_path: Path) -> None:
    output = failure(tmp_path / "quoted.csv", 'days,reached\n"12,5",1\n')
    assert "line 2, column 'days': '12,5' is not a number" in output


def test_a_file_not_in_utf8_says_so(tmp_path: Path) -> None:
    output = failure(tmp_path / "latin1.csv", "days;reached;note\n12;1;não\n".encode("latin-1"))
    assert "cannot read as CSV (save it as UTF-8)" in output


def test_a_nul_character_is_named_not_read_as_an_empty_or_shorter_cell(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    # pandas ends a cell at a NUL: the first read as empty ("nan"), the second as 1.
    for cell in ("\x0012", "1\x002"):
        output = failure(path, f'days,reached,note\n12,1,"two\nlines"\n{cell},1,x\n')
        assert f"{path}, line 4, column 'days': {cell!r} holds a NUL character" in output
    output = failure(path, "days;reached\n12;1\n;1\n")
    assert f"{path}, line 3, column 'days': an empty cell is not a number" in output
    output = failure(path, "days,reached\n12,1\n".encode("utf-16-le"))  # no byte order mark
    assert f"{path}, line 1: 'd\\x00a\\x00y\\x00s\\x00' holds a NUL" in output
    assert "save the file again as UTF-8" in output
