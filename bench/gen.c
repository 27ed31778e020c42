/*
 * gen.c - tillit-gen: a register the size of a municipality, a city or the
 * whole country, for the benchmarks.
 *
 *   tillit-gen --db URL --size municipality|city|national [--seed N]
 *              [--end YYYY-MM-DD] [--password PW] [--orgs N --units N --assets N --activities N]
 *   tillit-gen csv --db URL --rows N [--seed N]      a CSV of new assets for the import
 *
 * The data is made up but shaped like the real thing: organisations named
 * like Swedish municipalities, each with its boards, administrations and
 * units; people with Swedish names holding roles (an administrator, a
 * coordinator, a data protection officer and mostly an auditor per
 * organisation, owners per administration holding their role on its
 * board, system administrators and readers); information sets, systems,
 * e-services, paper archives, processes and suppliers with Swedish names
 * and descriptions, created over five years; systems holding information
 * sets; classifications answered from the question bank, signed by the
 * asset's owner and redone when their review falls due; requirements
 * assessed, actions made from the unmet ones and carried forward; assets
 * edited and retired; the first organisation's action plans of the last
 * two years (the last one of BENCH_PLAN_SIZE activities, the unfinished
 * ones of the year before carried into it) and its annual wheel; risk
 * analyses, continuity plans and exercises; incidents reported, triaged,
 * notified and closed; and the register of processing activities (half as
 * many as assets) with its vocabularies, processors and agreements,
 * transfers, and reviews by the data protection officer. The same seed
 * gives the same database, but for the incidents' receipt numbers, which
 * are random.
 *
 * Every record is written through the domain functions, so each has its
 * audit entry and `tillit audit verify` holds afterwards. Time is simulated:
 * events run in time order and the clock the domain reads (TILLIT_NOW) is
 * set to each event's time, so created_at, signing dates and the audit
 * trail run through the five years as they would have. Writes are grouped
 * into large transactions with db_batch_begin(); any failure ends the run.
 *
 * Passwords: the accounts the benchmarks sign in with (admin, samordnare,
 * samordnare2, samordnare3, revisor) get the given password hashed with the
 * real Argon2id parameters; the thousands of others get the same password
 * with libsodium's cheapest parameters, so that generating them does not
 * take hours. This is benchmark data, never an installation's.
 */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/timeutil.h"
#include "db/db.h"
#include "domain/activity.h"
#include "domain/asset.h"
#include "domain/asset_io.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/classify.h"
#include "domain/continuity.h"
#include "domain/gdpr.h"
#include "domain/governing_document.h"
#include "domain/incident.h"
#include "domain/inspection.h"
#include "domain/intcontrol.h"
#include "domain/maturity.h"
#include "domain/oidc.h"
#include "domain/plan.h"
#include "domain/requirement.h"
#include "domain/response.h"
#include "domain/review.h"
#include "domain/risk.h"
#include "domain/role_suggestion.h"
#include "domain/training.h"
#include "domain/unit.h"
#include "domain/user.h"
#include "domain/wheel.h"
#include "io/csvwrite.h"

#define DAY            86400
#define YEARS          5
#define DEFAULT_END    "2026-12-01"
#define DEFAULT_PASSWD "tillit-bench-2026"

/* --- random numbers: splitmix64, one stream, so a seed fixes everything ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in 0..n-1 (n > 0). */
static size_t rnd_below(size_t n)
{
	return (size_t)(rnd() % n);
}

/* Uniform in [0, 1). */
static double rnd_unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static bool chance(double p)
{
	return rnd_unit() < p;
}

/* Uniform in lo..hi inclusive. */
static int64_t rnd_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)rnd_below((size_t)(hi - lo + 1));
}

#define PICK(arr)  ((arr)[rnd_below(sizeof(arr) / sizeof((arr)[0]))])
#define COUNT(arr) (sizeof(arr) / sizeof((arr)[0]))

/* --- words ---------------------------------------------------------------- */

static const char *const place_head[] = {
	"Ek",    "Björk",  "Sjö",  "Berg", "Holm", "Lind", "Ål",    "Stor", "Sand", "Väster", "Öster",  "Norr",
	"Söder", "Gran",   "Al",   "Asp",  "Fur",  "Hög",  "Kvarn", "Mal",  "Rönn", "Tall",   "Vik",    "Ängel",
	"Bro",   "Hammar", "Frö",  "Lång", "Mörk", "Sol",  "Ström", "Torp", "Ulv",  "Vall",   "Hassel", "Lövs",
	"Falk",  "Ring",   "Kung", "Gull", "Lax",  "Sten", "Träsk", "Älv",  "Mo",   "Nor",    "Ros",    "Sunds",
};
static const char *const place_tail[] = {
	"dala", "by",   "köping", "hamn", "vik", "sund", "torp", "holm", "berga", "fors", "ås",  "näs",
	"ryd",  "stad", "ö",      "mo",   "bro", "lund", "tuna", "sala", "hult",  "red",  "arp", "bo",
};

static const char *const district[] = {
	"Norr",       "Söder",     "Öster",      "Väster",    "Centrum",     "Björkhagen",   "Ekbacken", "Tallåsen",
	"Solgården",  "Lindhaga",  "Granlunden", "Aspvallen", "Rönnängen",   "Hasselberget", "Sjöviken", "Ängshöjden",
	"Furuskogen", "Lönndalen", "Almhagen",   "Roslunden", "Kvarnbacken", "Malmen",       "Hagalund", "Bergsjön",
};

struct area {
	const char *board, *board_code, *admin, *admin_code;
	const char *const *units; /* unit names; "%s" takes a district */
	size_t n_units;
	const char *const *sets; /* information sets typical of the area */
	size_t n_sets;
	const char *const *systems;
	size_t n_systems;
};

static const char *const ks_units[] = {
	"IT-enheten", "HR-enheten",          "Ekonomienheten",   "Kommunikationsenheten",
	"Kansliet",   "Upphandlingsenheten", "Säkerhetsenheten", "Kontaktcenter",
	"Lönecenter", "Näringslivsenheten",  "Arkivet",          "Digitaliseringsenheten",
};
static const char *const ks_sets[] = {
	"Löneuppgifter",
	"Personalakter",
	"Fakturaunderlag",
	"Diarieförda handlingar",
	"Protokoll och beslut",
	"Avtal och upphandlingar",
	"Anställningsavtal",
	"Sjukfrånvarouppgifter",
	"Behörighetsuppgifter",
	"Incidentrapporter",
	"Budget och prognoser",
	"Synpunkter och klagomål",
	"Kontaktuppgifter till förtroendevalda",
};
static const char *const ks_systems[] = {
	"Ekonomisystem", "Lönesystem",        "Ärendehanteringssystem", "Intranät",
	"E-postsystem",  "Behörighetssystem", "Växel och telefoni",     "Upphandlingsverktyg",
	"E-arkiv",       "Personalsystem",    "Beslutsstödsystem",      "Nätverksövervakning",
};
static const char *const bu_units[] = {
	"Förskolan %s",      "%sskolan",         "Grundskolan %s",    "Elevhälsan",        "Kulturskolan",
	"Gymnasieskolan %s", "Fritidshemmet %s", "Vuxenutbildningen", "Skolskjutsenheten", "Särskolan",
};
static const char *const bu_sets[] = {
	"Elevakter",      "Betyg och omdömen",      "Frånvarorapporter",   "Elevhälsojournaler",
	"Åtgärdsprogram", "Skolskjutsbeslut",       "Köer till förskolan", "Kränkningsanmälningar",
	"Studieplaner",   "Modersmålsundervisning",
};
static const char *const bu_systems[] = {
	"Skolplattform",       "Elevregister",  "Schemaläggning", "Journalsystem för elevhälsan",
	"Barnomsorgsregister", "Närvarosystem", "Lärplattform",   "Skolskjutsplanering",
};
static const char *const soc_units[] = {
	"Hemtjänst %s",  "Äldreboendet %s",  "Individ- och familjeomsorgen",
	"LSS-boende %s", "Försörjningsstöd", "Missbruksvården",
	"Barn och unga", "Hemsjukvården %s", "Biståndsenheten",
	"Familjerätten", "Dagverksamhet %s", "Boendestöd",
};
static const char *const soc_sets[] = {
	"Personakter",         "Genomförandeplaner",     "Biståndsbeslut",
	"Journalanteckningar", "Orosanmälningar",        "Utredningar om barn",
	"Läkemedelslistor",    "Avvikelserapporter",     "Ansökningar om försörjningsstöd",
	"Vårdplaner",          "Beslut om LSS-insatser",
};
static const char *const soc_systems[] = {
	"Verksamhetssystem socialtjänst",
	"Planeringssystem hemtjänst",
	"Journalsystem",
	"Larmsystem för trygghetslarm",
	"Läkemedelshantering",
	"Nyckelfri hemtjänst",
	"Digital tillsyn",
	"Utbetalningssystem för bistånd",
};
static const char *const tek_units[] = {
	"Gatuenheten",    "VA-enheten",      "Fastighetsenheten", "Avfallsenheten", "Parkenheten",
	"Driftcentralen", "Vattenverket %s", "Reningsverket %s",  "Måltidsenheten", "Fordonsenheten",
};
static const char *const tek_sets[] = {
	"Driftdata för vatten och avlopp", "Ledningskartor",    "Fastighetsregister", "Felanmälningar",
	"Mätvärden från vattenverket",     "Avfallsabonnemang", "Nyckelregister",     "Energistatistik",
};
static const char *const tek_systems[] = {
	"Styr- och övervakningssystem VA",
	"Fastighetssystem",
	"Felanmälningssystem",
	"GIS-plattform",
	"Passersystem",
	"Energiuppföljning",
	"Avfallssystem",
	"Fordonsbokning",
};
static const char *const kf_units[] = {
	"Biblioteket %s", "Fritidsgården %s", "Simhallen",     "Kulturhuset",
	"Sporthallen %s", "Föreningsservice", "Fritidsbanken", "Museet",
};
static const char *const kf_sets[] = {
	"Låntagarregister",   "Bokningar av lokaler", "Föreningsregister",
	"Bidragsansökningar", "Medlemslistor",        "Besöksstatistik",
};
static const char *const kf_systems[] = {
	"Bibliotekssystem", "Bokningssystem lokaler",        "Föreningsregister",
	"Kassasystem",      "Passersystem för anläggningar",
};
static const char *const mb_units[] = {
	"Bygglovsenheten", "Miljöenheten", "Planenheten", "Lantmäteriet", "Livsmedelskontrollen", "Bostadsanpassningen",
};
static const char *const mb_sets[] = {
	"Bygglovsärenden",      "Tillsynsärenden", "Detaljplaner",
	"Inspektionsprotokoll", "Grundkartor",     "Anmälningar om miljöstörning",
};
static const char *const mb_systems[] = {
	"Ärendesystem för bygglov", "Miljö- och hälsoskyddssystem", "Kartsystem", "Planverktyg", "E-arkiv för bygglov",
};
static const char *const am_units[] = {
	"Arbetsmarknadsenheten", "Integrationsenheten", "Jobbcenter %s", "Feriepraktik", "Daglig verksamhet %s",
};
static const char *const am_sets[] = {
	"Deltagarakter",
	"Praktikplatser",
	"Etableringsplaner",
	"Utbetalningar av aktivitetsersättning",
};
static const char *const am_systems[] = { "Deltagarsystem", "Matchningsverktyg", "Utbetalningssystem" };

#define AREA(b, bc, ad, ac, u, s, y)                                 \
	{                                                            \
		b, bc, ad, ac, u, COUNT(u), s, COUNT(s), y, COUNT(y) \
	}
static const struct area areas[] = {
	AREA("Kommunstyrelsen", "KS", "Kommunledningsförvaltningen", "KLF", ks_units, ks_sets, ks_systems),
	AREA("Barn- och utbildningsnämnden", "BUN", "Barn- och utbildningsförvaltningen", "BUF", bu_units, bu_sets,
	     bu_systems),
	AREA("Socialnämnden", "SN", "Socialförvaltningen", "SOC", soc_units, soc_sets, soc_systems),
	AREA("Tekniska nämnden", "TN", "Tekniska förvaltningen", "TF", tek_units, tek_sets, tek_systems),
	AREA("Kultur- och fritidsnämnden", "KFN", "Kultur- och fritidsförvaltningen", "KFF", kf_units, kf_sets,
	     kf_systems),
	AREA("Miljö- och byggnadsnämnden", "MBN", "Samhällsbyggnadsförvaltningen", "SBF", mb_units, mb_sets,
	     mb_systems),
	AREA("Vård- och omsorgsnämnden", "VON", "Vård- och omsorgsförvaltningen", "VOF", soc_units, soc_sets,
	     soc_systems),
	AREA("Arbetsmarknadsnämnden", "AMN", "Arbetsmarknadsförvaltningen", "AMF", am_units, am_sets, am_systems),
	AREA("Gymnasienämnden", "GN", "Gymnasieförvaltningen", "GF", bu_units, bu_sets, bu_systems),
	AREA("Utbildningsnämnden", "UN", "Utbildningsförvaltningen", "UF", bu_units, bu_sets, bu_systems),
};

static const char *const services[] = {
	"E-tjänst för bygglov",
	"Felanmälan på webben",
	"Ansökan om förskoleplats",
	"Ansökan om ekonomiskt bistånd",
	"Bokning av lokaler",
	"Synpunktshantering",
	"Kommunens webbplats",
	"Chattfunktion",
	"Ansökan om skolskjuts",
	"Anmälan om frånvaro",
	"Ansökan om färdtjänst",
	"Ansökan om parkeringstillstånd",
	"Medborgarförslag",
	"Anmälan om livsmedelsverksamhet",
	"Ansökan om bostadsanpassning",
};
static const char *const manuals[] = {
	"Pappersarkiv",          "Närarkiv",
	"Pärmar med avtal",      "Journalkort",
	"Blanketter i original", "Handlingar i kassaskåp",
	"Utskrivna scheman",     "Nyckelkvitton",
	"Fysiska personalakter",
};
static const char *const processes[] = {
	"Rekrytering",
	"Inköp",
	"Fakturahantering",
	"Ärendehantering",
	"Attest av utbetalningar",
	"Intagning",
	"Behörighetstilldelning",
	"Incidenthantering",
	"Arkivering och gallring",
	"Utlämnande av allmän handling",
	"Anställning och avslut",
	"Kontinuitetsplanering",
};
static const char *const company_head[] = {
	"Norr", "Kommun", "Mitt", "Väst", "Syd", "Nord", "Data", "Moln", "Skol", "Omsorgs", "Karta", "Drift", "Säker",
};
static const char *const company_tail[] = {
	"data AB", "system AB", "tjänst AB", "IT AB", "partner AB", "logik AB", "teknik AB", "hallen AB",
};
static const char *const purposes[] = {
	"i det dagliga arbetet",         "vid myndighetsutövning",    "för planering och uppföljning",
	"i kontakterna med medborgarna", "för ekonomisk redovisning", "för att dokumentera beslut",
	"vid samverkan med regionen",    "i samband med tillsyn",     "för statistik till staten",
};
static const char *const remarks[] = {
	"Uppgifterna gallras efter fem år.",
	"Åtkomst kräver e-tjänstekort.",
	"Leverantören ansvarar för drift och säkerhetskopiering.",
	"Behörigheterna ses över en gång om året.",
	"Innehåller uppgifter om barn.",
	"Delas med regionen enligt ett personuppgiftsbiträdesavtal.",
	"Ersätts enligt plan av ett nytt system.",
	"Loggar granskas stickprovsvis varje månad.",
	"Används även av kommunens bolag.",
	"Rutin för reservdrift finns sedan förra året.",
	"Ingen kopia finns utanför kommunen.",
	"Avtalet löper ut inom två år.",
};
static const char *const first_names[] = {
	"Anna",    "Erik",  "Maria",  "Lars",   "Karin",  "Anders", "Eva",    "Johan",  "Sara",  "Per",
	"Lena",    "Karl",  "Emma",   "Nils",   "Ingrid", "Olof",   "Elin",   "Mikael", "Sofia", "Fredrik",
	"Kerstin", "Jonas", "Linnea", "Henrik", "Maja",   "Björn",  "Astrid", "Gustav", "Ebba",  "Oskar",
	"Helena",  "Peter", "Åsa",    "Magnus", "Ylva",   "Mats",   "Märta",  "Stefan", "Agnes", "Jörgen",
	"Frida",   "Håkan", "Hanna",  "Ulf",    "Klara",  "Göran",  "Tove",   "Sven",
};
static const char *const surnames[] = {
	"Andersson",   "Johansson",  "Karlsson",   "Nilsson",   "Eriksson", "Larsson",    "Olsson",    "Persson",
	"Svensson",    "Gustafsson", "Pettersson", "Jonsson",   "Jansson",  "Hansson",    "Bengtsson", "Jönsson",
	"Lindberg",    "Jakobsson",  "Magnusson",  "Lindström", "Olofsson", "Lindqvist",  "Lindgren",  "Berg",
	"Axelsson",    "Bergström",  "Lundberg",   "Lind",      "Lundgren", "Lundqvist",  "Mattsson",  "Berglund",
	"Fredriksson", "Sandberg",   "Henriksson", "Forsberg",  "Sjöberg",  "Wallin",     "Engström",  "Eklund",
	"Danielsson",  "Lundin",     "Håkansson",  "Björk",     "Bergman",  "Gunnarsson", "Holm",      "Wikström",
};
static const char *const req_comments_ok[] = {
	"Rutinen är dokumenterad och följs.",
	"Kontrollerat vid årets egenkontroll.",
	"Uppfylls genom kommungemensam tjänst.",
	"Leverantören har visat intyg.",
};
static const char *const req_comments_gap[] = {
	"Rutin saknas.",
	"Delvis infört, återstår i en verksamhet.",
	"Ingen logguppföljning görs i dag.",
	"Behöver ses över i samband med nytt avtal.",
	"Brist upptäckt vid internrevision.",
};
static const char *const req_comments_na[] = {
	"Systemet hanterar inga sådana uppgifter.",
	"Gäller inte manuella tillgångar.",
	"Hanteras av regionen enligt avtal.",
};

