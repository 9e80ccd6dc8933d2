"""Reminders, the digest and receipts by mail, sent to a real SMTP server on the loopback address.

The server is ``aiosmtpd`` in a thread of the test: what a test reads is what arrived over
SMTP, parsed as a mail program would (``email`` with the default policy). Times are fixed:
week 2026-W47 is due on Monday 2026-11-23 at 12:00, so its reminder before the deadline is due
from Sunday 2026-11-22 12:00 (the fixture's ``NOW`` is 18:00 that Sunday).
"""

from __future__ import annotations

import asyncio
import email
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from email import policy
from html.parser import HTMLParser

import openpyxl
import pytest
from aiosmtpd.controller import Controller

from pipeline.cli import main
from pipeline.commands import run_ingest
from pipeline.errors import PlanError
from pipeline.ledger import messages
from pipeline.ledger.store import Ledger
from pipeline.mail import rhythm
from pipeline.mail.run import due_now, remind, send_digest
from pipeline.mail.said import mail_lines
from pipeline.plan.read import read_plan
from pipeline.strings import Texts
from pipeline.weeks import IsoWeek
from tests.conftest import NOW

W47 = IsoWeek(2026, 47)
FIGURES = {"egen": 9, "praktik": 8}  # numbers no reminder may show (below the plausibility floor)


class Inbox:
    """What the test server received; ``refuse`` makes it answer DATA with that reply, ``hold`` stalls it."""

    def __init__(self):
        self.mails: list[tuple[list[str], email.message.EmailMessage]] = []
        self.refuse: str | None = None
        self.hold = False
        self.in_data = threading.Event()
        self.drop_after = None  # a recipient whose message is received and then the line cut

    async def handle_DATA(self, server, session, envelope):
        self.in_data.set()
        while self.hold:
            await asyncio.sleep(0.05)
        if self.refuse:
            return self.refuse
        if self.drop_after and self.drop_after in envelope.rcpt_tos:
            self.mails.append((list(envelope.rcpt_tos), None))
            server.transport.close()  # the message is here, its answer never goes back
            return None
        self.mails.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for rcpt, m in self.mails if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def server(port):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox
    inbox.hold = False
    controller.stop()


def use_server(space, port: int, **more) -> None:
    """Points the workspace's pipeline.toml at the test server (plain SMTP on the loopback)."""
    settings = space.root / "pipeline.toml"
    text = settings.read_text(encoding="utf-8")
    lines = {"mail_host": '"127.0.0.1"', "mail_port": str(port), "mail_security": '"none"'}
    lines.update({k: (f"'{v}'" if isinstance(v, str) else str(v).lower()) for k, v in more.items()})
    for key, value in lines.items():
        text = re.sub(rf"^{key} = .*$", lambda _, line=f"{key} = {value}": line, text, flags=re.M)
    settings.write_text(text, encoding="utf-8")


def report_w47(space, units=("E01", "E02", "E03", "E04", "E05"), bad=("E06",)) -> None:
    """Units send W47: ``units`` good files, ``bad`` a file with text in a number cell."""
    for unit in units:
        space.drop(f"{unit}_w47.xlsx", unit, week=str(W47), values=FIGURES)
    for unit in bad:
        space.drop(f"{unit}_w47.xlsx", unit, week=str(W47), values={"egen": "9 st", "praktik": 8})
    result, _ = run_ingest(space.root, NOW, settle_seconds=0)
    assert len(result.records) == len(units) + len(bad)


def plain(mail: email.message.EmailMessage) -> str:
    return mail.get_body(("plain",)).get_content()


def attachments(mail) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in mail.iter_attachments()}


def named(wb, name: str):
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "").split(":")[0]].value


