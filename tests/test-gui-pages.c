/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Paged, sorted and filtered reads of the book, and the list model the app builds on them. */
#include "config.h"

#include "rl-book-pages.h"
#include "rl-book-private.h"
#include "rl-engine.h"
#include "rl-page-model.h"
#include "rl-test-util.h"

typedef RlTestBook Fixture;

typedef struct
{
  gint64 alpha, beta, gamma;
  gint64 a1, a2, a3, b1;
} Ids;

static RlDay as_of;

static gint64
add_customer (RlBook     *book,
              const char *code,
              const char *name,
              const char *assigned_to,
              RlCents     limit)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();

  c->code = g_strdup (code);
  c->name = g_strdup (name);
  c->assigned_to = g_strdup (assigned_to);
  c->has_credit_limit = limit > 0;
  c->credit_limit = limit;
  g_assert_true (rl_book_upsert_customer (book, c, 0, NULL, NULL));
  return c->id;
}

/* Alpha owes a lot and is over its limit, with an invoice in dispute; Beta owes a little, is
 * on hold and very risky; Gamma (with LIKE wildcards in its name) owes nothing. */
static void
fill (RlBook *book,
      Ids    *ids)
{
  as_of = rl_test_day ("2026-06-30");
  ids->alpha = add_customer (book, "C1", "Alpha", "Nadia", 50000);
  ids->beta = add_customer (book, "C2", "Beta", "Julien", 0);
  ids->gamma = add_customer (book, "C3", "Gamma_%", NULL, 0);
  ids->a1 = rl_test_add_invoice (book, ids->alpha, "A1", "2026-05-01", 100000);
  ids->a2 = rl_test_add_invoice (book, ids->alpha, "A2", "2026-07-05", 20000);
  ids->a3 = rl_test_add_invoice (book, ids->alpha, "A3", "2026-01-01", 30000);
  rl_test_pay (book, ids->alpha, "A3", "2025-12-20", 30000);
  ids->b1 = rl_test_add_invoice (book, ids->beta, "B1", "2026-06-20", 5000);
  g_assert_true (_rl_book_exec (book, "UPDATE customers SET risk_class = 'D', risk_score = 20"
                                      " WHERE code = 'C2'", NULL));
  g_assert_cmpint (rl_book_add_hold (book, ids->beta, 0, "Négociation", rl_test_day ("2026-06-01"),
                                     RL_DAY_NONE, NULL), >, 0);
  g_assert_cmpint (rl_book_open_dispute (book, ids->a1, "Livraison incomplète",
                                         rl_test_day ("2026-06-15"), rl_test_day ("2026-07-10"),
                                         NULL), >, 0);
}

static char *
codes (GPtrArray *rows,
       gboolean   invoices)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "",
                            invoices ? ((RlInvoiceRow *) rows->pdata[i])->number
                                     : ((RlCustomerRow *) rows->pdata[i])->code);
  return g_strdup (s->str);
}

/* Checks the rows a query gives, in order, and that the count agrees. */
static void
check_rows (RlBook            *book,
            const RlListQuery *query,
            gboolean           invoices,
            const char        *expected)
{
  RlListQuery q = *query;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *got = NULL;

  q.as_of = as_of;
  rows = invoices ? rl_book_invoice_rows (book, &q, 0, 100, &error)
                  : rl_book_customer_rows (book, &q, 0, 100, &error);
  g_assert_no_error (error);
  got = codes (rows, invoices);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpint (invoices ? rl_book_count_invoice_rows (book, &q, NULL)
                            : rl_book_count_customer_rows (book, &q, NULL), ==, rows->len);
}

