/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rl-date.h"
#include "rl-template.h"

#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"
#define EURO "\xE2\x82\xAC"

/* A small context for the engine's cases: @n_invoices invoices "F-1"… */
static RlTemplateContext *
small_context (const char *language,
               guint       n_invoices)
{
  RlTemplateContext *ctx = rl_template_context_new (language);

  rl_template_context_set_string (ctx, "customer.name", "Dupont & Fils");
  rl_template_context_set_string (ctx, "contact.name", "");
  rl_template_context_set_money (ctx, "total.remaining", 123456);
  rl_template_context_set_money (ctx, "total.interest", 0);
  rl_template_context_set_day (ctx, "today", rl_day_from_ymd (2026, 11, 1));
  rl_template_context_set_day (ctx, "deadline", rl_day_from_ymd (2026, 11, 22));
  rl_template_context_set_int (ctx, "step.days_late", 38);
  rl_template_context_set_list (ctx, "invoices");
  for (guint i = 1; i <= n_invoices; i++)
    {
      RlTemplateRecord *inv = rl_template_context_list_append (ctx, "invoices");
      g_autofree char *number = g_strdup_printf ("F-%u", i);

      rl_template_record_set_string (inv, "number", number);
      rl_template_record_set_money (inv, "paid", i == 2 ? 5000 : 0);
      rl_template_record_set_day (inv, "due_date", rl_day_from_ymd (2026, 10, i));
    }
  return ctx;
}

typedef struct
{
  const char *language;
  guint       n_invoices;
  const char *text;
  const char *expected;
} RenderCase;

static const RenderCase render_cases[] = {
  /* Text and variables */
  { "fr", 0, "", "" },
  { "fr", 0, "Texte simple { pas une balise } 50 %}", "Texte simple { pas une balise } 50 %}" },
  { "fr", 0, "Bonjour {{ customer.name }}.", "Bonjour Dupont & Fils." },
  { "fr", 0, "{{customer.name}}|{{   customer.name\t}}", "Dupont & Fils|Dupont & Fils" },
  { "fr", 0, "{{ step.days_late }} jours", "38 jours" },
  { "fr", 0, "a\n{{ customer.name }}\nb", "a\nDupont & Fils\nb" },
  /* Money and dates in the context's language */
  { "fr", 0, "{{ total.remaining }}", "1" NNBSP "234,56" NBSP EURO },
  { "en", 0, "{{ total.remaining }}", EURO "1,234.56" },
  { "fr", 0, "{{ today }} / {{ deadline }}", "1er novembre 2026 / 22 novembre 2026" },
  { "en", 0, "{{ today }} / {{ deadline }}", "1 November 2026 / 22 November 2026" },
  { "fr", 0, "{{ deadline.short }}", "22/11/2026" },
  { "en", 0, "{{ deadline.short }}", "22 Nov 2026" },
  /* Loops with no, one and many items */
  { "fr", 0, "A{% for invoice in invoices %}[{{ invoice.number }}]{% endfor %}B", "AB" },
  { "fr", 1, "A{% for invoice in invoices %}[{{ invoice.number }}]{% endfor %}B", "A[F-1]B" },
  { "fr", 3, "A{% for invoice in invoices %}[{{ invoice.number }}]{% endfor %}B",
    "A[F-1][F-2][F-3]B" },
  { "fr", 0, "Liste :\n{% for invoice in invoices %}\n- {{ invoice.number }}\n{% endfor %}\nFin\n",
    "Liste :\nFin\n" },
  { "fr", 1, "Liste :\n{% for invoice in invoices %}\n- {{ invoice.number }}\n{% endfor %}\nFin\n",
    "Liste :\n- F-1\nFin\n" },
  { "fr", 3, "Liste :\n{% for invoice in invoices %}\n- {{ invoice.number }}\n{% endfor %}\nFin\n",
    "Liste :\n- F-1\n- F-2\n- F-3\nFin\n" },
  { "fr", 2, "{% for invoice in invoices %}{{ invoice.number }} {{ invoice.due_date.short }}; "
    "{% endfor %}", "F-1 01/10/2026; F-2 02/10/2026; " },
  { "fr", 2, "{% for i in invoices %}{% for j in invoices %}{{ i.number }}{{ j.number }} "
    "{% endfor %}{% endfor %}", "F-1F-1 F-1F-2 F-2F-1 F-2F-2 " },
  /* A loop variable hides a top-level name with the same head */
  { "fr", 1, "{% for customer in invoices %}{{ customer.number }}{% endfor %}", "F-1" },
  /* Conditions */
  { "fr", 0, "{% if customer.name %}oui{% else %}non{% endif %}", "oui" },
  { "fr", 0, "{% if contact.name %}oui{% else %}non{% endif %}", "non" },
  { "fr", 0, "{% if not contact.name %}vide{% endif %}", "vide" },
  { "fr", 0, "{% if not customer.name %}vide{% else %}plein{% endif %}", "plein" },
  { "fr", 0, "{% if total.interest %}pénalités{% endif %}", "" },
  { "fr", 0, "{% if total.remaining %}dû{% endif %}", "dû" },
  { "fr", 0, "{% if step.days_late %}retard{% endif %}", "retard" },
  { "fr", 0, "{% if deadline %}date{% endif %}", "date" },
  { "fr", 0, "{% if invoices %}des factures{% else %}aucune{% endif %}", "aucune" },
  { "fr", 2, "{% if invoices %}des factures{% else %}aucune{% endif %}", "des factures" },
  { "fr", 3, "{% for invoice in invoices %}{% if invoice.paid %}{{ invoice.number }}{% endif %}"
    "{% endfor %}", "F-2" },
  { "fr", 0, "{% if customer.name %}{% if not contact.name %}A{% else %}B{% endif %}{% endif %}",
    "A" },
  /* Comments */
  { "fr", 0, "a{# une note #}b", "ab" },
  { "fr", 0, "a{# {{ inconnu }} {% foo %} #}b", "ab" },
  { "fr", 0, "a\n{# seule sur sa ligne #}\nb", "a\nb" },
  { "fr", 0, "a\n{# sur\nplusieurs lignes #}\nb", "a\nb" },
  { "fr", 0, "a\n{# fin #}", "a\n" },
  /* Whitespace: a block tag alone on its line takes the line */
  { "fr", 0, "a\n{% if contact.name %}\nX\n{% else %}\nY\n{% endif %}\nb", "a\nY\nb" },
  { "fr", 0, "  {% if customer.name %}  \n\tX\n  {% endif %}\t\n", "\tX\n" },
  { "fr", 0, "a\r\n{% if customer.name %}\r\nX\r\n{% endif %}\r\nb", "a\r\nX\r\nb" },
  { "fr", 0, "a {% if customer.name %}\nX\n{% endif %} b", "a \nX\n b" },
  { "fr", 0, "a\n\n{% if contact.name %}\nX\n\n{% endif %}\nb", "a\n\nb" },
  { "fr", 0, "{% if customer.name %}X{% endif %}\n", "X\n" },
};

