/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-outbox"

#include "config.h"

#include "rl-book-outbox.h"

#include <glib/gi18n-lib.h>

#include "rl-book-private.h"

/* Exactly once: an action is marked "sending", with the attempt, in a committed transaction
 * before its request leaves. An action found "sending" afterwards was interrupted: it is
 * resent only under the idempotency key of that send, otherwise it is put in doubt. */

#define OUTBOX_COLUMNS \
  "a.id, a.key, c.code, c.name, a.channel, a.state, a.kind, a.template, a.provider," \
  " a.provider_message_id, a.idempotency_key, a.sent_at, a.state_changed_at, a.reason," \
  " (SELECT count(*) FROM delivery_attempts d WHERE d.action_id = a.id)," \
  " (SELECT coalesce (d.http_status, 0) FROM delivery_attempts d WHERE d.action_id = a.id" \
  "  ORDER BY d.number DESC LIMIT 1)," \
  " (SELECT min (d.started_at) FROM delivery_attempts d WHERE d.action_id = a.id" \
  "  AND d.number > (SELECT coalesce (max (e.number), 0) FROM delivery_attempts e" \
  "                  WHERE e.action_id = a.id AND e.outcome IN ('sent', 'failed', 'in_doubt')))"

void
rl_outbox_item_free (RlOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->key);
  g_free (item->customer_code);
  g_free (item->customer_name);
  g_free (item->template_key);
  g_free (item->provider);
  g_free (item->provider_message_id);
  g_free (item->idempotency_key);
  g_free (item->sent_at);
  g_free (item->state_changed_at);
  g_free (item->reason);
  g_free (item->send_started_at);
  g_free (item);
}

static RlOutboxItem *
item_from_row (sqlite3_stmt *stmt)
{
  RlOutboxItem *it = g_new0 (RlOutboxItem, 1);

  it->action_id = sqlite3_column_int64 (stmt, 0);
  it->key = _rl_column_text (stmt, 1);
  it->customer_code = _rl_column_text (stmt, 2);
  it->customer_name = _rl_column_text (stmt, 3);
  rl_channel_from_string ((const char *) sqlite3_column_text (stmt, 4), &it->channel);
  rl_action_state_from_string ((const char *) sqlite3_column_text (stmt, 5), &it->state);
  it->thank_you = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "thank_you") == 0;
  it->template_key = _rl_column_text (stmt, 7);
  it->provider = _rl_column_text (stmt, 8);
  it->provider_message_id = _rl_column_text (stmt, 9);
  it->idempotency_key = _rl_column_text (stmt, 10);
  it->sent_at = _rl_column_text (stmt, 11);
  it->state_changed_at = _rl_column_text (stmt, 12);
  it->reason = _rl_column_text (stmt, 13);
  it->attempts = sqlite3_column_int (stmt, 14);
  it->last_http_status = sqlite3_column_int (stmt, 15);
  it->send_started_at = _rl_column_text (stmt, 16);
  return it;
}

/**
 * rl_book_list_outbox:
 * @with_done: also the messages already accepted by the provider
 *
 * Returns: (transfer full) (element-type RlOutboxItem): the e-mail and SMS actions approved,
 *   sending, in doubt or failed (and done), oldest first
 */
GPtrArray *
rl_book_list_outbox (RlBook    *book,
                     gboolean   with_done,
                     GError   **error)
{
  static const char sql[] =
    "SELECT " OUTBOX_COLUMNS " FROM actions a JOIN customers c ON c.id = a.customer_id"
    " WHERE a.channel IN ('email', 'sms')"
    " AND (a.state IN ('approved', 'sending', 'in_doubt', 'failed') OR (?1 AND a.state = 'done'"
    "      AND a.provider IS NOT NULL))"
    " ORDER BY a.id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_outbox_item_free);
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, with_done != 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, item_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * rl_book_get_outbox_item:
 *
 * Returns: (transfer full): the action as the outbox sees it, whatever its state or channel
 */
RlOutboxItem *
rl_book_get_outbox_item (RlBook  *book,
                         gint64   action_id,
                         GError **error)
{
  static const char sql[] =
    "SELECT " OUTBOX_COLUMNS " FROM actions a JOIN customers c ON c.id = a.customer_id"
    " WHERE a.id = ?";
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  RlOutboxItem *it = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, action_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    it = item_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _rl_book_sql_error (book, rc, error);
  else if (it == NULL)
    g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_NOT_FOUND, _("no action #%lld"),
                 (long long) action_id);
  return it;
}

/**
 * rl_book_outbox_ids:
 *
 * Returns: (transfer full) (element-type gint64): the e-mail and SMS actions in @state,
 *   oldest first
 */