def test_reminders_reach_exactly_the_units_that_have_not_reported(space, server, port):
    report_w47(space)
    use_server(space, port, drop_path="\\\\server\\mål\\inbox\\{unit}")
    run = remind(space.root, NOW)
    assert (run.week, run.kind) == (W47, rhythm.BEFORE)
    assert sorted(r[0] for r, _ in [(rc, m) for rc, m in server.mails]) == [
        "e06@kommun.example",
        "e07@kommun.example",
        "e08@kommun.example",
    ]
    others = [u.name for u in space.plan.units]
    for unit in ("E06", "E07", "E08"):
        (mail,) = server.to(f"{unit.lower()}@kommun.example")
        body, html = plain(mail), mail.get_body(("html",)).get_content()
        assert "vecka 47" in mail["Subject"] and "måndag 23 november 12:00" in mail["Subject"]
        assert (mail["Auto-Submitted"], mail["Content-Language"]) == ("auto-generated", "sv")
        assert f"\\\\server\\mål\\inbox\\{unit}" in body
        for text in (body, re.sub(r"<[^>]+>", " ", html)):  # no figure, and nothing of any other unit
            assert not re.search(r"\b(9|8)\b", text), text
            for name in others:
                assert (name in text) == (name == space.plan.unit(unit).name), (unit, name)
        files = attachments(mail)
        assert list(files) == [f"veckorapport_{unit}_2026-W47.xlsx"]
        wb = openpyxl.load_workbook(io.BytesIO(files[f"veckorapport_{unit}_2026-W47.xlsx"]))
        assert (named(wb, "pl_unit"), named(wb, "pl_week")) == (unit, "2026-W47")
    rejected_body = plain(server.to("e06@kommun.example")[0])
    assert (
        "kunde inte tas emot" in rejected_body and "Kvittensen för filen som kom 2026-11-22" in rejected_body
    )
    assert "E06_w47" not in rejected_body  # the file's name is never told: it may name a person
    assert "kunde inte tas emot" not in plain(server.to("e07@kommun.example")[0])

    remind(space.root, NOW + timedelta(hours=1))  # again, and again: nobody gets a second one
    due_now(space.root, NOW + timedelta(hours=2))  # (it sends the digest of W46, due since Tuesday)
    assert len([m for rcpt, m in server.mails if rcpt != ["ledning@kommun.example"]]) == 3


def test_the_reminder_after_the_deadline_goes_once_to_those_still_missing(space, server, port):
    report_w47(space)
    use_server(space, port)
    remind(space.root, NOW)
    space.drop("E07_w47.xlsx", "E07", week=str(W47), values=FIGURES)  # E07 reports before the deadline
    run_ingest(space.root, NOW + timedelta(hours=1), settle_seconds=0)
    after = datetime(2026, 11, 23, 14, 0)
    runs = due_now(space.root, after)
    assert [r.kind for r in runs] == [rhythm.AFTER, "digest"]  # the digest of W46 is due too
    late = [m for _, m in server.mails if "saknas" in m["Subject"]]
    assert sorted(m["To"] for m in late) == ["e06@kommun.example", "e08@kommun.example"]
    due_now(space.root, after + timedelta(hours=3))
    assert len([m for rcpt, m in server.mails if rcpt != ["ledning@kommun.example"]]) == 5


def test_status_without_a_template_standing_for_a_shared_mailbox(space, server, port):
    report_w47(space)
    use_server(space, port, reminder_status=False)
    remind(space.root, NOW)
    files = attachments(server.to("e07@kommun.example")[0])
    wb = openpyxl.load_workbook(io.BytesIO(next(iter(files.values()))))
    sheet = wb.worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any("Behövs" in t for t in texts)  # the standing block says "no figures yet" only


class _Text(HTMLParser):
    """The texts of an HTML body: the strong headline, and each table row's cells."""

    def __init__(self):
        super().__init__()
        self.rows, self.strong, self._cell, self._row, self._in = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""
        elif tag == "strong":
            self._in = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr":
            self.rows.append(self._row)
            self._row = None
        elif tag == "strong":
            self.strong.append(self._in)
            self._in = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._in is not None:
            self._in += data


def as_number(text: str) -> float:
    text = text.replace("\u00a0", "").replace(" ", "").replace("−", "-").replace(",", ".")
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


