/*
 * fakeidp_main.c - the test OpenID Connect provider (tests/harness/fakeidp.c)
 * as a process of its own, for the browser tests.
 *
 * Usage: tillit-fakeidp CLIENT_ID CLIENT_SECRET [SUBJECT]
 *
 * Listens on a free port of 127.0.0.1, prints its issuer address on one
 * line, and serves until SIGTERM or SIGINT.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "fakeidp.h"

int main(int argc, char **argv)
{
	static struct fakeidp idp;
	sigset_t sigs;
	int sig = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: tillit-fakeidp CLIENT_ID CLIENT_SECRET [SUBJECT]\n");
		return 2;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	fakeidp_start(&idp, argv[1], argv[2]);
	if (argc > 3)
		idp.sub = argv[3];
	printf("%s\n", idp.issuer);
	fflush(stdout);
	sigwait(&sigs, &sig);
	fakeidp_stop(&idp);
	return 0;
}
