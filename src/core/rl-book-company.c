/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-error.h"
#include "rl-ids.h"

/* An identifier left empty is no identifier; one given must be valid. Writes the normalised
 * form. */
static gboolean
check_id (const char  *value,
          char      *(*check) (const char *),
          char       **out)
{
  if (value == NULL || *value == '\0')
    return TRUE;
  *out = check (value);
  return *out != NULL;
}

static gboolean
check_company (const RlCompany  *c,
               char            **iban,
               char            **bic,
               char            **siren,
               GError          **error)
{
  if (c->country != NULL && (strlen (c->country) != 2 || !g_ascii_isupper (c->country[0])
                             || !g_ascii_isupper (c->country[1])))
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("the country “%s” is not a two-letter ISO code such as FR"), c->country);
      return FALSE;
    }
  if (c->language != NULL && g_strcmp0 (c->language, "fr") != 0
      && g_strcmp0 (c->language, "en") != 0)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("the language “%s” is not fr or en"), c->language);
      return FALSE;
    }
  if (c->email != NULL && *c->email != '\0' && strchr (c->email, '@') == NULL)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("“%s” is not an e-mail address"), c->email);
      return FALSE;
    }
  if (!check_id (c->iban, rl_iban_check, iban))
    g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("the IBAN “%s” is not valid"),
                 c->iban);
  else if (!check_id (c->bic, rl_bic_check, bic))
    g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("the BIC “%s” is not valid"),
                 c->bic);
  else if (!check_id (c->siren, rl_siren_check, siren))
    g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID, _("the SIREN “%s” is not valid"),
                 c->siren);
  else
    return TRUE;
  return FALSE;
}

/**
 * rl_book_get_company:
 *
 * Returns: (transfer full): who the book belongs to
 */
RlCompany *
rl_book_get_company (RlBook  *self,
                     GError **error)
{
  static const char sql[] =
    "SELECT name, address1, address2, address3, postcode, city, country, siren, vat_number,"
    " iban, bic, email, phone, currency, language, payment_terms_days FROM company WHERE id = 1";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
  g_autoptr(RlCompany) c = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      _rl_book_sql_error (self, rc, error);
      return NULL;
    }
  c = rl_company_new ();
  c->name = _rl_column_text (stmt, 0);
  c->address1 = _rl_column_text (stmt, 1);
  c->address2 = _rl_column_text (stmt, 2);
  c->address3 = _rl_column_text (stmt, 3);
  c->postcode = _rl_column_text (stmt, 4);
  c->city = _rl_column_text (stmt, 5);
  c->country = _rl_column_text (stmt, 6);
  c->siren = _rl_column_text (stmt, 7);
  c->vat_number = _rl_column_text (stmt, 8);
  c->iban = _rl_column_text (stmt, 9);
  c->bic = _rl_column_text (stmt, 10);
  c->email = _rl_column_text (stmt, 11);
  c->phone = _rl_column_text (stmt, 12);
  c->currency = _rl_column_text (stmt, 13);
  c->language = _rl_column_text (stmt, 14);
  c->payment_terms_days = sqlite3_column_int (stmt, 15);
  sqlite3_reset (stmt);
  return g_steal_pointer (&c);
}

