/*
 * worker.h - one thread that runs one job at a time beside its owner.
 *
 * For work a long request can do on the machine's other core while it
 * writes (an import seals its audit entries while its rows are inserted):
 * the job must not touch the owner's database connection, nor anything the
 * owner touches until worker_wait() has returned. worker_run() hands over a
 * job and returns at once; worker_wait() returns when it is done. With no
 * worker (NULL: none asked for, or no thread could be started) worker_run()
 * runs the job itself, so a caller has one code path either way.
 */
#ifndef TILLIT_CORE_WORKER_H
#define TILLIT_CORE_WORKER_H

struct worker;

/** A worker with a thread of its own, or NULL if none could be started. */
struct worker *worker_new(void);

/** Run @job(@arg) on @w's thread (or here when @w is NULL). The previous job must have been waited for. */
void worker_run(struct worker *w, void (*job)(void *arg), void *arg);

/** Wait until the job given to @w is done (at once when there is none, or @w is NULL). */
void worker_wait(struct worker *w);

/** Wait for the job, stop the thread and free @w (NULL: nothing). */
void worker_free(struct worker *w);

#endif
