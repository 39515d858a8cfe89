/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-pages.h"

#include "rl-book-private.h"

#include <string.h>

/* Every list query binds the same parameters:
 *   ?1 as-of day, ?2 search pattern (NULL: all), ?3 overdue only, ?4 open only, ?5 risk class,
 *   ?6 assigned to, ?7 on hold only, ?8 customer id (0: all), ?9 limit, ?10 offset,
 *   ?11 over their credit limit only, ?12 and ?13 invoices due from and before (NULL: any). */

#define HOLD_ACTIVE(col) \
  "EXISTS (SELECT 1 FROM holds h WHERE h.customer_id = " col " AND h.released_on IS NULL" \
  " AND h.starts_on <= ?1 AND (h.expires_on IS NULL OR h.expires_on >= ?1))"

#define CUSTOMER_FROM \
  " FROM customers c LEFT JOIN (SELECT customer_id, sum(amount_cents - paid_cents) AS outstanding," \
  "   sum(CASE WHEN due_date < ?1 THEN amount_cents - paid_cents ELSE 0 END) AS overdue," \
  "   count(*) AS n_open" \
  "   FROM invoices WHERE paid_cents < amount_cents AND NOT cancelled AND kind = 'invoice'" \
  "   GROUP BY customer_id) o ON o.customer_id = c.id" \
  " WHERE (?2 IS NULL OR c.code LIKE ?2 ESCAPE '\\' OR c.name LIKE ?2 ESCAPE '\\')" \
  " AND (NOT ?3 OR o.overdue > 0) AND (NOT ?4 OR o.n_open > 0)" \
  " AND (?5 IS NULL OR c.risk_class = ?5) AND (?6 IS NULL OR c.assigned_to = ?6)" \
  " AND (NOT ?7 OR " HOLD_ACTIVE ("c.id") ") AND (?8 = 0 OR c.id = ?8)" \
  " AND (NOT ?11 OR coalesce (o.outstanding, 0) > c.credit_limit_cents)"

#define CUSTOMER_SELECT \
  "SELECT c.id, c.code, c.name, c.city, c.assigned_to, c.risk_class, c.risk_score," \
  " coalesce (o.outstanding, 0) AS outstanding, coalesce (o.overdue, 0) AS overdue," \
  " coalesce (o.n_open, 0), c.credit_limit_cents, " HOLD_ACTIVE ("c.id")

#define INVOICE_OPEN "(i.paid_cents < i.amount_cents AND NOT i.cancelled)"

#define INVOICE_FROM \
  " FROM invoices i JOIN customers c ON c.id = i.customer_id" \
  " WHERE (?2 IS NULL OR i.number LIKE ?2 ESCAPE '\\' OR c.code LIKE ?2 ESCAPE '\\'" \
  "        OR c.name LIKE ?2 ESCAPE '\\')" \
  " AND (NOT ?3 OR (" INVOICE_OPEN " AND i.due_date < ?1 AND i.kind = 'invoice'))" \
  " AND (NOT ?4 OR " INVOICE_OPEN ")" \
  " AND (?5 IS NULL OR c.risk_class = ?5) AND (?6 IS NULL OR c.assigned_to = ?6)" \
  " AND (NOT ?7 OR " HOLD_ACTIVE ("c.id") " OR EXISTS (SELECT 1 FROM holds h" \
  "   WHERE h.invoice_id = i.id AND h.released_on IS NULL AND h.starts_on <= ?1" \
  "   AND (h.expires_on IS NULL OR h.expires_on >= ?1)))" \
  " AND (?8 = 0 OR i.customer_id = ?8)" \
  " AND (NOT ?11 OR (c.credit_limit_cents IS NOT NULL AND c.credit_limit_cents <" \
  "   (SELECT sum (amount_cents - paid_cents) FROM invoices WHERE customer_id = c.id" \
  "    AND paid_cents < amount_cents AND NOT cancelled AND kind = 'invoice')))" \
  " AND (?12 IS NULL OR (i.due_date >= ?12 AND i.due_date < ?13))"

