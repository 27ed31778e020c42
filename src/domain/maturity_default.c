/*
 * maturity_default.c - Tillit's default question bank for the yearly
 * maturity self-assessment, as data.
 *
 * Written for Tillit in Swedish, in our own words. The questions follow the
 * method's four steps (1 identifiera och analysera, 2 utforma, 3 använda,
 * 4 följa upp och förbättra) at four cumulative levels: 1 the basics are in
 * place, 2 it is done the same way across the unit, 3 it is measured and
 * part of the work, 4 it is improved from what is measured. A unit reaches
 * a level when every question of that level and of the levels below is met.
 *
 * maturity_bank_ensure_in_tx() copies these rows into an organisation's
 * bank the first time the organisation starts an assessment or changes its
 * bank; from then on its administrators own the bank.
 */
#include "domain/maturity.h"

/* step, level, text */
const struct maturity_default_question maturity_default_bank[] = {
	/* Nivå 1: grunderna finns */
	{ 1, 1, "Finns en förteckning över verksamhetens viktigaste informationstillgångar?" },
	{ 1, 1, "Har varje viktig informationstillgång en utsedd ägare?" },
	{ 1, 1, "Känner ledningen till vilka lagar och regler som styr verksamhetens information?" },
	{ 2, 1, "Finns en av ledningen beslutad riktlinje för informationssäkerhet?" },
	{ 2, 1, "Är ansvaret för informationssäkerheten beskrivet och fördelat?" },
	{ 2, 1, "Finns en utsedd samordnare för informationssäkerhet?" },
	{ 3, 1, "Vet medarbetarna hur de rapporterar en incident?" },
	{ 3, 1, "Har nya medarbetare fått en introduktion i informationssäkerhet?" },
	{ 3, 1, "Tilldelas och tas behörigheter bort enligt en beskriven rutin?" },
	{ 4, 1, "Följs inträffade incidenter upp och dokumenteras?" },
	{ 4, 1, "Redovisas informationssäkerhetsarbetet för ledningen minst en gång per år?" },
	{ 4, 1, "Finns en handlingsplan för informationssäkerhetsarbetet för innevarande år?" },

	/* Nivå 2: arbetet görs på samma sätt i hela enheten */
	{ 1, 2, "Är verksamhetens system och informationsmängder klassade enligt organisationens modell?" },
	{ 1, 2, "Görs riskanalyser med en gemensam metod för de viktigaste tillgångarna?" },
	{ 1, 2, "Finns en aktuell registerförteckning över behandlingar av personuppgifter?" },
	{ 2, 2, "Finns rutiner som anger hur information i varje klass ska hanteras?" },
	{ 2, 2, "Ställs krav på informationssäkerhet när system och tjänster upphandlas?" },
	{ 2, 2, "Finns kontinuitetsplaner för de verksamhetskritiska tillgångarna?" },
	{ 3, 2, "Har alla medarbetare gått organisationens grundutbildning i informationssäkerhet?" },
	{ 3, 2, "Följer personuppgiftsbiträdena de avtal som tecknats med dem?" },
	{ 3, 2, "Hanteras incidenter enligt en gemensam rutin med utsedda roller?" },
	{ 4, 2, "Följs behörigheterna upp med stickprov minst en gång per år?" },
	{ 4, 2, "Följs handlingsplanens aktiviteter upp under året?" },
	{ 4, 2, "Ses klassningar och riskanalyser över när verksamheten ändras?" },

	/* Nivå 3: arbetet mäts och är en del av verksamheten */
	{ 1, 3, "Är informationssäkerheten en del av verksamhetens risk- och väsentlighetsanalys?" },
	{ 1, 3, "Analyseras beroenden mellan tillgångar, leverantörer och andra enheter?" },
	{ 1, 3, "Bedöms omvärldsförändringar, som ny lagstiftning, och deras följder för arbetet?" },
	{ 2, 3, "Är kraven på informationssäkerhet inbyggda i verksamhetens processer och projekt?" },
	{ 2, 3, "Finns mätbara mål för informationssäkerhetsarbetet?" },
	{ 2, 3, "Är rollerna i informationssäkerhetsarbetet bemannade med ersättare?" },
	{ 3, 3, "Övas kontinuitetsplanerna minst en gång per år?" },
	{ 3, 3, "Får chefer och nyckelpersoner utbildning anpassad efter sitt ansvar?" },
	{ 3, 3, "Används klassningens resultat när system förändras eller avvecklas?" },
	{ 4, 3, "Mäts och redovisas nyckeltal för informationssäkerheten för ledningen?" },
	{ 4, 3, "Ingår informationssäkerheten i internkontrollplanen?" },
	{ 4, 3, "Leder granskningar och revisioner till åtgärder som följs upp?" },

	/* Nivå 4: arbetet förbättras utifrån det som mäts */
	{ 1, 4, "Används erfarenheter från incidenter och övningar i nya riskanalyser?" },
	{ 1, 4, "Jämförs enhetens arbete med andra organisationers eller med en standard?" },
	{ 1, 4, "Analyseras trender i nyckeltalen över flera år?" },
	{ 2, 4, "Revideras styrdokumenten utifrån uppföljningens resultat?" },
	{ 2, 4, "Prioriteras åtgärder över tre år utifrån risk och mognad?" },
	{ 2, 4, "Är informationssäkerheten en del av verksamhetens mål och budget?" },
	{ 3, 4, "Tar medarbetarna själva initiativ till förbättringar av informationssäkerheten?" },
	{ 3, 4, "Delas goda exempel mellan enheterna?" },
	{ 3, 4, "Utvärderas utbildningarnas effekt och förbättras de därefter?" },
	{ 4, 4, "Bedömer ledningen varje år om arbetet är tillräckligt och har avsedd verkan?" },
	{ 4, 4, "Följs det upp att beslutade förbättringar har fått effekt?" },
	{ 4, 4, "Granskas ledningssystemet regelbundet av någon oberoende?" },
};

const size_t maturity_default_count = sizeof(maturity_default_bank) / sizeof(maturity_default_bank[0]);