static void
test_render (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (render_cases); i++)
    {
      const RenderCase *c = &render_cases[i];
      g_autoptr(RlTemplateContext) ctx = small_context (c->language, c->n_invoices);
      g_autoptr(GError) error = NULL;
      g_autoptr(RlTemplate) tpl = rl_template_parse (c->text, &error);
      g_autofree char *out = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, c->text);
      g_assert_no_error (error);
      out = rl_template_render (tpl, ctx, RL_TEMPLATE_ESCAPE_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, c->expected);
    }
}

static void
test_escape (void)
{
  g_autoptr(RlTemplateContext) ctx = rl_template_context_new ("fr");
  g_autoptr(RlTemplate) tpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;

  rl_template_context_set_string (ctx, "customer.name", "<b>Dupont & Fils</b> \"l'atelier\"");
  rl_template_context_set_money (ctx, "total.due", 100000);
  tpl = rl_template_parse ("<p>{{ customer.name }} & <i>{{ total.due }}</i></p>", &error);
  g_assert_no_error (error);

  html = rl_template_render (tpl, ctx, RL_TEMPLATE_ESCAPE_HTML, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (html, ==, "<p>&lt;b&gt;Dupont &amp; Fils&lt;/b&gt; &quot;l&apos;atelier&quot; & "
                   "<i>1" NNBSP "000,00" NBSP EURO "</i></p>");

  plain = rl_template_render (tpl, ctx, RL_TEMPLATE_ESCAPE_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "<p><b>Dupont & Fils</b> \"l'atelier\" & "
                   "<i>1" NNBSP "000,00" NBSP EURO "</i></p>");
}

typedef struct
{
  const char *text;
  const char *where;    /* "Line L, column C:" */
  const char *says;
} ErrorCase;

static const ErrorCase syntax_cases[] = {
  { "Bonjour {{ customer.name", "Line 1, column 9:", "unclosed tag" },
  { "a\nb {{ customer.name\n}}", "Line 2, column 3:", "unclosed tag" },
  { "a\n\n  x {% if customer.name", "Line 3, column 5:", "unclosed tag" },
  { "Créance {% foo %}", "Line 1, column 9:", "unknown tag “foo”" },
  { "x\n  {% endfor %}", "Line 2, column 3:", "“endfor” without a matching “for”" },
  { "{% endif %}", "Line 1, column 1:", "“endif” without a matching “if”" },
  { "{% else %}", "Line 1, column 1:", "“else” without a matching “if”" },
  { "{% if a %}\n{% for i in l %}\n{% endif %}", "Line 3, column 1:",
    "“for” of line 2, column 1 is still open" },
  { "\n  {% if a %}x", "Line 2, column 3:", "“if” is never closed by “endif”" },
  { "{% for i in l %}{% if a %}{% endif %}", "Line 1, column 1:",
    "“for” is never closed by “endfor”" },
  { "é{% for x in %}", "Line 1, column 2:", "malformed “for”" },
  { "{% for x.y in l %}{% endfor %}", "Line 1, column 1:", "malformed “for”" },
  { "{% for x on l %}{% endfor %}", "Line 1, column 1:", "malformed “for”" },
  { "{% if %}{% endif %}", "Line 1, column 1:", "malformed “if”" },
  { "{% if not %}{% endif %}", "Line 1, column 1:", "malformed “if”" },
  { "{% if a b %}{% endif %}", "Line 1, column 1:", "malformed “if”" },
  { "{% if a %}{% else %}{% else %}{% endif %}", "Line 1, column 21:", "a second “else”" },
  { "{% if a %}{% endif a %}", "Line 1, column 11:", "“endif” takes nothing after it" },
  { "{{ }}", "Line 1, column 1:", "empty variable tag" },
  { "{%  %}", "Line 1, column 1:", "empty tag" },
  { "{{ customer name }}", "Line 1, column 1:", "“customer name” is not a valid variable name" },
  { "{{ a..b }}", "Line 1, column 1:", "“a..b” is not a valid variable name" },
  { "{{ 1a }}", "Line 1, column 1:", "not a valid variable name" },
  { "x\n{# pas fermé", "Line 2, column 1:", "unclosed comment" },
};

static void
test_syntax_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlTemplate) bad = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (syntax_cases); i++)
    {
      const ErrorCase *c = &syntax_cases[i];
      g_autoptr(RlTemplate) tpl = NULL;

      g_clear_error (&error);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, c->text);
      tpl = rl_template_parse (c->text, &error);
      g_assert_null (tpl);
      g_assert_error (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, c->where));
      g_assert_nonnull (strstr (error->message, c->says));
    }

  g_clear_error (&error);
  bad = rl_template_parse ("caf\xC3", &error);
  g_assert_null (bad);
  g_assert_error (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_SYNTAX);
}

