/*
 * nav.h - the main menu: one table of every module's entries, grouped by
 * the work, shown to each person as far as their roles reach.
 */
#ifndef TILLIT_WEB_NAV_H
#define TILLIT_WEB_NAV_H

#include "domain/authz.h"

struct html;
struct req;

/** The groups of the main menu, in the order shown. */
enum nav_group {
	NAV_TOP,        /* a plain link beside the groups (Overview, Organisation) */
	NAV_ASSETS,     /* Tillgångar och klassning */
	NAV_RISK,       /* Risk och kontinuitet */
	NAV_PRIVACY,    /* Dataskydd */
	NAV_INCIDENTS,  /* Incidenter */
	NAV_PLANS,      /* Planer och uppföljning */
	NAV_REVIEW,     /* Granskning och kontroll */
	NAV_GOVERNANCE, /* Styrdokument och utbildning */
	NAV_ADMIN,      /* Administration */
	NAV_GROUP_COUNT
};

/** One entry of the menu: shown when the person holds a role allowing @access anywhere. */
struct nav_entry {
	enum nav_group group;
	const char *href;
	const char *label; /* a message id */
	enum access access;
};

/** Every entry, in order, ending with an entry whose href is NULL. A new module adds its lines here. */
extern const struct nav_entry nav_entries[];

/** The label (a message id) of @g; "" for NAV_TOP. */
const char *nav_group_label(enum nav_group g);

/** True when @auth sees entry @n. */
bool nav_visible(const struct auth *auth, const struct nav_entry *n);

/**
 * Write the main menu for the signed-in user of @r: the top links, then a
 * disclosure (<details>) per group that has an entry they may see. The group
 * holding the current page is marked, and its entry has aria-current.
 */
void nav_render(struct html *h, struct req *r);

#endif
