"""Generate the demo district "Landkreis Musterau" (fictitious) as an exchange-format workbook.

The district has 180,000 inhabitants in 28 Gemeinden and 6 Sozialräume, about
420 education actors, 600 offers, 750 cooperations, 15 committees and 30
contact persons (``../../../shared/DOMAIN.md`` §6). Its data holds two dates,
:data:`DATE_FROM` and :data:`DATE_TO`, so that change over time can be shown,
and a set of planted findings that the analyses must find; they are written to
``planted.json`` and described in ``README.md`` next to this script.

Run ``python data/demo/generate.py [--seed N] [--out PATH]`` from the project
root. The output depends only on the seed: the generator uses its own
``random.Random(seed)``, never the wall clock, and iterates only over ordered
containers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import io
import json
import random
import re
import sys
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.model import SHEETS, TRANSITIONS, VOCABULARIES  # noqa: E402

#: The seed of the committed workbook.
DEFAULT_SEED = 1867
#: The two dates of the demo data: everything planted holds at :data:`DATE_TO`.
DATE_FROM = dt.date(2025, 1, 1)
DATE_TO = dt.date(2026, 10, 1)
#: The Bildungsnetzwerk Lindenfeld is dissolved on this day (the Lindenfeld-Ost network still reports to it).
NETWORK_DISSOLVED = dt.date(2026, 6, 30)
#: The only Grundschule of the Netzwerk Frühe Bildung Lindenfeld-Ost leaves it on this day.
SCHOOL_LEFT_OST = dt.date(2026, 3, 31)
#: Workbook properties and zip entries carry this time, so that two runs give identical files.
FIXED_TIMESTAMP = dt.datetime(2026, 10, 1, 0, 0, 0)

HERE = Path(__file__).resolve().parent
DEFAULT_WORKBOOK = HERE / "musterau.xlsx"

TOTAL_POPULATION = 180_000
TARGET_OFFERS = 600
TARGET_NEW_COOPERATIONS = 60
TARGET_ENDED_COOPERATIONS = 30

# ---------------------------------------------------------------------------
# The district: Gemeinden, Sozialräume, Träger (fixed, so that planted areas keep their names)
# ---------------------------------------------------------------------------

#: (name, population) of the Gemeinden; the first is the Kreisstadt, the second the second-largest town.
GEMEINDEN: tuple[tuple[str, int], ...] = (
    ("Musterau", 42_000),
    ("Lindenfeld", 21_000),
    ("Brückenhagen", 13_080),
    ("Eichenrode", 9_760),
    ("Hasselbeck", 8_640),
    ("Schwanenfeld", 7_420),
    ("Birkenfelde", 6_910),
    ("Dornhausen", 6_230),
    ("Auenwalde", 5_870),
    ("Rabenhorst", 5_380),
    ("Grünhagen", 5_040),
    ("Mühlenwerder", 4_690),
    ("Heidekamp", 4_410),
    ("Osterwiesen", 4_120),
    ("Kranichmoor", 3_850),
    ("Tannenhorst", 3_590),
    ("Erlenkamp", 3_370),
    ("Holunderstedt", 3_160),
    ("Nesselhagen", 2_980),
    ("Weidenstedt", 2_790),
    ("Sonnenhagen", 2_610),
    ("Lerchenbüttel", 2_430),
    ("Rosenbüttel", 2_240),
    ("Falkenmoor", 2_050),
    ("Moorwiesen", 1_880),
    ("Fuchsbüttel", 1_690),
    ("Zeisigmoor", 1_520),
    ("Unkenbruch", 1_290),
)

#: (parent Gemeinde index, short name, population, (dlat, dlon) from the town centre).
SOZIALRAEUME: tuple[tuple[int, str, int, tuple[float, float]], ...] = (
    (0, "Altstadt", 9_840, (0.0, 0.0)),
    (0, "Nordstadt", 12_370, (0.015, 0.003)),
    (0, "Südstadt", 10_260, (-0.014, -0.002)),
    (0, "Weststadt", 9_530, (0.001, -0.024)),
    (1, "Ost", 10_240, (0.001, 0.012)),
    (1, "West", 10_760, (-0.001, -0.012)),
)

#: Gemeinden with the title "Stadt".
TOWNS = ("Musterau", "Lindenfeld", "Brückenhagen", "Eichenrode", "Hasselbeck")

KREIS_ID = "geb-lk"
KREIS_NAME = "Landkreis Musterau"
KREIS_AGS = "03999000"
#: Bounding box (lat, lon) of the district; the Kreisstadt and the second town sit at fixed points.
BOX = ((52.34, 52.80), (9.50, 10.40))
FIXED_CENTRES = {0: (52.571, 9.948), 1: (52.452, 9.688), 27: (52.776, 10.356)}

# Planted areas, by index into GEMEINDEN / SOZIALRAEUME.
LANGUAGE_GAP_SR = 1  # Musterau-Nordstadt: no offer for u3 and none for kita_alter
TRANSITION_GAP_SR = 4  # Lindenfeld-Ost: no Kita–Grundschule cooperation
SENIOR_GAP_GEMEINDEN = (25, 26)  # Fuchsbüttel, Zeisigmoor: no offer for 65+
CLUSTER_GEMEINDE = 27  # Unkenbruch: clubs that cooperate only among themselves
CAREER_GEMEINDE = 2  # Brückenhagen: two career-guidance providers at the Oberschule

# (id, name, provider_type); the Gemeinde Träger (tr-g01 …) are added from GEMEINDEN.
FREE_INSTITUTIONS: tuple[tuple[str, str, str], ...] = (
    ("tr-k01", "Ev.-luth. Kirchenkreis Musterau-Heideland", "kirchlich"),
    ("tr-k02", "Kath. Kirchengemeindeverband Musterau", "kirchlich"),
    ("tr-k03", "Diakonisches Werk Musterau-Heideland e.V.", "kirchlich"),
    ("tr-k04", "Katholischer Sozialdienst Heideland e.V.", "kirchlich"),
    ("tr-f01", "Sozialwerk Musterau e.V.", "frei_gemeinnuetzig"),
    ("tr-f02", "Hilfswerk Heideland e.V.", "frei_gemeinnuetzig"),
    ("tr-f03", "Kinder- und Jugendhilfe Lindenfeld gGmbH", "frei_gemeinnuetzig"),
    ("tr-f04", "Elterninitiative Kinderhaus Musterau e.V.", "frei_gemeinnuetzig"),
    ("tr-p01", "Kinderbetreuung Nord GmbH", "privat"),
    ("tr-p02", "Bildungszentrum Heideland GmbH", "privat"),
)

# ---------------------------------------------------------------------------
# Actors: profiles per type and name pools
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """Defaults for the actors of one actor_type."""

    prefix: str
    sector: str
    education_areas: tuple[str, ...]
    learning_forms: tuple[str, ...]
    source: str = "Bestandsaufnahme Bildungsbüro 2024"


PROFILES: dict[str, Profile] = {
    "kita": Profile("kita", "fruehe_bildung", ("fruehkindlich",), ("nonformal", "informell"), "Kita-Bedarfsplan 2024"),
    "grundschule": Profile("gs", "schule", ("allgemeinbildende_schule",), ("formal",), "Schulstatistik 2024"),
    "weiterfuehrende_schule": Profile(
        "ws", "schule", ("allgemeinbildende_schule",), ("formal",), "Schulstatistik 2024"
    ),
    "foerderschule": Profile("fs", "schule", ("allgemeinbildende_schule",), ("formal",), "Schulstatistik 2024"),
    "berufliche_schule": Profile(
        "bbs",
        "berufsbildung",
        ("berufliche_bildung", "allgemeinbildende_schule"),
        ("formal",),
        "Schulstatistik 2024",
    ),
    "vhs": Profile(
        "vhs",
        "weiterbildung",
        ("weiterbildung", "nonformal_informell", "bildungsberatung"),
        ("formal", "nonformal"),
    ),
    "musikschule": Profile("ms", "kultur", ("nonformal_informell",), ("nonformal",)),
    "bibliothek": Profile("bib", "kultur", ("nonformal_informell",), ("informell", "nonformal")),
    "familienbildung": Profile("fbs", "jugendhilfe", ("weiterbildung", "fruehkindlich"), ("nonformal",)),
    "familienzentrum": Profile(
        "fz", "jugendhilfe", ("fruehkindlich", "nonformal_informell"), ("nonformal", "informell")
    ),
    "jugendeinrichtung": Profile("jug", "jugendhilfe", ("nonformal_informell",), ("nonformal", "informell")),
    "beratungsstelle": Profile("ber", "jugendhilfe", ("bildungsberatung",), ("nonformal",)),
    "jobcenter": Profile("jc", "arbeitsfoerderung", ("bildungsberatung", "weiterbildung"), ("nonformal",)),
    "arbeitsagentur": Profile("aa", "arbeitsfoerderung", ("bildungsberatung", "weiterbildung"), ("nonformal",)),
    "jugendberufsagentur": Profile(
        "jba", "arbeitsfoerderung", ("bildungsberatung", "berufliche_bildung"), ("nonformal",)
    ),
    "kammer": Profile("ka", "berufsbildung", ("berufliche_bildung", "weiterbildung"), ("formal", "nonformal")),
    "unternehmen": Profile("unt", "wirtschaft", ("berufliche_bildung",), ("formal", "informell")),
    "verein": Profile("ver", "zivilgesellschaft", ("nonformal_informell",), ("nonformal", "informell")),
    "stiftung": Profile("sti", "zivilgesellschaft", ("nonformal_informell",), ("nonformal",)),
    "religionsgemeinschaft": Profile("rel", "zivilgesellschaft", ("nonformal_informell",), ("nonformal", "informell")),
    "gemeindeverwaltung": Profile("gv", "verwaltung", ("bildungsberatung",), ("informell",)),
    "kreisverwaltung": Profile("kv", "verwaltung", ("bildungsberatung",), ("informell",)),
}


def _names(text: str) -> tuple[str, ...]:
    """Split a comma-separated block of names into a tuple (keeps long name lists compact)."""
    return tuple(part.strip() for part in text.replace("\n", " ").split(",") if part.strip())


KITA_NAMES = _names(
    """
Sonnenschein, Pusteblume, Kunterbunt, Löwenzahn, Wirbelwind, Schatzkiste, Sternschnuppe,
Abenteuerland, Purzelbaum, Spatzennest, Zwergenland, Marienkäfer, Am Mühlenbach, Lindenhof, Am Park,
Waldwichtel, Wiesenzwerge, Farbklecks, Flohkiste, Rappelkiste, Pfiffikus, Sausewind, Kleine
Strolche, Glückskäfer, Schneckenhaus, Bullerbü, Traumland, Kinderinsel, Sonnenblume, Mäuseburg,
Igelbau, Eulennest, Buntstift, Seepferdchen, Apfelbaum, Ententeich, Kastanienhof, Hummelhaus,
Windmühle, Storchennest, Leuchtturm, Kleeblatt, Tausendfüßler, Zauberwald, Grashüpfer, Biberburg,
Fuchsbau, Wolkenschloss, Rasselbande, Am Deich, Am Wasserturm, Im Grünen, Sterntaler, Lummerland,
Heidewichtel, Springmaus, Birkenhain, Luftballon
"""
)
CHURCH_KITA_NAMES = _names(
    """
St. Martin, St. Marien, St. Johannes, St. Petri, St. Josef, Arche Noah, Senfkorn, Kreuzkirche,
Friedenskirche, Paulus, Lukas, Matthäus, Christophorus, St. Elisabeth, Emmaus, Zachäus
"""
)
KITA_PREFIXES = ("Kita", "Kita", "Kita", "Kindergarten", "Kinderhaus", "Krippe und Kita")
GS_NAMES = _names(
    """
Astrid-Lindgren-Schule, Erich-Kästner-Schule, Wilhelm-Busch-Schule, Pestalozzischule,
Janusz-Korczak-Schule, Otfried-Preußler-Schule, Michael-Ende-Schule, Brüder-Grimm-Schule,
Grundschule am Lindenweg, Grundschule an der Aue, Grundschule am Schlossberg, Grundschule Am
Mühlenteich, Grundschule im Sonnenwinkel, Grundschule am Kirchplatz, Grundschule am Wasserturm,
Heideschule, Waldschule, Wiesenschule, Bachschule
"""
)
WS_NAMES = _names(
    """
Oberschule {p}, Gymnasium {p}, Integrierte Gesamtschule {p}, Realschule {p}, Kooperative
Gesamtschule {p}, Albert-Schweitzer-Gymnasium, Geschwister-Scholl-Oberschule, Gymnasium am Wall,
Lessing-Gymnasium, Oberschule am Stadtpark, Heinrich-Heine-Realschule
"""
)
JE_NAMES = ("Jugendzentrum {p}", "Jugendtreff {p}", "Jugendhaus {p}", "Offene Tür {p}")
COMPANY_SURNAMES = _names(
    """
Brandes, Köhler, Lüders, Meyerhoff, Wiechmann, Ohlendorf, Behrens, Rathjen, Bartels, Hinrichs,
Dettmer, Kruse, Lühmann, Pape, Rehbein, Scheele, Thies, Vollmer, Warnecke, Ziegenhorn, Hartje, Bode,
Evers, Gerdes, Harms, Jansen, Kück, Lampe, Mahnke, Nordmann, Oltmanns, Prigge, Quast, Riedel,
Stegmann, Tiedemann, Uhde, Wendt, Wolters, Zander
"""
)
COMPANY_PATTERNS = _names(
    """
{s} Metallbau GmbH, {s} Landtechnik GmbH & Co. KG, Elektrotechnik {s} GmbH, {s} Holzbau GmbH,
Bäckerei {s} e.K., Autohaus {s} GmbH, {s} Haustechnik GmbH, {s} Logistik GmbH & Co. KG, {s}
Kunststofftechnik GmbH, Pflegedienst {s} GmbH, Tischlerei {s} e.K., {s} Maschinenbau AG, Gartenbau
{s} GmbH, Druckerei {s} GmbH, Dachdeckerei {s} GmbH, {s} Lebensmittel GmbH
"""
)
#: (unit index, name): institutional employers at fixed places (unit index into the list of units).
SPECIAL_COMPANIES = (
    (0, "Sparkasse Musterau-Heideland"),
    (2, "Kreiskrankenhaus Musterau gGmbH"),
    (5, "Lindenfelder Energieversorgung GmbH"),
    (1, "Musterauer Wohnungsbaugenossenschaft eG"),
    (7, "Heideland Zucker AG"),
)
#: Club kinds with name patterns ({p}: place, {y}: founding year) and a weight.
CLUB_KINDS: dict[str, tuple[tuple[str, ...], int]] = {
    "sport": (
        (
            "TSV {p} von {y} e.V.",
            "SV {p} e.V.",
            "TuS {p} e.V.",
            "Reitverein {p} e.V.",
            "Schwimmverein {p} e.V.",
        ),
        30,
    ),
    "heimat": (("Heimatverein {p} e.V.", "Bürgerverein {p} e.V."), 10),
    "foerder": (("Förderverein der Schulen in {p} e.V.",), 10),
    "kultur": (
        ("Musikzug {p} e.V.", "Kulturkreis {p} e.V.", "Theaterverein {p} e.V.", "Gemischter Chor {p} e.V."),
        15,
    ),
    "senioren": (("Seniorenkreis {p}", "Seniorenclub {p} e.V."), 11),
    "landfrauen": (("Landfrauenverein {p} e.V.",), 5),
    "natur": (("Naturfreunde {p} e.V.", "Imkerverein {p} e.V."), 5),
    "jugend": (("Jugendfeuerwehr {p}", "Pfadfinderstamm {p} e.V."), 6),
    "sozial": (("Tafel {p} e.V.", "Lesepaten {p} e.V.", "Nachbarschaftshilfe {p} e.V."), 5),
    "migration": (("Sprachbrücke {p} e.V.", "Willkommensinitiative {p} e.V."), 3),
}
CLUSTER_CLUBS = (
    ("heimat", "Heimatverein {p} e.V."),
    ("sport", "Schützenverein {p} von 1898 e.V."),
    ("landfrauen", "Landfrauenverein {p} e.V."),
    ("kultur", "Posaunenchor {p} e.V."),
    ("heimat", "Dorfgemeinschaft {p} e.V."),
)
STREETS = _names(
    """
