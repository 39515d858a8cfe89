/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rl-book-letters.h"
#include "rl-book-private.h"
#include "rl-demo.h"
#include "rl-engine.h"
#include "rl-gui-letters.h"
#include "rl-penalties.h"
#include "rl-postal.h"
#include "rl-preferences.h"
#include "rl-provider.h"
#include "rl-send-dialog.h"
#include "rl-test-util.h"

/* The app's letters, sending and preferences, without a display: letters rendered from a
 * demo book through the letters library and read back with Poppler, what is kept in the book
 * once printed, the preferences' checks, and the words of a message's outcome. */

#define AS_OF "2026-05-20"

typedef RlTestBook Fixture;

/* A small demo book run by the engine on AS_OF, its letter actions approved. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  RlDemoOptions options = { 40, 700, 1, rl_test_day (AS_OF), 12 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) actions = NULL;

  rl_test_book_set_up (f, data);
  g_assert_true (rl_demo_generate (f->book, &options, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rl_engine_run (f->book, rl_test_day (AS_OF), FALSE, NULL, &error));
  g_assert_no_error (error);
  actions = rl_book_list_actions (f->book, 0, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < actions->len; i++)
    {
      RlAction *a = g_ptr_array_index (actions, i);

      if (a->channel == RL_CHANNEL_LETTER && a->state == RL_ACTION_PROPOSED)
        g_assert_true (rl_book_set_action_state (f->book, a->id, RL_ACTION_APPROVED, NULL,
                                                 rl_test_day (AS_OF), &error));
      g_assert_no_error (error);
    }
}

/* The first action of @channel in the state given. */
static gint64
first_action (Fixture       *f,
              RlChannel      channel,
              RlActionState  state)
{
  g_autoptr(GPtrArray) actions = rl_book_list_actions (f->book, 0, TRUE, NULL);

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      RlAction *a = g_ptr_array_index (actions, i);

      if (a->channel == channel && a->state == state)
        return a->id;
    }
  g_assert_not_reached ();
}

static guint
n_to_print (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = rl_gui_letters_to_print (f->book, &error);

  g_assert_no_error (error);
  return ids->len;
}

static void
assert_pdf (GBytes *pdf,
            int     pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = rl_gui_pdf_open (pdf, &error);

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (doc), ==, pages);
}

static void
test_one_letter (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = first_action (f, RL_CHANNEL_LETTER, RL_ACTION_APPROVED);
  guint before = n_to_print (f);
  g_autoptr(RlGuiLetterSet) set = rl_gui_letter_render_action (f->book, id,
                                                               rl_test_day (AS_OF), &error);
  g_autoptr(GPtrArray) kept = NULL;
  const RlGuiLetter *l;

  g_assert_no_error (error);
  g_assert_false (set->batch);
  g_assert_cmpuint (set->letters->len, ==, 1);
  l = &g_array_index (set->letters, RlGuiLetter, 0);
  g_assert_cmpint (l->action_id, ==, id);
  g_assert_cmpint (l->first_page, ==, 1);
  g_assert_cmpint (l->pages, ==, set->pages);
  g_assert_cmpint (set->pages, >=, 1);
  assert_pdf (set->pdf, set->pages);

  /* Shown is not printed: nothing is kept until it is printed or saved. */
  kept = rl_book_list_letters (f->book, id, &error);
  g_assert_cmpuint (kept->len, ==, 0);
  g_assert_cmpuint (n_to_print (f), ==, before);
  g_assert_true (rl_gui_letter_set_record (f->book, set, &error));
  g_assert_no_error (error);
  g_clear_pointer (&kept, g_ptr_array_unref);
  kept = rl_book_list_letters (f->book, id, &error);
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_cmpint (((RlLetterRecord *) kept->pdata[0])->pages, ==, set->pages);
  g_assert_cmpuint (n_to_print (f), ==, before - 1);
}

static void
test_not_a_letter (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = first_action (f, RL_CHANNEL_EMAIL, RL_ACTION_APPROVED);
  g_autoptr(RlGuiLetterSet) set = rl_gui_letter_render_action (f->book, id,
                                                               rl_test_day (AS_OF), &error);

  g_assert_null (set);
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE);
  g_assert_nonnull (strstr (error->message, rl_channel_label (RL_CHANNEL_EMAIL)));
}

