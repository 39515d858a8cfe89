/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "rl-ids.h"
#include "rl-letter-private.h"

/* The documents: a reminder or formal notice (its text from the engine's templates, with
 * the invoice table and totals drawn where the text leaves room for them), a thank-you
 * letter, an account statement and the calibration page. */

/* The fixed words of a letter are in the customer's language, whatever the language of the
 * user's desktop: data, like the templates, so not translated with gettext. */
static const RlLetterWords words_fr = {
  .subject = "Objet\u00A0: ",
  .page = "%d/%d",
  .place_date = "%s, le %s",
  .date_only = "Le %s",
  .registered = "Lettre recommandée avec accusé de réception",
  .your_ref = "Réf. client\u00A0:",
  .our_ref = "Référence à rappeler\u00A0:",
  .col_number = "Facture",
  .col_date = "Date",
  .col_due = "Échéance",
  .col_amount = "Montant TTC",
  .col_paid = "Déjà réglé",
  .col_remaining = "Reste dû",
  .col_days = "Jours de retard",
  .col_interest = "Pénalités",
  .credit_note = "avoir",
  .principal = "Principal restant dû",
  .interest_b2b = "Pénalités de retard (art. L441-10 C. com.) au %s",
  .interest_b2c = "Intérêts au taux légal (art. 1231-6 C. civ.) au %s",
  .indemnity = "Indemnités forfaitaires pour frais de recouvrement (%u × 40\u00A0€)",
  .total_claimed = "Total réclamé",
  .total_due = "Total à régler",
  .pay_title = "Règlement par virement",
  .pay_beneficiary = "Bénéficiaire\u00A0:",
  .pay_amount = "Montant\u00A0:",
  .pay_reference = "Référence\u00A0:",
  .pay_scan = "Scannez ce code avec votre application bancaire",
  .siren = "SIREN",
  .vat = "TVA",
  .statement_subject = "Relevé de compte au %s",
  .statement_intro = "Madame, Monsieur,\n\nVeuillez trouver ci-dessous le relevé de votre "
                     "compte chez nous à ce jour\u00A0: les factures et avoirs non soldés, puis "
                     "les règlements reçus.",
  .open_items = "Factures et avoirs non soldés",
  .payments_since = "Règlements reçus depuis le %s",
  .col_payment_date = "Date",
  .col_payment_ref = "Référence",
  .col_payment_amount = "Montant",
  .col_unapplied = "Non imputé",
  .no_payments = "Aucun règlement reçu sur la période.",
  .balance = "Solde dû",
  .statement_closing = "Si ce relevé appelle de votre part une remarque, n’hésitez pas à nous "
                       "contacter. Nous vous prions d’agréer, Madame, Monsieur, l’expression de "
                       "nos salutations distinguées.",
  .calibration_title = "Page d’étalonnage de l’enveloppe à fenêtre",
  .calibration_help = "Imprimez cette page à 100\u00A0% (sans «\u00A0ajuster à la page\u00A0»), "
                      "pliez-la aux repères de la marge gauche et glissez-la dans l’enveloppe. "
                      "Le cadre en tirets est la fenêtre prévue\u00A0; l’adresse commence à la "
                      "croix. Si l’adresse ne se lit pas entièrement dans la fenêtre, mesurez "
                      "l’écart sur les règles graduées en millimètres et corrigez-le dans les "
                      "préférences (Courriers, «\u00A0Décaler l’adresse\u00A0») ou avec\u00A0:\n"
                      "relancectl letter-settings --offset-x MM --offset-y MM\n"
                      "(valeurs positives\u00A0: vers la droite, vers le bas).",
  .calibration_info = "Fenêtre\u00A0: %s — décalage horizontal %s\u00A0mm, vertical "
                      "%s\u00A0mm",
  .window_names = { "française, à droite", "DIN\u00A05008, à gauche", "suisse, à droite" },
};