GArray *
rl_book_outbox_ids (RlBook         *book,
                    RlActionState   state,
                    GError        **error)
{
  static const char sql[] =
    "SELECT id FROM actions WHERE state = ? AND channel IN ('email', 'sms') ORDER BY id";
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, rl_action_state_to_string (state), -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static gboolean
run_update (RlBook      *book,
            const char  *sql,
            gint64       id,
            const char  *text1,
            const char  *text2,
            GError     **error)
{
  sqlite3_stmt *stmt = _rl_book_stmt (book, sql, error);

  if (stmt == NULL)
    return FALSE;
  _rl_bind_text (stmt, 1, text1);
  _rl_bind_text (stmt, 2, text2);
  sqlite3_bind_int64 (stmt, 3, id);
  return _rl_book_step_done (book, stmt, error);
}

/**
 * rl_book_outbox_start_attempt:
 * @provider: the provider's id ("brevo", "postmark"…)
 * @out_idempotency_key: (out) (transfer full): the key of this send, the same for every
 *   attempt of it
 * @out_number: (out) (optional): the attempt's number, from 1
 *
 * Records that a request for the approved or sending action is about to leave; an approved
 * action becomes "sending" with a new idempotency key. Commit before sending the request.
 *
 * Returns: the attempt's id, or 0 with @error set
 */
gint64
rl_book_outbox_start_attempt (RlBook      *book,
                              gint64       action_id,
                              const char  *provider,
                              char       **out_idempotency_key,
                              guint       *out_number,
                              GError     **error)
{
  static const char key_sql[] =
    "UPDATE actions SET provider = ?1, idempotency_key = ?2 WHERE id = ?3";
  static const char insert_sql[] =
    "INSERT INTO delivery_attempts (action_id, provider, number, started_at)"
    " VALUES (?1, ?2, (SELECT coalesce (max (number), 0) + 1 FROM delivery_attempts"
    "                 WHERE action_id = ?1), ?3) RETURNING id, number";
  g_autoptr(RlOutboxItem) it = rl_book_get_outbox_item (book, action_id, error);
  g_autofree char *idem = NULL;
  sqlite3_stmt *stmt;
  gint64 attempt_id = 0;
  int rc;

  g_return_val_if_fail (provider != NULL && out_idempotency_key != NULL, 0);

  if (it == NULL)
    return 0;
  if (it->channel != RL_CHANNEL_EMAIL && it->channel != RL_CHANNEL_SMS)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("action #%lld is neither an e-mail nor an SMS"), (long long) action_id);
      return 0;
    }
  if (it->state == RL_ACTION_APPROVED)
    {
      idem = g_uuid_string_random ();
      if (!rl_book_set_action_state (book, action_id, RL_ACTION_SENDING, NULL,
                                     rl_day_today (), error)
          || !run_update (book, key_sql, action_id, provider, idem, error))
        return 0;
    }
  else if (it->state == RL_ACTION_SENDING)
    idem = g_strdup (it->idempotency_key);
  else
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("action #%lld is not approved (it is “%s”)"), (long long) action_id,
                   rl_action_state_label (it->state));
      return 0;
    }

  stmt = _rl_book_stmt (book, insert_sql, error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, action_id);
  sqlite3_bind_text (stmt, 2, provider, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      attempt_id = sqlite3_column_int64 (stmt, 0);
      if (out_number != NULL)
        *out_number = sqlite3_column_int (stmt, 1);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _rl_book_sql_error (book, rc, error);
      return 0;
    }
  *out_idempotency_key = g_steal_pointer (&idem);
  return attempt_id;
}

static const char *
outcome_to_string (RlAttemptOutcome outcome)
{
  static const char * const names[] = { "sent", "retry", "failed", "in_doubt" };

  return names[outcome];
}

/**
 * rl_book_outbox_end_attempt:
 * @http_status: the provider's answer, or 0 if none came
 * @message_id: (nullable): with %RL_ATTEMPT_SENT, the provider's id of the message
 * @error_text: (nullable): what went wrong, in words (the provider's message)
 * @on: the day, for a message sent
 *
 * Records how an attempt ended. Unless it is to be retried, the action ends with it: done
 * (with the provider's message id and the time), failed or in doubt, each written to the
 * audit log.
 */