typedef struct
{
  const char *text;
  int         code;     /* -1: sound */
  const char *says;
} CheckCase;

static const CheckCase check_cases[] = {
  { "{{ customer.name }} {{ total.due }} {{ deadline.short }}", -1, NULL },
  { "{% for invoice in invoices %}{{ invoice.number }} {{ invoice.due_date.short }}"
    "{% endfor %}", -1, NULL },
  { "{% if previous_reminders %}{% for r in previous_reminders %}{{ r.channel }}{% endfor %}"
    "{% endif %}", -1, NULL },
  { "{% for invoice in invoices %}{% if invoice %}x{% endif %}{% endfor %}", -1, NULL },
  { "Bonjour,\n\n  {{ customer.nme }}", RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE,
    "Line 3, column 3: unknown variable “customer.nme”" },
  { "{{ invoice.number }}", RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE,
    "Line 1, column 1: unknown variable “invoice.number”" },
  { "{% for invoice in invoices %}\n{{ invoice.numbr }}\n{% endfor %}",
    RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE, "Line 2, column 1: unknown variable “invoice.numbr”" },
  { "{% if customer.vip %}x{% endif %}", RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE,
    "unknown variable “customer.vip”" },
  { "{% for x in factures %}{% endfor %}", RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE,
    "unknown variable “factures”" },
  { "{{ customer.name.short }}", RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE,
    "unknown variable “customer.name.short”" },
  { "{{ invoices }}", RL_TEMPLATE_ERROR_TYPE, "“invoices” is a list" },
  { "{% for c in customer.name %}{% endfor %}", RL_TEMPLATE_ERROR_TYPE,
    "“customer.name” is not a list" },
  { "{% for invoice in invoices %}{{ invoice }}{% endfor %}", RL_TEMPLATE_ERROR_TYPE,
    "“invoice” is a list item" },
};

