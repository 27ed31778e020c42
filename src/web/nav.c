/*
 * nav.c - the main menu.
 *
 * Every module's menu entries are in nav_entries[], under the group of the
 * work they belong to; a person sees a group only when one of its entries
 * is allowed by a role they hold somewhere. Groups are <details>
 * disclosures, so the menu opens by keyboard and works without script;
 * app.js only closes an open group when another opens or on Escape.
 */
#include "web/nav.h"

#include <string.h>

#include "core/html.h"
#include "core/i18n.h"
#include "http/req.h"

static const char *const group_labels[NAV_GROUP_COUNT] = {
	[NAV_TOP] = "",
	[NAV_ASSETS] = N_("Assets and classification"),
	[NAV_RISK] = N_("Risk and continuity"),
	[NAV_PRIVACY] = N_("Data protection"),
	[NAV_INCIDENTS] = N_("Incidents"),
	[NAV_PLANS] = N_("Plans and follow-up"),
	[NAV_REVIEW] = N_("Audit and control"),
	[NAV_GOVERNANCE] = N_("Governing documents and training"),
	[NAV_ADMIN] = N_("Settings and administration"),
};

const struct nav_entry nav_entries[] = {
	{ NAV_TOP, "/", N_("Overview"), ACCESS_LOGIN },
	{ NAV_TOP, "/units", N_("Organisation"), ACCESS_READ },
	{ NAV_ASSETS, "/assets", N_("Information assets"), ACCESS_READ },
	{ NAV_ASSETS, "/requirements", N_("Requirements"), ACCESS_READ },
	{ NAV_ASSETS, "/figures", N_("Figures"), ACCESS_READ },
	{ NAV_RISK, "/risks", N_("Risks"), ACCESS_READ },
	{ NAV_RISK, "/risk-analyses", N_("Risk analyses"), ACCESS_READ },
	{ NAV_RISK, "/risks/matrix", N_("Risk matrix"), ACCESS_READ },
	{ NAV_RISK, "/continuity", N_("Continuity plans"), ACCESS_READ },
	{ NAV_RISK, "/exercises", N_("Exercises"), ACCESS_READ },
	{ NAV_INCIDENTS, "/incidents", N_("Incidents"), ACCESS_READ },
	{ NAV_INCIDENTS, "/incidents/mine", N_("My reports"), ACCESS_LOGIN },
	{ NAV_INCIDENTS, "/incidents/stats", N_("Incident statistics"), ACCESS_READ },
	{ NAV_PRIVACY, "/gdpr", N_("Register of processing"), ACCESS_READ },
	{ NAV_PLANS, "/plans", N_("Action plans"), ACCESS_READ },
	{ NAV_PLANS, "/activities", N_("Activities"), ACCESS_READ },
	{ NAV_PLANS, "/wheel", N_("Annual wheel"), ACCESS_READ },
	{ NAV_GOVERNANCE, "/governing-documents", N_("Governing documents"), ACCESS_READ },
	{ NAV_GOVERNANCE, "/training", N_("Training"), ACCESS_READ },
	{ NAV_REVIEW, "/inspections", N_("Audits"), ACCESS_READ },
	{ NAV_REVIEW, "/recommendations", N_("Open recommendations"), ACCESS_READ },
	{ NAV_REVIEW, "/internal-control", N_("Internal control"), ACCESS_READ },
	{ NAV_REVIEW, "/situation", N_("Organisation-wide picture"), ACCESS_READ },
	{ NAV_REVIEW, "/maturity", N_("Self-assessment"), ACCESS_READ },
	{ NAV_REVIEW, "/reviews", N_("Management reviews"), ACCESS_READ },
	{ NAV_ADMIN, "/users", N_("Users"), ACCESS_ADMIN },
	{ NAV_ADMIN, "/role-suggestions", N_("Suggested roles"), ACCESS_ADMIN },
	{ NAV_ADMIN, "/audit", N_("Audit trail"), ACCESS_AUDIT },
	{ 0, NULL, NULL, ACCESS_UNSET },
};

const char *nav_group_label(enum nav_group g)
{
	return g >= 0 && g < NAV_GROUP_COUNT ? group_labels[g] : "";
}

bool nav_visible(const struct auth *auth, const struct nav_entry *n)
{
	return n->access == ACCESS_LOGIN ? auth != NULL : authz_anywhere(auth, n->access);
}

/* True when @path is the page of @href or below it ("/" only itself). */
static bool nav_here(const char *path, const char *href)
{
	size_t n = strlen(href);
	if (!strcmp(href, "/"))
		return !strcmp(path, "/");
	return !strncmp(path, href, n) && (path[n] == 0 || path[n] == '/' || path[n] == '?');
}

/*
 * The entry of the page @path: the visible one with the longest address
 * that is @path or above it, so that /risks/matrix marks "Risk matrix"
 * and not "Risks" as well. NULL: none.
 */
static const struct nav_entry *nav_current(const struct auth *auth, const char *path)
{
	const struct nav_entry *best = NULL;
	for (const struct nav_entry *n = nav_entries; n->href; n++)
		if (nav_visible(auth, n) && nav_here(path, n->href) && (!best || strlen(n->href) > strlen(best->href)))
			best = n;
	return best;
}

static void entry_link(struct html *h, const struct nav_entry *n, const struct nav_entry *current)
{
	HTML_LIT(h, "<li><a href=\"");
	html_attr(h, n->href);
	if (n == current)
		HTML_LIT(h, "\" aria-current=\"page");
	HTML_LIT(h, "\">");
	html_tr(h, n->label);
	HTML_LIT(h, "</a></li>");
}

void nav_render(struct html *h, struct req *r)
{
	const struct nav_entry *current = nav_current(r->auth, r->path);

	HTML_LIT(h, "<nav class=\"menu\" aria-label=\"");
	html_tr(h, "Main menu");
	HTML_LIT(h, "\"><ul>");
	for (const struct nav_entry *n = nav_entries; n->href; n++)
		if (n->group == NAV_TOP && nav_visible(r->auth, n))
			entry_link(h, n, current);
	for (int g = NAV_TOP + 1; g < NAV_GROUP_COUNT; g++) {
		bool any = false;
		for (const struct nav_entry *n = nav_entries; n->href; n++) {
			if ((int)n->group != g || !nav_visible(r->auth, n))
				continue;
			any = true;
		}
		if (!any)
			continue;
		HTML_LIT(h, "<li><details class=\"group");
		if (current && (int)current->group == g)
			HTML_LIT(h, " here");
		HTML_LIT(h, "\"><summary>");
		html_tr(h, group_labels[g]);
		HTML_LIT(h, "</summary><ul>");
		for (const struct nav_entry *n = nav_entries; n->href; n++)
			if ((int)n->group == g && nav_visible(r->auth, n))
				entry_link(h, n, current);
		HTML_LIT(h, "</ul></details></li>");
	}
	HTML_LIT(h, "</ul></nav>");
}
