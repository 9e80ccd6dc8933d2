"""Every text a user reads, in Swedish (default) and English. One place, one table.

Use ``Texts(lang)``::

    t = Texts("sv")
    t("status.behind")                      # "Efter plan"
    t("problem.not-a-number", value="5 st")  # message with its facts filled in

A key missing in one language falls back to Swedish, and a test checks that
both languages have every key.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # ---- plan workbook: sheets and columns -----------------------------------------------
    "plan.sheet.programme": ("Program", "Programme"),
    "plan.sheet.units": ("Enheter", "Units"),
    "plan.sheet.measures": ("Mått", "Measures"),
    "plan.sheet.goals": ("Mål", "Goals"),
    "plan.sheet.calendar": ("Kalender", "Calendar"),
    "plan.sheet.milestones": ("Delmål", "Milestones"),
    "plan.sheet.last_year": ("Föregående år", "Last year"),
    "plan.sheet.actions": ("Åtgärder", "Actions"),
    "plan.col.key": ("Inställning", "Setting"),
    "plan.col.value": ("Värde", "Value"),
    "plan.col.id": ("Id", "Id"),
    "plan.col.name": ("Namn", "Name"),
    "plan.col.group": ("Avdelning", "Department"),
    "plan.col.share": ("Andel av avdelningens mål", "Share of department goal"),
    "plan.col.kind": ("Typ", "Kind"),
    "plan.col.direction": ("Riktning", "Direction"),
    "plan.col.unit": ("Enhet", "Unit"),
    "plan.col.measure": ("Mått", "Measure"),
    "plan.col.goal": ("Mål", "Goal"),
    "plan.col.baseline": ("Utgångsvärde", "Baseline"),
    "plan.col.week": ("Vecka", "Week"),
    "plan.col.weight": ("Vikt", "Weight"),
    "plan.col.note": ("Kommentar", "Note"),
    "plan.col.target": ("Mål vid veckan", "Target at week"),
    "plan.col.last_year_value": ("Utfall", "Actual"),
    "plan.col.action": ("Åtgärd", "Action"),
    "plan.col.owner": ("Ansvarig", "Owner"),
    "plan.col.due": ("Klar senast (vecka)", "Due (week)"),
    "plan.key.programme_id": ("Program-id", "Programme id"),
    "plan.key.name": ("Programnamn", "Programme name"),
    "plan.key.goal_text": ("Målformulering", "Goal statement"),
    "plan.key.main_measure": ("Huvudmått", "Main measure"),
    "plan.key.first_week": ("Första vecka", "First week"),
    "plan.key.last_week": ("Sista vecka", "Last week"),
    "plan.kind.flow": ("flöde", "flow"),
    "plan.kind.stock": ("nivå", "stock"),
    "plan.direction.higher": ("högre är bättre", "higher is better"),
    "plan.direction.lower": ("lägre är bättre", "lower is better"),
    "plan.calendar.summer": ("Sommar", "Summer"),
    "plan.calendar.christmas": ("Jul och nyår", "Christmas and New Year"),
    "plan.targets.title": (
        "Målkurva per enhet och vecka (ackumulerat)",
        "Target curve per unit and week (cumulative)",
    ),
    "plan.targets.sheet": ("Målkurva", "Targets"),
    "plan.targets.total": ("Totalt", "Total"),
    "plan.error": ("Planen har fel", "The plan has errors"),
    "plan.problem.missing-sheet": (
        "Bladet {sheet} saknas. Lägg till det med rubrikerna {headers}.",
        "The sheet {sheet} is missing. Add it with the headers {headers}.",
    ),
    "plan.problem.missing-column": (
        "Kolumnen {column} saknas i rubrikraden.",
        "The column {column} is missing from the header row.",
    ),
    "plan.problem.missing-value": ("Värde saknas. Fyll i {column}.", "Value missing. Fill in {column}."),
    "plan.problem.not-a-number": ("{value!r} är inte ett tal.", "{value!r} is not a number."),
    "plan.problem.negative": ("Får inte vara negativt.", "Must not be negative."),
    "plan.problem.not-a-week": (
        "{value!r} är inte en ISO-vecka. Skriv till exempel 2026-W47.",
        "{value!r} is not an ISO week. Write for example 2026-W47.",
    ),
    "plan.problem.unknown-unit": (
        "Enheten {value!r} finns inte på bladet {where}.",
        "The unit {value!r} is not on the sheet {where}.",
    ),
    "plan.problem.unknown-measure": (
        "Måttet {value!r} finns inte på bladet {where}.",
        "The measure {value!r} is not on the sheet {where}.",
    ),
    "plan.problem.duplicate-id": ("Id {value!r} finns redan.", "The id {value!r} is already used."),
    "plan.problem.bad-choice": (
        "{value!r} ska vara något av: {choices}.",
        "{value!r} must be one of: {choices}.",
    ),
    "plan.problem.period-order": (
        "Sista veckan ligger före första veckan.",
        "The last week is before the first week.",
    ),
    "plan.problem.outside-period": (
        "Veckan {value} ligger utanför perioden.",
        "The week {value} is outside the period.",
    ),
    "plan.problem.goal-twice": ("Målet för {value} är satt två gånger (för enheten och för dess avdelning). Ta bort det ena.", "The goal for {value} is set twice (for the unit and for its department). Remove one."),
    "plan.problem.no-units": ("Inga enheter. Lägg till minst en rad.", "No units. Add at least one row."),
    "plan.problem.no-goal": (
        "Huvudmåttet {value!r} har inga mål.",
        "The main measure {value!r} has no goals.",
    ),
    # ---- unit template -----------------------------------------------------------------------
    "template.sheet": ("Veckorapport", "Weekly report"),
    "template.title": ("Veckorapport", "Weekly report"),
    "template.intro": (
        "Fyll i de gula cellerna. Välj vecka i listan. Spara och lägg filen i inkorgen.",
        "Fill in the yellow cells. Pick the week from the list. Save and put the file in the inbox.",
    ),
    "template.unit": ("Enhet", "Unit"),
    "template.week": ("Vecka", "Week"),
    "template.measures": ("Resultat denna vecka", "Results this week"),
    "template.measure_id": ("Id", "Id"),
    "template.measure": ("Mått", "Measure"),
    "template.value": ("Antal denna vecka", "Number this week"),
    "template.value_stock": ("Nivå vid veckans slut", "Level at the end of the week"),
    "template.actions": ("Åtgärder", "Actions"),
    "template.action": ("Åtgärd", "Action"),
    "template.owner": ("Ansvarig", "Owner"),
    "template.due": ("Klar senast (vecka)", "Due (week)"),
    "template.acted": ("Agerat? (Ja/Nej)", "Acted? (Yes/No)"),
    "template.status": ("Status", "Status"),
    "template.result": ("Resultat", "Result"),
    "template.blocker": ("Hinder", "Blocker"),
    "template.comment": ("Övrig kommentar", "Other comments"),
    "template.value_error_title": ("Heltal krävs", "Whole number required"),
    "template.value_error": (
        "Skriv ett heltal, 0 eller mer, utan text.",
        "Type a whole number, 0 or more, without text.",
    ),
    "template.week_error": ("Välj en vecka i listan.", "Pick a week from the list."),
    "template.list_error": ("Välj ett värde i listan.", "Pick a value from the list."),
    "yes": ("Ja", "Yes"),
    "no": ("Nej", "No"),
    "action.not_started": ("Ej påbörjad", "Not started"),
    "action.in_progress": ("Pågår", "In progress"),
    "action.done": ("Klar", "Done"),
    "action.blocked": ("Blockerad", "Blocked"),
    # ---- validation problems: code -> message (how to fix) -----------------------------------
    "problem.not-xlsx": (
        "Filen är inte en Excel-arbetsbok (.xlsx){what}. Spara mallen som Excel-arbetsbok och skicka igen.",
        "The file is not an Excel workbook (.xlsx){what}. Save the template as an Excel workbook and send it again.",
    ),
    "problem.too-large": (
        "Filen är för stor ({value} MB, högst {limit} MB). Använd den tomma mallen och skicka igen.",
        "The file is too large ({value} MB, at most {limit} MB). Use the blank template and send it again.",
    ),
    "problem.unknown-template": (
        "Filen är inte programmets veckomall. Hämta din enhets mall i mappen templates/ och fyll i den.",
        "The file is not the programme's weekly template. Get your unit's template from the templates/ folder and fill it in.",
    ),
    "problem.missing-name": (
        "Mallen saknar fältet {name}. Hämta en ny mall i mappen templates/.",
        "The template is missing the field {name}. Get a new template from the templates/ folder.",
    ),
    "problem.wrong-programme": (
        "Mallen hör till ett annat program ({value}). Använd mallen för {expected}.",
        "The template belongs to another programme ({value}). Use the template for {expected}.",
    ),
    "problem.outdated-template": (
        "Mallen har version {value}, men aktuell version är {expected}. Hämta en ny mall i mappen templates/.",
        "The template is version {value}, but the current version is {expected}. Get a new template from the templates/ folder.",
    ),
    "problem.unknown-unit": (
        "Enheten {value!r} finns inte i planen. Använd din enhets egen mall.",
        "The unit {value!r} is not in the plan. Use your unit's own template.",
    ),
    "problem.unit-folder-mismatch": (
        "Filen gäller enheten {value!r} men ligger i mappen för {folder}. Lägg filen i din egen enhets mapp, eller använd din enhets mall.",
        "The file is for the unit {value!r} but is in the folder of {folder}. Put the file in your own unit's folder, or use your unit's template.",
    ),
    "problem.week-missing": (
        "Veckan saknas. Välj vecka i listan.",
        "The week is missing. Pick the week from the list.",
    ),
    "problem.week-malformed": (
        "{value!r} är ingen vecka. Välj vecka i listan (till exempel 2026-W47).",
        "{value!r} is not a week. Pick the week from the list (for example 2026-W47).",
    ),
    "problem.week-outside-period": (
        "Vecka {value} ligger utanför programmets period ({first}–{last}). Välj rätt vecka i listan.",
        "Week {value} is outside the programme's period ({first} to {last}). Pick the right week from the list.",
    ),
    "problem.week-in-future": (
        "Vecka {value} har inte börjat än. Välj den vecka du rapporterar för.",
        "Week {value} has not started yet. Pick the week you are reporting for.",
    ),
    "problem.missing-value": (
        "Värde saknas för {measure}. Skriv ett heltal (0 om inget hänt).",
        "Value missing for {measure}. Type a whole number (0 if nothing happened).",
    ),
    "problem.not-a-number": (
        "{measure}: {value!r} är inte ett tal. Skriv bara siffror, till exempel 5.",
        "{measure}: {value!r} is not a number. Type digits only, for example 5.",
    ),
    "problem.not-whole-number": (
        "{measure}: {value} är inte ett heltal. Skriv ett heltal.",
        "{measure}: {value} is not a whole number. Type a whole number.",
    ),
    "problem.negative-number": (
        "{measure}: {value} är negativt. Skriv 0 eller mer.",
        "{measure}: {value} is negative. Type 0 or more.",
    ),
    "problem.invalid-acted": ("{value!r} ska vara Ja eller Nej.", "{value!r} must be Yes or No."),
    "problem.acted-missing": (
        "Agerat saknas för åtgärden {action!r}. Välj Ja eller Nej.",
        "Acted is missing for the action {action!r}. Pick Yes or No.",
    ),
    "problem.invalid-status": (
        "{value!r} är ingen status. Välj i listan: {choices}.",
        "{value!r} is not a status. Pick from the list: {choices}.",
    ),
    "problem.blocker-missing": (
        "Ni har inte agerat på {action!r}: skriv vad som hindrade er i kolumnen Hinder.",
        "You did not act on {action!r}: write what blocked you in the Blocker column.",
    ),
    "problem.encrypted": (
        "Filen är lösenordsskyddad eller krypterad. Ta bort lösenordet (Arkiv > Info > Skydda arbetsbok) och spara igen.",
        "The file is password-protected or encrypted. Remove the password (File > Info > Protect Workbook) and save again.",
    ),
    "problem.macro-enabled": (
        "Filen innehåller makron (.xlsm). Spara som vanlig Excel-arbetsbok (.xlsx) och skicka igen.",
        "The file contains macros (.xlsm). Save it as a plain Excel workbook (.xlsx) and send it again.",
    ),
    "problem.unsafe-file": (
        "Filen har en otillåten uppbyggnad ({value}) och öppnas inte. Fyll i en ny mall från mappen templates/.",
        "The file has a structure that is not allowed ({value}) and is not opened. Fill in a new template from the templates/ folder.",
    ),
    "problem.too-large-unpacked": (
        "Filen blir för stor när den packas upp ({value} MB, högst {unpacked} MB). Använd den tomma mallen och skicka igen.",
        "The file is too large when unpacked ({value} MB, at most {unpacked} MB). Use the blank template and send it again.",
    ),
    "problem.sheet-too-large": (
        "Ett blad i filen använder ett för stort område ({value}, högst {cells} celler). Något ligger långt ner eller långt till höger. Fyll i en ny mall från mappen templates/.",
        "A sheet in the file uses too large an area ({value}, at most {cells} cells). Something sits far down or far to the right. Fill in a new template from the templates/ folder.",
    ),
    "problem.parse-failed": (
        "Filen är för stor eller trasig: den gick inte att läsa inom {seconds} sekunder och {mb} MB minne. Spara den igen i Excel, eller fyll i en ny mall från mappen templates/.",
        "The file is too large or damaged: it could not be read within {seconds} seconds and {mb} MB of memory. Save it again in Excel, or fill in a new template from the templates/ folder.",
    ),
    "filetype.xls": (", utan en gammal .xls-fil", " but an old .xls file"),
    "filetype.ods": (", utan en OpenDocument-fil (.ods)", " but an OpenDocument file (.ods)"),
    "filetype.docx": (", utan ett Word-dokument", " but a Word document"),
    "filetype.csv": (", utan en textfil (CSV)", " but a text file (CSV)"),
    "filetype.html": (", utan en webbsida (HTML)", " but a web page (HTML)"),
    "filetype.pdf": (", utan en PDF", " but a PDF"),
    "filetype.zip": (", utan en zip-fil utan arbetsbok", " but a zip file with no workbook"),
    "filetype.damaged": (": filen är trasig", ": the file is damaged"),
    "filetype.unknown": ("", ""),
    "filetype.empty": (": filen är tom (0 byte)", ": the file is empty (0 bytes)"),
    "report.acted.partly": ("Delvis", "Partly"),
    "problem.unreadable": (
        "Filen gick inte att läsa ({value}). Spara den igen i Excel och skicka på nytt.",
        "The file could not be read ({value}). Save it again in Excel and send it again.",
    ),
    # ---- intake (issue 5): formulas, other kinds, warnings, corrections -------------------------
    "problem.formula-not-calculated": (
        "Cellen har en formel som aldrig har räknats ut, så värdet är okänt. Öppna filen i Excel, tryck F9 (eller skriv in talet direkt) och spara igen.",
        "The cell holds a formula that was never calculated, so its value is unknown. Open the file in Excel, press F9 (or type the number instead) and save again.",
    ),
    "problem.wrong-template-kind": (
        "Filen är en mall av typen {kind!r}, inte veckorapporten. Skicka veckorapporten i din enhets veckomall från mappen templates/.",
        "The file is a template of the kind {kind!r}, not the weekly report. Send the weekly report in your unit's weekly template from the templates/ folder.",
    ),
    "problem.implausible-value": (
        "Kontrollera {measure}: {value} är mycket mer än väntat (över {limit}; enhetens högsta tidigare värde är {largest}, veckomålet {target}). Siffran är sparad. Stämmer den inte, skicka en rättad fil.",
        "Check {measure}: {value} is far more than expected (above {limit}; the unit's largest earlier value is {largest}, the weekly target {target}). The figure is stored. If it is wrong, send a corrected file.",
    ),
    "problem.done-without-result": (
        "Åtgärden {action!r} är markerad Klar men resultat saknas. Skriv vad den gav i kolumnen Resultat nästa gång.",
        "The action {action!r} is marked Done but has no result. Write what it achieved in the Result column next time.",
    ),
    "problem.replaces-file": (
        "Rättelse: ersätter tidigare fil {previous}.",
        "Correction: replaces the earlier file {previous}.",
    ),
    "receipt.outcome.accepted_warnings": (
        "Godkänd med varningar: siffrorna är sparade, men kontrollera raderna nedan.",
        "Accepted with warnings: the figures are stored, but check the rows below.",
    ),
    "receipt.outcome.superseded_warnings": (
        "Godkänd med varningar: ersätter en tidigare inskickad fil för samma vecka ({previous}). Kontrollera raderna nedan.",
        "Accepted with warnings: replaces an earlier file for the same week ({previous}). Check the rows below.",
    ),
    "receipt.warnings": ("Att kontrollera", "To check"),
    "receipt.log.accepted": ("Godkänd", "Accepted"),
    "receipt.log.accepted_warnings": ("Godkänd med varningar", "Accepted with warnings"),
    "receipt.log.superseded": ("Godkänd, ersätter tidigare fil", "Accepted, replaces an earlier file"),
    "receipt.log.superseded_warnings": (
        "Godkänd med varningar, ersätter tidigare fil",
        "Accepted with warnings, replaces an earlier file",
    ),
    "receipt.log.rejected": ("Avvisad", "Rejected"),
    "receipt.log.duplicate": ("Dubblett", "Duplicate"),
    "receipt.log.unit": ("enhet {unit}", "unit {unit}"),
    "receipt.log.week": ("vecka {week}", "week {week}"),
    "receipt.log.codes": ("koder: {codes}", "codes: {codes}"),
    "receipt.log.where": ("filen: {where}", "file: {where}"),
    "receipt.log.previous": ("ersätter {previous}", "replaces {previous}"),
    "history.title": ("Filer för enhet {unit}, vecka {week}:", "Files for unit {unit}, week {week}:"),
    "history.none": (
        "Inga filer har tagits emot för enhet {unit}, vecka {week}.",
        "No files have been received for unit {unit}, week {week}.",
    ),
    "history.counts": ("räknas", "counts"),
    "history.codes": ("koder", "codes"),
    "history.where": ("ligger i", "now in"),
    # ---- receipts --------------------------------------------------------------------------------
    "receipt.sheet": ("Kvittens", "Receipt"),
    "receipt.title": ("Kvittens för {file}", "Receipt for {file}"),
    "receipt.outcome": ("Resultat", "Outcome"),
    "receipt.received": ("Mottagen", "Received"),
    "receipt.unit": ("Enhet", "Unit"),
    "receipt.week": ("Vecka", "Week"),
    "receipt.occasion": ("Mättillfälle", "Occasion"),
    "receipt.respondent": ("Svarande", "Respondent"),
    "receipt.col.dimension": ("Dimension", "Dimension"),
    "receipt.outcome.accepted": ("Godkänd: siffrorna är sparade.", "Accepted: the figures are stored."),
    "receipt.outcome.superseded": (
        "Godkänd: ersätter den fil som skickades in tidigare för samma enhet och period ({previous}).",
        "Accepted: replaces the file sent earlier for the same unit and period ({previous}).",
    ),
    "receipt.outcome.rejected": (
        "Avvisad: inget sparades. Rätta felen nedan och skicka filen igen.",
        "Rejected: nothing was stored. Fix the problems below and send the file again.",
    ),
    "receipt.outcome.duplicate": (
        "Dubblett: exakt samma fil togs emot {previous}. Inget ändrades, du behöver inte göra något.",
        "Duplicate: the exact same file was received {previous}. Nothing changed; you need not do anything.",
    ),
    "receipt.problems": ("Fel att rätta", "Problems to fix"),
    "receipt.stored": ("Det här sparades", "What was stored"),
    "receipt.col.sheet": ("Blad", "Sheet"),
    "receipt.col.cell": ("Cell", "Cell"),
    "receipt.col.code": ("Kod", "Code"),
    "receipt.col.value": ("Värde i filen", "Value found"),
    "receipt.col.message": ("Vad som är fel och hur du rättar det", "What is wrong and how to fix it"),
    "receipt.col.measure": ("Mått", "Measure"),
    "receipt.col.stored_value": ("Värde", "Value"),
    # ---- consolidated workbook -----------------------------------------------------------------
    "report.sheet.overview": ("Översikt", "Overview"),
    "report.sheet.units": ("Enheter", "Units"),
    "report.sheet.blockers": ("Hinder", "Blockers"),
    "report.sheet.missing": ("Saknade rapporter", "Missing reports"),
    "report.sheet.months": ("Månad för månad", "Month by month"),
    "report.months.first": (
        "{measure} per månad i år mot samma veckor föregående år, till och med vecka {week}. En vecka hör till den månad där dess torsdag ligger.",
        "{measure} per month this year vs the same weeks last year, up to week {week}. A week belongs to the month of its Thursday.",
    ),
    "report.months.won": (
        "{won} av {total} månader bättre än föregående år.",
        "{won} of {total} months better than last year.",
    ),
    "report.col.month": ("Månad", "Month"),
    "report.col.weeks": ("Veckor", "Weeks"),
    "report.col.this_year": ("I år", "This year"),
    "report.col.last_year": ("Föregående år", "Last year"),
    "report.col.diff": ("Skillnad", "Difference"),
    "report.col.won": ("Bättre?", "Better?"),
    "report.months.chart": ("I år mot föregående år per månad", "This year vs last year per month"),
    "report.export.title": ("Dataexport: alla godkända siffror", "Data export: every accepted figure"),
    "report.sheet.data": ("Data", "Data"),
    "report.sheet.log": ("Logg", "Log"),
    "report.title": ("{programme}: läget vecka {week}", "{programme}: status week {week}"),
    "report.overview.first": (
        "Totalt mot plan, vecka {week}, mått: {measure}. Mål: {goal_text}.",
        "Total against plan, week {week}, measure: {measure}. Goal: {goal_text}.",
    ),
    "report.headline.behind": (
        "{gap} efter plan; {needed} behövs denna vecka för att vara i fas.",
        "{gap} behind plan; {needed} needed this week to be back on plan.",
    ),
    "report.headline.ahead": (
        "{gap} före plan; {needed} behövs denna vecka för att hålla planen.",
        "{gap} ahead of plan; {needed} needed this week to stay on plan.",
    ),
    "report.headline.on_plan": (
        "Exakt i fas med planen; {needed} behövs denna vecka för att hålla planen.",
        "Exactly on plan; {needed} needed this week to stay on plan.",
    ),
    "report.kf.actual": ("Utfall ackumulerat", "Actual to date"),
    "report.kf.plan": ("Plan till dags dato", "Plan to date"),
    "report.kf.gap": ("Avvikelse (+ före, − efter)", "Gap (+ ahead, − behind)"),
    "report.kf.gap_pct": ("Avvikelse i procent av plan", "Gap as a share of plan"),
    "report.kf.needed": ("Behövs denna vecka", "Needed this week"),
    "report.kf.goal": ("Mål vid periodens slut", "Goal at the end of the period"),
    "report.kf.share": ("Andel av målet uppnått", "Share of goal reached"),
    "report.kf.last_year": ("Föregående år, samma veckor", "Last year, same weeks"),
    "report.kf.vs_last_year": ("I år mot föregående år", "This year vs last year"),
    "report.kf.required_pace": ("Takt som krävs per vecka", "Required pace per week"),
    "report.kf.current_pace": (
        "Nuvarande takt per vecka (senaste {n} v.)",
        "Current pace per week (last {n} wks)",
    ),
    "report.kf.forecast": ("Prognos vid periodens slut", "Forecast at the end of the period"),
    "report.kf.goal_week": ("Målet nås (prognos)", "Goal reached (forecast)"),
    "report.kf.not_in_period": ("Inte inom perioden", "Not within the period"),
    "report.kf.without_data": (
        "Enheter utan data för takten: {units}",
        "Units without data for the pace: {units}",
    ),
    "report.kf.months_won": ("Månader bättre än föregående år", "Months better than last year"),
    "report.kf.reported": ("Enheter som rapporterat", "Units that reported"),
    "report.kf.status_line": (
        "{ahead} före plan, {on_track} i fas, {behind} efter plan, {missing} har inte rapporterat",
        "{ahead} ahead, {on_track} on track, {behind} behind, {missing} not reported",
    ),
    "report.kf.status": ("Status totalt", "Overall status"),
    "report.series.week": ("Vecka", "Week"),
    "report.series.actual": ("Utfall ackumulerat", "Actual, cumulative"),
    "report.series.plan": ("Plan (målkurva)", "Plan (target curve)"),
    "report.series.last_year": ("Föregående år", "Last year"),
    "report.chart.title": ("Ackumulerat utfall mot plan", "Cumulative actual vs plan"),
    "report.chart.y": ("Antal, ackumulerat", "Number, cumulative"),
    "report.units.first": (
        "En rad per enhet för {measure}, vecka {week}, med delsumma per avdelning.",
        "One row per unit for {measure}, week {week}, with subtotals per department.",
    ),
    "report.col.group": ("Avdelning", "Department"),
    "report.col.unit_id": ("Enhets-id", "Unit id"),
    "report.col.measure_id": ("Mått-id", "Measure id"),
    "report.col.unit": ("Enhet", "Unit"),
    "report.col.this_week": ("Denna vecka", "This week"),
    "report.col.cumulative": ("Ackumulerat", "Cumulative"),
    "report.col.target": ("Plan till dags dato", "Target to date"),
    "report.col.gap": ("Avvikelse", "Gap"),
    "report.col.share": ("Andel av mål", "Share of goal"),
    "report.col.needed": ("Behövs denna vecka", "Needed this week"),
    "report.col.forecast": ("Prognos vid slutet", "Forecast at the end"),
    "report.col.goal_week": ("Målet nås", "Goal reached"),
    "report.col.status": ("Status", "Status"),
    "report.col.acted": ("Agerat", "Acted"),
    "report.col.reported": ("Rapporterat i tid", "Reported on time"),
    "report.col.goal": ("Mål", "Goal"),
    "report.subtotal": ("Summa {group}", "Total {group}"),
    "report.total": ("Totalt", "Total"),
    "report.reported.on_time": ("Ja", "Yes"),
    "report.reported.late": ("Sent", "Late"),
    "report.reported.missing": ("Saknas", "Missing"),
    "status.ahead": ("Före plan", "Ahead"),
    "status.on_track": ("I fas", "On track"),
    "status.behind": ("Efter plan", "Behind"),
    "status.missing": ("Ej rapporterat", "Not reported"),
    "report.blockers.first": (
        "Hinder som rapporterats vecka {week}: underlag för ledningens möte.",
        "Blockers reported in week {week}: the agenda for leadership's meeting.",
    ),
    "report.blockers.none": (
        "Inga hinder rapporterades denna vecka.",
        "No blockers were reported this week.",
    ),
    "report.col.action": ("Åtgärd", "Action"),
    "report.col.owner": ("Ansvarig", "Owner"),
    "report.col.blocker": ("Hinder", "Blocker"),
    "report.col.weeks_in_row": ("Veckor i rad", "Weeks in a row"),
    "report.col.action_status": ("Status", "Status"),
    "report.col.comment": ("Kommentar", "Comment"),
    # ---- leadership workbook: units chart, trend, agenda, export (issue 4) ----------------------
    "report.units_chart.title": (
        "Utfall mot plan per enhet, mest efter plan överst",
        "Actual vs plan per unit, most behind on top",
    ),
    "report.units_chart.y": ("Antal till dags dato", "Number to date"),
    "report.sheet.trend": ("Trend", "Trend"),
    "report.trend.first": (
        "{measure} per enhet och vecka, till och med vecka {week}.",
        "{measure} per unit and week, up to week {week}.",
    ),
    "report.trend.note": (
        "Färgskala: rött lågt, gult mitten, grönt högt. Tom ruta = ingen rapport (inte 0). Rapportveckan ({week}) har tjock ram.",
        "Colour scale: red low, yellow middle, green high. Empty cell = no report (not 0). The report week ({week}) has a thick border.",
    ),
    "report.col.trend": ("Kurva", "Trend"),
    "report.sheet.agenda": ("Hinder och åtgärder", "Blockers and actions"),
    "report.agenda.first": (
        "Hinder och åtgärder vecka {week}: ledningens dagordning, det som kräver beslut först.",
        "Blockers and actions, week {week}: leadership's agenda, what needs a decision first.",
    ),
    "report.agenda.note": (
        "Eskalering = hinder 2 veckor i rad eller fler. Sedan blockerade åtgärder, sist åtgärder efter sin klar-vecka.",
        "Escalation = blocked 2 weeks in a row or more. Then blocked actions, last actions past their due week.",
    ),
    "report.agenda.none": (
        "Inga hinder, blockerade eller försenade åtgärder denna vecka.",
        "No blockers, blocked or overdue actions this week.",
    ),
    "report.col.reason": ("Varför", "Why"),
    "report.col.due": ("Klar senast", "Due"),
    "report.reason.escalation": ("Eskalering", "Escalation"),
    "report.reason.blocked": ("Blockerad", "Blocked"),
    "report.reason.overdue": ("Försenad", "Overdue"),
    "report.log.export": (
        "Alla siffror för alla veckor finns i dataexporten {file} i samma mapp (outbox).",
        "Every figure of every week is in the data export {file} in the same folder (outbox).",
    ),
    "report.missing.first": (
        "Enheter som inte har rapporterat vecka {week}.",
        "Units that have not reported for week {week}.",
    ),
    "report.missing.none": ("Alla enheter har rapporterat.", "Every unit has reported."),
    "report.col.last_week": ("Senast rapporterad vecka", "Last reported week"),
    "report.col.never": ("Aldrig", "Never"),
    "report.data.first": (
        "Veckans siffror i långt format (vecka {week}), klara för pivottabell.",
        "This week's figures in long format (week {week}), ready for a pivot table.",
    ),
    "report.col.week": ("Vecka", "Week"),
    "report.col.week_start": ("Veckans måndag", "Week's Monday"),
    "report.col.measure": ("Mått", "Measure"),
    "report.col.value": ("Värde", "Value"),
    "report.col.file": ("Fil", "File"),
    "report.log.first": ("Alla mottagna filer, senaste först.", "Every file received, newest first."),
    "report.col.received": ("Mottagen", "Received"),
    "report.col.outcome": ("Utfall", "Outcome"),
    "report.col.detail": ("Orsak", "Reason"),
    "outcome.accepted": ("Godkänd", "Accepted"),
    "outcome.superseded": ("Ersatt av senare fil", "Superseded"),
    "outcome.rejected": ("Avvisad", "Rejected"),
    "outcome.duplicate": ("Dubblett", "Duplicate"),
    "report.footer": (
        "&L{programme}&Cvecka {week}&RUtskriven &D  sida &P av &N",
        "&L{programme}&Cweek {week}&RPrinted &D  page &P of &N",
    ),
    "report.file": ("lagesrapport", "status-report"),
    "report.latest": ("senaste", "latest"),
    # ---- maturity measurement (pipeline/maturity) ------------------------------------------------
    "plan.sheet.maturity_dimensions": ("Mognadsdimensioner", "Maturity dimensions"),
    "plan.sheet.maturity_occasions": ("Mognadstillfällen", "Maturity occasions"),
    "plan.col.statement": ("Påstående", "Statement"),
    "plan.col.level_1": ("Nivå 1", "Level 1"),
    "plan.col.level_2": ("Nivå 2", "Level 2"),
    "plan.col.level_3": ("Nivå 3", "Level 3"),
    "plan.col.level_4": ("Nivå 4", "Level 4"),
    "plan.col.level_5": ("Nivå 5", "Level 5"),
    "plan.col.justification_required": ("Motivering krävs", "Justification required"),
    "plan.col.when": ("Datum eller vecka", "Date or week"),
    "plan.col.participants": ("Deltagande enheter (tomt = alla)", "Participating units (blank = all)"),
    "plan.problem.bad-id": (
        "Id {value!r} får bara innehålla bokstäver, siffror, mellanslag, punkt, bindestreck och understreck.",
        "The id {value!r} may hold only letters, digits, spaces, dots, hyphens and underscores.",
    ),
    "maturity.template.sheet": ("Mognadsmätning", "Maturity"),
    "maturity.template.title": ("Mognadsmätning", "Maturity measurement"),
    "maturity.template.intro": (
        "Fyll i de gula cellerna: ditt namn, din nivå 1–5 för varje dimension och en kort motivering. Nivåerna beskrivs till vänster om svaret.",
        "Fill in the yellow cells: your name, your level 1–5 for each dimension and a short justification. The levels are described to the left of the answer.",
    ),
    "maturity.template.intro2": (
        "En fil per person: fler i enheten får gärna svara, var och en i en egen kopia av mallen. Spara och lägg filen i inkorgen.",
        "One file per person: more people in the unit are welcome to answer, each in their own copy of the template. Save and put the file in the inbox.",
    ),
    "maturity.template.unit": ("Enhet", "Unit"),
    "maturity.template.occasion": ("Mättillfälle", "Occasion"),
    "maturity.template.respondent": ("Ditt namn", "Your name"),
    "maturity.template.dimension": ("Dimension och påstående", "Dimension and statement"),
    "maturity.template.level": ("Nivå {n}", "Level {n}"),
    "maturity.template.score": ("Din nivå (1–5)", "Your level (1–5)"),
    "maturity.template.justification": ("Motivering", "Justification"),
    "maturity.template.required": ("Motivering krävs.", "A justification is required."),
    "maturity.template.id": ("Id", "Id"),
    "maturity.template.score_error": ("Välj en nivå 1–5 i listan.", "Pick a level 1–5 from the list."),
    "maturity.file": ("mognadsmatning", "maturity"),
    "problem.unknown-occasion": (
        "Mättillfället {value!r} finns inte i planen ({known}). Hämta mallen för rätt tillfälle i mappen templates/.",
        "The occasion {value!r} is not in the plan ({known}). Get the template for the right occasion from the templates/ folder.",
    ),
    "problem.unit-not-participating": (
        "Enheten {value!r} deltar inte i mättillfället {occasion}. Fråga administratören om enheten ska vara med.",
        "The unit {value!r} does not take part in the occasion {occasion}. Ask the administrator whether the unit should.",
    ),
    "problem.respondent-missing": (
        "Ditt namn saknas. Skriv ditt namn, så att flera svar från samma enhet hålls isär.",
        "Your name is missing. Type your name, so that several answers from one unit are kept apart.",
    ),
    "problem.score-missing": (
        "Nivå saknas för {measure}. Välj en nivå 1–5 i listan.",
        "The level is missing for {measure}. Pick a level 1–5 from the list.",
    ),
    "problem.score-out-of-range": (
        "{measure}: {value} finns inte på skalan. Välj en hel nivå 1–5 i listan.",
        "{measure}: {value} is not on the scale. Pick a whole level 1–5 from the list.",
    ),
    "problem.justification-missing": (
        "Motivering krävs för {measure}. Skriv kort varför du valde nivån.",
        "A justification is required for {measure}. Write briefly why you chose the level.",
    ),
    "maturity.report.title": ("{programme}: mognadsmätning {occasion}", "{programme}: maturity measurement {occasion}"),
    "maturity.report.footer": (
        "&L{programme}&Cmognadsmätning {occasion}&Rsida &P av &N",
        "&L{programme}&Cmaturity measurement {occasion}&Rpage &P of &N",
    ),
    "maturity.sheet.overview": ("Översikt", "Overview"),
    "maturity.sheet.profiles": ("Profiler", "Profiles"),
    "maturity.sheet.change": ("Förändring", "Change"),
    "maturity.sheet.spread": ("Spridning", "Spread"),
    "maturity.sheet.responses": ("Svar", "Responses"),
    "maturity.overview.first": (
        "Nivå 1–5 per enhet och dimension: medel av enhetens svar. Förvaltningen är medel av enheterna, där varje enhet väger lika.",
        "Level 1–5 per unit and dimension: the mean of the unit's answers. The administration is the mean of the units, each unit weighing the same.",
    ),
    "maturity.overview.counts": (
        "{units} av {participants} enheter har svarat, {respondents} svar. Jämförs med {previous}.",
        "{units} of {participants} units have answered, {respondents} answers. Compared with {previous}.",
    ),
    "maturity.overview.no_previous": ("inget tidigare tillfälle", "no earlier occasion"),
    "maturity.col.unit": ("Enhet", "Unit"),
    "maturity.col.average": ("Medel", "Average"),
    "maturity.col.respondents": ("Svar", "Answers"),
    "maturity.col.rank": ("Ordning", "Rank"),
    "maturity.col.dimension": ("Dimension", "Dimension"),
    "maturity.col.level": ("Nivå", "Level"),
    "maturity.col.change": ("Förändring", "Change"),
    "maturity.col.lowest": ("Lägst hos", "Lowest at"),
    "maturity.col.respondent": ("Svarande", "Respondent"),
    "maturity.col.justification": ("Motivering", "Justification"),
    "maturity.col.received": ("Mottagen", "Received"),
    "maturity.row.average": ("Förvaltningen", "Administration"),
    "maturity.row.previous": ("Förvaltningen {occasion}", "Administration {occasion}"),
    "maturity.focus.title": (
        "Föreslaget fokus i nästa plan: de svagaste dimensionerna",
        "Suggested focus for the next plan: the weakest dimensions",
    ),
    "maturity.chart.admin": ("Förvaltningen {occasion}", "Administration {occasion}"),
    "maturity.chart.unit": ("{unit} mot förvaltningens medel", "{unit} against the administration's average"),
    "maturity.profiles.first": (
        "Varje enhets profil (heldragen) mot förvaltningens medel (streckad), {occasion}.",
        "Each unit's profile (solid) against the administration's average (dashed), {occasion}.",
    ),
    "maturity.change.first": (
        "Förändring sedan {previous}: enhetens nivå nu minus då. ▲ högre, ▼ lägre, ► oförändrad.",
        "Change since {previous}: the unit's level now minus then. ▲ higher, ▼ lower, ► unchanged.",
    ),
    "maturity.change.none": (
        "Det finns inget tidigare tillfälle med svar att jämföra med.",
        "There is no earlier occasion with answers to compare with.",
    ),
    "maturity.spread.first": (
        "Spridning: högsta minus lägsta svar inom enheten. {flag} nivåer eller mer är markerat: gruppen delar inte bilden än.",
        "Spread: the highest minus the lowest answer within the unit. {flag} levels or more is marked: the group does not share a picture yet.",
    ),
    "maturity.spread.findings": ("Fynd: hög spridning", "Findings: high spread"),
    "maturity.spread.finding": (
        "{unit}, {dimension}: svaren spänner {low:g}–{high:g} ({n} svar)",
        "{unit}, {dimension}: the answers range {low:g}–{high:g} ({n} answers)",
    ),
    "maturity.spread.none": (
        "Ingen enhet har hög spridning: där flera svarat delar de bilden.",
        "No unit has a high spread: where several answered, they share the picture.",
    ),
    "maturity.responses.first": (
        "Varje svar som räknas vid {occasion}, med motivering.",
        "Every answer that counts at {occasion}, with its justification.",
    ),
}

LANG_INDEX = {"sv": 0, "en": 1}
MONTHS = {
    "sv": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


class Texts:
    """The user-facing texts of one language."""

    def __init__(self, language: str = "sv"):
        self.language = language
        self._index = LANG_INDEX.get(language, 0)

    def __call__(self, key: str, **facts: object) -> str:
        pair = STRINGS[key]
        text = pair[self._index] or pair[0]
        return text.format(**facts) if facts else text

    def month(self, year: int, month: int) -> str:
        """A month as a short label, for example ``nov 2026``."""
        return f"{MONTHS.get(self.language, MONTHS['sv'])[month - 1]} {year}"

    def both(self, key: str) -> tuple[str, str]:
        """The Swedish and English text: readers accept either."""
        return STRINGS[key]