static const RlLetterWords words_en = {
  .subject = "Subject: ",
  .page = "%d/%d",
  .place_date = "%s, %s",
  .date_only = "%s",
  .registered = "Registered letter with acknowledgement of receipt",
  .your_ref = "Customer ref.:",
  .our_ref = "Reference to quote:",
  .col_number = "Invoice",
  .col_date = "Date",
  .col_due = "Due date",
  .col_amount = "Amount incl. VAT",
  .col_paid = "Paid",
  .col_remaining = "Outstanding",
  .col_days = "Days late",
  .col_interest = "Penalties",
  .credit_note = "credit note",
  .principal = "Principal outstanding",
  .interest_b2b = "Late-payment penalties (French Commercial Code L441-10) as of %s",
  .interest_b2c = "Interest at the legal rate (French Civil Code 1231-6) as of %s",
  .indemnity = "Fixed recovery indemnities (%u × €40)",
  .total_claimed = "Total claimed",
  .total_due = "Total to pay",
  .pay_title = "Payment by bank transfer",
  .pay_beneficiary = "Beneficiary:",
  .pay_amount = "Amount:",
  .pay_reference = "Reference:",
  .pay_scan = "Scan this code with your banking app",
  .siren = "SIREN",
  .vat = "VAT",
  .statement_subject = "Statement of account as of %s",
  .statement_intro = "Dear Sir or Madam,\n\nPlease find below the statement of your account "
                     "with us to date: the open invoices and credit notes, then the payments "
                     "received.",
  .open_items = "Open invoices and credit notes",
  .payments_since = "Payments received since %s",
  .col_payment_date = "Date",
  .col_payment_ref = "Reference",
  .col_payment_amount = "Amount",
  .col_unapplied = "Unapplied",
  .no_payments = "No payment received in the period.",
  .balance = "Balance due",
  .statement_closing = "Should this statement call for any remark, please contact us. "
                       "Yours faithfully,",
  .calibration_title = "Window envelope calibration page",
  .calibration_help = "Print this page at 100 % (no “fit to page”), fold it at the marks in the "
                      "left margin and slip it into the envelope. The dashed frame is the "
                      "window the layout expects; the address starts at the cross. If the "
                      "address does not show in full through the window, measure the gap on the "
                      "millimetre rulers and correct it in the preferences (Letters, “Move the "
                      "address”) or with:\n"
                      "relancectl letter-settings --offset-x MM --offset-y MM\n"
                      "(positive values: to the right, downwards).",
  .calibration_info = "Window: %s — horizontal offset %s mm, vertical %s mm",
  .window_names = { "French, on the right", "DIN 5008, on the left", "Swiss, on the right" },
};

const RlLetterWords *
_rl_letter_words (const char *language)
{
  return language != NULL && g_str_has_prefix (language, "fr") ? &words_fr : &words_en;
}

/* The formats are the fixed words above, never input. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
char *
_rl_words_printf (const char *format,
                  ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return text;
}
#pragma GCC diagnostic pop

/* Shared parts */

static char **
recipient_lines (const RlCustomer  *c,
                 const char        *attention,
                 const RlCompany   *company,
                 GError           **error)
{
  RlPostalAddress a = {
    c->name, attention, c->address1, c->address2, c->address3, c->postcode, c->city,
    c->country,
  };

  return rl_postal_format (&a, company->country, error);
}

/* Letterhead, address, references, place and date, subject: the top of a first page. */
static gboolean
first_page (RlPen             *pen,
            const RlCustomer  *customer,
            const char        *attention,
            const char        *references,
            const char        *subject,
            RlDay              day,
            gboolean           registered,
            GError           **error)
{
  g_auto(GStrv) lines = recipient_lines (customer, attention, pen->company, error);
  g_autofree char *date = rl_day_format_long (day, pen->language);
  g_autofree char *place_date = NULL, *subject_line = NULL;
  const char *city = pen->company->city;

  if (lines == NULL)
    return FALSE;
  _rl_pen_begin (pen);
  _rl_pen_letterhead (pen);
  _rl_pen_address (pen, lines, registered);
  _rl_pen_side_block (pen, references, registered);
  place_date = city != NULL && *city != '\0'
               ? _rl_words_printf (pen->words->place_date, city, date)
               : _rl_words_printf (pen->words->date_only, date);
  pen->y += _rl_pen_text_at (pen, RL_MARGIN, pen->y, RL_TEXT_WIDTH, place_date, RL_FONT_BODY,
                             PANGO_ALIGN_RIGHT) + 6;
  subject_line = g_strconcat (pen->words->subject, subject, NULL);
  _rl_pen_paragraph (pen, subject_line, RL_FONT_BODY_BOLD, PANGO_ALIGN_LEFT);
  _rl_pen_skip (pen, 5);
  return TRUE;
}

static char *
money (RlPen   *pen,
       RlCents  cents)
{
  return rl_money_format (cents, "EUR", pen->language);
}

