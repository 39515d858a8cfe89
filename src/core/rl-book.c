/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-book"

#include "config.h"

#include "rl-book.h"

#include "rl-book-private.h"
#include "rl-book-schema.h"
#include "rl-error.h"

/* How long a connection waits for another one's write transaction before it gives up. */
#define BUSY_TIMEOUT_MS 5000

struct _RlBook
{
  GObject      parent_instance;

  char        *path;
  char        *actor;
  sqlite3     *db;
  GHashTable  *stmts;      /* const char *sql (static) -> sqlite3_stmt * */
  int          schema_version;
  guint        in_transaction : 1;
  guint        bulk : 1;
  guint        trusted : 1;
  gboolean     bulk_foreign_keys;
  GPtrArray   *bulk_indexes;   /* CREATE INDEX and TRIGGER statements to run again at commit */
  guint        fill_invoice_totals : 1;  /* at commit, the totals of migration 10 to compute */
  guint        fill_payment_totals : 1;  /* again, their triggers dropped by a bulk load */
  char         now[24];        /* the transaction's timestamp */
  int          busy_timeout_ms;
};

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (RlBook, rl_book, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

/* RELANCE_SQL_PROFILE=1: the time each statement took in all, printed on standard error when
 * the book is closed (a developer's tool, to see where a command spends its time). */
typedef struct
{
  guint64 ns;
  guint   calls;
} SqlCost;

static GHashTable *sql_profile;   /* SQL text → SqlCost */
G_LOCK_DEFINE_STATIC (sql_profile);

static int
profile_statement (unsigned  type,
                   void     *data,
                   void     *p,
                   void     *x)
{
  const char *sql = sqlite3_sql (p);
  SqlCost *cost;

  if (type != SQLITE_TRACE_PROFILE || sql == NULL)
    return 0;
  G_LOCK (sql_profile);
  if (sql_profile == NULL)
    sql_profile = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cost = g_hash_table_lookup (sql_profile, sql);
  if (cost == NULL)
    g_hash_table_insert (sql_profile, g_strdup (sql), cost = g_new0 (SqlCost, 1));
  cost->ns += *(sqlite3_int64 *) x;
  cost->calls++;
  G_UNLOCK (sql_profile);
  return 0;
}

static int
compare_costs (gconstpointer a,
               gconstpointer b,
               gpointer      table)
{
  const SqlCost *x = g_hash_table_lookup (table, *(char **) a);
  const SqlCost *y = g_hash_table_lookup (table, *(char **) b);

  return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

static void
print_profile (void)
{
  g_autofree gpointer *keys = NULL;
  guint n;

  G_LOCK (sql_profile);
  if (sql_profile != NULL)
    {
      keys = g_hash_table_get_keys_as_array (sql_profile, &n);
      g_qsort_with_data (keys, n, sizeof *keys, compare_costs, sql_profile);
      for (guint i = 0; i < n && i < 25; i++)
        {
          const SqlCost *c = g_hash_table_lookup (sql_profile, keys[i]);

          g_printerr ("%8.3f s %8u× %.150s\n", c->ns / 1e9, c->calls, (char *) keys[i]);
        }
      g_clear_pointer (&sql_profile, g_hash_table_unref);
    }
  G_UNLOCK (sql_profile);
}

static void
rl_book_finalize (GObject *object)
{
  RlBook *self = (RlBook *) object;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->bulk_indexes, g_ptr_array_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
      if (g_getenv ("RELANCE_SQL_PROFILE") != NULL)
        print_profile ();
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->actor, g_free);

  G_OBJECT_CLASS (rl_book_parent_class)->finalize (object);
}

static void
rl_book_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  RlBook *self = RL_BOOK (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_book_class_init (RlBookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rl_book_finalize;
  object_class->get_property = rl_book_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rl_book_init (RlBook *self)
{
  self->stmts = g_hash_table_new_full (NULL, NULL, NULL, finalize_stmt);
  self->actor = g_strdup_printf ("user:%s", g_get_user_name ());
}

/* Internals */

sqlite3 *
_rl_book_get_db (RlBook *self)
{
  return self->db;
}

gboolean
_rl_book_sql_error (RlBook  *self,
                    int      rc,
                    GError **error)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = RL_BOOK_ERROR_CONSTRAINT;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = RL_BOOK_ERROR_OPEN;
      break;
    default:
      code = RL_BOOK_ERROR_SQL;
    }
  g_set_error (error, RL_BOOK_ERROR, code, "%s: %s", self->path,
               self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

/* Returns a cached prepared statement for @sql, reset and with its bindings cleared. @sql must
 * be a string with static storage: the cache is keyed by its address. */
sqlite3_stmt *
_rl_book_stmt (RlBook      *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_critical ("cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      _rl_book_sql_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

/* Steps a cached statement that returns no row, and resets it. */
gboolean
_rl_book_step_done (RlBook        *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}

gboolean
_rl_book_exec (RlBook      *self,
               const char  *sql,
               GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _rl_book_sql_error (self, rc, error);
  return TRUE;
}

void
_rl_bind_text (sqlite3_stmt *stmt,
               int           index,
               const char   *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

void
_rl_bind_day (sqlite3_stmt *stmt,
              int           index,
              RlDay         day)
{
  char buf[11];

  if (day == RL_DAY_NONE)
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  rl_day_to_iso_buf (day, buf);
  sqlite3_bind_text (stmt, index, buf, 10, SQLITE_TRANSIENT);
}

char *
_rl_column_text (sqlite3_stmt *stmt,
                 int           col)
{
  const unsigned char *t = sqlite3_column_text (stmt, col);

  return t ? g_strdup ((const char *) t) : NULL;
}

RlDay
_rl_column_day (sqlite3_stmt *stmt,
                int           col)
{
  return rl_day_from_iso ((const char *) sqlite3_column_text (stmt, col));
}

char *
_rl_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* The time to stamp on rows and audit lines: within a transaction, the time it began, so that
 * one change has one time (and a million-row import does not read the clock a million times). */
const char *
_rl_book_now (RlBook *self)
{
  if (!self->in_transaction || self->now[0] == '\0')
    {
      g_autofree char *now = _rl_now_iso ();

      g_strlcpy (self->now, now, sizeof self->now);
    }
  return self->now;
}

/* Connects @self, just made by rl-book-open.c, to its file at @path, which exists: the
 * connection's settings that do not depend on what the file holds. */
gboolean
_rl_book_connect (RlBook      *self,
                  const char  *path,
                  GError     **error)
{
  int rc;

  self->path = g_strdup (path);
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    return _rl_book_sql_error (self, rc, error);
  sqlite3_extended_result_codes (self->db, 1);
  self->busy_timeout_ms = BUSY_TIMEOUT_MS;
  sqlite3_busy_timeout (self->db, self->busy_timeout_ms);
  if (g_getenv ("RELANCE_SQL_PROFILE") != NULL)
    sqlite3_trace_v2 (self->db, SQLITE_TRACE_PROFILE, profile_statement, NULL);
  return TRUE;
}

void
_rl_book_set_schema_version (RlBook *self,
                             int     version)
{
  self->schema_version = version;
}

/* Properties */

const char *
rl_book_get_path (RlBook *self)
{
  g_return_val_if_fail (RL_IS_BOOK (self), NULL);
  return self->path;
}

int
rl_book_get_schema_version (RlBook *self)
{
  g_return_val_if_fail (RL_IS_BOOK (self), -1);
  return self->schema_version;
}

/**
 * rl_book_set_actor:
 * @actor: who makes the next changes, as the audit log records it ("user:anne", "cli:anne")
 */
void
rl_book_set_actor (RlBook     *self,
                   const char *actor)
{
  g_return_if_fail (RL_IS_BOOK (self));
  g_return_if_fail (actor != NULL);
  g_free (self->actor);
  self->actor = g_strdup (actor);
}

/**
 * rl_book_set_busy_timeout:
 * @ms: how long a statement waits for another connection's lock before it fails with
 *   "database is locked" (5 s unless set)
 *
 * For a connection of a worker thread, which may wait longer than the main thread could.
 */
void
rl_book_set_busy_timeout (RlBook *self,
                          guint   ms)
{
  g_return_if_fail (RL_IS_BOOK (self));
  self->busy_timeout_ms = (int) MIN (ms, (guint) G_MAXINT);
  sqlite3_busy_timeout (self->db, self->busy_timeout_ms);
}

const char *
rl_book_get_actor (RlBook *self)
{
  g_return_val_if_fail (RL_IS_BOOK (self), NULL);
  return self->actor;
}

/* Transactions */

gboolean
rl_book_begin (RlBook  *self,
               GError **error)
{
  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!_rl_book_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->now[0] = '\0';
  _rl_book_now (self);
  self->in_transaction = TRUE;
  return TRUE;
}

/* The first column of the first row of @sql (a static string), or 0 when there is no row or
 * the statement fails: for marks and counts that are only compared. */
gint64
_rl_book_query_int64 (RlBook     *self,
                      const char *sql)
{
  sqlite3_stmt *stmt = _rl_book_stmt (self, sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Begins a write transaction only if no other connection is writing: for work that may as
 * well be skipped (a cache), which must not wait for a long import or run. */
gboolean
_rl_book_try_begin (RlBook *self)
{
  int rc;

  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  sqlite3_busy_timeout (self->db, 0);
  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  sqlite3_busy_timeout (self->db, self->busy_timeout_ms);
  if (rc != SQLITE_OK)
    return FALSE;
  self->now[0] = '\0';
  _rl_book_now (self);
  self->in_transaction = TRUE;
  return TRUE;
}

static gboolean
foreign_keys_enabled (RlBook *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean on = TRUE;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA foreign_keys", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    on = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_finalize (stmt);
  return on;
}

static void
end_bulk (RlBook *self)
{
  if (!self->bulk)
    return;
  self->bulk = FALSE;
  g_clear_pointer (&self->bulk_indexes, g_ptr_array_unref);
  self->fill_invoice_totals = self->fill_payment_totals = FALSE;
  sqlite3_exec (self->db, self->bulk_foreign_keys ? "PRAGMA foreign_keys = ON"
                                                  : "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
  if (self->trusted)
    sqlite3_exec (self->db, "PRAGMA ignore_check_constraints = OFF; PRAGMA mmap_size = 0", NULL,
                  NULL, NULL);
  self->trusted = FALSE;
}

/**
 * rl_book_begin_bulk:
 * @tables: (array zero-terminated=1): the tables about to receive many rows
 *
 * Begins a transaction for loading many rows at once: the secondary indexes of @tables are
 * dropped, to be rebuilt from their own definitions by rl_book_commit() (a rollback brings them
 * back as they were), and foreign keys are not checked until the transaction ends — the caller
 * takes every reference from the book itself. Several times faster than row-by-row index
 * upkeep when the rows loaded are many compared with those already there; a loss otherwise.
 * Queries by the dropped indexes become scans meanwhile: do not use it for work that needs them.
 * The triggers that keep the totals (migration 10) of @tables are dropped the same way and the
 * totals computed again once by rl_book_commit(); until then, the aged balance reads every row.
 */
gboolean
rl_book_begin_bulk (RlBook             *self,
                    const char * const *tables,
                    GError            **error)
{
  /* The totals' triggers go too (migration 10): the totals are computed again once at the
   * end, which costs a pass over the table instead of a few updates per row. */
  static const char sql[] =
    "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name = ?"
    " AND (type = 'index' OR (type = 'trigger' AND name GLOB 'totals_*')) ORDER BY type, name";
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  /* The setting only takes effect outside a transaction. */
  self->bulk_foreign_keys = foreign_keys_enabled (self);
  sqlite3_exec (self->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
  self->bulk = TRUE;
  self->bulk_indexes = g_ptr_array_new_with_free_func (g_free);
  if (!rl_book_begin (self, error))
    {
      end_bulk (self);
      return FALSE;
    }

  for (gsize t = 0; tables[t] != NULL; t++)
    {
      sqlite3_stmt *stmt = _rl_book_stmt (self, sql, error);
      int rc;

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, tables[t], -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *type = (const char *) sqlite3_column_text (stmt, 0);

          g_ptr_array_add (names, g_strdup_printf ("%s \"%s\"", g_str_equal (type, "index")
                                                   ? "INDEX" : "TRIGGER",
                                                   sqlite3_column_text (stmt, 1)));
          g_ptr_array_add (self->bulk_indexes, _rl_column_text (stmt, 2));
          if (g_str_equal (type, "trigger") && g_str_equal (tables[t], "invoices"))
            self->fill_invoice_totals = TRUE;
          else if (g_str_equal (type, "trigger"))
            self->fill_payment_totals = TRUE;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _rl_book_sql_error (self, rc, error);
          goto fail;
        }
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *drop = g_strconcat ("DROP ", (char *) names->pdata[i], NULL);

      if (!_rl_book_exec (self, drop, error))
        goto fail;
    }
  return TRUE;

fail:
  rl_book_rollback (self);
  return FALSE;
}

/* A transaction for work whose rows are made by the code from rows it read in the same
 * transaction and from constants (the engine's run): foreign keys and CHECK constraints are
 * not evaluated row by row. Both settings only take effect outside a transaction; they expire
 * the prepared statements, which SQLite prepares again without (then with) the checks. */
gboolean
_rl_book_begin_trusted (RlBook  *self,
                        GError **error)
{
  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  self->bulk_foreign_keys = foreign_keys_enabled (self);
  sqlite3_exec (self->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
  sqlite3_exec (self->db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL);
  /* Such work reads rows all over the book (a customer's invoices, one customer after the
   * other): mapping the file saves a system call and a copy per page. Only for its duration,
   * so that a long-lived connection (the app's) does not keep the whole book mapped. */
  sqlite3_exec (self->db, "PRAGMA mmap_size = 1073741824", NULL, NULL, NULL);
  self->bulk = TRUE;
  self->trusted = TRUE;
  self->bulk_indexes = g_ptr_array_new_with_free_func (g_free);
  if (!rl_book_begin (self, error))
    {
      end_bulk (self);
      return FALSE;
    }
  return TRUE;
}

/* Whether the totals kept by triggers (migration 10) cannot be read now: in a bulk load that
 * dropped their triggers (they are behind the rows) or the indexes read with them, until it
 * commits. */
gboolean
_rl_book_totals_stale (RlBook *self)
{
  g_return_val_if_fail (RL_IS_BOOK (self), TRUE);
  return self->bulk && self->bulk_indexes != NULL && self->bulk_indexes->len > 0;
}

gboolean
rl_book_in_bulk (RlBook *self)
{
  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  return self->bulk;
}

gboolean
rl_book_commit (RlBook  *self,
                GError **error)
{
  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  for (guint i = 0; self->bulk && i < self->bulk_indexes->len; i++)
    {
      if (!_rl_book_exec (self, self->bulk_indexes->pdata[i], error))
        {
          rl_book_rollback (self);
          return FALSE;
        }
    }
  if ((self->fill_invoice_totals && !_rl_book_fill_invoice_totals (self, error))
      || (self->fill_payment_totals
          && !_rl_book_exec (self, _rl_book_schema_totals_fill ("payments"), error)))
    {
      rl_book_rollback (self);
      return FALSE;
    }
  if (!_rl_book_exec (self, "COMMIT", error))
    {
      rl_book_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  end_bulk (self);
  return TRUE;
}

void
rl_book_rollback (RlBook *self)
{
  g_return_if_fail (RL_IS_BOOK (self));

  if (!self->in_transaction)
    return;
  /* Statements still stepping would keep the rollback from completing. */
  {
    GHashTableIter iter;
    gpointer stmt;

    g_hash_table_iter_init (&iter, self->stmts);
    while (g_hash_table_iter_next (&iter, NULL, &stmt))
      sqlite3_reset (stmt);
  }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
  end_bulk (self);
}

/* Savepoints let a bulk change undo one bad row and keep the others. @name must be a plain
 * identifier. */
gboolean
rl_book_savepoint (RlBook      *self,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SAVEPOINT %s", name);

  return _rl_book_exec (self, sql, error);
}

gboolean
rl_book_release (RlBook      *self,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("RELEASE %s", name);

  return _rl_book_exec (self, sql, error);
}

void
rl_book_rollback_to (RlBook     *self,
                     const char *name)
{
  g_autofree char *sql = g_strdup_printf ("ROLLBACK TO %s; RELEASE %s", name, name);

  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

gboolean
rl_book_in_transaction (RlBook *self)
{
  g_return_val_if_fail (RL_IS_BOOK (self), FALSE);
  return self->in_transaction;
}
