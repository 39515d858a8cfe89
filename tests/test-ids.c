/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rl-ids.h"

#define NBSP "\xC2\xA0"

typedef struct
{
  const char *input;
  const char *checked;  /* NULL: refused */
} CheckCase;

static void
run_checks (char *(*check) (const char *), const CheckCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *got = check (cases[i].input);

      g_assert_cmpstr (got, ==, cases[i].checked);
    }
}

static void
test_checks (void)
{
  static const CheckCase ibans[] = {
    { "FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189" },
    { "fr7630006000011234567890189", "FR7630006000011234567890189" },
    { "FR76 3000 6000 0112 3456 7890 188", NULL },          /* wrong key */
    { "FR76", NULL },
    { "", NULL },
    { NULL, NULL },
  };
  static const CheckCase bics[] = {
    { "AGRIFRPP", "AGRIFRPP" }, { "agri fr pp 839", "AGRIFRPP839" }, { "AGRIFR", NULL },
    { "1GRIFRPP", NULL },
  };
  static const CheckCase sirens[] = {
    { "552 100 554", "552100554" }, { "552100554", "552100554" }, { "552100555", NULL },
    { "55210055", NULL }, { "55210055A", NULL },
  };

  run_checks (rl_iban_check, ibans, G_N_ELEMENTS (ibans));
  run_checks (rl_bic_check, bics, G_N_ELEMENTS (bics));
  run_checks (rl_siren_check, sirens, G_N_ELEMENTS (sirens));
}

/* As printed on letters and in messages. */
static void
test_formats (void)
{
  static const CheckCase ibans[] = {
    { "FR7630006000011234567890189", "FR76 3000 6000 0112 3456 7890 189" },
    { "FR76 3000 6000 0112 3456 7890 189", "FR76 3000 6000 0112 3456 7890 189" },
    { "DE89370400440532013000", "DE89 3704 0044 0532 0130 00" },
    { "", "" },
  };
  static const CheckCase sirens[] = {
    { "552100554", "552" NBSP "100" NBSP "554" },
    { "552 100 554", "552" NBSP "100" NBSP "554" },
    { "55210055400013", "552" NBSP "100" NBSP "554" NBSP "00013" },    /* a SIRET */
    { "B 552 100 554", "B 552 100 554" },                              /* as it was typed */
    { "1234", "1234" },
    { "", "" },
  };

  run_checks (rl_iban_format, ibans, G_N_ELEMENTS (ibans));
  run_checks (rl_siren_format, sirens, G_N_ELEMENTS (sirens));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relance/ids/checks", test_checks);
  g_test_add_func ("/relance/ids/formats", test_formats);
  return g_test_run ();
}
