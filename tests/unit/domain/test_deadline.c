/*
 * test_deadline.c - every statutory deadline at its edges, each tagged with
 * the rule it checks: 72 hours to IMY (GDPR Art. 33(1)); the data subjects
 * without undue delay (Art. 34(1)); the CSIRT's early warning in 24 hours,
 * notification in 72 hours and final report one month after the
 * notification (NIS2 Art. 23(4), cybersecurity act 2025:1506). The nights
 * the clocks change in 2026 (29 March forward, 25 October back), the end
 * of a short month, and clocks that a filed step or a decision stops.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/timeutil.h"
#include "core/zone.h"
#include "domain/deadline.h"
#include "domain/incident.h"

static const char *local(time_t t)
{
	static char out[ZONE_LOCAL_LEN];
	zone_format_local(t, out);
	return out;
}

static const char *utc(time_t t)
{
	static char out[TIME_ISO_LEN];
	time_iso(t, out);
	return out;
}

static time_t at(const char *s)
{
	time_t t = 0;
	assert_true(time_parse_iso(s, &t));
	return t;
}

static time_t sw(const char *s, enum zone_fold fold)
{
	time_t t = 0;
	assert_int_equal(zone_parse_local(s, fold, &t), ZONE_OK);
	return t;
}

/* REQ: GDPR-33.1 72h. Aware at 01:30 on 29 March 2026, before the clocks go forward at 02:00:
 * 72 hours later is 02:30 on 1 April in Swedish time (not 01:30: the night lost an hour). */
static void test_gdpr33_across_spring_change(void **state)
{
	time_t aware = sw("2026-03-29T01:30", ZONE_FOLD_ASK);
	time_t due = deadline_gdpr33(aware);
	assert_string_equal(utc(aware), "2026-03-29T00:30:00Z");
	assert_string_equal(utc(due), "2026-04-01T00:30:00Z");
	assert_string_equal(local(due), "2026-04-01 02:30");
	assert_int_equal(due - aware, 72 * 3600);
}

/* REQ: GDPR-33.1 72h on an ordinary day: the same clock time three days later. */
static void test_gdpr33_plain(void **state)
{
	time_t due = deadline_gdpr33(sw("2026-05-12T14:05", ZONE_FOLD_ASK));
	assert_string_equal(local(due), "2026-05-15 14:05");
}

/* REQ: NIS2-23.4.a 24h. Aware at 02:30 on 25 October 2026, a time that occurs twice. */
static void test_csirt_early_warning_in_the_repeated_hour(void **state)
{
	time_t first = sw("2026-10-25T02:30", ZONE_FOLD_SUMMER);
	time_t second = sw("2026-10-25T02:30", ZONE_FOLD_WINTER);
	assert_int_equal(second - first, 3600);
	/* The first 02:30 (summer time): 24 hours later the clocks show 01:30. */
	assert_string_equal(utc(deadline_csirt_early_warning(first)), "2026-10-26T00:30:00Z");
	assert_string_equal(local(deadline_csirt_early_warning(first)), "2026-10-26 01:30");
	/* The second 02:30 (winter time): 02:30 the next day. */
	assert_string_equal(local(deadline_csirt_early_warning(second)), "2026-10-26 02:30");
	/* The API's RFC 3339 offsets name the same two instants. */
	time_t t;
	assert_true(zone_parse_rfc3339("2026-10-25T02:30:00+02:00", &t));
	assert_int_equal(t, first);
	assert_true(zone_parse_rfc3339("2026-10-25T02:30:00+01:00", &t));
	assert_int_equal(t, second);
}

/* REQ: NIS2-23.4.b 72h, from the repeated hour. */
static void test_csirt_notification_in_the_repeated_hour(void **state)
{
	assert_string_equal(local(deadline_csirt_notification(sw("2026-10-25T02:30", ZONE_FOLD_SUMMER))),
			    "2026-10-28 01:30");
	assert_string_equal(local(deadline_csirt_notification(sw("2026-10-25T02:30", ZONE_FOLD_WINTER))),
			    "2026-10-28 02:30");
	/* GDPR's 72 hours are the same hours. REQ: GDPR-33.1 72h */
	assert_int_equal(deadline_gdpr33(at("2026-10-25T00:30:00Z")),
			 deadline_csirt_notification(at("2026-10-25T00:30:00Z")));
}

