/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-import"

#include "config.h"

#include "rl-csv-private.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "rl-error.h"

/* Customers: the rows of a customers file, and the customers that invoice and payment rows
 * name, kept in a cache as big as the number of customers (not of rows). */

/* A customer this import has met: enough to file an invoice without asking the book again. */
struct _RlCsvCustomerEntry
{
  gint64    id;
  int       terms_days;    /* -1: the company's */
  gboolean  end_of_month;
  guint     info_hash;     /* of the details this import last wrote, 0 for none */
  char     *name_key;      /* its key in customer_names, or NULL */
  char      code[];
};

/* What a row did to the cache, to undo when the row is rolled back. */
typedef struct
{
  RlCsvCustomerEntry *entry;
  gboolean            created;
  int                 terms_days;
  gboolean            end_of_month;
  guint               info_hash;
} RowChange;

/* The fields that describe a customer on an invoice file, besides its code. */
static const RlCsvField detail_fields[] = {
  RL_CSV_FIELD_CUSTOMER_KIND, RL_CSV_FIELD_SIREN, RL_CSV_FIELD_VAT_NUMBER, RL_CSV_FIELD_LANGUAGE,
  RL_CSV_FIELD_EMAIL, RL_CSV_FIELD_PHONE, RL_CSV_FIELD_ADDRESS1, RL_CSV_FIELD_ADDRESS2,
  RL_CSV_FIELD_ADDRESS3, RL_CSV_FIELD_POSTCODE, RL_CSV_FIELD_CITY, RL_CSV_FIELD_COUNTRY,
  RL_CSV_FIELD_CREDIT_LIMIT, RL_CSV_FIELD_TERMS_DAYS, RL_CSV_FIELD_TERMS_EOM,
  RL_CSV_FIELD_ASSIGNED_TO, RL_CSV_FIELD_NOTES,
};

static void
entry_free (gpointer data)
{
  RlCsvCustomerEntry *e = data;

  g_free (e->name_key);
  g_free (e);
}

void
_rl_csv_customers_init (RlCsvImport *ctx)
{
  ctx->customers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  ctx->customer_names = g_hash_table_new (g_str_hash, g_str_equal);
  ctx->row_customers = g_array_new (FALSE, FALSE, sizeof (RowChange));
  for (guint i = 0; i < G_N_ELEMENTS (detail_fields); i++)
    if (ctx->columns.col[detail_fields[i]] >= 0)
      ctx->has_details = TRUE;
  if (ctx->columns.col[RL_CSV_FIELD_CODE] >= 0 && ctx->columns.col[RL_CSV_FIELD_NAME] >= 0)
    ctx->has_details = TRUE;
}

void
_rl_csv_customers_clear (RlCsvImport *ctx)
{
  g_clear_pointer (&ctx->customer_names, g_hash_table_unref);
  g_clear_pointer (&ctx->customers, g_hash_table_unref);
  g_clear_pointer (&ctx->row_customers, g_array_unref);
}

void
_rl_csv_customers_begin_row (RlCsvImport *ctx)
{
  g_array_set_size (ctx->row_customers, 0);
}

/* The row was rolled back: forget what it taught the cache. */
void
_rl_csv_customers_undo_row (RlCsvImport *ctx)
{
  for (guint i = ctx->row_customers->len; i-- > 0;)
    {
      RowChange *ch = &g_array_index (ctx->row_customers, RowChange, i);

      if (ch->created)
        {
          if (ch->entry->name_key != NULL)
            g_hash_table_remove (ctx->customer_names, ch->entry->name_key);
          g_hash_table_remove (ctx->customers, ch->entry->code);
        }
      else
        {
          ch->entry->terms_days = ch->terms_days;
          ch->entry->end_of_month = ch->end_of_month;
          ch->entry->info_hash = ch->info_hash;
        }
    }
  g_array_set_size (ctx->row_customers, 0);
}

gint64
_rl_csv_customer_id (const RlCsvCustomerEntry *e)
{
  return e->id;
}

/* The due date of an invoice issued on @issue that gives none, from the customer's terms. */
RlDay
_rl_csv_customer_due_date (RlCsvImport              *ctx,
                           const RlCsvCustomerEntry *e,
                           RlDay                     issue)
{
  RlDay due = issue + (e->terms_days >= 0 ? e->terms_days : ctx->default_terms);

  return e->end_of_month ? rl_day_end_of_month (due) : due;
}