def test_the_digest_says_the_numbers_of_the_workbook_it_attaches(space, server, port):
    report_w47(space)
    use_server(space, port)
    run = send_digest(space.root, datetime(2026, 11, 24, 7, 0), with_pdf=False)
    assert run.week == W47
    ((rcpt, mail),) = server.mails
    assert rcpt == ["ledning@kommun.example"] and "Ledningsgruppen" in mail["To"]
    files = attachments(mail)
    assert list(files) == ["lagesrapport_2026-W47.xlsx"]
    ws = openpyxl.load_workbook(io.BytesIO(files["lagesrapport_2026-W47.xlsx"]))["Översikt"]
    page = _Text()
    page.feed(mail.get_body(("html",)).get_content())
    assert page.strong[0] == ws["A4"].value  # the headline sentence
    assert ws["A4"].value in mail["Subject"] and ws["A4"].value in plain(mail)
    digest_rows = {row[0]: row[1] for row in page.rows if row and len(row) == 2}
    compared = 0
    for row in range(6, 30):
        label, value = ws.cell(row, 1).value, ws.cell(row, 2).value
        if label not in digest_rows:
            continue
        shown = digest_rows[label]
        if value is None:  # an empty cell in the workbook: a dash in the digest
            assert shown == "–", label
        elif isinstance(value, int | float):
            decimals = 1 if "takt" in label.lower() else (2 if "procent" in label or "Andel" in label else 0)
            assert as_number(shown) == pytest.approx(round(value, decimals), abs=0.006), label
        else:
            assert shown == value, label
        compared += 1
    assert compared >= 14  # every key figure of the overview is in the digest
    missing = [row[0] for row in page.rows if row and len(row) == 3]
    assert {space.plan.unit(u).name for u in ("E06", "E07", "E08")} <= set(missing)


def test_a_server_that_is_down_is_retried_with_backoff_and_the_watcher_goes_on(space, port):
    from pipeline.intake.inbox import StabilityWatch
    from pipeline.service.heartbeat import Beat
    from pipeline.service.watch import cycle

    report_w47(space)
    use_server(space, port)  # nothing listens on the port yet
    beat, watcher = Beat(30), StabilityWatch()
    cycle(space.root, watcher, NOW, beat)
    assert (space.root / "state" / "heartbeat.json").is_file() and beat.error is None
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        rows = messages.messages_of_week(ledger, "2026-W47")
    assert [(m.recipient, m.state, m.attempts) for m in rows] == [
        ("E06", "failed", 1),
        ("E07", "failed", 1),
        ("E08", "failed", 1),
    ]
    # said in the workspace's words, with what to check: never a Python exception's name
    said = f"servern 127.0.0.1:{port} tar inte emot anslutningar"
    assert all(said in m.detail for m in rows), rows[0].detail
    assert not any("Error" in m.detail for m in rows)
    assert rows[0].next_try == (NOW + timedelta(minutes=5)).isoformat()

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        cycle(space.root, watcher, NOW + timedelta(minutes=2), beat)  # the backoff has not passed
        assert inbox.mails == []
        space.drop("E01_again.xlsx", "E01", week=str(W47), values=FIGURES)  # intake goes on meanwhile
        cycle(space.root, watcher, NOW + timedelta(minutes=6), beat)
        cycle(space.root, watcher, NOW + timedelta(minutes=7), beat)
        reminders = [m["To"] for rcpt, m in inbox.mails if rcpt != ["ledning@kommun.example"]]
        assert sorted(reminders) == [f"e0{n}@kommun.example" for n in (6, 7, 8)]
        cycle(space.root, watcher, NOW + timedelta(minutes=30), beat)
        assert len(inbox.mails) == 4  # and the digest of W46, once
    finally:
        controller.stop()


