"""Every setting in pipeline.toml is checked when it is loaded, and when Settings is made in code."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import date, datetime

import pytest

from pipeline.cli import main
from pipeline.commands import init_workspace
from pipeline.config import SPECS, Settings, check_setting, default_toml, load_settings, parse_now
from pipeline.errors import ConfigError

NAN, INF = float("nan"), float("inf")

BAD = [
    ("language", "fi"),
    ("language", "EN"),
    ("language", 1),
    ("language", ""),
    ("poll_seconds", "30"),
    ("poll_seconds", 0),
    ("poll_seconds", -5),
    ("poll_seconds", 86_401),
    ("poll_seconds", 2.5),
    ("poll_seconds", 30.0),
    ("poll_seconds", True),
    ("deadline_weekday", "Monday"),
    ("deadline_weekday", "mon"),
    ("deadline_weekday", 1),
    ("deadline_time", "25:00"),
    ("deadline_time", "12:60"),
    ("deadline_time", "12"),
    ("deadline_time", "12:00\n"),
    ("deadline_time", "noon"),
    ("deadline_time", 1200),
    ("report_time", "7"),
    ("report_time", "07:00:00"),
    ("report_time", None),
    ("on_track_tolerance", "abc"),
    ("on_track_tolerance", "0.05"),
    ("on_track_tolerance", -0.01),
    ("on_track_tolerance", 1.5),
    ("on_track_tolerance", NAN),
    ("on_track_tolerance", INF),
    ("on_track_tolerance", False),
    ("pace_weeks", 2.5),
    ("pace_weeks", 0),
    ("pace_weeks", 53),
    ("pace_weeks", "4"),
    ("pace_weeks", True),
    ("max_file_mb", "big"),
    ("max_file_mb", "20"),
    ("max_file_mb", 0),
    ("max_file_mb", -1.0),
    ("max_file_mb", 1_000.5),
    ("max_file_mb", NAN),
    ("max_file_mb", INF),
    ("max_file_mb", True),
    ("per_unit_folders", "true"),
    ("per_unit_folders", 1),
    ("per_unit_folders", 0),
    ("per_unit_folders", "yes"),
    ("max_unpacked_mb", 0.0),
    ("max_unpacked_mb", 10_001),
    ("max_unpacked_mb", -INF),
    ("max_unpacked_mb", "100"),
    ("max_sheet_cells", 0),
    ("max_sheet_cells", 17_179_869_185),
    ("max_sheet_cells", 1e6),
    ("max_sheet_cells", "1000000"),
    ("max_sheet_cells", True),
    ("parse_timeout_seconds", 0),
    ("parse_timeout_seconds", 3_601),
    ("parse_timeout_seconds", NAN),
    ("parse_timeout_seconds", "30"),
    ("parse_memory_mb", 63),
    ("parse_memory_mb", 65_537),
    ("parse_memory_mb", 1024.0),
    ("parse_memory_mb", "1024"),
    ("state_dir", ""),
    ("state_dir", "   "),
    ("state_dir", "st\x00ate"),
    ("state_dir", 1),
    ("state_dir", False),
    ("allow_network_state", "false"),
    ("allow_network_state", 0),
    ("allow_network_state", None),
    ("lock_wait_seconds", -1),
    ("lock_wait_seconds", 3_600.5),
    ("lock_wait_seconds", NAN),
    ("lock_wait_seconds", "10"),
    ("lock_wait_seconds", True),
    ("waiting_alert_minutes", -0.5),
    ("waiting_alert_minutes", 100_001),
    ("waiting_alert_minutes", INF),
    ("waiting_alert_minutes", "60"),
    ("suppress_below", -1),
    ("suppress_below", 2.5),
    ("suppress_below", 1_001),
    ("suppress_below", "5"),
    ("publish_copy", "true"),
    ("publish_copy", 1),
    ("archive_pdf", "false"),
    ("pdf_timeout_seconds", 0),
    ("pdf_timeout_seconds", "120"),
    ("reminders", "yes"),
    ("remind_before_hours", -1),
    ("remind_before_hours", 169),
    ("remind_after_hours", NAN),
    ("drop_path", 5),
    ("reminder_status", 1),
    ("digest", "true"),
    ("receipts_by_mail", None),
    ("mail_host", "smtp server.kommun.se"),
    ("mail_host", 25),
    ("mail_port", 0),
    ("mail_port", 65_536),
    ("mail_port", "587"),
    ("mail_security", "tls"),
    ("mail_security", "SSL"),
    ("mail_user", 1),
    ("mail_sender", "no address"),
    ("mail_sender", ""),
    ("mail_timeout_seconds", 0),
]

GOOD = [
    ("language", "en"),
    ("poll_seconds", 1),
    ("poll_seconds", 86_400),
    ("deadline_weekday", "sunday"),
    ("deadline_time", "7:05"),
    ("deadline_time", "23:59"),
    ("report_time", "00:00"),
    ("on_track_tolerance", 0),
    ("on_track_tolerance", 1),
    ("on_track_tolerance", 0.1),
    ("pace_weeks", 52),
    ("max_file_mb", 0.001),
    ("max_file_mb", 1_000),
    ("per_unit_folders", True),
    ("max_unpacked_mb", 10_000),
    ("max_sheet_cells", 17_179_869_184),
    ("parse_timeout_seconds", 20),
    ("parse_memory_mb", 64),
    ("state_dir", "/var/lib/pipeline/state"),
    ("state_dir", "../shared state"),
    ("allow_network_state", True),
    ("lock_wait_seconds", 0),
    ("lock_wait_seconds", 3_600),
    ("waiting_alert_minutes", 0),
    ("waiting_alert_minutes", 100_000),
    ("suppress_below", 0),
    ("suppress_below", 3),
    ("publish_copy", True),
    ("archive_pdf", True),
    ("remind_before_hours", 0),
    ("remind_after_hours", 168),
    ("drop_path", "\\\\server\\mål\\inbox\\{unit}"),
    ("mail_host", "smtp.kommun.se"),
    ("mail_host", "127.0.0.1"),
    ("mail_port", 465),
    ("mail_security", "ssl"),
    ("mail_user", "malstyrning"),
    ("mail_sender", "Målstyrning <malstyrning@kommun.se>"),
]


def toml_value(value) -> str:
    """``value`` as TOML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    return repr(value)