Hauptstraße, Bahnhofstraße, Schulstraße, Kirchweg, Lindenallee, Am Markt, Mühlenweg, Gartenstraße,
Birkenweg, Dorfstraße, Am Sportplatz, Waldstraße, Wiesenweg, Raiffeisenstraße, Bergstraße,
Rosenstraße, Eichenweg, Am Anger, Feldstraße, Ringstraße, Schillerstraße, Goethestraße, Burgstraße,
Poststraße, Heideweg, Moorweg, Am Bach, Kastanienallee, Ahornweg, Ulmenweg, Parkstraße, Sandweg,
Brückenstraße, Neue Straße, Industriestraße, Gewerbering, Am Wall, Friedrichstraße, Lange Straße,
Kurze Straße, Am Stadtpark, Rathausplatz
"""
)
PERSON_NAMES = _names(
    """
Erika Mustermann, Max Mustermann, Maria Musterfrau, Moritz Muster, Mia Muster, Berta Beispiel, Bernd
Beispiel, Dora Demo, Dieter Demo, Frieda Fiktiv, Fritz Fiktiv, Erna Exempel, Emil Exempel, Paula
Probe, Peter Probe, Petra Platzhalter, Paul Platzhalter, Tina Test, Theo Test, Susi Sorglos, Sepp
Sorglos, Nora Nachname, Niklas Nachname, Vera Vorlage, Volker Vorlage, Anna Annahme, Armin Annahme,
Lena Lorem, Lukas Lorem, Ida Ipsum
"""
)

# ---------------------------------------------------------------------------
# Offer templates
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferTemplate:
    """An offer an actor of some type typically makes.

    ``scope`` says where the offer is located: ``local`` in the provider's
    area, ``kreis`` in the whole district, ``outreach`` in any local area
    (branches of district-wide providers).
    """

    title: str
    topic: str
    education_area: str
    life_phases: tuple[str, ...]
    target_groups: tuple[str, ...]
    transitions: tuple[str, ...] = ()
    learning_form: str = "nonformal"
    scope: str = "local"


#: Offer templates per actor type (``[kita]``), office of the Kreis (``[office bildungsbuero]``), kind of
#: club (``[club sport]``) and for the planted duplicate offers (``[planted career_jba]``). Each template
#: is two lines: ``title | topic``, then, indented, ``education area | life phases | target groups |
#: transitions | learning form | scope`` (lists separated by spaces, ``-`` for none; learning form
#: ``nonformal`` and scope ``local`` when left out).
OFFER_TABLE = """
[kita]
Sprachförderung im Kita-Alltag | Alltagsintegrierte Sprachbildung
    fruehkindlich | kita_alter | kinder
Vorschulprogramm „Fit für die Schule“ | Vorschularbeit
    fruehkindlich | kita_alter | kinder | kita_grundschule
Eltern-Kind-Gruppe | Eltern-Kind-Gruppe
    fruehkindlich | u3 | eltern kinder | familie_kita
Kleine Forscher: Experimentieren in der Kita | Naturwissenschaftliche Frühbildung
    fruehkindlich | kita_alter | kinder
Bewegungsbaustelle für Krippenkinder | Bewegungsförderung
    fruehkindlich | u3 | kinder
Eingewöhnung mit Eltern | Eingewöhnung
    fruehkindlich | u3 | eltern kinder | familie_kita
Elternabend Medienerziehung | Medienerziehung
    fruehkindlich | kita_alter | eltern
Gesund groß werden: Kochen mit Kindern | Ernährungsbildung
    fruehkindlich | kita_alter | kinder
Waldtage für Vorschulkinder | Naturerfahrung
    fruehkindlich | kita_alter | kinder
Mehrsprachige Vorlesestunde | Mehrsprachigkeit
    fruehkindlich | u3 kita_alter | kinder neuzugewanderte
Schulbesuchstage für Vorschulkinder | Schulbesuche
    fruehkindlich | kita_alter | kinder | kita_grundschule
Krippenspielkreis | Spielkreis
    fruehkindlich | u3 | kinder eltern
[grundschule]
Leseförderung mit Lesepaten | Leseförderung
    allgemeinbildende_schule | grundschulalter | kinder
Hausaufgabenhilfe im Ganztag | Hausaufgabenbetreuung
    allgemeinbildende_schule | grundschulalter | kinder
Schnupperunterricht für Vorschulkinder | Schulanfang
    allgemeinbildende_schule | kita_alter grundschulalter | kinder | kita_grundschule
Mathe-Werkstatt | MINT-Förderung
    allgemeinbildende_schule | grundschulalter | kinder
Schulgarten-AG | Umweltbildung
    allgemeinbildende_schule | grundschulalter | kinder
Infoabend weiterführende Schulen | Schulwahl
    allgemeinbildende_schule | grundschulalter | eltern | grundschule_sek1
Deutsch-Förderkurs | Sprachförderung Schule
    allgemeinbildende_schule | grundschulalter | kinder neuzugewanderte | - | formal
[weiterfuehrende_schule]
Bewerbungstraining Klasse 9 | Bewerbungstraining
    allgemeinbildende_schule | sek1 | jugendliche | schule_beruf
Praktikumswochen | Betriebspraktikum
    allgemeinbildende_schule | sek1 | jugendliche | schule_beruf | formal
Schülerfirma | Ökonomische Bildung
    allgemeinbildende_schule | sek1 | jugendliche
Lerncoaching | Lerncoaching
    allgemeinbildende_schule | sek1 | jugendliche
Medienscouts | Medienkompetenz
    allgemeinbildende_schule | sek1 | jugendliche
Tag der offenen Tür für Viertklässler | Schulvorstellung
    allgemeinbildende_schule | grundschulalter | kinder eltern | grundschule_sek1
Sprachlernklasse | Sprachlernklasse
    allgemeinbildende_schule | sek1 | jugendliche neuzugewanderte | - | formal
[foerderschule]
Berufsvorbereitung mit Förderbedarf | Inklusive Berufsvorbereitung
    allgemeinbildende_schule | sek1 uebergang | jugendliche menschen_mit_behinderung | schule_beruf
Inklusionsberatung für Schulen | Inklusion
    bildungsberatung | grundschulalter sek1 | fachkraefte eltern
Lebenspraktisches Training | Alltagskompetenz
    allgemeinbildende_schule | sek1 | jugendliche menschen_mit_behinderung
[berufliche_schule]
Berufseinstiegsklasse | Berufsvorbereitung
    berufliche_bildung | uebergang | jugendliche | schule_beruf | formal
Sprach- und Integrationsklasse | Berufssprache Deutsch
    berufliche_bildung | uebergang | jugendliche neuzugewanderte | - | formal
Fachschule Sozialpädagogik | Erzieherausbildung
    berufliche_bildung | uebergang erwerbsalter | jugendliche fachkraefte | - | formal
Meistervorbereitung in Teilzeit | Aufstiegsfortbildung
    berufliche_bildung | erwerbsalter | fachkraefte | beruf_weiterbildung | formal
Berufliches Gymnasium Wirtschaft | Hochschulreife
    berufliche_bildung | uebergang | jugendliche | - | formal
[vhs]
Integrationskurs | Integrationskurs
    weiterbildung | erwerbsalter | neuzugewanderte | - | formal | kreis
Alphabetisierung für Erwachsene | Alphabetisierung
    weiterbildung | erwerbsalter | arbeitsuchende neuzugewanderte | - | - | kreis
Hauptschulabschluss nachholen | Schulabschlüsse
    weiterbildung | uebergang erwerbsalter | jugendliche arbeitsuchende | schule_beruf | formal | kreis
Englisch für den Beruf | Fremdsprachen
    weiterbildung | erwerbsalter | fachkraefte | - | - | kreis
EDV-Grundkurs | Digitale Grundbildung
    weiterbildung | erwerbsalter | arbeitsuchende fachkraefte | - | - | kreis
Bildungsurlaub Kommunikation | Kommunikation
    weiterbildung | erwerbsalter | fachkraefte | - | - | kreis
Wiedereinstieg in den Beruf | Beruflicher Wiedereinstieg
    weiterbildung | erwerbsalter | eltern arbeitsuchende | wiedereinstieg | - | kreis
Politik am Abend | Politische Bildung
    weiterbildung | erwerbsalter | alle | - | - | kreis
Qualifizierung für Tagespflegepersonen | Qualifizierung Kindertagespflege
    weiterbildung | erwerbsalter | fachkraefte | - | - | kreis
Deutsch für den Beruf B1 | Berufssprachkurs
    weiterbildung | erwerbsalter | neuzugewanderte arbeitsuchende | - | formal | kreis
Junge VHS: Programmieren für Kinder | Programmieren
    nonformal_informell | grundschulalter sek1 | kinder jugendliche | - | - | kreis
Elternkurs „Starke Eltern“ | Elternkompetenz
    weiterbildung | erwerbsalter | eltern | - | - | kreis
Smartphone-Kurs für Ältere | Smartphone-Schulung
    weiterbildung | nacherwerb | senioren | - | - | outreach
Gedächtnistraining | Gedächtnistraining
    weiterbildung | nacherwerb | senioren | - | - | outreach
Vorbereitung auf den Ruhestand | Übergang in den Ruhestand
    weiterbildung | erwerbsalter nacherwerb | fachkraefte senioren | erwerb_ruhestand | - | outreach
Kreatives Schreiben | Kulturelle Bildung
    nonformal_informell | erwerbsalter nacherwerb | senioren fachkraefte | - | - | outreach
Nähcafé | Handwerkliches Gestalten
    nonformal_informell | erwerbsalter nacherwerb | senioren eltern | - | informell | outreach
Rückenfit | Gesundheitsbildung
    weiterbildung | erwerbsalter | fachkraefte | - | - | outreach
[musikschule]
Musikalische Früherziehung | Musikalische Früherziehung
    nonformal_informell | kita_alter | kinder | - | - | outreach
Instrumentalunterricht | Instrumentalunterricht
    nonformal_informell | grundschulalter sek1 | kinder jugendliche | - | - | kreis
Singkreis für Ältere | Singkreis
    nonformal_informell | nacherwerb | senioren | - | - | outreach
Bläserklasse | Bläserklasse
    nonformal_informell | sek1 | jugendliche | - | - | outreach
[bibliothek]
Bilderbuchkino | Bilderbuchkino
    nonformal_informell | kita_alter | kinder
Lesestart für Familien | Frühe Leseförderung
    nonformal_informell | u3 kita_alter | familien
Sommerleseclub | Leseclub
    nonformal_informell | grundschulalter sek1 | kinder jugendliche
Digitale Sprechstunde für Ältere | Digitale Sprechstunde
    nonformal_informell | nacherwerb | senioren
Klassenführungen | Bibliothekseinführung
    nonformal_informell | grundschulalter sek1 | kinder jugendliche
Sprachcafé | Sprachcafé
    nonformal_informell | erwerbsalter | neuzugewanderte | - | informell
Vorlesenachmittag für Ältere | Literaturnachmittag
    nonformal_informell | nacherwerb | senioren | - | informell
Gaming-Nachmittag | Medienbildung Jugend
    nonformal_informell | sek1 | jugendliche | - | informell
[jugendeinrichtung]
Offener Treff | Offene Jugendarbeit
    nonformal_informell | sek1 uebergang | jugendliche | - | informell
Hausaufgabenhilfe im Jugendzentrum | Lernhilfe
    nonformal_informell | sek1 | jugendliche
Ferienprogramm | Ferienfreizeit
    nonformal_informell | grundschulalter sek1 | kinder jugendliche
Bewerbungscafé | Bewerbungshilfe
    nonformal_informell | uebergang | jugendliche | schule_beruf
Medienwerkstatt | Medienpädagogik
    nonformal_informell | sek1 | jugendliche
Mädchentreff | Mädchenarbeit
    nonformal_informell | sek1 | jugendliche | - | informell
[beratungsstelle]
Erziehungsberatung | Erziehungsberatung
    bildungsberatung | u3 kita_alter grundschulalter | eltern
Bildungsberatung für Erwachsene | Weiterbildungsberatung
    bildungsberatung | erwerbsalter | arbeitsuchende fachkraefte | wiedereinstieg
Anerkennungsberatung ausländischer Abschlüsse | Anerkennung
    bildungsberatung | erwerbsalter | neuzugewanderte
Familienberatung Frühe Hilfen | Frühe Hilfen
    bildungsberatung | u3 | familien eltern | familie_kita
Migrationsberatung für Erwachsene | Migrationsberatung
    bildungsberatung | erwerbsalter | neuzugewanderte
Jugendberatung | Jugendberatung
    bildungsberatung | sek1 uebergang | jugendliche
Pflege- und Seniorenberatung | Seniorenberatung
    bildungsberatung | nacherwerb | senioren
[familienzentrum]
Krabbelgruppe | Krabbelgruppe
    fruehkindlich | u3 | familien | familie_kita
Elterncafé | Elterncafé
    nonformal_informell | u3 kita_alter | eltern | - | informell
Familienfrühstück | Familienbegegnung
    nonformal_informell | u3 kita_alter grundschulalter | familien | - | informell
Hebammensprechstunde | Hebammensprechstunde
    bildungsberatung | u3 | eltern
Sprachspielgruppe für zugewanderte Familien | Sprachspielgruppe
    fruehkindlich | kita_alter | kinder neuzugewanderte
Generationentreff | Generationenbegegnung
    nonformal_informell | grundschulalter nacherwerb | senioren kinder | - | informell
[familienbildung]
Babygruppe im ersten Lebensjahr | Babygruppe
    weiterbildung | u3 | eltern | - | - | outreach
Elternkurs Pubertät | Elternbildung Pubertät
    weiterbildung | sek1 | eltern | - | - | kreis
Geburtsvorbereitung | Geburtsvorbereitung
    weiterbildung | erwerbsalter | eltern | - | - | kreis
Kochkurs für Familien | Familienküche
    weiterbildung | grundschulalter | familien | - | - | outreach
Großeltern-Enkel-Nachmittag | Großelternbildung
    weiterbildung | nacherwerb | senioren kinder | - | - | outreach
Wiedereinstieg nach der Elternzeit | Elternzeit und Beruf
    weiterbildung | erwerbsalter | eltern | wiedereinstieg | - | kreis
[jobcenter]
Bewerbungscoaching | Bewerbungscoaching
    bildungsberatung | erwerbsalter | arbeitsuchende | - | - | kreis
Aktivierung für Alleinerziehende | Aktivierung Alleinerziehender
    weiterbildung | erwerbsalter | eltern arbeitsuchende | wiedereinstieg | - | kreis
Teilqualifizierung Lager und Logistik | Teilqualifizierung
    berufliche_bildung | erwerbsalter | arbeitsuchende | - | formal | kreis
Coaching für junge Erwachsene (U25) | U25-Coaching
    bildungsberatung | uebergang | jugendliche arbeitsuchende | schule_beruf | - | kreis
[arbeitsagentur]
Berufsberatung im Erwerbsleben | Berufsberatung Erwachsene
    bildungsberatung | erwerbsalter | fachkraefte arbeitsuchende | beruf_weiterbildung | - | kreis
Weiterbildungsförderung mit Bildungsgutschein | Weiterbildungsförderung
    weiterbildung | erwerbsalter | arbeitsuchende | - | - | kreis