static void
test_check (void)
{
  static const RlTemplateVar mine[] = {
    { "name", RL_TEMPLATE_VALUE_STRING, NULL },
    { "lines", RL_TEMPLATE_VALUE_LIST, NULL },
    { "lines.text", RL_TEMPLATE_VALUE_STRING, NULL },
  };
  const RlTemplateVars vars = { mine, G_N_ELEMENTS (mine) };
  g_autoptr(RlTemplate) own = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (check_cases); i++)
    {
      const CheckCase *c = &check_cases[i];
      g_autoptr(RlTemplate) tpl = rl_template_parse (c->text, &error);
      gboolean ok;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, c->text);
      g_assert_no_error (error);
      ok = rl_template_check (tpl, NULL, &error);
      if (c->code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, RL_TEMPLATE_ERROR, c->code);
          g_assert_nonnull (strstr (error->message, c->says));
          g_clear_error (&error);
        }
    }

  own = rl_template_parse ("{{ name }}{% for l in lines %}{{ l.text }}{% endfor %}", &error);
  g_assert_no_error (error);
  g_assert_true (rl_template_check (own, &vars, &error));
  g_assert_no_error (error);
  g_assert_false (rl_template_check (own, rl_template_known_vars (), &error));
  g_assert_error (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE);
  g_assert_nonnull (strstr (error->message, "“name”"));

  g_assert_nonnull (rl_template_vars_lookup (rl_template_known_vars (), "total.due"));
  g_assert_null (rl_template_vars_lookup (rl_template_known_vars (), "total"));
}

typedef struct
{
  const char *text;
  int         code;
  const char *says;
} MissingCase;

static const MissingCase missing_cases[] = {
  { "{{ customer.name }} {{ company.name }}", RL_TEMPLATE_ERROR_MISSING_VALUE,
    "Line 1, column 21: no value for “company.name”" },
  { "{% if contact.email %}x{% endif %}", RL_TEMPLATE_ERROR_MISSING_VALUE,
    "no value for “contact.email”" },
  { "{% for r in previous_reminders %}{% endfor %}", RL_TEMPLATE_ERROR_MISSING_VALUE,
    "no value for “previous_reminders”" },
  { "{% for invoice in invoices %}\n{{ invoice.remaining }}{% endfor %}",
    RL_TEMPLATE_ERROR_MISSING_VALUE, "Line 2, column 1: no value for “invoice.remaining”" },
  { "{{ payment_date }}", RL_TEMPLATE_ERROR_MISSING_VALUE, "“payment_date” has no date" },
  { "{{ invoices }}", RL_TEMPLATE_ERROR_TYPE, "“invoices” is a list" },
  { "{% for x in customer.name %}{% endfor %}", RL_TEMPLATE_ERROR_TYPE, "is not a list" },
};

static void
test_missing_value (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (missing_cases); i++)
    {
      const MissingCase *c = &missing_cases[i];
      g_autoptr(RlTemplateContext) ctx = small_context ("fr", 2);
      g_autoptr(GError) error = NULL;
      g_autoptr(RlTemplate) tpl = rl_template_parse (c->text, &error);
      g_autofree char *out = NULL;

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, c->text);
      g_assert_no_error (error);
      rl_template_context_set_day (ctx, "payment_date", RL_DAY_NONE);
      out = rl_template_render (tpl, ctx, RL_TEMPLATE_ESCAPE_NONE, &error);
      g_assert_null (out);
      g_assert_error (error, RL_TEMPLATE_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, c->says));
    }
}