static void
note_change (RlCsvImport        *ctx,
             RlCsvCustomerEntry *e,
             gboolean            created)
{
  RowChange ch = { e, created, e->terms_days, e->end_of_month, e->info_hash };

  g_array_append_val (ctx->row_customers, ch);
}

static RlCsvCustomerEntry *
remember (RlCsvImport      *ctx,
          const RlCustomer *c,
          const char       *name)
{
  gsize n = strlen (c->code);
  RlCsvCustomerEntry *e = g_malloc0 (sizeof *e + n + 1);

  e->id = c->id;
  e->terms_days = c->payment_terms_days;
  e->end_of_month = c->terms_end_of_month > 0;
  memcpy (e->code, c->code, n + 1);
  g_hash_table_insert (ctx->customers, e->code, e);
  if (name != NULL)
    {
      char *key = g_ascii_strdown (name, -1);

      if (g_hash_table_contains (ctx->customer_names, key))
        g_free (key);
      else
        {
          e->name_key = key;
          g_hash_table_insert (ctx->customer_names, key, e);
        }
    }
  note_change (ctx, e, TRUE);
  return e;
}

/* Values */

/* Keeps the letters and digits of @v, in capitals: "fr 12 345" → "FR12345". */
char *
_rl_csv_compact_upper (RlCsvImport *ctx,
                       const char  *v)
{
  char *out = g_string_chunk_insert (ctx->scratch, v);
  char *q = out;

  for (const char *p = v; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      *q++ = g_ascii_toupper (*p);
  *q = '\0';
  return out;
}

/* "30", "30 jours", "45 j fin de mois", "60 days" */
static gboolean
parse_terms (const char *v,
             int        *days,
             gboolean   *end_of_month)
{
  g_auto(GStrv) words = NULL;
  const char *p = v;
  int n = 0;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p) && n <= 365)
    n = n * 10 + (*p++ - '0');
  if (n > 365)
    return FALSE;
  *days = n;
  *end_of_month = FALSE;
  words = g_strsplit_set (p, " \t.,/-", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *w = g_utf8_strdown (words[i], -1);

      if (*w == '\0' || g_strv_contains ((const char * const[]) { "j", "jours", "jour", "jrs",
                                                                  "days", "day", "d", "net",
                                                                  "de", "of", "le", NULL }, w))
        continue;
      if (g_strv_contains ((const char * const[]) { "fin", "mois", "fdm", "eom", "end", "month",
                                                    NULL }, w))
        *end_of_month = TRUE;
      else
        return FALSE;
    }
  return TRUE;
}

static void
mix_hash (guint      *h,
          int         field,
          const char *v)
{
  *h = (*h ^ (guint) field) * 16777619u;
  for (const char *p = v; *p != '\0'; p++)
    *h = (*h ^ (guchar) *p) * 16777619u;
}

void
_rl_csv_customer_init (RlCustomer *c)
{
  memset (c, 0, sizeof *c);
  c->kind = RL_CUSTOMER_KIND_UNSET;
  c->payment_terms_days = -1;
  c->terms_end_of_month = -1;
}

/* Reads the columns that describe a customer into @c; its strings belong to the row. Sets
 * @hash to a digest of them (0 when there are none). */