static void
test_no_iban (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCompany) company = rl_book_get_company (f->book, &error);
  g_autoptr(RlGuiLetterSet) set = NULL;

  g_clear_pointer (&company->iban, g_free);
  g_clear_pointer (&company->bic, g_free);
  g_assert_true (rl_book_set_company (f->book, company, &error));
  set = rl_gui_letter_render_action (f->book,
                                     first_action (f, RL_CHANNEL_LETTER, RL_ACTION_APPROVED),
                                     rl_test_day (AS_OF), &error);
  g_assert_null (set);
  g_assert_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_PAYMENT);
}

/* The day's batch: every approved letter not printed, one after another; a letter that cannot
 * be printed is left out and said; once kept, nothing is left to print. */
static void
test_day (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = rl_gui_letters_to_print (f->book, &error);
  g_autoptr(RlGuiLetterSet) set = NULL;
  g_autoptr(RlGuiLetterSet) again = NULL;
  g_autoptr(RlAction) broken = NULL;
  g_autofree char *sql = NULL;
  int next = 1;

  g_assert_cmpuint (ids->len, >=, 3);
  broken = rl_book_get_action (f->book, g_array_index (ids, gint64, 1), &error);
  sql = g_strdup_printf ("UPDATE customers SET city = '' WHERE id = %lld",
                         (long long) broken->customer_id);
  g_assert_true (_rl_book_exec (f->book, sql, &error));
  set = rl_gui_letter_render_day (f->book, rl_test_day (AS_OF), &error);
  g_assert_no_error (error);
  g_assert_true (set->batch);
  g_assert_cmpuint (set->letters->len, ==, ids->len - 1);
  g_assert_cmpuint (set->failures->len, ==, 1);
  g_assert_true (g_str_has_prefix (set->failures->pdata[0], broken->customer_name));
  for (guint i = 0; i < set->letters->len; i++)
    {
      const RlGuiLetter *l = &g_array_index (set->letters, RlGuiLetter, i);

      g_assert_cmpint (l->action_id, !=, broken->id);
      g_assert_cmpint (l->first_page, ==, next);
      next += l->pages;
    }
  g_assert_cmpint (set->pages, ==, next - 1);
  assert_pdf (set->pdf, set->pages);

  g_assert_true (rl_gui_letter_set_record (f->book, set, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_to_print (f), ==, 1);   /* the broken one */
  again = rl_gui_letter_render_day (f->book, rl_test_day (AS_OF), &error);
  g_assert_null (again);
  g_assert_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_ADDRESS);
}

static void
test_day_nothing (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlGuiLetterSet) set = NULL;

  g_assert_true (_rl_book_exec (f->book, "UPDATE actions SET state = 'skipped'"
                                " WHERE state = 'approved'", &error));
  set = rl_gui_letter_render_day (f->book, rl_test_day (AS_OF), &error);
  g_assert_null (set);
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE);
}

/* The calibration page is shown and printed, never kept. */
static void
test_calibration (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlGuiLetterSet) set = rl_gui_letter_render_calibration (f->book,
                                                                    rl_test_day (AS_OF),
                                                                    &error);
  guint before = n_to_print (f);

  g_assert_no_error (error);
  g_assert_cmpint (set->pages, ==, 1);
  g_assert_cmpuint (set->letters->len, ==, 0);
  assert_pdf (set->pdf, 1);
  g_assert_true (rl_gui_letter_set_record (f->book, set, &error));
  g_assert_cmpuint (n_to_print (f), ==, before);
}