/* A realistic context: two overdue invoices, a credit note, three earlier reminders. */
static RlTemplateContext *
sample_context (const char *language,
                gboolean    business)
{
  gboolean fr = g_str_equal (language, "fr");
  RlTemplateContext *ctx = rl_template_context_new (language);
  RlTemplateRecord *r;
  static const struct
  {
    const char *number;
    int         issue_m, issue_d, due_m, due_d;
    RlCents     amount, paid, interest;
    int         days_late;
  } invoices[] = {
    { "F2026-0815", 9, 1, 10, 1, 180000, 60000, 1678, 42 },
    { "F2026-0871", 9, 15, 10, 15, 125000, 0, 1165, 28 },
  };
  static const struct
  {
    int         m, d;
    const char *fr, *en;
  } reminders[] = {
    { 10, 8, "courriel", "email" },
    { 10, 22, "lettre", "letter" },
    { 11, 3, "appel téléphonique", "phone call" },
  };

  rl_template_context_set_string (ctx, "customer.code", "C0042");
  rl_template_context_set_string (ctx, "customer.name", "Dupont & Fils");
  rl_template_context_set_string (ctx, "customer.siren", "552 100 554");
  rl_template_context_set_string (ctx, "customer.address",
                                  "Zone artisanale des Prés\n8 allée des Artisans\n38000 GRENOBLE");
  rl_template_context_set_string (ctx, "customer.address1", "Zone artisanale des Prés");
  rl_template_context_set_string (ctx, "customer.address2", "8 allée des Artisans");
  rl_template_context_set_string (ctx, "customer.address3", "");
  rl_template_context_set_string (ctx, "customer.postcode", "38000");
  rl_template_context_set_string (ctx, "customer.city", "GRENOBLE");
  rl_template_context_set_string (ctx, "customer.country", "FR");
  rl_template_context_set_int (ctx, "customer.consumer", !business);
  rl_template_context_set_string (ctx, "contact.name", "Mme Claire Dupont");
  rl_template_context_set_string (ctx, "company.name", "Atelier Mercier");
  rl_template_context_set_string (ctx, "company.address", "12 rue des Tanneurs\n69002 LYON");
  rl_template_context_set_string (ctx, "company.city", "Lyon");
  rl_template_context_set_string (ctx, "company.siren", "812 345 678");
  rl_template_context_set_string (ctx, "company.vat_number", "FR32812345678");
  rl_template_context_set_string (ctx, "company.iban", "FR76 3000 6000 0112 3456 7890 189");
  rl_template_context_set_string (ctx, "company.bic", "AGRIFRPP");
  rl_template_context_set_string (ctx, "company.phone", "04 72 10 20 30");
  rl_template_context_set_string (ctx, "company.email", "compta@atelier-mercier.fr");
  rl_template_context_set_string (ctx, "payment_reference", "C0042-2026-11");
  rl_template_context_set_day (ctx, "today", rl_day_from_ymd (2026, 11, 12));
  rl_template_context_set_day (ctx, "deadline", rl_day_from_ymd (2026, 11, 20));
  rl_template_context_set_int (ctx, "step.days_late", 42);
  rl_template_context_set_int (ctx, "printed", 0);
  rl_template_context_set_string (ctx, "invoice_table", "");

  rl_template_context_set_list (ctx, "invoices");
  for (gsize i = 0; i < G_N_ELEMENTS (invoices); i++)
    {
      r = rl_template_context_list_append (ctx, "invoices");
      rl_template_record_set_string (r, "number", invoices[i].number);
      rl_template_record_set_day (r, "issue_date",
                                  rl_day_from_ymd (2026, invoices[i].issue_m, invoices[i].issue_d));
      rl_template_record_set_day (r, "due_date",
                                  rl_day_from_ymd (2026, invoices[i].due_m, invoices[i].due_d));
      rl_template_record_set_money (r, "amount", invoices[i].amount);
      rl_template_record_set_money (r, "paid", invoices[i].paid);
      rl_template_record_set_money (r, "remaining", invoices[i].amount - invoices[i].paid);
      rl_template_record_set_int (r, "days_late", invoices[i].days_late);
      rl_template_record_set_money (r, "interest", business ? invoices[i].interest : 0);
      rl_template_record_set_money (r, "indemnity", business ? 4000 : 0);
    }

  r = rl_template_context_list_append (ctx, "credit_notes");
  rl_template_record_set_string (r, "number", "AV2026-0102");
  rl_template_record_set_day (r, "issue_date", rl_day_from_ymd (2026, 10, 20));
  rl_template_record_set_money (r, "remaining", 15000);

  rl_template_context_set_list (ctx, "previous_reminders");
  for (gsize i = 0; i < G_N_ELEMENTS (reminders); i++)
    {
      r = rl_template_context_list_append (ctx, "previous_reminders");
      rl_template_record_set_day (r, "date",
                                  rl_day_from_ymd (2026, reminders[i].m, reminders[i].d));
      rl_template_record_set_string (r, "channel", fr ? reminders[i].fr : reminders[i].en);
    }

  rl_template_context_set_money (ctx, "total.remaining", 230000);
  rl_template_context_set_money (ctx, "total.interest", business ? 2843 : 0);
  rl_template_context_set_money (ctx, "total.indemnity", business ? 8000 : 0);
  rl_template_context_set_money (ctx, "total.due", business ? 240843 : 230000);
  return ctx;
}