void
_rl_csv_read_customer_details (RlCsvImport *ctx,
                               RlCustomer  *c,
                               guint       *hash)
{
  guint h = 2166136261u;
  gboolean any = FALSE;
  const char *v;

  for (guint i = 0; i < G_N_ELEMENTS (detail_fields); i++)
    if ((v = _rl_csv_get (ctx, detail_fields[i])) != NULL)
      {
        mix_hash (&h, detail_fields[i], v);
        any = TRUE;
      }
  if (ctx->kind != RL_CSV_KIND_CUSTOMERS && _rl_csv_get (ctx, RL_CSV_FIELD_CODE) != NULL
      && (v = _rl_csv_get (ctx, RL_CSV_FIELD_NAME)) != NULL)
    {
      mix_hash (&h, RL_CSV_FIELD_NAME, v);
      any = TRUE;
    }
  *hash = any ? MAX (h, 1) : 0;
  if (!any)
    return;

  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_CUSTOMER_KIND)) != NULL)
    {
      int kind;

      if (rl_csv_parse_customer_kind (v, &kind))
        c->kind = kind == 0 ? RL_CUSTOMER_BUSINESS : RL_CUSTOMER_CONSUMER;
      else
        _rl_csv_problem (ctx, RL_CSV_FIELD_CUSTOMER_KIND,
                         _("“%s” is neither a business nor a consumer"), v);
    }
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_SIREN)) != NULL)
    {
      char *digits = _rl_csv_compact_upper (ctx, v);
      gsize n = strlen (digits);

      if (strspn (digits, "0123456789") == n && n == 14)
        digits[9] = '\0';   /* a SIRET starts with the SIREN */
      if (strspn (digits, "0123456789") != 9 || strlen (digits) != 9)
        _rl_csv_problem (ctx, RL_CSV_FIELD_SIREN,
                         _("“%s” is neither a SIREN (9 digits) nor a SIRET (14 digits)"), v);
      c->siren = digits;
    }
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_VAT_NUMBER)) != NULL)
    c->vat_number = _rl_csv_compact_upper (ctx, v);
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_LANGUAGE)) != NULL)
    {
      c->language = (char *) rl_csv_parse_language (v);
      if (c->language == NULL)
        _rl_csv_problem (ctx, RL_CSV_FIELD_LANGUAGE, _("unknown language “%s” (fr or en)"), v);
    }
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_EMAIL)) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit_set (v, ";,", -1);
      g_autoptr(GString) list = g_string_new (NULL);

      /* Several addresses, separated by ";" or ",", are stored separated by ", ". */
      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (*g_strstrip (parts[i]) == '\0')
            continue;
          if (strchr (parts[i], '@') == NULL)
            _rl_csv_problem (ctx, RL_CSV_FIELD_EMAIL, _("“%s” is not an e-mail address"),
                             parts[i]);
          g_string_append_printf (list, "%s%s", list->len ? ", " : "", parts[i]);
        }
      c->email = g_string_chunk_insert (ctx->scratch, list->str);
    }
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_COUNTRY)) != NULL)
    {
      g_autofree char *code = rl_csv_parse_country (v);

      if (code == NULL)
        _rl_csv_problem (ctx, RL_CSV_FIELD_COUNTRY, _("unknown country “%s”"), v);
      else
        c->country = g_string_chunk_insert (ctx->scratch, code);
    }
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_CREDIT_LIMIT)) != NULL
      && _rl_csv_parse_amount (ctx, RL_CSV_FIELD_CREDIT_LIMIT, FALSE, &c->credit_limit))
    {
      c->has_credit_limit = TRUE;
      if (c->credit_limit < 0)
        _rl_csv_problem (ctx, RL_CSV_FIELD_CREDIT_LIMIT, _("a credit limit cannot be negative"));
    }
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_TERMS_DAYS)) != NULL)
    {
      gboolean eom;

      if (!parse_terms (v, &c->payment_terms_days, &eom))
        _rl_csv_problem (ctx, RL_CSV_FIELD_TERMS_DAYS,
                         _("“%s” is not a number of days from 0 to 365"), v);
      else if (eom)
        c->terms_end_of_month = 1;
    }
  if ((v = _rl_csv_get (ctx, RL_CSV_FIELD_TERMS_EOM)) != NULL)
    {
      gboolean eom;

      if (rl_csv_parse_bool (v, &eom))
        c->terms_end_of_month = eom;
      else
        _rl_csv_problem (ctx, RL_CSV_FIELD_TERMS_EOM, _("“%s” is neither yes nor no"), v);
    }
  c->phone = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_PHONE);
  c->address1 = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_ADDRESS1);
  c->address2 = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_ADDRESS2);
  c->address3 = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_ADDRESS3);
  c->postcode = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_POSTCODE);
  c->city = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_CITY);
  c->assigned_to = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_ASSIGNED_TO);
  c->notes = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_NOTES);
}

/* Finding and creating customers */

/* Finds the customer a name designates: the only one with this name, or the one whose code
 * was derived from it by an earlier import. Otherwise sets @new_code to a free code. */
static RlCsvRowResult
find_by_name (RlCsvImport  *ctx,
              const char   *name,
              RlCustomer  **found,
              char        **new_code,
              GError      **error)
{
  g_autoptr(GError) local_error = NULL;

  *found = rl_book_find_customer_by_name (ctx->book, name, &local_error);
  for (guint n = 0; *found == NULL && local_error == NULL; n++)
    {
      g_autofree char *code = rl_csv_derive_code (name, n == 0 ? 0 : n + 1);

      *found = rl_book_find_customer (ctx->book, code, &local_error);
      if (*found == NULL && local_error == NULL)
        {
          *new_code = g_steal_pointer (&code);
          return RL_CSV_ROW_OK;
        }
      if (*found != NULL && g_ascii_strcasecmp ((*found)->name, name) != 0)
        g_clear_pointer (found, rl_customer_free);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return RL_CSV_ROW_FATAL;
    }
  return RL_CSV_ROW_OK;
}