/* Poppler draws the page: A4 at the scale asked, ink on it; printing fills the sheet. */
static void
test_pdf_pages (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlGuiLetterSet) set =
    rl_gui_letter_render_action (f->book, first_action (f, RL_CHANNEL_LETTER,
                                                        RL_ACTION_APPROVED),
                                 rl_test_day (AS_OF), &error);
  g_autoptr(PopplerDocument) doc = rl_gui_pdf_open (set->pdf, &error);
  const double scales[] = { 1.0, 1.25, 2.0 };
  cairo_surface_t *sheet;
  cairo_t *cr;
  double x0, y0, x1, y1;

  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      cairo_surface_t *page = rl_gui_pdf_render_page (doc, 0, scales[s]);
      const guint32 *px = (const guint32 *) cairo_image_surface_get_data (page);
      int w = cairo_image_surface_get_width (page), h = cairo_image_surface_get_height (page);
      int stride = cairo_image_surface_get_stride (page) / 4;
      guint dark = 0;

      g_assert_cmpint (w, ==, (int) (595.28 * scales[s] + 0.5));
      g_assert_cmpint (h, ==, (int) (841.89 * scales[s] + 0.5));
      g_assert_cmphex (px[0], ==, 0xffffffff);   /* white paper */
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          dark += (px[y * stride + x] & 0xff) < 0x80;
      g_assert_cmpuint (dark, >, (guint) (w * h / 200));   /* the text, the QR code */
      cairo_surface_destroy (page);
    }
  sheet = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (sheet);
  rl_gui_pdf_print_page (doc, 0, cr, 595.28 / 2, 841.89 / 2);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (sheet, &x0, &y0, &x1, &y1);
  g_assert_cmpfloat (x0 + x1, >, 100);
  g_assert_cmpfloat (x0 + x1, <=, 595.28 / 2 + 1);
  g_assert_cmpfloat (y0 + y1, <=, 841.89 / 2 + 1);
  cairo_surface_destroy (sheet);
}

/* Preferences */

typedef struct
{
  const char *name;
  const char *relay[RL_PREFS_N_RELAY];
  const char *error;     /* part of the message, or NULL when kept */
} RelayCase;

static const RelayCase relay_cases[] = {
  { "kept", { "mailjet", "relances@exemple.fr", "compta@exemple.fr", "https://relay.test" },
    NULL },
  { "defaults", { "", "", NULL, "" }, NULL },
  { "unknown-provider", { "pigeon", "a@b.fr", NULL, NULL }, "not an e-mail provider" },
  { "sms-provider", { "twilio", NULL, NULL, NULL }, "not an e-mail provider" },
  { "bad-sender", { "brevo", "relances exemple.fr", NULL, NULL }, "sender" },
  { "bad-reply", { "brevo", "a@b.fr", "compta@", NULL }, "reply" },
  { "two-addresses", { "brevo", "a@b.fr, c@d.fr", NULL, NULL }, "sender" },
  { "bad-url", { "brevo", NULL, NULL, "ftp://relay.test" }, "https://" },
};

static void
test_relay (Fixture       *f,
            gconstpointer  data)
{
  const RelayCase *c = data;
  char *before[RL_PREFS_N_RELAY] = { "postmark", "x@y.fr", "z@y.fr", "https://old.test" };
  char *relay[RL_PREFS_N_RELAY];
  g_autoptr(GError) error = NULL;
  g_autoptr(RlPrefs) prefs = NULL;

  g_assert_true (rl_prefs_save_relay (f->book, before, &error));
  for (int i = 0; i < RL_PREFS_N_RELAY; i++)
    relay[i] = (char *) c->relay[i];
  if (c->error != NULL)
    {
      g_assert_false (rl_prefs_save_relay (f->book, relay, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, c->error));
    }
  else
    g_assert_true (rl_prefs_save_relay (f->book, relay, &error));
  prefs = rl_prefs_load (f->book, &error);
  g_assert_nonnull (prefs);
  for (int i = 0; i < RL_PREFS_N_RELAY; i++)
    {
      const char *want = c->error != NULL ? before[i] : c->relay[i];

      if (i == RL_PREFS_PROVIDER && (want == NULL || *want == '\0'))
        want = "brevo";   /* the default */
      else if (want != NULL && *want == '\0')
        want = NULL;
      g_assert_cmpstr (prefs->relay[i], ==, want);
    }
}

