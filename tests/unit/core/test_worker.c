/*
 * test_worker.c - a worker runs its job on a thread of its own, and
 * worker_wait() returns only when the job is done; without a worker the
 * job runs in place.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "core/worker.h"

struct job {
	pthread_t ran_on;
	int runs;
	long sum; /* of 1..n, slowly: the owner would see a part if it did not wait */
	long n;
};

static void count(void *arg)
{
	struct job *j = arg;
	const struct timespec tick = { 0, 100000 };

	j->ran_on = pthread_self();
	for (long i = 1; i <= j->n; i++) {
		j->sum += i;
		if (i % 10 == 0)
			nanosleep(&tick, NULL);
	}
	j->runs++;
}

static void test_runs_beside_and_waits(void **state)
{
	struct worker *w = worker_new();
	struct job j = { .n = 200 };

	(void)state;
	assert_non_null(w);
	for (int round = 0; round < 50; round++) {
		j.sum = 0;
		worker_run(w, count, &j);
		worker_wait(w);
		assert_int_equal(j.sum, 200 * 201 / 2);
		assert_int_equal(j.runs, round + 1);
		assert_false(pthread_equal(j.ran_on, pthread_self()));
	}
	worker_wait(w); /* nothing given: returns at once */
	worker_free(w);
}

static void test_free_waits_for_the_job(void **state)
{
	struct worker *w = worker_new();
	struct job j = { .n = 500 };

	(void)state;
	worker_run(w, count, &j);
	worker_free(w);
	assert_int_equal(j.runs, 1);
	assert_int_equal(j.sum, 500 * 501 / 2);
}

static void test_no_worker_runs_in_place(void **state)
{
	struct job j = { .n = 10 };

	(void)state;
	worker_run(NULL, count, &j);
	assert_int_equal(j.runs, 1);
	assert_int_equal(j.sum, 55);
	assert_true(pthread_equal(j.ran_on, pthread_self()));
	worker_wait(NULL);
	worker_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_beside_and_waits),
		cmocka_unit_test(test_free_waits_for_the_job),
		cmocka_unit_test(test_no_worker_runs_in_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
