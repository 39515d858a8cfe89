/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-private.h"

#include <glib/gi18n-lib.h>

#include "rl-error.h"

#define CUSTOMER_COLUMNS \
  "id, code, name, kind, siren, vat_number, language, email, phone, address1, address2," \
  " address3, postcode, city, country, credit_limit_cents, payment_terms_days," \
  " terms_end_of_month, assigned_to, notes, risk_score, risk_class, risk_reasons, never_chase," \
  " plan_id, contract_rate_bp"

static RlCustomer *
customer_from_row (sqlite3_stmt *stmt)
{
  RlCustomer *c = rl_customer_new ();

  c->id = sqlite3_column_int64 (stmt, 0);
  c->code = _rl_column_text (stmt, 1);
  c->name = _rl_column_text (stmt, 2);
  rl_customer_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &c->kind);
  c->siren = _rl_column_text (stmt, 4);
  c->vat_number = _rl_column_text (stmt, 5);
  c->language = _rl_column_text (stmt, 6);
  c->email = _rl_column_text (stmt, 7);
  c->phone = _rl_column_text (stmt, 8);
  c->address1 = _rl_column_text (stmt, 9);
  c->address2 = _rl_column_text (stmt, 10);
  c->address3 = _rl_column_text (stmt, 11);
  c->postcode = _rl_column_text (stmt, 12);
  c->city = _rl_column_text (stmt, 13);
  c->country = _rl_column_text (stmt, 14);
  c->has_credit_limit = sqlite3_column_type (stmt, 15) != SQLITE_NULL;
  c->credit_limit = sqlite3_column_int64 (stmt, 15);
  c->payment_terms_days = sqlite3_column_type (stmt, 16) == SQLITE_NULL
                          ? -1 : sqlite3_column_int (stmt, 16);
  c->terms_end_of_month = sqlite3_column_int (stmt, 17) != 0;
  c->assigned_to = _rl_column_text (stmt, 18);
  c->notes = _rl_column_text (stmt, 19);
  c->risk_score = sqlite3_column_type (stmt, 20) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 20);
  c->risk_class = sqlite3_column_type (stmt, 21) == SQLITE_NULL
                  ? 0 : (char) sqlite3_column_text (stmt, 21)[0];
  c->risk_facts = _rl_column_text (stmt, 22);
  c->never_chase = sqlite3_column_int (stmt, 23) != 0;
  c->plan_id = sqlite3_column_int64 (stmt, 24);
  c->contract_rate_bp = sqlite3_column_type (stmt, 25) == SQLITE_NULL
                        ? -1 : sqlite3_column_int (stmt, 25);
  return c;
}

static RlCustomer *
query_one (RlBook       *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  RlCustomer *c = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    c = customer_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _rl_book_sql_error (self, rc, error);
  sqlite3_reset (stmt);
  return c;
}

/**
 * rl_book_get_customer:
 *
 * Returns: (transfer full) (nullable): the customer, or %NULL with
 *   %RL_BOOK_ERROR_NOT_FOUND
 */
RlCustomer *
rl_book_get_customer (RlBook  *self,
                      gint64   id,
                      GError **error)
{
  static const char sql[] = "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  g_autoptr(GError) local_error = NULL;
  RlCustomer *c;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  c = query_one (self, stmt, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (c == NULL)
    g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND, _("no customer #%lld"),
                 (long long) id);
  return c;
}

/**
 * rl_book_find_customer:
 * @code: the customer's code
 *
 * Returns: (transfer full) (nullable): the customer, or %NULL without an error when the book
 *   has no customer with this code
 */
RlCustomer *
rl_book_find_customer (RlBook      *self,
                       const char  *code,
                       GError     **error)
{
  static const char sql[] = "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE code = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  return query_one (self, stmt, error);
}

/**
 * rl_book_find_customer_by_name:
 * @name: the customer's name, compared without regard to case
 *
 * Returns: (transfer full) (nullable): the customer, or %NULL without an error when no
 *   customer or more than one has this name
 */