static char *
short_day (RlPen *pen,
           RlDay  day)
{
  return day != RL_DAY_NONE ? rl_day_format_short (day, pen->language) : g_strdup ("");
}

/* A short block of lines (up to the next empty line) is not split across pages: no closing
 * line alone at the top of a page. */
#define KEEP_TOGETHER_LINES 8

static void
keep_together (RlPen  *pen,
               char  **lines,
               guint   n)
{
  double height = 0;
  guint i;

  for (i = 0; i < n && *lines[i] != '\0'; i++)
    {
      if (i == KEEP_TOGETHER_LINES || strcmp (lines[i], RL_ACTION_TABLE_MARK) == 0)
        return;
      height += _rl_pen_paragraph_height (pen, lines[i], RL_FONT_BODY);
    }
  _rl_pen_ensure (pen, height);
}

/* Text of a body: each line a paragraph, empty lines as space; @table where the mark is. */
static void
body_text (RlPen       *pen,
           const char  *body,
           void       (*table) (RlPen *pen, gconstpointer data),
           gconstpointer data)
{
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);
  gboolean table_done = table == NULL;
  guint n = g_strv_length (lines);

  /* A body ends with a newline: no space after it. */
  while (n > 0 && *lines[n - 1] == '\0')
    n--;
  for (guint i = 0; i < n; i++)
    {
      if (*lines[i] != '\0' && (i == 0 || *lines[i - 1] == '\0'))
        keep_together (pen, lines + i, n - i);
      if (strcmp (lines[i], RL_ACTION_TABLE_MARK) == 0)
        {
          if (!table_done)
            table (pen, data);
          table_done = TRUE;
        }
      else if (*lines[i] == '\0')
        _rl_pen_skip (pen, 3.4);
      else
        _rl_pen_paragraph (pen, lines[i], RL_FONT_BODY, PANGO_ALIGN_LEFT);
    }
  if (!table_done)
    {
      _rl_pen_skip (pen, 3.4);
      table (pen, data);
    }
}

/* Reminders and formal notices */

enum { COL_NUMBER, COL_DATE, COL_DUE, COL_AMOUNT, COL_PAID, COL_REMAINING, COL_DAYS,
       COL_INTEREST, N_COLS };

static void
invoice_columns (RlPen    *pen,
                 RlColumn *cols)
{
  const RlLetterWords *w = pen->words;
  const RlColumn all[N_COLS] = {
    { w->col_number, 26, PANGO_ALIGN_LEFT },
    { w->col_date, 20, PANGO_ALIGN_LEFT },
    { w->col_due, 20, PANGO_ALIGN_LEFT },
    { w->col_amount, 22, PANGO_ALIGN_RIGHT },
    { w->col_paid, 20, PANGO_ALIGN_RIGHT },
    { w->col_remaining, 22, PANGO_ALIGN_RIGHT },
    { w->col_days, 17, PANGO_ALIGN_RIGHT },
    { w->col_interest, 23, PANGO_ALIGN_RIGHT },
  };

  memcpy (cols, all, sizeof all);
}

static void
invoice_row (RlPen                *pen,
             const RlColumn       *cols,
             guint                 n_cols,
             const RlDocumentLine *line,
             gboolean              credit)
{
  g_autofree char *date = short_day (pen, line->issue_date);
  /* A credit note says so where an invoice has its due date. */
  g_autofree char *due = credit ? g_strdup (pen->words->credit_note)
                                : short_day (pen, line->due_date);
  g_autofree char *amount = credit ? g_strdup ("") : money (pen, line->amount);
  g_autofree char *paid = credit ? g_strdup ("") : money (pen, line->paid);
  g_autofree char *remaining = money (pen, credit ? -line->remaining : line->remaining);
  g_autofree char *days = line->days_late > 0 ? g_strdup_printf ("%d", line->days_late)
                                              : g_strdup ("");
  g_autofree char *interest = line->interest > 0 ? money (pen, line->interest) : g_strdup ("");
  const char *cells[N_COLS] = { line->number, date, due, amount, paid, remaining, days,
                               interest };

  _rl_pen_table_row (pen, cols, n_cols, cells, FALSE);
}