/* REQ: NIS2-23.4.d 1 month. A notification on 31 January: the month has no 31st, so 28 February. */
static void test_csirt_final_from_31_january(void **state)
{
	time_t notified = sw("2026-01-31T10:00", ZONE_FOLD_ASK);
	assert_string_equal(local(deadline_csirt_final(notified)), "2026-02-28 10:00");
	assert_string_equal(utc(deadline_csirt_final(notified)), "2026-02-28T09:00:00Z");
	/* In a leap year the 29th. */
	assert_string_equal(local(deadline_csirt_final(sw("2028-01-31T10:00", ZONE_FOLD_ASK))), "2028-02-29 10:00");
	/* 31 March -> 30 April; 31 December -> 31 January of the next year. */
	assert_string_equal(local(deadline_csirt_final(sw("2026-03-31T23:59", ZONE_FOLD_ASK))), "2026-04-30 23:59");
	assert_string_equal(local(deadline_csirt_final(sw("2026-12-31T08:00", ZONE_FOLD_ASK))), "2027-01-31 08:00");
}

/* REQ: NIS2-23.4.d 1 month, across a change of summer time: the same clock time on the Swedish calendar. */
static void test_csirt_final_across_changes(void **state)
{
	time_t notified = sw("2026-03-10T12:00", ZONE_FOLD_ASK); /* winter time */
	time_t due = deadline_csirt_final(notified);
	assert_string_equal(local(due), "2026-04-10 12:00"); /* summer time */
	assert_string_equal(utc(due), "2026-04-10T10:00:00Z");
	/* From summer into winter time. */
	assert_string_equal(local(deadline_csirt_final(sw("2026-10-10T12:00", ZONE_FOLD_ASK))), "2026-11-10 12:00");
	/* From the second 02:30 of 25 October: 02:30 on 25 November. */
	assert_string_equal(local(deadline_csirt_final(sw("2026-10-25T02:30", ZONE_FOLD_WINTER))), "2026-11-25 02:30");
	/* Into the repeated hour: the first of the two 02:30s (the earlier deadline). */
	assert_string_equal(utc(deadline_csirt_final(sw("2026-09-25T02:30", ZONE_FOLD_ASK))), "2026-10-25T00:30:00Z");
	/* Into the hour that does not exist (29 March 2020, 02:30): the first moment after it, 03:30. */
	time_t gap = deadline_csirt_final(sw("2020-02-29T02:30", ZONE_FOLD_ASK));
	assert_string_equal(local(gap), "2020-03-29 03:30");
	assert_string_equal(utc(gap), "2020-03-29T01:30:00Z");
}

/* IMY accepts supplements for four weeks after the first report. */
static void test_imy_supplement_window(void **state)
{
	assert_string_equal(utc(deadline_imy_supplements(at("2026-03-01T10:00:00Z"))), "2026-03-29T10:00:00Z");
}

static void test_clock_states(void **state)
{
	time_t due = at("2026-04-01T00:30:00Z");
	assert_int_equal(clock_state_at(due, 0, false, due - 1), CLOCK_RUNNING);
	assert_int_equal(clock_state_at(due, 0, false, due), CLOCK_RUNNING);
	assert_int_equal(clock_state_at(due, 0, false, due + 1), CLOCK_MISSED);
	assert_int_equal(clock_state_at(due, due, false, due + 99999), CLOCK_DONE);
	assert_int_equal(clock_state_at(due, due + 1, false, due + 99999), CLOCK_LATE);
	assert_int_equal(clock_state_at(due, 0, true, due + 99999), CLOCK_NOT_REQUIRED);
	assert_int_equal(clock_state_at(0, 0, false, due), CLOCK_OPEN);
	assert_true(clock_is_open(CLOCK_MISSED));
	assert_false(clock_is_open(CLOCK_DONE));
	assert_string_equal(clock_state_name(CLOCK_NOT_REQUIRED), "not_required");
}

/* --- the clocks of a duty, from its record --- */

