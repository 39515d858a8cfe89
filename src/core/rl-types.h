/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RlBook RlBook;
typedef struct _RlCompany RlCompany;
typedef struct _RlCustomer RlCustomer;
typedef struct _RlContact RlContact;
typedef struct _RlInvoice RlInvoice;
typedef struct _RlPayment RlPayment;
typedef struct _RlImportCounts RlImportCounts;
typedef struct _RlAging RlAging;
typedef struct _RlAgingRow RlAgingRow;

G_END_DECLS
