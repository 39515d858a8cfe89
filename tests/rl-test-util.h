/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "rl-book-private.h"
#include "rl-book.h"

G_BEGIN_DECLS

/* What the unit tests share: a scratch folder and a new book in it. */

typedef struct
{
  char   *dir;
  char   *path;
  RlBook *book;
} RlTestBook;

/* Removes a scratch folder and the files in it (books, their -wal and -shm, exports). */
static inline void
rl_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      g_remove (p);
    }
  g_rmdir (dir);
}

static inline void
rl_test_book_set_up (RlTestBook    *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("relance-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.relance", NULL);
  f->book = rl_book_open (f->path, RL_BOOK_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->book);
  rl_book_set_actor (f->book, "test");
}

static inline void
rl_test_book_tear_down (RlTestBook    *f,
                        gconstpointer  data)
{
  g_clear_object (&f->book);
  rl_test_remove_dir (f->dir);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

/* A day written in ISO 8601, that must be valid. */
static inline RlDay
rl_test_day (const char *iso)
{
  RlDay d = rl_day_from_iso (iso);

  g_assert_cmpuint (d, !=, RL_DAY_NONE);
  return d;
}

/* An invoice issued 30 days before it is due. */
static inline gint64
rl_test_add_invoice (RlBook     *book,
                     gint64      customer_id,
                     const char *number,
                     const char *due,
                     RlCents     amount)
{
  g_autoptr(RlInvoice) inv = rl_invoice_new ();
  g_autoptr(GError) error = NULL;

  inv->number = g_strdup (number);
  inv->customer_id = customer_id;
  inv->due_date = rl_test_day (due);
  inv->issue_date = inv->due_date - 30;
  inv->amount = amount;
  g_assert_true (rl_book_upsert_invoice (book, inv, 0, NULL, &error));
  g_assert_no_error (error);
  return inv->id;
}

/* A payment of @amount on @on that names @invoice, allocated to it. */
static inline void
rl_test_pay (RlBook     *book,
             gint64      customer_id,
             const char *invoice,
             const char *on,
             RlCents     amount)
{
  g_autoptr(RlPayment) p = rl_payment_new ();
  g_autoptr(GError) error = NULL;

  p->key = g_strdup_printf ("pay:%s:%s:%lld", invoice, on, (long long) amount);
  p->customer_id = customer_id;
  p->date = rl_test_day (on);
  p->amount = amount;
  p->invoice_number = g_strdup (invoice);
  g_assert_true (rl_book_upsert_payment (book, p, 0, NULL, &error));
  g_assert_true (rl_book_allocate_payment (book, p->id, RL_ALLOCATE_NAMED_ONLY, NULL, &error));
  g_assert_no_error (error);
}

/* A customer; @limit < 0: no credit limit. */
static inline gint64
rl_test_add_customer (RlBook     *book,
                      const char *code,
                      RlCents     limit)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(GError) error = NULL;

  c->code = g_strdup (code);
  c->name = g_strdup_printf ("Client %s", code);
  c->has_credit_limit = limit >= 0;
  c->credit_limit = MAX (limit, 0);
  g_assert_true (rl_book_upsert_customer (book, c, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c->id, >, 0);
  return c->id;
}

/* An invoice or a credit note, every field given. */
static inline gint64
rl_test_add_item (RlBook        *book,
                  gint64         customer_id,
                  RlInvoiceKind  kind,
                  const char    *number,
                  const char    *issue,
                  const char    *due,
                  RlCents        amount,
                  const char    *currency,
                  gboolean       cancelled)
{
  g_autoptr(RlInvoice) inv = rl_invoice_new ();
  g_autoptr(GError) error = NULL;

  inv->number = g_strdup (number);
  inv->customer_id = customer_id;
  inv->kind = kind;
  inv->issue_date = rl_test_day (issue);
  inv->due_date = rl_test_day (due);
  inv->currency = g_strdup (currency);
  inv->amount = amount;
  inv->cancelled = cancelled;
  g_assert_true (rl_book_upsert_invoice (book, inv, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (inv->id, >, 0);
  return inv->id;
}

/* A payment, not applied; @customer_id 0: a payer not known yet. */
static inline gint64
rl_test_add_payment (RlBook     *book,
                     gint64      customer_id,
                     const char *key,
                     const char *date,
                     RlCents     amount,
                     const char *currency)
{
  g_autoptr(RlPayment) p = rl_payment_new ();
  g_autoptr(GError) error = NULL;

  p->key = g_strdup (key);
  p->customer_id = customer_id;
  p->date = rl_test_day (date);
  p->amount = amount;
  p->currency = g_strdup (currency);
  g_assert_true (rl_book_upsert_payment (book, p, 0, NULL, &error));
  g_assert_no_error (error);
  return p->id;
}

/* Runs SQL that must succeed: for what only SQL does to a book. */
static inline void
rl_test_exec (RlBook     *book,
              const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_rl_book_exec (book, sql, &error));
  g_assert_no_error (error);
}

/* Applies @amount of a payment or of a credit note to an invoice on @date. */
static inline void
rl_test_allocate (RlBook     *book,
                  gint64      payment_id,
                  gint64      credit_note_id,
                  gint64      invoice_id,
                  RlCents     amount,
                  const char *date)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rl_book_allocate (book, payment_id, credit_note_id, invoice_id, amount,
                                   rl_test_day (date), &error));
  g_assert_no_error (error);
}

G_END_DECLS
