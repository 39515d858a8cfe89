/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

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

G_END_DECLS
