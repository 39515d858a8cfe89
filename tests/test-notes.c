/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rl-book-notes.h"
#include "rl-book-pages.h"
#include "rl-error.h"
#include "rl-test-util.h"

typedef RlTestBook Fixture;

/* Installments: equal whole cents, the last one takes the rounding; dates by the period. */
typedef struct
{
  RlCents   total;
  guint     n;
  const char *first;
  RlPeriod  period;
  RlCents   expect_first;   /* every installment but the last */
  RlCents   expect_last;
  const char *expect_second_day;
  const char *expect_last_day;
} SplitCase;

static const SplitCase split_cases[] = {
  { 100000, 4, "2026-01-15", RL_PERIOD_MONTH, 25000, 25000, "2026-02-15", "2026-04-15" },
  { 100000, 3, "2026-01-31", RL_PERIOD_MONTH, 33333, 33334, "2026-02-28", "2026-03-31" },
  { 1001, 2, "2026-03-02", RL_PERIOD_WEEK, 500, 501, "2026-03-09", "2026-03-09" },
  { 99999, 7, "2026-12-20", RL_PERIOD_FORTNIGHT, 14285, 14289, "2027-01-03", "2027-03-14" },
  { 50000, 2, "2026-11-30", RL_PERIOD_QUARTER, 25000, 25000, "2027-02-28", "2027-02-28" },
  { 7, 1, "2026-05-05", RL_PERIOD_MONTH, 7, 7, NULL, "2026-05-05" },
  { 3, 3, "2026-05-05", RL_PERIOD_MONTH, 1, 1, "2026-06-05", "2026-07-05" },
};

static void
test_split (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (split_cases); c++)
    {
      const SplitCase *k = &split_cases[c];
      g_autofree RlDay *days = g_new0 (RlDay, k->n);
      g_autofree RlCents *amounts = g_new0 (RlCents, k->n);
      g_autoptr(GError) error = NULL;
      RlCents sum = 0;

      g_test_message ("case %u", c);
      g_assert_true (rl_installments_split (k->total, k->n, rl_day_from_iso (k->first), k->period,
                                            days, amounts, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < k->n; i++)
        {
          sum += amounts[i];
          g_assert_cmpint (amounts[i], ==, i + 1 < k->n ? k->expect_first : k->expect_last);
          if (i > 0)
            g_assert_cmpuint (days[i], >, days[i - 1]);
        }
      g_assert_cmpint (sum, ==, k->total);
      g_assert_cmpuint (days[0], ==, rl_day_from_iso (k->first));
      if (k->expect_second_day != NULL)
        g_assert_cmpuint (days[1], ==, rl_day_from_iso (k->expect_second_day));
      g_assert_cmpuint (days[k->n - 1], ==, rl_day_from_iso (k->expect_last_day));
    }
}

/* What cannot be split says why and writes nothing. */
static void
test_split_invalid (void)
{
  static const struct { RlCents total; guint n; RlDay first; } cases[] = {
    { 0, 3, 739000 },
    { -500, 2, 739000 },
    { 10000, 0, 739000 },
    { 10000, RL_INSTALLMENTS_MAX + 1, 739000 },
    { 2, 3, 739000 },
    { 10000, 2, RL_DAY_NONE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      RlDay days[RL_INSTALLMENTS_MAX + 1] = { 0 };
      RlCents amounts[RL_INSTALLMENTS_MAX + 1] = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_false (rl_installments_split (cases[c].total, cases[c].n, cases[c].first,
                                             RL_PERIOD_MONTH, days, amounts, &error));
      g_assert_error (error, RL_BOOK_ERROR, RL_BOOK_ERROR_INVALID);
      g_assert_cmpint (amounts[0], ==, 0);
    }
}

static gint64
add_customer (RlBook     *book,
              const char *code)
{
  g_autoptr(RlCustomer) c = rl_customer_new ();
  g_autoptr(RlCustomer) back = NULL;

  c->code = g_strdup (code);
  c->name = g_strdup ("Boulangerie Martin");
  g_assert_true (rl_book_upsert_customer (book, c, 0, NULL, NULL));
  back = rl_book_find_customer (book, code, NULL);
  g_assert_nonnull (back);
  return back != NULL ? back->id : 0;
}

static void
test_notes (Fixture       *f,
            gconstpointer  data)
{
  gint64 id = add_customer (f->book, "C1");
  gint64 other = add_customer (f->book, "C2");
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GError) error = NULL;
  const RlNote *n;
  gboolean seen = FALSE;

  g_assert_cmpint (rl_book_add_note (f->book, id, "Léa", "  Rappeler lundi : « d’accord »  ",
                                     &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (rl_book_add_note (f->book, id, NULL, "Chèque envoyé", &error), >, 0);
  g_assert_no_error (error);
  notes = rl_book_list_notes (f->book, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 2);
  n = notes->pdata[1];
  g_assert_cmpstr (n->text, ==, "Rappeler lundi : « d’accord »");
  g_assert_cmpstr (n->author, ==, "Léa");
  g_assert_cmpint (n->customer_id, ==, id);
  g_assert_nonnull (n->created_at);
  g_assert_cmpstr (((RlNote *) notes->pdata[0])->author, ==, "");
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = rl_book_list_notes (f->book, other, &error);
  g_assert_cmpuint (notes->len, ==, 0);

  timeline = rl_book_customer_timeline (f->book, id, 10, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < timeline->len; i++)
    {
      const RlTimelineRow *t = timeline->pdata[i];

      if (g_str_equal (t->kind, "note") && g_str_equal (t->detail, "Léa — Rappeler lundi : « d’accord »"))
        seen = TRUE;
    }
  g_assert_true (seen);
}

/* Bad notes are refused with a reason; the book keeps none of them. */
static void
test_notes_invalid (Fixture       *f,
                    gconstpointer  data)
{
  gint64 id = add_customer (f->book, "C1");
  g_autofree char *long_text = g_strnfill (RL_NOTE_MAX_CHARS + 1, 'x');
  static const char bad_utf8[] = "caf\xe9";
  const struct { gint64 customer; const char *text; int code; } cases[] = {
    { id, "", RL_BOOK_ERROR_INVALID },
    { id, "   \n\t ", RL_BOOK_ERROR_INVALID },
    { id, NULL, RL_BOOK_ERROR_INVALID },
    { id, long_text, RL_BOOK_ERROR_INVALID },
    { id, bad_utf8, RL_BOOK_ERROR_INVALID },
    { 9999, "Bonjour", RL_BOOK_ERROR_NOT_FOUND },
  };
  g_autoptr(GPtrArray) notes = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (rl_book_add_note (f->book, cases[c].customer, "x", cases[c].text, &error),
                       ==, 0);
      g_assert_error (error, RL_BOOK_ERROR, cases[c].code);
    }
  notes = rl_book_list_notes (f->book, id, NULL);
  g_assert_cmpuint (notes->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relance/notes/installments-split", test_split);
  g_test_add_func ("/relance/notes/installments-split-invalid", test_split_invalid);
  g_test_add ("/relance/notes/add-list", Fixture, NULL, rl_test_book_set_up, test_notes,
              rl_test_book_tear_down);
  g_test_add ("/relance/notes/invalid", Fixture, NULL, rl_test_book_set_up, test_notes_invalid,
              rl_test_book_tear_down);
  return g_test_run ();
}
