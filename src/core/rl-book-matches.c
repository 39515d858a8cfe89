/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-matches.h"

#include <sqlite3.h>

#include "rl-book-private.h"

/**
 * rl_book_clear_credit_allocations:
 *
 * Removes what a credit note was applied to, so that it can be applied again (an accounting
 * export that re-letters its entries).
 */
gboolean
rl_book_clear_credit_allocations (RlBook  *self,
                                  gint64   credit_note_id,
                                  GError **error)
{
  static const char sql[] = "DELETE FROM allocations WHERE credit_note_id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, credit_note_id);
  if (!_rl_book_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (_rl_book_get_db (self)) > 0)
    return rl_book_audit (self, "unallocate", "invoice", credit_note_id, NULL, error);
  return TRUE;
}
