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
}