static void
test_customer_filters (Fixture       *f,
                       gconstpointer  data)
{
  static const struct
  {
    RlListQuery  query;
    const char  *codes;
  } cases[] = {
    { { .sort = RL_LIST_SORT_CODE }, "C1,C2,C3" },
    { { .sort = RL_LIST_SORT_CODE, .descending = TRUE }, "C3,C2,C1" },
    { { .sort = RL_LIST_SORT_OUTSTANDING, .descending = TRUE }, "C1,C2,C3" },
    { { .sort = RL_LIST_SORT_RISK }, "C2,C1,C3" },
    { { .sort = RL_LIST_SORT_NAME, .descending = TRUE }, "C3,C2,C1" },
    { { .overdue_only = TRUE }, "C1,C2" },
    { { .open_only = TRUE }, "C1,C2" },
    { { .risk_class = 'D' }, "C2" },
    { { .assigned_to = (char *) "Nadia" }, "C1" },
    { { .on_hold_only = TRUE }, "C2" },
    { { .over_limit_only = TRUE }, "C1" },
    { { .search = (char *) "alp" }, "C1" },
    { { .search = (char *) "_%" }, "C3" },
    { { .search = (char *) "c2" }, "C2" },
    { { .search = (char *) "zzz" }, "" },
    { { .customer_id = -1 }, "" },
  };
  Ids ids;

  fill (f->book, &ids);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_rows (f->book, &cases[i].query, FALSE, cases[i].codes);
}

static void
test_customer_figures (Fixture       *f,
                       gconstpointer  data)
{
  RlListQuery q = { .as_of = as_of };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) page = NULL;
  RlCustomerRow *alpha, *beta;
  Ids ids;

  fill (f->book, &ids);
  q.as_of = as_of;
  rows = rl_book_customer_rows (f->book, &q, 0, 10, NULL);
  alpha = rows->pdata[0];
  beta = rows->pdata[1];
  g_assert_cmpint (alpha->outstanding, ==, 120000);
  g_assert_cmpint (alpha->overdue, ==, 100000);
  g_assert_cmpuint (alpha->n_open, ==, 2);
  g_assert_true (alpha->has_credit_limit);
  g_assert_cmpint (alpha->credit_limit, ==, 50000);
  g_assert_false (alpha->on_hold);
  g_assert_cmpint (alpha->risk_class, ==, 0);
  g_assert_cmpint (alpha->risk_score, ==, -1);
  g_assert_cmpstr (alpha->assigned_to, ==, "Nadia");
  g_assert_true (beta->on_hold);
  g_assert_cmpint (beta->risk_class, ==, 'D');
  g_assert_cmpint (beta->risk_score, ==, 20);
  g_assert_false (beta->has_credit_limit);
  /* Pages: the second row alone. */
  page = rl_book_customer_rows (f->book, &q, 1, 1, NULL);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpstr (((RlCustomerRow *) page->pdata[0])->code, ==, "C2");
}

/* Credit notes sort by amount and by what is left as the list shows them, below zero; a
 * cancelled invoice has nothing left. */
static void
test_invoice_sorts_signed (Fixture       *f,
                           gconstpointer  data)
{
  struct
  {
    RlListQuery  query;
    const char  *numbers;
  } cases[] = {
    { { .sort = RL_LIST_SORT_AMOUNT }, "AV1,AV2,F1,X1,F2" },
    { { .sort = RL_LIST_SORT_AMOUNT, .descending = TRUE }, "F2,X1,F1,AV2,AV1" },
    { { .sort = RL_LIST_SORT_OUTSTANDING }, "AV1,AV2,X1,F1,F2" },
    { { .sort = RL_LIST_SORT_OUTSTANDING, .descending = TRUE }, "F2,F1,X1,AV2,AV1" },
  };
  gint64 customer = rl_test_add_customer (f->book, "C1", -1);
  gint64 av2, f1;

  as_of = rl_test_day ("2026-06-30");
  rl_test_add_item (f->book, customer, RL_INVOICE_KIND_CREDIT_NOTE, "AV1", "2026-05-01",
                    "2026-05-01", 50000, "EUR", FALSE);
  av2 = rl_test_add_item (f->book, customer, RL_INVOICE_KIND_CREDIT_NOTE, "AV2", "2026-05-02",
                          "2026-05-02", 8000, "EUR", FALSE);
  f1 = rl_test_add_item (f->book, customer, RL_INVOICE_KIND_INVOICE, "F1", "2026-05-01",
                         "2026-05-31", 10000, "EUR", FALSE);
  rl_test_add_item (f->book, customer, RL_INVOICE_KIND_INVOICE, "F2", "2026-05-01", "2026-05-31",
                    90000, "EUR", FALSE);
  rl_test_add_item (f->book, customer, RL_INVOICE_KIND_INVOICE, "X1", "2026-05-01", "2026-05-31",
                    70000, "EUR", TRUE);
  /* 3,000 of AV2 set against F1: AV2 has 50 left, F1 70. */
  rl_test_allocate (f->book, 0, av2, f1, 3000, "2026-05-03");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_rows (f->book, &cases[i].query, TRUE, cases[i].numbers);
}