#define INVOICE_SELECT \
  "SELECT i.id, i.number, i.customer_id, c.code, c.name, i.kind, i.issue_date, i.due_date," \
  " i.amount_cents, i.amount_cents - i.paid_cents AS remaining, i.status," \
  " CASE WHEN " INVOICE_OPEN " AND i.kind = 'invoice' AND i.due_date < ?1" \
  "   THEN CAST (julianday (?1) - julianday (i.due_date) AS INTEGER) ELSE 0 END AS days_late," \
  " EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.resolved_on IS NULL)"

/* ORDER BY keys by RlListSort: the first key, then the tie-breakers after a "|"; NULL: the
 * sort does not apply to that list. Amounts sort as the list shows them: a credit note's below
 * zero, what is left of a paid or cancelled invoice as nothing. */
static const char * const customer_order[RL_N_LIST_SORTS] = {
  [RL_LIST_SORT_CODE] = "c.code|",
  [RL_LIST_SORT_NAME] = "c.name COLLATE NOCASE|, c.code",
  [RL_LIST_SORT_OUTSTANDING] = "outstanding|, c.code",
  [RL_LIST_SORT_OVERDUE] = "overdue|, c.code",
  [RL_LIST_SORT_RISK] = "coalesce (c.risk_score, 60)|, c.code",
};

static const char * const invoice_order[RL_N_LIST_SORTS] = {
  [RL_LIST_SORT_CODE] = "i.number|",
  [RL_LIST_SORT_NAME] = "c.name COLLATE NOCASE|, i.due_date, i.id",
  [RL_LIST_SORT_OUTSTANDING] = "CASE WHEN NOT " INVOICE_OPEN " THEN 0 WHEN i.kind = 'credit_note'"
                                " THEN -remaining ELSE remaining END|, i.id",
  [RL_LIST_SORT_OVERDUE] = "i.due_date|, i.id",
  [RL_LIST_SORT_RISK] = "coalesce (c.risk_score, 60)|, i.id",
  [RL_LIST_SORT_DUE_DATE] = "i.due_date|, i.id",
  [RL_LIST_SORT_AMOUNT] = "CASE WHEN i.kind = 'credit_note' THEN -i.amount_cents"
                           " ELSE i.amount_cents END|, i.id",
  [RL_LIST_SORT_ISSUE_DATE] = "i.issue_date|, i.id",
};

/* The page statements, built once: the statement cache keys them by their text. */
static const char *
page_sql (gboolean            invoices,
          const RlListQuery  *query)
{
  static char *sql[2][RL_N_LIST_SORTS][2];
  static GMutex lock;
  const char * const *order = invoices ? invoice_order : customer_order;
  RlListSort sort = query->sort < RL_N_LIST_SORTS && order[query->sort] != NULL
                    ? query->sort : RL_LIST_SORT_CODE;
  /* Days late grow as due dates get older: descending days is ascending due dates. */
  gboolean desc = invoices && sort == RL_LIST_SORT_OVERDUE ? !query->descending
                                                           : query->descending;
  char **slot = &sql[invoices][sort][desc];
  const char *result;

  g_mutex_lock (&lock);
  if (*slot == NULL)
    {
      g_auto(GStrv) keys = g_strsplit (order[sort], "|", 2);
      g_autofree char *by = g_strconcat (keys[0], desc ? " DESC" : " ASC", keys[1], NULL);

      *slot = invoices
              ? g_strconcat (INVOICE_SELECT INVOICE_FROM " ORDER BY ", by, " LIMIT ?9 OFFSET ?10",
                             NULL)
              : g_strconcat (CUSTOMER_SELECT CUSTOMER_FROM " ORDER BY ", by,
                             " LIMIT ?9 OFFSET ?10", NULL);
    }
  result = *slot;
  g_mutex_unlock (&lock);
  return result;
}

