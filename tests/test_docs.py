"""README stays in step with the code: commands, settings and the data format."""

from __future__ import annotations

import re
from pathlib import Path

from graph import config, model
from graph.cli import COMMANDS, build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert re.findall(r"^make (\w+)", first_block, re.M) == ["run", "test"]


def test_every_cli_command_is_documented_in_readme():
    documented = set(re.findall(r"`bildungsnetz ([a-z]+)", README))
    assert documented == set(COMMANDS)


def test_every_cli_option_is_documented_in_readme():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        row = next(line for line in README.splitlines() if line.startswith(f"| `bildungsnetz {name}"))
        for action in command._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help":
                    assert option in row, (name, option)


def test_every_setting_is_documented_in_readme_with_its_default():
    rows = {m.group(1): m.group(2).strip() for m in re.finditer(r"^\| `([A-Z0-9_]+)` \| ([^|]*)\|", README, re.M)}
    assert set(rows) == {s.name for s in config.SETTINGS}
    for setting in config.SETTINGS:
        assert rows[setting.name] == (setting.default if setting.default is not None else "–"), setting.name


def test_every_sheet_and_column_of_the_exchange_format_is_documented():
    for sheet in model.SHEETS:
        row = next(line for line in README.splitlines() if line.startswith(f"| `{sheet.name}` |"))
        documented = [c.strip() for c in row.split("|")[2].split(",")]
        assert documented == [c.header + ("*" if c.required else "") for c in sheet.columns]