Berufsinformationszentrum | Berufsinformation
    bildungsberatung | sek1 uebergang | jugendliche | schule_beruf | informell | kreis
[jugendberufsagentur]
Übergangsberatung nach der Schule | Übergangsberatung
    bildungsberatung | uebergang | jugendliche | schule_beruf | - | kreis
Ausbildungsplatzbörse | Ausbildungsvermittlung
    berufliche_bildung | uebergang | jugendliche | schule_beruf | - | kreis
[kammer]
Ausbildungsbotschafter an Schulen | Ausbildungsbotschafter
    berufliche_bildung | sek1 | jugendliche | schule_beruf | - | kreis
Prüfungsvorbereitung für Auszubildende | Prüfungsvorbereitung
    berufliche_bildung | uebergang | jugendliche | ausbildung_beruf | - | kreis
Lehrgang Ausbildereignung | Ausbildereignung
    berufliche_bildung | erwerbsalter | fachkraefte | beruf_weiterbildung | formal | kreis
Willkommenslotsen für Betriebe | Fachkräfteintegration
    bildungsberatung | erwerbsalter | fachkraefte neuzugewanderte | - | - | kreis
Meisterkurs im Handwerk | Meisterfortbildung
    berufliche_bildung | erwerbsalter | fachkraefte | beruf_weiterbildung | formal | kreis
Handwerk-Schnuppertage | Handwerksorientierung
    berufliche_bildung | sek1 | jugendliche | schule_beruf | - | kreis
Überbetriebliche Lehrlingsunterweisung | Überbetriebliche Ausbildung
    berufliche_bildung | uebergang | jugendliche | ausbildung_beruf | formal | kreis
[unternehmen]
Schülerpraktikum | Praktikumsplätze
    berufliche_bildung | sek1 | jugendliche | schule_beruf | informell
Ausbildung im Betrieb | Ausbildungsplätze
    berufliche_bildung | uebergang | jugendliche | ausbildung_beruf | formal
Zukunftstag im Betrieb | Geschlechtersensible Berufsorientierung
    berufliche_bildung | sek1 | jugendliche | schule_beruf | informell
Betriebliche Weiterbildung | Innerbetriebliche Weiterbildung
    weiterbildung | erwerbsalter | fachkraefte | beruf_weiterbildung
[stiftung]
Stipendienprogramm Bildungsaufstieg | Stipendien
    bildungsberatung | uebergang | jugendliche | - | - | kreis
Mentoringprogramm Schülerpaten | Mentoring
    nonformal_informell | sek1 | jugendliche | - | - | kreis
Förderpreis Bildungsinitiativen | Förderpreis
    nonformal_informell | erwerbsalter | fachkraefte | - | informell | kreis
[religionsgemeinschaft]
Kinderbibeltage | Religiöse Bildung
    nonformal_informell | grundschulalter | kinder
Seniorenkreis der Gemeinde | Gemeindliche Seniorenarbeit
    nonformal_informell | nacherwerb | senioren | - | informell
Jugendgruppe | Religiöse Jugendgruppe
    nonformal_informell | sek1 | jugendliche | - | informell
[gemeindeverwaltung]
Ferienpass | Ferienpass
    nonformal_informell | grundschulalter sek1 | kinder jugendliche
Seniorenakademie | Seniorenakademie
    nonformal_informell | nacherwerb | senioren
Kita-Platz-Beratung | Kita-Platzvergabe
    bildungsberatung | u3 kita_alter | eltern | familie_kita
Willkommensbesuche für Neugeborene | Willkommensbesuche
    bildungsberatung | u3 | familien | familie_kita
[office bildungsbuero]
Bildungsberatung im Bildungsbüro | Bildungsberatung
    bildungsberatung | uebergang erwerbsalter | alle | - | - | kreis
Fachtag Übergänge gestalten | Fachtag
    weiterbildung | erwerbsalter | fachkraefte | - | - | kreis
[office jugendamt]
Frühe Hilfen: Familienhebammen | Familienhebammen
    bildungsberatung | u3 | familien | familie_kita | - | outreach
Jugendleiter-Schulung | Jugendleiterausbildung
    nonformal_informell | uebergang | jugendliche | - | - | kreis
Vermittlung Kindertagespflege | Kindertagespflege
    bildungsberatung | u3 | eltern | familie_kita | - | outreach
[office schulamt]
Schulsozialarbeit | Schulsozialarbeit
    allgemeinbildende_schule | sek1 | jugendliche | - | - | kreis
[office integration]
Schulung Integrationslotsen | Integrationslotsen
    weiterbildung | erwerbsalter | neuzugewanderte fachkraefte | - | - | kreis
[club sport]
Kinderturnen | Kinderturnen
    nonformal_informell | kita_alter | kinder
Schwimmkurs für Kinder | Schwimmen lernen
    nonformal_informell | kita_alter grundschulalter | kinder
Seniorensport | Seniorensport
    nonformal_informell | nacherwerb | senioren
Fußball-AG | Sport-AG
    nonformal_informell | grundschulalter sek1 | kinder jugendliche
[club heimat]
Plattdeutsch für Kinder | Regionalsprache
    nonformal_informell | grundschulalter | kinder
Ortsgeschichte erleben | Heimatkunde
    nonformal_informell | erwerbsalter nacherwerb | senioren familien | - | informell
[club foerder]
Lernwerkstatt am Nachmittag | Nachmittagsangebot
    nonformal_informell | grundschulalter | kinder
[club kultur]
Jugendorchester | Jugendorchester
    nonformal_informell | sek1 | jugendliche
Singen für Kinder | Kinderchor
    nonformal_informell | kita_alter grundschulalter | kinder
Erzählcafé | Erzählcafé
    nonformal_informell | nacherwerb | senioren | - | informell
[club senioren]
Seniorennachmittag mit Vortrag | Seniorenbildung
    nonformal_informell | nacherwerb | senioren
Computerhilfe von Älteren für Ältere | Technikhilfe
    nonformal_informell | nacherwerb | senioren | - | informell
[club landfrauen]
Ernährungsführerschein | Ernährungsführerschein
    nonformal_informell | grundschulalter | kinder
Kochkurs für Ältere | Seniorenküche
    nonformal_informell | nacherwerb | senioren
[club natur]
Naturerlebnistage | Naturpädagogik
    nonformal_informell | grundschulalter | kinder
[club jugend]
Kinderfeuerwehr | Brandschutzerziehung
    nonformal_informell | grundschulalter | kinder
Gruppenstunde | Jugendgruppenarbeit
    nonformal_informell | sek1 | jugendliche
[club sozial]
Vorlesen in Kitas | Lesepatenschaft
    nonformal_informell | kita_alter | kinder
Lernpaten für Schulkinder | Lernbegleitung
    nonformal_informell | grundschulalter | kinder
[club migration]
Hausaufgabenhilfe mehrsprachig | Mehrsprachige Lernhilfe
    nonformal_informell | grundschulalter sek1 | kinder neuzugewanderte
Begegnungscafé | Begegnung
    nonformal_informell | erwerbsalter | neuzugewanderte | - | informell
[planted career_jba]
Berufsorientierung an der {school} | Berufsorientierung
    bildungsberatung | sek1 | jugendliche | schule_beruf
[planted career_club]
Bewerbungspaten und Berufsorientierung an der {school} | Berufsorientierung
    bildungsberatung | sek1 uebergang | jugendliche eltern | schule_beruf
[planted course_club]
Deutschkurs für Neuzugewanderte | Deutsch als Zweitsprache
    weiterbildung | erwerbsalter | neuzugewanderte
[planted course_counselling]
Deutsch lernen im Stadtteil | Deutsch als Zweitsprache
    weiterbildung | erwerbsalter | neuzugewanderte eltern
"""


def _parse_templates(table: str) -> dict[str, tuple[OfferTemplate, ...]]:
    """Parse :data:`OFFER_TABLE` into templates per section name."""
    sections: dict[str, list[OfferTemplate]] = {}
    current: list[OfferTemplate] = []
    head: list[str] = []
    for line in table.splitlines():
        if not line.strip():
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        elif not line.startswith(" "):
            head = [part.strip() for part in line.split("|")]
        else:
            cols = [part.strip() for part in line.split("|")] + [""] * 6
            lists = [tuple(c.split()) if c != "-" else () for c in cols[1:4]]
            learning_form = cols[4] if cols[4] not in ("", "-") else "nonformal"
            current.append(OfferTemplate(head[0], head[1], cols[0], *lists, learning_form, cols[5] or "local"))
    return {name: tuple(templates) for name, templates in sections.items()}


_TEMPLATES = _parse_templates(OFFER_TABLE)
OFFER_TEMPLATES = {k: v for k, v in _TEMPLATES.items() if " " not in k}
OFFICE_TEMPLATES = {k.split()[1]: v for k, v in _TEMPLATES.items() if k.startswith("office ")}
CLUB_TEMPLATES = {k.split()[1]: v for k, v in _TEMPLATES.items() if k.startswith("club ")}
PLANTED_TEMPLATES = {k.split()[1]: v[0] for k, v in _TEMPLATES.items() if k.startswith("planted ")}

#: The committees: ``key | name | committee_type | themes | meetings per year``. Arbeitskreise report to
#: the Steuerungsgruppe, the Steuerungsgruppe to the Lenkungskreis; the builder picks the members.
COMMITTEE_TABLE = """
bk | Bildungskonferenz Landkreis Musterau | bildungskonferenz | Bildungslandschaft, Bildungsmonitoring | 1
lk | Lenkungskreis Bildung | lenkungskreis | Steuerung, Bildungsmonitoring | 2
sg | Steuerungsgruppe Bildungsregion | steuerungsgruppe | Steuerung, Koordination | 4
ak_frueh | Arbeitskreis Frühe Bildung | arbeitskreis | Frühe Bildung, Sprachbildung | 4
ak_kita | Arbeitskreis Übergang Kita–Grundschule | arbeitskreis | Übergang Kita–Grundschule, Sprachbildung | 4
ak_sb | Arbeitskreis Schule–Beruf | arbeitskreis | Übergang Schule–Beruf, Berufsorientierung | 5
ak_bo | Arbeitskreis Berufsorientierung | arbeitskreis | Berufsorientierung, Fachkräftesicherung | 6
ak_integration | Arbeitskreis Integration durch Bildung | arbeitskreis | Integration, Sprachbildung | 4
ak_lll | Arbeitskreis Lebenslanges Lernen | arbeitskreis | Weiterbildung, Grundbildung | 4
ak_ganztag | Arbeitskreis Ganztag und Jugend | arbeitskreis | Ganztag, Jugendarbeit | 4
nw_nord | Netzwerk Frühe Hilfen Nordstadt | netzwerk | Frühe Hilfen, Familien | 6
nw_lindenfeld | Bildungsnetzwerk Lindenfeld | netzwerk | Bildungslandschaft | 4
nw_praevention | Präventionsnetzwerk Brückenhagen | netzwerk | Prävention, Jugendarbeit | 4
nw_familie | Lokales Bündnis für Familie Eichenrode | netzwerk | Familien | 4
nw_ost | Netzwerk Frühe Bildung Lindenfeld-Ost | netzwerk | Frühe Bildung, Übergang Kita–Grundschule | 6
"""


def _parse_committees() -> list[tuple[str, str, str, list[str], int]]:
    """Parse :data:`COMMITTEE_TABLE` into (key, name, committee_type, themes, meetings per year)."""
    rows = []
    for line in COMMITTEE_TABLE.strip().splitlines():
        key, name, ctype, themes, meetings = (part.strip() for part in line.split("|"))
        rows.append((key, name, ctype, [t.strip() for t in themes.split(",")], int(meetings)))
    return rows


LANGUAGES = ("Englisch", "Arabisch", "Ukrainisch", "Türkisch", "Russisch", "Dari", "Polnisch")
FUNDING = (
    "Startchancen-Programm",
    "ESF Plus",
    "Kultur macht stark",
    "Landesprogramm Bildungsregionen",
    "Bürgerstiftung Musterau",
)

# ---------------------------------------------------------------------------
# Records (attribute names are the ``field`` names of graph.model.SHEETS)
# ---------------------------------------------------------------------------


@dataclass
class Area:
    """A Kreis, Gemeinde or Sozialraum."""

    id: str
    name: str
    area_type: str
    part_of: str | None
    ags: str | None
    population: int
    lat: float = 0.0
    lon: float = 0.0
    short: str = ""


@dataclass
class Institution:
    """A Träger."""

    id: str
    name: str
    provider_type: str


@dataclass
class Actor:
    """An education actor; ``gemeinde`` and ``kind`` are internal."""

    id: str
    name: str
    actor_type: str
    sector: str
    institution: str | None
    area: str
    education_areas: list[str]
    learning_forms: list[str]
    address: str
    lat: float
    lon: float
    website: str | None = None
    source: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    gemeinde: str = ""
    kind: str = ""


@dataclass
class Offer:
    """An education offer."""

    id: str
    title: str
    providers: list[str]
    education_area: str
    life_phases: list[str]
    target_groups: list[str]
    transitions: list[str]
    learning_form: str
    format: str
    cost: str
    languages: list[str]
    accessible: bool
    area: str
    topic: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class Cooperation:
    """A cooperation between two actors."""

    id: str
    actor_a: str
    actor_b: str
    types: list[str]
    intensity: int
    formality: str
    since: dt.date | None
    until: dt.date | None
    reported_by: str | None = None
    confirmed: bool | None = None
    funding: str | None = None
    source: str | None = None


@dataclass
class Committee:
    """A Gremium."""

    id: str
    name: str
    committee_type: str
    themes: list[str]
    meetings_per_year: int
    area: str
    reports_to: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class Membership:
    """An actor's seat in a committee."""

    committee: str
    actor: str
    role: str
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass
class Person:
    """A contact person (fictitious)."""

    id: str
    actor: str
    role: str
    name: str
    email: str
    phone: str | None
    consent: bool
    delete_after: dt.date | None


@dataclass
class Demo:
    """The generated district: rows per sheet and the planted findings."""

    rows: dict[str, list[dict[str, object]]]
    planted: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def valid_at(start: dt.date | None, end: dt.date | None, when: dt.date) -> bool:
    """Return whether a record valid from ``start`` to ``end`` (inclusive, open if None) is valid ``when``."""
    return (start is None or start <= when) and (end is None or end >= when)


