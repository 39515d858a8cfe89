/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checks of the identifiers a business writes on its letters: IBAN (ISO 13616, mod 97), BIC
 * (ISO 9362), SIREN (9 digits, Luhn key). Spaces are allowed and dropped; letters are made
 * capitals. Each returns the normalised form, or %NULL when the identifier is not valid. */

char *rl_iban_check  (const char *iban);
char *rl_bic_check   (const char *bic);
char *rl_siren_check (const char *siren);

/* How they are written for a reader: an IBAN in groups of four characters, a SIREN (or a SIRET)
 * in groups of three digits (« 552 100 554 », the SIRET's last five together), joined by
 * no-break spaces. Anything else is returned as it is. */
char *rl_iban_format  (const char *iban);
char *rl_siren_format (const char *siren);

G_END_DECLS