static struct incident breach(const char *aware)
{
	struct incident inc = { 0 };
	inc.id = 1;
	inc.state = "incident";
	inc.status = "investigating";
	inc.kind_breach = true;
	inc.aware_at = aware;
	return inc;
}

static struct incident_duty duty(const char *regime, const char *decision, struct incident_filing *f, size_t n)
{
	struct incident_duty d = { 0 };
	d.n.id = 7;
	d.n.regime = regime;
	d.n.decision = decision;
	d.filings = f;
	d.n_filings = n;
	return d;
}

/* REQ: GDPR-33.1 72h: the IMY clock runs, is missed, and stops when the first report is filed. */
static void test_imy_clock_stops_when_filed(void **state)
{
	struct incident inc = breach("2026-03-29T00:30:00Z");
	struct incident_filing f[] = {
		{ .notification_id = 7, .stage = "initial", .filed_at = "2026-03-30T09:00:00Z" },
		{ .notification_id = 7, .stage = "supplement", .filed_at = "2026-04-10T09:00:00Z" }
	};
	struct incident_duty d = duty("gdpr33", "pending", NULL, 0);

	incident_duty_clocks(&inc, &d, at("2026-03-30T00:00:00Z"));
	assert_int_equal(d.n_clocks, 1);
	assert_string_equal(utc(d.clocks[0].due), "2026-04-01T00:30:00Z");
	assert_int_equal(d.clocks[0].state, CLOCK_RUNNING);
	incident_duty_clocks(&inc, &d, at("2026-04-01T00:30:01Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_MISSED);
	assert_int_equal(incident_next_due(&d, 1), at("2026-04-01T00:30:00Z"));

	d = duty("gdpr33", "yes", f, 2);
	incident_duty_clocks(&inc, &d, at("2026-06-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_DONE);
	assert_string_equal(utc(d.clocks[0].done), "2026-03-30T09:00:00Z");
	assert_string_equal(utc(d.supplements_until), "2026-04-27T09:00:00Z");
	assert_int_equal(incident_next_due(&d, 1), 0);

	/* Filed after the 72 hours: done, late. */
	f[0].filed_at = "2026-04-02T09:00:00Z";
	incident_duty_clocks(&inc, &d, at("2026-06-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_LATE);
}

/* REQ: GDPR-33.1 unless unlikely to result in a risk: a "no" decision stops the IMY clock. */
static void test_imy_clock_stops_on_no_risk_decision(void **state)
{
	struct incident inc = breach("2026-03-29T00:30:00Z");
	struct incident_duty d = duty("gdpr33", "no", NULL, 0);
	incident_duty_clocks(&inc, &d, at("2026-05-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_NOT_REQUIRED);
	assert_int_equal(incident_next_due(&d, 1), 0);
}

/* Without an awareness time no clock has started; in triage none runs. */
static void test_waiting(void **state)
{
	struct incident inc = breach(NULL);
	struct incident_duty d = duty("gdpr33", "pending", NULL, 0);
	incident_duty_clocks(&inc, &d, at("2026-05-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_WAITING);
	inc = breach("2026-03-29T00:30:00Z");
	inc.state = "triage";
	incident_duty_clocks(&inc, &d, at("2026-05-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_WAITING);
}

/* REQ: GDPR-34.1 without undue delay when the risk is high: no fixed time; open once decided. */
static void test_data_subjects(void **state)
{
	struct incident inc = breach("2026-03-29T00:30:00Z");
	struct incident_filing f[] = {
		{ .notification_id = 7, .stage = "communication", .filed_at = "2026-03-31T09:00:00Z" },
	};
	struct incident_duty d = duty("gdpr34", "pending", NULL, 0);
	incident_duty_clocks(&inc, &d, at("2026-04-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_WAITING);
	d.n.decision = "yes";
	incident_duty_clocks(&inc, &d, at("2026-04-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_OPEN);
	assert_int_equal(d.clocks[0].due, 0);
	d = duty("gdpr34", "yes", f, 1);
	incident_duty_clocks(&inc, &d, at("2026-04-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_DONE);
	d = duty("gdpr34", "no", NULL, 0);
	incident_duty_clocks(&inc, &d, at("2026-04-01T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_NOT_REQUIRED);
}

/* REQ: NIS2-23.4.a 24h, NIS2-23.4.b 72h, NIS2-23.4.d 1 month: three clocks, the last counting from the notification. */
static void test_csirt_three_stages(void **state)
{
	struct incident inc = breach("2026-01-28T09:00:00Z");
	struct incident_filing f[] = {
		{ .notification_id = 7, .stage = "early_warning", .filed_at = "2026-01-28T20:00:00Z" },
		{ .notification_id = 7, .stage = "notification", .filed_at = "2026-01-31T09:00:00Z" },
		{ .notification_id = 7, .stage = "final", .filed_at = "2026-03-01T09:00:00Z" },
	};
	struct incident_duty d = duty("csirt", "pending", f, 1);

	inc.kind_significant = true;
	incident_duty_clocks(&inc, &d, at("2026-01-29T00:00:00Z"));
	assert_int_equal(d.n_clocks, 3);
	assert_int_equal(d.clocks[0].state, CLOCK_DONE);
	assert_string_equal(utc(d.clocks[1].due), "2026-01-31T09:00:00Z");
	assert_int_equal(d.clocks[1].state, CLOCK_RUNNING);
	assert_int_equal(d.clocks[2].state, CLOCK_WAITING); /* until the notification is filed */
	assert_int_equal(d.clocks[2].due, 0);

	d.n_filings = 2;
	incident_duty_clocks(&inc, &d, at("2026-02-01T00:00:00Z"));
	assert_int_equal(d.clocks[1].state, CLOCK_DONE);
	/* Notified 31 January 10:00 Swedish time: the final report is due 28 February 10:00. */
	assert_string_equal(local(d.clocks[2].due), "2026-02-28 10:00");
	assert_int_equal(d.clocks[2].state, CLOCK_RUNNING);
	assert_int_equal(incident_next_due(&d, 1), d.clocks[2].due);
	incident_duty_clocks(&inc, &d, at("2026-02-28T09:00:01Z"));
	assert_int_equal(d.clocks[2].state, CLOCK_MISSED);

	d.n_filings = 3;
	incident_duty_clocks(&inc, &d, at("2026-03-02T00:00:00Z"));
	assert_int_equal(d.clocks[2].state, CLOCK_LATE);
	assert_int_equal(incident_next_due(&d, 1), 0);
}

/* Another recipient: the time the user set, stopped by any filing. */
static void test_other_recipient(void **state)
{
	struct incident inc = breach("2026-03-29T00:30:00Z");
	struct incident_filing f[] = {
		{ .notification_id = 7, .stage = "initial", .filed_at = "2026-03-30T09:00:00Z" }
	};
	struct incident_duty d = duty("other", "pending", NULL, 0);
	d.n.due_at = "2026-04-02T12:00:00Z";
	incident_duty_clocks(&inc, &d, at("2026-04-03T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_MISSED);
	d.filings = f;
	d.n_filings = 1;
	incident_duty_clocks(&inc, &d, at("2026-04-03T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_DONE);
	d.n.due_at = NULL;
	d.n_filings = 0;
	incident_duty_clocks(&inc, &d, at("2026-04-03T00:00:00Z"));
	assert_int_equal(d.clocks[0].state, CLOCK_OPEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gdpr33_across_spring_change),
		cmocka_unit_test(test_gdpr33_plain),
		cmocka_unit_test(test_csirt_early_warning_in_the_repeated_hour),
		cmocka_unit_test(test_csirt_notification_in_the_repeated_hour),
		cmocka_unit_test(test_csirt_final_from_31_january),
		cmocka_unit_test(test_csirt_final_across_changes),
		cmocka_unit_test(test_imy_supplement_window),
		cmocka_unit_test(test_clock_states),
		cmocka_unit_test(test_imy_clock_stops_when_filed),
		cmocka_unit_test(test_imy_clock_stops_on_no_risk_decision),
		cmocka_unit_test(test_waiting),
		cmocka_unit_test(test_data_subjects),
		cmocka_unit_test(test_csirt_three_stages),
		cmocka_unit_test(test_other_recipient),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
