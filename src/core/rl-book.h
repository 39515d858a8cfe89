/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rl-model.h"
#include "rl-types.h"

G_BEGIN_DECLS

#define RL_TYPE_BOOK (rl_book_get_type ())
G_DECLARE_FINAL_TYPE (RlBook, rl_book, RL, BOOK, GObject)

typedef enum
{
  RL_BOOK_OPEN_DEFAULT = 0,
  RL_BOOK_OPEN_CREATE  = 1 << 0,  /* create the file if it does not exist */
  RL_BOOK_OPEN_FAST    = 1 << 1,  /* bulk loading: synchronous=OFF (a crash may lose the
                                     last transactions but never corrupts the file) */
} RlBookOpenFlags;

/* What an upsert did. */
typedef enum
{
  RL_UPSERT_INSERTED,
  RL_UPSERT_UPDATED,
  RL_UPSERT_UNCHANGED,
} RlUpsertResult;

/* How a payment is spread over invoices. */
typedef enum
{
  RL_ALLOCATE_NAMED_ONLY,    /* only the invoice the payer named; the rest stays unallocated */
  RL_ALLOCATE_OLDEST_FIRST,  /* the named invoice first, then the customer's open invoices by
                                due date, oldest first */
} RlAllocatePolicy;

struct _RlImportCounts
{
  guint rows;
  guint inserted;
  guint updated;
  guint unchanged;
  guint rejected;
  guint customers_created;
};

int          rl_book_schema_version_latest (void);

RlBook      *rl_book_open                  (const char       *path,
                                            RlBookOpenFlags   flags,
                                            GError          **error);
const char  *rl_book_get_path              (RlBook           *self);
int          rl_book_get_schema_version    (RlBook           *self);
void         rl_book_set_actor             (RlBook           *self,
                                            const char       *actor);
const char  *rl_book_get_actor             (RlBook           *self);
void         rl_book_set_busy_timeout      (RlBook           *self,
                                            guint             ms);

gboolean     rl_book_begin                 (RlBook           *self,
                                            GError          **error);
gboolean     rl_book_begin_bulk            (RlBook           *self,
                                            const char * const *tables,
                                            GError          **error);
gboolean     rl_book_in_bulk               (RlBook           *self);
gboolean     rl_book_commit                (RlBook           *self,
                                            GError          **error);
void         rl_book_rollback              (RlBook           *self);
gboolean     rl_book_in_transaction        (RlBook           *self);
gboolean     rl_book_savepoint             (RlBook           *self,
                                            const char       *name,
                                            GError          **error);
gboolean     rl_book_release               (RlBook           *self,
                                            const char       *name,
                                            GError          **error);
void         rl_book_rollback_to           (RlBook           *self,
                                            const char       *name);
gboolean     rl_book_integrity_check       (RlBook           *self,
                                            GError          **error);
gboolean     rl_book_backup                (RlBook           *self,
                                            const char       *dest_path,
                                            GError          **error);

gboolean     rl_book_audit                 (RlBook           *self,
                                            const char       *action,
                                            const char       *entity,
                                            gint64            entity_id,
                                            const char       *detail,
                                            GError          **error);
gint64       rl_book_count_audit           (RlBook           *self);

/* Company and settings */
RlCompany   *rl_book_get_company           (RlBook           *self,
                                            GError          **error);
gboolean     rl_book_set_company           (RlBook           *self,
                                            const RlCompany  *company,
                                            GError          **error);
char        *rl_book_get_setting           (RlBook           *self,
                                            const char       *key);
gboolean     rl_book_set_setting           (RlBook           *self,
                                            const char       *key,
                                            const char       *value,
                                            GError          **error);

/* Customers */
RlCustomer  *rl_book_get_customer          (RlBook           *self,
                                            gint64            id,
                                            GError          **error);
RlCustomer  *rl_book_find_customer         (RlBook           *self,
                                            const char       *code,
                                            GError          **error);
RlCustomer  *rl_book_find_customer_by_name  (RlBook           *self,
                                            const char       *name,
                                            GError          **error);
gboolean     rl_book_set_contract_rate     (RlBook           *self,
                                            gint64            customer_id,
                                            int               rate_bp,
                                            GError          **error);
gboolean     rl_book_upsert_customer       (RlBook           *self,
                                            RlCustomer       *customer,
                                            gint64            import_id,
                                            RlUpsertResult   *result,
                                            GError          **error);
typedef gboolean (*RlCustomerFunc) (RlCustomer *customer, gpointer user_data);
gboolean     rl_book_foreach_customer      (RlBook           *self,
                                            RlCustomerFunc    func,
                                            gpointer          user_data,
                                            GError          **error);
gint64       rl_book_count_customers       (RlBook           *self);
gboolean     rl_book_add_contact           (RlBook           *self,
                                            RlContact        *contact,
                                            GError          **error);
GPtrArray   *rl_book_list_contacts         (RlBook           *self,
                                            gint64            customer_id,
                                            GError          **error);

/* Invoices and credit notes */
RlInvoice   *rl_book_get_invoice           (RlBook           *self,
                                            gint64            id,
                                            GError          **error);
RlInvoice   *rl_book_find_invoice          (RlBook           *self,
                                            const char       *number,
                                            GError          **error);
gboolean     rl_book_upsert_invoice        (RlBook           *self,
                                            RlInvoice        *invoice,
                                            gint64            import_id,
                                            RlUpsertResult   *result,
                                            GError          **error);
typedef gboolean (*RlInvoiceFunc) (RlInvoice *invoice, gpointer user_data);
gboolean     rl_book_foreach_invoice       (RlBook           *self,
                                            gint64            customer_id,
                                            gboolean          open_only,
                                            RlInvoiceFunc     func,
                                            gpointer          user_data,
                                            GError          **error);
gint64       rl_book_count_invoices        (RlBook           *self);

/* Payments and allocations */
gboolean     rl_book_upsert_payment        (RlBook           *self,
                                            RlPayment        *payment,
                                            gint64            import_id,
                                            RlUpsertResult   *result,
                                            GError          **error);
RlPayment   *rl_book_get_payment           (RlBook           *self,
                                            gint64            id,
                                            GError          **error);
gboolean     rl_book_allocate              (RlBook           *self,
                                            gint64            payment_id,
                                            gint64            credit_note_id,
                                            gint64            invoice_id,
                                            RlCents           amount,
                                            RlDay             date,
                                            GError          **error);
gboolean     rl_book_allocate_payment      (RlBook           *self,
                                            gint64            payment_id,
                                            RlAllocatePolicy  policy,
                                            RlCents          *out_allocated,
                                            GError          **error);
gboolean     rl_book_clear_allocations     (RlBook           *self,
                                            gint64            payment_id,
                                            GError          **error);
typedef gboolean (*RlPaymentFunc) (RlPayment *payment, gpointer user_data);
gboolean     rl_book_foreach_payment       (RlBook           *self,
                                            gint64            customer_id,
                                            gboolean          unallocated_only,
                                            RlPaymentFunc     func,
                                            gpointer          user_data,
                                            GError          **error);
gint64       rl_book_count_payments        (RlBook           *self);

/* Imports */
gint64       rl_book_begin_import          (RlBook           *self,
                                            const char       *file_name,
                                            const char       *checksum,
                                            const char       *format,
                                            GError          **error);
gboolean     rl_book_finish_import         (RlBook           *self,
                                            gint64            import_id,
                                            const RlImportCounts *counts,
                                            GError          **error);
RlDay        rl_book_last_import_day       (RlBook           *self,
                                            const char       *format_prefix);

G_END_DECLS