/* --- the simulated world --------------------------------------------------- */

struct g_user {
	struct auth auth; /* user_id, username, display name and grants: how the user acts */
};

struct g_admin {
	int unit;      /* index in g->units */
	int board;     /* the board above it, where its owners hold their role */
	int area;      /* index in areas[] */
	int owners[4]; /* users holding the owner role on this administration */
	int n_owners;
	int sysadm[2]; /* system administrators (readers here) */
	int n_sysadm;
	int *sets; /* information sets created so far (asset indexes) */
	size_t n_sets, cap_sets;
};

struct g_unit {
	int64_t id;
	int org, admin; /* indexes; admin -1 for an organisation and boards */
	const char *name, *code;
	const char *kind;
	double weight; /* share of the organisation's assets */
};

struct g_org {
	int64_t id;
	const char *place;
	int first_unit, n_units;
	int first_admin, n_admins;
	int coordinator, local_admin;
	double *cum;  /* cumulative unit weights */
	int *systems; /* systems and services so far (asset indexes) */
	size_t n_systems, cap_systems;
	struct class_model model;
	struct class_question *qs;
	size_t n_qs;
};

enum { F_RETIRED = 1, F_UNOWNED = 2, F_CRITICAL = 4 };

struct g_asset {
	int64_t id;
	int64_t draft; /* the newest unsigned classification, 0 when none */
	int unit;
	int owner;    /* user index, -1 for none */
	uint8_t kind; /* enum asset_kind */
	uint8_t sens; /* 0..255: how sensitive its answers are */
	uint8_t flags;
	uint8_t n_class; /* classifications made */
};

enum ev_type { EV_CLASSIFY, EV_SIGN, EV_ASSESS, EV_ACTION, EV_ACTION_UPDATE, EV_ASSET_UPDATE, EV_INCIDENT };

struct ev {
	int64_t t;
	uint32_t seq;
	uint8_t type;
	uint32_t asset;
	int64_t arg; /* requirement id or action id */
};

struct gen {
	struct db *db;
	struct arena *perm; /* lives as long as the run */
	struct arena *a;    /* per transaction */
	struct err e;
	time_t start, end;
	const char *password;

	struct g_org *orgs;
	size_t n_orgs;
	struct g_unit *units;
	size_t n_units, cap_units;
	struct g_admin *admins;
	size_t n_admins, cap_admins;
	struct g_user *users;
	size_t n_users, cap_users;
	struct g_asset *assets;
	size_t n_assets;

	struct ev *heap;
	size_t n_heap, cap_heap;
	uint32_t seq;
	size_t in_batch;
	size_t batch_events; /* events per transaction */

	uint64_t *names; /* open addressing set of (unit, name) hashes; 0 = empty */
	size_t names_cap;

	/* what was made */
	size_t n_classified, n_signed, n_assessed, n_actions, n_action_updates, n_updates, n_links, n_retired;
	size_t n_analyses, n_risks, n_plans, n_exercises;
	size_t n_gdocs, n_completions, n_counts;
	size_t n_audits, n_recommendations, n_responses, n_measures;
	size_t n_incidents, n_filings;
	size_t n_activities; /* processing activities */
};

/* What @g holds for the run, given back at its end. */
static void gen_release(struct gen *g)
{
	for (size_t i = 0; i < g->n_admins; i++)
		free(g->admins[i].sets);
	for (size_t o = 0; g->orgs && o < g->n_orgs; o++)
		free(g->orgs[o].systems);
	free(g->orgs);
	free(g->units);
	free(g->admins);
	free(g->users);
	free(g->assets);
	free(g->heap);
	free(g->names);
	arena_free(g->a);
	arena_free(g->perm);
	*g = (struct gen){ 0 };
}

_Noreturn static void die(struct gen *g, const char *what)
{
	fprintf(stderr, "tillit-gen: %s failed: %s %s%s%s (%s%s%s)\n", what, err_code_name(g->e.code),
		g->e.msgid ? g->e.msgid : "", g->e.arg[0] ? " " : "", g->e.arg, g->e.field ? "field " : "",
		g->e.field ? g->e.field : "", g->e.detail[0] ? g->e.detail : "");
	exit(1);
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t ncap = *cap ? *cap * 2 : 64;
	while (ncap < need)
		ncap *= 2;
	p = realloc(p, ncap * size);
	if (!p) {
		fprintf(stderr, "tillit-gen: out of memory\n");
		exit(1);
	}
	*cap = ncap;
	return p;
}

/* Set the clock the domain reads. */
static void clock_at(time_t t)
{
	char v[32];
	snprintf(v, sizeof(v), "%lld", (long long)t);
	setenv("TILLIT_NOW", v, 1);
}

/* @t moved forward into working hours (weekdays 07:00-17:00 UTC), never backward. */
static time_t working(time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	if (tm.tm_hour < 7)
		t += (7 - tm.tm_hour) * 3600;
	else if (tm.tm_hour >= 17)
		t += (24 - tm.tm_hour + 7) * 3600;
	gmtime_r(&t, &tm);
	if (tm.tm_wday == 6)
		t += 2 * DAY;
	else if (tm.tm_wday == 0)
		t += DAY;
	return t;
}

static time_t when(time_t base, int64_t min_days, int64_t max_days)
{
	return working(base + rnd_range(min_days * DAY, max_days * DAY));
}

/* --- transactions ---------------------------------------------------------- */

static void batch_open(struct gen *g)
{
	g->a = arena_new();
	if (db_batch_begin(g->db, &g->e))
		die(g, "begin");
	g->in_batch = 0;
}

static void batch_close(struct gen *g)
{
	if (db_batch_commit(g->db, &g->e))
		die(g, "commit");
	arena_free(g->a);
	g->a = NULL;
}

/* Count one event; every g->batch_events the transaction is committed and a new one begun. */
static void batch_tick(struct gen *g)
{
	if (++g->in_batch < g->batch_events)
		return;
	batch_close(g);
	batch_open(g);
}

/* --- every write goes through here ------------------------------------------
 *
 * These wrappers are the one place where a user of the simulation becomes the
 * domain's idea of who acted (@who NULL: the system). When the domain's write
 * functions change how they are told who acts, only these change.
 */

static struct asset *w_asset_get(struct gen *g, int64_t id)
{
	struct asset *as = arena_calloc(g->a, 1, sizeof(*as));
	if (asset_get(g->db, g->a, id, as, &g->e))
		die(g, "asset_get");
	return as;
}

static int64_t w_unit(struct gen *g, const struct auth *who, const struct unit_input *in)
{
	int64_t id;
	if (unit_create(g->db, g->a, who, in, &id, &g->e))
		die(g, "unit_create");
	return id;
}

static int64_t w_user(struct gen *g, const struct auth *who, const struct user_input *in, const char *password)
{
	int64_t id;
	if (user_create(g->db, g->a, who, in, password, &id, &g->e))
		die(g, "user_create");
	return id;
}

static void w_grant(struct gen *g, const struct auth *who, int64_t user_id, int64_t unit_id, const char *role)
{
	if (grant_add(g->db, g->a, who, user_id, unit_id, role, NULL, &g->e))
		die(g, "grant_add");
}

static void w_requirements(struct gen *g)
{
	if (requirement_ensure_default(g->db, g->a, &g->e))
		die(g, "requirement_ensure_default");
}

static int64_t w_asset(struct gen *g, const struct auth *who, const struct asset_input *in)
{
	int64_t id;
	if (asset_create(g->db, g->a, who, in, &id, &g->e))
		die(g, "asset_create");
	return id;
}

static void w_asset_update(struct gen *g, const struct auth *who, int64_t id, int64_t version,
			   const struct asset_input *in)
{
	if (asset_update(g->db, g->a, who, w_asset_get(g, id), version, in, NULL, &g->e))
		die(g, "asset_update");
}

static void w_link(struct gen *g, const struct auth *who, int64_t from, int64_t to, const char *kind)
{
	if (asset_link_add(g->db, g->a, who, w_asset_get(g, from), to, kind, NULL, &g->e))
		die(g, "asset_link_add");
}

static int64_t w_classify(struct gen *g, const struct auth *who, int64_t asset_id, const struct class_input *in)
{
	int64_t id;
	if (classify_create(g->db, g->a, who, w_asset_get(g, asset_id), in, &id, NULL, &g->e))
		die(g, "classify_create");
	return id;
}

static void w_sign(struct gen *g, const struct auth *who, int64_t classification_id)
{
	struct classification c;
	if (classify_get(g->db, g->a, classification_id, &c, &g->e))
		die(g, "classify_get");
	if (classify_sign(g->db, g->a, who, w_asset_get(g, c.asset_id), &c, &g->e))
		die(g, "classify_sign");
}

static void w_assess(struct gen *g, const struct auth *who, int64_t asset_id, int64_t req_id, int64_t version,
		     const struct asset_requirement_input *in)
{
	if (asset_requirement_set(g->db, g->a, who, w_asset_get(g, asset_id), req_id, version, in, NULL, &g->e))
		die(g, "asset_requirement_set");
}

static int64_t w_action(struct gen *g, const struct auth *who, int64_t asset_id, int64_t req_id)
{
	int64_t id;
	if (activity_create_from_requirement(g->db, g->a, who, who ? who->lang : LANG_SV, w_asset_get(g, asset_id),
					     req_id, &id, &g->e))
		die(g, "activity_create_from_requirement");
	return id;
}

static void w_action_update(struct gen *g, const struct auth *who, const struct activity *before,
			    const struct activity_input *in)
{
	if (activity_update(g->db, g->a, who, before, before->version, in, NULL, &g->e))
		die(g, "activity_update");
}

/* --- names ------------------------------------------------------------------ */

static uint64_t name_key(int unit, const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(unit + 1) * 0x9e3779b97f4a7c15ULL;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h ? h : 1;
}

/* Remember (@unit, @name); false when it was taken already. */
static bool name_claim(struct gen *g, int unit, const char *name)
{
	uint64_t k = name_key(unit, name);
	size_t i = (size_t)k & (g->names_cap - 1);
	while (g->names[i]) {
		if (g->names[i] == k)
			return false;
		i = (i + 1) & (g->names_cap - 1);
	}
	g->names[i] = k;
	return true;
}

/* @base, or "@base 2", "@base 3" ... : the first free name in @unit. Lives in @a. */
static const char *unique_name(struct gen *g, struct arena *a, int unit, const char *base)
{
	if (name_claim(g, unit, base))
		return arena_strdup(a, base);
	for (int n = 2;; n++) {
		const char *s = arena_printf(a, "%s %d", base, n);
		if (name_claim(g, unit, s))
			return s;
	}
}

/* A name with one "%s" filled with a district (or the name itself). */
static const char *fill(struct arena *a, const char *tmpl)
{
	if (!strstr(tmpl, "%s"))
		return tmpl;
	/* Build "<before><district><after>" without a non-literal format. */
	const char *at = strstr(tmpl, "%s");
	return arena_printf(a, "%.*s%s%s", (int)(at - tmpl), tmpl, PICK(district), at + 2);
}

/* ASCII user-name form of a Swedish name: lower case, å/ä -> a, ö -> o, é -> e. */
static char *ascii_lower(struct arena *a, const char *s)
{
	struct buf b;
	buf_init(&b, a);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (p[0] == 0xc3 && p[1]) {
			unsigned char c = p[1];
			p++;
			if (c == 0xa5 || c == 0xa4 || c == 0x85 || c == 0x84)
				buf_addch(&b, 'a');
			else if (c == 0xb6 || c == 0x96)
				buf_addch(&b, 'o');
			else if (c == 0xa9 || c == 0x89)
				buf_addch(&b, 'e');
			continue;
		}
		if (*p >= 'A' && *p <= 'Z')
			buf_addch(&b, (char)(*p - 'A' + 'a'));
		else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			buf_addch(&b, (char)*p);
		else if (*p == ' ' || *p == '-')
			buf_addch(&b, '-');
	}
	return b.data;
}

/* --- set-up: organisations, units, people ------------------------------------ */

static int add_unit(struct gen *g, const struct auth *who, int org, int admin, int parent, const char *kind,
		    const char *name, const char *code, const char *prefix, double weight)
{
	struct g_unit *u;
	/* Sibling names are unique: the key space of unit names is apart from that of assets (-10 - parent). */
	const char *nm = unique_name(g, g->perm, -10 - parent, name);
	struct unit_input in = {
		parent < 0 ? 0 : g->units[parent].id,
		kind,
		nm,
		code,
		prefix,
		parent < 0 ? arena_printf(g->a, "registrator@%s.example", ascii_lower(g->a, g->orgs[org].place)) : ""
	};

	g->units = grow(g->units, &g->cap_units, g->n_units + 1, sizeof(*g->units));
	u = &g->units[g->n_units];
	u->id = w_unit(g, who, &in);
	u->org = org;
	u->admin = admin;
	u->name = nm;
	u->code = arena_strdup(g->perm, code);
	u->kind = kind;
	u->weight = weight;
	return (int)g->n_units++;
}

static int add_user(struct gen *g, const struct auth *who, const char *username, const char *first, const char *last,
		    const char *domain, bool real_hash)
{
	struct g_user *u;
	const char *display = arena_printf(g->perm, "%s %s", first, last);
	struct user_input in = { username, display, arena_printf(g->a, "%s@%s.example", username, domain),
				 chance(0.05) ? "en" : "sv", true };

	user_set_fast_hash(!real_hash);
	g->users = grow(g->users, &g->cap_users, g->n_users + 1, sizeof(*g->users));
	u = &g->users[g->n_users];
	memset(u, 0, sizeof(*u));
	u->auth.user_id = w_user(g, who, &in, g->password);
	u->auth.username = arena_strdup(g->perm, username);
	u->auth.display_name = display;
	u->auth.lang = strcmp(in.lang, "en") ? LANG_SV : LANG_EN;
	return (int)g->n_users++;
}

/* A person with a made-up Swedish name and a unique user name. */
static int add_person(struct gen *g, const struct auth *who, const char *domain)
{
	const char *first = PICK(first_names), *last = PICK(surnames);
	const char *base = arena_printf(g->a, "%s.%s", ascii_lower(g->a, first), ascii_lower(g->a, last));
	const char *username = base;
	for (int n = 2; !name_claim(g, -3, username); n++)
		username = arena_printf(g->a, "%s%d", base, n);
	return add_user(g, who, username, first, last, domain, false);
}

static void load_grants(struct gen *g, int user)
{
	if (auth_load_grants(g->db, g->perm, &g->users[user].auth, &g->e))
		die(g, "auth_load_grants");
}

static void grant(struct gen *g, const struct auth *who, int user, int unit, const char *role)
{
	w_grant(g, who, g->users[user].auth.user_id, unit < 0 ? 0 : g->units[unit].id, role);
}

/* Boards, administrations, units and people of organisation @o with @n_units units in all. */
static void build_org(struct gen *g, const struct auth *who, int o, int n_units, time_t t)
{
	struct g_org *org = &g->orgs[o];
	const char *dom = ascii_lower(g->perm, org->place);
	int n_boards = n_units / 12;
	int made, root, unit_seq = 0;
	int board_units[COUNT(areas)];

	if (n_boards < 3)
		n_boards = 3;
	if (n_boards > (int)COUNT(areas))
		n_boards = (int)COUNT(areas);
	clock_at(working(t));
	root = add_unit(g, who, o, -1, -1, "organisation", arena_printf(g->a, "%s kommun", org->place),
			arena_printf(g->a, "K%03d", o + 1), "", 0);
	org->id = g->units[root].id;
	org->first_unit = root;
	org->first_admin = (int)g->n_admins;
	made = 1;
	/* A board and its administration per area. */
	for (int b = 0; b < n_boards; b++) {
		const struct area *ar = &areas[b];
		struct g_admin *ad;
		int board = add_unit(g, who, o, -1, root, "board", ar->board,
				     arena_printf(g->a, "K%03d-%s", o + 1, ar->board_code), ar->board_code, 0);
		int adm;
		board_units[b] = board;
		g->admins = grow(g->admins, &g->cap_admins, g->n_admins + 1, sizeof(*g->admins));
		adm = add_unit(g, who, o, (int)g->n_admins, board, "administration", ar->admin,
			       arena_printf(g->a, "K%03d-%s", o + 1, ar->admin_code), ar->board_code, 0.3);
		ad = &g->admins[g->n_admins++];
		memset(ad, 0, sizeof(*ad));
		ad->unit = adm;
		ad->board = board;
		ad->area = b;
		made += 2;
	}
	org->n_admins = (int)g->n_admins - org->first_admin;
	/* A municipal company and a federation under the executive board in larger organisations. */
	if (n_units - made > 20) {
		add_unit(g, who, o, org->first_admin, board_units[0], "company",
			 arena_printf(g->a, "%s Energi AB", org->place), arena_printf(g->a, "K%03d-EAB", o + 1), "",
			 0.5);
		add_unit(g, who, o, org->first_admin, board_units[0], "federation",
			 arena_printf(g->a, "Räddningstjänstförbundet %s", org->place),
			 arena_printf(g->a, "K%03d-RTF", o + 1), "", 0.5);
		made += 2;
	}
	/* The rest: units under the administrations, a third of them one level deeper. */
	while (made < n_units) {
		int ai = org->first_admin + (int)rnd_below((size_t)org->n_admins);
		const struct area *ar = &areas[g->admins[ai].area];
		int parent = g->admins[ai].unit;
		const char *name = fill(g->a, ar->units[rnd_below(ar->n_units)]);
		/* Pick an existing unit of the administration as the parent now and then. */
		if (chance(0.33)) {
			int first = org->first_unit, last = (int)g->n_units - 1;
			int tries = 8;
			while (tries--) {
				int cand = first + (int)rnd_below((size_t)(last - first + 1));
				if (g->units[cand].admin == ai && !strcmp(g->units[cand].kind, "unit")) {
					parent = cand;
					name = arena_printf(g->a, "%s, %s", g->units[cand].name, PICK(district));
					break;
				}
			}
		}
		add_unit(g, who, o, ai, parent, "unit", name, arena_printf(g->a, "K%03d-%04d", o + 1, ++unit_seq), "",
			 0.2 + 3.0 * pow(rnd_unit(), 2.0));
		made++;
	}
	org->n_units = (int)g->n_units - org->first_unit;

	/* People: who runs the organisation, owners and system administrators per administration, readers. */
	clock_at(working(t + DAY));
	org->local_admin = add_person(g, who, dom);
	grant(g, who, org->local_admin, root, "administrator");
	org->coordinator = add_person(g, who, dom);
	grant(g, who, org->coordinator, root, "coordinator");
	grant(g, who, add_person(g, who, dom), root, "dpo");
	if (chance(0.7))
		grant(g, who, add_person(g, who, dom), root, "auditor");
	for (int i = 0; i < org->n_admins; i++) {
		struct g_admin *ad = &g->admins[org->first_admin + i];
		ad->n_owners = 2 + (int)rnd_below(3);
		for (int k = 0; k < ad->n_owners; k++) {
			ad->owners[k] = add_person(g, who, dom);
			grant(g, who, ad->owners[k], ad->board, "owner");
		}
		ad->n_sysadm = 1 + (int)rnd_below(2);
		for (int k = 0; k < ad->n_sysadm; k++) {
			ad->sysadm[k] = add_person(g, who, dom);
			grant(g, who, ad->sysadm[k], ad->unit, "reader");
		}
	}
	for (int u = org->first_unit; u < org->first_unit + org->n_units; u++)
		if (!strcmp(g->units[u].kind, "unit") && chance(0.3))
			grant(g, who, add_person(g, who, dom), u, "reader");
	load_grants(g, org->coordinator);
	load_grants(g, org->local_admin);
	for (int i = 0; i < org->n_admins; i++)
		for (int k = 0; k < g->admins[org->first_admin + i].n_owners; k++)
			load_grants(g, g->admins[org->first_admin + i].owners[k]);

	/* Cumulative unit weights, to place assets. */
	org->cum = arena_calloc(g->perm, (size_t)org->n_units, sizeof(double));
	double sum = 0;
	for (int k = 0; k < org->n_units; k++) {
		sum += g->units[org->first_unit + k].weight;
		org->cum[k] = sum;
	}

	/* The classification model and question bank (created with their defaults now). */
	if (classify_model_get(g->db, g->perm, org->id, &org->model, &g->e) ||
	    classify_questions(g->db, g->perm, org->id, true, &org->qs, &org->n_qs, &g->e))
		die(g, "classify_model_get");
}