gboolean
rl_book_outbox_end_attempt (RlBook            *book,
                            gint64             attempt_id,
                            RlAttemptOutcome   outcome,
                            int                http_status,
                            const char        *message_id,
                            const char        *error_text,
                            RlDay              on,
                            GError           **error)
{
  static const char attempt_sql[] =
    "UPDATE delivery_attempts SET finished_at = ?1, http_status = nullif (?2, 0), outcome = ?3,"
    " provider_message_id = ?4, error = ?5 WHERE id = ?6 AND outcome IS NULL"
    " RETURNING action_id, provider";
  static const char sent_sql[] =
    "UPDATE actions SET provider_message_id = ?1, sent_at = ?2 WHERE id = ?3";
  sqlite3_stmt *stmt = _rl_book_stmt (book, attempt_sql, error);
  g_autofree char *provider = NULL, *detail = NULL;
  gint64 action_id = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, _rl_book_now (book), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, http_status);
  sqlite3_bind_text (stmt, 3, outcome_to_string (outcome), -1, SQLITE_STATIC);
  _rl_bind_text (stmt, 4, message_id);
  _rl_bind_text (stmt, 5, error_text);
  sqlite3_bind_int64 (stmt, 6, attempt_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      action_id = sqlite3_column_int64 (stmt, 0);
      provider = _rl_column_text (stmt, 1);
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (book, rc, error);
  if (action_id == 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_STATE,
                   _("delivery attempt #%lld is unknown or already ended"), (long long) attempt_id);
      return FALSE;
    }

  switch (outcome)
    {
    case RL_ATTEMPT_RETRY:
      return TRUE;
    case RL_ATTEMPT_SENT:
      detail = g_strdup_printf ("%s: %s", provider, message_id ? message_id : "");
      return run_update (book, sent_sql, action_id, message_id, _rl_book_now (book), error)
             && rl_book_audit (book, "sent", "action", action_id, detail, error)
             && rl_book_set_action_state (book, action_id, RL_ACTION_DONE, NULL, on, error);
    case RL_ATTEMPT_FAILED:
      return rl_book_set_action_state (book, action_id, RL_ACTION_FAILED, error_text, on, error);
    case RL_ATTEMPT_IN_DOUBT:
    default:
      return rl_book_set_action_state (book, action_id, RL_ACTION_IN_DOUBT, error_text, on,
                                       error);
    }
}

/**
 * rl_book_outbox_interrupted:
 *
 * Puts in doubt an action found "sending" that cannot be resent safely: its last request may
 * have left before the dispatcher stopped.
 */
gboolean
rl_book_outbox_interrupted (RlBook  *book,
                            gint64   action_id,
                            RlDay    on,
                            GError **error)
{
  static const char sql[] =
    "UPDATE delivery_attempts SET outcome = 'in_doubt', finished_at = ?1, error = ?2"
    " WHERE action_id = ?3 AND outcome IS NULL";
  const char *why = _("the sending was interrupted: the message may have left");

  return run_update (book, sql, action_id, _rl_book_now (book), why, error)
         && rl_book_set_action_state (book, action_id, RL_ACTION_IN_DOUBT, why, on, error);
}

static void
add_addresses (GPtrArray  *out,
               const char *list)
{
  g_auto(GStrv) parts = NULL;

  if (list == NULL)
    return;
  parts = g_strsplit_set (list, ",;", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_ptr_array_add (out, g_strdup (parts[i]));
    }
}

/**
 * rl_book_outbox_recipient:
 * @out_addresses: (out) (transfer full): e-mail addresses, or one phone number for an SMS
 * @out_name: (out) (transfer full): whom to greet: the contact's name, else the customer's
 *
 * Finds where an e-mail or SMS goes: the first contact (primary first) with an address for the
 * channel, else the customer's own.
 *
 * Returns: %FALSE with RL_ENGINE_ERROR_INVALID if the customer has no address for @channel
 */
gboolean
rl_book_outbox_recipient (RlBook      *book,
                          gint64       customer_id,
                          RlChannel    channel,
                          char      ***out_addresses,
                          char       **out_name,
                          GError     **error)
{
  g_autoptr(RlCustomer) customer = rl_book_get_customer (book, customer_id, error);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *name = NULL;
  gboolean sms = channel == RL_CHANNEL_SMS;

  if (customer == NULL)
    return FALSE;
  contacts = rl_book_list_contacts (book, customer_id, error);
  if (contacts == NULL)
    return FALSE;
  for (guint i = 0; i < contacts->len && found->len == 0; i++)
    {
      RlContact *c = g_ptr_array_index (contacts, i);

      add_addresses (found, sms ? c->phone : c->email);
      if (found->len > 0)
        name = c->name;
    }
  if (found->len == 0)
    {
      add_addresses (found, sms ? customer->phone : customer->email);
      name = customer->name;
    }
  if (found->len == 0)
    {
      g_set_error (error, RL_ENGINE_ERROR, RL_ENGINE_ERROR_INVALID,
                   sms ? _("customer %s has no phone number") : _("customer %s has no e-mail address"),
                   customer->code);
      return FALSE;
    }
  if (sms)
    g_ptr_array_set_size (found, 1);
  g_ptr_array_add (found, NULL);
  *out_addresses = (char **) g_ptr_array_free (g_steal_pointer (&found), FALSE);
  *out_name = g_strdup (name != NULL && *name != '\0' ? name : customer->name);
  return TRUE;
}