def test_a_server_that_refuses_is_recorded_and_said(space, server, port, capsys, monkeypatch):
    report_w47(space)
    use_server(space, port)
    server.refuse = "554 5.7.1 Message refused"
    monkeypatch.setenv("PIPELINE_NOW", NOW.isoformat())
    code = main(["remind", "--workspace", str(space.root)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.count("ej skickat") == 3 and "554 5.7.1 Message refused" in out
    server.refuse = None
    remind(space.root, NOW + timedelta(minutes=1))  # by hand: tried again at once
    assert len(server.mails) == 3


def test_a_kill_while_sending_sends_no_duplicate_after_the_restart(space, server, port):
    report_w47(space)
    use_server(space, port)
    server.hold = True  # the first message stalls in DATA, as on a slow server
    env = {**os.environ, "PIPELINE_NOW": NOW.isoformat()}
    child = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "remind", "--workspace", str(space.root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert server.in_data.wait(60), "the first reminder never reached the server"
    os.killpg(child.pid, signal.SIGKILL)
    child.wait(10)
    server.hold = False
    time.sleep(0.2)
    remind(space.root, NOW + timedelta(minutes=1))
    with Ledger(space.root / "state" / "ledger.sqlite") as ledger:
        states = {m.recipient: m.state for m in messages.messages_of_week(ledger, "2026-W47")}
    assert states == {"E06": "unknown", "E07": "sent", "E08": "sent"}
    for unit in ("e06", "e07", "e08"):
        assert len(server.to(f"{unit}@kommun.example")) <= 1, unit
    assert len(server.to("e07@kommun.example")) == len(server.to("e08@kommun.example")) == 1


def test_receipts_by_mail_carry_the_verdict_and_the_receipt(space, server, port):
    use_server(space, port, receipts_by_mail=True)
    space.drop("E01_w47.xlsx", "E01", week=str(W47), values=FIGURES)
    space.drop("E02_w47.xlsx", "E02", week=str(W47), values={"egen": "9 st", "praktik": 8})
    run_ingest(space.root, NOW, settle_seconds=0)
    (good,), (bad,) = server.to("e01@kommun.example"), server.to("e02@kommun.example")
    assert good["Subject"] == "Godkänd: E01 vecka 47"
    assert bad["Subject"] == "Avvisad: 1 fel att rätta"
    (name,) = attachments(good)  # the receipt's name as the unit finds it in its receipts folder
    assert name.endswith("_E01_w47.xlsx.kvittens.xlsx")
    receipt = openpyxl.load_workbook(io.BytesIO(next(iter(attachments(bad).values()))))
    cells = [str(c.value) for row in receipt.worksheets[0].iter_rows() for c in row if c.value is not None]
    assert any("9 st" in text for text in cells)


def test_without_a_server_messages_are_eml_files_a_mail_program_opens(space):
    report_w47(space)
    run = remind(space.root, NOW)
    assert run.delivered.count("written") == 3
    folder = space.root / "outbox" / "mail"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"2026-W47_reminder-before_{u}.eml" for u in ("E06", "E07", "E08")]
    mail = email.message_from_bytes((folder / names[1]).read_bytes(), policy=policy.default)
    assert mail["To"] == "e07@kommun.example" and "veckorapport_E07_2026-W47.xlsx" in attachments(mail)
    remind(space.root, NOW + timedelta(minutes=5))
    assert sorted(p.name for p in folder.iterdir()) == names  # once, on record


def test_dry_run_on_a_configured_workspace_writes_files_and_contacts_no_server(space, port):
    report_w47(space)
    use_server(space, port)  # nothing listens: a dry run must not try
    run = remind(space.root, NOW, dry_run=True)
    assert run.delivered.count("rehearsed") == 3 and run.delivered.count("failed") == 0
    said = "\n".join(mail_lines(run, Texts("sv")))
    assert said.count("provkörning") == 3 and "inget skickat, inget noterat" in said


def test_a_line_cut_after_the_message_went_is_unknown_and_never_sent_again(space, server, port):
    report_w47(space)
    use_server(space, port)
    server.drop_after = "e07@kommun.example"
    run = remind(space.root, NOW)
    assert [state for item, state, _, _ in run.delivered.lines if item.recipient == "E07"] == ["unknown"]
    said = "\n".join(mail_lines(run, Texts("sv")))
    assert "det kan ha kommit fram och skickas inte igen" in said
    server.drop_after = None
    again = remind(space.root, NOW + timedelta(minutes=30))
    assert len([rcpt for rcpt, _ in server.mails if "e07@kommun.example" in rcpt]) == 1  # never twice
    assert [s for item, s, _, _ in again.delivered.lines if item.recipient == "E07"] == ["skipped"]


def test_a_dry_run_records_nothing_so_the_real_run_sends_every_message(space, server, port):
    report_w47(space)
    use_server(space, port)
    remind(space.root, NOW, dry_run=True)
    remind(space.root, NOW, dry_run=True)  # twice: still nothing on record
    run = remind(space.root, NOW)
    assert run.delivered.count("sent") == 3 and len(server.mails) == 3


def edit_plan(space, cells: dict[str, object]) -> set[tuple[str, str]]:
    """Writes ``cells`` ("Sheet!A1": value) into plan.xlsx with openpyxl, as an administrator
    would; returns what the plan check refuses, as (cell, code), empty when the plan reads."""
    wb = openpyxl.load_workbook(space.root / "plan.xlsx")
    for where, value in cells.items():
        sheet, _, ref = where.partition("!")
        wb[sheet][ref] = value
    wb.save(space.root / "plan.xlsx")
    try:
        read_plan(space.root / "plan.xlsx")
    except PlanError as caught:
        return {(f"{p.sheet}!{p.cell}", p.code) for p in caught.problems}
    return set()


def test_the_plan_names_a_cell_with_no_address(space):
    found = edit_plan(
        space,
        {
            "Enheter!E3": "jobbcenter syd",
            "Enheter!E4": "Anna <anna@kommun.se>; berit@kommun.se",
            "Veckobrev!B2": "ledning(at)kommun.se",
        },
    )
    assert found == {("Enheter!E3", "bad-email"), ("Veckobrev!B2", "bad-email")}
    assert edit_plan(space, {"Enheter!E3": None, "Veckobrev!B2": "ledning@kommun.se"}) == set()
    plan = read_plan(space.root / "plan.xlsx")
    assert plan.unit("E03").emails == ("anna@kommun.se", "berit@kommun.se")
    assert plan.unit("E02").emails == ()


@pytest.mark.parametrize(
    ("now", "due"),
    [
        (datetime(2026, 11, 22, 11, 59), (IsoWeek(2026, 46), rhythm.AFTER)),
        (datetime(2026, 11, 22, 12, 0), (W47, rhythm.BEFORE)),
        (datetime(2026, 11, 23, 11, 59), (W47, rhythm.BEFORE)),
        (datetime(2026, 11, 23, 13, 0), None),  # between the deadline and the reminder after it
        (datetime(2026, 11, 23, 14, 0), (W47, rhythm.AFTER)),
        (datetime(2026, 11, 27, 9, 0), (W47, rhythm.AFTER)),
    ],
)
def test_when_reminders_are_due(space, now, due):
    assert rhythm.reminder_due(space.plan, space.ctx.settings, now) == due


def test_the_digest_is_due_at_report_time_after_the_deadline(space):
    settings = space.ctx.settings
    assert rhythm.digest_time(W47, settings) == datetime(2026, 11, 24, 7, 0)
    assert rhythm.digest_due(space.plan, settings, datetime(2026, 11, 24, 6, 59)) == IsoWeek(2026, 46)
    assert rhythm.digest_due(space.plan, settings, datetime(2026, 11, 24, 7, 0)) == W47


def test_addresses_as_people_write_them_are_sent_or_named_by_their_cell(space, server, port):
    """Found by a hostile pass: a domain with å/ä/ö, a name with a comma as Outlook writes it and
    a line break in a name were accepted by the plan and then failed at every send (or blocked the
    digest for everyone); a name before @ that is not ASCII was accepted and could never be sent."""
    found = edit_plan(
        space,
        {
            "Enheter!E2": "asa@köping.se",  # E01
            "Enheter!E3": "Öberg, Åsa <asa@kommun.se>; Berg, Per <per@kommun.se>",  # E02
            "Enheter!E4": "åsa@kommun.se",  # E03: cannot be sent
            "Enheter!E5": "mailto:e04@kommun.example",
            "Veckobrev!A2": "Ledning\r\nBcc: x@y.se",
        },
    )
    assert found == {("Enheter!E4", "bad-email"), ("Enheter!E5", "bad-email")}
    assert edit_plan(space, {"Enheter!E4": "asa.berg@kommun.se", "Enheter!E5": "e04@kommun.example"}) == set()
    plan = read_plan(space.root / "plan.xlsx")
    assert plan.unit("E01").emails == ("asa@xn--kping-jua.se",)
    assert plan.unit("E02").emails == ("asa@kommun.se", "per@kommun.se")
    assert plan.digest_to[0][0] == "Ledning Bcc: x@y.se"  # one line: a name, never a header
    use_server(space, port, mail_sender="Målstyrning, Köping <malstyrning@köping.se>")
    run = remind(space.root, NOW)
    assert run.delivered.count("sent") == 8 and run.delivered.count("failed") == 0
    mail = server.to("asa@xn--kping-jua.se")[0]
    assert mail["From"].addresses[0].display_name == "Målstyrning, Köping"
    assert mail["From"].addresses[0].addr_spec == "malstyrning@xn--kping-jua.se"
    digest = send_digest(space.root, NOW)
    assert digest.delivered.count("sent") == 1
    (sent,) = [m for rcpt, m in server.mails if "ledning@kommun.example" in rcpt]
    assert sent["Bcc"] is None and [a.addr_spec for a in sent["To"].addresses] == ["ledning@kommun.example"]
