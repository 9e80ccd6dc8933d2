"""Texts of the leadership workbook's newer parts: the action plans, the charts' text
alternatives and the publish-safe copy (Swedish, English)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ---- the action plans (issue 14) -----------------------------------------------------------
    "report.sheet.plans": ("Handlingsplaner", "Action plans"),
    "report.plans.first": (
        "Handlingsplaner vecka {week}: varje grupps åtgärder och hur de går",
        "Action plans, week {week}: every group's actions and how they are going",
    ),
    "report.plans.note": (
        "Alla åtgärder i varje enhets senaste rapport. Läge: Klar, Blockerad (ett hinder), Försenad"
        " (klar-veckan har passerat) eller Enligt plan. Agerat: enheten har agerat på minst en åtgärd"
        " i veckans rapport.",
        "Every action in each unit's latest report. State: Done, Blocked (a blocker), Overdue (past"
        " its due week) or On track. Acted: the unit acted on at least one action in this week's report.",
    ),
    "report.plans.by_group": ("Per avdelning", "By department"),
    "report.plans.total": ("Totalt", "Total"),
    "report.plans.col.actions": ("Åtgärder", "Actions"),
    "report.plans.col.units_acted": ("Enheter som agerat", "Units that acted"),
    "report.plans.col.acted_share": ("Andel som agerat", "Share that acted"),
    "report.plans.deps": (
        "Beroenden mellan grupper: hinder som nämner en annan enhet eller avdelning",
        "Dependencies between groups: blockers that name another unit or department",
    ),
    "report.plans.deps.none": (
        "Inget hinder nämner en annan enhet eller avdelning.",
        "No blocker names another unit or department.",
    ),
    "report.plans.col.waiting": ("Enhet som väntar", "Unit waiting"),
    "report.plans.col.waits_for": ("Väntar på", "Waits for"),
    "report.plans.col.its_group": ("Dess avdelning", "Its department"),
    "report.plans.col.weeks": ("Veckor i rad", "Weeks in a row"),
    "report.plans.all": ("Alla åtgärder", "All actions"),
    "report.plans.none": ("Inga åtgärder rapporterade ännu.", "No actions reported yet."),
    "report.plans.col.state": ("Läge", "State"),
    "report.plans.col.acted": ("Agerat denna vecka", "Acted this week"),
    "report.plans.col.result": ("Senaste resultat", "Latest result"),
    "report.plans.stale": ("Ingen rapport (plan {week})", "No report (plan {week})"),
    "report.state.done": ("Klar", "Done"),
    "report.state.on_track": ("Enligt plan", "On track"),
    "report.state.blocked": ("Blockerad", "Blocked"),
    "report.state.overdue": ("Försenad", "Overdue"),
    "report.acted.unknown": ("Ej angivet", "Not given"),
    # ---- text alternatives of the charts (issue 14): what a screen reader says -------------------
    "report.alt.cumulative": (
        "Linjediagram, {measure} ackumulerat per vecka: utfall {actual} mot plan {plan} till vecka"
        " {week}{last_year}. Målet är {goal} till vecka {last}.",
        "Line chart, {measure} cumulative by week: actual {actual} against plan {plan} to week"
        " {week}{last_year}. The goal is {goal} by week {last}.",
    ),
    "report.alt.last_year": ("; föregående år {n} samma veckor", "; last year {n} in the same weeks"),
    "report.alt.units": (
        "Stapeldiagram, utfall mot plan per enhet till vecka {week}, mest efter plan överst. {behind} av"
        " {n} enheter ligger efter plan. Överst: {first}. Nederst: {last}.",
        "Bar chart, actual against plan by unit to week {week}, most behind plan on top. {behind} of"
        " {n} units are behind plan. On top: {first}. At the bottom: {last}.",
    ),
    "report.alt.unit": ("{name} {actual} mot plan {plan}", "{name} {actual} against plan {plan}"),
    "report.alt.months": (
        "Stapeldiagram, {measure} per månad i år mot samma veckor föregående år. Senaste månaden,"
        " {month}: {this_year} i år mot {last_year} föregående år. Bättre än föregående år {won} av"
        " {total} månader.",
        "Column chart, {measure} by month this year against the same weeks last year. The latest month,"
        " {month}: {this_year} this year against {last_year} last year. Better than last year in {won} of"
        " {total} months.",
    ),
    "maturity.alt.admin": (
        "Radardiagram, förvaltningens medelnivå per dimension på skalan 1 till 5, {occasion}: {levels}{previous}.",
        "Radar chart, the administration's average level by dimension on the scale 1 to 5, {occasion}:"
        " {levels}{previous}.",
    ),
    "maturity.alt.previous": (
        "; föregående mätning {occasion}: {levels}",
        "; the previous occasion {occasion}: {levels}",
    ),
    "maturity.alt.unit": (
        "Radardiagram, {unit} per dimension på skalan 1 till 5 mot förvaltningens medel, {occasion}: {levels}."
        " Förvaltningens medel: {average}.",
        "Radar chart, {unit} by dimension on the scale 1 to 5 against the administration's average,"
        " {occasion}: {levels}. The administration's average: {average}.",
    ),
    # ---- the maturity workbook's sheets say in A1 what each holds ---------------------------------
    "maturity.title.profiles": (
        "Profiler {occasion}: varje enhet mot förvaltningens medel",
        "Profiles {occasion}: each unit against the administration's average",
    ),
    "maturity.title.change": (
        "Förändring {occasion}: varje enhets nivå jämfört med förra mätningen",
        "Change {occasion}: each unit's level against the previous occasion",
    ),
    "maturity.title.spread": (
        "Spridning {occasion}: hur olika svaren är inom varje enhet",
        "Spread {occasion}: how far the answers differ within each unit",
    ),
    # ---- the publish-safe copy (issue 14) ------------------------------------------------------
    "report.publish.file": ("publicerbar", "publishable"),
    "report.publish.title": (
        "{programme}: läget vecka {week} (publicerbar version)",
        "{programme}: status week {week} (publishable version)",
    ),
    "report.publish.rule": (
        "Publicerbar version. {measure} räknar personer: ett antal under {n} för en enhet visas som <{n},"
        " och × döljer ytterligare en siffra där den annars kunde räknas fram ur en summa. Förvaltningens"
        " totaler visas. Inga fritexter från enheterna (åtgärder, ansvariga, resultat, hinder, kommentarer).",
        "Publishable version. {measure} counts people: a unit's count below {n} is shown as <{n}, and ×"
        " hides one more figure where it could otherwise be worked out from a sum. The administration's"
        " totals are shown. No free text from the units (actions, owners, results, blockers, comments).",
    ),
    "report.publish.rule.off": (
        "Publicerbar version utan döljning av små antal (suppress_below = 0 i pipeline.toml). Inga fritexter"
        " från enheterna (åtgärder, ansvariga, resultat, hinder, kommentarer).",
        "Publishable version without hiding small counts (suppress_below = 0 in pipeline.toml). No free text"
        " from the units (actions, owners, results, blockers, comments).",
    ),
    "report.publish.rule.not_people": (
        "Publicerbar version. {measure} räknar inte personer (bladet Mått i plan.xlsx), så inga siffror döljs."
        " Inga fritexter från enheterna (åtgärder, ansvariga, resultat, hinder, kommentarer).",
        "Publishable version. {measure} does not count people (the Measures sheet of plan.xlsx), so no figure"
        " is hidden. No free text from the units (actions, owners, results, blockers, comments).",
    ),
    "report.publish.agenda": (
        "Hinder och åtgärder vecka {week}: antal åtgärder på ledningens dagordning per avdelning",
        "Blockers and actions, week {week}: the number of actions on leadership's agenda by department",
    ),
    "report.publish.waits": (
        "Beroenden mellan avdelningar: åtgärder vars hinder nämner en annan avdelning eller dess enheter",
        "Dependencies between departments: actions whose blocker names another department or its units",
    ),
    "report.publish.left_out": (
        "Avvikelse, andel av mål och status är tomma där enhetens ackumulerade antal är dolt: de skulle visa det.",
        "Gap, share of the goal and status are empty where the unit's total to date is hidden: they would show it.",
    ),
    "report.plans.col.waiting_group": ("Avdelning som väntar", "Department waiting"),
    "cli.published": ("Publicerbar version: {path}", "Publishable version: {path}"),
}
