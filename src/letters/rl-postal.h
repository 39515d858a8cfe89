/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Postal addresses for window envelopes, to AFNOR NF Z10-011: at most 6 lines (7 abroad,
 * the country last), at most 38 characters each, no blank line; the line "POSTCODE CITY" in
 * capitals without accents, as La Poste asks. A line too long is shortened with the usual
 * abbreviations (AV, BD, ST, ZI…), then, for the name and street lines, wrapped at a word
 * onto a spare line; a word is never cut. What still does not fit is an error. */

#define RL_POSTAL_MAX_LINES      6
#define RL_POSTAL_MAX_LINE_CHARS 38

#define RL_LETTER_ERROR (rl_letter_error_quark ())

typedef enum
{
  RL_LETTER_ERROR_ADDRESS,   /* the address cannot be written on 6 lines of 38 characters */
  RL_LETTER_ERROR_PAYMENT,   /* no valid IBAN, an amount a payment code cannot carry */
  RL_LETTER_ERROR_IMAGE,     /* a logo or signature that is not a PNG or SVG image */
  RL_LETTER_ERROR_WRITE,     /* the PDF could not be written */
} RlLetterError;

typedef struct
{
  const char *name;       /* the recipient: a company or a person */
  const char *attention;  /* the person within it, or NULL */
  const char *address1;   /* as the book holds them; any may be NULL */
  const char *address2;
  const char *address3;
  const char *postcode;
  const char *city;
  const char *country;    /* ISO 3166 alpha-2 ("BE") or a name; NULL or "FR" at home */
} RlPostalAddress;

GQuark   rl_letter_error_quark   (void);

char   **rl_postal_format        (const RlPostalAddress *address,
                                  const char            *home_country,
                                  GError               **error);
char    *rl_postal_country_name  (const char            *country);
char    *rl_postal_abbreviate    (const char            *line);

G_END_DECLS
