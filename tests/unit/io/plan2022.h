/*
 * plan2022.h - the 2022 action plan of the follow-up report (three areas,
 * sixteen activities with their quarters, purpose, status and comment), as
 * test data for the document builder. Included by test_doc.c only.
 */
#ifndef TILLIT_TEST_PLAN2022_H
#define TILLIT_TEST_PLAN2022_H

#define Q1 1u
#define Q2 2u
#define Q3 4u
#define Q4 8u

struct plan_activity {
	const char *area;
	const char *title;
	unsigned quarters;
	const char *purpose; /* Markdown */
	const char *status;
	const char *comment;
};

static const struct plan_activity plan2022[] = {
	{ "Nätverk", "Riskanalys", Q1 | Q2,
	  "Verksamheter fortsätter bedriva analysarbete över sin information, arbetet bedrivs genom nätverk för "
	  "informationssäkerhet och dataskydd. Analyser som per verksamhet ska genomföras under 2022 är riskanalys.",
	  "Genomfört",
	  "De flesta verksamheter har genomfört en inledande riskanalys där tre verksamhetskritiska "
	  "informationstillgångar analyserats. Arbetet har inneburit identifiering av hot och sårbarheter gentemot "
	  "respektive informationstillgång och till det framtagning av åtgärdsförslag för att reducera identifierade "
	  "risker." },
	{ "Nätverk", "Informationsklassning", Q3 | Q4,
	  "Varje verksamhet ska klassificera minst ett verksamhetskritiskt system eller manuell informationstillgång. "
	  "Arbetet bedrivs genom nätverk för informationssäkerhet.",
	  "Ej påbörjat",
	  "Momentet flyttas över till 2023. Flertalet förvaltningar har under året genomfört informationsklassningar "
	  "kopplat till upphandling eller annat utvecklingsarbete, dock har arbetet inte gått genom nätverket vilket "
	  "blir fallet 2023." },
	{ "Nätverk", "Kontinuitetsplanering", Q1 | Q2,
	  "Kontinuitetsplanering handlar om att planera för att upprätthålla sin verksamhet på en *tolerabel*, det vill "
	  "säga för organisationen acceptabel, nivå oavsett vilken störning den utsätts för. Varje verksamhet ska "
	  "upprätta en kontinuitetsplan för en informationstillgång.",
	  "Genomfört",
	  "Mot bakgrund av förhöjd hotbild gällande cyberattacker har varje verksamhet under våren utifrån ett "
	  "informationssäkerhetsperspektiv fått kontinuitetsplanera sin mest kritiska verksamhet. Därtill har varje "
	  "förvaltning genomfört en övning med scenariot att hela Ekdala kommuns IT-miljö ligger nere under en månad." },
	{ "Nätverk", "Registerförteckningar", Q2 | Q3,
	  "Registerförteckningarna togs ursprungligen fram 2018 i samband med ikraftträdandet av "
	  "dataskyddsförordningen. Med anledning av rättsutvecklingen på området behöver respektive "
	  "personuppgiftsansvarig revidera sin registerförteckning, med ledning och stöd från den centrala "
	  "dataskyddsorganisationen. Korrekta, systematiska och uppdaterade registerförteckningar ligger sedan till "
	  "grund för det fortsatta dataskyddsarbetet.",
	  "Pågående",
	  "Information om att det ska göras en översyn är lämnad till representant för respektive förvaltning. Då "
	  "aktiviteten låg under kvartal 2 och 3 var förslag att göra det under semesterperioden. Socialförvaltningen "
	  "har återkopplat önskan om stöd i processen, i övrigt ingen återkoppling. Arbetet fortsätter under 2023." },
	{ "Ledning och samordning", "Genomföra utbildnings- och informationsinsatser på ledningsnivå",
	  Q1 | Q2 | Q3 | Q4,
	  "Utbildning och information till ledningsgrupper gällande informationssäkerhet, dataskydd och Ekdala kommuns "
	  "interna styrdokument för området.",
	  "Genomförd",
	  "Besök har gjorts i de flesta ledningsgrupper någon gång under året. Aktiviteten information till "
	  "ledningsgrupper förs in i planerat årshjul." },
	{ "Ledning och samordning", "Genomföra utbildnings- och informationsinsatser för nämnder och styrelser",
	  Q1 | Q2 | Q3 | Q4,
	  "Utbildning och information till nämnder och styrelser gällande informationssäkerhet, dataskydd och Ekdala "
	  "kommuns interna styrdokument för området.",
	  "Genomförd",
	  "Besök har gjorts i de flesta nämnder/styrelser någon gång under året. Aktiviteten information till "
	  "nämnder/styrelser förs in i planerat årshjul." },
	{ "Ledning och samordning", "Ny central dataskyddsorganisation", Q1,
	  "Upprättande av ny dataskyddsorganisation inom kommunledningskontoret. Organisationens syfte är att vara "
	  "kommunens centrala dataskyddssamordnare inom områdena registerförteckningar, "
	  "personuppgiftsbiträdesavtal, tredjelandsöverföringar, personuppgiftsincidenter samt styrning och ledning. "
	  "Organisationen ska stötta och lämna rådgivning till övriga förvaltningar inom dataskyddsområdet.",
	  "Genomförd",
	  "Ny central dataskyddsorganisation är implementerad. Efter vissa justeringar från ursprungsplanen är rollerna "
	  "satta och bedöms kunna fungera väl och hålla över tid. Fem träffar har ägt rum under året. Samtliga "
	  "deltagare har genomlyst respektive ansvarsområde och identifierat vilka behov av åtgärder som finns. Möten "
	  "kommer fortsätta att hållas kontinuerligt." },
	{ "Ledning och samordning", "Genomföra utbildnings- och informationsinsatser för dataskyddsorganisationen",
	  Q2 | Q3,
	  "Utbildning av medarbetare med funktion i ny central dataskyddsorganisation.\n"
	  "Utbildning av medarbetare med funktion i den kommunövergripande dataskyddsorganisationen.",
	  "Genomförd",
	  "Dataskyddsorganisationen kommer även att fortlöpande erbjudas utbildning inom dataskydd generellt och inom "
	  "respektive ansvarsområde specifikt." },
	{ "Ledning och samordning", "Översyn styrdokument", Q1 | Q2,
	  "Befintliga styrdokument inom informationssäkerhetsområdet ska under 2022 genomgå en översyn och eventuell "
	  "revidering.",
	  "Ej påbörjat",
	  "Hela styrdokumentsstrukturen ska ses över och därefter avgöra om revidering ska ske eller ej. Flyttas över "
	  "till årshjul." },
	{ "Ledning och samordning", "Utvecklande av incidenthanteringsprocess", Q2 | Q3,
	  "För att framgångsrikt minska konsekvenserna av incidenter behöver organisationen ha arbetssätt för att "
	  "hantera alla situationer som avviker från det normala. Utvecklandet av en incidenthanteringsprocess för "
	  "informationssäkerhet bör, så långt det är möjligt, inbegripas i befintliga incidenthanteringsprocesser.",
	  "Delvis påbörjad",
	  "IT-avdelningen har processer och tillvägagångssätt att hantera incidenter. Vi bör också titta på hur "
	  "dokumentation sker och hur de förhåller sig till övriga incidenter (t ex personuppgiftsincidenter). Vi "
	  "behöver framåt hitta en gemensam terminologi och definiera begreppet incident. Aktiviteten flyttas till "
	  "2023 års handlingsplan." },
	{ "Ledning och samordning", "Utveckla uppföljningsmodell", Q3 | Q4,
	  "Genom övervakning, mätning och måluppföljning erhålls uppgifter som stödjer utvärdering av ifall "
	  "informationssäkerheten och dataskydd i stort är ändamålsenligt utformad, har avsedd verkan, samt att "
	  "säkerhetsåtgärder existerar och fungerar tillfredsställande.",
	  "Påbörjad",
	  "Uppföljning av områdena informationssäkerhet & dataskydd kommer från 2023 delvis att ingå i Ekdala kommuns "
	  "befintliga uppföljningsprocesser (delårsbokslut och årsredovisning). Informationsinhämtning sker i samlad "
	  "form. Aktiviteten ingår även 2023 års handlingsplan." },
	{ "Ledning och samordning", "Utveckla upphandlingsförfarandet", Q2 | Q3 | Q4,
	  "Ett fördjupat samarbete med upphandlingsenheten med syftet att än bättre inbegripa frågor om dataskydd, "
	  "informationssäkerhet och övrig säkerhet i upphandlingsprocessen. Regelbundna träffar för diskussion och "
	  "uppföljning av metoder och tillvägagångssätt.",
	  "Påbörjad",
	  "Stående möten hålls med upphandlingsenheten och representanter för informationssäkerhet & dataskydd och "
	  "säkerhet. Aktiviteten ingår även 2023 års handlingsplan." },
	{ "Ledning och samordning", "Övningar", Q4,
	  "För att bättre kunna möta de antagonistiska hot som finns behöver verksamheten testa och öva att valda "
	  "säkerhetsåtgärder fungerar på ett tillfredsställande vis. Ett exempel kan vara att genomföra "
	  "penetrationstester mot valda delar av vår IT-miljö.",
	  "Påbörjad",
	  "Varje förvaltning/bolag/förbund har givits möjligheten att öva sin kontinuitetsplanering. Mötesledare har "
	  "varit personal från säkerhetsenheten på kommunledningskontoret. Merparten av verksamheterna har genomfört "
	  "övningen." },
	{ "IT-säkerhet", "Tvåfaktorsautentisering", Q2 | Q3 | Q4,
	  "Detta innebär ett extra krav utöver lösenord som visar på att en individ verkligen är den individen. Att "
	  "använda sig av tvåfaktorautentisering ökar säkerheten på användarkonton och risken för att bli utsatt för "
	  "exempelvis phishing och ID-kapning minskar. Under året ska tvåfaktorsinloggning införas på utvalda delar av "
	  "IT-miljön.",
	  "Pågår",
	  "Förutom investering i stödjande IT-infrastruktur har även tillhörande utveckling av en generisk tjänst för "
	  "nyttjande inom Ekdala kommun tagits fram. Upphandling av tillhörande tjänster och programvara har "
	  "genomförts. Aktiviteten ingår även 2023 års handlingsplan." },
	{ "IT-säkerhet", "Behörighetshantering", Q1 | Q2 | Q3 | Q4,
	  "Rätt person ska komma åt de delar av ett system/verktyg som behövs för att kunna genomföra sitt uppdrag, "
	  "varken mer eller mindre behörigheter ska ges. Ett verksamhetssystem ska väljas ut och utgöra en pilot för "
	  "införande av behörighetssystem.",
	  "Pågår",
	  "Övergripande hantering av höga behörigheter har tagits fram och en förstudie har genomförts. Aktiviteten "
	  "ingår även 2023 års handlingsplan." },
	{ "IT-säkerhet", "Systemredundans", Q3 | Q4,
	  "För att säkerställa tillgängligheten av den information som Ekdala kommun har inom sin ägo ska "
	  "systemredundans säkerställas. Detta innebär uppbyggnad av parallell IT-miljö på lämplig plats.",
	  "Pågår",
	  "I arbetet med ny räddningsstation i Ekdala kommun följer möjligheten till en geografiskt åtskild "
	  "IT-infrastruktur. Aktiviteten ingår även 2023 års handlingsplan." },
};

#define N_PLAN2022 (sizeof(plan2022) / sizeof(plan2022[0]))

#endif
