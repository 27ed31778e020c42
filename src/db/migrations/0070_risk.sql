-- Risk analysis (riskanalys): each organisation's risk scales, the threat
-- catalogue, analyses with their scope (assets, a process or a whole unit),
-- the municipal risk and vulnerability analysis (RSA) as a kind of analysis
-- with its seven parts, risks with their treatment and residual risk, what
-- each risk concerns (assets, and the unfulfilled requirements it came
-- from) and the measures taken against it.

-- The risk scales of an organisation (a root unit). No row: the defaults
-- (4 x 4, medium from 4, high from 8, very high from 12). A risk's value
-- is likelihood x consequence; its band is low below medium_from, and so on.
CREATE TABLE risk_scales (
  id @ID@,
  org_id BIGINT NOT NULL UNIQUE REFERENCES units(id),
  likelihood_levels BIGINT NOT NULL DEFAULT 4 CHECK (likelihood_levels BETWEEN 2 AND 9),
  consequence_levels BIGINT NOT NULL DEFAULT 4 CHECK (consequence_levels BETWEEN 2 AND 9),
  medium_from BIGINT NOT NULL DEFAULT 4,
  high_from BIGINT NOT NULL DEFAULT 8,
  very_high_from BIGINT NOT NULL DEFAULT 12,
  colour_low TEXT NOT NULL DEFAULT '#2e7d32',
  colour_medium TEXT NOT NULL DEFAULT '#f9a825',
  colour_high TEXT NOT NULL DEFAULT '#ef6c00',
  colour_very_high TEXT NOT NULL DEFAULT '#c62828',
  version BIGINT NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
-- The names an organisation gives the levels of a scale; a level without a row keeps its default name.
CREATE TABLE risk_scale_names (
  id @ID@,
  org_id BIGINT NOT NULL REFERENCES units(id),
  axis TEXT NOT NULL CHECK (axis IN ('likelihood','consequence')),
  level BIGINT NOT NULL,
  name TEXT NOT NULL
);
CREATE UNIQUE INDEX risk_scale_names_level ON risk_scale_names(org_id, axis, level);

-- The threat catalogue (installation-wide), written for Tillit.
CREATE TABLE risk_threats (
  id @ID@,
  code TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL CHECK (category IN ('human','technical','supplier','nature','antagonistic','organisational')),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE risk_analyses (
  id @ID@,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  org_id BIGINT NOT NULL REFERENCES units(id),   -- the organisation of unit_id, for one RSA per term
  kind TEXT NOT NULL DEFAULT 'risk' CHECK (kind IN ('risk','rsa')),
  title TEXT NOT NULL,
  scope_kind TEXT NOT NULL DEFAULT 'unit' CHECK (scope_kind IN ('assets','process','unit')),
  analysis_date TEXT NOT NULL,                   -- YYYY-MM-DD
  method TEXT NOT NULL DEFAULT '',
  participants TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'ongoing' CHECK (status IN ('ongoing','done')),
  election_year BIGINT,                          -- RSA: the election whose term it serves
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX risk_analyses_unit ON risk_analyses(unit_id);
CREATE UNIQUE INDEX risk_analyses_term ON risk_analyses(org_id, election_year);

-- The assets (or the one process) an analysis with scope "assets" or "process" covers.
CREATE TABLE risk_analysis_assets (
  id @ID@,
  analysis_id BIGINT NOT NULL REFERENCES risk_analyses(id),
  asset_id BIGINT NOT NULL REFERENCES assets(id)
);
CREATE UNIQUE INDEX risk_analysis_assets_pair ON risk_analysis_assets(analysis_id, asset_id);
CREATE INDEX risk_analysis_assets_asset ON risk_analysis_assets(asset_id);

-- The seven prescribed parts of an RSA (MSBFS 2015:5), as Markdown.
CREATE TABLE risk_rsa_sections (
  id @ID@,
  analysis_id BIGINT NOT NULL REFERENCES risk_analyses(id),
  part BIGINT NOT NULL CHECK (part BETWEEN 1 AND 7),
  body TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX risk_rsa_sections_part ON risk_rsa_sections(analysis_id, part);

-- residual_*: after the measures, NULL while not assessed; residual_value is
-- the residual value, or value while not assessed (the register sorts by it).
CREATE TABLE risks (
  id @ID@,
  analysis_id BIGINT NOT NULL REFERENCES risk_analyses(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),  -- the analysis's unit
  threat_id BIGINT REFERENCES risk_threats(id),
  threat TEXT NOT NULL,
  vulnerability TEXT NOT NULL DEFAULT '',
  consequence_text TEXT NOT NULL DEFAULT '',
  likelihood BIGINT NOT NULL,
  consequence BIGINT NOT NULL,
  value BIGINT NOT NULL,
  treatment TEXT NOT NULL DEFAULT '' CHECK (treatment IN ('','reduce','accept','transfer','avoid')),
  treatment_reason TEXT NOT NULL DEFAULT '',
  accepted_by BIGINT REFERENCES users(id),
  owner_id BIGINT REFERENCES users(id),
  residual_likelihood BIGINT,
  residual_consequence BIGINT,
  residual_value BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX risks_analysis ON risks(analysis_id);
CREATE INDEX risks_unit ON risks(unit_id);
CREATE INDEX risks_value ON risks(value, residual_value);
CREATE INDEX risks_residual ON risks(residual_value, value);

-- What a risk concerns: an asset, and the requirement it does not meet when the risk came from one.
CREATE TABLE risk_concerns (
  id @ID@,
  risk_id BIGINT NOT NULL REFERENCES risks(id),
  asset_id BIGINT NOT NULL REFERENCES assets(id),
  requirement_id BIGINT REFERENCES requirements(id)
);
CREATE INDEX risk_concerns_risk ON risk_concerns(risk_id);
CREATE INDEX risk_concerns_asset ON risk_concerns(asset_id);

-- Measures against a risk; action_id is the tracked action that carries one out, when there is one.
CREATE TABLE risk_measures (
  id @ID@,
  risk_id BIGINT NOT NULL REFERENCES risks(id),
  title TEXT NOT NULL,
  responsible_id BIGINT REFERENCES users(id),
  due_date TEXT,
  action_id BIGINT REFERENCES activities(id),
  created_by BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX risk_measures_risk ON risk_measures(risk_id);

-- The threat catalogue as Tillit ships it.
INSERT INTO risk_threats (code, category, name, description, created_at, updated_at) VALUES
 ('M01','human','Felaktig hantering av information','Uppgifter ändras, raderas eller lämnas ut av misstag i det dagliga arbetet.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('M02','human','Felsänd e-post eller post','Ett meddelande med skyddsvärda uppgifter når fel mottagare.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('M03','human','Bristande kunskap om rutiner','Medarbetare känner inte till hur informationen ska hanteras.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('M04','human','Beroende av nyckelperson','Kunskap om ett system eller en rutin finns hos en enda person.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('M05','human','Hög frånvaro','Sjukdom, strejk eller semester gör att verksamheten saknar personal.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('M06','human','Delade eller nedskrivna lösenord','Inloggningsuppgifter lämnas till andra eller förvaras öppet.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('M07','human','Förlorad bärbar enhet','En dator, telefon eller ett minne med information tappas bort.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('M08','human','Otillåten åtkomst av egen personal','En medarbetare läser uppgifter utan att behöva dem i arbetet.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T01','technical','Hårdvarufel i server eller lagring','En server, disk eller lagringsenhet slutar fungera.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T02','technical','Avbrott i nätverk','Förbindelsen mellan verksamheten och systemen bryts.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T03','technical','Programfel efter uppdatering','En ny version av ett system fungerar inte som avsett.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T04','technical','Otillräcklig säkerhetskopiering','Säkerhetskopior saknas, är ofullständiga eller går inte att läsa tillbaka.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T05','technical','Avbrott i elförsörjningen','Strömmen till serverhall, kontor eller verksamhet bryts.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T06','technical','Fel i integration mellan system','Uppgifter förs över fel, dubbelt eller inte alls mellan system.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T07','technical','Föråldrad programvara','System saknar säkerhetsuppdateringar eftersom versionen inte längre stöds.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T08','technical','Kapacitetsbrist','Systemet klarar inte belastningen vid toppar.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T09','technical','Felkonfiguration','Inställningar gör att information blir åtkomlig eller slutar fungera.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('T10','technical','Dataförlust vid flytt av system','Uppgifter går förlorade eller förvanskas vid byte av system.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('L01','supplier','Leverantören upphör','Leverantören går i konkurs, säljs eller lägger ned tjänsten.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('L02','supplier','Avbrott i molntjänst','En tjänst som köps över internet är inte tillgänglig.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('L03','supplier','Avtalet uppfylls inte','Leverantören håller inte utlovad tillgänglighet, säkerhet eller support.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('L04','supplier','Underbiträde i tredje land','Uppgifter behandlas utanför EU/EES utan giltig grund för överföring.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('L05','supplier','Inlåsning hos leverantör','Informationen kan inte tas ut i ett format som går att använda vidare.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('L06','supplier','Brister i leverantörens säkerhetsarbete','Leverantören skyddar inte sina system och sin personal tillräckligt.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('L07','supplier','Avbrott hos teleoperatör','Telefoni eller mobildata slutar fungera i ett område.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('N01','nature','Brand','Brand i lokaler, serverhall eller arkiv.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('N02','nature','Översvämning eller vattenskada','Skyfall, höga flöden eller läckage skadar lokaler och utrustning.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('N03','nature','Storm','Hårda vindar fäller ledningar och gör vägar oframkomliga.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('N04','nature','Värmebölja','Långvarig värme överbelastar kylningen av serverrum och påverkar personalen.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('N05','nature','Snöoväder eller sträng kyla','Snö och kyla hindrar transporter och ger avbrott i el och tele.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('N06','nature','Smittsam sjukdom','En pandemi eller epidemi ger stor frånvaro under lång tid.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A01','antagonistic','Nätfiske','Falska meddelanden lurar användare att lämna ut inloggningsuppgifter.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A02','antagonistic','Utpressningsvirus','Skadlig kod krypterar information och kräver lösen.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A03','antagonistic','Överbelastningsattack','Tjänster på internet slås ut av stora mängder trafik.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A04','antagonistic','Intrång via sårbarhet','En angripare utnyttjar en känd svaghet i en tjänst som nås från internet.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A05','antagonistic','Bedrägeri genom social manipulation','Någon utger sig för att vara chef, kollega eller leverantör för att få betalning eller uppgifter.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A06','antagonistic','Stöld av utrustning','Datorer, telefoner eller handlingar stjäls.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A07','antagonistic','Avsiktligt missbruk av behörighet','En anställd eller konsult använder sin åtkomst för egna syften.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A08','antagonistic','Sabotage mot anläggning','Skadegörelse mot serverhall, ledningar eller teknisk försörjning.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A09','antagonistic','Påverkanskampanj','Desinformation riktas mot kommunen eller dess invånare.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('A10','antagonistic','Skadlig kod','Skadlig kod kommer in via e-post, webb eller flyttbara medier.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('O01','organisational','Otydligt ansvar för informationen','Ingen har utsetts att äga informationen eller systemet.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('O02','organisational','Kontinuitetsplan saknas','Verksamheten vet inte hur den ska arbeta när ett system inte fungerar.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('O03','organisational','Bristande behörighetshantering','Behörigheter tilldelas inte efter behov och tas inte bort när de inte längre behövs.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('O04','organisational','Otillräcklig loggning och uppföljning','Händelser i systemen loggas inte eller följs inte upp.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('O05','organisational','Ny lagstiftning','Nya krav gör att nuvarande hantering inte längre är tillåten.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('O06','organisational','Omorganisation','Ansvar och kunskap försvinner när verksamheter flyttas eller slås ihop.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z'),
 ('O07','organisational','Minskade resurser','Budget eller bemanning räcker inte till förvaltning och säkerhetsarbete.','2026-01-01T00:00:00Z','2026-01-01T00:00:00Z');