static void
action_totals (RlPen                  *pen,
               const RlActionDocument *doc)
{
  const RlLetterWords *w = pen->words;
  gboolean formal = g_strcmp0 (doc->template_key, "formal_notice") == 0;
  g_autofree char *remaining = money (pen, doc->remaining);
  g_autofree char *due = money (pen, doc->due);
  g_autofree char *date = short_day (pen, doc->today);
  guint n_indemnities = 0;

  for (guint i = 0; i < doc->invoices->len; i++)
    n_indemnities += g_array_index (doc->invoices, RlDocumentLine, i).indemnity > 0;

  _rl_pen_skip (pen, 2);
  if (doc->interest > 0 || doc->indemnity > 0)
    _rl_pen_totals_row (pen, w->principal, remaining, FALSE);
  if (doc->interest > 0)
    {
      gboolean consumer = doc->customer->kind == RL_CUSTOMER_CONSUMER;
      g_autofree char *label = _rl_words_printf (consumer ? w->interest_b2c : w->interest_b2b,
                                                date);
      g_autofree char *interest = money (pen, doc->interest);

      _rl_pen_totals_row (pen, label, interest, FALSE);
    }
  if (doc->indemnity > 0)
    {
      g_autofree char *label = _rl_words_printf (w->indemnity, n_indemnities);
      g_autofree char *indemnity = money (pen, doc->indemnity);

      _rl_pen_totals_row (pen, label, indemnity, FALSE);
    }
  _rl_pen_totals_row (pen, formal ? w->total_claimed : w->total_due, due, TRUE);
  _rl_pen_skip (pen, 3);
}

static void
action_table (RlPen         *pen,
              gconstpointer  data)
{
  const RlActionDocument *doc = data;
  gboolean thank_you = g_strcmp0 (doc->template_key, "thank_you") == 0;
  RlColumn cols[N_COLS];
  guint n_cols = thank_you ? COL_AMOUNT + 1 : N_COLS;

  invoice_columns (pen, cols);
  if (thank_you)
    cols[COL_NUMBER].width += RL_TEXT_WIDTH - 88;
  _rl_pen_table_header (pen, cols, n_cols);
  for (guint i = 0; i < doc->invoices->len; i++)
    invoice_row (pen, cols, n_cols, &g_array_index (doc->invoices, RlDocumentLine, i), FALSE);
  if (!thank_you)
    for (guint i = 0; i < doc->credit_notes->len; i++)
      invoice_row (pen, cols, n_cols, &g_array_index (doc->credit_notes, RlDocumentLine, i),
                   TRUE);
  pen->columns = NULL;
  if (!thank_you)
    action_totals (pen, doc);
  else
    _rl_pen_skip (pen, 3);
}

void
_rl_compose_action (RlPen          *pen,
                    gconstpointer   data,
                    GError        **error)
{
  const RlActionDocument *doc = data;
  gboolean registered = doc->channel == RL_CHANNEL_REGISTERED_LETTER;
  gboolean thank_you = g_strcmp0 (doc->template_key, "thank_you") == 0;
  g_autoptr(GString) references = g_string_new (NULL);

  g_string_append_printf (references, "%s %s\n", pen->words->your_ref, doc->customer->code);
  /* The debtor's SIREN identifies it beyond its name, as a formal notice should. */
  if (doc->customer->siren != NULL && *doc->customer->siren != '\0')
    {
      g_autofree char *siren = rl_siren_format (doc->customer->siren);

      g_string_append_printf (references, "%s %s\n", pen->words->siren, siren);
    }
  g_string_append_printf (references, "%s %s", pen->words->our_ref, doc->payment_reference);
  if (!first_page (pen, doc->customer, doc->contact_name, references->str, doc->subject,
                   doc->today, registered, error))
    return;
  body_text (pen, doc->body, action_table, doc);
  _rl_pen_signature (pen);
  if (!thank_you)
    _rl_pen_payment (pen, doc->due, doc->payment_reference, error);
}

/* Account statements */

