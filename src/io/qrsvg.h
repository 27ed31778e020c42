/*
 * qrsvg.h - a QR code drawn as inline SVG (libqrencode), for the set-up of
 * a TOTP app: one <path> of the dark modules, with a quiet zone, scalable,
 * named for assistive technology by @title.
 *
 * Part of src/io/: core and libc (and libqrencode) only.
 */
#ifndef TILLIT_IO_QRSVG_H
#define TILLIT_IO_QRSVG_H

struct html;

/** Write the QR code of @text into @h. -1 when it cannot be encoded (nothing written). */
int qr_svg(struct html *h, const char *text, const char *title);

#endif
