/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-model.h"

G_BEGIN_DECLS

/* Internals of the demo generator (rl-demo*.c): the seeded random generator, the word tables a
 * demo book is made of and the identities (names, addresses, SIREN, VAT numbers, IBANs) drawn
 * from them. Shared with the tests, which check the generated addresses against the tables. */

/* splitmix64: small, fast, and the same sequence on every platform. */
typedef struct
{
  guint64 s;
} RlDemoRng;

static inline guint64
_rl_demo_rng_next (RlDemoRng *r)
{
  guint64 z = (r->s += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static inline guint
_rl_demo_rng_below (RlDemoRng *r,
                    guint      n)
{
  return (guint) (((_rl_demo_rng_next (r) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static inline int
_rl_demo_rng_range (RlDemoRng *r,
                    int        lo,
                    int        hi)
{
  return lo + (int) _rl_demo_rng_below (r, (guint) (hi - lo + 1));
}

static inline gboolean
_rl_demo_rng_chance (RlDemoRng *r,
                     guint      per_mille)
{
  return _rl_demo_rng_below (r, 1000) < per_mille;
}

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
  const char *street;
} RlDemoForeignPlace;

typedef struct
{
  const char *code;          /* the 5-digit "code banque" of a French RIB */
  const char *bic;
} RlDemoBank;

typedef enum
{
  RL_DEMO_BUSINESS,
  RL_DEMO_CONSUMER,
  RL_DEMO_FOREIGN,   /* a business abroad that writes in English */
} RlDemoKind;

/* Who a customer is. Empty strings mean "none". */
typedef struct
{
  char        name[160];
  char        siren[10];
  char        vat_number[32];
  char        email[200];
  char        phone[40];
  char        address1[128];
  char        address2[128];
  char        iban[35];
  char        domain[80];     /* of a business's e-mail addresses */
  const char *postcode;
  const char *city;
  const char *country;
  const char *language;
} RlDemoIdentity;

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
extern const RlDemoWords _rl_demo_roles;
extern const RlDemoWords _rl_demo_mail_providers;
extern const RlDemoWords _rl_demo_notes;

const char *_rl_demo_rng_word         (RlDemoRng          *r,
                                       const RlDemoWords  *words);
/* Log-normal: log10 (euros) ~ N(@mu, @sigma), both × 1000; in integers only. */
RlCents     _rl_demo_draw_cents       (RlDemoRng          *r,
                                       int                 mu,
                                       int                 sigma);
/* Who the book belongs to: a French SME with its SIREN, VAT number, IBAN and BIC. */
void        _rl_demo_draw_company     (RlDemoRng          *r,
                                       GHashTable         *sirens,
                                       RlCompany          *company);
void        _rl_demo_draw_identity    (RlDemoRng          *r,
                                       RlDemoKind          kind,
                                       GHashTable         *sirens,
                                       RlDemoIdentity     *out);
/* A contact at a business: "Mme Claire Moreau", her role, c.moreau@<domain>, a mobile. */
void        _rl_demo_draw_contact     (RlDemoRng          *r,
                                       const char         *domain,
                                       char                name[96],
                                       const char        **role,
                                       char                email[160],
                                       char                phone[24]);
/* A SIREN not yet in @sirens (a set of GUINT_TO_POINTER of its first 8 digits); adds it. */
void        _rl_demo_draw_siren       (RlDemoRng          *r,
                                       GHashTable         *sirens,
                                       char                out[10]);
void        _rl_demo_draw_french_iban (RlDemoRng          *r,
                                       const char         *bank_code,
                                       char                out[35]);
void        _rl_demo_draw_phone       (RlDemoRng          *r,
                                       const char         *postcode,
                                       gboolean            mobile,
                                       char                out[24]);
/* Lower-case ASCII letters and digits of @text, other runs replaced by @sep (or dropped). */
void        _rl_demo_slug             (const char         *text,
                                       char                sep,
                                       char               *out,
                                       gsize               size);

/* The Luhn key to append to the 8 digits of @body (0 to 99999999). */
guint       _rl_demo_luhn_key         (guint32             body);
/* "FR" + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
void        _rl_demo_vat_fr           (const char         *siren,
                                       char                out[14]);
/* Writes @country + ISO 13616 check digits + @bban into @out (at least 35 bytes). */
void        _rl_demo_iban             (const char         *country,
                                       const char         *bban,
                                       char               *out);
/* ISO 13616: the IBAN (no spaces) checks to 1 modulo 97. */
gboolean    _rl_demo_iban_is_valid    (const char         *iban);
/* The RIB key ("clé RIB") of a French bank account with a numeric account number. */
guint       _rl_demo_rib_key          (guint32             bank,
                                       guint32             branch,
                                       guint64             account);
/* The telephone zone (1 to 5) of a French postcode's département. */
int         _rl_demo_phone_zone       (const char         *postcode);

G_END_DECLS
