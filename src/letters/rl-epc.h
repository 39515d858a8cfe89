/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "rl-money.h"

G_BEGIN_DECLS

/* The SEPA credit-transfer QR code of EPC069-12 ("GiroCode"), version 002, UTF-8, that a
 * banking app scans to fill in a transfer: beneficiary, IBAN, amount and reference. */

#define RL_EPC_MAX_BYTES 331

gboolean  rl_iban_normalize  (const char  *iban,
                              char       **out_iban,
                              GError     **error);

char     *rl_epc_payload     (const char  *name,
                              const char  *iban,
                              const char  *bic,
                              RlCents      amount,
                              const char  *remittance,
                              const char  *information,
                              GError     **error);

gboolean  rl_epc_draw        (cairo_t     *cr,
                              const char  *payload,
                              double       x,
                              double       y,
                              double       size,
                              GError     **error);

G_END_DECLS