gboolean
rl_book_set_company (RlBook           *self,
                     const RlCompany  *c,
                     GError          **error)
{
  static const char sql[] =
    "UPDATE company SET name = coalesce (?1, ''), address1 = ?2, address2 = ?3, address3 = ?4,"
    " postcode = ?5, city = ?6, country = coalesce (?7, 'FR'), siren = ?8, vat_number = ?9,"
    " iban = ?10, bic = ?11, email = ?12, phone = ?13, currency = coalesce (?14, 'EUR'),"
    " language = coalesce (?15, 'fr'), payment_terms_days = ?16 WHERE id = 1";
  g_autofree char *iban = NULL;
  g_autofree char *bic = NULL;
  g_autofree char *siren = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (c != NULL, FALSE);

  if (c->payment_terms_days < 0 || c->payment_terms_days > 365)
    {
      g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
                   _("payment terms of %d days are out of range (0 to 365)"), c->payment_terms_days);
      return FALSE;
    }
  if (!check_company (c, &iban, &bic, &siren, error))
    return FALSE;
  stmt = _rl_book_stmt (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  _rl_bind_text (stmt, 1, c->name);
  _rl_bind_text (stmt, 2, c->address1);
  _rl_bind_text (stmt, 3, c->address2);
  _rl_bind_text (stmt, 4, c->address3);
  _rl_bind_text (stmt, 5, c->postcode);
  _rl_bind_text (stmt, 6, c->city);
  _rl_bind_text (stmt, 7, c->country);
  _rl_bind_text (stmt, 8, siren);
  _rl_bind_text (stmt, 9, c->vat_number);
  _rl_bind_text (stmt, 10, iban);
  _rl_bind_text (stmt, 11, bic);
  _rl_bind_text (stmt, 12, c->email);
  _rl_bind_text (stmt, 13, c->phone);
  _rl_bind_text (stmt, 14, c->currency);
  _rl_bind_text (stmt, 15, c->language);
  sqlite3_bind_int (stmt, 16, c->payment_terms_days);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return rl_book_audit (self, "update", "company", 1, c->name, error);
}

/**
 * rl_book_get_setting:
 *
 * Returns: (transfer full) (nullable): the book's setting @key, or %NULL if it has none
 */
char *
rl_book_get_setting (RlBook     *self,
                     const char *key)
{
  static const char sql[] = "SELECT value FROM settings WHERE key = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = _rl_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
write_setting (RlBook      *self,
               const char  *key,
               const char  *value,
               GError     **error)
{
  static const char sql[] =
    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  static const char del[] = "DELETE FROM settings WHERE key = ?1";
  sqlite3_stmt *stmt = _rl_book_stmt (self, value ? sql : del, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}

gboolean
rl_book_set_setting (RlBook      *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  g_autofree char *detail = NULL;

  if (!write_setting (self, key, value, error))
    return FALSE;
  detail = g_strdup_printf ("%s = %s", key, value ? value : "(none)");
  return rl_book_audit (self, "update", "setting", 0, detail, error);
}

/* Values derived from the book (fingerprints of what was computed from it) are kept in the
 * settings without an audit line: they are not the user's settings. */
gboolean
_rl_book_set_derived_setting (RlBook      *self,
                              const char  *key,
                              const char  *value,
                              GError     **error)
{
  return write_setting (self, key, value, error);
}

/* Keeps @text under @key, a value derived from the book (a cache), and forgets all but the
 * @keep latest keys of its @family (the keys starting with it, in key order). In the caller's
 * transaction, or in one of its own when no other connection is writing; otherwise nothing is
 * kept: a cache can wait. */
void
_rl_book_keep_cached (RlBook     *self,
                      const char *family,
                      const char *key,
                      const char *text,
                      int         keep)
{
  static const char sql[] =
    "DELETE FROM settings WHERE substr (key, 1, length (?1)) = ?1 AND key NOT IN"
    " (SELECT key FROM settings WHERE substr (key, 1, length (?1)) = ?1"
    "  ORDER BY key DESC LIMIT ?2)";
  gboolean own = FALSE;
  gboolean ok;
  sqlite3_stmt *stmt;

  g_return_if_fail (g_str_has_prefix (key, family));
  if (!rl_book_in_transaction (self))
    {
      if (!_rl_book_try_begin (self))
        return;
      own = TRUE;
    }
  ok = write_setting (self, key, text, NULL);
  if (ok && (stmt = _rl_book_stmt (self, sql, NULL)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, family, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, keep);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
    }
  if (own && (!ok || !rl_book_commit (self, NULL)))
    rl_book_rollback (self);
}
