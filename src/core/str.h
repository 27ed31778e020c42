/*
 * str.h - small string helpers that C's library lacks.
 */
#ifndef TILLIT_CORE_STR_H
#define TILLIT_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/** True when @s is valid UTF-8 of @len bytes with no NUL and no C0 control except tab, LF, CR. */
bool str_valid_utf8(const char *s, size_t len);

/**
 * The length (2 to 4) of the valid UTF-8 sequence at @s, of which at most
 * @len bytes are there, with its code point in *@cp; 0 when the bytes are
 * no such sequence (ASCII, a stray continuation byte, an overlong form, a
 * surrogate, past U+10FFFF, or cut short). A NUL-terminated string may
 * pass SIZE_MAX: its NUL ends a truncated sequence.
 */
size_t str_utf8_seq(const char *s, size_t len, uint32_t *cp);

/**
 * True when @s is text Tillit accepts as input: str_valid_utf8(), and no DEL,
 * no C1 control (U+0080..U+009F) and no Unicode noncharacter (U+FDD0..U+FDEF,
 * U+FFFE, U+FFFF and their counterparts in every plane), none of which XML
 * (and so an XLSX export) can carry.
 */
bool str_valid_text(const char *s, size_t len);

/** Strip leading and trailing ASCII white space in place; returns @s. NULL gives NULL. */
char *str_trim(char *s);

/**
 * A choice's label "Name (Detail)" split at its last " (" (a name may hold
 * parentheses of its own): *name and *detail copied into @a, or, when @text
 * does not end so, *name = @text and *detail = NULL.
 */
void str_split_label(struct arena *a, const char *text, const char **name, char **detail);

/** True when @s is NULL or only white space. */
bool str_blank(const char *s);

/** Parse a whole decimal int64 (no trailing junk). Returns false when malformed or out of range. */
bool str_to_i64(const char *s, int64_t *out);

/** Case-insensitive ASCII equality; NULLs are equal only to each other. */
bool str_ieq(const char *a, const char *b);

/** True when @s starts with @prefix. */
bool str_starts(const char *s, const char *prefix);

/** True when @s ends with @suffix. */
bool str_ends(const char *s, const char *suffix);

/** A malloc()ed copy of @s for memory that outlives a request (caches), or NULL for NULL; out of memory is a BUG. */
char *str_dup_or_null(const char *s);

/** Number of Unicode code points in valid UTF-8 @s. */
size_t str_utf8_len(const char *s);

/** @s when it has at most @max characters (max >= 1), else its first max - 1 followed by "…", in @a. */
const char *str_cut_utf8(struct arena *a, const char *s, size_t max);

/**
 * Fold @len bytes of UTF-8 text @in for comparing without regard to case,
 * into @out (room for @len bytes; the result is exactly as long, and @out
 * may be @in): capitals of ASCII and Latin-1 (A-Z, À-Þ but ×) and the case
 * pairs of Latin Extended-A (Ā-ž, Ÿ) become small letters; everything else,
 * invalid UTF-8 included, is copied unchanged. Swedish and other European
 * text folds as PostgreSQL's lower() does in a UTF-8 database. The one
 * folding of the stored folded columns, of search terms and of SQLite's
 * lower().
 */
void str_fold_utf8(char *out, const char *in, size_t len);

/**
 * Compare @a and @b in Swedish alphabetical order (<0, 0, >0): without
 * regard to case, å ä ö last and in that order, é with e and ü with y;
 * text equal but for case or accents in byte order. NULL is "".
 */
int str_sv_cmp(const char *a, const char *b);

/** @s folded with str_fold_utf8(), NUL-terminated, in @a. NULL gives "". */
char *str_fold(struct arena *a, const char *s);

/** The position of @s in @table (@n entries): -1 when @s is NULL or not there. */
int str_index(const char *const *table, size_t n, const char *s);

/** The entry of @labels at the position of @s in @values (@n entries); "" when it is not there. */
const char *str_label(const char *const *values, const char *const *labels, size_t n, const char *s);

#endif
