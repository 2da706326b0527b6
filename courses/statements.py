"""The programme's standing pages as rich-text HTML: privacy statement (AVG art. 13), terms
and conditions (the version accepted at checkout) and contact. ``load_programme`` creates them
once under the home page; editors maintain them in the CMS after that.

Legal sources: Algemene verordening gegevensbescherming (AVG/GDPR) art. 6, 13 and 15–22,
art. 77 (complaint to the supervisory authority); art. 52 Algemene wet inzake
rijksbelastingen (AWR: seven-year fiscal retention of invoices); art. 6:230o BW (withdrawal
from a distance contract within 14 days).
"""

#: Slugs of the standing pages (the footer and the checkout link to them).
PRIVACY_SLUG, TERMS_SLUG, CONTACT_SLUG = "privacy", "voorwaarden", "contact"

PRIVACY_STATEMENT = """\
<h2>Wie is verantwoordelijk</h2>
<p>De Gebiedsschool wordt beheerd door het programmateam van het Intensiveringsprogramma \
Binnenstedelijke Gebiedstransformaties, dat wordt uitgevoerd door Platform31 (Den Haag). \
Platform31 is verwerkingsverantwoordelijke voor de persoonsgegevens op dit platform. Voor de \
facturen van een opleiding is de kennisinstelling die de opleiding verzorgt en de factuur \
uitreikt daarnaast zelf verantwoordelijk. Vragen over privacy stel je aan \
<a href="mailto:privacy@gebiedsschool.nl">privacy@gebiedsschool.nl</a>.</p>
<h2>Welke gegevens, waarvoor en op welke grond</h2>
<ul>
<li><b>Je account</b> (naam, e-mailadres, taal, wachtwoord als hash): om je te laten inloggen \
en je inschrijvingen te beheren. Grond: uitvoering van de overeenkomst (AVG art. 6 lid 1 \
sub b).</li>
<li><b>Inschrijvingen, aanwezigheid en certificaten</b>: om de opleiding te geven, je \
certificaat met PE-punten uit te reiken en het te laten controleren via de \
verificatiepagina. Grond: uitvoering van de overeenkomst.</li>
<li><b>Facturen en betalingen</b> (naam of organisatie, adres, btw-nummer, bedragen, \
betaalkenmerk): om te factureren en betalingen te verwerken. Grond: wettelijke verplichting \
(AVG art. 6 lid 1 sub c; fiscale bewaarplicht).</li>
<li><b>Maatwerkaanvragen</b> van gemeenten en organisaties (naam en gegevens van de \
contactpersoon): om de aanvraag te behandelen, een offerte te maken en het traject uit te \
voeren. Grond: uitvoering van de overeenkomst, of de stappen daarvoor.</li>
<li><b>Evaluaties</b>: om opleidingen te verbeteren; uitkomsten tonen we alleen samengevat en \
vanaf vijf antwoorden. Grond: gerechtvaardigd belang (AVG art. 6 lid 1 sub f).</li>
<li><b>Nieuwsbrief</b> (e-mailadres): alleen na je bevestiging. Grond: toestemming (AVG art. 6 \
lid 1 sub a), die je altijd kunt intrekken via de link in elke nieuwsbrief.</li>
<li><b>"Houd me op de hoogte"</b> (e-mailadres en de uitvoering): om je één keer te mailen \
zodra een uitvoering te boeken is. Grond: toestemming. Na die ene e-mail verwijderen we je \
adres.</li>
<li><b>Beveiliging</b> (logboek van acties, mislukte inlogpogingen): om misbruik te voorkomen \
en wijzigingen te kunnen verantwoorden. Grond: gerechtvaardigd belang.</li>
</ul>
<h2>Wie je gegevens ontvangen</h2>
<p>De kennisinstelling van de opleiding waarvoor je je inschrijft, en het programmateam. Als je \
werkgever betaalt, ontvangt die de factuur. Daarnaast werken we met verwerkers, met wie we een \
verwerkersovereenkomst hebben:</p>
<ul>
<li>de betaaldienst (Mollie B.V., Amsterdam) voor betalingen met iDEAL;</li>
<li>de e-maildienst die onze e-mails verstuurt;</li>
<li>de hostingpartij van de servers en de database, in de Europese Unie;</li>
<li>de opslagdienst voor documenten (certificaten, facturen, offertes), in de Europese \
Unie.</li>
</ul>
<p>We geven geen gegevens door buiten de Europese Economische Ruimte en verkopen ze nooit. \
We nemen geen besluiten over je die alleen op geautomatiseerde verwerking berusten.</p>
<h2>Hoe lang we gegevens bewaren</h2>
<ul>
<li>Account, inschrijvingen en certificaten: zolang je account bestaat; als je je account laat \
verwijderen, maken we je gegevens anoniem. Een certificaat blijft verifieerbaar zolang je dat \
wilt.</li>
<li>Facturen, creditnota's en betalingen: zeven jaar, zoals de fiscale bewaarplicht voorschrijft \
(art. 52 Algemene wet inzake rijksbelastingen); ook na het verwijderen van je account.</li>
<li>"Houd me op de hoogte": tot de ene e-mail is verstuurd, of tot de uitvoering niet meer te \
boeken is.</li>
<li>Nieuwsbrief: tot je je afmeldt.</li>
<li>Maatwerkaanvragen en offertes: zolang het traject loopt en daarna zeven jaar als er een \
factuur uit volgt; anders twee jaar.</li>
</ul>
<h2>Je rechten</h2>
<p>Je mag je gegevens inzien, laten verbeteren of verwijderen, de verwerking laten beperken, \
bezwaar maken tegen verwerking op grond van gerechtvaardigd belang, je gegevens meenemen in een \
gangbaar bestandsformaat, en een gegeven toestemming intrekken (AVG art. 15 tot en met 21). \
Vraag het via <a href="mailto:privacy@gebiedsschool.nl">privacy@gebiedsschool.nl</a>; we \
antwoorden binnen een maand. Facturen moeten we bewaren, ook als je om verwijdering vraagt.</p>
<h2>Klacht</h2>
<p>Ben je het niet eens met hoe we met je gegevens omgaan? Laat het ons weten. Je hebt ook het \
recht een klacht in te dienen bij de Autoriteit Persoonsgegevens \
(<a href="https://autoriteitpersoonsgegevens.nl">autoriteitpersoonsgegevens.nl</a>; AVG \
art. 77).</p>
<h2>Versie</h2>
<p>Deze verklaring is opgesteld op 2 december 2026.</p>
"""

