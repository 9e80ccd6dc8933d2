"""Mail: reminders, the weekly digest and receipts by mail, and what the terminal says of them."""

TEXTS: dict[str, tuple[str, str]] = {
    # ---- reminders (påminnelser): no figures, no names, nothing of another unit ----------
    "mail.remind.subject.before": (
        "Påminnelse: veckorapporten för vecka {week_no} ska in {due}",
        "Reminder: the weekly report for week {week_no} is due {due}",
    ),
    "mail.remind.subject.after": (
        "Veckorapporten för vecka {week_no} saknas: skicka den så snart ni kan",
        "The weekly report for week {week_no} is missing: please send it as soon as you can",
    ),
    "mail.remind.hello": ("Hej {unit}!", "Hello {unit},"),
    "mail.remind.before": (
        "Er veckorapport för vecka {week_no} ({days}) har inte kommit in ännu. Den ska vara inne {due}.",
        "Your weekly report for week {week_no} ({days}) has not come in yet. It is due {due}.",
    ),
    "mail.remind.after": (
        "Er veckorapport för vecka {week_no} ({days}) skulle ha varit inne {due} och har inte kommit. Skicka den så snart ni kan: den räknas när den kommer in.",
        "Your weekly report for week {week_no} ({days}) was due {due} and has not come in. Please send it as soon as you can: it counts when it arrives.",
    ),
    "mail.remind.rejected": (
        "Vi har fått en fil från er för veckan, men den kunde inte tas emot. Kvittensen för filen som kom {receipt} säger vad som behöver rättas; den ligger bland era kvittenser. Rätta filen och lägg den i mappen igen, eller fyll i den bifogade mallen.",
        "We have received a file from you for the week, but it could not be accepted. The receipt for the file that came {receipt} says what needs correcting; it is with your receipts. Correct the file and drop it in the folder again, or fill in the attached template.",
    ),
    "mail.remind.how": ("Så här gör ni:", "What to do:"),
    "mail.remind.step1": (
        "Öppna den bifogade mallen {template}. Veckan är redan ifylld.",
        "Open the attached template {template}. The week is already filled in.",
    ),
    "mail.remind.step1-status": (
        "Öppna den bifogade mallen {template}. Veckan är redan ifylld, och mallen visar var ni står.",
        "Open the attached template {template}. The week is already filled in, and the template shows where you stand.",
    ),
    "mail.remind.step2": (
        "Fyll i veckans siffror och era åtgärder, och spara.",
        "Fill in the week's figures and your actions, and save.",
    ),
    "mail.remind.step3": ("Lägg filen i mappen {drop}", "Drop the file in the folder {drop}"),
    "mail.remind.receipt": (
        "När filen är läst får ni en kvittens som säger om den togs emot.",
        "Once the file has been read you get a receipt that says whether it was accepted.",
    ),
    "mail.footer": (
        "Det här är ett automatiskt meddelande från uppföljningen av {programme}. Svara inte på det; frågor går till den som samordnar uppföljningen.",
        "This is an automatic message from the follow-up of {programme}. Please do not reply; questions go to whoever coordinates the follow-up.",
    ),
    # ---- the weekly digest (veckobrev) ------------------------------------------------------
    "mail.digest.subject": (
        "Veckobrev vecka {week_no}: {headline}",
        "Weekly digest week {week_no}: {headline}",
    ),
    "mail.digest.title": ("{programme}: vecka {week_no}", "{programme}: week {week_no}"),
    "mail.digest.intro": (
        "Läget till och med vecka {week} ({week_range}). Målet: {goal_text}.",
        "The position up to week {week} ({week_range}). The goal: {goal_text}.",
    ),
    "mail.digest.key": ("Nyckeltal", "Key figures"),
    "mail.digest.figure": ("Nyckeltal", "Key figure"),
    "mail.digest.value": ("Värde", "Value"),
    "mail.digest.agenda": ("Att ta upp på mötet", "For the meeting"),
    "mail.digest.agenda-none": (
        "Inga eskaleringar och inga blockerade åtgärder.",
        "No escalations and no blocked actions.",
    ),
    "mail.digest.missing": ("Saknade rapporter", "Missing reports"),
    "mail.digest.missing-none": ("Alla enheter har rapporterat.", "Every unit has reported."),
    "mail.digest.months": ("Månader mot föregående år", "Months against last year"),
    "mail.digest.month": ("Månad", "Month"),
    "mail.digest.this-year": ("I år", "This year"),
    "mail.digest.last-year": ("Föregående år", "Last year"),
    "mail.digest.won": ("Vunnen", "Won"),
    "mail.digest.won-yes": ("Ja, vunnen", "Yes, won"),
    "mail.digest.won-no": ("Nej", "No"),
    "mail.digest.attached": (
        "Hela lägesrapporten är bifogad: {files}.",
        "The full status report is attached: {files}.",
    ),
    "mail.digest.held": (
        "Obs: {n} siffror väntar på kontroll och räknas inte i nyckeltalen (se lägesrapporten).",
        "Note: {n} figures wait for a check and are not counted in the key figures (see the status report).",
    ),
    # ---- receipts by mail ----------------------------------------------------------------
    "mail.receipt.subject.accepted": ("Godkänd: {unit} vecka {week_no}", "Accepted: {unit} week {week_no}"),
    "mail.receipt.subject.warnings": (
        "Godkänd med varningar: {unit} vecka {week_no}",
        "Accepted with warnings: {unit} week {week_no}",
    ),
    "mail.receipt.subject.rejected.1": ("Avvisad: 1 fel att rätta", "Rejected: 1 error to correct"),
    "mail.receipt.subject.rejected.n": ("Avvisad: {n} fel att rätta", "Rejected: {n} errors to correct"),
    "mail.receipt.subject.duplicate": (
        "Dubblett: {unit} vecka {week_no} fanns redan",
        "Duplicate: {unit} week {week_no} was already received",
    ),
    "mail.receipt.body": (
        "Kvittensen för filen {file} är bifogad. Öppna den för att se vad som togs emot.",
        "The receipt for the file {file} is attached. Open it to see what was received.",
    ),
    # ---- the terminal ----------------------------------------------------------------------
    "mail.cli.none-due": (
        "Inga påminnelser för vecka {week}: alla enheter med e-postadress har rapporterat, eller fått påminnelsen redan.",
        "No reminders for week {week}: every unit with an e-mail address has reported, or was reminded already.",
    ),
    "mail.cli.line.sent": ("  skickat      {what} till {to}", "  sent         {what} to {to}"),
    "mail.cli.line.written": ("  sparat       {what}: {path}", "  written      {what}: {path}"),
    "mail.cli.line.failed": (
        "  ej skickat   {what} till {to}: {detail}{end} {next_try}",
        "  not sent     {what} to {to}: {detail}{end} {next_try}",
    ),
    "mail.cli.line.skipped": ("  redan gjort  {what} ({state})", "  done before  {what} ({state})"),
    "mail.cli.line.unknown": (
        "  okänt        {what} till {to}: förbindelsen bröts medan brevet skickades ({detail}); det kan ha kommit fram och skickas inte igen.",
        "  unknown      {what} to {to}: the connection was lost while the message was sent ({detail}); it may have arrived and is not sent again.",
    ),
    "mail.cli.line.rehearsed": (
        "  provkörning  {what}: {path} (inget skickat, inget noterat)",
        "  dry run      {what}: {path} (nothing sent, nothing recorded)",
    ),
    "mail.cli.next-try": ("Försöker igen tidigast {time}.", "Next try no earlier than {time}."),
    "mail.cli.rehearsal-failed": (
        "Så skulle det gå i en riktig körning; provkörningen noterar inget.",
        "So it would go in a real run; the dry run records nothing.",
    ),
    "mail.cli.given-up": (
        "Försöker inte igen av sig själv (gav upp efter {n} försök); pipeline remind eller digest försöker en gång till.",
        "Not tried again by itself (given up after {n} tries); pipeline remind or digest tries once more.",
    ),
    "mail.cli.no-recipients": (
        "Ingen i planen har en e-postadress för {what}. Fyll i {where} i plan.xlsx.",
        "Nobody in the plan has an e-mail address for {what}. Fill in {where} in plan.xlsx.",
    ),
    "mail.what.reminder-before": ("påminnelse {unit} v. {week_no}", "reminder {unit} w. {week_no}"),
    "mail.what.reminder-after": (
        "påminnelse efter tiden {unit} v. {week_no}",
        "overdue reminder {unit} w. {week_no}",
    ),
    "mail.what.digest": ("veckobrev v. {week_no}", "digest w. {week_no}"),
    "mail.what.receipt": ("kvittens {unit} v. {week_no}", "receipt {unit} w. {week_no}"),
    "mail.state.sent": ("skickat", "sent"),
    "mail.state.written": ("sparat som fil", "written as a file"),
    "mail.state.failed": ("ej skickat", "not sent"),
    "mail.state.unknown": ("okänt: avbrutet mitt i", "unknown: cut short"),
    "mail.state.sending": ("skickas", "sending"),
    "mail.log.no-pdf": (
        "Veckobrevet skickas utan pdf: {error}",
        "The digest goes without its PDF: {error}",
    ),
    "mail.log.no-archive-pdf": (
        "Arkivkopian (pdf) skrevs inte: {error}",
        "The archive copy (PDF) was not written: {error}",
    ),
    "cli.demo-mail": (
        "Meddelanden: {n} e-brev (påminnelser och veckobrev) i {folder}, öppna dem i Outlook eller Thunderbird",
        "Messages: {n} mails (reminders and the digest) in {folder}; open them in Outlook or Thunderbird",
    ),
    "mail.log.receipts-failed": (
        "Kvittenserna kunde inte skickas med e-post; de ligger i sina mappar som vanligt.",
        "The receipts could not be mailed; they are in their folders as always.",
    ),
    "mail.log.sent": ("Skickat: {what} till {to}", "Sent: {what} to {to}"),
    "mail.log.written": ("Sparat som e-postfil: {what} till {to}", "Written as a mail file: {what} to {to}"),
    "mail.log.failed": (
        "Kunde inte skicka {what}: {error}. Försöker igen senare.",
        "Could not send {what}: {error}. Will try again later.",
    ),
    "mail.log.cut-short": (
        "{what} avbröts mitt i sändningen (okänt om det kom fram); det skickas inte igen.",
        "{what} was cut short while being sent (unknown whether it arrived); it is not sent again.",
    ),
    "mail.log.scheduled-failed": (
        "De schemalagda meddelandena kunde inte skickas; nästa varv försöker igen.",
        "The scheduled messages could not be sent; the next poll tries again.",
    ),
    "mail.cli.what": ("{what}", "{what}"),
    "mail.status.title": ("Senaste meddelanden:", "Latest messages:"),
    # why a message was not handed over (transport._reason): one line, with what to check
    "mail.why.said": ("servern svarade: {said}", "the server said: {said}"),
    "mail.why.login": (
        "servern godtog inte inloggningen för {user} ({code}): stämmer mail_user och PIPELINE_MAIL_PASSWORD?",
        "the server did not accept the login for {user} ({code}): check mail_user and PIPELINE_MAIL_PASSWORD",
    ),
    "mail.why.no-starttls": (
        "servern {host}:{port} erbjuder inte STARTTLS: stämmer mail_security och mail_port?",
        "the server {host}:{port} does not offer STARTTLS: check mail_security and mail_port",
    ),
    "mail.why.tls": (
        "krypteringen med {host}:{port} gick inte att ordna ({error}): stämmer mail_security och mail_port?",
        "encryption with {host}:{port} could not be set up ({error}): check mail_security and mail_port",
    ),
    "mail.why.no-host": (
        "servern {host} hittas inte: stämmer mail_host (bara namnet, porten i mail_port)?",
        "the server {host} cannot be found: check mail_host (the name only, the port goes in mail_port)",
    ),
    "mail.why.refused": (
        "servern {host}:{port} tar inte emot anslutningar: är den igång, och stämmer mail_port?",
        "the server {host}:{port} refuses connections: is it running, and is mail_port right?",
    ),
    "mail.why.timeout": (
        "servern {host}:{port} svarade inte inom {seconds} sekunder",
        "the server {host}:{port} did not answer within {seconds} seconds",
    ),
    "mail.why.closed": (
        "servern {host}:{port} stängde förbindelsen",
        "the server {host}:{port} closed the connection",
    ),
    "mail.why.other": (
        "fel mot servern {host}:{port} ({error})",
        "error with the server {host}:{port} ({error})",
    ),
    "mail.error.password": (
        "mail_user är satt i pipeline.toml men lösenordet saknas. Sätt miljövariabeln PIPELINE_MAIL_PASSWORD.",
        "mail_user is set in pipeline.toml but the password is missing. Set the environment variable PIPELINE_MAIL_PASSWORD.",
    ),
    "mail.error.week-outside": (
        "Vecka {week} ligger utanför programmets period ({first}–{last}).",
        "Week {week} is outside the programme's period ({first} to {last}).",
    ),
}
