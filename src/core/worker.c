/*
 * worker.c - one thread, one job at a time: a mutex, a condition for
 * "a job is given" and one for "the job is done".
 */
#include "core/worker.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t given, done;
	void (*job)(void *arg); /* the job to run; NULL once it has run */
	void *arg;
	bool stop;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->job && !w->stop)
			pthread_cond_wait(&w->given, &w->mu);
		if (!w->job)
			break;
		pthread_mutex_unlock(&w->mu);
		w->job(w->arg);
		pthread_mutex_lock(&w->mu);
		w->job = NULL;
		pthread_cond_signal(&w->done);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct worker *worker_new(void)
{
	struct worker *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->given, NULL);
	pthread_cond_init(&w->done, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w)) {
		pthread_cond_destroy(&w->done);
		pthread_cond_destroy(&w->given);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	return w;
}

void worker_run(struct worker *w, void (*job)(void *arg), void *arg)
{
	if (!w) {
		job(arg);
		return;
	}
	pthread_mutex_lock(&w->mu);
	w->job = job;
	w->arg = arg;
	pthread_cond_signal(&w->given);
	pthread_mutex_unlock(&w->mu);
}

void worker_wait(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	while (w->job)
		pthread_cond_wait(&w->done, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

void worker_free(struct worker *w)
{
	if (!w)
		return;
	worker_wait(w);
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_signal(&w->given);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->done);
	pthread_cond_destroy(&w->given);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
