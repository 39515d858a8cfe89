/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rl-action-text.h"
#include "rl-engine.h"
#include "rl-error.h"
#include "rl-penalties.h"
#include "rl-test-util.h"

/* The text of an action, rendered from a book built with the public API. Three customers
 * on the "usual" plan (courtesy at −3, reminder at +3, firm reminder at +12, call at +20,
 * final notice at +30, formal notice at +45) each owe invoices due on 10 December 2025:
 *
 *   C1  French business, contact Mme Martin: FA-101 1 200,00 € and FA-102 500,00 €, of which
 *       200,00 € paid on 20 December 2025
 *   C2  English business: FA-201 1 000,00 €
 *   C3  French consumer: FA-301 800,00 €
 *
 * The engine runs on each step's day and every action is carried out, up to the formal
 * notice of 24 January 2026, which is left proposed. */

typedef struct
{
  RlTestBook  tb;
  gint64      c1, c2, c3;
  gint64      firm_c1;       /* C1's firm reminder (done) */
  GHashTable *formal;        /* customer code → formal notice action id (proposed) */
} Fixture;

#define day rl_test_day

static gint64
add_customer (RlBook         *book,
              const char     *code,
              const char     *name,
              const char     *language,
              RlCustomerKind  kind)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(RlPlan) usual = NULL;
  g_autoptr(GError) error = NULL;

  c->code = g_strdup (code);
  c->name = g_strdup (name);
  c->language = g_strdup (language);
  c->kind = kind;
  c->address1 = g_strdup ("12 rue des Lilas");
  c->postcode = g_strdup ("69003");
  c->city = g_strdup ("Lyon");
  g_assert_true (rl_book_upsert_customer (book, c, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rl_book_begin (book, NULL));
  g_assert_true (rl_plans_ensure_defaults (book, NULL));
  usual = rl_book_find_plan (book, "usual", NULL);
  g_assert_nonnull (usual);
  g_assert_true (rl_book_set_customer_plan (book, c->id, usual->id, NULL));
  g_assert_true (rl_book_commit (book, NULL));
  return c->id;
}

#define add_invoice rl_test_add_invoice

#define pay rl_test_pay

/* Runs the engine on @iso, checks that each customer got @template_key, and carries the
 * actions out unless @carry_out is FALSE. Returns C1's action. */
