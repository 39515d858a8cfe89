/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-engine"

#include "config.h"

#include "rl-action-text.h"

#include <glib/gi18n-lib.h>

#include "rl-action-text-private.h"
#include "rl-book-private.h"
#include "rl-engine.h"
#include "rl-error.h"

#define SAVEPOINT "rl_action_text"

/* Parses and checks one part of a template; @what names it in the error. */
static gboolean
check_part (const char  *text,
            const char  *what,
            GError     **error)
{
  g_autoptr(RlTemplate) tpl = rl_template_parse (text, error);

  if (tpl == NULL || !rl_template_check (tpl, rl_template_known_vars (), error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_texts (const char  *subject,
             const char  *body,
             GError     **error)
{
  /* TRANSLATORS: prefixed to a template error, e.g. "Subject: Line 1, column 3: …" */
  return check_part (subject, _("Subject"), error)
         /* TRANSLATORS: prefixed to a template error, e.g. "Body: Line 12, column 5: …" */
         && check_part (body, _("Body"), error);
}

static gboolean
known_key (const char  *key,
           GError     **error)
{
  if (rl_template_default (key, "fr") != NULL)
    return TRUE;
  g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_NOT_FOUND, _("no template “%s”"), key);
  return FALSE;
}

static gboolean
known_language (const char  *language,
                GError     **error)
{
  if (g_strcmp0 (language, "fr") == 0 || g_strcmp0 (language, "en") == 0)
    return TRUE;
  g_set_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID,
               _("templates are in “fr” or “en”, not “%s”"), language);
  return FALSE;
}

#define step_done _rl_book_step_done

/* A change and its audit line go together or not at all. */
static gboolean
finish_change (RlBook      *book,
               gboolean     ok,
               const char  *entity,
               gint64       entity_id,
               const char  *detail,
               GError     **error)
{
  if (!ok || !rl_book_audit (book, "update", entity, entity_id, detail, error)
      || !rl_book_release (book, SAVEPOINT, error))
    {
      rl_book_rollback_to (book, SAVEPOINT);
      return FALSE;
    }
  return TRUE;
}

/**
 * rl_book_get_template:
 * @key: "reminder", "formal_notice"… (see rl_template_default_keys())
 * @language: the reader's language; "fr…" gives French, anything else English
 * @out_subject: (out) (optional): the subject template, to free
 * @out_body: (out) (optional): the body template, to free
 * @out_edited: (out) (optional): whether it is the user's version rather than the shipped one
 *
 * Returns: %TRUE with the user's version of the template, or the shipped one;
 *   %FALSE with %RL_BOOK_ERROR_NOT_FOUND for an unknown @key, or a book error
 */
gboolean
rl_book_get_template (RlBook      *book,
                      const char  *key,
                      const char  *language,
                      char       **out_subject,
                      char       **out_body,
                      gboolean    *out_edited,
                      GError     **error)
{
  static const char sql[] = "SELECT subject, body FROM templates WHERE key = ? AND language = ?";
  const char *lang = rl_template_language (language);
  const RlTemplateDefault *def;
  sqlite3_stmt *stmt;
  g_autofree char *subject = NULL, *body = NULL;
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!known_key (key, error))
    return FALSE;
  stmt = _rl_book_stmt (book, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, lang, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      subject = _rl_column_text (stmt, 0);
      body = _rl_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);

  if (out_edited != NULL)
    *out_edited = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW)
    {
      def = rl_template_default (key, lang);
      subject = g_strdup (def->subject);
      body = g_strdup (def->body);
    }
  if (out_subject != NULL)
    *out_subject = subject != NULL ? g_steal_pointer (&subject) : g_strdup ("");
  if (out_body != NULL)
    *out_body = body != NULL ? g_steal_pointer (&body) : g_strdup ("");
  return TRUE;
}

/**
 * rl_book_set_template:
 * @key: a shipped template's key
 * @language: "fr" or "en"
 * @subject: the subject template ("" for an SMS)
 * @body: the body template
 *
 * Saves the user's version of a template, after checking it: a syntax error or a variable
 * the application does not supply is refused (%RL_TEMPLATE_ERROR, with the part, line and
 * column in the message) and nothing is saved.
 */
gboolean
rl_book_set_template (RlBook      *book,
                      const char  *key,
                      const char  *language,
                      const char  *subject,
                      const char  *body,
                      GError     **error)
{
  static const char sql[] =
    "INSERT INTO templates (key, language, subject, body, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (key, language) DO UPDATE SET subject = ?3, body = ?4, updated_at = ?5";
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (subject != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!known_key (key, error) || !known_language (language, error)
      || !check_texts (subject, body, error))
    return FALSE;

  if (!rl_book_savepoint (book, SAVEPOINT, error))
    return FALSE;
  stmt = _rl_book_stmt (book, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, language, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, subject, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, body, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, _rl_book_now (book), -1, SQLITE_TRANSIENT);
      ok = step_done (book, stmt, error);
    }
  detail = g_strdup_printf ("%s/%s", key, language);
  return finish_change (book, ok, "template", 0, detail, error);
}

