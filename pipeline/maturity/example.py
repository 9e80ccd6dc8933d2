"""The default maturity model that ``pipeline init`` pre-fills: process-based management.

Seven dimensions with a statement and a description of each level 1–5, in
Swedish and English, and two occasions a tertial apart, the second one in the
week of "today". The administrator can change all of it in ``plan.xlsx``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pipeline.maturity.model import Dimension, Occasion
from pipeline.plan.model import Plan
from pipeline.weeks import IsoWeek

WEEKS_BETWEEN_OCCASIONS = 17  # about a tertial

# id -> (name, statement, level 1..5), per language
_DIMENSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "sv": {
        "kund": (
            "Kund- och värdefokus",
            "Vi vet vilka vi är till för och vilket värde vi ska skapa för dem.",
            "Kundernas behov är inte beskrivna; vi utgår från egna rutiner.",
            "Enskilda medarbetare känner behoven, men de är inte gemensamt beskrivna.",
            "Kundgrupper och behov är beskrivna och används i viss planering.",
            "Vi mäter värdet för kunden regelbundet och använder det i beslut.",
            "Kundens värde styr prioriteringarna; kunder medverkar i utvecklingen.",
        ),
        "agarskap": (
            "Processägarskap",
            "Varje process har en utsedd ägare med mandat och ansvar.",
            "Ingen är utsedd; ansvaret följer organisationsschemat.",
            "Några processer har ägare, men utan tydligt mandat.",
            "Alla huvudprocesser har ägare med ett beskrivet uppdrag.",
            "Processägarna leder förbättringen och följer upp processens resultat.",
            "Processägarskapet är en självklar del av styrningen, jämbördigt med linjen.",
        ),
        "kartlaggning": (
            "Processkartläggning",
            "Våra processer är kartlagda och beskrivningarna används i vardagen.",
            "Inga processer är kartlagda.",
            "Några processer är kartlagda, men beskrivningarna används sällan.",
            "Huvudprocesserna är kartlagda med flöde, roller och överlämningar.",
            "Kartorna hålls aktuella och används vid introduktion och förbättring.",
            "Hela verksamheten beskrivs som sammanhängande processer som styr arbetet.",
        ),
        "matning": (
            "Mätning och uppföljning",
            "Vi mäter processernas resultat och följer upp dem regelbundet.",
            "Vi mäter inte processernas resultat.",
            "Vissa mått finns, men de följs upp sporadiskt.",
            "Varje huvudprocess har mått som följs upp regelbundet.",
            "Målen planeras bakåt vecka för vecka, och avvikelser leder till åtgärder.",
            "Uppföljningen är en fast rytm som styr prioriteringarna i hela organisationen.",
        ),
        "forbattring": (
            "Förbättringsarbete",
            "Vi förbättrar processerna systematiskt och utifrån fakta.",
            "Förbättringar sker av en slump eller efter klagomål.",
            "Enskilda eldsjälar driver förbättringar.",
            "En gemensam förbättringsmetod används i flera enheter.",
            "Förbättringsarbete pågår ständigt och resultaten följs upp.",
            "Alla medarbetare deltar, och lärdomar sprids mellan enheterna.",
        ),
        "styrning": (
            "Ledning och styrning",
            "Ledningen styr genom processerna och efterfrågar deras resultat.",
            "Styrningen sker enbart genom linjen och budgeten.",
            "Ledningen talar om processer men styr inte genom dem.",
            "Processernas resultat tas upp i ledningsgruppen regelbundet.",
            "Mål, uppdrag och resurser fördelas utifrån processerna.",
            "Processerna genomsyrar ledningssystemet och planeringen.",
        ),
        "samverkan": (
            "Samverkan mellan enheter",
            "Enheterna arbetar tillsammans över gränserna mot gemensamma mål.",
            "Varje enhet arbetar för sig, i sitt eget stuprör.",
            "Samverkan sker när problem uppstår och hänger på enskilda personer.",
            "Överlämningar mellan enheter är beskrivna och fungerar för det mesta.",
            "Enheterna planerar och följer upp gemensamma mål tillsammans.",
            "Gränserna märks inte för kunden; resurser flyttas dit de behövs.",
        ),
    },
    "en": {
        "kund": (
            "Customer and value focus",
            "We know whom we are here for and what value we are to create for them.",
            "Customers' needs are not described; we start from our own routines.",
            "Some staff know the needs, but they are not described together.",
            "Customer groups and needs are described and used in some planning.",
            "We measure the value for the customer regularly and use it in decisions.",
            "Customer value drives priorities; customers take part in development.",
        ),
        "agarskap": (
            "Process ownership",
            "Every process has an appointed owner with a mandate and responsibility.",
            "No one is appointed; responsibility follows the organisation chart.",
            "Some processes have owners, but without a clear mandate.",
            "Every main process has an owner with a written remit.",
            "Process owners lead improvement and follow up the process's results.",
            "Process ownership is a natural part of governance, equal to line management.",
        ),
        "kartlaggning": (
            "Process mapping",
            "Our processes are mapped and the maps are used in daily work.",
            "No process is mapped.",
            "Some processes are mapped, but the maps are seldom used.",
            "The main processes are mapped with flow, roles and hand-overs.",
            "The maps are kept up to date and used for induction and improvement.",
            "The whole organisation is described as linked processes that steer the work.",
        ),
        "matning": (
            "Measurement and follow-up",
            "We measure the results of our processes and follow them up regularly.",
            "We do not measure the results of our processes.",
            "Some measures exist, but they are followed up now and then.",
            "Every main process has measures that are followed up regularly.",
            "Goals are planned backwards week by week, and deviations lead to action.",
            "Follow-up is a fixed rhythm that steers priorities across the organisation.",
        ),
        "forbattring": (
            "Improvement work",
            "We improve our processes systematically, based on facts.",
            "Improvements happen by chance or after complaints.",
            "A few enthusiasts drive improvements.",
            "A shared improvement method is used in several units.",
            "Improvement work goes on continuously and its results are followed up.",
            "Every member of staff takes part, and lessons spread between units.",
        ),
        "styrning": (
            "Management and governance",
            "Management steers through the processes and asks for their results.",
            "Steering happens only through the line and the budget.",
            "Management talks about processes but does not steer through them.",
            "The processes' results are discussed by the management team regularly.",
            "Goals, remits and resources are allocated by process.",
            "The processes pervade the management system and planning.",
        ),
        "samverkan": (
            "Co-operation across units",
            "The units work together across boundaries towards shared goals.",
            "Each unit works on its own, in its own silo.",
            "Co-operation happens when problems arise and depends on individuals.",
            "Hand-overs between units are described and mostly work.",
            "The units plan and follow up shared goals together.",
            "The customer does not notice the boundaries; resources move where needed.",
        ),
    },
}


def default_dimensions(language: str = "sv") -> tuple[Dimension, ...]:
    """The seven dimensions of process-based management, each with a justification required."""
    texts = _DIMENSIONS.get(language, _DIMENSIONS["sv"])
    return tuple(
        Dimension(did, name, statement, tuple(levels), True)
        for did, (name, statement, *levels) in texts.items()
    )


def default_occasions(today: date) -> tuple[Occasion, ...]:
    """Two occasions named by tertial (T1 Jan–Apr, T2 May–Aug, T3 Sep–Dec): the previous one and
    the one of ``today``, in the week of ``today``. Every unit takes part."""
    year, tertial = today.year, (today.month - 1) // 4 + 1
    previous = (year, tertial - 1) if tertial > 1 else (year - 1, 3)
    week = IsoWeek.of(today)
    return (
        Occasion(f"{previous[0]} T{previous[1]}", str(week - WEEKS_BETWEEN_OCCASIONS)),
        Occasion(f"{year} T{tertial}", str(week)),
    )


def with_default_model(plan: Plan, today: date, language: str = "sv") -> Plan:
    """``plan`` with the default dimensions and occasions added."""
    return replace(
        plan, maturity_dimensions=default_dimensions(language), maturity_occasions=default_occasions(today)
    )