/* The SMS settings: checked, then all kept or none. */
static void
test_sms (Fixture       *f,
          gconstpointer  data)
{
  static const struct
  {
    const char *sms[RL_PREFS_N_SMS];
    const char *error;          /* in the message; NULL: kept */
  } cases[] = {
    { { "twilio", "Relance", "https://sms.test" }, NULL },
    { { "brevo", "+33612345678", "" }, NULL },
    { { "", "", "" }, NULL },                             /* no SMS */
    { { "mailjet", "Relance", NULL }, "not an SMS provider" },
    { { "pigeon", NULL, NULL }, "not an SMS provider" },
    { { "twilio", "Menuiserie Dubois", NULL }, "11 letters" },
    { { "twilio", "12345", NULL }, "11 letters" },
    { { "twilio", "Relance", "ftp://sms.test" }, "https://" },
  };
  const char *kept[RL_PREFS_N_SMS] = { NULL, NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RlPrefs) prefs = NULL;
      gboolean ok = rl_prefs_save_sms (f->book, (char * const *) cases[i].sms, &error);

      if (cases[i].error != NULL)
        {
          g_assert_false (ok);
          g_assert_nonnull (error);
          g_assert_nonnull (strstr (error->message, cases[i].error));
        }
      else
        {
          g_assert_no_error (error);
          for (int k = 0; k < RL_PREFS_N_SMS; k++)
            kept[k] = cases[i].sms[k] != NULL && *cases[i].sms[k] != '\0' ? cases[i].sms[k]
                                                                          : NULL;
        }
      prefs = rl_prefs_load (f->book, &error);
      g_assert_nonnull (prefs);
      for (int k = 0; k < RL_PREFS_N_SMS; k++)
        g_assert_cmpstr (prefs->sms[k], ==, kept[k]);
    }
}

/* The rates shown: newest first, with today's half-year there even when the book lacks it. */
static void
test_rates_with_current (void)
{
  static const struct
  {
    const char *book;        /* half-years in the book, in order; '*' marks a confirmed one */
    const char *current;
    const char *shown;       /* newest first */
  } cases[] = {
    { "2025-H2* 2026-H1*", "2026-H2", "2026-H2 2026-H1* 2025-H2*" },
    { "2025-H2* 2026-H1* 2026-H2", "2026-H2", "2026-H2 2026-H1* 2025-H2*" },
    { "2025-H2* 2026-H1* 2026-H2*", "2026-H1", "2026-H2* 2026-H1* 2025-H2*" },
    { "2025-H1*", "2026-H1", "2026-H1 2025-H1*" },
    { "2026-H2*", "2026-H1", "2026-H2* 2026-H1" },
    { "", "2026-H1", "2026-H1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) names = g_strsplit (cases[i].book, " ", -1);
      g_autoptr(GArray) rates = g_array_new (FALSE, TRUE, sizeof (RlRate));
      g_autoptr(GArray) shown = NULL;
      g_autoptr(GString) out = g_string_new (NULL);

      for (guint k = 0; names[k] != NULL; k++)
        {
          RlRate rate = { 0 };

          if (*names[k] == '\0')
            continue;
          rate.confirmed = strchr (names[k], '*') != NULL;
          g_strlcpy (rate.half_year, names[k], 8);
          rate.half_year[7] = '\0';
          g_array_append_val (rates, rate);
        }
      shown = rl_prefs_rates_with_current (rates, cases[i].current);
      for (guint k = 0; k < shown->len; k++)
        {
          const RlRate *r = &g_array_index (shown, RlRate, k);

          g_string_append_printf (out, "%s%s%s", out->len ? " " : "", r->half_year,
                                  r->confirmed ? "*" : "");
        }
      g_assert_cmpstr (out->str, ==, cases[i].shown);
    }
}

static void
test_stale_days (Fixture       *f,
                 gconstpointer  data)
{
  static const struct { int days; gboolean ok; } cases[] = {
    { 0, FALSE }, { -3, FALSE }, { 1, TRUE }, { 14, TRUE }, { RL_STALE_DAYS_MAX, TRUE },
    { RL_STALE_DAYS_MAX + 1, FALSE },
  };
  int kept = RL_STALE_DAYS_DEFAULT;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RlPrefs) prefs = NULL;

      g_assert_cmpint (rl_prefs_save_stale_days (f->book, cases[i].days, &error), ==,
                       cases[i].ok);
      g_assert_true (cases[i].ok == (error == NULL));
      if (cases[i].ok)
        kept = cases[i].days;
      prefs = rl_prefs_load (f->book, &error);
      g_assert_cmpint (prefs->stale_days, ==, kept);
    }
}

