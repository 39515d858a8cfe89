/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean rl_pdf_merge (const char * const  *parts,
                       const char          *path,
                       guint               *out_pages,
                       GError             **error);

G_END_DECLS