def normalise_name(name: str) -> str:
    """Return ``name`` in lower case without legal forms and punctuation (for duplicate checks).

    Examples
    --------
    >>> normalise_name("Familienzentrum Regenbogen e.V.")
    'familienzentrum regenbogen'
    """
    text = name.lower()
    text = re.sub(r"\be\.\s*[vk]\.?", " ", text)
    text = re.sub(r"&\s*co\.?", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    legal = {"ggmbh", "gmbh", "mbh", "ag", "kg", "eg", "ug", "gbr", "ohg", "ev", "ek", "partg"}
    return " ".join(t for t in text.split() if t not in legal)


def similarity(a: str, b: str) -> float:
    """Return the ``difflib.SequenceMatcher`` ratio of two strings, the larger of both orders.

    The ratio is not symmetric; the larger value is the safe one for keeping names apart.
    """
    return max(difflib.SequenceMatcher(None, a, b).ratio(), difflib.SequenceMatcher(None, b, a).ratio())


def similar_topics(a: str, b: str) -> bool:
    """Return whether two topics are alike: a ratio of 0.75 or more, or a shared word of four letters or more.

    The generator keeps such topics apart within one area, except for the planted duplicates.
    """
    words_a = {w for w in re.findall(r"\w+", a.lower()) if len(w) >= 4}
    words_b = {w for w in re.findall(r"\w+", b.lower()) if len(w) >= 4}
    return bool(words_a & words_b) or similarity(a.lower(), b.lower()) >= 0.75


def _slug(text: str) -> str:
    text = text.lower()
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _overlap(a: Sequence[str], b: Sequence[str], wildcard: str | None = None) -> bool:
    if wildcard is not None and (wildcard in a or wildcard in b):
        return bool(a) and bool(b)
    return any(x in b for x in a)


def _largest_remainder(weights: Sequence[float], total: int, minimum: int = 0) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, each at least ``minimum``."""
    base = [minimum] * len(weights)
    rest = total - minimum * len(weights)
    wsum = float(sum(weights))
    exact = [w / wsum * rest for w in weights]
    counts = [b + int(e) for b, e in zip(base, exact, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - int(exact[i])), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# ---------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------


class _Builder:
    """Builds the district step by step from one random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.areas: list[Area] = []
        self.area_by_id: dict[str, Area] = {}
        self.institutions: list[Institution] = []
        self.actors: list[Actor] = []
        self.actor_by_id: dict[str, Actor] = {}
        self.offers: list[Offer] = []
        self.coops: list[Cooperation] = []
        self.pairs: dict[tuple[str, str], Cooperation] = {}
        self.committees: list[Committee] = []
        self.memberships: list[Membership] = []
        self.persons: list[Person] = []
        self.counters: dict[str, int] = {}
        self.addresses: dict[str, set[str]] = {}
        self.forbidden_pairs: set[tuple[str, str]] = set()
        self.cluster: list[str] = []
        self.loners: set[str] = set()
        self.role: dict[str, str] = {}
        self.blocked: set[tuple[str, str]] = set()
        self.planted_offers: list[list[Offer]] = []
        self.planted_committees: list[str] = []
        self.planted_structure: dict[str, Any] = {}

    # -- random dates ---------------------------------------------------------------------------

    def _date(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def _old_date(self, earliest: dt.date | None = None) -> dt.date:
        start = max(dt.date(2010, 1, 1), earliest or dt.date(2010, 1, 1))
        return self._date(start, max(start, dt.date(2024, 6, 30)))

    # -- areas ----------------------------------------------------------------------------------

    def build_areas(self) -> None:
        """Create the Kreis, its Gemeinden and the Sozialräume of the two largest towns."""
        assert sum(p for _, p in GEMEINDEN) == TOTAL_POPULATION
        kreis = Area(KREIS_ID, KREIS_NAME, "kreis", None, KREIS_AGS, TOTAL_POPULATION, 52.57, 9.95)
        self._add_area(kreis)
        alphabetical = sorted(range(len(GEMEINDEN)), key=lambda i: GEMEINDEN[i][0])
        ags_number = {index: 3 * rank + 1 for rank, index in enumerate(alphabetical)}
        (lat0, lat1), (lon0, lon1) = BOX
        placed: list[tuple[float, float]] = [FIXED_CENTRES[i] for i in sorted(FIXED_CENTRES)]
        for index, (name, population) in enumerate(GEMEINDEN):
            if index in FIXED_CENTRES:
                lat, lon = FIXED_CENTRES[index]
            else:
                while True:
                    lat = round(self.rng.uniform(lat0 + 0.03, lat1 - 0.03), 4)
                    lon = round(self.rng.uniform(lon0 + 0.04, lon1 - 0.04), 4)
                    if all((lat - a) ** 2 + ((lon - b) * 0.61) ** 2 > 0.045**2 for a, b in placed):
                        break
                placed.append((lat, lon))
            ags = f"03999{ags_number[index]:03d}"
            self._add_area(Area(f"geb-g{index + 1:02d}", name, "gemeinde", KREIS_ID, ags, population, lat, lon, name))
        for number, (parent, short, population, (dlat, dlon)) in enumerate(SOZIALRAEUME, start=1):
            town = self.areas[1 + parent]
            name = f"{town.name}-{short}"
            label = short if town.name == "Musterau" else name
            self._add_area(
                Area(
                    f"geb-s{number:02d}",
                    name,
                    "sozialraum",
                    town.id,
                    None,
                    population,
                    round(town.lat + dlat, 4),
                    round(town.lon + dlon, 4),
                    label,
                )
            )
        for town in self.areas[1:3]:
            parts = [a.population for a in self.areas if a.part_of == town.id]
            assert sum(parts) == town.population

    def _add_area(self, area: Area) -> None:
        self.areas.append(area)
        self.area_by_id[area.id] = area

    def gemeinde(self, index: int) -> Area:
        """Return the Gemeinde with index ``index`` into GEMEINDEN."""
        return self.area_by_id[f"geb-g{index + 1:02d}"]

    def sozialraum(self, index: int) -> Area:
        """Return the Sozialraum with index ``index`` into SOZIALRAEUME."""
        return self.area_by_id[f"geb-s{index + 1:02d}"]

    @property
    def units(self) -> list[Area]:
        """The most specific areas: the Sozialräume and the Gemeinden without Sozialräume."""
        partitioned = {a.part_of for a in self.areas if a.area_type == "sozialraum"}
        leaf_gemeinden = [a for a in self.areas if a.area_type == "gemeinde" and a.id not in partitioned]
        return [a for a in self.areas if a.area_type == "sozialraum"] + leaf_gemeinden

    def ancestors(self, area_id: str) -> list[str]:
        """Return the ids of the areas above ``area_id``."""
        out = []
        parent = self.area_by_id[area_id].part_of
        while parent:
            out.append(parent)
            parent = self.area_by_id[parent].part_of
        return out

    def descendants(self, area_id: str) -> list[str]:
        """Return the ids of the areas below ``area_id``."""
        out = []
        for area in self.areas:
            if area_id in self.ancestors(area.id):
                out.append(area.id)
        return out

    def gemeinde_of(self, area_id: str) -> str:
        """Return the Gemeinde an area belongs to (itself for a Gemeinde)."""
        area = self.area_by_id[area_id]
        return area.part_of if area.area_type == "sozialraum" and area.part_of else area.id

    # -- institutions ---------------------------------------------------------------------------

    def build_institutions(self) -> None:
        """Create the Träger: the Kreis, one per Gemeinde, church, free and private Träger."""
        self.institutions.append(Institution("tr-lk", KREIS_NAME, "oeffentlich"))
        for index, (name, _) in enumerate(GEMEINDEN):
            title = "Stadt" if name in TOWNS else "Gemeinde"
            self.institutions.append(Institution(f"tr-g{index + 1:02d}", f"{title} {name}", "oeffentlich"))
        self.institutions.extend(Institution(*row) for row in FREE_INSTITUTIONS)

    def municipal(self, area_id: str) -> str:
        """Return the id of the Gemeinde Träger for an area."""
        return "tr-g" + self.gemeinde_of(area_id)[-2:]

    # -- actors ---------------------------------------------------------------------------------

    def add_actor(
        self,
        actor_type: str,
        unit: Area,
        names: Sequence[str],
        *,
        institution: str | None = None,
        sector: str | None = None,
        kind: str = "",
        address: str | None = None,
        duplicate: bool = False,
    ) -> Actor:
        """Create an actor with the first of ``names`` that is not similar to a name in its area.

        Only the planted ``duplicate`` may be similar to another name.
        """
        taken = [] if duplicate else [normalise_name(a.name) for a in self.actors if a.area == unit.id]
        gemeinde = self.area_by_id[self.gemeinde_of(unit.id)]
        for name in names:
            norm = normalise_name(name)
            if all(similarity(norm, other) < 0.8 for other in taken):
                break
        else:
            raise RuntimeError(f"no name for a {actor_type} in {unit.name} is unlike the others: {names}")
        profile = PROFILES[actor_type]
        number = self.counters.get(profile.prefix, 0) + 1
        self.counters[profile.prefix] = number
        if address is None:
            used = self.addresses.setdefault(gemeinde.id, set())
            streets = STREETS[-8:] if actor_type == "unternehmen" else STREETS
            while True:
                address = f"{self.rng.choice(streets)} {self.rng.randint(1, 60)}, {gemeinde.name}"
                if address not in used:
                    break
        self.addresses.setdefault(gemeinde.id, set()).add(address)
        spread = 0.004 if unit.area_type == "sozialraum" else 0.009
        lat = round(unit.lat + self.rng.uniform(-spread, spread), 5)
        lon = round(unit.lon + self.rng.uniform(-spread, spread) * 1.6, 5)
        website = f"https://www.{_slug(name)}.example" if self.rng.random() < 0.6 else None
        actor = Actor(
            id=f"ak-{profile.prefix}-{number:03d}",
            name=name,
            actor_type=actor_type,
            sector=sector or profile.sector,
            institution=institution,
            area=unit.id,
            education_areas=list(profile.education_areas),
            learning_forms=list(profile.learning_forms),
            address=address,
            lat=lat,
            lon=lon,
            website=website,
            source=profile.source,
            gemeinde=gemeinde.id,
            kind=kind,
        )
        if self.rng.random() < 0.1:
            actor.valid_from = dt.date(self.rng.randint(2005, 2022), self.rng.choice((1, 8)), 1)
        self.actors.append(actor)
        self.actor_by_id[actor.id] = actor
        return actor

    def _pool(self, patterns: Sequence[str], place: str) -> list[str]:
        names = [p.format(p=place, y=self.rng.randint(1862, 1925)) for p in patterns]
        self.rng.shuffle(names)
        return names

    def build_actors(self) -> None:
        """Create about 420 actors of all types, located in the most specific area."""
        units = self.units
        pops = [u.population for u in units]
        s = [self.sozialraum(i) for i in range(len(SOZIALRAEUME))]
        g = [self.gemeinde(i) for i in range(len(GEMEINDEN))]

        # Kreis offices, at the Kreishaus in the Altstadt.
        kreishaus = "Am Kreishaus 1, Musterau"
        offices = (
            ("dezernat", "Dezernat Bildung, Jugend und Soziales", "verwaltung"),
            ("bildungsbuero", "Bildungsbüro Landkreis Musterau", "verwaltung"),
            ("jugendamt", "Kreisjugendamt Musterau", "jugendhilfe"),
            ("schulamt", "Amt für Schule und Kultur", "verwaltung"),
            ("integration", "Fachdienst Integration und Teilhabe", "verwaltung"),
        )
        for role, name, sector in offices:
            address = kreishaus if role != "jugendamt" else None
            actor = self.add_actor(
                "kreisverwaltung",
                s[0],
                [name],
                institution="tr-lk",
                sector=sector,
                kind=role,
                address=address,
            )
            self.role[role] = actor.id
        # District-wide institutions.
        self.role["vhs"] = self.add_actor("vhs", s[0], ["Kreisvolkshochschule Musterau"], institution="tr-lk").id
        self.role["musikschule"] = self.add_actor(
            "musikschule", s[0], ["Kreismusikschule Musterau"], institution="tr-lk"
        ).id
        self.role["jobcenter"] = self.add_actor(
            "jobcenter", s[3], ["Jobcenter Landkreis Musterau"], institution="tr-lk"
        ).id
        self.role["arbeitsagentur"] = self.add_actor("arbeitsagentur", s[3], ["Agentur für Arbeit Musterau"]).id
        self.role["jba"] = self.add_actor("jugendberufsagentur", s[3], ["Jugendberufsagentur Musterau"]).id
        self.role["ihk"] = self.add_actor(
            "kammer", s[2], ["IHK Heideland, Geschäftsstelle Musterau"], sector="wirtschaft"
        ).id
        self.role["hwk"] = self.add_actor("kammer", s[2], ["Handwerkskammer Heideland, Bildungszentrum Musterau"]).id

        # Gemeinde offices.
        for index, gem in enumerate(g):
            seat = s[0] if index == 0 else s[5] if index == 1 else gem
            title = "Stadtverwaltung" if gem.name in TOWNS else "Gemeindeverwaltung"
            actor = self.add_actor(
                "gemeindeverwaltung",
                seat,
                [f"{title} {gem.name}"],
                institution=f"tr-g{index + 1:02d}",
                address=f"Rathausplatz 1, {gem.name}",
            )
            self.role[f"gv:{gem.id}"] = actor.id

        # Kitas: about 0.7 per 1,000 inhabitants, at least one per area.
        for u, count in zip(units, _largest_remainder(pops, 125, 1), strict=True):
            for _ in range(count):
                self._add_kita(u)
        # Weiterführende Schulen.
        ws_units = [s[0], s[1], s[2], s[3], s[4], s[5], g[2], g[2], g[3], g[4], g[5], g[6], g[7], g[8]]
        for u in ws_units:
            if u is g[CAREER_GEMEINDE] and "career_school" not in self.role:
                actor = self.add_actor("weiterfuehrende_schule", u, [f"Oberschule {u.short}"], institution="tr-lk")
                self.role["career_school"] = actor.id
                continue
            names = self._pool(WS_NAMES, u.short)
            private = u is s[2]
            if private:
                names = ["Freie Schule Heideland"]
            institution = "tr-p02" if private else self.rng.choice(("tr-lk", "tr-lk", self.municipal(u.id)))
            self.add_actor("weiterfuehrende_schule", u, names, institution=institution)
        # Grundschulen: at least one per area.
        for u, count in zip(units, _largest_remainder(pops, 40, 1), strict=True):
            names = [f"Grundschule {u.short}", *self.rng.sample(GS_NAMES, len(GS_NAMES))]
            for _ in range(count):
                self.add_actor("grundschule", u, names, institution=self.municipal(u.id))
        # Förderschulen and berufliche Schulen.
        for u, name in (
            (s[2], "Förderschule am Wiesengrund"),
            (s[3], "Schule am Lindenhof"),
            (s[5], "Förderzentrum Lindenfeld"),
            (g[3], "Förderschule Sprache Eichenrode"),
        ):
            self.add_actor("foerderschule", u, [name], institution="tr-lk")
        for u, name in (
            (s[0], "Berufsbildende Schulen I Musterau"),
            (s[3], "Berufsbildende Schulen II Musterau"),
            (s[5], "Berufsbildende Schulen Lindenfeld"),
        ):
            self.add_actor("berufliche_schule", u, [name], institution="tr-lk")
        # Libraries.
        for u, name in (
            (s[0], "Stadtbibliothek Musterau"),
            (s[1], "Stadtteilbibliothek Nordstadt"),
            (s[5], "Stadtbücherei Lindenfeld"),
        ):
            self.add_actor("bibliothek", u, [name], institution=self.municipal(u.id))
        for gem in g[2:13]:
            kind = "Stadtbücherei" if gem.name in TOWNS else "Gemeindebücherei"
            self.add_actor("bibliothek", gem, [f"{kind} {gem.name}"], institution=self.municipal(gem.id))
        # Youth centres.
        for u in s + g[2:14]:
            institution = self.rng.choice((self.municipal(u.id),) * 3 + ("tr-f01", "tr-f03", "tr-k01"))
            self.add_actor("jugendeinrichtung", u, self._pool(JE_NAMES, u.short), institution=institution)
        # Counselling services.
        counselling = (
            (s[0], "Erziehungsberatungsstelle des Landkreises", "tr-lk", "jugendhilfe"),
            (s[0], "Jugend- und Drogenberatung Musterau", "tr-k03", "jugendhilfe"),
            (s[1], "Migrationsberatung Heideland", "tr-f02", "zivilgesellschaft"),
            (s[2], "Familienberatung Musterau", "tr-k03", "jugendhilfe"),
            (s[3], "Bildungsberatung Heideland", "tr-lk", "weiterbildung"),
            (s[4], "Beratungsstelle Frühe Hilfen Lindenfeld", "tr-f03", "jugendhilfe"),
            (s[5], "Jugendmigrationsdienst Lindenfeld", "tr-k04", "jugendhilfe"),
            (g[2], "Erziehungsberatung Brückenhagen", "tr-k03", "jugendhilfe"),
            (g[3], "Sozialberatung Eichenrode", "tr-f01", "zivilgesellschaft"),
            (g[4], "Seniorenservicebüro Hasselbeck", "tr-g05", "zivilgesellschaft"),
            (g[5], "Lebensberatung Schwanenfeld", "tr-k04", "jugendhilfe"),
            (g[6], "Beratungszentrum Birkenfelde", "tr-f02", "jugendhilfe"),
        )
        for u, name, institution, sector in counselling:
            actor = self.add_actor("beratungsstelle", u, [name], institution=institution, sector=sector)
            if name.startswith("Migrationsberatung"):
                self.role["language_b"] = actor.id
        # Family centres, one of them entered twice.
        fz = self.add_actor("familienzentrum", s[1], ["Familienzentrum Regenbogen e.V."], institution="tr-f01")
        self.role["fz_original"] = fz.id
        for u, name, institution in (
            (s[2], "Familienzentrum Südstadt", "tr-k01"),
            (s[4], "Familienzentrum Lindenfeld-Ost", "tr-f03"),
            (s[5], "Mehrgenerationenhaus Lindenfeld", "tr-g02"),
            (g[2], "Familienzentrum Am Markt", "tr-k02"),
            (g[3], "Familienzentrum Eichenrode", "tr-f01"),
            (g[4], "Familienzentrum Hasselbeck", "tr-g05"),
            (g[7], "Mehrgenerationenhaus Dornhausen", "tr-f02"),
        ):
            self.add_actor(
                "familienzentrum",
                u,
                [name, "Familienzentrum Lichtblick", "Familienzentrum Sonnenhaus"],
                institution=institution,
            )
        # Family education centres, music school (above), foundations, religious communities.
        self.add_actor("familienbildung", s[2], ["Ev. Familienbildungsstätte Musterau"], institution="tr-k01")
        self.add_actor("familienbildung", s[5], ["Familienbildungswerk Lindenfeld"], institution="tr-f03")
        for u, name in (
            (s[0], "Bürgerstiftung Musterau"),
            (s[0], "Stiftung Lesezeit Heideland"),
            (s[2], "Stiftung Bildungschancen Musterau"),
            (s[5], "Jugendstiftung Lindenfeld"),
            (g[4], "Heinrich-Ohlendorf-Stiftung"),
        ):
            actor = self.add_actor("stiftung", u, [name])
            self.role.setdefault("buergerstiftung", actor.id)
        for u, name in (
            (s[0], "Ev.-luth. Kirchengemeinde St. Marien Musterau"),
            (s[1], "Islamische Gemeinde Musterau e.V."),
            (s[5], "Kath. Pfarrei St. Josef Lindenfeld"),
            (g[2], "Ev.-luth. Kirchengemeinde Brückenhagen"),
        ):
            self.add_actor("religionsgemeinschaft", u, [name])

        # Companies: institutional employers, then family firms by population.
        for index, name in SPECIAL_COMPANIES:
            self.add_actor("unternehmen", units[index], [name])
        surnames = self.rng.sample(COMPANY_SURNAMES, len(COMPANY_SURNAMES))
        company_counts = _largest_remainder(pops, 40 - len(SPECIAL_COMPANIES))
        for u, count in zip(units, company_counts, strict=True):
            for _ in range(count):
                surname = surnames.pop()
                names = [p.format(s=surname) for p in self.rng.sample(COMPANY_PATTERNS, 4)]
                self.add_actor("unternehmen", u, names)

        # Clubs: the isolated cluster, two planted clubs, then at least two per area.
        cluster_unit = g[CLUSTER_GEMEINDE]
        for kind, pattern in CLUSTER_CLUBS:
            actor = self.add_actor(
                "verein",
                cluster_unit,
                [pattern.format(p=cluster_unit.short)],
                kind=kind,
                sector="kultur" if kind == "kultur" else None,
            )
            self.cluster.append(actor.id)
        self.role["language_a"] = self.add_actor(
            "verein", s[1], ["Internationaler Kulturverein Nordstadt e.V."], kind="migration"
        ).id
        self.role["career_club"] = self.add_actor(
            "verein", g[CAREER_GEMEINDE], [f"Ausbildungspaten {g[CAREER_GEMEINDE].short} e.V."], kind="sozial"
        ).id
        club_units = [u for u in units if u.id != cluster_unit.id]
        kinds = list(CLUB_KINDS)
        weights = [CLUB_KINDS[k][1] for k in kinds]
        for u, count in zip(club_units, _largest_remainder([u.population for u in club_units], 85, 2), strict=True):
            for _ in range(count - (1 if u.id in (s[1].id, g[CAREER_GEMEINDE].id) else 0)):
                for _attempt in range(20):
                    kind = self.rng.choices(kinds, weights)[0]
                    if kind == "migration" and u.population < 5_000:
                        continue
                    try:
                        self.add_actor(
                            "verein",
                            u,
                            self._pool(CLUB_KINDS[kind][0], u.short),
                            kind=kind,
                            sector="kultur" if kind in ("kultur", "heimat") else None,
                        )
                    except RuntimeError:
                        continue
                    break

        # The duplicate: the family centre once more, from a survey, without the legal form.
        original = self.actor_by_id[self.role["fz_original"]]
        dup = self.add_actor(
            "familienzentrum", s[1], ["Familienzentrum Regenbogen"], address=original.address, duplicate=True
        )
        dup.lat, dup.lon, dup.website, dup.source = original.lat, original.lon, None, "Online-Umfrage 2025"
        dup.institution = None
        self.role["fz_duplicate"] = dup.id

    def _add_kita(self, u: Area) -> Actor:
        r = self.rng.random()
        if r < 0.35:
            institution = self.municipal(u.id)
        elif r < 0.55:
            institution = "tr-k01"
        elif r < 0.65:
            institution = "tr-k02"
        elif r < 0.9:
            institution = self.rng.choice(("tr-f01", "tr-f02", "tr-f03", "tr-f04"))
        else:
            institution = "tr-p01"
        if institution in ("tr-k01", "tr-k02"):
            prefix = "Ev. Kita" if institution == "tr-k01" else "Kath. Kita"
            names = [f"{prefix} {n}" for n in self.rng.sample(CHURCH_KITA_NAMES, len(CHURCH_KITA_NAMES))]
        else:
            names = [f"{self.rng.choice(KITA_PREFIXES)} {n}" for n in self.rng.sample(KITA_NAMES, len(KITA_NAMES))]
        return self.add_actor("kita", u, names, institution=institution)

    def assign_actor_dates(self) -> None:
        """Make 15 actors new and 8 actors ended between the two dates."""
        protected = set(self.role.values()) | set(self.cluster)
        plan_new = {
            "kita": 3,
            "verein": 5,
            "unternehmen": 3,
            "jugendeinrichtung": 1,
            "beratungsstelle": 1,
            "stiftung": 1,
            "familienzentrum": 1,
        }
        plan_end = {"kita": 1, "verein": 3, "unternehmen": 2, "jugendeinrichtung": 1, "beratungsstelle": 1}
        for plan, new in ((plan_new, True), (plan_end, False)):
            for actor_type, count in plan.items():
                pool = [
                    a
                    for a in self.actors
                    if a.actor_type == actor_type
                    and a.id not in protected
                    and a.valid_from is None
                    and a.valid_to is None
                ]
                for actor in self.rng.sample(pool, count):
                    if new:
                        actor.valid_from = self._date(dt.date(2025, 2, 1), dt.date(2026, 8, 31))
                        actor.source = "Online-Umfrage 2026"
                    else:
                        actor.valid_to = self._date(dt.date(2025, 2, 28), dt.date(2026, 8, 31))

    # -- cooperations ---------------------------------------------------------------------------

    def allowed(self, a: Actor, b: Actor) -> bool:
        """Return whether a cooperation between ``a`` and ``b`` keeps the planted findings intact."""
        if a.id == b.id or _pair(a.id, b.id) in self.forbidden_pairs:
            return False
        if (a.id in self.cluster) != (b.id in self.cluster):
            return False
        if a.id in self.loners or b.id in self.loners:
            return False
        gap_unit = self.sozialraum(TRANSITION_GAP_SR).id
        side_b = TRANSITIONS["kita_grundschule"].side_b
        for x, y in ((a, b), (b, a)):
            if x.actor_type == "kita" and x.area == gap_unit and y.actor_type in side_b:
                return False
        return True

    def link(
        self,
        a: Actor,
        b: Actor,
        kind: str = "local",
        *,
        new: bool = False,
        funding: str | None = None,
    ) -> Cooperation | None:
        """Add a cooperation between ``a`` and ``b`` unless it exists or is not allowed."""
        key = _pair(a.id, b.id)
        if key in self.pairs or not self.allowed(a, b):
            return None
        starts = [d for d in (a.valid_from, b.valid_from) if d]
        ends = [d for d in (a.valid_to, b.valid_to) if d]
        until = min(ends) if ends else None
        latest_start = max(starts) if starts else None
        if latest_start and latest_start > DATE_FROM:
            since: dt.date | None = latest_start + dt.timedelta(days=self.rng.randint(0, 45))
        elif new:
            since = self._date(dt.date(2025, 1, 15), dt.date(2026, 9, 15))
        else:
            since = None if self.rng.random() < 0.3 and not latest_start else self._old_date(latest_start)
        if since and since > DATE_TO:
            since = DATE_TO
        if until and since and until <= since:
            return None
        types = {
            "local": ("informationsaustausch", "gemeinsames_angebot", "ressourcenteilung", "abstimmung"),
            "transition": ("abstimmung", "informationsaustausch", "gemeinsames_angebot"),
            "hub": ("informationsaustausch", "abstimmung", "verweisberatung"),
            "referral": ("verweisberatung", "informationsaustausch"),
            "funding": ("finanzierung", "informationsaustausch"),
        }[kind]
        chosen = self.rng.sample(types, self.rng.choice((1, 1, 2)))
        formality = self.rng.choices(("informell", "schriftliche_absprache", "vertrag"), (85, 10, 5))[0]
        if formality != "informell":
            chosen.append("vereinbarung")
        reported_by = None
        confirmed = None
        if self.rng.random() < 0.25:
            reported_by = self.rng.choice((a.id, b.id))
            confirmed = self.rng.random() < 0.7
        is_new = since is not None and since > DATE_FROM
        if reported_by:
            source = "Online-Umfrage 2026" if is_new else "Online-Umfrage 2024"
        else:
            source = self.rng.choice(("Bestandsaufnahme Bildungsbüro 2024", "Gremienprotokolle", "Kooperationsvertrag"))
            if source == "Kooperationsvertrag" and formality == "informell":
                source = "Bestandsaufnahme Bildungsbüro 2024"
        if funding is None and self.rng.random() < 0.07:
            funding = self.rng.choice(FUNDING)
        coop = Cooperation(
            id="",
            actor_a=a.id,
            actor_b=b.id,
            types=[t for t in VOCABULARIES["cooperation_type"] if t in chosen],
            intensity=self.rng.choices((1, 2, 3, 4), (40, 30, 20, 10))[0],
            formality=formality,
            since=since,
            until=until,
            reported_by=reported_by,
            confirmed=confirmed,
            funding=funding,
            source=source,
        )
        self.coops.append(coop)
        self.pairs[key] = coop
        return coop

    def of_type(self, *types: str, unit: str | None = None, gemeinde: str | None = None) -> list[Actor]:
        """Return the actors of the given types, optionally in one area or Gemeinde (in creation order)."""
        return [
            a
            for a in self.actors
            if a.actor_type in types
            and (unit is None or a.area == unit)
            and (gemeinde is None or a.gemeinde == gemeinde)
        ]

    def nearest(self, actor: Actor, candidates: Sequence[Actor], k: int = 1) -> list[Actor]:
        """Return the ``k`` candidates nearest to ``actor`` (ties by id)."""

        def dist(b: Actor) -> float:
            return (actor.lat - b.lat) ** 2 + ((actor.lon - b.lon) * 0.61) ** 2

        return sorted((c for c in candidates if c.id != actor.id), key=lambda b: (dist(b), b.id))[:k]

    def local(self, actor: Actor, *types: str) -> list[Actor]:
        """Return actors of ``types`` in the same area, else in the same Gemeinde, else the nearest three."""
        for scope in (dict(unit=actor.area), dict(gemeinde=actor.gemeinde)):
            found = [b for b in self.of_type(*types, **scope) if b.id != actor.id]
            if found:
                return found
        return self.nearest(actor, self.of_type(*types), 3)

    def build_cooperations(self) -> None:
        """Create about 750 cooperations: hubs, transitions, local ties, new and ended ones."""
        rng = self.rng
        r = {k: self.actor_by_id[v] for k, v in self.role.items()}
        # The providers of the planted duplicate offers never cooperate.
        self.forbidden_pairs.add(_pair(self.role["jba"], self.role["career_club"]))
        self.forbidden_pairs.add(_pair(self.role["language_a"], self.role["language_b"]))
        clubs = [a for a in self.of_type("verein") if a.id not in self.cluster and a.id not in self.role.values()]
        companies = self.of_type("unternehmen")
        self.loners = {a.id for a in rng.sample(clubs, 12)}

        # The isolated cluster: a ring with one chord.
        cluster = [self.actor_by_id[i] for i in self.cluster]
        for i, actor in enumerate(cluster):
            self.link(actor, cluster[(i + 1) % len(cluster)])
        self.link(cluster[0], cluster[2])

        # Both career-guidance providers work with the school.
        school = r["career_school"]
        self.link(r["jba"], school, "transition")
        self.link(r["career_club"], school, "transition")

        bb, vhs, ja = r["bildungsbuero"], r["vhs"], r["jugendamt"]
        kreis_core = "dezernat jugendamt schulamt integration vhs jobcenter arbeitsagentur jba ihk hwk musikschule"
        # Bildungsbüro: the Gemeinden, the district institutions, schools, foundations.
        for gv in self.of_type("gemeindeverwaltung"):
            if rng.random() < 0.9:
                self.link(bb, gv, "hub")
        for key in kreis_core.split():
            self.link(bb, r[key], "hub")
        for other in self.of_type("berufliche_schule") + rng.sample(self.of_type("weiterfuehrende_schule"), 6):
            self.link(bb, other, "hub")
        for other in self.of_type("stiftung")[:3] + rng.sample(self.of_type("bibliothek"), 3):
            self.link(bb, other, "funding" if other.actor_type == "stiftung" else "hub")
        # VHS: the libraries (outreach), labour market, counselling, companies, clubs, Gemeinden.
        for lib in self.of_type("bibliothek"):
            self.link(vhs, lib, "hub")
        for other in [r[k] for k in ("jobcenter", "arbeitsagentur", "jba", "ihk", "hwk", "integration", "musikschule")]:
            self.link(vhs, other, "hub")
        for other in self.of_type("beratungsstelle")[2:9] + self.of_type("familienbildung"):
            self.link(vhs, other, "referral")
        for other in rng.sample([c for c in companies if c.id not in self.loners], 8):
            self.link(vhs, other, "hub")
        senior_clubs = [c for c in clubs if c.kind in ("senioren", "migration", "kultur") and c.id not in self.loners]
        for other in rng.sample(senior_clubs, 7):
            self.link(vhs, other, "local")
        for other in rng.sample(self.of_type("gemeindeverwaltung")[2:], 5):
            self.link(vhs, other, "hub")
        for other in rng.sample(self.of_type("weiterfuehrende_schule"), 2):
            self.link(vhs, other, "hub")
        # Jugendamt: family centres, counselling, some youth centres and Kitas.
        for other in self.of_type("familienzentrum")[:6] + self.of_type("beratungsstelle")[:4]:
            self.link(ja, other, "referral")
        for other in rng.sample(self.of_type("jugendeinrichtung"), 4) + rng.sample(self.of_type("kita"), 3):
            self.link(ja, other, "hub")
        self.link(ja, self.of_type("familienbildung")[0], "referral")
        for other in self.of_type("foerderschule")[:2]:
            self.link(ja, other, "referral")
        # Labour market and chambers.
        jc, aa, jba, ihk, hwk = (r[k] for k in ("jobcenter", "arbeitsagentur", "jba", "ihk", "hwk"))
        for x, y in (
            (jc, aa),
            (jc, jba),
            (aa, jba),
            (aa, ihk),
            (aa, hwk),
            (jba, ihk),
            (jba, hwk),
            (ihk, hwk),
            (jc, r["integration"]),
        ):
            self.link(x, y, "hub")
        for other in self.of_type("beratungsstelle")[2:6]:
            self.link(jc, other, "referral")
        for other in rng.sample(companies, 3):
            self.link(jc, other, "referral")
        for other in rng.sample(companies, 5):
            self.link(aa, other, "referral")
        for ws in self.of_type("weiterfuehrende_schule"):
            if rng.random() < 0.75:
                self.link(jba, ws, "transition")
        for other in self.of_type("foerderschule") + self.of_type("berufliche_schule"):
            self.link(jba, other, "transition")
        for bbs in self.of_type("berufliche_schule"):
            for other in (ihk, hwk, aa):
                self.link(bbs, other, "transition")
            for other in self.nearest(bbs, companies, 4):
                self.link(bbs, other, "transition")
        for other in rng.sample(companies, 11):
            self.link(ihk, other, "hub")
        for other in rng.sample(companies, 8):
            self.link(hwk, other, "hub")

        self._local_ties(clubs, companies)
        self._change_cooperations()

    def _local_ties(self, clubs: list[Actor], companies: list[Actor]) -> None:
        """Tie actors to their neighbours: Kitas to schools, schools to clubs, offices to their Gemeinde …"""
        rng = self.rng
        r = {k: self.actor_by_id[v] for k, v in self.role.items()}
        # Local ties, area by area.
        for kita in self.of_type("kita"):
            if rng.random() < 0.85:
                schools = self.local(kita, "grundschule")
                self.link(kita, schools[0] if rng.random() < 0.5 else rng.choice(schools), "transition")
            if rng.random() < 0.1:
                others = self.of_type("kita", unit=kita.area)
                if len(others) > 1:
                    self.link(kita, rng.choice(others), "local")
            fz = [
                f for f in self.of_type("familienzentrum", gemeinde=kita.gemeinde) if f.id != self.role["fz_duplicate"]
            ]
            if fz and rng.random() < 0.4:
                self.link(kita, rng.choice(fz))
            if rng.random() < 0.15:
                self.link(kita, rng.choice(self.local(kita, "bibliothek")), "local")
            if rng.random() < 0.15:
                sport = [c for c in self.of_type("verein", gemeinde=kita.gemeinde) if c.kind in ("sport", "sozial")]
                if sport:
                    self.link(kita, rng.choice(sport), "local")
            if kita.institution in ("tr-k01", "tr-k02"):
                rel = self.of_type("religionsgemeinschaft", gemeinde=kita.gemeinde)
                if rel:
                    self.link(kita, rel[0], "local")
            if kita.institution and kita.institution.startswith("tr-g") and rng.random() < 0.2:
                self.link(kita, r[f"gv:{kita.gemeinde}"], "local")
        # Lindenfeld-Ost: its Kitas work with each other, the family centre and the town, not with schools.
        ost = self.sozialraum(TRANSITION_GAP_SR)
        ost_kitas = self.of_type("kita", unit=ost.id)
        ost_partners = self.of_type(
            "familienzentrum", "verein", "bibliothek", "gemeindeverwaltung", gemeinde=ost.part_of
        )
        for i, kita in enumerate(ost_kitas):
            self.link(kita, ost_kitas[(i + 1) % len(ost_kitas)], "local")
            self.link(kita, rng.choice(ost_partners), "local")
        for gs in self.of_type("grundschule"):
            if rng.random() < 0.8:
                ws = self.of_type("weiterfuehrende_schule", gemeinde=gs.gemeinde) or self.nearest(
                    gs, self.of_type("weiterfuehrende_schule")
                )
                self.link(gs, rng.choice(ws), "transition")
            if rng.random() < 0.35:
                self.link(gs, rng.choice(self.local(gs, "bibliothek")), "local")
            clubs_here = [
                c
                for c in self.of_type("verein", gemeinde=gs.gemeinde)
                if c.kind in ("sport", "foerder", "sozial", "natur")
            ]
            if clubs_here and rng.random() < 0.6:
                self.link(gs, rng.choice(clubs_here), "local")
            if rng.random() < 0.3:
                self.link(gs, r[f"gv:{gs.gemeinde}"], "local")
        for ws in self.of_type("weiterfuehrende_schule"):
            je = self.of_type("jugendeinrichtung", gemeinde=ws.gemeinde)
            if je and rng.random() < 0.6:
                self.link(ws, rng.choice(je), "local")
            for company in self.nearest(ws, companies, 2):
                if rng.random() < 0.6:
                    self.link(ws, company, "transition")
            if rng.random() < 0.5:
                self.link(ws, self.nearest(ws, self.of_type("berufliche_schule"))[0], "transition")
        for fs in self.of_type("foerderschule"):
            self.link(fs, self.nearest(fs, self.of_type("grundschule"))[0], "transition")
            self.link(fs, self.nearest(fs, companies)[0], "transition")
        for gv in self.of_type("gemeindeverwaltung"):
            partners = self.of_type("bibliothek", "jugendeinrichtung", "verein", "kita", gemeinde=gv.gemeinde)
            for other in rng.sample(partners, min(len(partners), rng.choice((1, 2, 2, 3)))):
                self.link(gv, other, "local")
        for lib in self.of_type("bibliothek"):
            for other in rng.sample(self.local(lib, "kita", "grundschule", "verein"), 1):
                self.link(lib, other, "local")
        for je in self.of_type("jugendeinrichtung"):
            for other in rng.sample(self.local(je, "verein", "weiterfuehrende_schule", "beratungsstelle"), 1):
                self.link(je, other, "local")
        for ber in self.of_type("beratungsstelle"):
            for other in rng.sample(self.local(ber, "kita", "familienzentrum"), 1):
                self.link(ber, other, "referral")
        for fz in self.of_type("familienzentrum"):
            if fz.id == self.role["fz_duplicate"]:
                continue
            kitas = self.local(fz, "kita")
            for other in rng.sample(kitas, min(2, len(kitas))):
                self.link(fz, other, "local")
        dup = r["fz_duplicate"]
        self.link(dup, self.of_type("kita", unit=dup.area)[0], "local")
        for fbs in self.of_type("familienbildung"):
            for other in self.local(fbs, "familienzentrum")[:2]:
                self.link(fbs, other, "local")
        for sti in self.of_type("stiftung"):
            for other in rng.sample(self.local(sti, "grundschule", "bibliothek", "jugendeinrichtung", "verein"), 2):
                self.link(sti, other, "funding")
        for rel in self.of_type("religionsgemeinschaft"):
            for other in rng.sample(self.local(rel, "verein", "beratungsstelle", "kita"), 1):
                self.link(rel, other, "local")
        for company in companies:
            if rng.random() < 0.4:
                clubs_here = self.of_type("verein", gemeinde=company.gemeinde)
                if clubs_here:
                    self.link(company, rng.choice(clubs_here), "funding")
        for club in clubs:
            if rng.random() < 0.55:
                partners = self.local(
                    club,
                    "grundschule",
                    "kita",
                    "verein",
                    "bibliothek",
                    "jugendeinrichtung",
                    "gemeindeverwaltung",
                )
                self.link(club, rng.choice(partners), "local")
        # Planted language providers: both well connected, never to each other.
        lang_a, lang_b = r["language_a"], r["language_b"]
        self.link(lang_a, self.of_type("grundschule", unit=lang_a.area)[0], "local")
        self.link(lang_a, r["integration"], "referral")
        self.link(lang_b, r["jobcenter"], "referral")
        self.link(lang_b, r["integration"], "referral")
        self.link(r["career_club"], r["ihk"], "local")

    def _change_cooperations(self) -> None:
        """End about 30 cooperations between the dates and add about 60 new ones."""
        rng = self.rng
        bb = self.actor_by_id[self.role["bildungsbuero"]]
        # End some cooperations between the dates.
        ended = [c for c in self.coops if c.until is not None]
        keep = set(self.cluster) | set(self.role.values())
        pool = [
            c
            for c in self.coops
            if c.until is None
            and c.actor_a not in keep
            and c.actor_b not in keep
            and (c.since is None or c.since < DATE_FROM)
        ]
        for coop in rng.sample(pool, max(0, TARGET_ENDED_COOPERATIONS - len(ended))):
            coop.until = self._date(dt.date(2025, 1, 15), dt.date(2026, 9, 15))
        # New cooperations: the new actors' partners, and the Bildungsbüro's new ties.
        for actor in self.actors:
            if actor.valid_from and actor.valid_from > DATE_FROM:
                partners = self.local(
                    actor,
                    "kita",
                    "grundschule",
                    "verein",
                    "familienzentrum",
                    "jugendeinrichtung",
                    "gemeindeverwaltung",
                    "bibliothek",
                )
                for other in rng.sample(partners, min(len(partners), rng.choice((1, 2, 2, 3)))):
                    self.link(actor, other, "local")
        new_count = sum(1 for c in self.coops if c.since and c.since > DATE_FROM)
        schools = self.of_type("grundschule", "weiterfuehrende_schule")
        attempts = 0
        while new_count < TARGET_NEW_COOPERATIONS and attempts < 1000:
            attempts += 1
            if rng.random() < 0.2:
                a, b = (
                    bb,
                    rng.choice(self.of_type("jugendeinrichtung", "familienzentrum", "grundschule", "verein")),
                )
                funding = None
            else:
                a = rng.choice(schools)
                b = rng.choice(
                    self.local(a, "jugendeinrichtung", "verein", "bibliothek", "beratungsstelle", "unternehmen")
                )
                funding = "Startchancen-Programm" if rng.random() < 0.3 else None
            if a.valid_to or b.valid_to:
                continue
            if self.link(a, b, "local", new=True, funding=funding):
                new_count += 1

    def valid_graph(self, when: dt.date = DATE_TO) -> nx.Graph:
        """Return the cooperation graph of the actors and cooperations valid ``when``."""
        graph = nx.Graph()
        for actor in self.actors:
            if valid_at(actor.valid_from, actor.valid_to, when):
                graph.add_node(actor.id)
        for coop in self.coops:
            if valid_at(coop.since, coop.until, when) and coop.actor_a in graph and coop.actor_b in graph:
                graph.add_edge(coop.actor_a, coop.actor_b)
        return graph

    def transition_gaps(self, when: dt.date = DATE_TO) -> list[tuple[str, str]]:
        """Return the (area, transition) pairs where no side-A actor cooperates with side B."""
        graph = self.valid_graph(when)
        gaps = []
        below = {a.id: {a.id, *self.descendants(a.id)} for a in self.areas}
        for area in self.areas:
            for key, transition in TRANSITIONS.items():
                side_a = [
                    a
                    for a in self.actors
                    if a.id in graph and a.actor_type in transition.side_a and a.area in below[area.id]
                ]
                if side_a and not any(
                    self.actor_by_id[n].actor_type in transition.side_b for a in side_a for n in graph[a.id]
                ):
                    gaps.append((area.id, key))
        return gaps

    def repair(self) -> None:
        """Close unplanted transition gaps and attach small components to the main one, at both dates."""
        for when in (DATE_TO, DATE_FROM):
            self._close_transition_gaps(when)
            self._attach_components(when)

    def _close_transition_gaps(self, when: dt.date) -> None:
        planted_gap = (self.sozialraum(TRANSITION_GAP_SR).id, "kita_grundschule")
        for _ in range(200):
            gaps = [gap for gap in self.transition_gaps(when) if gap != planted_gap]
            if not gaps:
                return
            area_id, key = gaps[0]
            transition = TRANSITIONS[key]
            below = {area_id, *self.descendants(area_id)}
            side_a = [
                a
                for a in self.actors
                if a.actor_type in transition.side_a
                and a.area in below
                and valid_at(a.valid_from, a.valid_to, when)
                and a.id not in self.loners
            ]
            side_b = [
                b
                for b in self.actors
                if b.actor_type in transition.side_b
                and valid_at(b.valid_from, b.valid_to, when)
                and b.id not in self.loners
            ]
            if not any(self.link(a, b, "transition") for a in side_a for b in self.nearest(a, side_b, 5)):
                raise RuntimeError(f"cannot close the transition gap {key} in {area_id}")
        raise RuntimeError("transition repair did not converge")

    def _attach_components(self, when: dt.date) -> None:
        for _ in range(100):
            components = sorted(nx.connected_components(self.valid_graph(when)), key=lambda c: (-len(c), min(c)))
            stray = [c for c in components[1:] if len(c) >= 2 and not set(c) <= set(self.cluster)]
            if not stray:
                return
            member = self.actor_by_id[min(stray[0])]
            partners = [
                self.actor_by_id[self.role[f"gv:{member.gemeinde}"]],
                self.actor_by_id[self.role["bildungsbuero"]],
            ]
            partners += self.nearest(member, [self.actor_by_id[n] for n in components[0]], 10)
            if not any(self.link(member, other, "local") for other in partners if other.id not in stray[0]):
                raise RuntimeError(f"cannot attach {member.id}")
        raise RuntimeError("component repair did not converge")

    # -- offers ---------------------------------------------------------------------------------

    def block_offer_gaps(self) -> None:
        """Record the (area, life phase) cells where no offer may be located."""
        for area_id in (self.gemeinde(0).id, self.gemeinde(1).id):
            for phase in VOCABULARIES["life_phase"]:
                self.blocked.add((area_id, phase))
        for phase in ("u3", "kita_alter", "nacherwerb"):
            self.blocked.add((KREIS_ID, phase))
        gap_sr = self.sozialraum(LANGUAGE_GAP_SR)
        for phase in ("u3", "kita_alter"):
            for area_id in (gap_sr.id, *self.ancestors(gap_sr.id)):
                self.blocked.add((area_id, phase))
        for index in SENIOR_GAP_GEMEINDEN:
            self.blocked.add((self.gemeinde(index).id, "nacherwerb"))

    def add_offer(
        self,
        template: OfferTemplate,
        providers: Sequence[Actor],
        area_id: str,
        *,
        title: str | None = None,
        both_dates: bool = False,
        check: bool = True,
    ) -> Offer | None:
        """Add an offer unless it would fill a planted gap or duplicate an offer in the same area."""
        if any((area_id, p) in self.blocked for p in template.life_phases):
            return None
        if check:
            for other in self.offers:
                if (
                    other.area == area_id
                    and other.education_area == template.education_area
                    and _overlap(other.life_phases, template.life_phases)
                    and _overlap(other.target_groups, template.target_groups, "alle")
                    and similar_topics(other.topic, template.topic)
                ):
                    return None
        rng = self.rng
        starts = [p.valid_from for p in providers if p.valid_from]
        ends = [p.valid_to for p in providers if p.valid_to]
        if both_dates and (any(s > DATE_FROM for s in starts) or ends):
            return None
        valid_from = valid_to = None
        if starts and max(starts) > DATE_FROM:
            valid_from = min(DATE_TO, max(starts) + dt.timedelta(days=rng.randint(0, 60)))
        elif ends:
            valid_to = min(ends)
        elif not both_dates:
            roll = rng.random()
            if roll < 0.04:
                valid_from = self._date(dt.date(2025, 2, 1), dt.date(2026, 9, 1))
            elif roll < 0.06:
                valid_to = self._date(dt.date(2025, 1, 31), dt.date(2026, 8, 31))
            elif roll < 0.25:
                valid_from = dt.date(rng.randint(2015, 2024), rng.choice((1, 2, 8, 9)), 1)
        if valid_from is None and starts and rng.random() < 0.5:
            valid_from = max(starts)
        newcomers = "neuzugewanderte" in template.target_groups
        languages = ["Deutsch"]
        if newcomers:
            languages += rng.sample(LANGUAGES, rng.choice((1, 2)))
        elif rng.random() < 0.08:
            languages.append("Englisch")
        offer = Offer(
            id="",
            title=title or template.title,
            providers=[p.id for p in providers],
            education_area=template.education_area,
            life_phases=list(template.life_phases),
            target_groups=list(template.target_groups),
            transitions=list(template.transitions),
            learning_form=template.learning_form,
            format=rng.choices(("praesenz", "hybrid", "digital"), (82, 10, 8))[0],
            cost=rng.choices(("kostenfrei", "ermaessigt", "kostenpflichtig"), (60, 15, 25))[0],
            languages=languages,
            accessible=rng.random() < 0.65,
            area=area_id,
            topic=template.topic,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        self.offers.append(offer)
        return offer

    def templates_for(self, actor: Actor) -> tuple[OfferTemplate, ...]:
        """Return the offer templates that fit ``actor``."""
        if actor.actor_type == "verein":
            return CLUB_TEMPLATES.get(actor.kind, ())
        if actor.actor_type == "kreisverwaltung":
            return OFFICE_TEMPLATES.get(actor.kind, ())
        return OFFER_TEMPLATES.get(actor.actor_type, ())

    def location(self, actor: Actor, template: OfferTemplate) -> str:
        """Return the area an offer of ``actor`` after ``template`` is located in."""
        if template.scope == "kreis":
            return KREIS_ID
        if template.scope == "outreach":
            return self.rng.choice(self.units).id
        return actor.area

    def partner(self, actor: Actor) -> list[Actor]:
        """Return a cooperation partner of ``actor`` as second provider, sometimes."""
        if self.rng.random() >= 0.15:
            return []
        partners = [
            self.actor_by_id[c.actor_b if c.actor_a == actor.id else c.actor_a]
            for c in self.coops
            if actor.id in (c.actor_a, c.actor_b)
            and valid_at(c.since, c.until, DATE_FROM)
            and valid_at(c.since, c.until, DATE_TO)
        ]
        partners = [p for p in partners if not p.valid_to and not (p.valid_from and p.valid_from > DATE_FROM)]
        return [self.rng.choice(partners)] if partners else []

    def build_offers(self) -> None:
        """Create about 600 offers: planted duplicates, typical offers per actor, then cover every area."""
        rng = self.rng
        r = {k: self.actor_by_id[v] for k, v in self.role.items()}
        self.block_offer_gaps()
        # The planted duplicates: career guidance twice at one school, German courses twice in the Nordstadt.
        school, nord = r["career_school"], self.sozialraum(LANGUAGE_GAP_SR).id
        planted = (
            ("career_jba", r["jba"], school.area),
            ("career_club", r["career_club"], school.area),
            ("course_club", r["language_a"], nord),
            ("course_counselling", r["language_b"], nord),
        )
        made: list[Offer] = []
        for key, provider, area in planted:
            template = PLANTED_TEMPLATES[key]
            title = template.title.format(school=school.name)
            offer = self.add_offer(template, [provider], area, title=title, both_dates=True, check=False)
            if offer is None:
                raise RuntimeError(f"the planted offer {key} cannot be placed")
            made.append(offer)
        self.planted_offers = [made[:2], made[2:]]

        # Typical offers per actor.
        per_type = {
            "kita": (0, 1, 1, 1, 2),
            "grundschule": (1, 1, 2),
            "weiterfuehrende_schule": (1, 2, 2),
            "foerderschule": (1, 2),
            "berufliche_schule": (3,),
            "vhs": (0,),
            "musikschule": (5,),
            "bibliothek": (2, 3, 3),
            "jugendeinrichtung": (1, 2, 3),
            "beratungsstelle": (1, 2),
            "familienzentrum": (2, 3),
            "familienbildung": (4, 5),
            "jobcenter": (4,),
            "arbeitsagentur": (3,),
            "jugendberufsagentur": (2,),
            "kammer": (3,),
            "unternehmen": (0, 0, 1, 1),
            "verein": (0, 1, 1, 2),
            "stiftung": (0, 1),
            "religionsgemeinschaft": (1, 2),
            "gemeindeverwaltung": (1, 1, 2),
            "kreisverwaltung": (1, 2),
        }
        for actor in self.actors:
            templates = list(self.templates_for(actor))
            rng.shuffle(templates)
            wanted = rng.choice(per_type[actor.actor_type])
            made = 0
            for template in templates:
                if made >= wanted:
                    break
                if self.add_offer(template, [actor, *self.partner(actor)], self.location(actor, template)):
                    made += 1
        # The VHS: every district-wide course, and courses in the Gemeinden.
        vhs = r["vhs"]
        for template in OFFER_TEMPLATES["vhs"]:
            if template.scope == "kreis":
                self.add_offer(template, [vhs], KREIS_ID, both_dates=True)
        outreach = [t for t in OFFER_TEMPLATES["vhs"] if t.scope == "outreach"]
        for _ in range(60):
            template = rng.choice(outreach)
            unit = rng.choice(self.units)
            self.add_offer(template, [vhs, *self.partner(vhs)], unit.id, title=f"{template.title} ({unit.short})")
        # The Jugendberufsagentur: career guidance at the schools it works with.
        jba = r["jba"]
        for ws in self.of_type("weiterfuehrende_schule", "foerderschule"):
            if _pair(jba.id, ws.id) in self.pairs:
                template = PLANTED_TEMPLATES["career_jba"]
                self.add_offer(template, [jba], ws.area, title=template.title.format(school=ws.name))

        # Cover every area and life phase that is not a planted gap.
        self.cover_offer_gaps()
        # Top up to the target with typical offers of random actors.
        attempts = 0
        while len(self.offers) < TARGET_OFFERS and attempts < 5000:
            attempts += 1
            actor = rng.choice(self.actors)
            templates = self.templates_for(actor)
            if templates:
                template = rng.choice(templates)
                self.add_offer(template, [actor, *self.partner(actor)], self.location(actor, template))

    def offer_gaps(self, when: dt.date = DATE_TO, both: bool = False) -> list[tuple[str, str]]:
        """Return the (area, life phase) cells without a valid offer available there."""
        reach: dict[str, set[str]] = {}
        for area in self.areas:
            reach[area.id] = {area.id, *self.ancestors(area.id), *self.descendants(area.id)}
        gaps = []
        valid = [
            o
            for o in self.offers
            if valid_at(o.valid_from, o.valid_to, when) and (not both or valid_at(o.valid_from, o.valid_to, DATE_FROM))
        ]
        for area in self.areas:
            here = [o for o in valid if o.area in reach[area.id]]
            for phase in VOCABULARIES["life_phase"]:
                if not any(phase in o.life_phases for o in here):
                    gaps.append((area.id, phase))
        return gaps

    def cover_offer_gaps(self) -> None:
        """Add offers by local actors valid at both dates until only the planted gaps remain."""
        districtwide = [self.actor_by_id[self.role[k]] for k in ("vhs", "musikschule", "jugendamt")]
        districtwide += self.of_type("familienbildung")
        for area_id, phase in self.offer_gaps(both=True):
            if (area_id, phase) in self.blocked:
                continue
            local = [
                a
                for a in self.actors
                if a.area == area_id and not a.valid_to and not a.valid_from and a.id not in self.loners
            ]
            self.rng.shuffle(local)
            done = False
            for actor in local + districtwide:
                templates = [t for t in self.templates_for(actor) if phase in t.life_phases]
                self.rng.shuffle(templates)
                for template in templates:
                    title = template.title if actor in local else f"{template.title} ({self.area_by_id[area_id].short})"
                    if self.add_offer(template, [actor], area_id, title=title, both_dates=True):
                        done = True
                        break
                if done:
                    break
            if not done:
                raise RuntimeError(f"cannot cover {phase} in {area_id}")

    # -- committees -----------------------------------------------------------------------------

    def stable(self, actor: Actor) -> bool:
        """Return whether ``actor`` is valid at both dates and may sit in committees."""
        return (
            not actor.valid_to
            and not (actor.valid_from and actor.valid_from > DATE_FROM)
            and actor.id not in self.cluster
            and actor.id != self.role["fz_duplicate"]
        )

    def pick(self, k: int, types: str, unit: str | None = None, kind: str = "", skip: str = "") -> list[Actor]:
        """Return ``k`` random stable actors of the space-separated ``types`` (and club ``kind``)."""
        pool = [
            a
            for a in self.of_type(*types.split(), unit=unit)
            if self.stable(a) and (not kind or a.kind == kind) and a.id not in skip.split()
        ]
        return self.rng.sample(pool, min(k, len(pool)))

    def build_committees(self) -> None:
        """Create 15 committees with their members, the reporting lines and some changes."""
        rng, pick = self.rng, self.pick
        r = {k: self.actor_by_id[v] for k, v in self.role.items()}

        def roles(keys: str) -> list[Actor]:
            return [r[k] for k in keys.split()]

        s = [self.sozialraum(i).id for i in range(len(SOZIALRAEUME))]
        g = [self.gemeinde(i).id for i in range(len(GEMEINDEN))]
        district = (
            "kreisverwaltung vhs musikschule jobcenter arbeitsagentur jugendberufsagentur kammer "
            "gemeindeverwaltung weiterfuehrende_schule foerderschule berufliche_schule bibliothek "
            "familienzentrum familienbildung stiftung beratungsstelle"
        )
        bk = [a for a in self.of_type(*district.split()) if self.stable(a)]
        bk += pick(12, "grundschule") + pick(10, "kita") + pick(3, "jugendeinrichtung")
        bbs = self.of_type("berufliche_schule")
        fs = self.of_type("foerderschule")
        schools = pick(4, "weiterfuehrende_schule", skip=self.role["career_school"])
        companies = pick(2, "unternehmen")
        # The planted pair: two Arbeitskreise with almost the same members.
        shared = roles("arbeitsagentur jba ihk hwk bildungsbuero") + bbs[:2] + schools
        local = "grundschule weiterfuehrende_schule kita bibliothek jugendeinrichtung verein"
        ost_fz = self.of_type("familienzentrum", unit=s[4])[0]
        gv = {area: r[f"gv:{area}"] for area in g[:4]}
        seats: dict[str, tuple[str, Actor, list[Actor]]] = {
            "bk": (KREIS_ID, r["dezernat"], bk),
            "lk": (
                KREIS_ID,
                r["dezernat"],
                [
                    *roles("dezernat bildungsbuero jugendamt schulamt jobcenter arbeitsagentur ihk hwk vhs"),
                    r["buergerstiftung"],
                    gv[g[0]],
                    gv[g[1]],
                ],
            ),
            "sg": (
                KREIS_ID,
                r["bildungsbuero"],
                roles("bildungsbuero jugendamt schulamt jba vhs integration") + bbs[:1],
            ),
            "ak_frueh": (
                KREIS_ID,
                r["jugendamt"],
                roles("jugendamt bildungsbuero")
                + pick(6, "familienzentrum")
                + self.of_type("familienbildung")
                + pick(6, "kita")
                + pick(2, "beratungsstelle")
                + pick(2, "gemeindeverwaltung"),
            ),
            "ak_kita": (
                KREIS_ID,
                r["schulamt"],
                roles("schulamt jugendamt bildungsbuero") + pick(6, "kita") + pick(6, "grundschule") + fs[:1],
            ),
            "ak_sb": (KREIS_ID, r["jba"], [*shared, r["career_school"], bbs[2], fs[0], companies[0]]),
            "ak_bo": (KREIS_ID, r["ihk"], [*shared, companies[1]]),
            "ak_integration": (
                KREIS_ID,
                r["integration"],
                roles("integration bildungsbuero vhs jobcenter language_a language_b")
                + pick(3, "beratungsstelle", skip=self.role["language_b"])
                + pick(2, "verein", kind="migration", skip=self.role["language_a"])
                + self.of_type("religionsgemeinschaft")[1:2]
                + self.of_type("bibliothek")[:1]
                + pick(2, "grundschule"),
            ),
            "ak_lll": (
                KREIS_ID,
                r["vhs"],
                roles("vhs bildungsbuero arbeitsagentur")
                + pick(4, "bibliothek")
                + pick(2, "unternehmen")
                + self.of_type("familienbildung")[:1]
                + pick(2, "verein", kind="senioren"),
            ),
            "ak_ganztag": (
                KREIS_ID,
                r["schulamt"],
                roles("schulamt jugendamt")
                + pick(6, "grundschule")
                + pick(5, "jugendeinrichtung")
                + pick(4, "verein", kind="sport")
                + pick(1, "weiterfuehrende_schule"),
            ),
            "nw_nord": (
                s[1],
                r["fz_original"],
                [
                    r["jugendamt"],
                    r["fz_original"],
                    gv[g[0]],
                    *pick(4, "kita", unit=s[1]),
                    *pick(2, "beratungsstelle religionsgemeinschaft", unit=s[1]),
                    *pick(1, "beratungsstelle", unit=s[0]),
                ],
            ),
            "nw_lindenfeld": (
                g[1],
                gv[g[1]],
                [
                    gv[g[1]],
                    *pick(9, local, unit=s[5]),
                    *pick(2, "grundschule weiterfuehrende_schule", unit=s[4]),
                ],
            ),
            "nw_praevention": (
                g[2],
                gv[g[2]],
                [
                    gv[g[2]],
                    *pick(9, local + " beratungsstelle familienzentrum religionsgemeinschaft", unit=g[2]),
                ],
            ),
            "nw_familie": (
                g[3],
                gv[g[3]],
                [gv[g[3]], *pick(8, local + " familienzentrum beratungsstelle unternehmen", unit=g[3])],
            ),
            "nw_ost": (
                s[4],
                ost_fz,
                [ost_fz, *pick(5, "kita", unit=s[4]), gv[g[1]], *self.of_type("grundschule", unit=s[4])[:1]],
            ),
        }
        ids: dict[str, str] = {}
        for number, (key, name, ctype, themes, meetings) in enumerate(_parse_committees(), start=1):
            area, chair, members = seats[key]
            parent = {"arbeitskreis": "sg", "steuerungsgruppe": "lk"}.get(ctype)
            committee = Committee(f"gr-{number:02d}", name, ctype, themes, meetings, area, ids.get(parent or ""))
            ids[key] = committee.id
            founded = None
            if key == "nw_ost":
                committee.valid_from = founded = dt.date(2025, 9, 1)
            elif rng.random() < 0.6:
                committee.valid_from = dt.date(rng.randint(2012, 2021), rng.choice((1, 3, 9)), 1)
            self.committees.append(committee)
            for actor in {a.id: a for a in members}.values():
                role = "chair" if actor.id == chair.id else "member"
                if actor.id == self.role["bildungsbuero"] and role == "member" and ctype != "netzwerk":
                    role = "office"
                elif role == "member" and rng.random() < 0.05:
                    role = "guest"
                since = founded or (None if rng.random() < 0.5 else self._old_date(committee.valid_from))
                self.memberships.append(Membership(committee.id, actor.id, role, since))
        self.planted_committees = [ids["ak_sb"], ids["ak_bo"]]
        self._change_memberships(ids["bk"], ids["ak_ganztag"])
        self._plant_committee_structure(ids, companies[1])

    def _plant_committee_structure(self, ids: dict[str, str], company: Actor) -> None:
        """Plant the findings of the Gremienlandkarte, without drawing from the random generator.

        The second company of the Arbeitskreis Berufsorientierung also joins the Arbeitskreis
        Schule–Beruf (the pair then shares 12 of 16 members, 75 %); the Bildungsnetzwerk Lindenfeld is
        dissolved on 30.06.2026 (its seats end with it) while the Netzwerk Frühe Bildung Lindenfeld-Ost
        still reports to it (an orphan at ``to``); the network's only Grundschule leaves on 31.03.2026,
        so that it covers the transition Kita → Grundschule without the taking-over side.
        """
        by_id = {c.id: c for c in self.committees}
        self.memberships.append(Membership(ids["ak_sb"], company.id, "member", None))
        network, ost = by_id[ids["nw_lindenfeld"]], by_id[ids["nw_ost"]]
        network.valid_to = NETWORK_DISSOLVED
        for m in self.memberships:
            if m.committee == network.id and (m.until is None or m.until > NETWORK_DISSOLVED):
                m.until = NETWORK_DISSOLVED
        ost.reports_to = network.id
        [school] = [
            m
            for m in self.memberships
            if m.committee == ost.id and self.actor_by_id[m.actor].actor_type in ("grundschule", "foerderschule")
        ]
        school.until = SCHOOL_LEFT_OST
        self.planted_structure = {
            "merge_candidates": [sorted(self.planted_committees)],
            "orphan": [ost.id, network.id],
            "one_sided_transition": [ost.id, "kita_grundschule", "b"],
            "left_school": school.actor,
        }

    def _change_memberships(self, conference: str, working_group: str) -> None:
        """Let members join and leave between the dates; end the seats of ended actors."""
        rng = self.rng
        present = " ".join(m.actor for m in self.memberships if m.committee == conference)
        newcomers = [
            a
            for a in self.of_type("kita", "jugendeinrichtung", "beratungsstelle", "familienzentrum", "stiftung")
            if a.valid_from and a.valid_from > DATE_FROM
        ]
        for actor in newcomers[:3] + self.pick(2, "grundschule kita", skip=present):
            start = max(actor.valid_from or DATE_FROM, DATE_FROM) + dt.timedelta(days=rng.randint(10, 90))
            self.memberships.append(Membership(conference, actor.id, "member", min(start, DATE_TO)))
        leavers = [
            m
            for m in self.memberships
            if m.committee == conference
            and m.role == "member"
            and self.actor_by_id[m.actor].actor_type in ("kita", "grundschule", "beratungsstelle")
        ]
        for membership in rng.sample(leavers, 3):
            membership.until = self._date(dt.date(2025, 3, 1), dt.date(2026, 6, 30))
        seats = [m for m in self.memberships if m.committee == working_group and m.role == "member"]
        rng.choice(seats).until = dt.date(2025, 11, 30)
        present = " ".join(m.actor for m in self.memberships if m.committee == working_group)
        for actor in self.pick(1, "jugendeinrichtung", skip=present):
            self.memberships.append(Membership(working_group, actor.id, "member", dt.date(2026, 2, 1)))
        for membership in self.memberships:
            actor = self.actor_by_id[membership.actor]
            if actor.valid_to:
                membership.until = actor.valid_to

    def committee_members(self, committee_id: str, when: dt.date = DATE_TO) -> set[str]:
        """Return the ids of the actors with a valid seat in a committee ``when``."""
        return {
            m.actor
            for m in self.memberships
            if m.committee == committee_id
            and valid_at(m.since, m.until, when)
            and valid_at(self.actor_by_id[m.actor].valid_from, self.actor_by_id[m.actor].valid_to, when)
        }

    # -- persons --------------------------------------------------------------------------------

    def build_persons(self) -> None:
        """Create 30 fictitious contact persons."""
        rng = self.rng
        r = self.role
        fixed = [
            (r["bildungsbuero"], "Leitung Bildungsbüro"),
            (r["bildungsbuero"], "Bildungsmonitoring"),
            (r["bildungsbuero"], "Bildungskoordination Neuzugewanderte"),
            (r["vhs"], "Direktion"),
            (r["vhs"], "Fachbereich Sprachen"),
            (r["jugendamt"], "Leitung Jugendamt"),
            (r["jobcenter"], "Geschäftsführung"),
            (r["arbeitsagentur"], "Berufsberatung"),
            (r["jba"], "Koordination"),
            (r["ihk"], "Ausbildungsberatung"),
            (r["hwk"], "Ausbildungsberatung"),
            (r["dezernat"], "Dezernentin"),
            (r["fz_original"], "Leitung"),
            (r["integration"], "Fachdienstleitung"),
        ]
        pool = [
            a
            for a in self.actors
            if a.actor_type
            in ("kita", "grundschule", "weiterfuehrende_schule", "bibliothek", "verein", "jugendeinrichtung")
            and a.id not in self.cluster
        ]
        roles = {
            "kita": "Kita-Leitung",
            "grundschule": "Schulleitung",
            "weiterfuehrende_schule": "Schulleitung",
            "bibliothek": "Leitung",
            "verein": "Vorsitz",
            "jugendeinrichtung": "Leitung",
        }
        chosen = rng.sample(pool, len(PERSON_NAMES) - len(fixed))
        links = fixed + [(a.id, roles[a.actor_type]) for a in chosen]
        refused = set(rng.sample(range(len(links)), 5))
        expired = set(rng.sample([i for i in range(len(links)) if i not in refused], 4))
        for index, ((actor_id, role), name) in enumerate(zip(links, PERSON_NAMES, strict=True)):
            first, last = name.split(" ", 1)
            email = f"{_slug(first)}.{_slug(last)}@example.org"
            phone = f"05999 {rng.randint(100, 999)}-{rng.randint(10, 99)}" if rng.random() < 0.7 else None
            if index in expired:
                delete_after: dt.date | None = self._date(dt.date(2023, 1, 1), dt.date(2024, 12, 31))
            elif rng.random() < 0.6:
                delete_after = dt.date(rng.choice((2027, 2028, 2029)), 12, 31)
            else:
                delete_after = None
            self.persons.append(
                Person(
                    f"ap-{index + 1:03d}",
                    actor_id,
                    role,
                    name,
                    email,
                    phone,
                    index not in refused,
                    delete_after,
                )
            )

    # -- ids, checks and output -----------------------------------------------------------------

    def assign_ids(self) -> None:
        """Number offers by area and lead provider, cooperations in the order they were recorded."""
        order = {a.id: i for i, a in enumerate(self.areas)}
        self.offers.sort(key=lambda o: (order[o.area], o.providers[0], o.title, o.topic))
        for number, offer in enumerate(self.offers, start=1):
            offer.id = f"an-{number:04d}"
        for number, coop in enumerate(self.coops, start=1):
            coop.id = f"ko-{number:04d}"

    def check(self) -> None:
        """Raise RuntimeError unless exactly the planted findings hold, at both dates."""
        nord = self.sozialraum(LANGUAGE_GAP_SR).id
        offer_gaps = {(nord, "u3"), (nord, "kita_alter")}
        offer_gaps |= {(self.gemeinde(i).id, "nacherwerb") for i in SENIOR_GAP_GEMEINDEN}
        brokers = [self.role["bildungsbuero"], self.role["vhs"]]
        for when in (DATE_FROM, DATE_TO):
            found = set(self.offer_gaps(when))
            if found != offer_gaps:
                raise RuntimeError(f"offer gaps at {when} differ from the planted ones: {sorted(found ^ offer_gaps)}")
            gaps = self.transition_gaps(when)
            if gaps != [(self.sozialraum(TRANSITION_GAP_SR).id, "kita_grundschule")]:
                raise RuntimeError(f"transition gaps at {when} differ from the planted one: {gaps}")
            graph = self.valid_graph(when)
            centrality = nx.betweenness_centrality(graph)
            top = sorted(centrality, key=lambda n: (-centrality[n], n))[:2]
            if sorted(top) != sorted(brokers):
                raise RuntimeError(f"the brokers at {when} are {top}, not the Bildungsbüro and the VHS")
            for broker in brokers:
                sectors = {self.actor_by_id[n].sector for n in graph[broker]}
                if len(sectors) < 5:
                    raise RuntimeError(f"{broker} bridges only {len(sectors)} sectors at {when}")
            components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
            small = [sorted(c) for c in components[1:] if len(c) >= 2]
            if small != [sorted(self.cluster)]:
                raise RuntimeError(f"small components at {when} differ from the planted cluster: {small}")
            for i, a in enumerate(self.committees):
                for b in self.committees[i + 1 :]:
                    ma, mb = self.committee_members(a.id, when), self.committee_members(b.id, when)
                    jaccard = len(ma & mb) / len(ma | mb) if ma | mb else 0.0
                    planted = sorted((a.id, b.id)) == sorted(self.planted_committees)
                    if planted and (jaccard < 0.6 or not set(a.themes) & set(b.themes)):
                        raise RuntimeError("the planted duplicate committees do not overlap enough")
                    if not planted and jaccard >= 0.5:
                        raise RuntimeError(f"{a.name} and {b.name} overlap by {jaccard:.2f} at {when}")
                    if planted and jaccard < 0.7:
                        raise RuntimeError(f"the planted duplicate committees overlap by only {jaccard:.2f} at {when}")
        self._check_committee_structure()

    def _check_committee_structure(self) -> None:
        """Raise RuntimeError unless the planted orphan and the one-sided network hold at ``to``."""
        by_id = {c.id: c for c in self.committees}
        ost_id, network_id = self.planted_structure["orphan"]
        ost, network = by_id[ost_id], by_id[network_id]
        if not valid_at(ost.valid_from, ost.valid_to, DATE_TO) or valid_at(
            network.valid_from, network.valid_to, DATE_TO
        ):
            raise RuntimeError("the planted orphan does not report to a dissolved committee at the to date")
        orphans = [
            c.id
            for c in self.committees
            if c.reports_to
            and valid_at(c.valid_from, c.valid_to, DATE_TO)
            and not valid_at(by_id[c.reports_to].valid_from, by_id[c.reports_to].valid_to, DATE_TO)
        ]
        if orphans != [ost_id]:
            raise RuntimeError(f"orphans at the to date differ from the planted one: {orphans}")
        types = {self.actor_by_id[a].actor_type for a in self.committee_members(ost_id, DATE_TO)}
        if "kita" not in types or types & {"grundschule", "foerderschule"}:
            raise RuntimeError(f"the planted one-sided network has the types {sorted(types)} at the to date")
        if self.committee_members(network_id, DATE_TO):
            raise RuntimeError("the dissolved network still has members at the to date")

    def collect_planted(self) -> dict[str, Any]:
        """Return the planted findings in the shape of ``planted.json``."""
        nord = self.sozialraum(LANGUAGE_GAP_SR).id
        return {
            "dates": {"from": DATE_FROM.isoformat(), "to": DATE_TO.isoformat()},
            "brokers": [self.role["bildungsbuero"], self.role["vhs"]],
            "offer_gaps": [{"area": nord, "life_phase": "u3"}, {"area": nord, "life_phase": "kita_alter"}]
            + [{"area": self.gemeinde(i).id, "life_phase": "nacherwerb"} for i in SENIOR_GAP_GEMEINDEN],
            "transition_gaps": [{"area": self.sozialraum(TRANSITION_GAP_SR).id, "transition": "kita_grundschule"}],
            "duplicate_offers": sorted(sorted(o.id for o in pair) for pair in self.planted_offers),
            "duplicate_committees": [sorted(self.planted_committees)],
            "committees": {
                **{k: v for k, v in self.planted_structure.items() if k != "left_school"},
                "highest_load": self.role["bildungsbuero"],
                "far_above": sorted(self.role[k] for k in ("bildungsbuero", "jugendamt", "schulamt")),
            },
            "duplicate_actors": [sorted((self.role["fz_original"], self.role["fz_duplicate"]))],
            "isolated_cluster": sorted(self.cluster),
        }

    def rows(self) -> dict[str, list[dict[str, object]]]:
        """Return the records as rows per sheet, keyed by the German column headers."""
        records: dict[str, Sequence[object]] = {
            "Gebiete": self.areas,
            "Traeger": self.institutions,
            "Akteure": self.actors,
            "Angebote": self.offers,
            "Kooperationen": self.coops,
            "Gremien": self.committees,
            "Mitgliedschaften": self.memberships,
            "Ansprechpersonen": self.persons,
        }
        return {
            sheet.name: [
                {col.header: _cell(getattr(rec, col.field)) for col in sheet.columns} for rec in records[sheet.name]
            ]
            for sheet in SHEETS
        }


def _cell(value: object) -> object:
    """Convert a record value to its cell value in the exchange format."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else None
    return value


# ---------------------------------------------------------------------------
# Public interface
# ---------------------------------------------------------------------------


def build(seed: int = DEFAULT_SEED) -> Demo:
    """Generate the demo district and its planted findings.

    Parameters
    ----------
    seed : int, optional
        Seed of the random generator; the committed workbook uses :data:`DEFAULT_SEED`.

    Returns
    -------
    Demo
        Rows per sheet and the planted findings (the content of ``planted.json``).

    Raises
    ------
    RuntimeError
        If a seed yields data in which the planted findings do not hold exactly.
    """
    builder = _Builder(seed)
    builder.build_areas()
    builder.build_institutions()
    builder.build_actors()
    builder.assign_actor_dates()
    builder.build_cooperations()
    builder.repair()
    builder.build_offers()
    builder.build_committees()
    builder.build_persons()
    builder.assign_ids()
    builder.check()
    return Demo(builder.rows(), builder.collect_planted())


def generate(seed: int = DEFAULT_SEED) -> dict[str, list[dict[str, object]]]:
    """Generate the rows of the demo district's workbook.

    Parameters
    ----------
    seed : int, optional
        Seed of the random generator; the committed workbook uses :data:`DEFAULT_SEED`.

    Returns
    -------
    dict of str to list of dict
        For each sheet name of ``graph.model.SHEETS``, one dict per record, keyed
        by the sheet's German column headers. Vocabulary values are keys, lists
        are joined with ", ", dates are ISO strings, booleans "ja"/"nein".

    Examples
    --------
    >>> rows = generate()
    >>> sorted(rows) == sorted(s.name for s in SHEETS)
    True
    """
    return build(seed).rows


def write_workbook(rows: dict[str, list[dict[str, object]]], path: str | Path) -> None:
    """Write rows per sheet as an xlsx workbook with fixed metadata.

    Sheets follow the order of ``graph.model.SHEETS``; the first row holds the
    column headers. Zip entries and document properties carry
    :data:`FIXED_TIMESTAMP`, so that the same rows give the same bytes.

    Parameters
    ----------
    rows : dict of str to list of dict
        Rows per sheet name, as returned by :func:`generate`.
    path : str or Path
        Where to write the workbook.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in SHEETS:
        ws = workbook.create_sheet(sheet.name)
        headers = [col.header for col in sheet.columns]
        ws.append(headers)
        for row in rows.get(sheet.name, []):
            ws.append([row.get(h) for h in headers])
        ws.freeze_panes = "A2"
    workbook.properties.creator = "Bildungsnetz Demo-Generator"
    workbook.properties.lastModifiedBy = "Bildungsnetz Demo-Generator"
    workbook.properties.created = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    Path(path).write_bytes(_stable_zip(buffer.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """Rewrite an xlsx archive with fixed entry times and a fixed modification property."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    lambda m: m.group(1) + stamp.encode() + m.group(2),
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def write_planted(planted: dict[str, Any], path: str | Path) -> None:
    """Write the planted findings as indented JSON."""
    Path(path).write_text(json.dumps(planted, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the workbook and ``planted.json`` (command line entry point)."""
    parser = argparse.ArgumentParser(description="Generate the demo district Landkreis Musterau.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=DEFAULT_WORKBOOK, help="workbook path (default: musterau.xlsx)")
    parser.add_argument(
        "--planted",
        type=Path,
        default=None,
        help="path of the planted findings (default: planted.json beside the workbook)",
    )
    args = parser.parse_args(argv)
    demo = build(args.seed)
    write_workbook(demo.rows, args.out)
    write_planted(demo.planted, args.planted or args.out.with_name("planted.json"))
    counts = ", ".join(f"{name}: {len(rows)}" for name, rows in demo.rows.items())
    print(f"{args.out}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
