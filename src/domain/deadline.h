/*
 * deadline.h - the statutory clocks of incidents: when each notification
 * is due, and whether a clock is running, stopped or missed.
 *
 * The rules, each tagged with its source (reference.md):
 * - GDPR Art. 33(1): a personal-data breach is notified to the supervisory
 *   authority (IMY) without undue delay and, where feasible, not later than
 *   72 hours after becoming aware of it, unless it is unlikely to result in
 *   a risk; a later notification carries the reasons for the delay.
 * - GDPR Art. 34(1): the data subjects are informed without undue delay
 *   when the breach is likely to result in a high risk (no fixed time).
 * - NIS2 Art. 23(4) and the cybersecurity act (2025:1506): a significant
 *   incident requires (a) an early warning within 24 hours of becoming aware,
 *   (b) an incident notification within 72 hours, (d) a final report not
 *   later than one month after the incident notification.
 *
 * Hours are elapsed time, so a clock that crosses a change of summer time
 * ends at the same instant as one that does not (72 hours from 01:30 on
 * 29 March 2026 end at 02:30 on 1 April, Swedish time). A month is a
 * calendar month in Swedish local time, at the same time of day; when the
 * day does not exist in that month the period ends on its last day (31
 * January + one month = 28 February), and when the time does not exist
 * on that day (the night the clocks go forward) it ends at the first
 * moment after the gap, or at the first of two moments that share the
 * time. Tillit never shows a deadline later than the statute's: it
 * counts from the moment of awareness, not from the next full hour or day.
 *
 * Pure rules: no database, no clock of its own (the caller passes now).
 */
#ifndef TILLIT_DOMAIN_DEADLINE_H
#define TILLIT_DOMAIN_DEADLINE_H

#include <stdbool.h>
#include <time.h>

/** What a statutory clock is doing at a moment. */
enum clock_state {
	CLOCK_WAITING,      /* it has not started: what it counts from has not happened yet */
	CLOCK_RUNNING,      /* due in the future, the step not done */
	CLOCK_MISSED,       /* due in the past, the step not done */
	CLOCK_OPEN,         /* no fixed deadline ("without undue delay"), the step not done */
	CLOCK_DONE,         /* the step was done in time (or there was no fixed deadline) */
	CLOCK_LATE,         /* the step was done after the deadline */
	CLOCK_NOT_REQUIRED, /* decided that the duty does not apply */
};

/** GDPR Art. 33(1): 72 hours after becoming aware. REQ: GDPR-33.1 72h */
time_t deadline_gdpr33(time_t aware);

/** NIS2 Art. 23(4)(a): the early warning, 24 hours after becoming aware. REQ: NIS2-23.4.a 24h */
time_t deadline_csirt_early_warning(time_t aware);

/** NIS2 Art. 23(4)(b): the incident notification, 72 hours after becoming aware. REQ: NIS2-23.4.b 72h */
time_t deadline_csirt_notification(time_t aware);

/** NIS2 Art. 23(4)(d): the final report, one month after the incident notification. REQ: NIS2-23.4.d 1 month */
time_t deadline_csirt_final(time_t notified);

/** The end of the four weeks in which IMY accepts supplements to a notification. */
time_t deadline_imy_supplements(time_t first_filed);

/**
 * One calendar month after @t in Swedish local time, same time of day
 * (clamped to the month's last day; a time in the gap moves past it).
 */
time_t deadline_add_month(time_t t);

/**
 * The state of a clock due at @due (0: no fixed deadline), whose step was
 * done at @done (0: not done), at @now. @not_required wins over all.
 */
enum clock_state clock_state_at(time_t due, time_t done, bool not_required, time_t now);

/** True for the states in which the clock still asks for something (running, missed, open). */
bool clock_is_open(enum clock_state s);

/** The message id of a state's label ("Running", "Missed", ...). */
const char *clock_state_label(enum clock_state s);

/** The stored word of a state, for the API ("running", "missed", ...). */
const char *clock_state_name(enum clock_state s);

#endif