static void
test_prefs_load (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlPrefs) prefs = rl_prefs_load (f->book, &error);
  g_autoptr(RlCompany) company = rl_book_get_company (f->book, NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (prefs->company->name, ==, company->name);
  g_assert_cmpstr (prefs->company->iban, ==, company->iban);
  g_assert_cmpstr (prefs->letters->envelope, ==, "fr");
  g_assert_cmpstr (prefs->relay[RL_PREFS_PROVIDER], ==, "brevo");
  g_assert_null (prefs->relay[RL_PREFS_FROM]);
  g_assert_cmpint (prefs->stale_days, ==, RL_STALE_DAYS_DEFAULT);
}

static void
test_mm_to_dmm (void)
{
  static const struct { double mm; int dmm; } cases[] = {
    { 0, 0 }, { 1.25, 13 }, { -1.25, -13 }, { 2.04, 20 }, { -0.04, 0 },
    { RL_LETTER_OFFSET_MAX / 10.0, RL_LETTER_OFFSET_MAX }, { 100, RL_LETTER_OFFSET_MAX },
    { -100, -RL_LETTER_OFFSET_MAX },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (rl_prefs_mm_to_dmm (cases[i].mm), ==, cases[i].dmm);
}

/* Sending */

static void
test_outcome_text (void)
{
  static const struct { RlActionState state; const char *error; const char *text; } cases[] = {
    { RL_ACTION_DONE, NULL, "Sent" },
    { RL_ACTION_DONE, "ignored", "Sent" },
    { RL_ACTION_FAILED, "invalid email address", "Failed: invalid email address" },
    { RL_ACTION_FAILED, "", "Failed" },
    { RL_ACTION_IN_DOUBT, "no answer after 30 s", "In doubt: no answer after 30 s" },
    { RL_ACTION_IN_DOUBT, NULL, "In doubt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RlDispatchResult r = { 7, cases[i].state, 1, NULL, (char *) cases[i].error };
      g_autofree char *text = rl_send_outcome_text (&r);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_setup_problem (void)
{
  static const struct { GQuark domain; int code; gboolean fixable; const char *part; } cases[] = {
    { 0, RL_DELIVERY_ERROR_NO_KEY, TRUE, "preferences" },
    { 0, RL_DELIVERY_ERROR_CONFIG, TRUE, "not set up right: why" },
    { 0, RL_DELIVERY_ERROR_NO_SECRET_SERVICE, FALSE, "keyring" },
    { 1, 0, FALSE, "why" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error =
        g_error_new_literal (cases[i].domain == 0 ? RL_DELIVERY_ERROR : G_IO_ERROR,
                             cases[i].code, "why");
      gboolean fixable = !cases[i].fixable;
      g_autofree char *text = rl_send_setup_problem (error, &fixable);

      g_assert_cmpint (fixable, ==, cases[i].fixable);
      g_assert_nonnull (strstr (text, cases[i].part));
    }
}

#define ADD(path, func) \
  g_test_add ("/relance/gui-letters/" path, Fixture, NULL, fixture_set_up, func, \
              rl_test_book_tear_down)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("one-letter", test_one_letter);
  ADD ("not-a-letter", test_not_a_letter);
  ADD ("no-iban", test_no_iban);
  ADD ("day", test_day);
  ADD ("day-nothing", test_day_nothing);
  ADD ("calibration", test_calibration);
  ADD ("pdf-pages", test_pdf_pages);
  ADD ("prefs-load", test_prefs_load);
  ADD ("stale-days", test_stale_days);
  ADD ("sms", test_sms);
  for (guint i = 0; i < G_N_ELEMENTS (relay_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/relance/gui-letters/relay/%s",
                                               relay_cases[i].name);

      g_test_add (path, Fixture, &relay_cases[i], rl_test_book_set_up, test_relay,
                  rl_test_book_tear_down);
    }
  g_test_add_func ("/relance/gui-letters/mm-to-dmm", test_mm_to_dmm);
  g_test_add_func ("/relance/gui-letters/rates-with-current", test_rates_with_current);
  g_test_add_func ("/relance/gui-letters/outcome-text", test_outcome_text);
  g_test_add_func ("/relance/gui-letters/setup-problem", test_setup_problem);
  return g_test_run ();
}