TERMS = """\
<p>Dit zijn de voorwaarden die je accepteert als je je via de Gebiedsschool inschrijft voor een \
betaalde opleiding (versie {version}).</p>
<h2>Inschrijving en prijs</h2>
<p>Je inschrijving is definitief zodra je de bevestiging krijgt. De prijs is die op het moment \
van inschrijven, inclusief btw waar die geldt; opleidingen van kennisinstellingen die in het \
CRKBO-register staan zijn vrijgesteld van btw. Is de uitvoering vol, dan kom je op de \
wachtlijst en betaal je pas als je een aangeboden plaats aanneemt.</p>
<h2>Betaling</h2>
<p>De kennisinstelling die de opleiding verzorgt, stuurt de factuur. Je betaalt binnen de \
betaaltermijn op de factuur, met iDEAL of per bankoverschrijving met het betaalkenmerk. Betaalt \
je werkgever, dan gaat de factuur naar je organisatie, zo nodig met een inkoopordernummer.</p>
<h2>Herroepen (als je zelf betaalt)</h2>
<p>Betaal je zelf, dan mag je de overeenkomst binnen 14 dagen na je inschrijving kosteloos \
herroepen (art. 6:230o Burgerlijk Wetboek). Vraag je uitdrukkelijk om eerder te beginnen en \
begint de opleiding binnen die 14 dagen, dan eindigt dat recht bij de start.</p>
<h2>Annuleren</h2>
<p>Tot de annuleringstermijn van de uitvoering annuleer je kosteloos in Mijn leeromgeving. \
Daarna blijft (een deel van) de prijs verschuldigd, zoals de pagina van de annulering vooraf \
laat zien. Je mag je plaats altijd aan een collega geven.</p>
<h2>Certificaat</h2>
<p>Je krijgt een certificaat als je voldoet aan de afrondingseisen van de module (aanwezigheid \
en, waar van toepassing, een toets).</p>
<h2>Privacy</h2>
<p>Hoe we met je gegevens omgaan, staat in de <a href="/privacy/">privacyverklaring</a>.</p>
"""

CONTACT = """\
<p>Heb je een vraag over een opleiding, je inschrijving, een factuur of maatwerk voor je \
organisatie? Het programmateam helpt je graag.</p>
<h2>Programmateam Gebiedsschool</h2>
<ul>
<li>E-mail: <a href="mailto:info@gebiedsschool.nl">info@gebiedsschool.nl</a></li>
<li>Privacyvragen: <a href="mailto:privacy@gebiedsschool.nl">privacy@gebiedsschool.nl</a></li>
</ul>
<p>We antwoorden binnen twee werkdagen. Voor maatwerk (training, begeleiding of advies op maat) \
kun je ook direct een <a href="/maatwerk/">aanvraag doen</a>. Over de inhoud van een module kun \
je de kennisinstelling benaderen die hem verzorgt; je vindt haar op de pagina van de \
module.</p>
"""