static gint64
run_step (Fixture    *f,
          const char *iso,
          const char *template_key,
          gboolean    carry_out)
{
  g_autoptr(RlRunReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 c1_action = 0;

  g_assert_true (rl_engine_run (f->tb.book, day (iso), FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->new_actions->len, ==, 3);
  for (guint i = 0; i < report->new_actions->len; i++)
    {
      RlAction *a = g_ptr_array_index (report->new_actions, i);

      g_assert_cmpstr (a->template_key, ==, template_key);
      if (a->customer_id == f->c1)
        c1_action = a->id;
      if (!carry_out)
        {
          g_hash_table_insert (f->formal, g_strdup (a->customer_code), GINT_TO_POINTER (a->id));
          continue;
        }
      g_assert_true (rl_book_begin (f->tb.book, NULL));
      if (a->state == RL_ACTION_PROPOSED)
        g_assert_true (rl_book_set_action_state (f->tb.book, a->id, RL_ACTION_APPROVED, NULL,
                                                 day (iso), &error));
      g_assert_true (rl_book_set_action_state (f->tb.book, a->id, RL_ACTION_DONE, NULL,
                                               day (iso), &error));
      g_assert_no_error (error);
      g_assert_true (rl_book_commit (f->tb.book, NULL));
    }
  g_assert_cmpint (c1_action, >, 0);
  return c1_action;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  RlBook *book;
  g_autoptr(RlCompany) company = rl_company_new ();
  g_autoptr(RlContact) contact = rl_contact_new ();
  g_autoptr(GError) error = NULL;

  rl_test_book_set_up (&f->tb, data);
  book = f->tb.book;
  f->formal = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  company->name = g_strdup ("Menuiserie Dubois");
  company->address1 = g_strdup ("4 place Bellecour");
  company->postcode = g_strdup ("69002");
  company->city = g_strdup ("Lyon");
  company->country = g_strdup ("FR");
  company->siren = g_strdup ("123456782");
  company->iban = g_strdup ("FR76 3000 6000 0112 3456 7890 189");
  company->bic = g_strdup ("AGRIFRPP");
  company->currency = g_strdup ("EUR");
  company->language = g_strdup ("fr");
  company->payment_terms_days = 30;
  g_assert_true (rl_book_set_company (book, company, &error));
  g_assert_no_error (error);

  f->c1 = add_customer (book, "C1", "Boulangerie Martin", "fr", RL_CUSTOMER_BUSINESS);
  f->c2 = add_customer (book, "C2", "Bristol Joinery Ltd", "en", RL_CUSTOMER_BUSINESS);
  f->c3 = add_customer (book, "C3", "Jean Petit", "fr", RL_CUSTOMER_CONSUMER);
  contact->customer_id = f->c1;
  contact->name = g_strdup ("Mme Martin");
  contact->is_primary = TRUE;
  g_assert_true (rl_book_add_contact (book, contact, &error));
  g_assert_no_error (error);

  add_invoice (book, f->c1, "FA-101", "2025-12-10", 120000);
  add_invoice (book, f->c1, "FA-102", "2025-12-10", 50000);
  add_invoice (book, f->c2, "FA-201", "2025-12-10", 100000);
  add_invoice (book, f->c3, "FA-301", "2025-12-10", 80000);
  pay (book, f->c1, "FA-102", "2025-12-20", 20000);
  rl_book_set_setting (book, "stale-days", "1000", NULL);

  run_step (f, "2025-12-07", "courtesy", TRUE);
  run_step (f, "2025-12-13", "reminder", TRUE);
  f->firm_c1 = run_step (f, "2025-12-22", "reminder_firm", TRUE);
  run_step (f, "2025-12-30", "call_script", TRUE);
  run_step (f, "2026-01-09", "final_notice", TRUE);
  run_step (f, "2026-01-24", "formal_notice", FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->formal, g_hash_table_unref);
  rl_test_book_tear_down (&f->tb, data);
}

static gint64
formal_notice (Fixture    *f,
               const char *code)
{
  gint64 id = GPOINTER_TO_INT (g_hash_table_lookup (f->formal, code));

  g_assert_cmpint (id, >, 0);
  return id;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” unexpectedly found in:\n%s", needle, text);
}

static void
test_formal_notice_fr (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *subject = NULL, *body = NULL, *amount = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = formal_notice (f, "C1");

  g_assert_true (rl_action_render (f->tb.book, id, day ("2026-01-24"), RL_TEMPLATE_ESCAPE_NONE,
                                   &subject, &body, &error));
  g_assert_no_error (error);
  g_test_message ("%s\n\n%s", subject, body);

  /* rl_money_format writes a narrow no-break space between thousands and a no-break space
   * before the euro sign. */
  amount = rl_money_format (120000, "EUR", "fr");
  g_assert_cmpstr (amount, ==, "1\u202F200,00\u00A0€");

  /* Interest at 12.15 % (ECB 2.15 + 10, the same in 2025-H2 and 2026-H1), from the day
   * after the due date, 11 December 2025, to 24 January 2026 included:
   *   FA-101: 1 200,00 € × 45 days (21 in 2025-H2, 24 in 2026-H1)
   *           = 120000 × 1215 × 45 / 3 650 000 = 1797.53… → 17,98 €
   *   FA-102: 500,00 € for 10 days (11–20 December), then 300,00 € for 35 days (200,00 €
   *           paid on the 20th stops interest on it at the end of that day)
   *           = (50000 × 1215 × 10 + 30000 × 1215 × 35) / 3 650 000
   *           = (607 500 000 + 1 275 750 000) / 3 650 000 = 515.96… → 5,16 €
   *   total interest 23,14 €; indemnities 2 × 40,00 € = 80,00 €;
   *   principal 1 200,00 + 300,00 = 1 500,00 €; total due 1 603,14 €. */
  assert_contains (subject, "Mise en demeure de payer la somme de 1\u202F603,14\u00A0€");
  assert_contains (body, "facture n°\u00A0FA-101");
  assert_contains (body, "facture n°\u00A0FA-102");
  assert_contains (body, "d’un montant de 1\u202F200,00\u00A0€\u00A0: reste dû "
                         "1\u202F200,00\u00A0€");
  assert_contains (body, "d’un montant de 500,00\u00A0€, dont 200,00\u00A0€ déjà réglés\u00A0: "
                         "reste dû 300,00\u00A0€");
  assert_contains (body, "Principal restant dû\u00A0: 1\u202F500,00\u00A0€");
  assert_contains (body, "Pénalités de retard arrêtées au 24 janvier 2026\u00A0: 23,14\u00A0€");
  assert_contains (body, "Indemnités forfaitaires pour frais de recouvrement\u00A0: 80,00\u00A0€");
  assert_contains (body, "Total réclamé\u00A0: 1\u202F603,14\u00A0€");
  /* A formal notice gives 8 days. */
  assert_contains (body, "au plus tard le 1er février 2026");
  assert_contains (body, "Lyon, le 24 janvier 2026");
  assert_contains (body, "Débiteur\u00A0: Boulangerie Martin\n12 rue des Lilas\n69003 Lyon\n");
  assert_contains (body, "À l’attention de Mme Martin");
  assert_contains (body, "Référence à rappeler\u00A0: C1-");
  /* Every reminder about these invoices since they fell due, oldest first, in the customer's
   * language; the courtesy e-mail of 7 December, before the due date, is not one of them. */
  g_assert_null (strstr (body, "7 décembre 2025\n– courriel du 13"));
  assert_contains (body, "restées sans effet\u00A0:\n– courriel du 13 décembre 2025\n"
                         "– courriel du 22 décembre 2025\n"
                         "– appel téléphonique du 30 décembre 2025\n"
                         "– lettre du 9 janvier 2026\n");
}

static void
test_firm_reminder (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *subject = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;

  /* On its own day: 12 days late, 2025-H2 only.
   *   FA-101: 120000 × 1215 × 12 / 3 650 000 = 479.34… → 4,79 €
   *   FA-102: (50000 × 1215 × 10 + 30000 × 1215 × 2) / 3 650 000
   *           = (607 500 000 + 72 900 000) / 3 650 000 = 186.41… → 1,86 €
   *   total 6,65 €; due 1 500,00 + 6,65 + 80,00 = 1 586,65 €; deadline 22 + 15 days. */
  g_assert_true (rl_action_render (f->tb.book, f->firm_c1, day ("2025-12-22"),
                                   RL_TEMPLATE_ESCAPE_NONE, &subject, &body, &error));
  g_assert_no_error (error);
  assert_contains (subject, "Deuxième relance");
  assert_contains (body, "qui s’élèvent à 6,65\u00A0€ à la date du 22 décembre 2025");
  assert_contains (body, "soit 80,00\u00A0€");
  assert_contains (body, "s’élève ainsi à 1\u202F586,65\u00A0€");
  assert_contains (body, "au plus tard le 6 janvier 2026");
}

static void
test_english_customer (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *subject = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;

  /* 1 000,00 € × 45 days: 100000 × 1215 × 45 / 3 650 000 = 1497.94… → €14.98. */
  g_assert_true (rl_action_render (f->tb.book, formal_notice (f, "C2"), day ("2026-01-24"),
                                   RL_TEMPLATE_ESCAPE_NONE, &subject, &body, &error));
  g_assert_no_error (error);
  assert_contains (subject, "Formal notice to pay");
  assert_contains (body, "FA-201");
  assert_contains (body, "14.98");
  assert_contains (body, "phone call");
  assert_contains (body, "24 January 2026");
  assert_lacks (body, "courriel");
}

static void
test_consumer (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *subject = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;

  /* No L441-10 penalties and no 40 €; legal interest only from the formal notice. */
  g_assert_true (rl_action_render (f->tb.book, formal_notice (f, "C3"), day ("2026-01-24"),
                                   RL_TEMPLATE_ESCAPE_NONE, &subject, &body, &error));
  g_assert_no_error (error);
  assert_contains (subject, "800,00\u00A0€");
  assert_contains (body, "Total réclamé\u00A0: 800,00\u00A0€");
  assert_contains (body, "article 1231-6 du Code civil");
  assert_lacks (body, "Indemnités forfaitaires");
  assert_lacks (body, "Pénalités de retard arrêtées");
}

/* A contract rate above the floor replaces the legal one. At 20 %, to 24 January 2026:
 * FA-101: 1 200,00 € × 20 % × 45 days / 365 = 29,589… → 29,59 €;
 * FA-102: (500 € × 10 days + 300 € × 35 days) × 20 % / 365 = 8,493… → 8,49 €; total 38,08 €.
 * The floor, 3 × the legal rate, is 8,28 % (2025-H2) and 7,86 % (2026-H1): below 20 %. */
static void
test_contract_rate (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *subject = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlCustomer) c = NULL;

  g_assert_true (rl_book_begin (f->tb.book, NULL));
  g_assert_true (rl_book_set_contract_rate (f->tb.book, f->c1, 2000, &error));
  g_assert_false (rl_book_set_contract_rate (f->tb.book, f->c1, 10001, NULL));
  g_assert_true (rl_book_commit (f->tb.book, NULL));
  c = rl_book_find_customer (f->tb.book, "C1", NULL);
  g_assert_cmpint (c->contract_rate_bp, ==, 2000);
  g_assert_true (rl_action_render (f->tb.book, formal_notice (f, "C1"), day ("2026-01-24"),
                                   RL_TEMPLATE_ESCAPE_NONE, &subject, &body, &error));
  g_assert_no_error (error);
  assert_contains (body, "Pénalités de retard arrêtées au 24 janvier 2026\u00A0: 38,08\u00A0€");
}

/* A consumer owes legal interest from the day after the formal notice (here 24 January):
 * 800,00 € × 2,62 % × 30 days / 365 = 1,722… → 1,72 € on 23 February 2026. */
static void
test_consumer_after_notice (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *subject = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = formal_notice (f, "C3");

  g_assert_true (rl_book_begin (f->tb.book, NULL));
  g_assert_true (rl_book_set_action_state (f->tb.book, id, RL_ACTION_APPROVED, NULL,
                                           day ("2026-01-24"), &error));
  g_assert_true (rl_book_set_action_state (f->tb.book, id, RL_ACTION_DONE, NULL,
                                           day ("2026-01-24"), &error));
  g_assert_true (rl_book_commit (f->tb.book, NULL));
  g_assert_true (rl_action_render (f->tb.book, id, day ("2026-02-23"), RL_TEMPLATE_ESCAPE_NONE,
                                   &subject, &body, &error));
  g_assert_no_error (error);
  assert_contains (body, "Intérêts au taux légal arrêtés au 23 février 2026\u00A0: 1,72\u00A0€");
  assert_lacks (body, "L441-10");
  assert_lacks (body, "Indemnités forfaitaires");
}

static void
test_rate_missing (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  char *body = NULL;

  /* 2026-H2 is not shipped: the user must confirm it before penalties are claimed. */
  g_assert_false (rl_action_render (f->tb.book, formal_notice (f, "C1"), day ("2026-07-15"),
                                    RL_TEMPLATE_ESCAPE_NONE, NULL, &body, &error));
  g_assert_error (error, RL_PENALTY_ERROR, RL_PENALTY_ERROR_RATE_MISSING);
  g_assert_null (body);
  assert_contains (error->message, "2026-H2");
}

static void
test_html_escape (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *subject = NULL, *body = NULL;
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(GError) error = NULL;

  c->code = g_strdup ("C1");
  c->name = g_strdup ("Martin & Fils <SARL>");
  g_assert_true (rl_book_upsert_customer (f->tb.book, c, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rl_action_render (f->tb.book, formal_notice (f, "C1"), day ("2026-01-24"),
                                   RL_TEMPLATE_ESCAPE_HTML, &subject, &body, &error));
  g_assert_no_error (error);
  assert_contains (body, "Martin &amp; Fils &lt;SARL&gt;");
}

static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  RlBook *book = f->tb.book;
  const RlTemplateDefault *shipped = rl_template_default ("formal_notice", "fr");
  g_autofree char *subject = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;
  gboolean edited = TRUE;
  gint64 audit = rl_book_count_audit (book);

  g_assert_true (rl_book_get_template (book, "formal_notice", "fr", &subject, &body, &edited,
                                       &error));
  g_assert_no_error (error);
  g_assert_false (edited);
  g_assert_cmpstr (subject, ==, shipped->subject);
  g_assert_cmpstr (body, ==, shipped->body);
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);

  /* An unknown variable is refused at save time, with its line, and nothing is saved. */
  g_assert_false (rl_book_set_template (book, "formal_notice", "fr", "Mise en demeure",
                                        "Madame, Monsieur,\n\n{{ customer.nom }}\n", &error));
  g_assert_error (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  assert_contains (error->message, "Line 3");
  assert_contains (error->message, "customer.nom");
  g_clear_error (&error);
  g_assert_false (rl_book_set_template (book, "formal_notice", "fr", "{% if total.due %}",
                                        "x", &error));
  g_assert_error (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_SYNTAX);
  g_clear_error (&error);
  g_assert_false (rl_book_set_template (book, "nope", "fr", "", "x", &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rl_book_set_template (book, "formal_notice", "de", "", "x", &error));
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (rl_book_count_audit (book), ==, audit);
  g_assert_true (rl_book_get_template (book, "formal_notice", "fr", NULL, NULL, &edited, NULL));
  g_assert_false (edited);

  /* A sound template is saved, used by the actions of its key and language, then reset. */
  g_assert_true (rl_book_set_template (book, "formal_notice", "fr",
                                       "MED {{ customer.code }}",
                                       "Payez {{ total.due }} avant le {{ deadline.short }}.\n",
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_count_audit (book), ==, audit + 1);
  g_assert_true (rl_book_get_template (book, "formal_notice", "fr", &subject, &body, &edited,
                                       &error));
  g_assert_true (edited);
  g_assert_cmpstr (subject, ==, "MED {{ customer.code }}");
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);
  /* A customer in another language reads English, which is not edited. */
  g_assert_true (rl_book_get_template (book, "formal_notice", "de", NULL, NULL, &edited, NULL));
  g_assert_false (edited);

  g_assert_true (rl_action_render (book, formal_notice (f, "C1"), day ("2026-01-24"),
                                   RL_TEMPLATE_ESCAPE_NONE, &subject, &body, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, "MED C1");
  g_assert_cmpstr (body, ==, "Payez 1\u202F603,14\u00A0€ avant le 01/02/2026.\n");
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);

  g_assert_true (rl_book_reset_template (book, "formal_notice", "fr", &error));
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_count_audit (book), ==, audit + 2);
  g_assert_true (rl_book_get_template (book, "formal_notice", "fr", &subject, &body, &edited,
                                       &error));
  g_assert_false (edited);
  g_assert_cmpstr (body, ==, shipped->body);
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);
  g_assert_true (rl_action_render (book, formal_notice (f, "C1"), day ("2026-01-24"),
                                   RL_TEMPLATE_ESCAPE_NONE, &subject, &body, &error));
  assert_contains (subject, "Mise en demeure de payer");
}