/* A unit of organisation @o, chosen by weight. */
static int pick_unit(struct gen *g, int o)
{
	const struct g_org *org = &g->orgs[o];
	double x = rnd_unit() * org->cum[org->n_units - 1];
	int lo = 0, hi = org->n_units - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (org->cum[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return org->first_unit + lo;
}

/* --- events ------------------------------------------------------------------ */

static bool ev_before(const struct ev *x, const struct ev *y)
{
	return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void schedule(struct gen *g, time_t t, enum ev_type type, size_t asset, int64_t arg)
{
	struct ev ev = { t, g->seq++, (uint8_t)type, (uint32_t)asset, arg };
	size_t i;

	if (t >= g->end)
		return; /* after the end of the simulation: it never happened */
	g->heap = grow(g->heap, &g->cap_heap, g->n_heap + 1, sizeof(*g->heap));
	i = g->n_heap++;
	while (i > 0 && ev_before(&ev, &g->heap[(i - 1) / 2])) {
		g->heap[i] = g->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	g->heap[i] = ev;
}

static struct ev unschedule(struct gen *g)
{
	struct ev top = g->heap[0], last = g->heap[--g->n_heap];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= g->n_heap)
			break;
		if (c + 1 < g->n_heap && ev_before(&g->heap[c + 1], &g->heap[c]))
			c++;
		if (!ev_before(&g->heap[c], &last))
			break;
		g->heap[i] = g->heap[c];
		i = c;
	}
	if (g->n_heap)
		g->heap[i] = last;
	return top;
}

static const struct auth *owner_of(struct gen *g, const struct g_asset *as)
{
	return as->owner >= 0 ? &g->users[as->owner].auth : NULL;
}

static const struct auth *coordinator_of(struct gen *g, const struct g_asset *as)
{
	return &g->users[g->orgs[g->units[as->unit].org].coordinator].auth;
}

static const char *describe(struct gen *g, const char *name, const char *unit_name)
{
	struct buf b;
	int n = (int)rnd_below(4);
	buf_init(&b, g->a);
	buf_addf(&b, "%s som %s använder %s.", name, unit_name, PICK(purposes));
	for (int i = 0; i < n; i++) {
		buf_addch(&b, ' ');
		buf_adds(&b, PICK(remarks));
	}
	return b.data;
}

static const char *company(struct gen *g)
{
	return arena_printf(g->a, "%s%s", PICK(company_head), PICK(company_tail));
}

/* Create asset @i (its kind, unit and owner are chosen here) at @t. */
static void ev_create(struct gen *g, size_t i, int o, time_t t)
{
	static const double kind_cum[ASSET_KIND_COUNT] = { 0.35, 0.60, 0.70, 0.80, 0.92, 1.0 };
	static const double classify_p[ASSET_KIND_COUNT] = { 0.8, 0.8, 0.75, 0.5, 0.5, 0.4 };
	struct g_asset *as = &g->assets[i];
	struct g_unit *u;
	struct g_admin *ad;
	const struct area *ar;
	struct asset_input in = { 0 };
	double x = rnd_unit(), sens;
	const char *base;
	int k = 0;

	while (x >= kind_cum[k])
		k++;
	as->kind = (uint8_t)k;
	as->unit = pick_unit(g, o);
	u = &g->units[as->unit];
	ad = &g->admins[u->admin];
	ar = &areas[ad->area];
	switch (k) {
	case ASSET_INFORMATION_SET:
		base = chance(0.7) ? ar->sets[rnd_below(ar->n_sets)] : PICK(ks_sets);
		break;
	case ASSET_SYSTEM:
		base = chance(0.7) ? ar->systems[rnd_below(ar->n_systems)] : PICK(ks_systems);
		break;
	case ASSET_DIGITAL_SERVICE:
		base = PICK(services);
		break;
	case ASSET_MANUAL:
		base = arena_printf(g->a, "%s, %s", PICK(manuals), u->name);
		break;
	case ASSET_PROCESS:
		base = PICK(processes);
		break;
	default:
		base = company(g);
		break;
	}
	in.unit_id = u->id;
	in.kind = asset_kinds[k];
	in.name = unique_name(g, g->a, as->unit, base);
	in.description = describe(g, in.name, u->name);
	as->owner = k >= ASSET_MANUAL && chance(0.1) ? -1 : ad->owners[rnd_below((size_t)ad->n_owners)];
	if (as->owner < 0)
		as->flags |= F_UNOWNED;
	in.owner_id = as->owner >= 0 ? g->users[as->owner].auth.user_id : 0;
	if (k == ASSET_SYSTEM || k == ASSET_DIGITAL_SERVICE) {
		in.administrator_id = g->users[ad->sysadm[rnd_below((size_t)ad->n_sysadm)]].auth.user_id;
		in.supplier = chance(0.75) ? company(g) : "";
		in.hosting = asset_hostings[1 + rnd_below(ASSET_HOSTING_COUNT - 1)];
		if (!strcmp(in.hosting, "third_country") && chance(0.7))
			in.hosting = "cloud";
	} else {
		in.supplier = k == ASSET_SUPPLIER ? in.name : "";
		in.hosting = "";
	}
	in.personal_data = chance(k == ASSET_INFORMATION_SET ? 0.7 : k == ASSET_SYSTEM ? 0.6 : 0.3);
	in.business_critical = chance(0.25);
	if (in.business_critical)
		as->flags |= F_CRITICAL;
	in.nis2 = chance(ad->area == 3 ? 0.3 : 0.05);
	in.lifecycle = chance(0.06) ? "planned" : "in_use";
	sens = 0.15 + 0.3 * in.personal_data + 0.25 * in.business_critical + 0.2 * in.nis2 + 0.2 * rnd_unit();
	as->sens = (uint8_t)(sens > 1 ? 255 : sens * 255);

	clock_at(t);
	as->id = w_asset(g, coordinator_of(g, as), &in);

	/* Systems, services and processes hold information sets of their administration, and depend on other systems. */
	if (k == ASSET_SYSTEM || k == ASSET_DIGITAL_SERVICE || k == ASSET_PROCESS) {
		int n_hold = ad->n_sets ? (int)rnd_below(3) : 0;
		size_t first = ad->n_sets;
		for (int h = 0; h < n_hold; h++) {
			size_t s = rnd_below(ad->n_sets);
			if (s == first)
				continue;
			first = s;
			w_link(g, coordinator_of(g, as), as->id, g->assets[ad->sets[s]].id, "holds");
			g->n_links++;
		}
		struct g_org *org = &g->orgs[o];
		if (org->n_systems && chance(0.2)) {
			w_link(g, coordinator_of(g, as), as->id, g->assets[org->systems[rnd_below(org->n_systems)]].id,
			       "depends_on");
			g->n_links++;
		}
	}
	if (k == ASSET_INFORMATION_SET) {
		ad->sets = grow(ad->sets, &ad->cap_sets, ad->n_sets + 1, sizeof(int));
		ad->sets[ad->n_sets++] = (int)i;
	} else if (k == ASSET_SYSTEM || k == ASSET_DIGITAL_SERVICE) {
		struct g_org *org = &g->orgs[o];
		org->systems = grow(org->systems, &org->cap_systems, org->n_systems + 1, sizeof(int));
		org->systems[org->n_systems++] = (int)i;
	}

	if (chance(classify_p[k]))
		schedule(g, when(t, 1, 120), EV_CLASSIFY, i, 0);
	if (chance(0.3))
		schedule(g, when(t, 30, 1500), EV_ASSET_UPDATE, i, 0);
}

/* Answer the organisation's questions as someone would for asset @as. */
static void answers_for(struct gen *g, const struct g_org *org, const struct g_asset *as, struct class_input *ci)
{
	struct class_answer *ans = arena_calloc(g->a, org->n_qs ? org->n_qs : 1, sizeof(*ans));
	double sens = as->sens / 255.0;
	double k = (1.0 - sens) * 3.0 + 0.35;
	size_t n = 0;

	for (int a = 0; a < CLASS_N_ASPECTS; a++) {
		ci->requested[a] = -1;
		ci->motivation[a] = NULL;
	}
	for (size_t q = 0; q < org->n_qs; q++) {
		const struct class_question *qu = &org->qs[q];
		size_t idx;
		if (!strcmp(qu->aspect, "traceability") && !org->model.use_traceability)
			continue;
		if (!qu->n_options || chance(0.05))
			continue; /* left unanswered */
		idx = (size_t)(pow(rnd_unit(), k) * (double)qu->n_options);
		if (idx >= qu->n_options)
			idx = qu->n_options - 1;
		ans[n].question_id = qu->id;
		ans[n].option_id = qu->options[idx].id;
		n++;
	}
	ci->answers = ans;
	ci->n_answers = n;
	/* Now and then an owner raises a level above what the answers give, with a reason. */
	if (chance(0.05)) {
		ci->requested[CLASS_A] = org->model.max_level; /* at most the top, and never below the floor */
		ci->motivation[CLASS_A] = "Verksamheten kan inte vara utan systemet under krisberedskap.";
	}
}

static void ev_classify(struct gen *g, const struct ev *ev)
{
	struct g_asset *as = &g->assets[ev->asset];
	const struct g_org *org = &g->orgs[g->units[as->unit].org];
	const struct auth *who = owner_of(g, as) ? owner_of(g, as) : coordinator_of(g, as);
	struct class_input ci = { 0 };

	if (as->flags & F_RETIRED)
		return;
	answers_for(g, org, as, &ci);
	as->draft = w_classify(g, who, as->id, &ci);
	as->n_class++;
	g->n_classified++;
	if (owner_of(g, as) && chance(0.93))
		schedule(g, when(ev->t, 0, 21), EV_SIGN, ev->asset, as->draft);
}

static void ev_sign(struct gen *g, const struct ev *ev)
{
	struct g_asset *as = &g->assets[ev->asset];
	const struct g_org *org = &g->orgs[g->units[as->unit].org];
	int64_t review = org->model.review_months * 30;

	if (as->draft != ev->arg || (as->flags & F_RETIRED))
		return; /* a newer draft came first */
	w_sign(g, owner_of(g, as), as->draft);
	as->draft = 0;
	g->n_signed++;
	if (chance(0.22))
		schedule(g, when(ev->t, 3, 60), EV_ASSESS, ev->asset, 0);
	/* Most are reviewed again before the review date; the rest fall overdue. */
	if (chance(0.65))
		schedule(g, when(ev->t, review > 90 ? review - 60 : 30, review > 90 ? review : 90), EV_CLASSIFY,
			 ev->asset, 0);
}

static void ev_assess(struct gen *g, const struct ev *ev)
{
	struct g_asset *as = &g->assets[ev->asset];
	const struct auth *who = owner_of(g, as);
	struct asset_requirement *ar;
	size_t n;
	double share = 0.1 + 0.3 * rnd_unit(); /* most assess a part at a time */

	if (as->flags & F_RETIRED)
		return;
	if (asset_requirement_list(g->db, g->a, w_asset_get(g, as->id), &ar, &n, &g->e))
		die(g, "asset_requirement_list");
	for (size_t r = 0; r < n; r++) {
		struct asset_requirement_input in = { 0 };
		double x = rnd_unit();
		if (!chance(share))
			continue;
		if (x < 0.45) {
			in.status = "fulfilled";
			in.comment = chance(0.5) ? PICK(req_comments_ok) : "";
			in.evidence_url =
				chance(0.3)
					? arena_printf(g->a, "https://intranat.example/lis/bevis/%" PRId64 "-%" PRId64,
						       as->id, ar[r].req.id)
					: "";
		} else if (x < 0.7) {
			in.status = "partial";
			in.comment = PICK(req_comments_gap);
		} else if (x < 0.9) {
			in.status = "not_fulfilled";
			in.comment = chance(0.7) ? PICK(req_comments_gap) : "";
		} else {
			in.status = "not_applicable";
			in.comment = PICK(req_comments_na);
		}
		in.evidence_url = in.evidence_url ? in.evidence_url : "";
		w_assess(g, who, as->id, ar[r].req.id, ar[r].version, &in);
		g->n_assessed++;
		if ((!strcmp(in.status, "partial") || !strcmp(in.status, "not_fulfilled")) && !ar[r].action_id &&
		    chance(0.15))
			schedule(g, when(ev->t, 1, 45), EV_ACTION, ev->asset, ar[r].req.id);
	}
	/* Some are assessed again a year or so later. */
	if (chance(0.2))
		schedule(g, when(ev->t, 90, 400), EV_ASSESS, ev->asset, 0);
}

static void ev_action(struct gen *g, const struct ev *ev)
{
	struct g_asset *as = &g->assets[ev->asset];
	struct asset_requirement ar;
	int64_t id;

	if (as->flags & F_RETIRED)
		return;
	if (asset_requirement_get(g->db, g->a, w_asset_get(g, as->id), ev->arg, &ar, &g->e))
		die(g, "asset_requirement_get");
	/* Only what is still unmet, and has no action yet, becomes one. */
	if (ar.action_id || (strcmp(ar.status, "partial") && strcmp(ar.status, "not_fulfilled")))
		return;
	id = w_action(g, owner_of(g, as), as->id, ev->arg);
	g->n_actions++;
	if (chance(0.75))
		schedule(g, when(ev->t, 14, 120), EV_ACTION_UPDATE, ev->asset, id);
}

static void ev_action_update(struct gen *g, const struct ev *ev)
{
	static const char *const next[] = { "not_started", "started", "ongoing", "done" };
	struct g_asset *as = &g->assets[ev->asset];
	struct activity ac;
	struct activity_input in;
	size_t k = 0;
	char due[TIME_ISO_LEN];

	if (activity_get(g->db, g->a, ev->arg, &ac, &g->e))
		die(g, "activity_get");
	while (k < COUNT(next) - 1 && strcmp(next[k], ac.status))
		k++;
	if (k >= COUNT(next) - 1)
		return;
	in = activity_input_of(&ac);
	in.status = next[k + 1];
	if (ac.due_date) {
		in.due_date = ac.due_date;
	} else {
		time_iso(when(ev->t, 30, 365), due);
		due[10] = 0;
		in.due_date = due;
	}
	w_action_update(g, coordinator_of(g, as), &ac, &in);
	g->n_action_updates++;
	if (strcmp(in.status, "done") && chance(0.7))
		schedule(g, when(ev->t, 20, 150), EV_ACTION_UPDATE, ev->asset, ac.id);
}

static void ev_asset_update(struct gen *g, const struct ev *ev)
{
	struct g_asset *as = &g->assets[ev->asset];
	const struct auth *who = chance(0.5) && owner_of(g, as) ? owner_of(g, as) : coordinator_of(g, as);
	struct asset cur;
	struct asset_input in;

	if (as->flags & F_RETIRED)
		return;
	if (asset_get(g->db, g->a, as->id, &cur, &g->e))
		die(g, "asset_get");
	in = (struct asset_input){
		cur.unit_id,  cur.kind,    cur.name,          cur.description,       cur.owner_id, cur.administrator_id,
		cur.supplier, cur.hosting, cur.personal_data, cur.business_critical, cur.nis2,     cur.lifecycle,
		cur.vital
	};
	if (chance(0.15)) {
		in.lifecycle = "retired";
		as->flags |= F_RETIRED;
		g->n_retired++;
	} else if (chance(0.2)) {
		in.lifecycle = "phasing_out";
	} else {
		in.lifecycle = "in_use";
		in.description = arena_printf(g->a, "%s %s", cur.description ? cur.description : "", PICK(remarks));
		if (strlen(in.description) > 2000)
			in.description = cur.description;
	}
	w_asset_update(g, who, as->id, cur.version, &in);
	g->n_updates++;
}

/* --- incidents ------------------------------------------------------------------
 *
 * About one incident report for every ten assets, over the years. Each goes
 * through the steps people take, each an event at its own time: reported by
 * an owner of an administration's systems (stage 0); triaged
 * by the coordinator within a day, most made incidents of one or more kinds,
 * some closed with a reason, the awareness time, category and affected
 * systems entered, and the notification duties decided (stage 1); the
 * notifications filed, now and then later than the statute allows and then
 * with the reasons (stage 2); closed with lessons learned, the CSIRT's final
 * report and sometimes a follow-up action (stage 3). A step that falls after
 * the end of the simulation never happens, so the newest incidents are open,
 * some with a clock missed. ev->asset holds org * 4 + stage, ev->arg the
 * incident.
 */

static const char *const incident_titles[] = {
	"Mejl med personuppgifter till fel mottagare",
	"Borttappad dator",
	"Nätfiskemejl med länk klickad",
	"Obehörig åtkomst till journalsystem",
	"Utskrift i fel brevlåda",
	"Avbrott i e-tjänst",
	"Skadlig kod på arbetsplatsdator",
	"Lösenord delat i chatt",
	"Fel behörighet i verksamhetssystem",
	"Stulen mobiltelefon",
	"Pärm kvarglömd på buss",
	"Felaktig uppgift i register",
	"Leverantörens driftstopp",
	"Överbelastningsangrepp mot webbplatsen",
};

static const char *const incident_reasons_no[] = {
	"Ej anmäld till IMY: osannolikt att den medför en risk, eftersom mottagaren raderade uppgifterna direkt.",
	"Ej anmäld: uppgifterna var krypterade och nyckeln har inte röjts.",
	"Ej anmäld: endast namn och arbetstelefon, som redan är offentliga.",
};

static void incident_stage(struct gen *g, time_t t, int o, int stage, int64_t id)
{
	schedule(g, t, EV_INCIDENT, (size_t)o * 4 + (size_t)stage, id);
}

/* Schedule the reports: about one for every ten assets, spread over the years. */
static void schedule_incidents(struct gen *g, size_t n_assets)
{
	size_t n = n_assets / 10;
	for (size_t i = 0; i < n; i++) {
		time_t t = working(g->start + 60 * DAY + (time_t)(rnd_unit() * (double)(g->end - g->start - 60 * DAY)));
		incident_stage(g, t, (int)rnd_below(g->n_orgs), 0, 0);
	}
}

static const struct auth *coordinator_in(struct gen *g, int o)
{
	return &g->users[g->orgs[o].coordinator].auth;
}

static struct incident incident_read(struct gen *g, int64_t id)
{
	struct incident inc;
	if (incident_get(g->db, g->a, id, &inc, &g->e))
		die(g, "incident_get");
	return inc;
}

static const char *iso_at(struct gen *g, time_t t)
{
	char buf[TIME_ISO_LEN];
	time_iso(t, buf);
	return arena_strdup(g->a, buf);
}

/* Stage 0: an owner or system administrator of an administration reports. */
static void incident_report_ev(struct gen *g, const struct ev *ev, int o)
{
	const struct g_org *org = &g->orgs[o];
	const struct g_admin *ad = &g->admins[org->first_admin + (int)rnd_below((size_t)org->n_admins)];
	int who = ad->n_owners ? ad->owners[rnd_below((size_t)ad->n_owners)] : org->coordinator;
	struct incident_report rep = { 0 };
	time_t occurred = (time_t)ev->t - (time_t)rnd_range(600, 3 * DAY);
	const char *receipt;
	int64_t id;

	rep.unit_id = g->units[ad->unit].id;
	rep.title = PICK(incident_titles);
	rep.description = arena_printf(g->a, "%s. %s", rep.title, PICK(remarks));
	rep.occurred_at = iso_at(g, occurred);
	rep.discovered_at = iso_at(g, occurred + (time_t)rnd_range(0, (time_t)ev->t - occurred));
	if (incident_report(g->db, g->a, &g->users[who].auth, &rep, &id, &receipt, &g->e))
		die(g, "incident_report");
	g->n_incidents++;
	incident_stage(g, (time_t)ev->t + (time_t)rnd_range(1800, 20 * 3600), o, 1, id);
}

/* Stage 1: triage, the facts, the affected systems and the decisions on the duties. */
static void incident_triage_ev(struct gen *g, const struct ev *ev, int o)
{
	const struct auth *coord = coordinator_in(g, o);
	struct incident inc = incident_read(g, ev->arg);
	struct incident_input in;
	struct incident_duty *ds;
	bool kinds[INCIDENT_KIND_COUNT] = { chance(0.6), chance(0.45), chance(0.3), chance(0.06) };
	size_t n;

	if (chance(0.12)) {
		bool none[INCIDENT_KIND_COUNT] = { false };
		if (incident_triage(g->db, g->a, coord, &inc, inc.version, "dismiss", none,
				    "Ingen incident: händelsen var planerat underhåll.", NULL, &g->e))
			die(g, "incident_triage");
		return;
	}
	if (!kinds[0] && !kinds[1] && !kinds[2] && !kinds[3])
		kinds[0] = true;
	if (incident_triage(g->db, g->a, coord, &inc, inc.version, "incident", kinds, "", NULL, &g->e))
		die(g, "incident_triage");
	inc = incident_read(g, ev->arg);
	in = incident_input_of(&inc);
	in.aware_at = iso_at(g, (time_t)ev->t - (time_t)rnd_range(0, 1800));
	in.category_id = (int64_t)rnd_range(1, 10);
	in.severity = PICK(((const char *const[]){ "low", "medium", "medium", "high", "critical" }));
	in.aspect_c = chance(0.7);
	in.aspect_i = chance(0.2);
	in.aspect_a = chance(0.3);
	if (in.kind_breach) {
		in.subject_categories = "Elever, vårdnadshavare";
		in.subjects_approx = rnd_range(1, 400);
		in.records_approx = in.subjects_approx * rnd_range(1, 5);
		in.data_kinds = "Namn, personnummer, kontaktuppgifter";
		in.consequences = "Risk för identitetsstöld och obehag för de registrerade.";
		in.measures = "Mottagaren ombedd att radera; rutinen för utskick ses över.";
	}
	in.malicious = chance(0.3);
	if (incident_update(g->db, g->a, coord, &inc, inc.version, &in, NULL, NULL, &g->e))
		die(g, "incident_update");
	inc = incident_read(g, ev->arg);
	if (g->orgs[o].n_systems && chance(0.7)) {
		int64_t asset = g->assets[g->orgs[o].systems[rnd_below(g->orgs[o].n_systems)]].id;
		if (incident_asset_add(g->db, g->a, coord, &inc, asset, &g->e))
			die(g, "incident_asset_add");
	}
	if (incident_duties(g->db, g->a, &inc, time_now(), &ds, &n, &g->e))
		die(g, "incident_duties");
	for (size_t i = 0; i < n; i++) {
		struct incident_notification_input ni = { 0 };
		bool no = !strcmp(ds[i].n.regime, "gdpr33")   ? chance(0.5)
			  : !strcmp(ds[i].n.regime, "gdpr34") ? chance(0.8)
							      : chance(0.1);
		ni.decision = no ? "no" : "yes";
		ni.reason = no ? PICK(incident_reasons_no) : "";
		if (incident_duty_decide(g->db, g->a, coord, &inc, ds[i].n.id, ds[i].n.version, &ni, NULL, &g->e))
			die(g, "incident_duty_decide");
	}
	/* The notifications: mostly in time, now and then late. */
	incident_stage(g, (time_t)ev->t + (time_t)rnd_range(2 * 3600, chance(0.85) ? 40 * 3600 : 110 * 3600), o, 2,
		       ev->arg);
}

static void incident_file(struct gen *g, const struct auth *who, const struct incident *inc,
			  const struct incident_duty *d, const char *stage, time_t t, const char *delay)
{
	struct incident_filing_input fi = { 0 };
	fi.stage = stage;
	fi.filed_at = iso_at(g, t);
	fi.reference = !strcmp(stage, "initial") || !strcmp(stage, "early_warning")
			       ? arena_printf(g->a, "DI-%d-%05d", 2020 + (int)rnd_below(7), (int)rnd_below(99999))
			       : NULL;
	fi.delay_reason = delay;
	if (incident_filing_add(g->db, g->a, who, inc, d->n.id, &fi, NULL, &g->e))
		die(g, "incident_filing_add");
	g->n_filings++;
}

/* Stage 2: what applies is filed. */
static void incident_file_ev(struct gen *g, const struct ev *ev, int o)
{
	const struct auth *coord = coordinator_in(g, o);
	struct incident inc = incident_read(g, ev->arg);
	struct incident_duty *ds;
	time_t aware, now = (time_t)ev->t;
	size_t n;

	if (!time_parse_iso(inc.aware_at, &aware) || incident_duties(g->db, g->a, &inc, now, &ds, &n, &g->e))
		die(g, "incident_duties");
	for (size_t i = 0; i < n; i++) {
		const struct incident_duty *d = &ds[i];
		/* Now and then a notification is forgotten: its clock stays missed. */
		if (strcmp(d->n.decision, "yes") || chance(0.04))
			continue;
		if (!strcmp(d->n.regime, "gdpr33"))
			incident_file(g, coord, &inc, d, "initial", now,
				      now > aware + 72 * 3600
					      ? "Omfattningen kunde inte bedömas förrän leverantören svarat."
					      : NULL);
		else if (!strcmp(d->n.regime, "gdpr34"))
			incident_file(g, coord, &inc, d, "communication", now, NULL);
		else if (!strcmp(d->n.regime, "csirt")) {
			incident_file(g, coord, &inc, d, "early_warning", now, NULL);
			incident_file(g, coord, &inc, d, "notification", now, NULL);
		}
	}
	incident_stage(g, now + (time_t)rnd_range(20 * DAY, 60 * DAY), o, 3, ev->arg);
}

/* Stage 3: remedied and closed, with lessons learned; the CSIRT's final report; a follow-up action now and then. */
static void incident_close_ev(struct gen *g, const struct ev *ev, int o)
{
	const struct auth *coord = coordinator_in(g, o);
	struct incident inc = incident_read(g, ev->arg);
	struct incident_input in;
	struct incident_duty *ds;
	size_t n;

	if (incident_duties(g->db, g->a, &inc, (time_t)ev->t, &ds, &n, &g->e))
		die(g, "incident_duties");
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ds[i].n.regime, "csirt") && !strcmp(ds[i].n.decision, "yes") && ds[i].clocks[1].done)
			incident_file(g, coord, &inc, &ds[i], "final", (time_t)ev->t, NULL);
	in = incident_input_of(&inc);
	in.status = "closed";
	in.ended_at = inc.aware_at;
	in.lessons = "Rutinen har setts över och personalen informerats.";
	in.cause = "Mänskligt misstag i en manuell rutin.";
	if (incident_update(g->db, g->a, coord, &inc, inc.version, &in, NULL, NULL, &g->e))
		die(g, "incident_update");
	if (chance(0.3) && incident_activity_create(g->db, g->a, coord, LANG_SV, &inc, "Se över rutinen",
						    "Efter incidenten.", 0, NULL, NULL, &g->e))
		die(g, "incident_activity_create");
}