RlCustomer *
rl_book_find_customer_by_name (RlBook      *self,
                               const char  *name,
                               GError     **error)
{
  static const char sql[] =
    "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE name = ?1 COLLATE NOCASE"
    " AND (SELECT count(*) FROM customers WHERE name = ?1 COLLATE NOCASE) = 1";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  return query_one (self, stmt, error);
}

/**
 * rl_book_set_contract_rate:
 * @rate_bp: the late-payment rate agreed in the customer's contract, in basis points (1500 =
 *   15 %), or -1 for the legal rate (ECB + 10 points). Penalties never go below 3 × the legal
 *   interest rate, whatever the contract says.
 */
gboolean
rl_book_set_contract_rate (RlBook  *self,
                           gint64   customer_id,
                           int      rate_bp,
                           GError **error)
{
  static const char sql[] = "UPDATE customers SET contract_rate_bp = ?1 WHERE id = ?2";
  sqlite3_stmt *stmt;
  g_autofree char *detail = NULL;
  int rc;

  if (rate_bp < -1 || rate_bp > 10000)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("a contract rate must be between 0 and 100 %"));
      return FALSE;
    }
  stmt = _rl_book_stmt (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (rate_bp >= 0)
    sqlite3_bind_int (stmt, 1, rate_bp);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  if (sqlite3_changes (_rl_book_get_db (self)) == 0)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND, _("no customer #%lld"),
                   (long long) customer_id);
      return FALSE;
    }
  detail = rate_bp >= 0 ? g_strdup_printf ("contract_rate_bp: %d", rate_bp)
                        : g_strdup ("contract_rate_bp: legal rate");
  return rl_book_audit (self, "update", "customer", customer_id, detail, error);
}

/* Merges one string field, noting the change in @changes. */
static void
merge_str (char       **book_value,
           const char  *new_value,
           const char  *field,
           GString     *changes)
{
  if (new_value == NULL)
    return;
  if (g_strcmp0 (*book_value, new_value) == 0)
    return;
  g_string_append_printf (changes, "%s%s: “%s” → “%s”", changes->len ? "; " : "", field,
                          *book_value ? *book_value : "", new_value);
  g_free (*book_value);
  *book_value = g_strdup (new_value);
}

static void
merge_int (gint64     *book_value,
           gint64      new_value,
           gboolean    set,
           const char *field,
           GString    *changes)
{
  if (!set || *book_value == new_value)
    return;
  g_string_append_printf (changes, "%s%s: %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT,
                          changes->len ? "; " : "", field, *book_value, new_value);
  *book_value = new_value;
}