static void
test_action_text (Fixture       *f,
                  gconstpointer  data)
{
  RlBook *book = f->tb.book;
  g_autofree char *subject = NULL, *body = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = formal_notice (f, "C1");
  gint64 audit = rl_book_count_audit (book);

  /* The per-invoice penalties (see test_formal_notice_fr for the arithmetic). */
  g_assert_true (rl_action_set_text (book, id, "Relevé {{ customer.name }}",
                                     "{% for invoice in invoices %}\n"
                                     "{{ invoice.number }}: {{ invoice.days_late }} j, "
                                     "{{ invoice.interest }} + {{ invoice.indemnity }}\n"
                                     "{% endfor %}\n"
                                     "{{ step.days_late }}\n",
                                     &error));
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_count_audit (book), ==, audit + 1);
  g_assert_true (rl_action_render (book, id, day ("2026-01-24"), RL_TEMPLATE_ESCAPE_NONE,
                                   &subject, &body, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, "Relevé Boulangerie Martin");
  g_assert_cmpstr (body, ==,
                   "FA-101: 45 j, 17,98\u00A0€ + 40,00\u00A0€\n"
                   "FA-102: 45 j, 5,16\u00A0€ + 40,00\u00A0€\n"
                   "45\n");

  /* The same checks as a template's. */
  g_assert_false (rl_action_set_text (book, id, "x", "{{ invoices }}", &error));
  g_assert_error (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_TYPE);
  g_clear_error (&error);

  /* A done action's text is what was sent: it cannot change. */
  g_assert_false (rl_action_set_text (book, f->firm_c1, "x", "y", &error));
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE);
  g_clear_error (&error);
  g_assert_false (rl_action_set_text (book, 999999, "x", "y", &error));
  g_assert_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND);
  g_assert_cmpint (rl_book_count_audit (book), ==, audit + 1);
}

