-- Requirements that follow the asset's attributes, references that are many
-- and correct, the two questions samhällsviktig / NIS2, and the
-- organisation's choice of which aspects need a motivation when signing.
--
-- requirements.nis2 becomes a list of NIS2 Art. 21(2) points ("g,i"; the
-- old column allowed one letter): copied into a new column, the old one
-- dropped and the new one renamed, which both engines do in place.
-- gdpr: the GDPR articles the requirement serves ("15,16,17").
-- obligation: 'must' (ska) or 'should' (bör).
-- party: who meets it: the organisation itself, a supplier (it goes into
-- the procurement appendix) or both.
-- conditions: the asset attributes the requirement needs, all of them
-- (personal_data, nis2, vital, business_critical, outsourced, cloud,
-- third_country); kinds: the asset kinds it is limited to (empty: every
-- kind). Applicability is computed in C (domain/requirement.c), so what
-- was assessed stays stored whatever the rule says today.
ALTER TABLE requirements ADD COLUMN nis2_points TEXT NOT NULL DEFAULT '';
UPDATE requirements SET nis2_points = nis2;
ALTER TABLE requirements DROP COLUMN nis2;
ALTER TABLE requirements RENAME COLUMN nis2_points TO nis2;
ALTER TABLE requirements ADD COLUMN gdpr TEXT NOT NULL DEFAULT '';
ALTER TABLE requirements ADD COLUMN obligation TEXT NOT NULL DEFAULT 'must' CHECK (obligation IN ('must', 'should'));
ALTER TABLE requirements ADD COLUMN party TEXT NOT NULL DEFAULT 'organisation'
  CHECK (party IN ('organisation', 'supplier', 'both'));
ALTER TABLE requirements ADD COLUMN conditions TEXT NOT NULL DEFAULT '';
ALTER TABLE requirements ADD COLUMN kinds TEXT NOT NULL DEFAULT '';

-- The default library as Tillit ships it now (domain/reqlib_default.c):
-- each row is brought up to date only where its title is still the one
-- Tillit wrote, so a library its administrators have rewritten keeps
-- their words. The personal-data requirements (PU-*) carry their GDPR
-- article instead of NIS2 (a); the supplier requirements apply to assets
-- run by a supplier, in the cloud or in a third country; INC-03 applies to
-- assets in NIS2 scope at any level. Sources: docs/modules.md.
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'STY-01' AND title = 'Klassningen hålls aktuell';
UPDATE requirements SET nis2 = 'a', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'STY-02' AND title = 'Dokumenterad riskanalys';
UPDATE requirements SET nis2 = 'a,i', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = 'system,digital_service', version = version + 1
 WHERE code = 'STY-03' AND title = 'Utsedd systemägare och systemförvaltare';
UPDATE requirements SET nis2 = 'g', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'STY-04' AND title = 'Användarna känner till reglerna';
UPDATE requirements SET nis2 = 'f', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'STY-05' AND title = 'Årlig uppföljning av kraven';
UPDATE requirements SET nis2 = 'a,f', gdpr = '', obligation = 'should', party = 'organisation', conditions = '', kinds = '', text = 'Skyddet av tillgången bör granskas av någon som inte själv förvaltar den, till exempel genom intern kontroll, revision eller penetrationstest, minst vart tredje år.', version = version + 1
 WHERE code = 'STY-06' AND title = 'Oberoende granskning' AND text = 'Skyddet av tillgången ska granskas av någon som inte själv förvaltar den, till exempel genom intern kontroll, revision eller penetrationstest, minst vart tredje år.';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'STY-07' AND title = 'Aktuell systemdokumentation';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-01' AND title = 'Personliga konton';
UPDATE requirements SET nis2 = 'j', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-02' AND title = 'Inloggning med flera faktorer';
UPDATE requirements SET nis2 = 'j', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-03' AND title = 'Flera faktorer vid åtkomst utifrån';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-04' AND title = 'Behörighet efter arbetsuppgift';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-05' AND title = 'Årlig översyn av behörigheter';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-06' AND title = 'Behörighet tas bort när uppdraget upphör';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-07' AND title = 'Separata konton för administration';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'should', party = 'both', conditions = '', kinds = '', text = 'Där tillgången innehåller uppgifter med högre skyddsbehov än resten bör åtkomsten till dem kunna begränsas särskilt, till exempel per ärende, per enhet eller per typ av uppgift.', version = version + 1
 WHERE code = 'BEH-08' AND title = 'Finare indelning av åtkomst' AND text = 'Där tillgången innehåller uppgifter med högre skyddsbehov än resten ska åtkomsten till dem kunna begränsas särskilt, till exempel per ärende, per enhet eller per typ av uppgift.';