/* Renders the shipped @key in @language; asserts that it parses, checks and renders. */
static char *
render_default (const char  *key,
                const char  *language,
                gboolean     business,
                char       **subject)
{
  const RlTemplateDefault *def = rl_template_default (key, language);
  g_autoptr(RlTemplateContext) ctx = sample_context (language, business);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlTemplate) subject_tpl = NULL;
  g_autoptr(RlTemplate) body_tpl = NULL;
  g_autofree char *html = NULL;
  char *body;

  g_assert_nonnull (def);
  subject_tpl = rl_template_parse (def->subject, &error);
  g_assert_no_error (error);
  body_tpl = rl_template_parse (def->body, &error);
  g_assert_no_error (error);
  g_assert_true (rl_template_check (subject_tpl, rl_template_known_vars (), &error));
  g_assert_no_error (error);
  g_assert_true (rl_template_check (body_tpl, rl_template_known_vars (), &error));
  g_assert_no_error (error);

  if (subject != NULL)
    {
      *subject = rl_template_render (subject_tpl, ctx, RL_TEMPLATE_ESCAPE_NONE, &error);
      g_assert_no_error (error);
    }
  body = rl_template_render (body_tpl, ctx, RL_TEMPLATE_ESCAPE_NONE, &error);
  g_assert_no_error (error);
  html = rl_template_render (body_tpl, ctx, RL_TEMPLATE_ESCAPE_HTML, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (html, "Dupont & Fils"));
  return body;
}

/* Every : ; ? ! and » of the template's own French text follows a no-break space, « precedes
 * one, and the apostrophe is ’. */
static void
assert_french_typography (const char *key,
                          const char *text)
{
  const char *prev = "";

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (p[0] == '{' && (p[1] == '{' || p[1] == '%' || p[1] == '#'))
        {
          const char *end = strstr (p + 2, p[1] == '{' ? "}}" : p[1] == '%' ? "%}" : "#}");

          g_assert_nonnull (end);
          p = end + 1;
          prev = "}";
          continue;
        }
      if (strchr (":;?!", *p) != NULL || g_str_has_prefix (p, "»"))
        {
          if (!g_str_equal (prev, NBSP))
            g_error ("%s: no no-break space before “%.20s”", key, p);
        }
      if (g_str_has_prefix (p, "«"))
        g_assert_true (g_str_has_prefix (p + strlen ("«"), NBSP));
      if (*p == '\'')
        g_error ("%s: straight apostrophe in “%.20s”", key, p);
      prev = g_str_has_prefix (p, NBSP) ? NBSP : "";
    }
}

static void
test_defaults (void)
{
  const char * const *keys = rl_template_default_keys ();
  static const char * const languages[] = { "fr", "en" };
  guint n = 0;

  for (guint i = 0; keys[i] != NULL; i++)
    for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
      for (int business = 0; business < 2; business++)
        {
          const RlTemplateDefault *def = rl_template_default (keys[i], languages[l]);
          g_autofree char *subject = NULL;
          g_autofree char *body = NULL;
          g_auto(GStrv) lines = NULL;

          g_test_message ("%s %s", keys[i], languages[l]);
          g_assert_cmpstr (def->key, ==, keys[i]);
          g_assert_cmpstr (def->language, ==, languages[l]);
          body = render_default (keys[i], languages[l], business, &subject);

          /* Clean output: no tag left, no run of empty lines, no blank first line, no
           * trailing spaces. */
          g_assert_null (strstr (body, "{{"));
          g_assert_null (strstr (body, "{%"));
          g_assert_null (strstr (body, "\n\n\n"));
          g_assert_false (body[0] == '\n' || body[0] == ' ');
          g_assert_true (g_str_has_suffix (body, "\n") || g_str_equal (keys[i], "sms"));
          lines = g_strsplit (body, "\n", -1);
          for (guint j = 0; lines[j] != NULL; j++)
            g_assert_false (g_str_has_suffix (lines[j], " ") || g_str_has_suffix (lines[j], NBSP));
          g_assert_null (strchr (subject, '\n'));
          g_assert_true (subject[0] != '\0' || g_str_equal (keys[i], "sms"));

          if (business && g_getenv ("RL_TEMPLATE_DUMP") != NULL)
            {
              g_autofree char *name = g_strdup_printf ("%s-%s.txt", keys[i], languages[l]);
              g_autofree char *path = g_build_filename (g_getenv ("RL_TEMPLATE_DUMP"), name, NULL);
              g_autofree char *dump = g_strdup_printf ("%s\n\n%s", subject, body);

              g_assert_true (g_file_set_contents (path, dump, -1, NULL));
            }
          if (g_str_equal (languages[l], "fr"))
            {
              assert_french_typography (keys[i], def->subject);
              assert_french_typography (keys[i], def->body);
            }
          else
            g_assert_null (strstr (def->body, NBSP ":"));
          n++;
        }
  g_assert_cmpuint (n, ==, 8 * 2 * 2);

  g_assert_true (rl_template_default ("reminder", "fr_FR.UTF-8") ==
                 rl_template_default ("reminder", "fr"));
  g_assert_true (rl_template_default ("reminder", "de") == rl_template_default ("reminder", "en"));
  g_assert_true (rl_template_default ("reminder", NULL) == rl_template_default ("reminder", "en"));
  g_assert_null (rl_template_default ("relance", "fr"));
}