/* The preview of a template being typed: every shipped template renders with the book's sample
 * customer in both languages; typed texts render, or say what is wrong. */
static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  static const struct
  {
    const char *subject;
    const char *body;
    const char *subject_out;   /* NULL: refused */
    const char *body_out;
    int         code;
  } cases[] = {
    { "Relance — {{ customer.name }}", "Reste dû : {{ total.remaining }}",
      "Relance — Boulangerie Martin", "Reste dû : 1 500,00 €", 0 },
    { "{{ company.name }}", "{% for invoice in invoices %}{{ invoice.number }} {% endfor %}",
      "Menuiserie Dubois", "FA-101 FA-102 ", 0 },
    { "Bonjour {{ client.nom }}", "", NULL, NULL, RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE },
    { "Bonjour", "{{ customer.name", NULL, NULL, RL_TEMPLATE_ERROR_SYNTAX },
    { "Bonjour", "{% for x in customer.name %}{% endfor %}", NULL, NULL,
      RL_TEMPLATE_ERROR_TYPE },
  };
  const char * const *keys = rl_template_default_keys ();
  const char * const languages[] = { "fr", "en" };
  g_autoptr(RlTemplateContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  gint64 audit = rl_book_count_audit (f->tb.book);

  /* The shipped texts, in both languages. */
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(RlTemplateContext) lctx = rl_book_sample_context (f->tb.book, languages[l],
                                                                  day ("2026-02-01"), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (rl_template_context_get_language (lctx), ==, languages[l]);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          const RlTemplateDefault *def = rl_template_default (keys[i], languages[l]);
          g_autofree char *subject = NULL, *body = NULL;

          g_assert_true (rl_template_preview (lctx, def->subject, def->body, &subject, &body,
                                              &error));
          g_assert_no_error (error);
          g_assert_true (strstr (body, "Boulangerie Martin") != NULL
                         || strstr (body, "FA-101") != NULL || strstr (subject, "FA-101") != NULL
                         || strstr (body, "Menuiserie Dubois") != NULL);
        }
    }

  ctx = rl_book_sample_context (f->tb.book, "fr", day ("2026-02-01"), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *subject = NULL, *body = NULL;
      gboolean ok = rl_template_preview (ctx, cases[i].subject, cases[i].body, &subject, &body,
                                         &error);

      if (cases[i].subject_out == NULL)
        {
          g_assert_false (ok);
          g_assert_error (error, RL_TEMPLATE_ERROR, cases[i].code);
          g_clear_error (&error);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (subject, ==, cases[i].subject_out);
      /* Amounts are written with narrow no-break spaces: compare the digits. */
      if (strstr (cases[i].body_out, "€") == NULL)
        g_assert_cmpstr (body, ==, cases[i].body_out);
      else
        g_assert_true (g_str_has_prefix (body, "Reste dû : 1") && strstr (body, "500,00") != NULL);
    }
  /* A preview writes nothing. */
  g_assert_cmpint (rl_book_count_audit (f->tb.book), ==, audit);
}

/* A book without open invoices says so instead of showing a preview. */
static void
test_preview_empty_book (void)
{
  RlTestBook tb = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RlTemplateContext) ctx = NULL;

  rl_test_book_set_up (&tb, NULL);
  ctx = rl_book_sample_context (tb.book, "fr", day ("2026-02-01"), &error);
  g_assert_null (ctx);
  g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND);
  rl_test_book_tear_down (&tb, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/relance/action-text/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)
  ADD ("formal-notice-fr", test_formal_notice_fr);
  ADD ("firm-reminder", test_firm_reminder);
  ADD ("english-customer", test_english_customer);
  ADD ("consumer", test_consumer);
  ADD ("contract-rate", test_contract_rate);
  ADD ("consumer-after-notice", test_consumer_after_notice);
  ADD ("rate-missing", test_rate_missing);
  ADD ("html-escape", test_html_escape);
  ADD ("templates", test_templates);
  ADD ("action-text", test_action_text);
  ADD ("preview", test_preview);
#undef ADD
  g_test_add_func ("/relance/action-text/preview-empty-book", test_preview_empty_book);

  return g_test_run ();
}