static void ev_incident(struct gen *g, const struct ev *ev)
{
	int o = (int)(ev->asset / 4), stage = (int)(ev->asset % 4);
	if (stage == 0)
		incident_report_ev(g, ev, o);
	else if (stage == 1)
		incident_triage_ev(g, ev, o);
	else if (stage == 2)
		incident_file_ev(g, ev, o);
	else
		incident_close_ev(g, ev, o);
}

static void run_event(struct gen *g, const struct ev *ev)
{
	clock_at((time_t)ev->t);
	switch (ev->type) {
	case EV_CLASSIFY:
		ev_classify(g, ev);
		break;
	case EV_SIGN:
		ev_sign(g, ev);
		break;
	case EV_ASSESS:
		ev_assess(g, ev);
		break;
	case EV_ACTION:
		ev_action(g, ev);
		break;
	case EV_ACTION_UPDATE:
		ev_action_update(g, ev);
		break;
	case EV_INCIDENT:
		ev_incident(g, ev);
		break;
	default:
		ev_asset_update(g, ev);
		break;
	}
}

/* --- the whole run -------------------------------------------------------------- */

struct create_slot {
	int64_t t;
	uint32_t asset;
	uint16_t org;
};

static int slot_cmp(const void *x, const void *y)
{
	const struct create_slot *p = x, *q = y;
	if (p->t != q->t)
		return p->t < q->t ? -1 : 1;
	return p->asset < q->asset ? -1 : p->asset > q->asset;
}

/* --- risk analyses, continuity plans and exercises ---------------------------------------- */

static const char *const risk_vulns[] = {
	"Behörigheter ses inte över regelbundet.",
	"Säkerhetskopior testas inte genom återläsning.",
	"Systemet saknar stöd för tvåfaktorsinloggning.",
	"Leverantörens avtal saknar krav på incidentrapportering.",
	"Reservrutinerna är inte dokumenterade.",
	"Loggar sparas bara i trettio dagar.",
	"Kunskapen finns hos en enda person.",
	"Serverrummet saknar reservkraft.",
	"Uppdateringar installeras sällan.",
	"Information skickas okrypterat med e-post.",
};
static const char *const risk_consequences[] = {
	"Verksamheten kan inte fatta beslut i ärenden under flera dagar.",
	"Personuppgifter om invånare röjs.",
	"Utbetalningar blir fel eller försenade.",
	"Kommunens förtroende skadas.",
	"Uppgifter går förlorade och måste registreras om.",
};
static const char *const rsa_parts[7] = {
	"Kommunen har en blandning av tätort och landsbygd med kust och skog.",
	"Analysen har tagits fram i arbetsgrupper med förvaltningarna och kommunens bolag.",
	"Vård och omsorg, vattenförsörjning, skola och kommunikation är samhällsviktiga.",
	"Verksamheterna är beroende av el, tele, it-drift och transporter.",
	"Långvarigt elavbrott, it-angrepp, pandemi och översvämning har analyserats.",
	"Kontinuitetsplaner saknas för flera verksamheter och övningar genomförs sällan.",
	"Kontinuitetsplaner tas fram och övas; reservkraft ses över.",
};

/* The clock of this part: from 400 days before the end, forward a little with each record. */
static time_t risk_tick(struct gen *g, time_t *t)
{
	*t += (time_t)rnd_range(600, 7200);
	if (*t > g->end)
		*t = g->end;
	clock_at(working(*t));
	return *t;
}

/* A random asset of organisation @o that is neither retired nor unknown, or -1. */
static int org_asset(struct gen *g, int o)
{
	for (int tries = 0; tries < 20 && g->orgs[o].n_systems; tries++) {
		int i = g->orgs[o].systems[rnd_below(g->orgs[o].n_systems)];
		if (!(g->assets[i].flags & F_RETIRED) && g->assets[i].id)
			return i;
	}
	return -1;
}

/*
 * Risk analyses with their risks (one risk per four assets, ten to an
 * analysis, in the organisation's administrations; threats from the
 * catalogue; treatments, residual levels, owners and the assets they
 * concern), and each organisation's RSA for the terms after 2022 and 2026.
 */
static void gen_risks(struct gen *g)
{
	struct risk_threat *threats;
	size_t n_threats;
	time_t t = g->end - 400 * DAY;
	size_t n_risks = g->n_assets / 4 ? g->n_assets / 4 : 10;
	static const char *const treatments[] = { "", "reduce", "reduce", "reduce", "accept", "transfer", "avoid" };

	struct arena *aa = NULL; /* the analysis its risks are added to */

	batch_open(g);
	if (risk_threat_list(g->db, g->perm, false, NULL, &threats, &n_threats, &g->e) || !n_threats)
		die(g, "risk_threat_list");
	for (size_t o = 0; o < g->n_orgs; o++) {
		struct g_org *org = &g->orgs[o];
		const struct auth *coord = &g->users[org->coordinator].auth;
		for (int year = 2022; year <= 2026; year += 4) {
			struct risk_analysis_input in = { 0 };
			in.unit_id = org->id;
			in.kind = "rsa";
			in.title = arena_printf(g->a, "Risk- och sårbarhetsanalys %s kommun %d–%d", org->place,
						year + 1, year + 4);
			risk_tick(g, &t);
			in.analysis_date = arena_printf(g->a, "%d-09-15", year == 2026 ? 2026 : year + 1);
			in.status = year == 2022 ? "done" : "ongoing";
			in.election_year = year;
			in.method = "Workshopar med förvaltningarna enligt MCF:s (tidigare MSB) vägledning.";
			for (size_t k = 0; k < 7; k++)
				in.sections[k] = year == 2022 || k < 3 ? rsa_parts[k] : NULL;
			if (risk_analysis_create(g->db, g->a, coord, &in, NULL, &g->e))
				die(g, "risk_analysis_create (RSA)");
			g->n_analyses++;
		}
		batch_tick(g);
	}
	for (size_t made = 0; made < n_risks;) {
		int o = (int)rnd_below(g->n_orgs);
		struct g_org *org = &g->orgs[o];
		struct g_admin *ad = &g->admins[org->first_admin + (int)rnd_below((size_t)org->n_admins)];
		const struct auth *coord = &g->users[org->coordinator].auth;
		struct risk_analysis_input in = { 0 };
		struct risk_analysis an;
		int64_t an_id;
		int n = 6 + (int)rnd_below(9);

		in.unit_id = g->units[ad->unit].id;
		in.title = arena_printf(g->a, "Riskanalys %s %zu", g->units[ad->unit].name, made / 10 + 1);
		{
			char day[TIME_ISO_LEN];
			time_iso(risk_tick(g, &t), day);
			in.analysis_date = arena_strndup(g->a, day, 10);
		}
		in.scope_kind = "unit";
		in.status = chance(0.6) ? "done" : "ongoing";
		in.participants = "Verksamhetens chef, systemägare, informationssäkerhetssamordnare";
		/* In an arena of its own: batch_tick() below renews g->a while its risks are added. */
		arena_free(aa);
		aa = arena_new();
		if (risk_analysis_create(g->db, g->a, coord, &in, &an_id, &g->e) ||
		    risk_analysis_get(g->db, aa, an_id, &an, &g->e))
			die(g, "risk_analysis_create");
		g->n_analyses++;
		for (int k = 0; k < n && made < n_risks; k++, made++) {
			struct risk_input ri = { 0 };
			struct risk kk;
			int64_t id;
			int asset = org_asset(g, o);
			const struct risk_threat *th = &threats[rnd_below(n_threats)];
			ri.threat_id = th->id;
			ri.vulnerability = PICK(risk_vulns);
			ri.consequence_text = PICK(risk_consequences);
			ri.likelihood = 1 + (int64_t)rnd_below(4);
			ri.consequence = 1 + (int64_t)rnd_below(4);
			ri.treatment = PICK(treatments);
			ri.treatment_reason = *ri.treatment ? "Beslutat i ledningsgruppen." : "";
			ri.owner_id = g->users[ad->owners[rnd_below((size_t)ad->n_owners)]].auth.user_id;
			if (!strcmp(ri.treatment, "accept"))
				ri.accepted_by = coord->user_id;
			if (!strcmp(ri.treatment, "reduce") && chance(0.7)) {
				ri.residual_likelihood = ri.likelihood > 1 ? ri.likelihood - 1 : 1;
				ri.residual_consequence =
					ri.consequence > 1 && chance(0.5) ? ri.consequence - 1 : ri.consequence;
			}
			risk_tick(g, &t);
			if (risk_create(g->db, g->a, coord, &an, &ri, &id, &g->e))
				die(g, "risk_create");
			g->n_risks++;
			if (asset >= 0) {
				if (risk_get(g->db, g->a, id, &kk, &g->e) ||
				    risk_concern_add(g->db, g->a, coord, &kk, g->assets[asset].id, &g->e))
					die(g, "risk_concern_add");
			}
			batch_tick(g);
		}
	}
	arena_free(aa);
	batch_close(g);
}

