/*
 * static.h - the files built into the binary under /static/ (style sheets,
 * script, icon): their addresses and their answers.
 *
 * A page links each file by an address that carries a hash of its content,
 * "/static/<hash>/app.css" (static_url()). That address names one content
 * for ever, so it is answered with a year's immutable cache lifetime: a
 * browser never asks again until a new build changes the file and with it
 * the address. The plain address "/static/app.css", and an address with an
 * old hash (a page cached from before an upgrade), still answer with the
 * current file, but must be revalidated each time. Every answer carries the
 * hash as its ETag, and a request whose If-None-Match holds it gets 304 with
 * no body.
 */
#ifndef TILLIT_HTTP_STATIC_H
#define TILLIT_HTTP_STATIC_H

#include "http/req.h"

/**
 * The address of the built-in file @name ("app.css"):
 * "/static/<hash>/app.css". Borrowed; lives as long as the process. A
 * @name that is not built in is a bug (BUG()).
 */
const char *static_url(const char *name);

/**
 * Answer a GET of "/static/" + @rest: the file with its content type, cache
 * lifetime and ETag, or 304. ERR_NOTFOUND when no built-in file has that
 * name.
 */
int static_answer(struct req *r, const char *rest);

#endif