static void
statement_tables (RlPen             *pen,
                  const RlStatement *st)
{
  const RlLetterWords *w = pen->words;
  RlColumn cols[N_COLS];
  const RlColumn pay_cols[] = {
    { w->col_payment_date, 25, PANGO_ALIGN_LEFT },
    { w->col_payment_ref, RL_TEXT_WIDTH - 25 - 35 - 35, PANGO_ALIGN_LEFT },
    { w->col_payment_amount, 35, PANGO_ALIGN_RIGHT },
    { w->col_unapplied, 35, PANGO_ALIGN_RIGHT },
  };
  g_autofree char *since_day = rl_day_format_long (st->payments_since, pen->language);
  g_autofree char *since = _rl_words_printf (w->payments_since, since_day);
  g_autofree char *balance = money (pen, st->balance);

  invoice_columns (pen, cols);
  cols[COL_NUMBER].width += cols[COL_INTEREST].width;
  _rl_pen_ensure (pen, 20);
  _rl_pen_paragraph (pen, w->open_items, RL_FONT_BODY_BOLD, PANGO_ALIGN_LEFT);
  _rl_pen_skip (pen, 1.5);
  _rl_pen_table_header (pen, cols, COL_DAYS + 1);
  for (guint i = 0; i < st->invoices->len; i++)
    invoice_row (pen, cols, COL_DAYS + 1, &g_array_index (st->invoices, RlDocumentLine, i), FALSE);
  for (guint i = 0; i < st->credit_notes->len; i++)
    invoice_row (pen, cols, COL_DAYS + 1, &g_array_index (st->credit_notes, RlDocumentLine, i),
                 TRUE);
  pen->columns = NULL;

  _rl_pen_skip (pen, 6);
  _rl_pen_ensure (pen, 20);
  _rl_pen_paragraph (pen, since, RL_FONT_BODY_BOLD, PANGO_ALIGN_LEFT);
  _rl_pen_skip (pen, 1.5);
  if (st->payments->len == 0)
    _rl_pen_paragraph (pen, w->no_payments, RL_FONT_BODY, PANGO_ALIGN_LEFT);
  else
    {
      _rl_pen_table_header (pen, pay_cols, G_N_ELEMENTS (pay_cols));
      for (guint i = 0; i < st->payments->len; i++)
        {
          const RlStatementPayment *p = &g_array_index (st->payments, RlStatementPayment, i);
          g_autofree char *date = short_day (pen, p->date);
          g_autofree char *amount = money (pen, p->amount);
          g_autofree char *unapplied = p->unapplied > 0 ? money (pen, p->unapplied)
                                                        : g_strdup ("");
          const char *cells[] = { date, p->reference ? p->reference : "", amount, unapplied };

          _rl_pen_table_row (pen, pay_cols, G_N_ELEMENTS (pay_cols), cells, FALSE);
        }
      pen->columns = NULL;
    }
  _rl_pen_skip (pen, 3);
  _rl_pen_totals_row (pen, w->balance, balance, TRUE);
  _rl_pen_skip (pen, 5);
}

void
_rl_compose_statement (RlPen          *pen,
                       gconstpointer   data,
                       GError        **error)
{
  const RlStatement *st = data;
  const RlLetterWords *w = pen->words;
  g_autofree char *day = rl_day_format_long (st->as_of, pen->language);
  g_autofree char *subject = _rl_words_printf (w->statement_subject, day);
  g_autofree char *references = g_strdup_printf ("%s %s", w->your_ref, st->customer->code);

  if (!first_page (pen, st->customer, st->contact_name, references, subject, st->as_of, FALSE,
                   error))
    return;
  body_text (pen, w->statement_intro, NULL, NULL);
  _rl_pen_skip (pen, 5);
  statement_tables (pen, st);
  _rl_pen_paragraph (pen, w->statement_closing, RL_FONT_BODY, PANGO_ALIGN_LEFT);
  _rl_pen_skip (pen, 3);
  _rl_pen_paragraph (pen, st->company->name, RL_FONT_BODY, PANGO_ALIGN_LEFT);
  _rl_pen_signature (pen);
  _rl_pen_payment (pen, st->balance, st->customer->code, error);
}

/* The calibration page */

void
_rl_compose_calibration (RlPen          *pen,
                         gconstpointer   data,
                         GError        **error)
{
  const RlCompany *company = data;
  RlPostalAddress sample = {
    company->name, NULL, company->address1, company->address2, company->address3,
    company->postcode, company->city, NULL,
  };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) local_error = NULL;

  _rl_pen_begin (pen);
  _rl_pen_calibration (pen);
  lines = rl_postal_format (&sample, company->country, &local_error);
  if (lines != NULL)
    _rl_pen_address (pen, lines, FALSE);
  pen->y = 110;
  _rl_pen_paragraph (pen, pen->words->calibration_title, RL_FONT_TITLE, PANGO_ALIGN_LEFT);
  _rl_pen_skip (pen, 4);
  body_text (pen, pen->words->calibration_help, NULL, NULL);
}
