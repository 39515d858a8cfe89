/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-book-private.h"
#include "rl-engine-private.h"

#define THANK_YOU_WINDOW_DAYS 30

/* A thank-you after the payment of an invoice that had a reminder, when the plan says so. */
gboolean
_rl_engine_thank_yous (Run       *run,
                       gboolean   stale,
                       GError   **error)
{
  static const char sql[] =
    "SELECT i.customer_id, i.id, c.plan_id, c.risk_class, i.due_date,"
    " i.amount_cents - i.paid_cents, c.code, c.name FROM invoices i"
    " JOIN customers c ON c.id = i.customer_id"
    /* The invoices settled lately that had a reminder, found from the index of settlement
     * days alone: only those are read. */
    " WHERE i.id IN (SELECT x.id FROM invoices x INDEXED BY invoices_settled"
    "                WHERE x.settled_on <= ?1 AND x.settled_on > ?2"
    "                AND EXISTS (SELECT 1 FROM invoice_steps s JOIN plan_steps ps"
    "                            ON ps.id = s.step_id WHERE s.invoice_id = x.id"
    "                            AND s.state = 'done' AND ps.offset_days > 0))"
    " AND i.kind = 'invoice' AND NOT i.cancelled AND i.paid_cents >= i.amount_cents"
    " AND NOT c.never_chase"
    " AND NOT EXISTS (SELECT 1 FROM action_invoices ai JOIN actions a ON a.id = ai.action_id"
    "                 WHERE ai.invoice_id = i.id AND a.kind = 'thank_you')"
    " ORDER BY i.customer_id, i.id";
  RlPlanStep thanks = { 0, 0, 0, RL_CHANNEL_EMAIL, (char *) "thank_you", TRUE, FALSE, 0 };
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 current = 0;
  char since[11];
  gboolean ok = TRUE;
  int rc;

  rc = sqlite3_prepare_v2 (_rl_book_get_db (run->book), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (run->book, rc, error);
  rl_day_to_iso_buf (run->as_of - THANK_YOU_WINDOW_DAYS, since);
  sqlite3_bind_text (stmt, 1, run->as_of_iso, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, since, -1, SQLITE_STATIC);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 customer_id = sqlite3_column_int64 (stmt, 0);
      Item item = { sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 5),
                    _rl_column_day (stmt, 4), NULL, NULL, 0 };
      const char *klass = (const char *) sqlite3_column_text (stmt, 3);
      const RlPlan *plan = NULL;

      if (customer_id != current)
        {
          if (items->len > 0)
            ok = _rl_engine_create_action (run, current, code, name, &thanks, TRUE, stale, items, 0,
                                "thank_you", error);
          g_array_set_size (items, 0);
          g_free (code);
          g_free (name);
          code = _rl_column_text (stmt, 6);
          name = _rl_column_text (stmt, 7);
        }
      current = customer_id;
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        plan = _rl_engine_plan_by_id (run, sqlite3_column_int64 (stmt, 2));
      if (plan == NULL)
        plan = _rl_engine_plan_for_class (run, klass ? klass[0] : 'B');
      if (plan != NULL && plan->thank_you)
        g_array_append_val (items, item);
    }
  if (ok && rc != SQLITE_DONE && rc != SQLITE_ROW)
    ok = _rl_book_sql_error (run->book, rc, error);
  sqlite3_finalize (stmt);
  if (ok && items->len > 0)
    ok = _rl_engine_create_action (run, current, code, name, &thanks, TRUE, stale, items, 0, "thank_you",
                        error);
  return ok;
}
