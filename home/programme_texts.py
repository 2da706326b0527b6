"""Texts of the programme content that are longer than a line of ``programme.toml``."""

import html

#: The accessibility statement (rich-text HTML), after the model of digitoegankelijk.nl:
#: status, how we tested, known limitations, contact, date. "Voldoet gedeeltelijk" until an
#: independent audit says otherwise. Editors maintain it in the CMS once it is loaded.
ACCESSIBILITY_STATEMENT = """\
<h2>Status</h2>
<p>De Gebiedsschool <b>voldoet gedeeltelijk</b> aan de Web Content Accessibility Guidelines \
(WCAG) 2.1 op niveau AA, de norm die de overheid hanteert (Besluit digitale toegankelijkheid \
overheid). Er is nog geen onderzoek gedaan door een onafhankelijke, deskundige partij; de \
website is door ons zelf getoetst, zoals hieronder beschreven.</p>
<h2>Hoe we hebben getoetst</h2>
<ul>
<li>Automatisch, bij elke wijziging van de website: axe-core controleert de regels van WCAG 2.0 \
en 2.1 op niveau A en AA op telefoonbreedte (390 pixels) en desktopbreedte (1280 pixels). Een \
ernstige of kritieke bevinding houdt de wijziging tegen.</li>
<li>Deze pagina's zijn zo gecontroleerd: de homepagina; de catalogus Opleidingen, ook met een \
filter; een modulepagina en de pagina van een onderwijsinstelling; Maatwerk en het \
aanvraagformulier van een maatwerkvorm, met een foutmelding en de bedankpagina; account \
aanmaken en inloggen; inschrijven, Mijn leeromgeving en annuleren; het organisatieportaal waar \
een contactpersoon collega's inschrijft; de pagina waar een uitgenodigde collega de plaats \
inneemt; de verificatiepagina van een certificaat; de foutpagina's; deze verklaring.</li>
<li>Met alleen het toetsenbord: account aanmaken, een opleiding vinden met het filter, \
inschrijven en annuleren, de link "Naar de inhoud" en de zichtbare focus.</li>
</ul>
<h2>Bekende beperkingen</h2>
<ul>
<li>Automatische controles vinden niet alle problemen. De website is nog niet getest met \
schermlezers, spraakbesturing of bij een vergroting tot 400 procent.</li>
<li>De pdf-documenten (certificaten, facturen en offertes) zijn nog niet op toegankelijkheid \
getoetst.</li>
<li>Van het beheergedeelte voor medewerkers van de instellingen en het programmateam is alleen \
de deelnemerspagina van een uitvoering automatisch gecontroleerd.</li>
<li>Afbeeldingen en documenten die instellingen zelf plaatsen, controleren we niet vooraf.</li>
</ul>
<h2>Contact</h2>
<p>Loop je tegen een toegankelijkheidsprobleem aan, of heb je een vraag of opmerking? Mail naar \
<a href="mailto:info@gebiedsschool.nl">info@gebiedsschool.nl</a>. Vermeld de pagina en wat er \
misging; dan zoeken we samen met jou naar een oplossing en helpen we je intussen op een andere \
manier verder.</p>
<h2>Datum</h2>
<p>Deze verklaring is opgesteld op 29 november 2026 en voor het laatst herzien op \
29 november 2026.</p>
"""


def rich_text(text: str) -> str:
    """Plain paragraphs (blank-line separated) as Wagtail rich-text HTML."""
    paragraphs = [p.strip() for p in (text or "").strip().split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paragraphs)