static void
test_invoice_filters (Fixture       *f,
                      gconstpointer  data)
{
  struct
  {
    RlListQuery  query;
    const char  *numbers;
  } cases[] = {
    { { .sort = RL_LIST_SORT_CODE }, "A1,A2,A3,B1" },
    { { .sort = RL_LIST_SORT_DUE_DATE }, "A3,A1,B1,A2" },
    { { .sort = RL_LIST_SORT_AMOUNT, .descending = TRUE }, "A1,A3,A2,B1" },
    { { .sort = RL_LIST_SORT_OUTSTANDING, .descending = TRUE }, "A1,A2,B1,A3" },
    { { .sort = RL_LIST_SORT_OVERDUE, .descending = TRUE }, "A3,A1,B1,A2" },
    { { .sort = RL_LIST_SORT_NAME, .descending = TRUE }, "B1,A3,A1,A2" },
    { { .overdue_only = TRUE }, "A1,B1" },
    { { .open_only = TRUE }, "A1,A2,B1" },
    { { .on_hold_only = TRUE }, "B1" },
    { { .risk_class = 'D' }, "B1" },
    { { .assigned_to = (char *) "Nadia", .open_only = TRUE }, "A1,A2" },
    { { .over_limit_only = TRUE }, "A1,A2,A3" },
    { { .search = (char *) "beta" }, "B1" },
    { { .search = (char *) "a2" }, "A2" },
    { { .due_from = 0 }, "A1,A2,A3,B1" },
  };
  Ids ids;

  fill (f->book, &ids);
  cases[G_N_ELEMENTS (cases) - 1].query.due_from = as_of;
  cases[G_N_ELEMENTS (cases) - 1].query.due_to = as_of + 14;
  cases[G_N_ELEMENTS (cases) - 1].numbers = "A2";
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_rows (f->book, &cases[i].query, TRUE, cases[i].numbers);
}

static void
test_invoice_figures (Fixture       *f,
                      gconstpointer  data)
{
  RlListQuery q = { .sort = RL_LIST_SORT_CODE };
  g_autoptr(GPtrArray) rows = NULL;
  RlInvoiceRow *a1, *a2, *a3;
  Ids ids;

  fill (f->book, &ids);
  q.as_of = as_of;
  rows = rl_book_invoice_rows (f->book, &q, 0, 10, NULL);
  a1 = rows->pdata[0];
  a2 = rows->pdata[1];
  a3 = rows->pdata[2];
  g_assert_cmpint (a1->days_late, ==, 60);
  g_assert_true (a1->in_dispute);
  g_assert_cmpstr (a1->customer_name, ==, "Alpha");
  g_assert_cmpint (a1->customer_id, ==, ids.alpha);
  g_assert_cmpint (a2->days_late, ==, 0);
  g_assert_false (a2->in_dispute);
  g_assert_cmpint (a3->status, ==, RL_INVOICE_STATUS_PAID);
  g_assert_cmpint (a3->remaining, ==, 0);
  g_assert_cmpint (a3->days_late, ==, 0);
  g_assert_cmpuint (a1->due_date, ==, rl_test_day ("2026-05-01"));
}