/**
 * rl_book_reset_template:
 *
 * Drops the user's version of a template: the shipped one is used again. Resetting a
 * template that was never edited does nothing.
 */
gboolean
rl_book_reset_template (RlBook      *book,
                        const char  *key,
                        const char  *language,
                        GError     **error)
{
  static const char sql[] = "DELETE FROM templates WHERE key = ? AND language = ?";
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!known_key (key, error) || !known_language (language, error))
    return FALSE;
  if (!rl_book_savepoint (book, SAVEPOINT, error))
    return FALSE;
  stmt = _rl_book_stmt (book, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, language, -1, SQLITE_STATIC);
      ok = step_done (book, stmt, error);
    }
  if (ok && sqlite3_changes (_rl_book_get_db (book)) == 0)
    {
      rl_book_release (book, SAVEPOINT, NULL);
      return TRUE;
    }
  detail = g_strdup_printf ("%s/%s: reset", key, language);
  return finish_change (book, ok, "template", 0, detail, error);
}

/* The action's own text, if the user edited it: each part %NULL when not edited. */
static gboolean
load_action_text (RlBook  *book,
                  gint64   action_id,
                  char   **out_subject,
                  char   **out_body,
                  GError **error)
{
  static const char sql[] = "SELECT subject, body FROM actions WHERE id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, action_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_subject = _rl_column_text (stmt, 0);
      *out_body = _rl_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  return TRUE;
}

/* A day's letters share a few templates: each is parsed once per thread and kept, the
 * cache emptied when it grows, so memory stays bounded. */
#define PARSED_MAX 32

static void
parsed_free (gpointer data)
{
  g_hash_table_unref (data);
}

static GPrivate parsed_key = G_PRIVATE_INIT (parsed_free);

static const RlTemplate *
parse_cached (const char  *text,
              GError     **error)
{
  GHashTable *parsed = g_private_get (&parsed_key);
  RlTemplate *tpl;

  if (parsed == NULL)
    {
      parsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) rl_template_free);
      g_private_set (&parsed_key, parsed);
    }
  tpl = g_hash_table_lookup (parsed, text);
  if (tpl != NULL)
    return tpl;
  tpl = rl_template_parse (text, error);
  if (tpl == NULL)
    return NULL;
  if (g_hash_table_size (parsed) >= PARSED_MAX)
    g_hash_table_remove_all (parsed);
  g_hash_table_insert (parsed, g_strdup (text), tpl);
  return tpl;
}

