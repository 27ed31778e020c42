/*
 * fuzz_server.h - the real HTTP server, in process, for the harnesses that
 * fuzz what arrives over a connection (forms, multipart bodies, cookies).
 *
 * fuzz_server_start() runs server_mhd.c on 127.0.0.1 (a free port, one
 * worker thread) with the real router in front of a migrated SQLite file
 * database, so public pages and sign-in answer as they do in production.
 * Every request first passes the harness's own checks of the struct req
 * the server built (field limits, NUL bytes, file parts), and after
 * routing, no route's handler may have seen a value that is not text.
 */
#ifndef TILLIT_FUZZ_SERVER_H
#define TILLIT_FUZZ_SERVER_H

#include <stdbool.h>
#include <stddef.h>

/** Start the server once per process (later calls do nothing). Aborts on failure. */
void fuzz_server_start(void);

/**
 * Send @len bytes of @raw on a new connection and read until the server
 * closes it. With @half_close the sending side is shut down after the
 * request, so an incomplete request ends too. Returns the status of the
 * first response, or 0 when none came.
 */
int fuzz_server_send(const char *raw, size_t len, bool half_close);

#endif