/* An open credit note is not late: it is the company that owes. */
static void
test_credit_note_never_late (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(RlInvoice) note = rl_invoice_new ();
  RlListQuery q = { .search = (char *) "AV1" };
  g_autoptr(GPtrArray) rows = NULL;
  RlInvoiceRow *r;
  Ids ids;

  fill (f->book, &ids);
  note->number = g_strdup ("AV1");
  note->customer_id = ids.alpha;
  note->kind = RL_INVOICE_KIND_CREDIT_NOTE;
  note->issue_date = note->due_date = rl_test_day ("2026-01-15");
  note->amount = 4000;
  g_assert_true (rl_book_upsert_invoice (f->book, note, 0, NULL, NULL));
  q.as_of = as_of;
  rows = rl_book_invoice_rows (f->book, &q, 0, 10, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  r = rows->pdata[0];
  g_assert_cmpint (r->kind, ==, RL_INVOICE_KIND_CREDIT_NOTE);
  g_assert_cmpint (r->status, ==, RL_INVOICE_STATUS_OPEN);
  g_assert_cmpint (r->days_late, ==, 0);
  q.search = NULL;
  q.overdue_only = TRUE;
  g_assert_cmpint (rl_book_count_invoice_rows (f->book, &q, NULL), ==, 2);
}

static void
test_timeline_disputes_dashboard (Fixture       *f,
                                  gconstpointer  data)
{
  static const char * const kinds[] = { "dispute", "invoice", "invoice", "payment", "invoice" };
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GPtrArray) disputes = NULL;
  g_autoptr(GPtrArray) assignees = NULL;
  RlDashboardFigures fig;
  RlDisputeRow *d;
  Ids ids;

  fill (f->book, &ids);
  timeline = rl_book_customer_timeline (f->book, ids.alpha, 50, NULL);
  g_assert_cmpuint (timeline->len, ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < timeline->len; i++)
    g_assert_cmpstr (((RlTimelineRow *) timeline->pdata[i])->kind, ==, kinds[i]);
  g_assert_cmpstr (((RlTimelineRow *) timeline->pdata[1])->detail, ==, "A2");
  g_assert_cmpint (((RlTimelineRow *) timeline->pdata[3])->amount, ==, 30000);
  g_clear_pointer (&timeline, g_ptr_array_unref);
  timeline = rl_book_customer_timeline (f->book, ids.alpha, 2, NULL);
  g_assert_cmpuint (timeline->len, ==, 2);

  disputes = rl_book_open_disputes (f->book, NULL);
  g_assert_cmpuint (disputes->len, ==, 1);
  d = disputes->pdata[0];
  g_assert_cmpstr (d->invoice_number, ==, "A1");
  g_assert_cmpstr (d->customer_code, ==, "C1");
  g_assert_cmpstr (d->reason, ==, "Livraison incomplète");
  g_assert_cmpuint (d->deadline, ==, rl_test_day ("2026-07-10"));
  g_assert_cmpint (d->remaining, ==, 100000);

  g_assert_true (rl_book_dashboard_figures (f->book, as_of, 14, &fig, NULL));
  g_assert_cmpint (fig.by_risk[4], ==, 120000);
  g_assert_cmpint (fig.by_risk[3], ==, 5000);
  g_assert_cmpint (fig.by_risk[0], ==, 0);
  g_assert_cmpint (fig.due_soon, ==, 20000);
  g_assert_cmpuint (fig.n_due_soon, ==, 1);
  for (int c = 0; c < RL_N_CHANNELS; c++)
    g_assert_cmpuint (fig.proposed[c], ==, 0);
  /* Proposed actions by channel; an approved one is not counted. The figures are kept for
   * the day until the book changes (every change writes the audit log). */
  g_assert_true (_rl_book_exec (f->book,
    "INSERT INTO actions (key, customer_id, channel, template, state, proposed_on,"
    "  state_changed_at, created_at) VALUES"
    " ('t1', 1, 'email', 'reminder', 'proposed', '2026-06-01', 'x', 'x'),"
    " ('t2', 1, 'email', 'reminder', 'proposed', '2026-06-01', 'x', 'x'),"
    " ('t3', 1, 'letter', 'final_notice', 'proposed', '2026-06-01', 'x', 'x'),"
    " ('t4', 1, 'sms', 'sms', 'approved', '2026-06-01', 'x', 'x')", NULL));
  g_assert_true (rl_book_dashboard_figures (f->book, as_of, 14, &fig, NULL));
  g_assert_cmpuint (fig.proposed[RL_CHANNEL_EMAIL], ==, 0);   /* kept: no change written */
  g_assert_true (rl_book_audit (f->book, "propose", "action", 1, NULL, NULL));
  g_assert_true (rl_book_dashboard_figures (f->book, as_of, 14, &fig, NULL));
  g_assert_cmpuint (fig.proposed[RL_CHANNEL_EMAIL], ==, 2);
  g_assert_cmpuint (fig.proposed[RL_CHANNEL_LETTER], ==, 1);
  g_assert_cmpuint (fig.proposed[RL_CHANNEL_SMS], ==, 0);
  g_assert_cmpint (fig.by_risk[4], ==, 120000);

  assignees = rl_book_list_assignees (f->book, NULL);
  g_assert_cmpuint (assignees->len, ==, 2);
  g_assert_cmpstr (assignees->pdata[0], ==, "Julien");
  g_assert_cmpstr (assignees->pdata[1], ==, "Nadia");
}