/* --- audits and responses ---------------------------------------------------------------------- */

static const char *day_of(struct gen *g, time_t t)
{
	char day[TIME_ISO_LEN];
	time_iso(t, day);
	return arena_strndup(g->a, day, 10);
}

/*
 * Audits over the five years, about one a year per fifteen units of each
 * organisation, each addressed to one to three of its boards with three to
 * eight recommendations; a third follow up an earlier audit, with findings
 * pointing back at its recommendations. Most addressed boards respond: an
 * action area per recommendation and one to three measures each, the older
 * responses approved and some supplemented, a few measures handed over.
 * Measures planned before the end and not done are overdue.
 */
static void gen_audits(struct gen *g)
{
	static const char *const statuses[] = { "done", "done", "done", "ongoing", "ongoing", "planned" };
	static const char *const topics[] = { "IT-säkerhet",       "informationssäkerhet", "dataskydd",
					      "behörigheter",      "kontinuitet",          "intern kontroll",
					      "incidenthantering", "upphandling" };
	struct arena *xa = NULL; /* the audit its recommendations and responses are added to */

	batch_open(g);
	for (size_t o = 0; o < g->n_orgs; o++) {
		struct g_org *org = &g->orgs[o];
		const struct auth *coord = &g->users[org->coordinator].auth;
		int64_t *boards = calloc((size_t)org->n_units + 1, sizeof(*boards)), *audits, *first_rec;
		size_t nb = 0, n_audits = (size_t)(YEARS * (org->n_units / 15 > 4 ? org->n_units / 15 : 4));
		time_t t = g->start + 30 * DAY, step;

		for (int u = org->first_unit; u < org->first_unit + org->n_units; u++)
			if (!strcmp(g->units[u].kind, "board"))
				boards[nb++] = g->units[u].id;
		if (!nb)
			boards[nb++] = org->id;
		audits = calloc(n_audits, sizeof(*audits));
		first_rec = calloc(n_audits, sizeof(*first_rec));
		step = (g->end - 60 * DAY - t) / (time_t)n_audits;
		for (size_t k = 0; k < n_audits; k++) {
			int64_t ab[3], recs[8], resp;
			size_t nab = 1 + rnd_below(3), nrec = 3 + rnd_below(6);
			struct inspection_input in = { 0 };
			struct inspection x;

			t += step;
			clock_at(working(t));
			/* In an arena of its own: batch_tick() below renews g->a while its responses are added. */
			arena_free(xa);
			xa = arena_new();
			for (size_t i = 0; i < nab; i++) {
				ab[i] = boards[rnd_below(nb)];
				for (size_t j = 0; j < i; j++)
					if (ab[j] == ab[i])
						ab[i--] = 0, nab--;
			}
			in.unit_id = org->id;
			in.auditor_kind = chance(0.8) ? "municipal" : chance(0.5) ? "external" : "imy";
			in.auditor = !strcmp(in.auditor_kind, "municipal") ? "Stadsrevisionen" : "Revisionsbyrån AB";
			in.title = arena_printf(xa, "Granskning av %s %zu", PICK(topics), k + 1);
			in.report_date = arena_strdup(xa, day_of(g, t));
			in.case_ref = arena_printf(xa, "REV-%.4s-%zu", in.report_date, k + 1);
			in.scope = "Om nämndernas arbete med informationssäkerhet är tillräckligt.";
			in.assessment = "Nämnderna säkerställer endast till viss del en tillräcklig säkerhet.";
			in.board_ids = ab;
			in.n_board_ids = nab;
			if (k > 3 && chance(0.33))
				in.follows_id = audits[rnd_below(k)];
			if (inspection_create(g->db, g->a, coord, &in, &audits[k], &g->e) ||
			    inspection_get(g->db, xa, audits[k], &x, &g->e))
				die(g, "inspection_create");
			g->n_audits++;
			for (size_t r = 0; r < nrec; r++) {
				struct recommendation_input ri = { .number = (int64_t)r + 1,
								   .board_ids = &ab[r % nab],
								   .n_board_ids = 1 };
				ri.text = arena_printf(g->a, "Nämnden bör säkerställa att %s följs upp (%zu).",
						       PICK(topics), r + 1);
				ri.status = t < g->end - 700 * DAY && chance(0.7) ? "closed" : "open";
				if (recommendation_create(g->db, g->a, coord, &x, &ri, &recs[r], &g->e))
					die(g, "recommendation_create");
				g->n_recommendations++;
			}
			first_rec[k] = recs[0];
			if (in.follows_id) {
				size_t f = 0;
				while (audits[f] != in.follows_id)
					f++;
				for (int i = 0; i < 3; i++) {
					struct finding_input fi = { .area = PICK(topics),
								    .result = "Arbetet pågår men är inte slutfört.",
								    .recommendation_id = first_rec[f] };
					if (finding_create(g->db, g->a, coord, &x, &fi, NULL, &g->e))
						die(g, "finding_create");
				}
			}
			for (size_t i = 0; i < nab; i++) {
				struct response_input si = { .unit_id = ab[i], .addressee = "Revisorskollegiet" };
				struct audit_response s;
				if (!chance(0.8))
					continue;
				si.response_date = in.report_date;
				si.title = arena_printf(g->a, "Yttrande över %s", in.title);
				si.summary = "Nämnden delar revisorernas bedömning och redovisar sina åtgärder nedan.";
				if (response_create(g->db, g->a, coord, &x, &si, &resp, &g->e) ||
				    response_get(g->db, g->a, resp, &s, &g->e))
					die(g, "response_create");
				g->n_responses++;
				for (size_t r = 0; r < nrec; r++) {
					struct action_area_input ai = { .number = (int64_t)r + 1,
									.recommendation_ids = &recs[r],
									.n_recommendation_ids = 1 };
					int64_t area;
					ai.heading = arena_printf(g->a, "Åtgärdsområde för rekommendation %zu", r + 1);
					ai.decided_action = "Stadskontoret får i uppdrag att ta fram en ny rutin.";
					ai.expected_effect = "Tydligare ansvar och bättre uppföljning.";
					ai.actions_taken =
						"- En arbetsgrupp har tillsatts.\n- Ett förslag är på remiss.";
					if (area_create(g->db, g->a, coord, &s, &ai, &area, &g->e))
						die(g, "area_create");
					for (size_t m = 0, nm = 1 + rnd_below(3); m < nm; m++) {
						struct measure_input mi = { .area_id = area, .unit_id = ab[i] };
						mi.title = arena_printf(g->a, "Åtgärd %zu.%zu: ny rutin för %s", r + 1,
									m + 1, PICK(topics));
						mi.status = PICK(statuses);
						mi.planned_date = day_of(g, t + (time_t)rnd_range(60, 700) * DAY);
						mi.comment = chance(0.3) ? "Sker löpande vid behov." : "";
						mi.owner_id = coord->user_id;
						if (measure_create(g->db, g->a, coord, &s, &mi, NULL, &g->e))
							die(g, "measure_create");
						g->n_measures++;
					}
				}
				if (t < g->end - 120 * DAY) {
					int64_t next;
					if (response_approve(g->db, g->a, coord, &s, 1, "Ordförande", si.response_date,
							     &g->e))
						die(g, "response_approve");
					if (chance(0.25)) {
						if (response_get(g->db, g->a, resp, &s, &g->e) ||
						    response_supplement(g->db, g->a, coord, &s, NULL, &next, &g->e))
							die(g, "response_supplement");
						g->n_responses++;
					}
				}
				batch_tick(g);
			}
			batch_tick(g);
		}
		free(boards);
		free(audits);
		free(first_rec);
	}
	arena_free(xa);
	batch_close(g);
}

/*
 * Continuity plans for most business-critical assets (recovery times
 * drawn so that some plans depend on assets that recover more slowly) and
 * exercises that tested them, most of them done.
 */
static void gen_continuity(struct gen *g)
{
	static const int64_t rtos[] = { 4, 8, 24, 48, 72, 168 };
	time_t t = g->end - 300 * DAY;
	int64_t *plan_ids = NULL;
	int *plan_org = NULL;
	size_t n_plans = 0, cap_plans = 0, cap_org = 0;

	batch_open(g);
	for (size_t i = 0; i < g->n_assets; i++) {
		struct g_asset *as = &g->assets[i];
		struct continuity_plan_input in = { 0 };
		const struct g_unit *u;
		int64_t id, rto;
		if (!as->id || !(as->flags & F_CRITICAL) || (as->flags & F_RETIRED) || !chance(0.6))
			continue;
		u = &g->units[as->unit];
		rto = rtos[rnd_below(COUNT(rtos))];
		in.unit_id = u->id;
		in.asset_id = as->id;
		in.title = arena_printf(g->a, "Kontinuitetsplan %zu, %s", i + 1, u->name);
		in.owner_id = as->owner >= 0 ? g->users[as->owner].auth.user_id : 0;
		in.rto_hours = rto;
		in.mto_hours = rto * (1 + (int64_t)rnd_below(3));
		in.rpo_hours = rto > 24 ? 24 : rto;
		in.fallback =
			"1. Meddela verksamheten och kontaktcenter.\n2. Arbeta på papper enligt **reservrutinen**.\n"
			"3. För in uppgifterna i systemet när det fungerar igen.";
		in.contacts = "IT-servicedesk, systemförvaltare, verksamhetens chef";
		{
			char day[TIME_ISO_LEN];
			time_iso(g->end + (time_t)rnd_range(-120, 365) * DAY, day);
			in.review_due = arena_strndup(g->a, day, 10);
		}
		risk_tick(g, &t);
		if (continuity_create(g->db, g->a, coordinator_of(g, as), &in, &id, &g->e))
			die(g, "continuity_create");
		plan_ids = grow(plan_ids, &cap_plans, n_plans + 1, sizeof(*plan_ids));
		plan_org = grow(plan_org, &cap_org, n_plans + 1, sizeof(*plan_org));
		plan_ids[n_plans] = id;
		plan_org[n_plans++] = u->org;
		g->n_plans++;
		batch_tick(g);
	}
	for (size_t k = 0; n_plans && k < n_plans / 8 + 1; k++) {
		size_t first = rnd_below(n_plans);
		int o = plan_org[first];
		struct g_org *org = &g->orgs[o];
		struct exercise_input in = { 0 };
		int64_t plans[3], units[2];
		size_t np = 0;
		for (size_t j = 0; j < 3 && first + j < n_plans; j++)
			if (plan_org[first + j] == o)
				plans[np++] = plan_ids[first + j];
		units[0] = org->id;
		in.unit_id = org->id;
		in.title = arena_printf(g->a, "Övning %zu: %s", k + 1,
					PICK(((const char *const[]){
						"Hela IT-miljön är nere i en månad", "Långvarigt elavbrott",
						"Utpressningsvirus i ärendesystemet", "Leverantören går i konkurs" })));
		risk_tick(g, &t);
		{
			char day[TIME_ISO_LEN];
			time_iso(working(t) - (time_t)rnd_range(1, 30) * DAY, day);
			in.exercise_date = arena_strndup(g->a, day, 10);
		}
		in.kind = exercise_kinds[rnd_below(EXERCISE_KIND_COUNT)];
		in.status = chance(0.85) ? "done" : "planned";
		in.scenario = "Scenariot spelades upp i tre steg under en förmiddag.";
		in.observations = chance(0.7) ? "Kontaktlistorna var inaktuella; reservrutinen fungerade." : "";
		in.resulting_actions = "Uppdatera kontaktlistor. Öva igen om ett år.";
		in.unit_ids = units;
		in.n_unit_ids = 1;
		in.plan_ids = plans;
		in.n_plan_ids = np;
		if (exercise_create(g->db, g->a, &g->users[org->coordinator].auth, &in, NULL, &g->e))
			die(g, "exercise_create");
		g->n_exercises++;
		batch_tick(g);
	}
	batch_close(g);
	free(plan_ids);
	free(plan_org);
}

/*
 * Governing documents and training. Each administration keeps a handful of
 * routines and instructions, each organisation its policy and guidelines,
 * decided over the last four years with reviews every one to three years
 * (so some are overdue). Every fourth user is a manager, every owner a
 * system owner; the basic course is mandatory for both, and most have
 * taken it once in the last three years. Everyone is asked to read and
 * confirm their organisation's policy. Each administration reports its
 * counts per year as well.
 */
