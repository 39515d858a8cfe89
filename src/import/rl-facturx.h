/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rl-book.h"
#include "rl-import-format.h"

G_BEGIN_DECLS

/* What a Factur-X (or ZUGFeRD 2) invoice says, read from its Cross Industry Invoice XML. */
typedef struct
{
  char     *profile;            /* minimum, basicwl, basic, en16931, extended; or the raw ID */
  char     *number;
  gboolean  credit_note;        /* type code 381 or 261 */
  RlDay     issue_date;
  RlDay     due_date;           /* RL_DAY_NONE when the profile lacks it */
  char     *buyer_name;
  char     *buyer_siren;        /* legal organization (scheme 0002), else from a French VAT id */
  char     *currency;
  char     *payment_reference;
  char     *credited_number;    /* a credit note's invoice, if named */
  RlCents   tax_basis;
  RlCents   grand_total;
  RlCents   prepaid;
  RlCents   due_payable;
} RlFacturx;

typedef struct
{
  gboolean  dry_run;
  const RlImportControl *control;  /* (nullable): progress and cancellation */
} RlFacturxOptions;

RlFacturx *rl_facturx_parse_xml    (const char        *data,
                                    gsize              len,
                                    const char        *name,
                                    RlImportReport    *report,
                                    GError           **error);
GBytes    *rl_facturx_extract_xml  (const char        *pdf_path,
                                    char             **out_name,
                                    GError           **error);
void       rl_facturx_free         (RlFacturx         *invoice);
gboolean   rl_facturx_import       (RlBook                  *book,
                                    const char              *path,
                                    const RlFacturxOptions  *options,
                                    RlImportReport         **out_report,
                                    GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlFacturx, rl_facturx_free)

G_END_DECLS