def test_every_field_has_a_spec_of_its_type():
    names = [field.name for field in dataclasses.fields(Settings)]
    assert sorted(names) == sorted(SPECS), "every setting needs exactly one entry in SPECS"
    for field in dataclasses.fields(Settings):
        assert field.type == SPECS[field.name].kind.__name__, field.name
        check_setting(field.name, field.default)  # the default is allowed


def test_every_key_has_a_bad_case():
    assert {name for name, _ in BAD} == set(SPECS)


@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v!r}" for n, v in BAD])
def test_a_bad_value_is_refused_in_code_naming_key_and_value(name, value):
    with pytest.raises(ConfigError) as caught:
        Settings(**{name: value})
    message = str(caught.value)
    assert message.startswith(f"{name} = {value!r} is not allowed: "), message
    assert message.endswith(SPECS[name].allowed) or "(write it" in message
    assert "\n" not in message


IN_TOML = [(n, v) for n, v in BAD if v is not None]  # TOML has no null: None is checked in code only


@pytest.mark.parametrize(("name", "value"), IN_TOML, ids=[f"{n}={v!r}" for n, v in IN_TOML])
def test_a_bad_value_is_refused_at_load(tmp_path, name, value):
    path = tmp_path / "pipeline.toml"
    path.write_text(f"{name} = {toml_value(value)}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert message.startswith(f"pipeline.toml: {name} = "), message
    assert "is not allowed: " in message and "\n" not in message


@pytest.mark.parametrize(("name", "value"), GOOD, ids=[f"{n}={v!r}" for n, v in GOOD])
def test_a_good_value_is_kept(tmp_path, name, value):
    assert getattr(Settings(**{name: value}), name) == value
    path = tmp_path / "pipeline.toml"
    path.write_text(f"{name} = {toml_value(value)}\n", encoding="utf-8")
    assert getattr(load_settings(path), name) == value


def test_the_reported_messages_read_as_documented(tmp_path):
    path = tmp_path / "pipeline.toml"
    cases = {
        'poll_seconds = "30"': "pipeline.toml: poll_seconds = '30' is not allowed: "
        "a whole number of seconds, 1 to 86400 (write it without quotes)",
        "pace_weeks = 2.5": "pipeline.toml: pace_weeks = 2.5 is not allowed: "
        "a whole number of weeks, 1 to 52",
        'on_track_tolerance = "abc"': "pipeline.toml: on_track_tolerance = 'abc' is not allowed: "
        "a share (0.05 means 5 %), 0 to 1",
        'max_file_mb = "big"': "pipeline.toml: max_file_mb = 'big' is not allowed: "
        "a size in MB, above 0 up to 1000",
        "per_unit_folders = 1": "pipeline.toml: per_unit_folders = 1 is not allowed: true or false",
        "poll_seconds = 30.0": "pipeline.toml: poll_seconds = 30.0 is not allowed: "
        "a whole number of seconds, 1 to 86400 (write it without a decimal point)",
        'language = "fi"': 'pipeline.toml: language = \'fi\' is not allowed: a language: "sv" or "en"',
    }
    for line, expected in cases.items():
        path.write_text(line + "\n", encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            load_settings(path)
        assert str(caught.value) == expected


def test_the_first_bad_line_in_the_file_is_named(tmp_path):
    path = tmp_path / "pipeline.toml"
    path.write_text('pace_weeks = 2.5\npoll_seconds = "30"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pace_weeks"):
        load_settings(path)


def test_unknown_keys_and_broken_files_are_refused(tmp_path):
    path = tmp_path / "pipeline.toml"
    path.write_text("poll_secs = 30\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pipeline.toml: unknown setting 'poll_secs'; known settings are"):
        load_settings(path)
    path.write_text("[watch]\npoll_seconds = 30\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'watch'"):
        load_settings(path)
    path.write_text("poll_seconds = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="pipeline.toml is not valid TOML"):
        load_settings(path)
    path.unlink()
    path.mkdir()
    with pytest.raises(ConfigError, match="pipeline.toml cannot be read"):
        load_settings(path)


def test_a_very_long_value_is_cut_in_the_message():
    with pytest.raises(ConfigError) as caught:
        Settings(language="x" * 10_000)
    assert len(str(caught.value)) < 200


def test_the_defaults_load(tmp_path):
    assert load_settings(tmp_path / "missing.toml") == Settings()
    settings = Settings()
    assert (settings.state_dir, settings.allow_network_state) == ("state", False)
    assert (settings.lock_wait_seconds, settings.waiting_alert_minutes) == (10.0, 60.0)
    assert settings.deadline == (1, 12, 0)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_file_init_writes_loads_back_to_the_defaults(tmp_path, language):
    path = tmp_path / "pipeline.toml"
    path.write_text(default_toml(language), encoding="utf-8")
    assert load_settings(path) == Settings(language=language)
    text = default_toml(language)
    for name in SPECS:
        assert f"\n{name} = " in text, f"{name} is not in the file pipeline init writes"


def test_replace_is_checked_too():
    with pytest.raises(ConfigError, match="parse_memory_mb = 8 is not allowed"):
        dataclasses.replace(Settings(), parse_memory_mb=8)


def test_parse_now():
    assert parse_now("2026-11-22T18:00") == datetime(2026, 11, 22, 18, 0)
    assert parse_now("2026-11-22") == datetime(2026, 11, 22)
    with pytest.raises(ConfigError) as caught:
        parse_now("garbage")
    assert str(caught.value) == (
        "PIPELINE_NOW='garbage' is not a date and time; write it like 2026-11-22T18:00"
    )
    with pytest.raises(ConfigError, match="PIPELINE_NOW='2026-11-22T18:00\\+01:00' has a time zone"):
        parse_now("2026-11-22T18:00+01:00")


def test_cli_refuses_a_garbage_clock_in_one_line(tmp_path, monkeypatch, capsys):
    root = tmp_path / "ws"
    init_workspace(root, date(2026, 11, 22))
    capsys.readouterr()
    monkeypatch.setenv("PIPELINE_NOW", "garbage")
    assert main(["status", "--workspace", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "PIPELINE_NOW='garbage'" in err, err
    assert err.startswith("fel: ") and "Traceback" not in err and "oväntat" not in err
    monkeypatch.setenv("PIPELINE_NOW", "2026-11-22T18:00")
    assert main(["status", "--workspace", str(root)]) == 0


def test_cli_refuses_a_bad_setting_in_one_line(tmp_path, monkeypatch, capsys):
    root = tmp_path / "ws"
    init_workspace(root, date(2026, 11, 22))
    toml = root / "pipeline.toml"
    text = toml.read_text(encoding="utf-8")
    assert "\npace_weeks = 4\n" in text
    toml.write_text(text.replace("\npace_weeks = 4\n", "\npace_weeks = 2.5\n"), encoding="utf-8")
    capsys.readouterr()
    assert main(["status", "--workspace", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pipeline.toml: pace_weeks = 2.5 is not allowed" in err, err
    assert "Traceback" not in err and "unexpected" not in err
