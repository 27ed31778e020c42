/*
 * reqlib_default.c - Tillit's default requirements library, as data.
 *
 * Written for Tillit in Swedish, in our own words, for the national
 * consequence scale 0-4. Each requirement names the category it belongs to;
 * the points of NIS2 Art. 21(2) (a)-(j) it serves ("g,i": both) and the
 * GDPR articles it serves ("15,16,17"), as placed by the annex of
 * Implementing Regulation (EU) 2024/2690 and the text of the GDPR (the
 * source of each mapping is listed in docs/modules.md); whether it is
 * mandatory (ska) or recommended (bör); whether it is met by the
 * organisation itself, by a supplier (it goes into the procurement
 * appendix) or by both; the asset attributes it needs (personal_data,
 * outsourced, nis2, ...; see requirement.h) and the kinds it is limited to;
 * and the minimum levels of confidentiality (C), integrity (I),
 * availability (A) and traceability (T) from which it applies. NONE is an
 * empty minimum, and a requirement applies when ANY aspect with a minimum
 * reaches it (every minimum empty: every classified asset) and the asset
 * has every attribute named. Level 4 needs a separate analysis; the
 * library only names what is required from the lower levels.
 *
 * requirement_ensure_default() inserts these rows, by code, the first time
 * the library is read while the requirements table is empty. Changing a row
 * here does not change an installation that already has its library: the
 * administrators own it from then on (editing or importing CSV); migration
 * 0130 brought the references and rules of an untouched default library up
 * to this table.
 */
#include "domain/requirement.h"

#define NONE     (-1)
#define SKA      "must"
#define BOR      "should"
#define ORG      "organisation"
#define SUPPLIER "supplier"
#define BOTH     "both"