static void gen_governance(struct gen *g)
{
	static const char *const kinds[] = { "routine", "instruction", "directive", "routine", "guideline" };
	static const char *const titles[] = { "Rutin för incidenthantering", "Instruktion för behörighetstilldelning",
					      "Anvisning för informationsklassning", "Rutin för säkerhetskopiering",
					      "Riktlinje för lösenord" };
	static const char *const statuses[] = { "in_force", "in_force", "in_force", "under_review", "draft" };
	struct training_group *groups;
	size_t n_groups;
	int64_t managers = 0, owners = 0, course = 0, course2 = 0;
	struct course_input ci = { 0 };
	struct training_group mg = { 0 }, og = { 0 };
	char year[TIME_ISO_LEN], today[TIME_ISO_LEN];

	time_iso(g->end, today);
	today[10] = 0;
	clock_at(g->end);
	batch_open(g);
	/* Documents: the organisation's policy and guidelines, each administration's routines. */
	for (size_t o = 0; o < g->n_orgs; o++) {
		for (int k = 0; k < 4; k++) {
			struct governing_document_input in = { 0 };
			struct governing_document policy;
			char day[TIME_ISO_LEN];
			int64_t doc;
			time_iso(g->end - (time_t)rnd_range(30, 4 * 365) * DAY, day);
			in.unit_id = g->orgs[o].id;
			in.kind = k ? "guideline" : "policy";
			in.title = k ? arena_printf(g->a, "Riktlinje %d för informationssäkerhet", k)
				     : "Informationssäkerhetspolicy";
			in.owner_id = g->users[g->orgs[o].coordinator].auth.user_id;
			in.decided_by = k ? "Kommundirektören" : "Kommunfullmäktige";
			in.decision_date = arena_strndup(g->a, day, 10);
			in.case_ref = arena_printf(g->a, "KS %.4s/%d", day, (int)rnd_range(10, 999));
			in.doc_version = "1.0";
			in.review_months = k ? 24 : 48;
			in.status = "in_force";
			if (governing_document_create(g->db, g->a, NULL, &in, &doc, &g->e))
				die(g, "governing_document_create");
			/* Everyone with a role in the organisation is asked to read its policy. */
			if (!k && (governing_document_get(g->db, g->a, doc, &policy, &g->e) ||
				   governing_document_round_start(g->db, g->a, NULL, &policy, 0, 0, &g->e)))
				die(g, "governing_document_round_start");
			g->n_gdocs++;
			batch_tick(g);
		}
	}
	for (size_t i = 0; i < g->n_units; i++) {
		const struct g_unit *un = &g->units[i];
		const struct g_admin *ad = un->admin >= 0 ? &g->admins[un->admin] : NULL;
		for (size_t k = 0; ad && k < COUNT(titles); k++) {
			struct governing_document_input in = { 0 };
			char day[TIME_ISO_LEN];
			time_iso(g->end - (time_t)rnd_range(30, 4 * 365) * DAY, day);
			in.unit_id = un->id;
			in.kind = kinds[k];
			in.title = arena_printf(g->a, "%s, %s", titles[k], un->name);
			in.owner_id =
				ad->n_owners ? g->users[ad->owners[rnd_below((size_t)ad->n_owners)]].auth.user_id : 0;
			in.decided_by = "Förvaltningschefen";
			in.status = statuses[rnd_below(COUNT(statuses))];
			in.decision_date = strcmp(in.status, "draft") ? arena_strndup(g->a, day, 10) : NULL;
			in.case_ref = arena_printf(g->a, "%s %.4s/%d", un->code ? un->code : "DNR", day,
						   (int)rnd_range(10, 999));
			in.doc_version = chance(0.3) ? "2.0" : "1.0";
			in.review_months = 12 * rnd_range(1, 3);
			if (governing_document_create(g->db, g->a, NULL, &in, NULL, &g->e))
				die(g, "governing_document_create");
			g->n_gdocs++;
			batch_tick(g);
		}
	}
	/* Training: the catalogue, the target groups' members, completions and counts. */
	/* Kept for the run: batch_tick() below renews g->a while members are added. */
	if (training_groups(g->db, g->perm, &groups, &n_groups, &g->e))
		die(g, "training_groups");
	for (size_t i = 0; i < n_groups; i++) {
		if (!strcmp(groups[i].name, "Chefer och ledningsgrupper"))
			mg = groups[i], managers = groups[i].id;
		else if (!strcmp(groups[i].name, "Systemägare"))
			og = groups[i], owners = groups[i].id;
	}
	if (!managers || !owners)
		die(g, "the default target groups");
	{
		int64_t both[2] = { managers, owners };
		ci.title = "Grundkurs i informationssäkerhet";
		ci.provider = "MSB (nationell e-utbildning)";
		ci.length_minutes = 60;
		ci.validity_months = 24;
		ci.group_ids = both;
		ci.n_group_ids = 2;
		if (course_create(g->db, g->a, NULL, &ci, &course, &g->e))
			die(g, "course_create");
		ci = (struct course_input){ .title = "Dataskydd för chefer",
					    .provider = "Kommunen",
					    .length_minutes = 90 };
		ci.group_ids = &managers;
		ci.n_group_ids = 1;
		if (course_create(g->db, g->a, NULL, &ci, &course2, &g->e))
			die(g, "course_create");
	}
	for (size_t u = 0; u < g->n_users; u++) {
		const struct auth *who = &g->users[u].auth;
		bool manager = u % 4 == 0, owner = false;
		int64_t unit = 0;
		for (size_t k = 0; k < who->n_grants; k++) {
			owner = owner || who->grants[k].role == ROLE_OWNER;
			if (!unit && who->grants[k].unit_id)
				unit = who->grants[k].unit_id;
		}
		if (!unit || (!manager && !owner))
			continue;
		if ((manager && training_member_add(g->db, g->a, NULL, &mg, who->user_id, &g->e)) ||
		    (owner && training_member_add(g->db, g->a, NULL, &og, who->user_id, &g->e)))
			die(g, "training_member_add");
		for (int c = 0; c < (manager ? 2 : 1); c++) {
			struct training_completion_input in = { 0 };
			char day[TIME_ISO_LEN];
			if (!chance(0.75))
				continue;
			time_iso(g->end - (time_t)rnd_range(1, 3 * 365) * DAY, day);
			in.course_id = c ? course2 : course;
			in.user_id = who->user_id;
			in.unit_id = unit;
			in.completed_on = arena_strndup(g->a, day, 10);
			in.source = "import";
			if (training_completion_record(g->db, g->a, NULL, &in, today, NULL, &g->e))
				die(g, "training_completion_record");
			g->n_completions++;
		}
		batch_tick(g);
	}
	time_iso(g->end, year);
	for (size_t i = 0; i < g->n_admins; i++) {
		int64_t employed = rnd_range(20, 600);
		for (int y = 0; y < 3; y++) {
			struct training_count_input in = { 0 };
			char period[8];
			snprintf(period, sizeof(period), "%04d", atoi(year) - y);
			in.unit_id = g->units[g->admins[i].unit].id;
			in.course_id = course;
			in.period = period;
			in.employed = employed;
			in.completed = rnd_range(employed / 3, employed);
			if (training_count_record(g->db, g->a, NULL, &in, &g->e))
				die(g, "training_count_record");
			g->n_counts++;
			batch_tick(g);
		}
	}
	batch_close(g);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* --- action plans and the annual wheel ----------------------------------------- */

#define BENCH_PLAN_SIZE  200
#define BENCH_PLAN_TITLE "Informationssäkerhet och dataskydd"

static const char *const bench_areas[] = { "Nätverk", "Ledning och samordning", "IT-säkerhet" };
static const char *const plan_topics[] = {
	"Riskanalys",
	"Informationsklassning",
	"Kontinuitetsplanering",
	"Registerförteckningar",
	"Översyn styrdokument",
	"Incidenthantering",
	"Utbildning ledningsnivå",
	"Utbildning nämnder",
	"Uppföljningsmodell",
	"Upphandlingsförfarandet",
	"Dataskyddsorganisation",
	"Övningar",
	"Tvåfaktorsautentisering",
	"Behörighetshantering",
	"Systemredundans",
	"Loggning",
	"Säkerhetskopiering",
	"Sårbarhetshantering",
	"Leverantörsuppföljning",
	"Kryptering",
};
static const char *const plan_comments[] = {
	"De flesta verksamheter har genomfört momentet.",        "Arbetet fortsätter under nästa år.",
	"Momentet flyttas över till nästa års handlingsplan.",   "Stående möten hålls med berörda förvaltningar.",
	"En förstudie har genomförts och ett förslag tas fram.", "Investeringen är till största delen genomförd.",
};
static const char *const wheel_titles[] = {
	"Information till ledningsgrupper",
	"Översyn av styrdokument",
	"Genomgång av incidenter",
	"Behörighetsgenomgång",
	"Övning av kontinuitetsplaner",
	"Rapport till kommunstyrelsen",
	"Uppföljning av registerförteckningar",
	"Nätverksträff informationssäkerhet",
	"Internkontroll",
	"Ledningens genomgång",
	"Test av återläsning",
	"Utbildning för nyanställda",
};

static int64_t w_plan_activity(struct gen *g, const struct auth *who, const struct plan *p, int64_t area,
			       int64_t responsible, size_t k)
{
	struct activity_input in = { 0 };
	int64_t id;
	unsigned first = (unsigned)rnd_below(4);

	in.area_id = area;
	in.title = arena_printf(g->a, "%s %zu", PICK(plan_topics), k + 1);
	in.purpose =
		arena_printf(g->a,
			     "%s. Arbetet bedrivs genom nätverket för informationssäkerhet och dataskydd, **%s**.\n\n"
			     "- samordnas centralt\n- följs upp kvartalsvis",
			     PICK(remarks), PICK(purposes));
	in.quarters = (1u << first) | (chance(0.5) && first < 3 ? 1u << (first + 1) : 0);
	in.status = activity_statuses[rnd_below(ACTIVITY_STATUS_COUNT)];
	in.status_comment = PICK(plan_comments);
	in.responsible_id = chance(0.7) ? responsible : 0;
	if (activity_create(g->db, g->a, who, p, &in, &id, &g->e))
		die(g, "activity_create");
	return id;
}

static void gen_reviews(struct gen *g);
static void gen_role_suggestions(struct gen *g, const struct auth *admin);

static void gen_plans(struct gen *g, const struct auth *admin)
{
	const struct g_org *org = &g->orgs[0];
	int64_t unit = g->units[org->first_unit].id;
	int64_t responsible = g->users[org->coordinator].auth.user_id;
	struct plan_input pi = { unit, 0, BENCH_PLAN_TITLE };
	struct plan p, next;
	struct plan_area *ar;
	struct activity_filter f;
	struct activity *list;
	struct tm tm;
	size_t n_areas, n, carried, made = 0, occ = 0;
	int64_t id, total = 0;

	gmtime_r(&g->end, &tm);
	batch_open(g);
	/* After the five years: last year's plan of 40 activities; its unfinished ones carried into this year's. */
	clock_at(g->end + 60);
	pi.year = tm.tm_year + 1900 - 1;
	/* Inside the batch's transaction: the plan (made when the requirements made none) and its areas. */
	if (plan_ensure_in_tx(g->db, g->a, admin, unit, pi.year, &p, &g->e))
		die(g, "plan_ensure_in_tx");
	for (size_t k = 0; k < COUNT(bench_areas); k++) {
		struct plan_area one;
		if (plan_area_ensure_in_tx(g->db, g->a, admin, &p, bench_areas[k], &one, &g->e))
			die(g, "plan_area_ensure_in_tx");
	}
	if (plan_areas(g->db, g->a, &p, &ar, &n_areas, &g->e))
		die(g, "plan_areas");
	for (size_t k = 0; k < 40; k++)
		w_plan_activity(g, admin, &p, ar[rnd_below(n_areas)].id, responsible, made++);
	clock_at(g->end + 3600);
	if (activity_carry_all(g->db, g->a, admin, &p, &carried, &g->e))
		die(g, "activity_carry_all");
	/* This year: up to BENCH_PLAN_SIZE activities in all. */
	/* Kept for the run: batch_tick() below renews g->a while its activities are added. */
	if (plan_find(g->db, g->a, unit, pi.year + 1, &next, &g->e) ||
	    plan_update(g->db, g->a, admin, &next, next.version, BENCH_PLAN_TITLE, NULL, &g->e) ||
	    plan_get(g->db, g->perm, next.id, &next, &g->e) || plan_areas(g->db, g->perm, &next, &ar, &n_areas, &g->e))
		die(g, "plan_update");
	activity_filter_init(&f);
	f.plan_id = next.id;
	f.limit = 1;
	if (activity_list(g->db, g->a, &f, &list, &n, &total, &g->e))
		die(g, "activity_list");
	while (total < BENCH_PLAN_SIZE) {
		w_plan_activity(g, admin, &next, ar[rnd_below(n_areas)].id, responsible, made++);
		total++;
		batch_tick(g);
	}
	/* The annual wheel of the organisation, with this year's occurrences and the done ones marked. */
	for (size_t k = 0; k < COUNT(wheel_titles); k++) {
		struct wheel_item_input in = { 0 };
		struct wheel_item w;
		struct wheel_filter wf;
		struct wheel_occurrence *o;
		size_t made_occ = 0, n_o = 0;

		in.unit_id = unit;
		in.title = wheel_titles[k];
		in.description = PICK(remarks);
		in.freq = wheel_freqs[k % WHEEL_FREQ_COUNT];
		in.month = k % WHEEL_FREQ_COUNT == 1 ? (int64_t)rnd_range(1, 3) : (int64_t)rnd_range(1, 12);
		if (chance(0.5))
			in.day = rnd_range(1, 28);
		else {
			in.nth = chance(0.3) ? -1 : rnd_range(1, 4);
			in.weekday = rnd_range(1, 5);
		}
		in.time_of_day = chance(0.5) ? "09:00" : "";
		in.responsible_id = responsible;
		in.active = true;
		if (wheel_item_create(g->db, g->a, admin, &in, NULL, &id, &g->e) ||
		    wheel_item_get(g->db, g->a, id, &w, &g->e) ||
		    wheel_generate(g->db, g->a, admin, &w, tm.tm_year + 1900, &made_occ, &g->e))
			die(g, "wheel_item_create");
		occ += made_occ;
		wheel_filter_init(&wf);
		wf.item_id = id;
		wf.to = arena_printf(g->a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		if (wheel_occ_list(g->db, g->a, &wf, &o, &n_o, NULL, &g->e))
			die(g, "wheel_occ_list");
		for (size_t i = 0; i < n_o; i++)
			if (chance(0.8) && wheel_occ_update(g->db, g->a, admin, &o[i], o[i].version, "done",
							    PICK(plan_comments), NULL, &g->e))
				die(g, "wheel_occ_update");
		batch_tick(g);
	}
	batch_close(g);
	fprintf(stderr,
		"tillit-gen: action plan %" PRId64 " of %" PRId64 " activities (%zu carried), annual wheel of %zu "
		"recurring activities and %zu occurrences\n",
		next.id, total, carried, COUNT(wheel_titles), occ);
}

static void generate_gdpr(struct gen *g, size_t n);
static void gen_intcontrol(struct gen *g);

static void generate(struct gen *g, int n_orgs, int n_units, size_t n_assets, size_t n_activities)
{
	struct timespec t0;
	struct create_slot *slots;
	const struct auth *sys = NULL;
	struct auth admin_auth; /* a copy: g->users moves as it grows */
	const struct auth *admin = &admin_auth;
	size_t next = 0, n_events = 0, report;
	int64_t n_audit = 0;
	int u_admin, o1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	g->n_orgs = (size_t)n_orgs;
	g->orgs = calloc((size_t)n_orgs, sizeof(*g->orgs));
	g->assets = calloc(n_assets ? n_assets : 1, sizeof(*g->assets));
	g->n_assets = n_assets;
	g->names_cap = 1024;
	while (g->names_cap < 2 * (n_assets + (size_t)n_units * 2 + 1024))
		g->names_cap *= 2;
	g->names = calloc(g->names_cap, sizeof(*g->names));
	if (!g->orgs || !g->assets || !g->names) {
		fprintf(stderr, "tillit-gen: out of memory\n");
		exit(1);
	}

	/* Set-up, in the first weeks: the administrator, the requirements library, organisations, people. */
	batch_open(g);
	clock_at(working(g->start));
	u_admin = add_user(g, sys, "admin", "Alva", "Andersson", "tillit", true);
	w_grant(g, sys, g->users[u_admin].auth.user_id, 0, "administrator");
	load_grants(g, u_admin);
	admin_auth = g->users[u_admin].auth;
	w_requirements(g);
	for (int o = 0; o < n_orgs; o++) {
		/* Place names: every head with every tail, in an order the seed decides. */
		size_t k = ((size_t)o * 7919u + (size_t)(rng_state % 1000u)) % (COUNT(place_head) * COUNT(place_tail));
		g->orgs[o].place = arena_printf(g->perm, "%s%s", place_head[k / COUNT(place_tail)],
						place_tail[k % COUNT(place_tail)]);
		/* Spread the units over the organisations: a few big ones, many small. */
		int share = n_units / n_orgs + (o < n_units % n_orgs ? 1 : 0);
		build_org(g, admin, o, share, g->start + (time_t)o * 600);
		batch_tick(g);
	}
	/* The accounts the benchmarks sign in with. */
	o1 = g->orgs[0].first_unit;
	clock_at(working(g->start + 2 * DAY));
	grant(g, admin, add_user(g, admin, "samordnare", "Sam", "Berg", "tillit", true), o1, "coordinator");
	grant(g, admin, add_user(g, admin, "samordnare2", "Sigrid", "Ek", "tillit", true), o1, "coordinator");
	grant(g, admin, add_user(g, admin, "samordnare3", "Sune", "Nord", "tillit", true), o1, "coordinator");
	grant(g, admin, add_user(g, admin, "revisor", "Rut", "Strand", "tillit", true), -1, "auditor");
	batch_close(g);
	fprintf(stderr, "tillit-gen: %zu organisations, %zu units, %zu users in %.1f s\n", g->n_orgs, g->n_units,
		g->n_users, seconds_since(&t0));

	/* When each asset is created: over the five years, a little more often lately. */
	slots = calloc(n_assets ? n_assets : 1, sizeof(*slots));
	if (!slots) {
		fprintf(stderr, "tillit-gen: out of memory\n");
		exit(1);
	}
	for (size_t i = 0; i < n_assets; i++) {
		double x = pow(rnd_unit(), 0.8);
		time_t span = g->end - g->start - 30 * DAY;
		slots[i].t = working(g->start + 30 * DAY + (time_t)(x * (double)span));
		slots[i].asset = (uint32_t)i;
		/* The organisation by its number of units. */
		slots[i].org = (uint16_t)(rnd_below((size_t)n_units) * (size_t)n_orgs / (size_t)n_units);
	}
	qsort(slots, n_assets, sizeof(*slots), slot_cmp);
	schedule_incidents(g, n_assets);

	batch_open(g);
	report = n_assets / 10 ? n_assets / 10 : 1;
	while (next < n_assets || g->n_heap) {
		if (next < n_assets && (!g->n_heap || slots[next].t <= g->heap[0].t)) {
			ev_create(g, slots[next].asset, slots[next].org, (time_t)slots[next].t);
			next++;
			if (next % report == 0)
				fprintf(stderr, "tillit-gen: %zu of %zu assets, %zu events, %.0f s\n", next, n_assets,
					n_events, seconds_since(&t0));
		} else {
			struct ev ev = unschedule(g);
			run_event(g, &ev);
		}
		n_events++;
		batch_tick(g);
	}
	batch_close(g);
	free(slots);
	gen_plans(g, admin);

	/* Risk analysis and continuity, over the last year and a bit. */
	gen_risks(g);
	gen_continuity(g);
	gen_governance(g);
	gen_audits(g);

	/* Internal control of every board, the last three years. */
	gen_intcontrol(g);

	/* The register of processing activities, over the last two years. */
	generate_gdpr(g, n_activities);

	/* Self-assessments of the last three years and the administrations' management reviews. */
	gen_reviews(g);

	/* Roles the identity provider's groups suggested, mostly decided. */
	gen_role_suggestions(g, admin);

	{
		struct arena *a = arena_new();
		struct audit_state st;
		if (audit_state(g->db, a, &st, &g->e))
			die(g, "audit_state");
		n_audit = st.last_id;
		arena_free(a);
	}
	fprintf(stderr,
		"tillit-gen: done in %.1f s: %zu organisations, %zu units, %zu users, %zu assets, %zu links,\n"
		"  %zu classifications (%zu signed), %zu requirement assessments, %zu actions (%zu updates),\n"
		"  %zu asset edits (%zu retired), %zu risk analyses, %zu risks, %zu continuity plans,\n"
		"  %zu exercises, %zu incidents (%zu filings), %zu processing activities, %zu governing documents,\n"
		"  %zu completions, %zu counts, %zu audits (%zu recommendations, %zu responses, %zu measures),\n"
		"  %" PRId64 " audit entries\n",
		seconds_since(&t0), g->n_orgs, g->n_units, g->n_users, g->n_assets, g->n_links, g->n_classified,
		g->n_signed, g->n_assessed, g->n_actions, g->n_action_updates, g->n_updates, g->n_retired,
		g->n_analyses, g->n_risks, g->n_plans, g->n_exercises, g->n_incidents, g->n_filings, g->n_activities,
		g->n_gdocs, g->n_completions, g->n_counts, g->n_audits, g->n_recommendations, g->n_responses,
		g->n_measures, n_audit);
}

/*
 * Roles suggested by the identity provider's groups, over the last year:
 * the provider names its groups claim, each administration's IT group
 * suggests the coordinator role there and one group the DPO role
 * everywhere. About one person in eight signed in with such a group; an
 * administrator granted two in five of the suggestions, dismissed two in
 * five, and one in five still waits.
 */
static void gen_role_suggestions(struct gen *g, const struct auth *admin)
{
	struct oidc_provider p = { .slug = "entra",
				   .name = "Kommunens konto",
				   .issuer = "https://login.microsoftonline.com/tenant/v2.0",
				   .client_id = "tillit",
				   .claim_groups = "groups" };
	const char **admins = calloc(g->n_units ? g->n_units : 1, sizeof(*admins));
	size_t n_admins = 0, made = 0, waiting = 0;
	int64_t pid = 0;

	if (!admins)
		die(g, "out of memory");
	batch_open(g);
	clock_at(working(g->end - 400 * DAY));
	if (oidc_provider_add(g->db, g->a, admin, &p, &pid, &g->e) ||
	    group_role_add(g->db, g->a, admin, "entra", "grp-dataskydd", "dpo", NULL, &g->e))
		die(g, "oidc_provider_add");
	for (size_t i = 0; i < g->n_units; i++) {
		if (strcmp(g->units[i].kind, "administration") != 0)
			continue;
		admins[n_admins] = arena_printf(g->perm, "grp-%s-it", g->units[i].code);
		if (group_role_add(g->db, g->a, admin, "entra", admins[n_admins], "coordinator", g->units[i].code,
				   &g->e))
			die(g, "group_role_add");
		n_admins++;
	}
	for (size_t u = 1; n_admins && u < g->n_users; u += 8) {
		const char *groups[2] = { admins[rnd_below(n_admins)], "grp-dataskydd" };
		struct role_suggestion *s;
		size_t n;
		int64_t total;

		clock_at(working(g->end - (time_t)rnd_below(365) * DAY));
		if (db_begin(g->db, &g->e) ||
		    db_end(g->db,
			   role_suggestion_note_in_tx(g->db, g->a, g->users[u].auth.user_id, pid, groups,
						      rnd_below(5) ? 1 : 2, &g->e),
			   &g->e) ||
		    role_suggestion_pending(g->db, g->a, admin, g->users[u].auth.user_id, 10, 0, &s, &n, &total, &g->e))
			die(g, "role_suggestion_note_in_tx");
		for (size_t k = 0; k < n; k++) {
			size_t roll = rnd_below(5);
			made++;
			if (roll == 0)
				waiting++;
			else if ((roll < 3 ? role_suggestion_grant(g->db, g->a, admin, s[k].id, NULL, &g->e)
					   : role_suggestion_dismiss(g->db, g->a, admin, s[k].id, &g->e)))
				die(g, "role_suggestion_grant");
		}
		batch_tick(g);
	}
	batch_close(g);
	free(admins);
	fprintf(stderr, "tillit-gen: %zu role suggestions from %zu groups, %zu waiting\n", made, n_admins + 1, waiting);
}

/*
 * Internal control: every board's plan for each of the last three years,
 * made by the organisation's coordinator in January: the mandatory process
 * and three more weighed in the analysis (two selected), four control
 * points (sample checks reported per tertial, reviews per quarter) that the
 * coordinator answers for, a result for every period that has ended with
 * its records checked, and a deviation in about one result of five (most
 * of the older ones remedied).
 */
static void gen_intcontrol(struct gen *g)
{
	static const char *const proc_names[] = {
		"Behörighetshantering", "Upphandling och avtal",   "Attest", "Arkiv och gallring",
		"Delegation",           "Loggning och uppföljning"
	};
	static const char *const checks[] = {
		"Behörigheter stäms av mot lönesystemet",    "Avslutade anställningar har inga aktiva konton",
		"Avtal har personuppgiftsbiträdesavtal",     "Loggar följs upp enligt rutin",
		"Leverantörsfakturor attesteras av behörig", "Informationsklassning är gjord för nya system",
	};
	struct tm tm;
	time_t end = g->end;
	int end_year;
	size_t n_plans = 0, n_results = 0, n_devs = 0;
	struct arena *pa = NULL; /* the plan its results are added to */

	gmtime_r(&end, &tm);
	end_year = tm.tm_year + 1900;
	batch_open(g);
	for (size_t ui = 0; ui < g->n_units; ui++) {
		const struct g_unit *u = &g->units[ui];
		const struct auth *coord;
		if (strcmp(u->kind, "board"))
			continue;
		coord = &g->users[g->orgs[u->org].coordinator].auth;
		for (int year = end_year - 2; year <= end_year; year++) {
			struct ic_plan_input pi = { u->id, year, "", NULL };
			struct ic_plan p;
			struct ic_point *ks;
			int64_t plan_id, procs[4], id;
			size_t n_ks;
			struct tm jan = { .tm_year = year - 1900, .tm_mon = 0, .tm_mday = 20, .tm_hour = 9 };
			clock_at(timegm(&jan));
			pi.adopted_on = arena_printf(g->a, "%d-01-25", year);
			/* In an arena of its own: batch_tick() below renews g->a while results are added. */
			arena_free(pa);
			pa = arena_new();
			if (intcontrol_plan_create(g->db, g->a, coord, LANG_SV, &pi, &plan_id, &g->e) ||
			    intcontrol_plan_get(g->db, pa, plan_id, &p, &g->e))
				die(g, "intcontrol_plan_create");
			{
				struct ic_process *cs;
				size_t n_cs;
				if (intcontrol_process_list(g->db, g->a, plan_id, &cs, &n_cs, &g->e))
					die(g, "intcontrol_process_list");
				procs[0] = cs[0].id;
			}
			for (int k = 1; k < 4; k++) {
				struct ic_process_input ci = { proc_names[rnd_below(COUNT(proc_names))],
							       "",
							       rnd_range(1, 4),
							       rnd_range(1, 4),
							       k < 3 ? "selected" : "rejected",
							       "Enligt analysen" };
				if (intcontrol_process_create(g->db, g->a, coord, &p, &ci, &procs[k], &g->e))
					die(g, "intcontrol_process_create");
			}
			for (int k = 0; k < 4; k++) {
				bool sample = k % 2 == 0;
				struct ic_point_input ki = { .process_id = procs[k % 3],
							     .title = checks[rnd_below(COUNT(checks))],
							     .method = sample ? "sample" : "review",
							     .sample_size = sample ? 5 : 0,
							     .population = sample ? rnd_range(40, 2000) : 0,
							     .frequency = "period",
							     .period_kind = sample ? "tertial" : "quarter",
							     .responsible_id = coord->user_id,
							     .responsible_unit_id = u->id };
				if (intcontrol_point_create(g->db, g->a, coord, &p, &ki, &id, &g->e))
					die(g, "intcontrol_point_create");
			}
			if (intcontrol_point_list(g->db, pa, plan_id, &ks, &n_ks, &g->e))
				die(g, "intcontrol_point_list");
			for (size_t k = 0; k < n_ks; k++) {
				for (int no = 1; no <= ic_periods_in_year(ks[k].period_kind); no++) {
					char last[11];
					struct ic_sample smp[5];
					struct ic_result_input ri = { 0 };
					struct ic_result x;
					struct tm when = { 0 };
					bool bad = chance(0.2);
					ic_period_end(last, ks[k].period_kind, year, no);
					if (sscanf(last, "%d-%d-%d", &when.tm_year, &when.tm_mon, &when.tm_mday) != 3)
						die(g, "ic_period_end");
					when.tm_year -= 1900;
					when.tm_mon -= 1;
					when.tm_hour = 10;
					if (timegm(&when) + 10 * DAY > g->end)
						break;
					clock_at(timegm(&when) + 10 * DAY);
					for (int s = 0; s < 5; s++) {
						smp[s].reference = arena_printf(g->a, "Post %d-%d-%d", year, no, s + 1);
						smp[s].ok = !(bad && s == 2);
						smp[s].note = "";
					}
					ri.period = ic_period_code(g->a, ks[k].period_kind, year, no);
					ri.checked_on = arena_strdup(g->a, last);
					ri.conclusion = bad ? "En avvikelse." : "Inga avvikelser.";
					ri.samples = smp;
					ri.n_samples = strcmp(ks[k].method, "sample") ? 0 : 5;
					if (intcontrol_result_create(g->db, g->a, coord, &ks[k], &ri, &id, &g->e) ||
					    intcontrol_result_get(g->db, g->a, id, &x, &g->e))
						die(g, "intcontrol_result_create");
					n_results++;
					if (bad) {
						struct ic_deviation_input di = {
							"Post 3 uppfyller inte kravet", "Rutinen följdes inte",
							"Rutinen gås igenom med berörda", NULL,
							year < end_year && chance(0.8) ? "closed" : "open"
						};
						di.due = arena_printf(g->a, "%d-12-31", year);
						if (intcontrol_deviation_create(g->db, g->a, coord, &x, &di, &id,
										&g->e))
							die(g, "intcontrol_deviation_create");
						n_devs++;
					}
					batch_tick(g);
				}
			}
			n_plans++;
			batch_tick(g);
		}
	}
	arena_free(pa);
	batch_close(g);
	fprintf(stderr, "tillit-gen: internal control: %zu plans, %zu results, %zu deviations\n", n_plans, n_results,
		n_devs);
}

/* --- follow-up and the management review ------------------------------------------------------
 *
 * Every unit assesses its maturity each of the last three years, the share
 * of questions met rising a little each year and with the unit; every
 * administration has last year's management review approved (its
 * priorities activities of their years' plans, a recommendation of the
 * data protection officer) and this year's as a draft.
 */
static void gen_reviews(struct gen *g)
{
	struct arena *ua = NULL; /* the unit of the round */
	struct tm end;
	time_t e = g->end;
	int year;

	gmtime_r(&e, &end);
	year = end.tm_year + 1900;
	batch_open(g);
	for (size_t i = 0; i < g->n_units; i++) {
		const struct g_unit *gu = &g->units[i];
		const struct auth *coord = &g->users[g->orgs[gu->org].coordinator].auth;
		double base = 0.45 + 0.4 * rnd_unit();
		struct unit u;

		/* In an arena of its own: batch_tick() below renews g->a. */
		arena_free(ua);
		ua = arena_new();
		if (unit_get(g->db, ua, gu->id, &u, &g->e))
			die(g, "unit_get");
		for (int k = 2; k >= 0; k--) {
			struct maturity_assessment m;
			struct maturity_answer *x;
			struct maturity_answer_input *in;
			int64_t id;
			size_t n;

			clock_at(working(g->end - (time_t)(k * 365 + 40) * DAY));
			if (maturity_start(g->db, g->a, coord, &u, year - k, &id, &g->e) ||
			    maturity_get(g->db, g->a, id, &m, &g->e) ||
			    maturity_answers(g->db, g->a, &m, &x, &n, &g->e))
				die(g, "maturity_start");
			in = arena_calloc(g->a, n ? n : 1, sizeof(*in));
			for (size_t q = 0; q < n; q++) {
				in[q].question_id = x[q].question_id;
				in[q].met = rnd_unit() < base + 0.1 * (2 - k) - 0.12 * (double)(x[q].level - 1);
			}
			if (maturity_answer(g->db, g->a, coord, &m, m.version, in, n, &g->e))
				die(g, "maturity_answer");
			batch_tick(g);
		}
		if (strcmp(gu->kind, "administration"))
			continue;
		{
			struct review_input rin = { .contact = "Informationssäkerhetssamordnaren" };
			struct review_approval ap = { "Förvaltningschefen", NULL, NULL };
			struct dpo_input d = { year - 2, "Uppdatera rutinen för hantering av personuppgiftsincidenter",
					       "Påbörjad.", "open" };
			struct review r;
			int64_t id;

			for (size_t s = 0; s < REVIEW_SECTIONS; s++)
				rin.texts[s] =
					"Förvaltningen har arbetat vidare enligt handlingsplanen. Se **nyckeltalen**.";
			clock_at(working(g->end - 400 * DAY));
			if (dpo_create(g->db, g->a, coord, &u, &d, NULL, &g->e) ||
			    review_create(g->db, g->a, coord, &u, year - 1, &rin, &id, &g->e))
				die(g, "review_create");
			for (int k = 0; k < 3; k++) {
				if (review_get(g->db, g->a, id, &r, &g->e) ||
				    review_priority_add(
					    g->db, g->a, coord, &r, r.version, year - 1 + k,
					    arena_printf(g->a, "Prioriterad åtgärd %d för %s", k + 1, gu->name), NULL,
					    &g->e))
					die(g, "review_priority_add");
			}
			ap.approved_on = arena_printf(g->a, "%d-11-20", year - 2);
			ap.case_ref = arena_printf(g->a, "%s %d/%zu", gu->code ? gu->code : "DNR", year - 2, i + 1);
			clock_at(working(g->end - 370 * DAY));
			if (review_get(g->db, g->a, id, &r, &g->e) ||
			    review_approve(g->db, g->a, coord, LANG_SV, &r, r.version, &ap, &g->e))
				die(g, "review_approve");
			clock_at(working(g->end - 30 * DAY));
			if (review_create(g->db, g->a, coord, &u, year, &rin, NULL, &g->e))
				die(g, "review_create");
			batch_tick(g);
		}
	}
	arena_free(ua);
	batch_close(g);
}

/* --- the register of processing activities ----------------------------------------
 *
 * After the assets: per organisation its vocabularies and processors (with
 * agreements, some expired or missing), then the activities, created over
 * the last two years in time order by the organisation's coordinator: a
 * controller board or administration, one or two purposes with their legal
 * basis, data subjects and data categories with retention periods, one to
 * three of the organisation's systems, now and then a processor and a
 * transfer to a third country; most are submitted and validated by the
 * data protection officer, so some are reviewed within twelve months and
 * some are overdue.
 */

static const char *const gdpr_subjects[] = { "Klienter",     "Elever",         "Vårdnadshavare", "Anställda",
					     "Medborgare",   "Brukare",        "Patienter",      "Sökande",
					     "Leverantörer", "Förtroendevalda" };
static const struct {
	const char *name, *special;
} gdpr_data[] = {
	{ "Kontaktuppgifter", "" },
	{ "Personnummer", "" },
	{ "Uppgifter om hälsa", "art9" },
	{ "Uppgifter om lagöverträdelser", "art10" },
	{ "Ekonomiska förhållanden", "" },
	{ "Sociala förhållanden", "" },
	{ "Betyg och omdömen", "" },
	{ "Anställningsuppgifter", "" },
	{ "Loggdata", "" },
	{ "Bilder och film", "" },
};
static const struct {
	const char *purpose, *basis, *statute;
} gdpr_purposes[] = {
	{ "Handläggning av ärenden", "e", "Förvaltningslagen (2017:900)" },
	{ "Utredning och beslut om insatser", "e", "Socialtjänstlagen (2001:453)" },
	{ "Dokumentation av insatser", "c", "Socialtjänstlagen (2001:453)" },
	{ "Utbildning och betygssättning", "e", "Skollagen (2010:800)" },
	{ "Löneutbetalning", "c", "Skatteförfarandelagen (2011:1244)" },
	{ "Personaladministration", "b", "" },
	{ "Debitering av avgifter", "e", "Kommunallagen (2017:725)" },
	{ "Utskick av nyhetsbrev", "a", "" },
	{ "Tillsyn", "e", "Miljöbalken (1998:808)" },
	{ "Statistik och uppföljning", "e", "Kommunallagen (2017:725)" },
};
static const char *const gdpr_retentions[] = {
	"2 år", "3 år", "5 år", "10 år", "bevaras", "vid inaktualitet", "3 månader efter avslutat ärende"
};
static const char *const gdpr_recipients[] = { "Försäkringskassan",        "Skatteverket",
					       "Region (vårdgivare)",      "Inga mottagare utanför kommunen",
					       "Statistiska centralbyrån", "Leverantören som personuppgiftsbiträde" };

struct g_gdpr_org {
	int64_t subjects[COUNT(gdpr_subjects)];
	int64_t data[COUNT(gdpr_data)];
	int64_t *processors;
	size_t n_processors;
	struct auth dpo; /* with its grants */
};

static void w_gdpr_fail(struct gen *g, const char *what)
{
	fprintf(stderr, "tillit-gen: %s: %s %s\n", what, g->e.field ? g->e.field : "", g->e.msgid ? g->e.msgid : "");
	die(g, what);
}

/* The vocabularies, processors and DPO of organisation @o. */
static void gdpr_org(struct gen *g, const struct auth *coord, int o, struct g_gdpr_org *out)
{
	const struct g_org *org = &g->orgs[o];
	struct role_grant *grants;
	size_t n_grants, n_proc = 3 + (size_t)org->n_units / 10;

	for (size_t i = 0; i < COUNT(gdpr_subjects); i++)
		if (gdpr_category_create(g->db, g->a, coord, org->id, "subject", gdpr_subjects[i], "",
					 &out->subjects[i], &g->e))
			w_gdpr_fail(g, "gdpr_category_create");
	for (size_t i = 0; i < COUNT(gdpr_data); i++)
		if (gdpr_category_create(g->db, g->a, coord, org->id, "data", gdpr_data[i].name, gdpr_data[i].special,
					 &out->data[i], &g->e))
			w_gdpr_fail(g, "gdpr_category_create");
	out->processors = arena_calloc(g->perm, n_proc, sizeof(int64_t));
	for (size_t i = 0; i < n_proc; i++) {
		struct gdpr_processor_input in = { .unit_id = org->id, .name = company(g), .country = "SE" };
		struct gdpr_processor p;
		struct gdpr_agreement_input ag = { 0 };
		char signed_on[11], expires_on[11], iso[TIME_ISO_LEN];
		time_t t = g->end - (time_t)rnd_range(30, 4 * 365) * DAY;
		in.name = arena_printf(g->a, "%s %zu", in.name, i + 1);
		if (processor_create(g->db, g->a, coord, &in, &out->processors[out->n_processors], &g->e))
			w_gdpr_fail(g, "processor_create");
		if (chance(0.1))
			continue; /* no agreement: flagged when an activity uses it */
		time_iso(t, iso);
		snprintf(signed_on, sizeof(signed_on), "%.10s", iso);
		time_iso(t + (time_t)rnd_range(1, 4) * 365 * DAY, iso);
		snprintf(expires_on, sizeof(expires_on), "%.10s", iso);
		ag.signed_on = signed_on;
		ag.expires_on = expires_on;
		ag.case_ref = arena_printf(g->a, "KS %s/%zu", arena_strndup(g->a, signed_on, 4), 100 + i);
		if (processor_get(g->db, g->a, out->processors[out->n_processors], &p, &g->e) ||
		    agreement_add(g->db, g->a, coord, &p, &ag, NULL, &g->e))
			w_gdpr_fail(g, "agreement_add");
		out->n_processors++;
	}
	/* The organisation's data protection officer acts with their own grants. */
	if (unit_grants(g->db, g->perm, org->id, &grants, &n_grants, &g->e))
		die(g, "unit_grants");
	out->dpo = (struct auth){ 0 };
	for (size_t i = 0; i < n_grants; i++)
		if (!strcmp(grants[i].role, "dpo")) {
			out->dpo.user_id = grants[i].user_id;
			out->dpo.username = grants[i].username;
			out->dpo.display_name = grants[i].username;
		}
	if (auth_load_grants(g->db, g->perm, &out->dpo, &g->e))
		die(g, "auth_load_grants");
}

/* Up to @max distinct picks of 0..@n-1 in @out; returns how many. */
static size_t pick_some(size_t n, size_t max, size_t *out)
{
	size_t k = 1 + rnd_below(max), m = 0;
	for (size_t tries = 0; m < k && tries < 4 * k; tries++) {
		size_t v = rnd_below(n);
		bool dup = false;
		for (size_t i = 0; i < m; i++)
			dup |= out[i] == v;
		if (!dup)
			out[m++] = v;
	}
	return m;
}

static void gdpr_activity(struct gen *g, int o, const struct g_gdpr_org *go, size_t seq, time_t t)
{
	const struct g_org *org = &g->orgs[o];
	const struct auth *coord = &g->users[org->coordinator].auth;
	int ai = org->first_admin + (int)rnd_below((size_t)org->n_admins);
	const struct g_admin *ad = &g->admins[ai];
	struct gdpr_purpose_input pu[2];
	struct gdpr_data_input data[4];
	int64_t subjects[3], assets[3], procs[1];
	size_t pick[4], n;
	struct gdpr_activity_input in = { 0 };
	struct gdpr_activity p;
	int64_t id;

	clock_at(t);
	in.unit_id = g->units[chance(0.5) ? ad->board : ad->unit].id;
	in.name = arena_printf(g->a, "%s %zu", gdpr_purposes[rnd_below(COUNT(gdpr_purposes))].purpose, seq + 1);
	in.description = arena_printf(g->a, "Behandling av personuppgifter inom %s.", g->units[ad->unit].name);
	in.controller_contact = arena_printf(g->a, "%s, registrator", g->units[ad->board].name);
	in.dpo_id = go->dpo.user_id;
	in.owner_id = g->users[ad->owners[rnd_below((size_t)ad->n_owners)]].auth.user_id;
	in.recipients = PICK(gdpr_recipients);
	n = pick_some(COUNT(gdpr_purposes), 2, pick);
	for (size_t i = 0; i < n; i++)
		pu[i] = (struct gdpr_purpose_input){ gdpr_purposes[pick[i]].purpose, gdpr_purposes[pick[i]].basis,
						     gdpr_purposes[pick[i]].statute };
	in.purposes = pu;
	in.n_purposes = n;
	n = pick_some(COUNT(gdpr_subjects), 3, pick);
	for (size_t i = 0; i < n; i++)
		subjects[i] = go->subjects[pick[i]];
	in.subject_ids = subjects;
	in.n_subjects = n;
	n = pick_some(COUNT(gdpr_data), 4, pick);
	for (size_t i = 0; i < n; i++) {
		data[i] =
			(struct gdpr_data_input){ go->data[pick[i]], PICK(gdpr_retentions), "Dokumenthanteringsplan" };
		if (!strcmp(gdpr_data[pick[i]].special, "art9"))
			in.art9_point = chance(0.5) ? "h" : "g";
		if (!strcmp(gdpr_data[pick[i]].special, "art10"))
			in.art10_basis = "Offentlighets- och sekretesslagen (2009:400)";
	}
	in.data = data;
	in.n_data = n;
	n = 0;
	for (size_t tries = 0; org->n_systems && n < 1 + rnd_below(3) && tries < 6; tries++) {
		const struct g_asset *as = &g->assets[org->systems[rnd_below(org->n_systems)]];
		bool dup = false;
		for (size_t i = 0; i < n; i++)
			dup |= assets[i] == as->id;
		if (!dup && as->id && !(as->flags & F_RETIRED))
			assets[n++] = as->id;
	}
	in.asset_ids = assets;
	in.n_assets = n;
	if (!n)
		in.other_measures = "Pappershandlingar förvaras i låsta skåp.";
	if (go->n_processors && chance(0.3)) {
		procs[0] = go->processors[rnd_below(go->n_processors)];
		in.processor_ids = procs;
		in.n_processors = 1;
	}
	if (chance(0.2))
		in.dpia_criteria = (int64_t)1
				   << (DPIA_LARGE_SCALE + (int)rnd_below(DPIA_CRITERION_COUNT - DPIA_LARGE_SCALE));
	if (chance(0.1))
		in.dpia_criteria |= (int64_t)1 << DPIA_VULNERABLE;
	if (gdpr_activity_create(g->db, g->a, coord, &in, &id, &g->e))
		w_gdpr_fail(g, "gdpr_activity_create");
	if (chance(0.08)) {
		struct gdpr_transfer tr = { .country = "US",
					    .recipient = "Molntjänst Inc.",
					    .basis = "dpf",
					    .dpf_certified = true,
					    .dpf_checked_on = "2026-01-15" };
		if (chance(0.5))
			tr = (struct gdpr_transfer){
				.country = "IN", .recipient = "Supportcenter Ltd", .basis = "scc", .scc_module = "2"
			};
		if (gdpr_activity_get(g->db, g->a, id, &p, &g->e) ||
		    gdpr_transfer_add(g->db, g->a, coord, &p, NULL, &tr, NULL, &g->e))
			w_gdpr_fail(g, "gdpr_transfer_add");
	}
	if (chance(0.75)) {
		if (gdpr_activity_get(g->db, g->a, id, &p, &g->e) ||
		    gdpr_activity_submit(g->db, g->a, coord, &p, p.version, &g->e) ||
		    gdpr_activity_get(g->db, g->a, id, &p, &g->e) ||
		    gdpr_activity_validate(g->db, g->a, &go->dpo, &p, p.version, &g->e))
			w_gdpr_fail(g, "gdpr_activity_validate");
	}
}

/* The register of processing activities: @n activities over the organisations, by their number of units. */
static void generate_gdpr(struct gen *g, size_t n)
{
	struct g_gdpr_org *orgs = calloc(g->n_orgs, sizeof(*orgs));
	time_t from = g->end - 730 * DAY;

	if (!orgs) {
		fprintf(stderr, "tillit-gen: out of memory\n");
		exit(1);
	}
	batch_open(g);
	clock_at(working(from));
	for (size_t o = 0; o < g->n_orgs; o++) {
		gdpr_org(g, &g->users[g->orgs[o].coordinator].auth, (int)o, &orgs[o]);
		batch_tick(g);
	}
	for (size_t i = 0; i < n; i++) {
		int o = (int)(rnd_below(g->n_units) * g->n_orgs / g->n_units);
		gdpr_activity(g, o, &orgs[o], i,
			      working(from + (time_t)((double)i / (double)(n ? n : 1) * 729.0 * DAY)));
		batch_tick(g);
	}
	batch_close(g);
	free(orgs);
	g->n_activities = n;
}

/* --- tillit-gen csv: new assets for the import ------------------------------------ */

static void csv_rows(struct db *db, size_t rows)
{
	static const char *const kinds_sv[] = { "Informationsmängd", "Informationssystem", "Digital tjänst", "Manuell",
						"Process",           "Leverantör" };
	static const char *const hostings_sv[] = { "", "Egen drift", "Kommunens IT", "Hos leverantören", "Molntjänst" };
	struct arena *a = arena_new();
	struct err e = { 0 };
	struct unit_filter uf = { .kind = "unit", .limit = 1000 };
	struct user_filter sf = { .active = 1, .limit = 1000 };
	const char **codes = NULL, **paths = NULL, **users = NULL;
	size_t n_codes = 0, cap_codes = 0, cap_paths = 0, n_users = 0, cap_users = 0;
	struct asset_owner_candidate **owners = NULL; /* per unit, read when first needed */
	size_t *n_owners = NULL;
	struct buf b;

	for (;;) {
		struct unit *u;
		size_t n;
		int64_t total;
		if (unit_list(db, a, &uf, &u, &n, &total, &e))
			goto fail;
		for (size_t i = 0; i < n; i++) {
			codes = grow(codes, &cap_codes, n_codes + 1, sizeof(*codes));
			paths = grow(paths, &cap_paths, n_codes + 1, sizeof(*paths));
			paths[n_codes] = u[i].path;
			codes[n_codes++] = u[i].code;
		}
		if (n < (size_t)uf.limit)
			break;
		uf.offset += uf.limit;
	}
	for (;;) {
		struct user *u;
		size_t n;
		int64_t total;
		if (user_list(db, a, &sf, &u, &n, &total, &e))
			goto fail;
		for (size_t i = 0; i < n; i++) {
			users = grow(users, &cap_users, n_users + 1, sizeof(*users));
			users[n_users++] = u[i].username;
		}
		if (n < (size_t)sf.limit)
			break;
		sf.offset += sf.limit;
	}
	if (!n_codes || !n_users) {
		fprintf(stderr, "tillit-gen: the database has no units or users; generate a register first\n");
		exit(1);
	}
	owners = calloc(n_codes, sizeof(*owners));
	n_owners = calloc(n_codes, sizeof(*n_owners));
	if (!owners || !n_owners) {
		fprintf(stderr, "tillit-gen: out of memory\n");
		exit(1);
	}
	buf_init(&b, a);
	buf_adds(&b, "\xEF\xBB\xBFNamn;Typ;Enhet;Beskrivning;Ägare;Leverantör;Drift;Personuppgifter;"
		     "Verksamhetskritisk;Samhällsviktig;Livscykel\r\n");
	fwrite(b.data, 1, b.len, stdout);
	for (size_t r = 0; r < rows; r++) {
		struct arena *ra = arena_new();
		size_t k = rnd_below(COUNT(kinds_sv));
		const char *base = k == 1   ? PICK(ks_systems)
				   : k == 2 ? PICK(services)
				   : k == 4 ? PICK(processes)
					    : PICK(soc_sets);
		const char *cells[11];
		cells[0] = arena_printf(ra, "%s (inläst %zu)", base, r + 1);
		cells[1] = kinds_sv[k];
		size_t unit = rnd_below(n_codes);
		cells[2] = codes[unit];
		cells[3] = arena_printf(ra, "%s som används %s. %s", base, PICK(purposes), PICK(remarks));
		/* The owner is someone who may sign there (the import refuses anyone else); none when nobody may. */
		if (!owners[unit] &&
		    asset_owner_candidates(db, a, paths[unit], NULL, 50, &owners[unit], &n_owners[unit], &e))
			goto fail;
		cells[4] = n_owners[unit] ? owners[unit][rnd_below(n_owners[unit])].username : "";
		cells[5] = k == 1 || k == 2 ? arena_printf(ra, "%s%s", PICK(company_head), PICK(company_tail)) : "";
		cells[6] = k == 1 || k == 2 ? hostings_sv[rnd_below(COUNT(hostings_sv))] : "";
		cells[7] = chance(0.5) ? "ja" : "nej";
		cells[8] = chance(0.25) ? "ja" : "nej";
		cells[9] = chance(0.05) ? "ja" : "nej";
		cells[10] = "I drift";
		struct csv_writer w;
		buf_init(&b, ra);
		csv_writer_init(&w, &b, ';', false);
		csv_writer_row(&w, cells, COUNT(cells));
		fwrite(b.data, 1, b.len, stdout);
		arena_free(ra);
	}
	free(codes);
	free(paths);
	free(users);
	free(owners);
	free(n_owners);
	arena_free(a);
	return;
fail:
	fprintf(stderr, "tillit-gen: reading the register failed: %s %s\n", err_code_name(e.code), e.detail);
	exit(1);
}

/* --- command line ---------------------------------------------------------------- */

static const char usage[] =
	"usage: tillit-gen --db URL --size municipality|city|national [--seed N] [--end YYYY-MM-DD]\n"
	"                  [--password PW] [--orgs N] [--units N] [--assets N] [--activities N]\n"
	"                  [--batch EVENTS]\n"
	"                  [--audit-key FILE]\n"
	"       tillit-gen csv --db URL --rows N [--seed N]\n"
	"Sizes: municipality 1 organisation, 40 units, 2,000 assets; city 1, 300, 20,000;\n"
	"national 290, 10,000, 1,000,000; processing activities half as many as assets.\n"
	"The database must be empty (it is migrated first).\n"
	"The audit trail is keyed with FILE (default: beside a SQLite database; on PostgreSQL\n"
	"--audit-key or TILLIT_AUDIT_KEY_FILE), as `tillit serve --audit-key` reads it.\n"
	"Prints the database URL when done; progress and counts go to standard error.\n";

static long long arg_num(const char *s, const char *name)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v < 0) {
		fprintf(stderr, "tillit-gen: %s must be a whole number\n%s", name, usage);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, 0, 'd' },
		{ "size", required_argument, 0, 's' },
		{ "seed", required_argument, 0, 'r' },
		{ "end", required_argument, 0, 'e' },
		{ "password", required_argument, 0, 'p' },
		{ "orgs", required_argument, 0, 'o' },
		{ "units", required_argument, 0, 'u' },
		{ "assets", required_argument, 0, 'a' },
		{ "activities", required_argument, 0, 'g' },
		{ "rows", required_argument, 0, 'n' },
		{ "batch", required_argument, 0, 'b' },
		{ "audit-key", required_argument, 0, 'k' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct gen g = { 0 };
	const char *url = NULL, *size = NULL, *end = DEFAULT_END, *audit_key = NULL;
	long long seed = 1, orgs = -1, units = -1, assets = -1, activities = -1, rows = -1, batch = 0;
	bool csv = argc > 1 && !strcmp(argv[1], "csv");
	int c;
	int64_t n_units = 0;

	if (csv) {
		argv++;
		argc--;
	}
	g.password = DEFAULT_PASSWD;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 's':
			size = optarg;
			break;
		case 'r':
			seed = arg_num(optarg, "--seed");
			break;
		case 'e':
			end = optarg;
			break;
		case 'k':
			audit_key = optarg;
			break;
		case 'p':
			g.password = optarg;
			break;
		case 'o':
			orgs = arg_num(optarg, "--orgs");
			break;
		case 'u':
			units = arg_num(optarg, "--units");
			break;
		case 'a':
			assets = arg_num(optarg, "--assets");
			break;
		case 'g':
			activities = arg_num(optarg, "--activities");
			break;
		case 'n':
			rows = arg_num(optarg, "--rows");
			break;
		case 'b':
			batch = arg_num(optarg, "--batch");
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc || !url || (csv ? rows < 0 : !size)) {
		fputs(usage, stderr);
		return 2;
	}
	if (sodium_init() < 0 || i18n_init() != 0) {
		fprintf(stderr, "tillit-gen: could not initialise libsodium or the catalogs\n");
		return 1;
	}
	rng_state = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 1;
	if (csv) {
		if (db_open(url, &g.db, &g.e) || db_migrate(g.db, &g.e))
			die(&g, "opening the database");
		csv_rows(g.db, (size_t)rows);
		db_close(g.db);
		return 0;
	}
	/* The audit trail is keyed as `tillit serve` keys it: the key file beside a SQLite database, or
	 * --audit-key / TILLIT_AUDIT_KEY_FILE (required on PostgreSQL). */
	if (!(g.db = cli_open_db_keyed(url, audit_key)))
		return 1;
	if (!size || (strcmp(size, "municipality") && strcmp(size, "city") && strcmp(size, "national"))) {
		fprintf(stderr, "tillit-gen: --size is municipality, city or national\n%s", usage);
		return 2;
	}
	if (orgs < 0)
		orgs = !strcmp(size, "national") ? 290 : 1;
	if (units < 0)
		units = !strcmp(size, "municipality") ? 40 : !strcmp(size, "city") ? 300 : 10000;
	if (assets < 0)
		assets = !strcmp(size, "municipality") ? 2000 : !strcmp(size, "city") ? 20000 : 1000000;
	if (orgs < 1 || orgs > 60000 || units < orgs * 8 || assets > 4000000000LL) {
		fprintf(stderr, "tillit-gen: give at least one organisation and eight units per organisation\n");
		return 2;
	}
	if (!time_parse_iso(end, &g.end)) {
		fprintf(stderr, "tillit-gen: --end must be a date YYYY-MM-DD\n");
		return 2;
	}
	g.start = g.end - (time_t)YEARS * 365 * DAY;
	/* On PostgreSQL each audit entry updates the same audit_head row, and the versions of a row updated
	 * in one transaction pile up until it commits: smaller transactions are faster there. */
	g.batch_events = batch > 0 ? (size_t)batch : db_engine_of(g.db) == DB_PG ? 50 : 1000;
	g.perm = arena_new();
	if (unit_count_all(g.db, g.perm, &n_units, &g.e))
		die(&g, "counting units");
	if (n_units) {
		fprintf(stderr, "tillit-gen: the database already holds data; generate into an empty one\n");
		return 1;
	}
	if (activities < 0)
		activities = assets / 2;
	generate(&g, (int)orgs, (int)units, (size_t)assets, (size_t)activities);
	unsetenv("TILLIT_NOW");
	/* As after any bulk load: the planner learns how big the tables have become. */
	if (db_optimize(g.db, &g.e))
		die(&g, "refreshing the planner statistics");
	db_close(g.db);
	gen_release(&g);
	printf("%s\n", url);
	return 0;
}
