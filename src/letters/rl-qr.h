/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest symbol: version 40, 177 modules a side. */
#define RL_QR_MAX_VERSION 40

/**
 * RlQr:
 * @version: 1 to 40
 * @size: the modules on a side, 17 + 4 × @version (no quiet zone)
 * @mask: the data mask used, 0 to 7
 * @modules: @size × @size bytes, row after row from the top: 1 for a dark module, 0 for a
 *   light one
 *
 * A QR code symbol (ISO/IEC 18004) of error correction level M.
 */
typedef struct
{
  int    version;
  int    size;
  int    mask;
  guint8 modules[];
} RlQr;

RlQr *rl_qr_encode (const guint8 *data,
                    gsize         length,
                    int           mask);

gboolean rl_qr_score_masks (const guint8 *data,
                            gsize         length,
                            gboolean      by_module,
                            int           scores[8]);

static inline gboolean
rl_qr_is_dark (const RlQr *qr,
               int         x,
               int         y)
{
  return qr->modules[y * qr->size + x] != 0;
}

G_END_DECLS