UPDATE requirements SET nis2 = 'g,i', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-09' AND title = 'Starka lösenord';
UPDATE requirements SET nis2 = 'i,j', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'BEH-10' AND title = 'Nätfiskeresistent inloggning för administratörer';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'LOG-01' AND title = 'Loggning av säkerhetshändelser';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'LOG-02' AND title = 'Loggarna granskas regelbundet';
UPDATE requirements SET nis2 = 'b', gdpr = '32', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'LOG-03' AND title = 'Loggning av läsning';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'LOG-04' AND title = 'Loggarna skyddas mot ändring';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'LOG-05' AND title = 'Gemensam tid';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'LOG-06' AND title = 'Loggar sparas tillräckligt länge';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'should', party = 'both', conditions = '', kinds = '', text = 'Loggarna bör samlas i ett centralt system med regler som larmar vid misstänkta händelser, till exempel många misslyckade inloggningar eller ovanligt stora uttag av information.', version = version + 1
 WHERE code = 'LOG-07' AND title = 'Central insamling och larm' AND text = 'Loggarna ska samlas i ett centralt system med regler som larmar vid misstänkta händelser, till exempel många misslyckade inloggningar eller ovanligt stora uttag av information.';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'LOG-08' AND title = 'Ändringar går att härleda';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'SKP-01' AND title = 'Plan för säkerhetskopiering';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'SKP-02' AND title = 'Prövad återläsning';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'SKP-03' AND title = 'Kopior på en annan plats';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'SKP-04' AND title = 'Kopior som inte kan krypteras av angripare';
UPDATE requirements SET nis2 = 'c,h', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'SKP-05' AND title = 'Kopiorna skyddas som originalet';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'SKP-06' AND title = 'Beslutade mål för återställning';
UPDATE requirements SET nis2 = 'h', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KRY-01' AND title = 'Kryptering vid överföring';
UPDATE requirements SET nis2 = 'h', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KRY-02' AND title = 'Kryptering av lagrad information';
UPDATE requirements SET nis2 = 'h', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KRY-03' AND title = 'Krypterade bärbara enheter';
UPDATE requirements SET nis2 = 'h', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KRY-04' AND title = 'Hantering av nycklar och certifikat';
UPDATE requirements SET nis2 = 'h,j', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KRY-05' AND title = 'Skyddad e-post och skyddade meddelanden';
UPDATE requirements SET nis2 = 'd,h', gdpr = '', obligation = 'must', party = 'both', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'KRY-06' AND title = 'Nycklar under egen kontroll';
UPDATE requirements SET nis2 = 'h', gdpr = '', obligation = 'should', party = 'both', conditions = '', kinds = '', text = 'Information vars riktighet är avgörande bör skyddas med kontrollsummor eller elektroniska underskrifter, så att otillåtna ändringar upptäcks.', version = version + 1
 WHERE code = 'KRY-07' AND title = 'Kontrollsummor och underskrifter' AND text = 'Information vars riktighet är avgörande ska skyddas med kontrollsummor eller elektroniska underskrifter, så att otillåtna ändringar upptäcks.';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KON-01' AND title = 'Kontinuitetsplan';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KON-02' AND title = 'Reservrutiner';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KON-03' AND title = 'Planerna övas';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KON-04' AND title = 'Beslutad tillgänglighet';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'should', party = 'both', conditions = '', kinds = '', text = 'Tillgången bör vara uppbyggd så att ett enskilt fel i server, lagring, nätverk eller strömförsörjning inte leder till avbrott, till exempel genom dubblerade delar eller en andra driftplats.', version = version + 1
 WHERE code = 'KON-05' AND title = 'Inget enskilt fel stoppar tillgången' AND text = 'Tillgången ska vara uppbyggd så att ett enskilt fel i server, lagring, nätverk eller strömförsörjning inte leder till avbrott, till exempel genom dubblerade delar eller en andra driftplats.';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KON-06' AND title = 'Prioriterad vid kris';
UPDATE requirements SET nis2 = 'c,d', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'KON-07' AND title = 'Kartlagda beroenden';
UPDATE requirements SET nis2 = 'd', gdpr = '', obligation = 'must', party = 'supplier', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'LEV-01' AND title = 'Säkerhetskraven står i avtalet';
UPDATE requirements SET nis2 = 'c,d', gdpr = '', obligation = 'must', party = 'supplier', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'LEV-02' AND title = 'Avtalade servicenivåer';
UPDATE requirements SET nis2 = 'd', gdpr = '', obligation = 'must', party = 'supplier', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'LEV-03' AND title = 'Leverantören följs upp';
UPDATE requirements SET nis2 = 'b,d', gdpr = '', obligation = 'must', party = 'supplier', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'LEV-04' AND title = 'Leverantören rapporterar incidenter';
UPDATE requirements SET nis2 = 'd', gdpr = '44', obligation = 'must', party = 'supplier', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'LEV-05' AND title = 'Känd lagringsplats, bedömda tredjeländer';
UPDATE requirements SET nis2 = 'd', gdpr = '', obligation = 'must', party = 'supplier', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'LEV-06' AND title = 'Återlämning när avtalet upphör';
UPDATE requirements SET nis2 = 'd', gdpr = '28', obligation = 'must', party = 'supplier', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'LEV-07' AND title = 'Underleverantörer godkänns';
UPDATE requirements SET nis2 = 'd,i', gdpr = '', obligation = 'must', party = 'supplier', conditions = 'outsourced', kinds = '', version = version + 1
 WHERE code = 'LEV-08' AND title = 'Kontrollerad personal hos leverantören';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'FYS-01' AND title = 'Låsta utrymmen för utrustning';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'FYS-02' AND title = 'Registrerat tillträde';
