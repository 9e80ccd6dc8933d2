"""What the terminal says: the ``pipeline`` command's lines, ``status``, the watcher's console, one-line errors."""

TEXTS: dict[str, tuple[str, str]] = {
    # ---- the command's own lines ---------------------------------------------------------------
    "cli.error": ("fel: {message}", "error: {message}"),
    # ---- the command line itself (argparse's own errors, said again) ----------------------------
    "cli.usage-error": (
        "fel: {message}. Hjälp: {command} --help",
        "error: {message}. Help: {command} --help",
    ),
    "cli.arg.no-command": (
        "säg vad som ska göras, till exempel pipeline status",
        "say what to do, for example pipeline status",
    ),
    "cli.arg.required": ("det här måste anges: {names}", "these must be given: {names}"),
    "cli.arg.choice": (
        "{name} kan inte vara {value} (välj bland {choices})",
        "{name} cannot be {value} (choose from {choices})",
    ),
    "cli.arg.command": (
        "det finns inget kommando {value} (välj bland {choices})",
        "there is no command {value} (choose from {choices})",
    ),
    "cli.arg.unknown": ("okända argument: {names}", "unknown arguments: {names}"),
    "cli.arg.one": ("{name} behöver ett värde", "{name} needs a value"),
    "cli.arg.value": ("{name} kan inte vara {value}", "{name} cannot be {value}"),
    "cli.arg.said": ("{name}: {said}", "{name}: {said}"),
    "cli.arg.week": (
        "{text!r} är ingen vecka som finns; skriv den som 2026-W47",
        "{text!r} is not a week that exists; write it like 2026-W47",
    ),
    "cli.unexpected": (
        "fel: oväntat {kind}: {message} (kör igen med --debug för detaljer)",
        "error: unexpected {kind}: {message} (run again with --debug for details)",
    ),
    "cli.init": (
        "Arbetsytan {target} är skapad. Nästa steg: pipeline templates --workspace {target}",
        "Created workspace {target}. Next: pipeline templates --workspace {target}",
    ),
    "cli.plan": (
        "Planen är godkänd: {units} enheter, {measures} mått, {first} till {last}. Veckomålen att granska: {path}",
        "Plan OK: {units} units, {measures} measures, {first} to {last}. Targets for review: {path}",
    ),
    "cli.templates": ("Skrev {n} mallar till {folder}", "Wrote {n} templates to {folder}"),
    "cli.maturity-templates": (
        "Skrev {n} mallar för mognadsmätningen {occasion} till {folder}",
        "Wrote {n} maturity templates for {occasion} to {folder}",
    ),
    "cli.ingested": ("Tog emot {files}: {counts}.", "Ingested {files}: {counts}."),
    # the progress line on a terminal: "Tar emot: 1 200 av 20 000 filer · 180 filer/s · 1 min 44 s kvar"
    "cli.progress.ingest": ("Tar emot", "Ingesting"),
    "cli.progress.rebuild": ("Återskapar liggaren", "Rebuilding the ledger"),
    "cli.progress.starting": ("{what}: {done} av {total} filer", "{what}: {done} of {total} files"),
    "cli.progress.line": (
        "{what}: {done} av {total} filer · {rate} filer/s · {left} kvar",
        "{what}: {done} of {total} files · {rate} files/s · {left} left",
    ),
    "cli.listed-needing-a-look": (
        "Filerna att titta på står nedan ({n}); alla filer står i {log}.",
        "The files to look at are below ({n}); every file is in {log}.",
    ),
    "cli.listed-none-needing-a-look": (
        "Ingen fil behöver tittas på; alla filer står i {log}.",
        "No file needs a look; every file is in {log}.",
    ),
    # counted words: ".1" for one, ".n" for any other number (0 too)
    "cli.n.file.1": ("{n} fil", "{n} file"),
    "cli.n.file.n": ("{n} filer", "{n} files"),
    "cli.n.accepted.1": ("{n} godkänd", "{n} accepted"),
    "cli.n.accepted.n": ("{n} godkända", "{n} accepted"),
    "cli.n.rejected.1": ("{n} avvisad", "{n} rejected"),
    "cli.n.rejected.n": ("{n} avvisade", "{n} rejected"),
    "cli.n.duplicate.1": ("{n} dubblett", "{n} duplicate"),
    "cli.n.duplicate.n": ("{n} dubbletter", "{n} duplicates"),
    "cli.unsettled": (
        "  inte klar: {name} ligger kvar i state/work; nästa körning gör klart den",
        "  not finished: {name} stays in state/work; the next pass finishes it",
    ),
    "cli.waiting": (
        "  väntar: inbox/{place} kan inte flyttas ({reason}) sedan {since}",
        "  waiting: inbox/{place} cannot be moved ({reason}) since {since}",
    ),
    "cli.report": ("Rapport: {path}", "Report: {path}"),
    "cli.maturity-report": ("Mognadsrapport: {path}", "Maturity report: {path}"),
    "cli.export": ("Dataexport: {path}", "Data export: {path}"),
    "cli.rebuilt": (
        "Liggaren är återskapad från {files}: {counts}.",
        "Rebuilt the ledger from {files}: {counts}.",
    ),
    "cli.rebuilt-nothing": ("inga", "nothing"),
    "cli.rebuilt-moved": (
        "  utfallet är ett annat nu (har planen ändrats?): {line}",
        "  outcome changed (the plan changed since?): {line}",
    ),
    "cli.rebuilt-skipped": (
        "  hoppades över, inget mottagnings-id i namnet: {line}",
        "  skipped, no claim id in the name: {line}",
    ),
    "cli.demo-workspace": ("Demo-arbetsyta: {path}", "Demo workspace: {path}"),
    "cli.demo-weeks": (
        "Simulerade veckor {first} till {last}: {files}: {counts} (kvittenser i rejected/).",
        "Simulated weeks {first} to {last}: {files}: {counts} (receipts in rejected/).",
    ),
    "cli.demo-rejected": ("  avvisad {line}", "  rejected {line}"),
    "cli.demo-workbook": (
        "Lägesrapporten: {path} (sparad även som {name})",
        "Leadership workbook: {path} (also saved as {name})",
    ),
    "cli.demo-workbook-plain": ("Lägesrapporten: {path}", "Leadership workbook: {path}"),
    "cli.demo-maturity": ("Mognadsrapport: {path}", "Maturity workbook: {path}"),
    # ---- the watcher's console (``strings.tell``: English in the log file) -----------------------
    "watch.started": (
        "Bevakar {inbox} var {seconds}:e sekund (Ctrl-C för att sluta)",
        "watching {inbox} every {seconds} s (Ctrl-C to stop)",
    ),
    "watch.settled": ("tog hand om {n} fil(er); rapport {report}", "settled {n} file(s); report {report}"),
    "watch.failed": (
        "en körning misslyckades, nästa försöker igen: {error}",
        "poll cycle failed; the next cycle will try again: {error}",
    ),
    "watch.again": ("körningarna fungerar igen", "poll cycle works again"),
    "watch.stopped": ("stoppad av SIGTERM", "stopped on SIGTERM"),
    "watch.report": ("skrev rapporten för {week}: {name}", "wrote report for {week}: {name}"),
    "ingest.accepted": (
        "godkänd {name}: enhet {unit}, vecka {week}",
        "accepted {name}: unit {unit}, week {week}",
    ),
    "ingest.duplicate": (
        "dubblett {name}: samma fil som en som redan räknas; inget ändrades",
        "duplicate {name}: identical to a file already accepted; nothing changed",
    ),
    "ingest.rejected": ("avvisad {name}: {n} problem ({codes})", "rejected {name}: {n} problem(s) ({codes})"),
    # ---- pipeline status ------------------------------------------------------------------------
    "cli.status.title": ("{programme}: vecka {week}", "{programme}: week {week}"),
    "cli.status.reported": (
        "  har rapporterat: {reported} av {units} enheter",
        "  reported: {reported} of {units} units",
    ),
    "cli.status.missing": ("; saknas: {units}", "; missing: {units}"),
    "cli.status.figures": (
        "  {measure}: utfall {actual}, plan {target}, avvikelse {gap}, behövs denna vecka {needed}, mål {goal}",
        "  {measure}: actual {actual}, plan {target}, gap {gap}, needed this week {needed}, goal {goal}",
    ),
    "cli.status.status": ("  läge: {status}", "  status: {status}"),
    "cli.status.pace": (
        "  takt: krävs {required}/vecka, nu {current}/vecka (senaste {weeks} veckorna); prognos {forecast} vecka {last}, målet nås: {reached}",
        "  pace: required {required}/week, current {current}/week (last {weeks} weeks); forecast {forecast} at {last}, goal reached: {reached}",
    ),
    "cli.status.without-data": ("; utan data: {units}", "; without data: {units}"),
    "cli.status.not-in-period": ("inte inom perioden", "not within the period"),
    "cli.status.last-year": (
        "  föregående år, samma veckor: {value} ({diff}){won}",
        "  last year, same weeks: {value} ({diff}){won}",
    ),
    "cli.status.months-won": (", bättre månader {won} av {months}", ", months won {won} of {months}"),
    "cli.status.held": (
        "  väntar på kontroll, räknas inte: {unit} {week} {measure} {value} (mycket större än väntat); stämmer den: pipeline confirm --unit {unit} --week {week}",
        "  held, not counted: {unit} {week} {measure} {value} (far larger than expected); if it is right: pipeline confirm --unit {unit} --week {week}",
    ),
    "cli.status.waiting": (
        "  väntar: inbox/{place} låst sedan {since} ({reason}); den kan inte flyttas",
        "  waiting: inbox/{place} locked since {since} ({reason}); it cannot be moved",
    ),
    "cli.status.work": (
        "  i state/work: {n} fil(er), som nästa körning gör klart",
        "  in state/work: {n} file(s), finished by the next pass",
    ),
    "cli.status.ignored": (
        "  lämnas i inkorgen: {n} ({names}{more}); lås- och tillfälliga filer, dolda filer, länkar och mappar djupare än inbox/<enhet>/ tas aldrig",
        "  ignored in the inbox: {n} ({names}{more}); lock and temp files, dotfiles, links and folders deeper than inbox/<unit>/ are never taken",
    ),
    "cli.status.more": (" och {n} till", ", and {n} more"),
    "cli.status.watcher-none": (
        "  bevakningen: körs inte (ingen livstecken-fil)",
        "  watcher: not running (no heartbeat)",
    ),
    "cli.status.watcher-unreadable": (
        "  bevakningen: livstecknet {name} går inte att läsa ({error})",
        "  watcher: unreadable heartbeat {name} ({error})",
    ),
    "cli.status.watcher-stopped": (
        "  bevakningen: körs inte; senaste körning {when}",
        "  watcher: not running; last poll {when}",
    ),
    "cli.status.watcher-gone": (
        "  bevakningen: körs inte (processen finns inte, dödad?); senaste körning {when}",
        "  watcher: not running (its process is gone, killed?); last poll {when}",
    ),
    "cli.status.watcher-silent": (
        "  bevakningen: tyst sedan {when} — körs den?",
        "  watcher: silent since {when} — is it running?",
    ),
    "cli.status.watcher-ok": (
        "  bevakningen: senaste körning {when}, {total} fil(er) sedan start",
        "  watcher: last poll {when}, {total} file(s) since start",
    ),
    "cli.status.watcher-failed": ("; senaste körningen misslyckades: {error}", "; last poll failed: {error}"),
    "cli.status.ago-s": ("för {n} s sedan", "{n} s ago"),
    "cli.status.ago-min": ("för {n} min sedan", "{n} min ago"),
    "cli.status.ago-h": ("för {n} h sedan", "{n} h ago"),
    "cli.status.ago-days": ("för {n} dagar sedan", "{n} days ago"),
    # ---- one-line errors (``PipelineError(key=...)``) --------------------------------------------
    "error.not-a-workspace": (
        "{root} är ingen arbetsyta (plan.xlsx saknas). Skapa en med: pipeline init {root}, eller ange --workspace MAPP",
        "{root} is not a workspace (no plan.xlsx). Create one with: pipeline init {root}, or pass --workspace DIR",
    ),
    "error.has-plan": (
        "{root} har redan en plan.xlsx; inget har ändrats. Välj en annan mapp.",
        "{root} already has a plan.xlsx; nothing was changed. Use another folder.",
    ),
    "error.folder": (
        "mappen {folder} kan inte skapas ({error}); kontrollera sökvägen{hint}",
        "cannot make the folder {folder} ({error}); check the path{hint}",
    ),
    "error.folder-state": (" (state_dir i pipeline.toml)", " (state_dir in pipeline.toml)"),
    "error.no-ledger": (
        "det finns ingen liggare i {path}{settled}: kontrollera state_dir i pipeline.toml (flytta dit den gamla state-mappen), eller kör `pipeline rebuild` för att återskapa liggaren från archive/ och rejected/",
        "there is no ledger at {path}{settled}: check state_dir in pipeline.toml (move the old state folder there), or run `pipeline rebuild` to make the ledger again from archive/ and rejected/",
    ),
    "error.no-ledger-settled": (
        " fast archive/ och rejected/ innehåller filer",
        " although archive/ and rejected/ hold settled files",
    ),
    "error.network-state": (
        "liggarens mapp {folder} ligger på {found}; SQLite får inte köras där. Lägg state/ på serverns lokala disk med inställningen state_dir i pipeline.toml (se README:s avsnitt om tjänsten), eller sätt allow_network_state = true om du är säker",
        "the ledger folder {folder} is on {found}; SQLite must not run there. Put state/ on the server's local disk with the state_dir setting in pipeline.toml (see the README's service section), or set allow_network_state = true if you are sure",
    ),
    "error.week-outside": (
        "{week} ligger utanför programmets period ({first} till {last}); välj en vecka i perioden",
        "{week} is outside the programme's period ({first} to {last}); pick a week in the period",
    ),
    "error.week-future": (
        "{week} har inte börjat än; välj en vecka till och med {latest}",
        "{week} has not started yet; pick a week up to {latest}",
    ),
    "error.no-inbox": (
        "inkorgen {inbox} finns inte (en utdelning som inte är monterad?); montera den, eller skapa mappen",
        "the inbox {inbox} does not exist (a share that is not mounted?); mount it, or create the folder",
    ),
    "error.inbox-unreadable": (
        "inkorgen {inbox} går inte att läsa ({error}); väntar på att den kommer tillbaka",
        "the inbox {inbox} cannot be read ({error}); waiting for it to come back",
    ),
    "error.watcher-runs": (
        "en bevakning körs på arbetsytan (den håller {lock}); stoppa den och kör rebuild igen",
        "a watcher runs on this workspace (it holds {lock}); stop it and run rebuild again",
    ),
    "error.work-busy": (
        "filer håller på att behandlas i state/work; kör `pipeline ingest` först",
        "files are still being processed in state/work; run `pipeline ingest` first",
    ),
    "error.demo-exists": (
        "{root} finns redan och är ingen demo-arbetsyta; ange --workspace med en ny mapp",
        "{root} exists and is not a demo workspace; pass --workspace with a new folder",
    ),
    "error.busy": (
        "{what} är upptagen: {who} håller {path}; väntade {wait} s. Försök igen när den är klar{watch}",
        "{what} is busy: {who} holds {path}; waited {wait} s. Try again when it is done{watch}",
    ),
    "error.busy-watch": (" (eller stoppa bevakningen först)", " (or stop the watcher first)"),
    "error.busy-watcher": (
        "en bevakning körs redan på arbetsytan: {who} håller {path}. Stoppa den för att starta en ny",
        "a watcher already runs on this workspace: {who} holds {path}. Stop it to start another",
    ),
    "error.busy-who": (
        "{command} (pid {pid} på {host}, sedan {since})",
        "{command} (pid {pid} on {host}, since {since})",
    ),
    "error.busy-other": ("en annan process", "another process"),
    "error.the-workspace": ("arbetsytan", "the workspace"),
    "error.plan-missing": (
        "{name} finns inte. Skapa en arbetsyta med: pipeline init MAPP",
        "{name} not found. Create a workspace with: pipeline init DIR",
    ),
    "error.plan-unopenable": (
        "{name} går inte att öppna som en Excel-arbetsbok: {error}",
        "{name} cannot be opened as an Excel workbook: {error}",
    ),
}