static void
test_formal_notice (void)
{
  g_autofree char *subject = NULL;
  g_autofree char *body = render_default ("formal_notice", "fr", TRUE, &subject);
  g_autofree char *consumer = render_default ("formal_notice", "fr", FALSE, NULL);
  g_autofree char *en_subject = NULL;
  g_autofree char *en = render_default ("formal_notice", "en", TRUE, &en_subject);
  static const char * const expected[] = {
    "mise en demeure", "Lettre recommandée avec demande d’avis de réception",
    "Lyon, le 12 novembre 2026", "Créancier" NBSP ": Atelier Mercier, SIREN 812 345 678",
    "Débiteur" NBSP ": Dupont & Fils, SIREN 552 100 554\nZone artisanale des Prés\n",
    "À l’attention de Mme Claire Dupont\n\nMadame, Monsieur,",
    "– courriel du 8 octobre 2026\n– lettre du 22 octobre 2026\n"
      "– appel téléphonique du 3 novembre 2026\n",
    "facture n°" NBSP "F2026-0815 du 1er septembre 2026, échue le 1er octobre 2026, d’un montant "
      "de 1" NNBSP "800,00" NBSP EURO ", dont 600,00" NBSP EURO " déjà réglés" NBSP
      ": reste dû 1" NNBSP "200,00" NBSP EURO "\n",
    "facture n°" NBSP "F2026-0871 du 15 septembre 2026, échue le 15 octobre 2026, d’un montant "
      "de 1" NNBSP "250,00" NBSP EURO NBSP ": reste dû",
    "avoir n°" NBSP "AV2026-0102 du 20 octobre 2026" NBSP ": 150,00" NBSP EURO,
    "Pénalités de retard arrêtées au 12 novembre 2026" NBSP ": 28,43" NBSP EURO,
    "Total réclamé" NBSP ": 2" NNBSP "408,43" NBSP EURO,
    "L441-10", "D441-5", "40" NBSP EURO,
    "au plus tard le 20 novembre 2026",
    "IBAN" NBSP ": FR76 3000 6000 0112 3456 7890 189\nBIC" NBSP ": AGRIFRPP\n",
    "C0042-2026-11", "injonction de payer", "sans autre avis", "article 1344 du Code civil",
    "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations distinguées.",
    "Pour Atelier Mercier,\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (body, expected[i]) == NULL)
      g_error ("the formal notice lacks “%s”:\n%s", expected[i], body);
  g_assert_cmpstr (subject, ==, "Mise en demeure de payer la somme de 2" NNBSP "408,43" NBSP EURO);
  g_assert_null (strstr (body, "1231-6"));

  /* A consumer: no L441-10 penalties, interest at the legal rate from the notice instead. */
  g_assert_null (strstr (consumer, "L441-10"));
  g_assert_null (strstr (consumer, "40" NBSP EURO));
  g_assert_nonnull (strstr (consumer, "article 1231-6 du Code civil"));
  g_assert_nonnull (strstr (consumer, "Total réclamé" NBSP ": 2" NNBSP "300,00" NBSP EURO));
  {
    /* After the formal notice, a consumer owes interest at the legal rate (Code civil
     * 1231-6), never the commercial penalties of L441-10. */
    g_autoptr(RlTemplateContext) ctx = sample_context ("fr", FALSE);
    g_autoptr(RlTemplate) tpl = NULL;
    g_autofree char *text = NULL;

    rl_template_context_set_money (ctx, "total.interest", 172);
    tpl = rl_template_parse (rl_template_default ("formal_notice", "fr")->body, NULL);
    text = rl_template_render (tpl, ctx, RL_TEMPLATE_ESCAPE_NONE, NULL);
    g_assert_nonnull (text);
    g_assert_null (strstr (text, "L441-10"));
    g_assert_nonnull (strstr (text, "Intérêts au taux légal arrêtés au"));
    g_assert_nonnull (strstr (text, "article 1231-6 du Code civil"));
  }

  g_assert_nonnull (strstr (en_subject, "mise en demeure"));
  g_assert_nonnull (strstr (en, "no later than 20 November 2026"));
  g_assert_nonnull (strstr (en, "invoice F2026-0815 dated 1 September 2026"));
  g_assert_nonnull (strstr (en, "L441-10"));
  g_assert_nonnull (strstr (en, EURO "40"));

  if (g_getenv ("RL_TEMPLATE_DUMP") != NULL)
    {
      g_autofree char *dump = g_strdup_printf ("Objet : %s\n\n%s", subject, body);
      g_autofree char *path = g_build_filename (g_getenv ("RL_TEMPLATE_DUMP"),
                                                "formal-notice-fr.txt", NULL);

      g_assert_true (g_file_set_contents (path, dump, -1, NULL));
    }
}

/* Length of @text in GSM 03.38 septets once no-break spaces become spaces, as an SMS sender
 * sends it; -1 if a character is outside the GSM alphabet (the SMS would fall back to UCS-2
 * and its 70 characters). */
static int
gsm7_septets (const char *text)
{
  static const char basic[] =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  static const char extension[] = "^{}\\[~]|€";
  int n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buf[8] = { 0 };

      if (c == 0x00A0 || c == 0x202F)
        c = ' ';
      g_unichar_to_utf8 (c, buf);
      if (strstr (basic, buf) != NULL)
        n += 1;
      else if (strstr (extension, buf) != NULL)
        n += 2;
      else
        return -1;
    }
  return n;
}