UPDATE requirements SET nis2 = 'e', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'FYS-03' AND title = 'Skydd mot brand, vatten och värme';
UPDATE requirements SET nis2 = 'c', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'FYS-04' AND title = 'Avbrottsfri kraft';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'FYS-05' AND title = 'Inlåsta handlingar och lagringsmedier';
UPDATE requirements SET nis2 = 'i', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'FYS-06' AND title = 'Säker förstöring';
UPDATE requirements SET nis2 = 'g,i', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'FYS-07' AND title = 'Låst skärm och skydd mot insyn';
UPDATE requirements SET nis2 = '', gdpr = '30', obligation = 'must', party = 'organisation', conditions = 'personal_data', kinds = '', version = version + 1
 WHERE code = 'PU-01' AND title = 'Behandlingen finns i registerförteckningen';
UPDATE requirements SET nis2 = '', gdpr = '35', obligation = 'must', party = 'organisation', conditions = 'personal_data', kinds = '', version = version + 1
 WHERE code = 'PU-02' AND title = 'Konsekvensbedömning vid hög risk';
UPDATE requirements SET nis2 = 'd', gdpr = '28', obligation = 'must', party = 'supplier', conditions = 'personal_data,outsourced', kinds = '', version = version + 1
 WHERE code = 'PU-03' AND title = 'Personuppgiftsbiträdesavtal';
UPDATE requirements SET nis2 = '', gdpr = '5', obligation = 'must', party = 'both', conditions = 'personal_data', kinds = '', version = version + 1
 WHERE code = 'PU-04' AND title = 'Gallring enligt beslut';
UPDATE requirements SET nis2 = '', gdpr = '15,16,17', obligation = 'must', party = 'both', conditions = 'personal_data', kinds = '', version = version + 1
 WHERE code = 'PU-05' AND title = 'Stöd för de registrerades rättigheter';
UPDATE requirements SET nis2 = 'b', gdpr = '33', obligation = 'must', party = 'organisation', conditions = 'personal_data', kinds = '', version = version + 1
 WHERE code = 'PU-06' AND title = 'Rapportering av personuppgiftsincidenter';
UPDATE requirements SET nis2 = '', gdpr = '5,32', obligation = 'must', party = 'both', conditions = 'personal_data', kinds = '', version = version + 1
 WHERE code = 'PU-07' AND title = 'Inga verkliga personuppgifter i test';
UPDATE requirements SET nis2 = 'e', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'DRI-01' AND title = 'Säkerhetsuppdateringar installeras';
UPDATE requirements SET nis2 = 'e', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'DRI-02' AND title = 'Sårbarheter söks regelbundet';
UPDATE requirements SET nis2 = 'e', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'DRI-03' AND title = 'Programvara med support';
UPDATE requirements SET nis2 = 'e', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'DRI-04' AND title = 'Styrda ändringar';
UPDATE requirements SET nis2 = 'd,e', gdpr = '25', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'DRI-05' AND title = 'Säkerhet från början vid utveckling och upphandling';
UPDATE requirements SET nis2 = 'e', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'DRI-06' AND title = 'Avgränsat nätverk';
UPDATE requirements SET nis2 = 'e,g', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'DRI-07' AND title = 'Skydd mot skadlig kod';
UPDATE requirements SET nis2 = 'e', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'DRI-08' AND title = 'Härdade servrar och tjänster';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'INC-01' AND title = 'Alla vet hur incidenter rapporteras';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'both', conditions = '', kinds = '', version = version + 1
 WHERE code = 'INC-02' AND title = 'Rutin för incidenthantering';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'organisation', conditions = 'nis2', kinds = '', min_c = NULL, min_i = NULL, min_a = NULL, version = version + 1
 WHERE code = 'INC-03' AND title = 'Rapportering enligt cybersäkerhetslagen';
UPDATE requirements SET nis2 = 'b', gdpr = '', obligation = 'must', party = 'organisation', conditions = '', kinds = '', version = version + 1
 WHERE code = 'INC-04' AND title = 'Lärdomar efter incidenter';

-- Samhällsviktig verksamhet (civil preparedness, RSA) is its own flag; nis2
-- now means only "supports services in the scope of the cybersecurity act".
-- The one flag that meant both is kept in both, so nothing is lost.
ALTER TABLE assets ADD COLUMN vital BIGINT NOT NULL DEFAULT 0;
UPDATE assets SET vital = nis2;

-- 1: every aspect needs a motivation when a classification is signed
-- (KLASSA practice); 0: only aspects raised above the lowest level.
ALTER TABLE class_models ADD COLUMN motivate_all BIGINT NOT NULL DEFAULT 0;
