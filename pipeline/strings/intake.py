"""The unit template, validation problems (code -> how to fix), intake notes and receipts."""

TEXTS: dict[str, tuple[str, str]] = {
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
    "standing.title": ("Var ni står inför vecka {week}", "Where you stand for week {week}"),
    "standing.title_no_week": ("Var ni står", "Where you stand"),
    "standing.none": ("Inga siffror ännu", "No figures yet"),
    "standing.target": ("Mål t.o.m. v. {week}", "Target to date, w. {week}"),
    "standing.actual": ("Utfall t.o.m. v. {week}", "Actual to date, w. {week}"),
    "standing.needed": ("Behövs v. {week} för att vara i fas", "Needed in w. {week} to be on track"),
    "standing.due": ("Lämnas", "Due"),
    "standing.deadline": ("senast {weekday} {day} {month} {time}", "by {weekday} {day} {month}, {time}"),
    "standing.weekdays": (
        "måndag tisdag onsdag torsdag fredag lördag söndag",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    ),
    "standing.months": (
        "januari februari mars april maj juni juli augusti september oktober november december",
        "January February March April May June July August September October November December",
    ),
    "standing.where": ("Lägg filen i", "Put the file in"),
    "standing.held": ("Väntar på kontroll", "Waits for a check"),
    "standing.held_value": ("{figures} (räknas inte ännu)", "{figures} (not counted yet)"),
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
        "Mallen saknar ett fält som behövs: {field}. Mallen har ändrats; hämta en ny mall i mappen templates/ och fyll i den.",
        "The template is missing a field it needs: {field}. The template has been changed; get a new one from the templates/ folder and fill it in.",
    ),
    "problem.missing-row": (
        "Raden för {measure} saknas i mallen (raden, eller dess id i den låsta kolumnen, har tagits bort eller ändrats). Hämta en ny mall i mappen templates/ och fyll i den.",
        "The row for {measure} is missing from the template (the row, or its id in the locked column, was removed or changed). Get a new template from the templates/ folder and fill it in.",
    ),
    # a TRUE or FALSE cell named as Excel shows it in the reader's language
    "excel.true": ("SANT", "TRUE"),
    "excel.false": ("FALSKT", "FALSE"),
    # the template's defined names in words, for messages (``Texts.field``)
    "field.pl_template_kind": ("mallens typ", "the kind of template"),
    "field.pl_template_version": ("mallens version", "the template's version"),
    "field.pl_programme_id": ("programmets id", "the programme's id"),
    "field.pl_unit": ("enheten", "the unit"),
    "field.pl_week": ("veckan", "the week"),
    "field.pl_measure_ids": ("måttens id-kolumn", "the measures' id column"),
    "field.pl_values": ("veckans siffror", "this week's figures"),
    "field.pl_actions": ("åtgärdstabellen", "the actions table"),
    "field.pl_comment": ("kommentaren", "the comment"),
    "field.pl_occasion": ("mättillfället", "the occasion"),
    "field.pl_respondent": ("ditt namn", "your name"),
    "field.pl_dimension_ids": ("dimensionernas id-kolumn", "the dimensions' id column"),
    "field.pl_scores": ("nivåerna", "the levels"),
    "field.pl_justifications": ("motiveringarna", "the justifications"),
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
    # ---- issue 11: figures that cannot break a sum, and cells that show an Excel error ---------
    "problem.value-too-large": (
        "{measure}: {value} är för stort för en veckosiffra (högst {limit}). Skriv in veckans antal; högst {limit}.",
        "{measure}: {value} is too large for a weekly figure (at most {limit}). Type the number for this week; at most {limit}.",
    ),
    "text-cell.error-value": (
        "Cellen visar {value}, så texten lästes som tom. Skriv texten direkt i cellen i stället för en formel, och skicka filen igen om texten behövs.",
        "The cell shows {value}, so the text was read as empty. Type the text straight into the cell instead of a formula, and send the file again if the text is needed.",
    ),
    "text-cell.formula-not-calculated": (
        "Cellen har en formel som aldrig har räknats ut, så texten lästes som tom. Skriv texten direkt i cellen i stället för en formel, och skicka filen igen om texten behövs.",
        "The cell holds a formula that was never calculated, so the text was read as empty. Type the text straight into the cell instead of a formula, and send the file again if the text is needed.",
    ),
    "problem.error-value": (
        "Cellen visar {value}: skriv in talet (eller välj i listan) i stället för en formel som ger fel.",
        "The cell shows {value}: type the number (or pick from the list) instead of a formula that gives an error.",
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
    "problem.rows-moved": (
        "Rader har lagts till eller tagits bort i mallen, så {field} ligger inte längre där mallen säger. Inget lästes. Ångra ändringen, eller hämta en ny mall i mappen templates/ och fyll i den.",
        "Rows were inserted or deleted in the template, so {field} is no longer where the template says. Nothing was read. Undo the change, or take a new template from the templates/ folder and fill it in.",
    ),
    "problem.macro-enabled": (
        "Filen innehåller makron. Filer med makron tas aldrig emot. Spara en kopia som vanlig Excel-arbetsbok (.xlsx), utan makron, och skicka den.",
        "The file contains macros. Files with macros are never taken in. Save a copy as a plain Excel workbook (.xlsx), without macros, and send that.",
    ),
    "problem.macro-format": (
        "Filen är sparad i formatet för makron (.xlsm), men innehåller inga makron. Vi tar bara emot vanliga Excel-arbetsböcker: välj Spara som, filtypen Excel-arbetsbok (.xlsx), och skicka igen.",
        "The file is saved in the macro format (.xlsm), although it contains no macros. Only plain Excel workbooks are taken in: choose Save As, file type Excel Workbook (.xlsx), and send it again.",
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
    # ---- the fault boundary (issue 11): a file we could not read, or a bug of ours ------------
    "problem.unreadable-file": (
        "Filen gick inte att öppna: tjänsten som tar emot filerna har inte behörighet att läsa den. Spara filen igen i din mapp (med vanliga behörigheter) och skicka den på nytt.",
        "The file could not be opened: the service that receives the files is not allowed to read it. Save the file again in your folder (with ordinary permissions) and send it again.",
    ),
    "problem.internal-error": (
        "Vi kunde inte behandla filen på grund av ett fel hos oss, inte i din fil. Administratören har fått veta det. Inget sparades; skicka gärna filen igen senare.",
        "We could not process this file because of an error on our side, not in your file. The administrator has been told. Nothing was stored; you may send the file again later.",
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
        "Kontrollera {measure}: {value} är mycket mer än väntat (över {limit}; enhetens högsta tidigare värde är {largest}, veckomålet {target}). Siffran är sparad men räknas inte i rapporten förrän den är kontrollerad. Är den fel: skicka en rättad fil. Stämmer den: säg till samordnaren, som bekräftar den.",
        "Check {measure}: {value} is far more than expected (above {limit}; the unit's largest earlier value is {largest}, the weekly target {target}). The figure is stored but not counted in the report until it is checked. If it is wrong, send a corrected file. If it is right, tell the administrator, who confirms it.",
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
        "Godkänd med varningar: ersätter en tidigare inskickad fil för samma vecka, mottagen {previous}. Kontrollera raderna nedan.",
        "Accepted with warnings: replaces an earlier file for the same week, received {previous}. Check the rows below.",
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
    "receipt.log.same_as": ("samma som {previous}", "same as {previous}"),
    # ---- pipeline confirm ----------------------------------------------------------------------
    "confirm.done": (
        "Bekräftad: {unit} {week} {measure} {value} (av {by}, {at}). Siffran räknas nu.",
        "Confirmed: {unit} {week} {measure} {value} (by {by}, {at}). The figure counts now.",
    ),
    "confirm.nothing": (
        "{unit} {week} har ingen siffra som väntar på kontroll.",
        "{unit} {week} has no figure waiting for a check.",
    ),
    "confirm.none-at-all": (
        "Ingen siffra väntar på kontroll just nu.",
        "No figure waits for a check at the moment.",
    ),
    "confirm.waiting": ("Dessa väntar: {figures}.", "These wait: {figures}."),
    "confirm.no-unit": (
        "Det finns ingen enhet {unit!r} i planen. Enheterna: {units}.",
        "There is no unit {unit!r} in the plan. The units: {units}.",
    ),
    "confirm.already": (
        "{unit} {week} {measure} {value} är redan bekräftad (av {by}, {at}) och räknas.",
        "{unit} {week} {measure} {value} is confirmed already (by {by}, {at}) and counts.",
    ),
    "confirm.other-measure": (
        "{unit} {week} {measure} väntar inte på kontroll. Det som väntar för {unit} {week}: {figures}.",
        "{unit} {week} {measure} does not wait for a check. What waits for {unit} {week}: {figures}.",
    ),
    "confirm.journal-skipped": (
        "Rad {line} i {path} kan inte läsas och hoppas över: {text}",
        "Line {line} of {path} cannot be read and is skipped: {text}",
    ),
    "confirm.no-measure": (
        "Det finns inget mått {measure!r}. Måtten i planen: {measures}.",
        "There is no measure {measure!r}. The plan's measures: {measures}.",
    ),
    "history.confirmed": (
        "  bekräftad: {measure} {value} av {by}, {at}",
        "  confirmed: {measure} {value} by {by}, {at}",
    ),
    # ---- the unit's latest-status note (``intake.to_unit``) ---------------------------------------
    "unit-note.title": ("{name} ({unit}): läget {when}", "{name} ({unit}): status at {when}"),
    "unit-note.counting": ("Det här räknas nu:", "What counts now:"),
    "unit-note.week": (
        "  vecka {week}: {file}, mottagen {received}",
        "  week {week}: {file}, received {received}",
    ),
    "unit-note.none": ("  ingen fil ännu", "  no file yet"),
    "unit-note.held": (
        "Väntar på kontroll (räknas inte ännu). Är siffran fel: skicka en rättad fil. Stämmer den: säg till samordnaren.",
        "Waiting for a check (not counted yet). If the figure is wrong, send a corrected file. If it is right, tell the administrator.",
    ),
    "unit-note.held-line": ("  vecka {week}: {measure} {value}", "  week {week}: {measure} {value}"),
    "unit-note.latest": ("Senaste filerna:", "Latest files:"),
    "unit-note.file": ("  {received}  {file}  {outcome}  {what}", "  {received}  {file}  {outcome}  {what}"),
    "unit-note.week-label": ("vecka {week}", "week {week}"),
    "unit-note.more": ("och {n} fel till: se kvittensen", "and {n} more errors: see the receipt"),
    "unit-note.footer": (
        "Varje fil har en kvittens i den här mappen med alla detaljer.",
        "Every file has a receipt in this folder with every detail.",
    ),
    "history.title": ("Filer för enhet {unit}, vecka {week}:", "Files for unit {unit}, week {week}:"),
    "history.none": (
        "Inga filer har tagits emot för enhet {unit}, vecka {week}.",
        "No files have been received for unit {unit}, week {week}.",
    ),
    "history.counts": ("räknas", "counts"),
    "history.counts-but": (
        "räknas, utom {held}: väntar på kontroll",
        "counts, except {held}: waits for a check",
    ),
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
        "Godkänd: ersätter den fil som skickades in tidigare för samma enhet och period, mottagen {previous}.",
        "Accepted: replaces the file sent earlier for the same unit and period, received {previous}.",
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
}