static void
test_sms (void)
{
  static const char * const languages[] = { "fr", "en" };

  for (gsize i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *sms = render_default ("sms", languages[i], TRUE, NULL);
      int septets = gsm7_septets (sms);

      g_test_message ("%s (%ld characters, %d septets): %s", languages[i],
                      g_utf8_strlen (sms, -1), septets, sms);
      g_assert_cmpint (g_utf8_strlen (sms, -1), <=, 160);
      g_assert_cmpint (septets, >, 0);
      g_assert_cmpint (septets, <=, 160);
      g_assert_null (strchr (sms, '\n'));
      g_assert_nonnull (strstr (sms, "Atelier Mercier"));
      g_assert_nonnull (strstr (sms, "FR76 3000 6000 0112 3456 7890 189"));
      g_assert_nonnull (strstr (sms, "C0042-2026-11"));
      if (i == 0)
        {
          g_assert_cmpstr (sms, ==, "Bonjour, Atelier Mercier vous rappelle que 2" NNBSP "300,00"
                           NBSP EURO " restent à régler. Virement IBAN FR76 3000 6000 0112 3456 "
                           "7890 189, réf. C0042-2026-11. Merci.");
          if (g_getenv ("RL_TEMPLATE_DUMP") != NULL)
            {
              g_autofree char *path = g_build_filename (g_getenv ("RL_TEMPLATE_DUMP"),
                                                        "sms-fr.txt", NULL);

              g_assert_true (g_file_set_contents (path, sms, -1, NULL));
            }
        }
    }
}

/* The e-mail an account statement goes with, in the customer's language. */
static void
test_statement (void)
{
  static const struct
  {
    const char *language;
    const char *subject;
    const char *greeting;
    const char *body;
  } cases[] = {
    { "fr", "Relevé de compte au 12 novembre 2026 — Atelier Mercier",
      "À l’attention de Mme Claire Dupont\n\nMadame, Monsieur,",
      "le relevé de votre compte au 12 novembre 2026" NBSP ": toutes les factures" },
    { "en", "Account statement at 12 November 2026 — Atelier Mercier",
      "For the attention of Mme Claire Dupont\n\nDear Sir or Madam,",
      "the statement of your account at 12 November 2026: every open invoice" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *subject = NULL;
      g_autofree char *body = render_default ("statement", cases[i].language, TRUE, &subject);

      g_assert_cmpstr (subject, ==, cases[i].subject);
      g_assert_true (g_str_has_prefix (body, cases[i].greeting));
      g_assert_nonnull (strstr (body, cases[i].body));
      g_assert_true (g_str_has_suffix (body, "Atelier Mercier\n"));
    }
  /* Not a step of a plan. */
  g_assert_false (g_strv_contains (rl_template_default_keys (), "statement"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relance/template/render", test_render);
  g_test_add_func ("/relance/template/escape-html", test_escape);
  g_test_add_func ("/relance/template/syntax-errors", test_syntax_errors);
  g_test_add_func ("/relance/template/check", test_check);
  g_test_add_func ("/relance/template/missing-value", test_missing_value);
  g_test_add_func ("/relance/template/defaults", test_defaults);
  g_test_add_func ("/relance/template/formal-notice", test_formal_notice);
  g_test_add_func ("/relance/template/sms", test_sms);
  g_test_add_func ("/relance/template/statement", test_statement);

  return g_test_run ();
}
