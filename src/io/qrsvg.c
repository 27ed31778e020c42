/*
 * qrsvg.c - QR codes as SVG.
 */
#include "io/qrsvg.h"

#include <qrencode.h>

#include "core/html.h"

#define QUIET 4

int qr_svg(struct html *h, const char *text, const char *title)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int size;

	if (!q)
		return -1;
	size = q->width + 2 * QUIET;
	HTML_LIT(h, "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"");
	html_int(h, size * 6);
	HTML_LIT(h, "\" height=\"");
	html_int(h, size * 6);
	HTML_LIT(h, "\" viewBox=\"0 0 ");
	html_int(h, size);
	HTML_LIT(h, " ");
	html_int(h, size);
	HTML_LIT(h, "\" shape-rendering=\"crispEdges\"><title>");
	html_text(h, title);
	HTML_LIT(h, "</title><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
	for (int y = 0; y < q->width; y++) {
		for (int x = 0; x < q->width; x++) {
			if (!(q->data[y * q->width + x] & 1))
				continue;
			HTML_LIT(h, "M");
			html_int(h, x + QUIET);
			HTML_LIT(h, " ");
			html_int(h, y + QUIET);
			HTML_LIT(h, "h1v1h-1z");
		}
	}
	HTML_LIT(h, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