/* Finds the row's customer by code or by name, creating it if the book does not know it, and
 * brings the details the row gives into the book. */
RlCsvRowResult
_rl_csv_resolve_customer (RlCsvImport          *ctx,
                          const RlCustomer     *details,
                          guint                 details_hash,
                          gboolean              required,
                          RlCsvCustomerEntry  **out,
                          GError              **error)
{
  const char *code = _rl_csv_get (ctx, RL_CSV_FIELD_CODE);
  const char *name = _rl_csv_get (ctx, RL_CSV_FIELD_NAME);
  RlCsvCustomerEntry *e;
  g_autoptr(GError) local_error = NULL;

  *out = NULL;
  if (code == NULL && name == NULL)
    {
      if (!required)
        return RL_CSV_ROW_OK;
      _rl_csv_problem (ctx, ctx->columns.col[RL_CSV_FIELD_CODE] >= 0 ? RL_CSV_FIELD_CODE
                                                                      : RL_CSV_FIELD_NAME,
                       _("no customer"));
      return RL_CSV_ROW_INVALID;
    }

  if (code != NULL)
    e = g_hash_table_lookup (ctx->customers, code);
  else
    {
      g_autofree char *key = g_ascii_strdown (name, -1);

      e = g_hash_table_lookup (ctx->customer_names, key);
    }

  if (e == NULL)
    {
      g_autoptr(RlCustomer) found = NULL;
      g_autofree char *new_code = NULL;
      RlUpsertResult result;

      if (code != NULL)
        {
          found = rl_book_find_customer (ctx->book, code, &local_error);
          if (local_error != NULL)
            return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
        }
      else if (find_by_name (ctx, name, &found, &new_code, error) != RL_CSV_ROW_OK)
        return RL_CSV_ROW_FATAL;

      if (found != NULL)
        e = remember (ctx, found, name);
      else
        {
          RlCustomer c = *details;

          c.code = (char *) (code ? code : new_code);
          c.name = (char *) (name ? name : code);
          if (!rl_book_upsert_customer (ctx->book, &c, ctx->import_id, &result, &local_error))
            return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
          ctx->report->counts.customers_created++;
          e = remember (ctx, &c, name);
          e->info_hash = details_hash;
        }
    }

  if (details_hash != 0 && e->info_hash != details_hash)
    {
      RlCustomer c = *details;

      c.code = e->code;
      c.name = (char *) (code != NULL ? name : NULL);
      if (!rl_book_upsert_customer (ctx->book, &c, ctx->import_id, NULL, &local_error))
        return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
      note_change (ctx, e, FALSE);
      if (c.payment_terms_days >= 0)
        e->terms_days = c.payment_terms_days;
      if (c.terms_end_of_month >= 0)
        e->end_of_month = c.terms_end_of_month > 0;
      e->info_hash = details_hash;
    }
  *out = e;
  return RL_CSV_ROW_OK;
}

RlCsvRowResult
_rl_csv_import_customer (RlCsvImport  *ctx,
                         GError      **error)
{
  RlCustomer c;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RlCustomer) found = NULL;
  g_autofree char *new_code = NULL;
  RlUpsertResult result;
  guint hash;

  _rl_csv_customer_init (&c);
  c.code = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_CODE);
  c.name = (char *) _rl_csv_get (ctx, RL_CSV_FIELD_NAME);
  _rl_csv_read_customer_details (ctx, &c, &hash);
  if (c.code == NULL && c.name == NULL)
    _rl_csv_problem (ctx, ctx->columns.col[RL_CSV_FIELD_CODE] >= 0 ? RL_CSV_FIELD_CODE
                                                                    : RL_CSV_FIELD_NAME,
                     _("no customer code nor name"));
  if (ctx->row_invalid)
    return RL_CSV_ROW_INVALID;

  if (c.code == NULL)
    {
      if (find_by_name (ctx, c.name, &found, &new_code, error) != RL_CSV_ROW_OK)
        return RL_CSV_ROW_FATAL;
      c.code = found != NULL ? found->code : new_code;
    }
  if (!rl_book_upsert_customer (ctx->book, &c, ctx->import_id, &result, &local_error))
    return _rl_csv_book_failure (ctx, g_steal_pointer (&local_error), error);
  _rl_csv_count_result (ctx, result);
  return RL_CSV_ROW_OK;
}