/* The list model, driven by the main loop as the app drives it. */

static void
spin_until_loaded (RlPageModel *model)
{
  while (rl_page_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static RlRowItem *
wait_for_row (RlPageModel *model,
              guint        position)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (30, on_timeout_cb, &timed_out);
  RlRowItem *item = g_list_model_get_item (G_LIST_MODEL (model), position);

  while (rl_row_item_get_row (item) == NULL && !timed_out)
    {
      g_main_context_iteration (NULL, TRUE);
      g_object_unref (item);
      item = g_list_model_get_item (G_LIST_MODEL (model), position);
    }
  g_assert_false (timed_out);
  g_source_remove (id);
  return item;
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  guint *changes = user_data;

  (*changes)++;
}

static void
on_row_read (GObject *object)
{
  int told = GPOINTER_TO_INT (g_object_get_data (object, "told"));

  g_object_set_data (object, "told", GINT_TO_POINTER (told + 1));
}

static void
test_page_model (Fixture       *f,
                 gconstpointer  data)
{
  guint n_invoices = 24 * RL_PAGE_MODEL_PAGE_SIZE + 150;
  RlListQuery q = { .sort = RL_LIST_SORT_CODE };
  g_autoptr(RlPageModel) model = NULL;
  g_autoptr(RlRowItem) first = NULL;
  g_autoptr(RlRowItem) last = NULL;
  g_autoptr(RlRowItem) placeholder = NULL;
  gint64 customer;
  guint changes = 0;

  customer = add_customer (f->book, "C1", "Alpha", NULL, 0);
  g_assert_true (rl_book_begin (f->book, NULL));
  for (guint i = 0; i < n_invoices; i++)
    {
      g_autofree char *number = g_strdup_printf ("F%05u", i);

      rl_test_add_invoice (f->book, customer, number, "2026-01-31", 1000 + i);
    }
  g_assert_true (rl_book_commit (f->book, NULL));

  model = rl_page_model_new (RL_LIST_INVOICES, f->path);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == RL_TYPE_ROW_ITEM);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &changes);
  q.as_of = as_of = rl_test_day ("2026-06-30");
  rl_page_model_set_query (model, &q);
  g_assert_true (rl_page_model_get_loading (model));
  /* The rows counted appear a few at a time (a list view makes widgets for the first ones
   * at once), the first of them already read, and the list is loaded once they all have. A
   * row asked for meanwhile is in a page as long as the rows counted. */
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rl_page_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, 100);
  g_assert_cmpuint (rl_page_model_get_count (model), ==, n_invoices);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (((const RlInvoiceRow *) rl_row_item_get_row (first))->number, ==, "F00000");
  changes = 0;
  spin_until_loaded (model);
  g_assert_cmpuint (changes, >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_invoices);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n_invoices));
  g_object_unref (wait_for_row (model, RL_PAGE_MODEL_PAGE_SIZE - 1));

  /* A row not read yet is a placeholder, replaced when its page arrives: those waiting for
   * it are told once, those that stopped waiting are not. */
  placeholder = g_list_model_get_item (G_LIST_MODEL (model), n_invoices - 1);
  g_assert_null (rl_row_item_get_row (placeholder));
  g_assert_cmpint (rl_row_item_get_id (placeholder), ==, 0);
  {
    g_autoptr(GObject) waiting = g_object_new (G_TYPE_OBJECT, NULL);
    g_autoptr(GObject) gone = g_object_new (G_TYPE_OBJECT, NULL);

    rl_row_item_wait (placeholder, on_row_read, waiting);
    rl_row_item_wait (placeholder, on_row_read, gone);
    rl_row_item_unwait (placeholder, gone);
    last = wait_for_row (model, n_invoices - 1);
    g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (waiting, "told")), ==, 1);
    g_assert_null (g_object_get_data (gone, "told"));
    /* Let go of once told. */
    g_assert_cmpuint (G_OBJECT (waiting)->ref_count, ==, 1);
  }
  g_assert_true (last == placeholder);
  g_assert_cmpstr (((const RlInvoiceRow *) rl_row_item_get_row (last))->number, ==,
                   "F04949");
  g_assert_cmpint (rl_row_item_get_kind (last), ==, RL_LIST_INVOICES);

  /* Reading every page keeps a bounded number of them. */
  for (guint pos = 0; pos < n_invoices; pos += RL_PAGE_MODEL_PAGE_SIZE)
    g_object_unref (wait_for_row (model, pos));
  g_assert_cmpuint (rl_page_model_get_n_pages_cached (model), <=, 24);

  /* The same query again does nothing; a new one forgets the old answers. */
  changes = 0;
  rl_page_model_set_query (model, &q);
  g_assert_false (rl_page_model_get_loading (model));
  g_assert_cmpuint (changes, ==, 0);
  q.search = (char *) "F0001";
  rl_page_model_set_query (model, &q);
  q.search = (char *) "F000";
  rl_page_model_set_query (model, &q);
  spin_until_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_cmpstr (rl_page_model_get_query (model)->search, ==, "F000");
  g_clear_object (&first);
  first = wait_for_row (model, 99);
  g_assert_cmpstr (((const RlInvoiceRow *) rl_row_item_get_row (first))->number, ==, "F00099");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/relance/gui-pages/" path, Fixture, NULL, rl_test_book_set_up, func, \
              rl_test_book_tear_down)
  ADD ("customer-filters", test_customer_filters);
  ADD ("customer-figures", test_customer_figures);
  ADD ("invoice-filters", test_invoice_filters);
  ADD ("invoice-sorts-signed", test_invoice_sorts_signed);
  ADD ("invoice-figures", test_invoice_figures);
  ADD ("credit-note-never-late", test_credit_note_never_late);
  ADD ("timeline-disputes-dashboard", test_timeline_disputes_dashboard);
  ADD ("page-model", test_page_model);
#undef ADD
  return g_test_run ();
}