static char *
like_pattern (const char *search)
{
  GString *s;

  if (search == NULL || *search == '\0')
    return NULL;
  s = g_string_new ("%");
  for (const char *p = search; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

static void
bind_query (sqlite3_stmt      *stmt,
            const RlListQuery *query)
{
  g_autofree char *pattern = like_pattern (query->search);
  char klass[2] = { query->risk_class, 0 };

  _rl_bind_day (stmt, 1, query->as_of != RL_DAY_NONE ? query->as_of : rl_day_today ());
  /* Copied: the pattern and the class live only as long as this function. */
  if (pattern != NULL)
    sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, query->overdue_only);
  sqlite3_bind_int (stmt, 4, query->open_only);
  if (query->risk_class != 0)
    sqlite3_bind_text (stmt, 5, klass, 1, SQLITE_TRANSIENT);
  _rl_bind_text (stmt, 6, query->assigned_to && *query->assigned_to ? query->assigned_to : NULL);
  sqlite3_bind_int (stmt, 7, query->on_hold_only);
  sqlite3_bind_int64 (stmt, 8, query->customer_id);
  sqlite3_bind_int (stmt, 11, query->over_limit_only);
  if (query->due_from != RL_DAY_NONE)
    {
      _rl_bind_day (stmt, 12, query->due_from);
      _rl_bind_day (stmt, 13, query->due_to);
    }
}

static gint64
count_rows (RlBook            *book,
            const char        *sql,
            const RlListQuery *query,
            GError           **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  bind_query (stmt, query);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    _rl_book_sql_error (book, rc, error);
  sqlite3_reset (stmt);
  return n;
}

typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

static GPtrArray *
read_rows (RlBook            *book,
           const char        *sql,
           const RlListQuery *query,
           guint              offset,
           guint              limit,
           RowFunc            row_func,
           GDestroyNotify     free_func,
           GError           **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (query != NULL)
    {
      bind_query (stmt, query);
      sqlite3_bind_int64 (stmt, 9, limit);
      sqlite3_bind_int64 (stmt, 10, offset);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_func (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gpointer
customer_row (sqlite3_stmt *stmt)
{
  RlCustomerRow *r = g_new0 (RlCustomerRow, 1);
  const char *klass = (const char *) sqlite3_column_text (stmt, 5);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->code = _rl_column_text (stmt, 1);
  r->name = _rl_column_text (stmt, 2);
  r->city = _rl_column_text (stmt, 3);
  r->assigned_to = _rl_column_text (stmt, 4);
  r->risk_class = klass != NULL ? klass[0] : 0;
  r->risk_score = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 6);
  r->outstanding = sqlite3_column_int64 (stmt, 7);
  r->overdue = sqlite3_column_int64 (stmt, 8);
  r->n_open = (guint) sqlite3_column_int (stmt, 9);
  r->has_credit_limit = sqlite3_column_type (stmt, 10) != SQLITE_NULL;
  r->credit_limit = sqlite3_column_int64 (stmt, 10);
  r->on_hold = sqlite3_column_int (stmt, 11) != 0;
  return r;
}

static gpointer
invoice_row (sqlite3_stmt *stmt)
{
  RlInvoiceRow *r = g_new0 (RlInvoiceRow, 1);
  const char *kind = (const char *) sqlite3_column_text (stmt, 5);
  const char *status = (const char *) sqlite3_column_text (stmt, 10);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->number = _rl_column_text (stmt, 1);
  r->customer_id = sqlite3_column_int64 (stmt, 2);
  r->customer_code = _rl_column_text (stmt, 3);
  r->customer_name = _rl_column_text (stmt, 4);
  r->kind = g_strcmp0 (kind, "credit_note") == 0 ? RL_INVOICE_KIND_CREDIT_NOTE
                                                 : RL_INVOICE_KIND_INVOICE;
  r->issue_date = _rl_column_day (stmt, 6);
  r->due_date = _rl_column_day (stmt, 7);
  r->amount = sqlite3_column_int64 (stmt, 8);
  r->remaining = sqlite3_column_int64 (stmt, 9);
  r->status = g_strcmp0 (status, "paid") == 0        ? RL_INVOICE_STATUS_PAID
              : g_strcmp0 (status, "cancelled") == 0 ? RL_INVOICE_STATUS_CANCELLED
                                                     : RL_INVOICE_STATUS_OPEN;
  r->days_late = sqlite3_column_int (stmt, 11);
  r->in_dispute = sqlite3_column_int (stmt, 12) != 0;
  return r;
}

static gpointer
dispute_row (sqlite3_stmt *stmt)
{
  RlDisputeRow *r = g_new0 (RlDisputeRow, 1);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->invoice_id = sqlite3_column_int64 (stmt, 1);
  r->invoice_number = _rl_column_text (stmt, 2);
  r->customer_id = sqlite3_column_int64 (stmt, 3);
  r->customer_code = _rl_column_text (stmt, 4);
  r->customer_name = _rl_column_text (stmt, 5);
  r->reason = _rl_column_text (stmt, 6);
  r->opened_on = _rl_column_day (stmt, 7);
  r->deadline = _rl_column_day (stmt, 8);
  r->remaining = sqlite3_column_int64 (stmt, 9);
  return r;
}

static gpointer
text_row (sqlite3_stmt *stmt)
{
  return _rl_column_text (stmt, 0);
}

void
rl_list_query_clear (RlListQuery *query)
{
  g_clear_pointer (&query->search, g_free);
  g_clear_pointer (&query->assigned_to, g_free);
}

void
rl_list_query_copy (RlListQuery       *dest,
                    const RlListQuery *src)
{
  *dest = *src;
  dest->search = g_strdup (src->search);
  dest->assigned_to = g_strdup (src->assigned_to);
}

gboolean
rl_list_query_equal (const RlListQuery *a,
                     const RlListQuery *b)
{
  return g_strcmp0 (a->search, b->search) == 0 && a->overdue_only == b->overdue_only
         && a->open_only == b->open_only && a->on_hold_only == b->on_hold_only
         && a->over_limit_only == b->over_limit_only
         && a->risk_class == b->risk_class && g_strcmp0 (a->assigned_to, b->assigned_to) == 0
         && a->customer_id == b->customer_id && a->due_from == b->due_from
         && a->due_to == b->due_to && a->sort == b->sort
         && a->descending == b->descending && a->as_of == b->as_of;
}

void
rl_customer_row_free (RlCustomerRow *row)
{
  if (row == NULL)
    return;
  g_free (row->code);
  g_free (row->name);
  g_free (row->city);
  g_free (row->assigned_to);
  g_free (row);
}

void
rl_invoice_row_free (RlInvoiceRow *row)
{
  if (row == NULL)
    return;
  g_free (row->number);
  g_free (row->customer_code);
  g_free (row->customer_name);
  g_free (row);
}

void
rl_dispute_row_free (RlDisputeRow *row)
{
  if (row == NULL)
    return;
  g_free (row->invoice_number);
  g_free (row->customer_code);
  g_free (row->customer_name);
  g_free (row->reason);
  g_free (row);
}

/**
 * rl_book_count_customer_rows:
 *
 * Returns: how many customers match @query, or -1 with @error set
 */
gint64
rl_book_count_customer_rows (RlBook            *book,
                             const RlListQuery *query,
                             GError           **error)
{
  static const char sql[] = "SELECT count(*)" CUSTOMER_FROM;

  g_return_val_if_fail (RL_IS_BOOK (book), -1);
  return count_rows (book, sql, query, error);
}

/**
 * rl_book_customer_rows:
 *
 * Returns: (transfer full) (element-type RlCustomerRow): at most @limit customers matching
 *   @query from position @offset in its order, or %NULL with @error set
 */
GPtrArray *
rl_book_customer_rows (RlBook            *book,
                       const RlListQuery *query,
                       guint              offset,
                       guint              limit,
                       GError           **error)
{
  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  return read_rows (book, page_sql (FALSE, query), query, offset, limit, customer_row,
                    (GDestroyNotify) rl_customer_row_free, error);
}

/**
 * rl_book_count_invoice_rows:
 *
 * Returns: how many invoices and credit notes match @query, or -1 with @error set
 */
gint64
rl_book_count_invoice_rows (RlBook            *book,
                            const RlListQuery *query,
                            GError           **error)
{
  static const char sql[] = "SELECT count(*)" INVOICE_FROM;

  g_return_val_if_fail (RL_IS_BOOK (book), -1);
  return count_rows (book, sql, query, error);
}

/**
 * rl_book_invoice_rows:
 *
 * Returns: (transfer full) (element-type RlInvoiceRow): at most @limit invoices matching
 *   @query from position @offset in its order, or %NULL with @error set
 */
GPtrArray *
rl_book_invoice_rows (RlBook            *book,
                      const RlListQuery *query,
                      guint              offset,
                      guint              limit,
                      GError           **error)
{
  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  return read_rows (book, page_sql (TRUE, query), query, offset, limit, invoice_row,
                    (GDestroyNotify) rl_invoice_row_free, error);
}

/**
 * rl_book_open_disputes:
 *
 * Returns: (transfer full) (element-type RlDisputeRow): the disputes not resolved yet, the
 *   nearest deadline first, those without a deadline last
 */
GPtrArray *
rl_book_open_disputes (RlBook  *book,
                       GError **error)
{
  static const char sql[] =
    "SELECT d.id, d.invoice_id, i.number, c.id, c.code, c.name, d.reason, d.opened_on,"
    " d.deadline, i.amount_cents - i.paid_cents"
    " FROM disputes d JOIN invoices i ON i.id = d.invoice_id"
    " JOIN customers c ON c.id = i.customer_id"
    " WHERE d.resolved_on IS NULL"
    " ORDER BY d.deadline IS NULL, d.deadline, d.opened_on, d.id";

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  return read_rows (book, sql, NULL, 0, 0, dispute_row, (GDestroyNotify) rl_dispute_row_free,
                    error);
}

/**
 * rl_book_list_assignees:
 *
 * Returns: (transfer full) (element-type utf8): the people customers are assigned to, sorted
 */
GPtrArray *
rl_book_list_assignees (RlBook  *book,
                        GError **error)
{
  static const char sql[] =
    "SELECT DISTINCT assigned_to FROM customers WHERE assigned_to IS NOT NULL"
    " AND assigned_to <> '' ORDER BY assigned_to COLLATE NOCASE";

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  return read_rows (book, sql, NULL, 0, 0, text_row, g_free, error);
}

static gpointer
timeline_row (sqlite3_stmt *stmt)
{
  RlTimelineRow *r = g_new0 (RlTimelineRow, 1);

  r->day = _rl_column_day (stmt, 0);
  r->kind = _rl_column_text (stmt, 1);
  r->detail = _rl_column_text (stmt, 2);
  r->state = _rl_column_text (stmt, 3);
  r->amount = sqlite3_column_int64 (stmt, 4);
  return r;
}

void
rl_timeline_row_free (RlTimelineRow *row)
{
  if (row == NULL)
    return;
  g_free (row->kind);
  g_free (row->detail);
  g_free (row->state);
  g_free (row);
}

/**
 * rl_book_customer_timeline:
 * @limit: the most recent events to return
 *
 * Returns: (transfer full) (element-type RlTimelineRow): what happened with a customer, the
 *   latest first: invoices and credit notes, payments, actions, calls, disputes, promises,
 *   holds, payment plans, notes and account statements printed, saved or e-mailed
 */
GPtrArray *
rl_book_customer_timeline (RlBook  *book,
                           gint64   customer_id,
                           guint    limit,
                           GError **error)
{
  static const char sql[] =
    "SELECT day, kind, detail, state, amount FROM ("
    " SELECT issue_date AS day, kind, number AS detail, NULL AS state, amount_cents AS amount,"
    "   0 AS rank, id FROM invoices WHERE customer_id = ?1"
    " UNION ALL SELECT date, 'payment', coalesce (reference, method), NULL, amount_cents, 1, id"
    "   FROM payments WHERE customer_id = ?1"
    " UNION ALL SELECT coalesce (done_on, proposed_on), 'action', template, state, amount_cents,"
    "   2, id FROM actions WHERE customer_id = ?1"
    " UNION ALL SELECT called_on, 'call', outcome || coalesce (' — ' || note, ''), NULL, 0, 3, id"
    "   FROM calls WHERE customer_id = ?1"
    " UNION ALL SELECT d.opened_on, 'dispute', i.number || ' — ' || d.reason,"
    "   CASE WHEN d.resolved_on IS NULL THEN 'open' ELSE 'resolved' END,"
    "   i.amount_cents - i.paid_cents, 4, d.id"
    "   FROM disputes d JOIN invoices i ON i.id = d.invoice_id WHERE i.customer_id = ?1"
    " UNION ALL SELECT made_on, 'promise', promised_for || coalesce (' — ' || note, ''), state,"
    "   amount_cents, 5, id FROM promises WHERE customer_id = ?1"
    " UNION ALL SELECT starts_on, 'hold', reason || coalesce (' → ' || expires_on, ''),"
    "   CASE WHEN released_on IS NULL THEN 'active' ELSE 'released' END, 0, 6, id"
    "   FROM holds WHERE customer_id = ?1"
    " UNION ALL SELECT agreed_on, 'payment_plan', note, state,"
    "   (SELECT sum (amount_cents) FROM installments WHERE payment_plan_id = p.id), 7, id"
    "   FROM payment_plans p WHERE customer_id = ?1"
    " UNION ALL SELECT substr (created_at, 1, 10), 'note',"
    "   CASE WHEN author = '' THEN text ELSE author || ' — ' || text END, NULL, 0, 8, id"
    "   FROM customer_notes WHERE customer_id = ?1"
    " UNION ALL SELECT as_of, 'statement', NULL, NULL, 0, 9, id"
    "   FROM letters WHERE customer_id = ?1 AND kind = 'statement'"
    ") ORDER BY day DESC, rank DESC, id DESC LIMIT ?2";
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_timeline_row_free);
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, timeline_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
step_rows (RlBook        *book,
           sqlite3_stmt  *stmt,
           void         (*row_func) (sqlite3_stmt *stmt, RlDashboardFigures *out),
           RlDashboardFigures *out,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row_func (stmt, out);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

static void
risk_row (sqlite3_stmt       *stmt,
          RlDashboardFigures *out)
{
  const char *klass = (const char *) sqlite3_column_text (stmt, 0);
  int k = klass != NULL && klass[0] >= 'A' && klass[0] <= 'D' ? klass[0] - 'A' : 4;

  out->by_risk[k] += sqlite3_column_int64 (stmt, 1);
}

static void
due_row (sqlite3_stmt       *stmt,
         RlDashboardFigures *out)
{
  out->due_soon = sqlite3_column_int64 (stmt, 0);
  out->n_due_soon = (guint) sqlite3_column_int (stmt, 1);
}

static void
channel_row (sqlite3_stmt       *stmt,
             RlDashboardFigures *out)
{
  static const char * const channels[] = {
    "email", "sms", "letter", "registered_letter", "call", "task",
  };
  const char *channel = (const char *) sqlite3_column_text (stmt, 0);

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_strcmp0 (channel, channels[i]) == 0)
      out->proposed[i] = (guint) sqlite3_column_int (stmt, 1);
}

#define FIGURES_KEY "dashboard-figures:"   /* then the day and the days ahead */
#define FIGURES_KEEP 4
#define FIGURES_FIELDS (1 + 5 + 2 + 8)

/* The last change to the book, the engine's runs aside (a run that changes nothing writes only
 * its own line): the figures depend on invoices, payments, risk classes and actions. */
static gint64
figures_mark (RlBook *book)
{
  static const char sql[] =
    "SELECT id FROM audit_log WHERE action <> 'run' ORDER BY id DESC LIMIT 1";

  return _rl_book_query_int64 (book, sql);
}

static char *
figures_write (gint64                    mark,
               const RlDashboardFigures *f)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%lld", (long long) mark);
  for (guint i = 0; i < G_N_ELEMENTS (f->by_risk); i++)
    g_string_append_printf (out, "|%lld", (long long) f->by_risk[i]);
  g_string_append_printf (out, "|%lld|%u", (long long) f->due_soon, f->n_due_soon);
  for (guint i = 0; i < G_N_ELEMENTS (f->proposed); i++)
    g_string_append_printf (out, "|%u", f->proposed[i]);
  return g_string_free (out, FALSE);
}

/* The figures kept in @text when they were computed at @mark; FALSE otherwise. */
static gboolean
figures_read (const char         *text,
              gint64              mark,
              RlDashboardFigures *f)
{
  g_auto(GStrv) fields = text != NULL ? g_strsplit (text, "|", -1) : NULL;
  guint k = 1;

  if (fields == NULL || g_strv_length (fields) != FIGURES_FIELDS
      || g_ascii_strtoll (fields[0], NULL, 10) != mark)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (f->by_risk); i++)
    f->by_risk[i] = g_ascii_strtoll (fields[k++], NULL, 10);
  f->due_soon = g_ascii_strtoll (fields[k++], NULL, 10);
  f->n_due_soon = (guint) g_ascii_strtoull (fields[k++], NULL, 10);
  for (guint i = 0; i < G_N_ELEMENTS (f->proposed); i++)
    f->proposed[i] = (guint) g_ascii_strtoull (fields[k++], NULL, 10);
  return TRUE;
}

/**
 * _rl_book_compute_dashboard_figures:
 * @full: whether to read the invoices themselves rather than the totals the book keeps
 *   (migration 10); the totals are not used anyway while a bulk load has left them behind
 *
 * The figures of rl_book_dashboard_figures(), computed.
 */
gboolean
_rl_book_compute_dashboard_figures (RlBook             *book,
                                    RlDay               as_of,
                                    int                 days,
                                    gboolean            full,
                                    RlDashboardFigures *out,
                                    GError            **error)
{
  /* What each customer's open invoices owe, kept by the book, by the index of risk classes:
   * neither table is read row by row. */
  static const char kept_risk_sql[] =
    "SELECT c.risk_class, sum (t.invoices_cents) FROM customers c INDEXED BY customers_risk_class"
    " JOIN totals_customers t ON t.customer_id = c.id WHERE t.invoices_cents <> 0"
    " GROUP BY c.risk_class";
  static const char kept_due_sql[] =
    "SELECT coalesce (sum (owed_cents), 0), coalesce (sum (n), 0) FROM totals_open"
    " WHERE due_date >= ?1 AND due_date < ?2";
  /* Summed by customer first (through the index of open invoices), then by class: each
   * customer is looked up once, not once per invoice. */
  static const char risk_sql[] =
    "SELECT c.risk_class, sum (o.owed) FROM"
    " (SELECT customer_id, sum (amount_cents - paid_cents) AS owed"
    "  FROM invoices INDEXED BY invoices_open"
    "  WHERE paid_cents < amount_cents AND NOT cancelled AND kind = 'invoice'"
    "  GROUP BY customer_id) o"
    " JOIN customers c ON c.id = o.customer_id GROUP BY c.risk_class";
  static const char due_sql[] =
    "SELECT coalesce (sum (amount_cents - paid_cents), 0), count (*) FROM invoices"
    " WHERE paid_cents < amount_cents AND NOT cancelled AND kind = 'invoice'"
    " AND due_date >= ?1 AND due_date < ?2";
  /* The state twice: the second names the partial index of actions not carried out. */
  static const char channel_sql[] =
    "SELECT channel, count (*) FROM actions WHERE state = 'proposed'"
    " AND state <> 'done' AND state <> 'cancelled' AND state <> 'skipped' GROUP BY channel";
  sqlite3_stmt *stmt;
  gboolean kept;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  kept = !full && !_rl_book_totals_stale (book);
  memset (out, 0, sizeof *out);
  if ((stmt = _rl_book_stmt (book, kept ? kept_risk_sql : risk_sql, error)) == NULL
      || !step_rows (book, stmt, risk_row, out, error))
    return FALSE;
  if ((stmt = _rl_book_stmt (book, kept ? kept_due_sql : due_sql, error)) == NULL)
    return FALSE;
  _rl_bind_day (stmt, 1, as_of);
  _rl_bind_day (stmt, 2, as_of + (RlDay) MAX (days, 0));
  if (!step_rows (book, stmt, due_row, out, error))
    return FALSE;
  if ((stmt = _rl_book_stmt (book, channel_sql, error)) == NULL)
    return FALSE;
  return step_rows (book, stmt, channel_row, out, error);
}

/**
 * rl_book_dashboard_figures:
 * @days: how far ahead "due soon" looks
 *
 * Fills @out with what open invoices owe by risk class, what falls due in the next @days days,
 * and the proposed actions by channel: given back from the book's cache when they were
 * computed for the same day and nothing changed in the book since, and kept there otherwise.
 */
gboolean
rl_book_dashboard_figures (RlBook             *book,
                           RlDay               as_of,
                           int                 days,
                           RlDashboardFigures *out,
                           GError            **error)
{
  g_autofree char *key = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *text = NULL;
  gint64 mark;
  char iso[11];

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  rl_day_to_iso_buf (as_of, iso);
  key = g_strdup_printf (FIGURES_KEY "%s:%d", iso, MAX (days, 0));
  mark = figures_mark (book);
  stored = rl_book_get_setting (book, key);
  memset (out, 0, sizeof *out);
  if (figures_read (stored, mark, out))
    return TRUE;
  if (!_rl_book_compute_dashboard_figures (book, as_of, days, FALSE, out, error))
    return FALSE;
  text = figures_write (mark, out);
  _rl_book_keep_cached (book, FIGURES_KEY, key, text, FIGURES_KEEP);
  return TRUE;
}