static gboolean
validate_customer (const RlCustomer  *c,
                   GError           **error)
{
  if (c->code == NULL || *c->code == '\0')
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("a customer needs a code"));
      return FALSE;
    }
  if (c->payment_terms_days > 365)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("payment terms of %d days are out of range (0 to 365)"), c->payment_terms_days);
      return FALSE;
    }
  if (c->has_credit_limit && c->credit_limit < 0)
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                           _("a credit limit cannot be negative"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_customer (RlBook            *self,
                const RlCustomer  *c,
                gboolean           insert,
                gint64             import_id,
                GError           **error)
{
  static const char ins[] =
    "INSERT INTO customers (code, name, kind, siren, vat_number, language, email, phone,"
    " address1, address2, address3, postcode, city, country, credit_limit_cents,"
    " payment_terms_days, terms_end_of_month, assigned_to, notes, import_id, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
    " ?16, ?17, ?18, ?19, ?20, ?21, ?21)";
  static const char upd[] =
    "UPDATE customers SET code = ?1, name = ?2, kind = ?3, siren = ?4, vat_number = ?5,"
    " language = ?6, email = ?7, phone = ?8, address1 = ?9, address2 = ?10, address3 = ?11,"
    " postcode = ?12, city = ?13, country = ?14, credit_limit_cents = ?15,"
    " payment_terms_days = ?16, terms_end_of_month = ?17, assigned_to = ?18, notes = ?19,"
    " updated_at = ?21 WHERE id = ?22";
  sqlite3_stmt *stmt = _rl_book_stmt (self, insert ? ins : upd, error);
  const char *now = _rl_book_now (self);
  int rc;

  if (stmt == NULL)
    return FALSE;
  _rl_bind_text (stmt, 1, c->code);
  sqlite3_bind_text (stmt, 2, c->name ? c->name : c->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, rl_customer_kind_to_string (c->kind), -1, SQLITE_STATIC);
  _rl_bind_text (stmt, 4, c->siren);
  _rl_bind_text (stmt, 5, c->vat_number);
  sqlite3_bind_text (stmt, 6, c->language ? c->language : "fr", -1, SQLITE_TRANSIENT);
  _rl_bind_text (stmt, 7, c->email);
  _rl_bind_text (stmt, 8, c->phone);
  _rl_bind_text (stmt, 9, c->address1);
  _rl_bind_text (stmt, 10, c->address2);
  _rl_bind_text (stmt, 11, c->address3);
  _rl_bind_text (stmt, 12, c->postcode);
  _rl_bind_text (stmt, 13, c->city);
  sqlite3_bind_text (stmt, 14, c->country ? c->country : "FR", -1, SQLITE_TRANSIENT);
  if (c->has_credit_limit)
    sqlite3_bind_int64 (stmt, 15, c->credit_limit);
  if (c->payment_terms_days >= 0)
    sqlite3_bind_int (stmt, 16, c->payment_terms_days);
  sqlite3_bind_int (stmt, 17, c->terms_end_of_month > 0);
  _rl_bind_text (stmt, 18, c->assigned_to);
  _rl_bind_text (stmt, 19, c->notes);
  if (import_id > 0)
    sqlite3_bind_int64 (stmt, 20, import_id);
  sqlite3_bind_text (stmt, 21, now, -1, SQLITE_TRANSIENT);
  if (!insert)
    sqlite3_bind_int64 (stmt, 22, c->id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}

/**
 * rl_book_upsert_customer:
 * @customer: the customer to add, or the fields to change of the one with the same code;
 *   its id is set on return
 * @import_id: the import this comes from, or 0 for a change by hand
 * @result: (out) (optional): what was done
 *
 * Adds a customer or updates the one with the same code. Unset fields keep the book's
 * values (see #RlCustomer). Every update is written to the audit log with its old and new
 * values; an insert by an import is summed up in the import's audit line.
 */
gboolean
rl_book_upsert_customer (RlBook          *self,
                         RlCustomer      *customer,
                         gint64           import_id,
                         RlUpsertResult  *result,
                         GError         **error)
{
  g_autoptr(RlCustomer) existing = NULL;
  g_autoptr(GString) changes = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 v;

  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);

  if (!validate_customer (customer, error))
    return FALSE;

  existing = rl_book_find_customer (self, customer->code, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (existing == NULL)
    {
      if (!write_customer (self, customer, TRUE, import_id, error))
        return FALSE;
      customer->id = sqlite3_last_insert_rowid (_rl_book_get_db (self));
      if (result)
        *result = RL_UPSERT_INSERTED;
      if (import_id == 0)
        return rl_book_audit (self, "insert", "customer", customer->id, customer->code, error);
      return TRUE;
    }

  changes = g_string_new (NULL);
  merge_str (&existing->name, customer->name, "name", changes);
  merge_str (&existing->siren, customer->siren, "siren", changes);
  merge_str (&existing->vat_number, customer->vat_number, "vat_number", changes);
  merge_str (&existing->language, customer->language, "language", changes);
  merge_str (&existing->email, customer->email, "email", changes);
  merge_str (&existing->phone, customer->phone, "phone", changes);
  merge_str (&existing->address1, customer->address1, "address1", changes);
  merge_str (&existing->address2, customer->address2, "address2", changes);
  merge_str (&existing->address3, customer->address3, "address3", changes);
  merge_str (&existing->postcode, customer->postcode, "postcode", changes);
  merge_str (&existing->city, customer->city, "city", changes);
  merge_str (&existing->country, customer->country, "country", changes);
  merge_str (&existing->assigned_to, customer->assigned_to, "assigned_to", changes);
  merge_str (&existing->notes, customer->notes, "notes", changes);
  if (customer->kind != RL_CUSTOMER_KIND_UNSET && customer->kind != existing->kind)
    {
      g_string_append_printf (changes, "%skind: %s → %s", changes->len ? "; " : "",
                              rl_customer_kind_to_string (existing->kind),
                              rl_customer_kind_to_string (customer->kind));
      existing->kind = customer->kind;
    }
  if (customer->has_credit_limit && (!existing->has_credit_limit
                                     || existing->credit_limit != customer->credit_limit))
    {
      v = existing->has_credit_limit ? existing->credit_limit : 0;
      existing->has_credit_limit = TRUE;
      existing->credit_limit = v;
      merge_int (&existing->credit_limit, customer->credit_limit, TRUE, "credit_limit_cents",
                 changes);
    }
  v = existing->payment_terms_days;
  merge_int (&v, customer->payment_terms_days, customer->payment_terms_days >= 0,
             "payment_terms_days", changes);
  existing->payment_terms_days = v;
  v = existing->terms_end_of_month;
  merge_int (&v, customer->terms_end_of_month, customer->terms_end_of_month >= 0,
             "terms_end_of_month", changes);
  existing->terms_end_of_month = v;

  customer->id = existing->id;
  if (changes->len == 0)
    {
      if (result)
        *result = RL_UPSERT_UNCHANGED;
      return TRUE;
    }
  if (!write_customer (self, existing, FALSE, import_id, error))
    return FALSE;
  if (result)
    *result = RL_UPSERT_UPDATED;
  return rl_book_audit (self, "update", "customer", existing->id, changes->str, error);
}

/**
 * rl_book_foreach_customer:
 * @func: called for each customer in code order; return %FALSE to stop
 *
 * Streams the customers without holding them all in memory.
 */
gboolean
rl_book_foreach_customer (RlBook          *self,
                          RlCustomerFunc   func,
                          gpointer         user_data,
                          GError         **error)
{
  static const char sql[] = "SELECT " CUSTOMER_COLUMNS " FROM customers ORDER BY code";
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* Not the cached statement: a callback may use the book meanwhile. */
  rc = sqlite3_prepare_v2 (_rl_book_get_db (self), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (self, rc, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(RlCustomer) c = customer_from_row (stmt);

      if (!func (c, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}

gboolean
rl_book_add_contact (RlBook     *self,
                     RlContact  *contact,
                     GError    **error)
{
  static const char sql[] =
    "INSERT INTO contacts (customer_id, name, role, email, phone, is_primary)"
    " VALUES (?, ?, ?, ?, ?, ?)";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (contact != NULL, FALSE);
  if (contact->name == NULL || *contact->name == '\0')
    {
      g_set_error_literal (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("a contact needs a name"));
      return FALSE;
    }
  stmt = _rl_book_stmt (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, contact->customer_id);
  _rl_bind_text (stmt, 2, contact->name);
  _rl_bind_text (stmt, 3, contact->role);
  _rl_bind_text (stmt, 4, contact->email);
  _rl_bind_text (stmt, 5, contact->phone);
  sqlite3_bind_int (stmt, 6, contact->is_primary != 0);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  contact->id = sqlite3_last_insert_rowid (_rl_book_get_db (self));
  return rl_book_audit (self, "insert", "contact", contact->id, contact->name, error);
}

/**
 * rl_book_list_contacts:
 *
 * Returns: (transfer full) (element-type RlContact): the customer's contacts, primary first
 */
GPtrArray *
rl_book_list_contacts (RlBook  *self,
                       gint64   customer_id,
                       GError **error)
{
  static const char sql[] =
    "SELECT id, customer_id, name, role, email, phone, is_primary FROM contacts"
    " WHERE customer_id = ? ORDER BY is_primary DESC, name";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_contact_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlContact *c = rl_contact_new ();

      c->id = sqlite3_column_int64 (stmt, 0);
      c->customer_id = sqlite3_column_int64 (stmt, 1);
      c->name = _rl_column_text (stmt, 2);
      c->role = _rl_column_text (stmt, 3);
      c->email = _rl_column_text (stmt, 4);
      c->phone = _rl_column_text (stmt, 5);
      c->is_primary = sqlite3_column_int (stmt, 6);
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
