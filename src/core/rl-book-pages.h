/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-date.h"

G_BEGIN_DECLS

/* Paged, sorted and filtered reads for lists of any length: the app shows a page of rows at a
 * time and never holds a million invoices in memory. Every query takes the same filters, so the
 * count and the pages always agree. */

typedef enum
{
  RL_LIST_SORT_CODE,          /* customers: code; invoices: number */
  RL_LIST_SORT_NAME,          /* the customer's name */
  RL_LIST_SORT_OUTSTANDING,   /* customers: what they owe; invoices: what is left to pay */
  RL_LIST_SORT_OVERDUE,       /* customers: overdue amount; invoices: days late */
  RL_LIST_SORT_RISK,          /* customers: risk score, worst first when ascending */
  RL_LIST_SORT_DUE_DATE,      /* invoices */
  RL_LIST_SORT_AMOUNT,        /* invoices */
  RL_LIST_SORT_ISSUE_DATE,    /* invoices */
  RL_N_LIST_SORTS,
} RlListSort;

typedef struct
{
  char        *search;        /* part of the code, number or name, any case; NULL: all */
  gboolean     overdue_only;  /* with something due before the as-of date and unpaid */
  gboolean     open_only;     /* invoices: unpaid ones only; customers: with open invoices */
  gboolean     on_hold_only;
  gboolean     over_limit_only; /* customers owing more than their credit limit */  /* customers (or invoices of customers) on a hold at the as-of date */
  char         risk_class;    /* 'A'..'D', 0: any */
  char        *assigned_to;   /* NULL: anyone */
  gint64       customer_id;   /* invoices of one customer; 0: all */
  RlDay        due_from;      /* invoices falling due from this day… (RL_DAY_NONE: any) */
  RlDay        due_to;        /* …to the day before this one */
  RlListSort   sort;
  gboolean     descending;
  RlDay        as_of;
} RlListQuery;

typedef struct
{
  gint64    id;
  char     *code;
  char     *name;
  char     *city;
  char     *assigned_to;
  char      risk_class;       /* 0: not scored */
  int       risk_score;       /* -1: not scored */
  RlCents   outstanding;      /* left to pay on open invoices */
  RlCents   overdue;          /* of which due before the as-of date */
  guint     n_open;
  gboolean  has_credit_limit;
  RlCents   credit_limit;
  gboolean  on_hold;
} RlCustomerRow;

typedef struct
{
  gint64         id;
  char          *number;
  gint64         customer_id;
  char          *customer_code;
  char          *customer_name;
  RlInvoiceKind  kind;
  RlDay          issue_date;
  RlDay          due_date;
  RlCents        amount;
  RlCents        remaining;   /* amount - paid */
  RlInvoiceStatus status;
  int            days_late;   /* at the as-of date, 0 when not due, settled or a credit note */
  gboolean       in_dispute;
} RlInvoiceRow;

typedef struct
{
  gint64   id;
  gint64   invoice_id;
  char    *invoice_number;
  gint64   customer_id;
  char    *customer_code;
  char    *customer_name;
  char    *reason;
  RlDay    opened_on;
  RlDay    deadline;        /* RL_DAY_NONE: none */
  RlCents  remaining;
} RlDisputeRow;

/* One event in a customer's history. */
typedef struct
{
  RlDay    day;
  char    *kind;      /* "invoice", "credit_note", "payment", "action", "call", "dispute",
                         "promise", "hold", "payment_plan", "note", "statement" */
  char    *detail;    /* the number, reference, outcome or reason, as stored */
  char    *state;     /* actions: their state; promises and plans: theirs; NULL otherwise */
  RlCents  amount;
} RlTimelineRow;

/* Figures for the dashboard that the aged balance does not give. */
typedef struct
{
  RlCents  by_risk[5];          /* what open invoices still owe, by class A-D, then unscored */
  RlCents  due_soon;            /* falling due from the as-of date to as-of + days - 1 */
  guint    n_due_soon;
  guint    proposed[8];         /* proposed actions by channel (RlChannel) */
} RlDashboardFigures;

void           rl_list_query_clear        (RlListQuery        *query);
void           rl_list_query_copy         (RlListQuery        *dest,
                                           const RlListQuery  *src);
gboolean       rl_list_query_equal        (const RlListQuery  *a,
                                           const RlListQuery  *b);

void           rl_customer_row_free       (RlCustomerRow      *row);
void           rl_invoice_row_free        (RlInvoiceRow       *row);
void           rl_dispute_row_free        (RlDisputeRow       *row);

gint64         rl_book_count_customer_rows (RlBook            *book,
                                            const RlListQuery *query,
                                            GError           **error);
GPtrArray     *rl_book_customer_rows      (RlBook             *book,
                                           const RlListQuery  *query,
                                           guint               offset,
                                           guint               limit,
                                           GError            **error);
gint64         rl_book_count_invoice_rows (RlBook             *book,
                                           const RlListQuery  *query,
                                           GError            **error);
GPtrArray     *rl_book_invoice_rows       (RlBook             *book,
                                           const RlListQuery  *query,
                                           guint               offset,
                                           guint               limit,
                                           GError            **error);
GPtrArray     *rl_book_open_disputes      (RlBook             *book,
                                           GError            **error);
GPtrArray     *rl_book_customer_timeline  (RlBook             *book,
                                           gint64              customer_id,
                                           guint               limit,
                                           GError            **error);
void           rl_timeline_row_free       (RlTimelineRow      *row);
gboolean       rl_book_dashboard_figures  (RlBook             *book,
                                           RlDay               as_of,
                                           int                 days,
                                           RlDashboardFigures *out,
                                           GError            **error);
GPtrArray     *rl_book_list_assignees     (RlBook             *book,
                                           GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlCustomerRow, rl_customer_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlInvoiceRow, rl_invoice_row_free)

G_END_DECLS