static char *
render_part (const char               *text,
             const RlTemplateContext  *ctx,
             RlTemplateEscape          escape,
             const char               *what,
             GError                  **error)
{
  const RlTemplate *tpl = parse_cached (text, error);
  char *out;

  if (tpl == NULL || (out = rl_template_render (tpl, ctx, escape, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", what);
      return NULL;
    }
  return out;
}

/* What rl_action_render() and rl_action_render_document() share. */
static gboolean
render_action (RlBook            *book,
               gint64             action_id,
               RlDay              as_of,
               RlTemplateEscape   escape,
               RlActionDocument  *doc,
               char             **out_subject,
               char             **out_body,
               GError           **error)
{
  g_autoptr(RlAction) action = NULL;
  g_autoptr(RlTemplateContext) ctx = NULL;
  g_autofree char *own_subject = NULL, *own_body = NULL;
  g_autofree char *tpl_subject = NULL, *tpl_body = NULL;
  g_autofree char *subject = NULL, *body = NULL;

  action = rl_book_get_action (book, action_id, error);
  if (action == NULL)
    return FALSE;
  ctx = _rl_action_build_context (book, action, as_of, NULL, doc, error);
  if (ctx == NULL)
    return FALSE;
  if (doc != NULL)
    {
      doc->template_key = g_strdup (action->template_key);
      doc->channel = action->channel;
    }

  if (!load_action_text (book, action_id, &own_subject, &own_body, error))
    return FALSE;
  if ((own_subject == NULL || own_body == NULL)
      && !rl_book_get_template (book, action->template_key,
                                rl_template_context_get_language (ctx), &tpl_subject,
                                &tpl_body, NULL, error))
    return FALSE;

  subject = render_part (own_subject != NULL ? own_subject : tpl_subject, ctx,
                         RL_TEMPLATE_ESCAPE_NONE, _("Subject"), error);
  if (subject == NULL)
    return FALSE;
  body = render_part (own_body != NULL ? own_body : tpl_body, ctx, escape, _("Body"), error);
  if (body == NULL)
    return FALSE;

  if (out_subject != NULL)
    *out_subject = g_steal_pointer (&subject);
  if (out_body != NULL)
    *out_body = g_steal_pointer (&body);
  return TRUE;
}

/**
 * rl_action_render:
 * @action_id: the action
 * @as_of: the day of the message: amounts, days late and penalties are computed at it
 * @escape: %RL_TEMPLATE_ESCAPE_HTML for an HTML e-mail body
 * @out_subject: (out) (optional): the subject, to free
 * @out_body: (out) (optional): the body, to free
 *
 * Renders what the action sends, in its customer's language: the action's own text if the
 * user edited it, otherwise the book's template for its step. The subject is never escaped.
 *
 * Returns: %TRUE on success; %FALSE with %RL_ENGINE_ERROR_NOT_FOUND for an unknown action,
 *   %RL_PENALTY_ERROR_RATE_MISSING when penalties need a half-year's rate the user has not
 *   confirmed, a %RL_TEMPLATE_ERROR, or a book error
 */
gboolean
rl_action_render (RlBook            *book,
                  gint64             action_id,
                  RlDay              as_of,
                  RlTemplateEscape   escape,
                  char             **out_subject,
                  char             **out_body,
                  GError           **error)
{
  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (as_of != RL_DAY_NONE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return render_action (book, action_id, as_of, escape, NULL, out_subject, out_body, error);
}

/**
 * rl_action_render_document:
 * @action_id: the action
 * @as_of: the day of the letter
 *
 * Renders an action as a printed letter: its text with the template variable "printed" set,
 * in which a line RL_ACTION_TABLE_MARK stands where the letter draws its invoice table, and
 * the facts the letter draws (invoices, totals, payment reference, addresses).
 *
 * Returns: (transfer full): the document, or %NULL with the errors of rl_action_render()
 */
RlActionDocument *
rl_action_render_document (RlBook  *book,
                           gint64   action_id,
                           RlDay    as_of,
                           GError **error)
{
  g_autoptr(RlActionDocument) doc = g_new0 (RlActionDocument, 1);

  g_return_val_if_fail (RL_IS_BOOK (book), NULL);
  g_return_val_if_fail (as_of != RL_DAY_NONE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc->action_id = action_id;
  doc->invoices = g_array_new (FALSE, TRUE, sizeof (RlDocumentLine));
  g_array_set_clear_func (doc->invoices, rl_document_line_clear);
  doc->credit_notes = g_array_new (FALSE, TRUE, sizeof (RlDocumentLine));
  g_array_set_clear_func (doc->credit_notes, rl_document_line_clear);
  if (!render_action (book, action_id, as_of, RL_TEMPLATE_ESCAPE_NONE, doc, &doc->subject,
                      &doc->body, error))
    return NULL;
  return g_steal_pointer (&doc);
}

void
rl_document_line_clear (gpointer line)
{
  g_clear_pointer (&((RlDocumentLine *) line)->number, g_free);
}

void
rl_action_document_free (RlActionDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->template_key);
  g_free (doc->language);
  g_free (doc->subject);
  g_free (doc->body);
  g_clear_pointer (&doc->customer, rl_customer_free);
  g_clear_pointer (&doc->company, rl_company_free);
  g_free (doc->contact_name);
  g_clear_pointer (&doc->invoices, g_array_unref);
  g_clear_pointer (&doc->credit_notes, g_array_unref);
  g_free (doc->payment_reference);
  g_free (doc);
}

/**
 * rl_action_set_text:
 * @subject: the subject template of this action alone ("" for an SMS)
 * @body: its body template
 *
 * Replaces the text of one proposed or approved action with the user's, after checking it
 * as rl_book_set_template() does.
 *
 * Returns: %TRUE on success; %FALSE with %RL_ENGINE_ERROR_STATE if the action has gone or
 *   is gone past approval, %RL_ENGINE_ERROR_NOT_FOUND, a %RL_TEMPLATE_ERROR, or a book error
 */
gboolean
rl_action_set_text (RlBook      *book,
                    gint64       action_id,
                    const char  *subject,
                    const char  *body,
                    GError     **error)
{
  static const char sql[] = "UPDATE actions SET subject = ?, body = ? WHERE id = ?";
  g_autoptr(RlAction) action = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (RL_IS_BOOK (book), FALSE);
  g_return_val_if_fail (subject != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  action = rl_book_get_action (book, action_id, error);
  if (action == NULL)
    return FALSE;
  if (action->state != RL_ACTION_PROPOSED && action->state != RL_ACTION_APPROVED)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("the text of action #%lld can no longer be changed (state: %s)"),
                   (long long) action_id, rl_action_state_label (action->state));
      return FALSE;
    }
  if (!check_texts (subject, body, error))
    return FALSE;

  if (!rl_book_savepoint (book, SAVEPOINT, error))
    return FALSE;
  stmt = _rl_book_stmt (book, sql, error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, subject, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, action_id);
      ok = step_done (book, stmt, error);
    }
  return finish_change (book, ok, "action", action_id, "text edited", error);
}