/* code, category, NIS2 points, GDPR articles, ska/bör, who meets it, attributes, kinds, min C, I, A, T, title, text */
const struct reqlib_entry reqlib_default[] = {
	/* Styrning och uppföljning */
	{ "STY-01", "governance", "i", "", SKA, ORG, "", "", NONE, NONE, NONE, NONE, "Klassningen hålls aktuell",
	  "Tillgången ska vara klassad enligt organisationens modell. Klassningen ses över minst en gång per år och "
	  "när verksamheten, informationen eller hanteringen av den ändras väsentligt." },
	{ "STY-02", "governance", "a", "", SKA, ORG, "", "", 2, 2, 2, NONE, "Dokumenterad riskanalys",
	  "Det ska finnas en dokumenterad riskanalys för tillgången. Den uppdateras vid större förändringar och "
	  "minst vartannat år, och de åtgärder den leder till förs in i handlingsplanen." },
	{ "STY-03", "governance", "a,i", "", SKA, ORG, "", "system,digital_service", NONE, NONE, NONE, NONE,
	  "Utsedd systemägare och systemförvaltare",
	  "Tillgången ska ha en namngiven systemägare med mandat att besluta om den och en systemförvaltare som "
	  "svarar för den löpande förvaltningen." },
	{ "STY-04", "governance", "g", "", SKA, ORG, "", "", NONE, NONE, NONE, NONE, "Användarna känner till reglerna",
	  "Den som använder tillgången ska ha tagit del av reglerna för hur informationen får hanteras och ha gått "
	  "organisationens grundutbildning i informationssäkerhet." },
	{ "STY-05", "governance", "f", "", SKA, ORG, "", "", 3, 3, 3, NONE, "Årlig uppföljning av kraven",
	  "Att kraven för tillgången är uppfyllda ska följas upp minst en gång per år. Resultatet redovisas för "
	  "systemägaren tillsammans med förslag på åtgärder." },
	{ "STY-06", "governance", "a,f", "", BOR, ORG, "", "", 3, 3, NONE, NONE, "Oberoende granskning",
	  "Skyddet av tillgången bör granskas av någon som inte själv förvaltar den, till exempel genom intern "
	  "kontroll, revision eller penetrationstest, minst vart tredje år." },
	{ "STY-07", "governance", "i", "", SKA, BOTH, "", "", NONE, 2, 2, NONE, "Aktuell systemdokumentation",
	  "Det ska finnas aktuell dokumentation av tillgångens syfte, informationsflöden, integrationer och "
	  "beroenden till andra tillgångar, så att någon annan än förvaltaren kan förstå den." },

	/* Behörighetsstyrning */
	{ "BEH-01", "access_control", "i", "", SKA, BOTH, "", "", NONE, NONE, NONE, NONE, "Personliga konton",
	  "Varje användare ska ha ett eget, personligt konto. Gemensamma konton används bara där det är tekniskt "
	  "nödvändigt, och då med en utsedd ansvarig och ett dokumenterat skäl." },
	{ "BEH-02", "access_control", "j", "", SKA, BOTH, "", "", 2, 3, NONE, NONE, "Inloggning med flera faktorer",
	  "Inloggning ska kräva minst två faktorer av olika slag, till exempel ett kort eller en app i mobilen "
	  "tillsammans med en kod som bara användaren känner till." },
	{ "BEH-03", "access_control", "j", "", SKA, BOTH, "", "", 1, 2, NONE, NONE,
	  "Flera faktorer vid åtkomst utifrån",
	  "Åtkomst till tillgången från internet eller från andra nät än organisationens egna ska kräva inloggning "
	  "med flera faktorer." },
	{ "BEH-04", "access_control", "i", "", SKA, ORG, "", "", NONE, NONE, NONE, NONE,
	  "Behörighet efter arbetsuppgift",
	  "Användare ska bara ha de behörigheter som deras arbetsuppgifter kräver. Behörighet ges efter beslut av "
	  "den som systemägaren har utsett, och beslutet dokumenteras." },
	{ "BEH-05", "access_control", "i", "", SKA, ORG, "", "", 1, 2, NONE, NONE, "Årlig översyn av behörigheter",
	  "Behörigheterna ska gås igenom minst en gång per år och stämmas av mot personal- eller lönesystemet, så att "
	  "konton för den som slutat eller fått andra uppgifter tas bort eller ändras." },
	{ "BEH-06", "access_control", "i", "", SKA, ORG, "", "", 2, NONE, NONE, NONE,
	  "Behörighet tas bort när uppdraget upphör",
	  "När en anställning eller ett uppdrag upphör ska kontot spärras och behörigheterna tas bort senast samma "
	  "dag." },
	{ "BEH-07", "access_control", "i", "", SKA, BOTH, "", "", 1, 1, NONE, NONE,
	  "Separata konton för administration",
	  "Administration ska göras med konton som bara används för det ändamålet och aldrig för e-post eller "
	  "surfning på webben." },
	{ "BEH-08", "access_control", "i", "", BOR, BOTH, "", "", 3, NONE, NONE, NONE, "Finare indelning av åtkomst",
	  "Där tillgången innehåller uppgifter med högre skyddsbehov än resten bör åtkomsten till dem kunna begränsas "
	  "särskilt, till exempel per ärende, per enhet eller per typ av uppgift." },
	{ "BEH-09", "access_control", "g,i", "", SKA, BOTH, "", "", 2, 2, NONE, NONE, "Starka lösenord",
	  "Lösenord ska vara minst 12 tecken långa, får inte finnas i kända listor över läckta lösenord och ska bytas "
	  "direkt när det finns misstanke om att de har röjts." },
	{ "BEH-10", "access_control", "i,j", "", SKA, BOTH, "", "", 2, 2, 3, NONE,
	  "Nätfiskeresistent inloggning för administratörer",
	  "Administrativ åtkomst ska kräva inloggning med flera faktorer som står emot nätfiske, till exempel en "
	  "säkerhetsnyckel eller ett certifikat på kort." },

	/* Loggning och spårbarhet */
	{ "LOG-01", "logging", "b", "", SKA, BOTH, "", "", 2, 2, NONE, 1, "Loggning av säkerhetshändelser",
	  "Tillgången ska logga inloggningar, misslyckade inloggningsförsök, ändrade behörigheter och administrativa "
	  "åtgärder, med tidpunkt och vilken användare det gällde." },
	{ "LOG-02", "logging", "b", "", SKA, ORG, "", "", NONE, 3, NONE, 2, "Loggarna granskas regelbundet",
	  "Loggarna ska granskas minst en gång i månaden av en utsedd person. Avvikelser som upptäcks hanteras som "
	  "incidenter." },
	{ "LOG-03", "logging", "b", "32", SKA, BOTH, "", "", 3, NONE, NONE, 2, "Loggning av läsning",
	  "Åtkomst till uppgifter som omfattas av sekretess eller är känsliga personuppgifter ska loggas även när "
	  "uppgifterna bara läses, så att det i efterhand går att se vem som tagit del av vad." },
	{ "LOG-04", "logging", "b", "", SKA, BOTH, "", "", NONE, 2, NONE, 2, "Loggarna skyddas mot ändring",
	  "Loggar ska skyddas mot ändring och radering. De som administrerar tillgången ska inte kunna ändra "
	  "loggarna över sina egna åtgärder." },
	{ "LOG-05", "logging", "b", "", SKA, BOTH, "", "", NONE, 2, NONE, 1, "Gemensam tid",
	  "Klockorna i tillgångens servrar och klienter ska ställas mot en gemensam och tillförlitlig tidskälla, så "
	  "att händelser i olika loggar kan jämföras." },
	{ "LOG-06", "logging", "b", "", SKA, BOTH, "", "", NONE, 3, NONE, 2, "Loggar sparas tillräckligt länge",
	  "Loggar ska sparas så länge som behövs för att utreda incidenter, minst tolv månader, och gallras därefter "
	  "enligt organisationens informationshanteringsplan." },
	{ "LOG-07", "logging", "b", "", BOR, BOTH, "", "", NONE, 3, NONE, 3, "Central insamling och larm",
	  "Loggarna bör samlas i ett centralt system med regler som larmar vid misstänkta händelser, till exempel "
	  "många misslyckade inloggningar eller ovanligt stora uttag av information." },
	{ "LOG-08", "logging", "b", "", SKA, BOTH, "", "", NONE, 2, NONE, 1, "Ändringar går att härleda",
	  "Ändringar av informationen ska kunna härledas till den som gjorde dem och till tidpunkten, och tidigare "
	  "värden ska gå att ta fram." },

	/* Säkerhetskopiering */
	{ "SKP-01", "backup", "c", "", SKA, BOTH, "", "", NONE, 1, 1, NONE, "Plan för säkerhetskopiering",
	  "Informationen ska säkerhetskopieras regelbundet enligt en dokumenterad plan som anger vad som kopieras, "
	  "hur ofta och hur länge kopiorna sparas." },
	{ "SKP-02", "backup", "c", "", SKA, BOTH, "", "", NONE, 3, 2, NONE, "Prövad återläsning",
	  "Att informationen går att återställa från säkerhetskopiorna ska prövas minst en gång per år, och "
	  "resultatet ska dokumenteras." },
	{ "SKP-03", "backup", "c", "", SKA, BOTH, "", "", NONE, 2, 2, NONE, "Kopior på en annan plats",
	  "Minst en säkerhetskopia ska förvaras på en annan plats än originalet, så att en brand, en översvämning "
	  "eller ett haveri på ett ställe inte förstör båda." },
	{ "SKP-04", "backup", "c", "", SKA, BOTH, "", "", NONE, 3, 3, NONE,
	  "Kopior som inte kan krypteras av angripare",
	  "Minst en säkerhetskopia ska vara frånkopplad eller omöjlig att ändra, så att den inte kan krypteras eller "
	  "raderas av någon som tagit sig in i nätverket." },
	{ "SKP-05", "backup", "c,h", "", SKA, BOTH, "", "", 2, NONE, NONE, NONE, "Kopiorna skyddas som originalet",
	  "Säkerhetskopior ska ha samma skydd för konfidentialiteten som originalet, till exempel kryptering och "
	  "begränsad åtkomst." },
	{ "SKP-06", "backup", "c", "", SKA, ORG, "", "", NONE, 3, 3, NONE, "Beslutade mål för återställning",
	  "Systemägaren ska ha beslutat hur mycket data som högst får gå förlorad och hur snabbt tillgången ska vara "
	  "återställd, och säkerhetskopieringen ska vara utformad för att klara det." },

	/* Kryptering */
	{ "KRY-01", "encryption", "h", "", SKA, BOTH, "", "", 1, NONE, NONE, NONE, "Kryptering vid överföring",
	  "Informationen ska vara krypterad när den överförs i nätverk, med aktuella protokoll (till exempel TLS 1.2 "
	  "eller senare) och utan föråldrade algoritmer." },
	{ "KRY-02", "encryption", "h", "", SKA, BOTH, "", "", 2, NONE, NONE, NONE, "Kryptering av lagrad information",
	  "Information som lagras på servrar, i molntjänster och i säkerhetskopior ska vara krypterad." },
	{ "KRY-03", "encryption", "h", "", SKA, ORG, "", "", 1, NONE, NONE, NONE, "Krypterade bärbara enheter",
	  "Bärbara datorer, mobiltelefoner och flyttbara lagringsmedier som kan innehålla informationen ska ha "
	  "krypterad lagring." },
	{ "KRY-04", "encryption", "h", "", SKA, BOTH, "", "", 2, 3, NONE, NONE, "Hantering av nycklar och certifikat",
	  "Det ska finnas rutiner för hur krypteringsnycklar och certifikat skapas, förvaras, förnyas och återkallas, "
	  "och för vem som har tillgång till dem." },
	{ "KRY-05", "encryption", "h,j", "", SKA, ORG, "", "", 2, NONE, NONE, NONE,
	  "Skyddad e-post och skyddade meddelanden",
	  "Informationen får bara skickas med e-post- eller meddelandetjänster som är godkända för dess skyddsnivå. "
	  "Vanlig e-post till mottagare utanför organisationen används inte." },
	{ "KRY-06", "encryption", "d,h", "", SKA, BOTH, "outsourced", "", 3, NONE, NONE, NONE,
	  "Nycklar under egen kontroll",
	  "När informationen lagras hos en leverantör ska krypteringsnycklarna hanteras så att leverantören inte på "
	  "egen hand kan läsa informationen." },
	{ "KRY-07", "encryption", "h", "", BOR, BOTH, "", "", NONE, 3, NONE, NONE, "Kontrollsummor och underskrifter",
	  "Information vars riktighet är avgörande bör skyddas med kontrollsummor eller elektroniska underskrifter, "
	  "så att otillåtna ändringar upptäcks." },

	/* Kontinuitet */
	{ "KON-01", "continuity", "c", "", SKA, ORG, "", "", NONE, NONE, 2, NONE, "Kontinuitetsplan",
	  "Det ska finnas en kontinuitetsplan som beskriver hur verksamheten fortsätter och hur tillgången "
	  "återställs vid ett längre avbrott." },
	{ "KON-02", "continuity", "c", "", SKA, ORG, "", "", NONE, NONE, 2, NONE, "Reservrutiner",
	  "Verksamheten ska ha beslutade reservrutiner för att klara de viktigaste uppgifterna utan tillgången, och "
	  "de som ska använda rutinerna ska känna till dem." },
	{ "KON-03", "continuity", "c", "", SKA, ORG, "", "", NONE, NONE, 3, NONE, "Planerna övas",
	  "Kontinuitetsplanen och reservrutinerna ska övas minst en gång per år, och erfarenheterna ska leda till "
	  "uppdaterade planer." },
	{ "KON-04", "continuity", "c", "", SKA, ORG, "", "", NONE, NONE, 1, NONE, "Beslutad tillgänglighet",
	  "Systemägaren ska ha beslutat under vilka tider tillgången ska vara tillgänglig och hur långt avbrott "
	  "verksamheten tål." },
	{ "KON-05", "continuity", "c", "", BOR, BOTH, "", "", NONE, NONE, 3, NONE,
	  "Inget enskilt fel stoppar tillgången",
	  "Tillgången bör vara uppbyggd så att ett enskilt fel i server, lagring, nätverk eller strömförsörjning inte "
	  "leder till avbrott, till exempel genom dubblerade delar eller en andra driftplats." },
	{ "KON-06", "continuity", "c", "", SKA, ORG, "", "", NONE, NONE, 3, NONE, "Prioriterad vid kris",
	  "Tillgången ska finnas med i organisationens krisberedskap, med sin plats i ordningen för återstart och "
	  "kontaktvägar till de ansvariga dygnet runt." },
	{ "KON-07", "continuity", "c,d", "", SKA, ORG, "", "", NONE, NONE, 2, NONE, "Kartlagda beroenden",
	  "Tillgångens beroenden av andra system, nätverk, leverantörer och personer ska vara kartlagda, och deras "
	  "tillgänglighet ska motsvara tillgångens behov." },

	/* Leverantörer och avtal */
	{ "LEV-01", "suppliers", "d", "", SKA, SUPPLIER, "outsourced", "", NONE, NONE, NONE, NONE,
	  "Säkerhetskraven står i avtalet",
	  "Avtal med leverantörer som driftar, utvecklar eller på annat sätt hanterar tillgången ska innehålla de "
	  "säkerhetskrav som följer av klassningen." },
	{ "LEV-02", "suppliers", "c,d", "", SKA, SUPPLIER, "outsourced", "", NONE, NONE, 2, NONE,
	  "Avtalade servicenivåer",
	  "Avtalet ska ange servicenivåer för tillgänglighet, felavhjälpning och återställning som motsvarar "
	  "verksamhetens behov, och hur de följs upp." },
	{ "LEV-03", "suppliers", "d", "", SKA, SUPPLIER, "outsourced", "", 2, 2, 2, NONE, "Leverantören följs upp",
	  "Att leverantören uppfyller säkerhetskraven ska följas upp minst en gång per år, till exempel genom "
	  "rapporter, intyg från oberoende granskare eller egen granskning." },
	{ "LEV-04", "suppliers", "b,d", "", SKA, SUPPLIER, "outsourced", "", 1, 2, NONE, NONE,
	  "Leverantören rapporterar incidenter",
	  "Leverantören ska vara skyldig att rapportera säkerhetsincidenter som berör tillgången utan dröjsmål och "
	  "senast inom 24 timmar." },
	{ "LEV-05", "suppliers", "d", "44", SKA, SUPPLIER, "outsourced", "", 2, NONE, NONE, NONE,
	  "Känd lagringsplats, bedömda tredjeländer",
	  "Det ska framgå var informationen lagras och behandlas. Överföring till eller åtkomst från länder utanför "
	  "EU/EES ska vara bedömd och godkänd innan den sker." },
	{ "LEV-06", "suppliers", "d", "", SKA, SUPPLIER, "outsourced", "", NONE, 2, 2, NONE,
	  "Återlämning när avtalet upphör",
	  "Avtalet ska reglera hur informationen lämnas tillbaka i ett användbart format och hur den raderas hos "
	  "leverantören när avtalet upphör." },
	{ "LEV-07", "suppliers", "d", "28", SKA, SUPPLIER, "outsourced", "", 2, 3, NONE, NONE,
	  "Underleverantörer godkänns",
	  "Leverantören får anlita underleverantörer för tillgången bara efter godkännande, och samma säkerhetskrav "
	  "ska gälla för dem." },
	{ "LEV-08", "suppliers", "d,i", "", SKA, SUPPLIER, "outsourced", "", 3, NONE, NONE, NONE,
	  "Kontrollerad personal hos leverantören",
	  "Leverantörens personal med åtkomst till informationen ska vara kontrollerad på det sätt som informationens "
	  "skyddsvärde kräver, och leverantören ska kunna redovisa vilka som har åtkomst." },

	/* Fysisk säkerhet */
	{ "FYS-01", "physical", "i", "", SKA, BOTH, "", "", 1, NONE, 1, NONE, "Låsta utrymmen för utrustning",
	  "Servrar och nätverksutrustning för tillgången ska stå i låsta utrymmen dit bara behörig personal har "
	  "tillträde." },
	{ "FYS-02", "physical", "i", "", SKA, BOTH, "", "", 2, NONE, 2, NONE, "Registrerat tillträde",
	  "Tillträde till utrymmena ska ske med personlig passerbehörighet som registreras, och besökare ska alltid "
	  "vara i sällskap med behörig personal." },
	{ "FYS-03", "physical", "e", "", SKA, BOTH, "", "", NONE, NONE, 2, NONE, "Skydd mot brand, vatten och värme",
	  "Utrymmena ska ha brandlarm, skydd mot vattenskador och kylning som håller utrustningen inom tillåten "
	  "temperatur." },
	{ "FYS-04", "physical", "c", "", SKA, BOTH, "", "", NONE, NONE, 2, NONE, "Avbrottsfri kraft",
	  "Utrustningen ska ha avbrottsfri kraftförsörjning som räcker för en kontrollerad nedstängning, och "
	  "reservkraft där avbrott inte kan godtas." },
	{ "FYS-05", "physical", "i", "", SKA, ORG, "", "", 1, NONE, NONE, NONE, "Inlåsta handlingar och lagringsmedier",
	  "Handlingar och lagringsmedier med informationen ska förvaras inlåsta när de inte används och får inte "
	  "lämnas framme där obehöriga har tillträde." },
	{ "FYS-06", "physical", "i", "", SKA, BOTH, "", "", 1, NONE, NONE, NONE, "Säker förstöring",
	  "Papper, hårddiskar och andra lagringsmedier ska förstöras eller raderas så att informationen inte går att "
	  "återskapa innan de lämnar organisationen." },
	{ "FYS-07", "physical", "g,i", "", SKA, ORG, "", "", 2, NONE, NONE, NONE, "Låst skärm och skydd mot insyn",
	  "Skärmar ska låsas automatiskt efter en kort stund utan aktivitet, och informationen ska inte kunna läsas "
	  "av obehöriga på arbetsplatsen eller vid arbete på distans." },

	/* Personuppgifter */
	{ "PU-01", "personal_data", "", "30", SKA, ORG, "personal_data", "", 1, NONE, NONE, NONE,
	  "Behandlingen finns i registerförteckningen",
	  "Om tillgången används för att behandla personuppgifter ska behandlingen finnas i registerförteckningen med "
	  "ändamål, rättslig grund och gallringsfrist." },
	{ "PU-02", "personal_data", "", "35", SKA, ORG, "personal_data", "", 2, NONE, NONE, NONE,
	  "Konsekvensbedömning vid hög risk",
	  "Om behandlingen av personuppgifter sannolikt innebär hög risk för de registrerade, till exempel vid "
	  "känsliga uppgifter eller uppgifter om många personer, ska en konsekvensbedömning vara gjord innan den "
	  "startar." },
	{ "PU-03", "personal_data", "d", "28", SKA, SUPPLIER, "personal_data,outsourced", "", 1, NONE, NONE, NONE,
	  "Personuppgiftsbiträdesavtal",
	  "När en leverantör behandlar personuppgifter för organisationens räkning ska ett "
	  "personuppgiftsbiträdesavtal vara tecknat innan behandlingen börjar." },
	{ "PU-04", "personal_data", "", "5", SKA, BOTH, "personal_data", "", 1, 1, NONE, NONE, "Gallring enligt beslut",
	  "Personuppgifter ska gallras när de inte längre behövs för ändamålet, enligt beslutad gallringsfrist, och "
	  "tillgången ska ha stöd för att göra det." },
	{ "PU-05", "personal_data", "", "15,16,17", SKA, BOTH, "personal_data", "", 2, NONE, NONE, NONE,
	  "Stöd för de registrerades rättigheter",
	  "Det ska gå att ta fram, rätta och vid behov radera uppgifterna om en enskild person, så att en begäran om "
	  "registerutdrag eller rättelse kan besvaras i tid." },
	{ "PU-06", "personal_data", "b", "33", SKA, ORG, "personal_data", "", 1, NONE, NONE, NONE,
	  "Rapportering av personuppgiftsincidenter",
	  "Den som förvaltar tillgången ska veta hur en personuppgiftsincident rapporteras internt, så att den kan "
	  "bedömas och vid behov anmälas till Integritetsskyddsmyndigheten inom 72 timmar." },
	{ "PU-07", "personal_data", "", "5,32", SKA, BOTH, "personal_data", "", 2, NONE, NONE, NONE,
	  "Inga verkliga personuppgifter i test",
	  "Personuppgifter som används för statistik, test eller utveckling ska vara pseudonymiserade eller "
	  "avidentifierade; verkliga personuppgifter används inte i testmiljöer." },

	/* Drift och sårbarhetshantering */
	{ "DRI-01", "operations", "e", "", SKA, BOTH, "", "", NONE, NONE, NONE, NONE,
	  "Säkerhetsuppdateringar installeras",
	  "Säkerhetsuppdateringar av operativsystem, programvara och komponenter ska installeras enligt en fastställd "
	  "rutin, och kritiska uppdateringar inom en vecka." },
	{ "DRI-02", "operations", "e", "", SKA, BOTH, "", "", 2, 2, NONE, NONE, "Sårbarheter söks regelbundet",
	  "Tillgången ska regelbundet undersökas efter kända sårbarheter, och det som hittas ska åtgärdas i en takt "
	  "som motsvarar hur allvarligt det är." },
	{ "DRI-03", "operations", "e", "", SKA, BOTH, "", "", NONE, 1, 1, NONE, "Programvara med support",
	  "Tillgångens programvara och plattform ska ha support från leverantören, och en plan för att ersätta dem "
	  "ska finnas innan supporten upphör." },
	{ "DRI-04", "operations", "e", "", SKA, BOTH, "", "", NONE, 2, NONE, NONE, "Styrda ändringar",
	  "Ändringar i tillgången ska planeras, prövas i en separat miljö och godkännas innan de förs in i "
	  "produktion." },
	{ "DRI-05", "operations", "d,e", "25", SKA, ORG, "", "", 2, 2, NONE, NONE,
	  "Säkerhet från början vid utveckling och upphandling",
	  "När ny funktionalitet utvecklas eller upphandlas ska säkerhetskraven som följer av klassningen ställas från "
	  "början och prövas innan driftsättning." },
	{ "DRI-06", "operations", "e", "", SKA, BOTH, "", "", 2, NONE, 2, NONE, "Avgränsat nätverk",
	  "Tillgången ska ligga i ett avgränsat nätverkssegment där bara nödvändig trafik släpps igenom, särskilt "
	  "från internet." },
	{ "DRI-07", "operations", "e,g", "", SKA, BOTH, "", "", NONE, NONE, NONE, NONE, "Skydd mot skadlig kod",
	  "Servrar och klienter ska ha skydd mot skadlig kod som hålls uppdaterat, och skyddets larm ska tas om "
	  "hand." },
	{ "DRI-08", "operations", "e", "", SKA, BOTH, "", "", 3, 3, NONE, NONE, "Härdade servrar och tjänster",
	  "Servrar och tjänster ska vara inställda enligt en dokumenterad härdningsstandard där onödiga tjänster, "
	  "konton och funktioner är avstängda." },

	/* Incidenthantering */
	{ "INC-01", "incidents", "b", "", SKA, ORG, "", "", NONE, NONE, NONE, NONE,
	  "Alla vet hur incidenter rapporteras",
	  "Användare och förvaltare ska veta hur de rapporterar en säkerhetsincident eller en misstänkt incident, "
	  "och rapporter ska tas emot även utanför kontorstid när tillgången kräver det." },
	{ "INC-02", "incidents", "b", "", SKA, BOTH, "", "", NONE, 2, 2, NONE, "Rutin för incidenthantering",
	  "Det ska finnas en beslutad rutin för hur incidenter i tillgången bedöms, begränsas, utreds och åtgärdas, "
	  "med angivna roller." },
	{ "INC-03", "incidents", "b", "", SKA, ORG, "nis2", "", NONE, NONE, NONE, NONE,
	  "Rapportering enligt cybersäkerhetslagen",
	  "Betydande incidenter ska kunna rapporteras till CSIRT-enheten inom de frister som gäller: tidig varning "
	  "inom 24 timmar, incidentanmälan inom 72 timmar och slutrapport inom en månad." },
	{ "INC-04", "incidents", "b", "", SKA, ORG, "", "", NONE, 2, 2, NONE, "Lärdomar efter incidenter",
	  "Efter en allvarligare incident ska orsaker och lärdomar dokumenteras och leda till åtgärder som följs upp." },
};

const size_t reqlib_default_count = sizeof(reqlib_default) / sizeof(reqlib_default[0]);
