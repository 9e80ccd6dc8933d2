"""Building one message: plain text with an HTML alternative, attachments, and honest headers.

Every message says in its headers that it is automatic (``Auto-Submitted: auto-generated``,
RFC 3834), so out-of-office replies are not sent back, and carries a Message-ID made from what
it is (kind, week, recipient), so the same message made twice has the same id. The HTML part is
plain semantic HTML (headings, real tables with header cells, no meaning in colour alone), with
every text escaped: a unit's words never become markup.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from pipeline.plan.cells import ascii_address

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PDF = ("application", "pdf")


@dataclass
class Body:
    """A message's text, built once as blocks and said twice: as plain text and as HTML."""

    language: str
    blocks: list[tuple] = field(default_factory=list)

    def heading(self, text: str, level: int = 2) -> None:
        self.blocks.append(("h", level, text))

    def para(self, text: str, strong: bool = False) -> None:
        self.blocks.append(("p", strong, text))

    def steps(self, items: list[str]) -> None:
        self.blocks.append(("ol", items))

    def table(self, caption: str, header: list[str], rows: list[list[str]], numeric: set[int] = frozenset()):
        """A real table: a caption, header cells (``th scope=col``), each row's first cell a row header."""
        self.blocks.append(("table", caption, header, rows, numeric))

    def plain(self) -> str:
        out: list[str] = []
        for block in self.blocks:
            if block[0] == "h":
                out += ["", block[2], ("=" if block[1] == 1 else "-") * len(block[2])]
            elif block[0] == "p":
                out += ["", block[2]]
            elif block[0] == "ol":
                out += [""] + [f"{i}. {item}" for i, item in enumerate(block[1], start=1)]
            else:
                _, caption, header, rows, numeric = block
                widths = [max(len(str(r[c])) for r in [header, *rows]) for c in range(len(header))]

                def line(cells: list[str], widths=widths, numeric=numeric) -> str:
                    return "  ".join(
                        str(v).rjust(w) if c in numeric else str(v).ljust(w)
                        for c, (v, w) in enumerate(zip(cells, widths, strict=True))
                    ).rstrip()

                out += ["", line(header), "  ".join("-" * w for w in widths)] + [line(r) for r in rows]
        return "\n".join(out).strip() + "\n"

    def html(self, title: str) -> str:
        e = html.escape
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{e(self.language)}"><head><meta charset="utf-8"><title>{e(title)}</title></head>',
            '<body style="font-family: Calibri, Arial, sans-serif; font-size: 11pt; color: #1F1F1F">',
        ]
        for block in self.blocks:
            if block[0] == "h":
                parts.append(f"<h{block[1]}>{e(block[2])}</h{block[1]}>")
            elif block[0] == "p":
                text = f"<strong>{e(block[2])}</strong>" if block[1] else e(block[2])
                parts.append(f"<p>{text}</p>")
            elif block[0] == "ol":
                parts.append("<ol>" + "".join(f"<li>{e(item)}</li>" for item in block[1]) + "</ol>")
            else:
                _, caption, header, rows, numeric = block
                cell = 'style="border: 1px solid #767676; padding: 3px 8px; text-align: {}"'
                parts.append('<table style="border-collapse: collapse">')
                parts.append(f'<caption style="text-align: left; font-weight: bold">{e(caption)}</caption>')
                parts.append(
                    "<thead><tr>"
                    + "".join(
                        f'<th scope="col" {cell.format("right" if c in numeric else "left")}>{e(h)}</th>'
                        for c, h in enumerate(header)
                    )
                    + "</tr></thead><tbody>"
                )
                for row in rows:
                    cells = []
                    for c, value in enumerate(row):
                        tag = 'th scope="row"' if c == 0 else "td"
                        align = cell.format("right" if c in numeric else "left")
                        cells.append(f"<{tag} {align}>{e(str(value))}</{tag.split()[0]}>")
                    parts.append("<tr>" + "".join(cells) + "</tr>")
                parts.append("</tbody></table>")
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"


def sender_parts(sender: str) -> tuple[str, str]:
    """``mail_sender`` as (name, address): ``Målstyrning, Köping <m@köping.se>`` is the name
    ``Målstyrning, Köping`` (quoted in the header, so its comma is no second address) and the
    address with its domain in the international form (``plan.cells.ascii_address``)."""
    text = sender.strip()
    name, address = "", text
    if text.endswith(">") and "<" in text:
        name, address = (
            text[: text.rfind("<")].strip().strip('"').strip(),
            text[text.rfind("<") + 1 : -1].strip(),
        )
    return name, ascii_address(address) or address


def message(
    sender: str,
    to: list[tuple[str, str]],
    subject: str,
    body: Body,
    key: str,
    now: datetime,
    attachments: list[tuple[str, bytes, tuple[str, str]]] = (),
) -> EmailMessage:
    """One message, ready to hand over.

    Args:
        sender: ``mail_sender`` (``a@b.se`` or ``Name <a@b.se>``).
        to: (name, address) of every recipient.
        key: what the message is (``reminder-before/2026-W49/E03``): its Message-ID is made from it.
        now: the Date header (local time, with the machine's offset).
        attachments: (file name, bytes, (maintype, subtype)).
    """
    msg = EmailMessage()
    msg["From"] = formataddr(sender_parts(sender))
    msg["To"] = ", ".join(formataddr((name, address)) for name, address in to)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now.astimezone())
    domain = sender_parts(sender)[1].rpartition("@")[2] or "localhost"
    msg["Message-ID"] = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body.plain())
    msg.add_alternative(body.html(subject), subtype="html")
    for name, data, (maintype, subtype) in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    msg["Content-Language"] = body.language  # after the parts: set_content drops Content-* headers
    return msg
