/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Internals of rl-demo.c: the word tables a demo book is made of, and the identifiers (SIREN,
 * VAT number, IBAN) built from them. Shared with the tests, which check the generated
 * addresses against the same tables. */

typedef struct
{
  const char * const *v;
  guint               n;
} RlDemoWords;

/* A real French commune and one of its real postcodes. */
typedef struct
{
  const char *postcode;
  const char *city;
} RlDemoCommune;

/* A place abroad, for the few customers who write in English. */
typedef struct
{
  const char *country;       /* ISO 3166 alpha-2 */
  const char *postcode;
  const char *city;
  const char *phone_prefix;  /* "+32 2" */
} RlDemoForeignPlace;

typedef struct
{
  const char *code;          /* the 5-digit "code banque" of a French RIB */
  const char *bic;
} RlDemoBank;

extern const RlDemoCommune      _rl_demo_communes[];
extern const guint              _rl_demo_n_communes;
extern const RlDemoForeignPlace _rl_demo_foreign_places[];
extern const guint              _rl_demo_n_foreign_places;
extern const RlDemoBank         _rl_demo_banks[];
extern const guint              _rl_demo_n_banks;

extern const RlDemoWords _rl_demo_surnames;
extern const RlDemoWords _rl_demo_female_names;
extern const RlDemoWords _rl_demo_male_names;
extern const RlDemoWords _rl_demo_trades;
extern const RlDemoWords _rl_demo_places;
extern const RlDemoWords _rl_demo_hospitality;
extern const RlDemoWords _rl_demo_brand_heads;
extern const RlDemoWords _rl_demo_brand_tails;
extern const RlDemoWords _rl_demo_activities;
extern const RlDemoWords _rl_demo_street_kinds;
extern const RlDemoWords _rl_demo_street_names;
extern const RlDemoWords _rl_demo_zones;
extern const RlDemoWords _rl_demo_zone_streets;
extern const RlDemoWords _rl_demo_foreign_heads;
extern const RlDemoWords _rl_demo_foreign_nouns;
extern const RlDemoWords _rl_demo_foreign_streets;
extern const RlDemoWords _rl_demo_roles;
extern const RlDemoWords _rl_demo_mail_providers;
extern const RlDemoWords _rl_demo_notes;

/* The Luhn key to append to the 8 digits of @body (0 to 99999999). */
guint   _rl_demo_luhn_key     (guint32      body);
/* "FR" + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
void    _rl_demo_vat_fr       (const char  *siren,
                               char         out[14]);
/* Writes @country + ISO 13616 check digits + @bban into @out (at least 35 bytes). */
void    _rl_demo_iban         (const char  *country,
                               const char  *bban,
                               char        *out);
/* ISO 13616: the IBAN (no spaces) checks to 1 modulo 97. */
gboolean _rl_demo_iban_is_valid (const char *iban);
/* The RIB key ("clé RIB") of a French bank account with a numeric account number. */
guint   _rl_demo_rib_key      (guint32      bank,
                               guint32      branch,
                               guint64      account);
/* The telephone zone (1 to 5) of a French postcode's département. */
int     _rl_demo_phone_zone   (const char  *postcode);

G_END_DECLS
