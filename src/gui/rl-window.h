/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rl-application.h"

G_BEGIN_DECLS

#define RL_TYPE_WINDOW (rl_window_get_type ())
G_DECLARE_FINAL_TYPE (RlWindow, rl_window, RL, WINDOW, AdwApplicationWindow)

RlWindow   *rl_window_new            (RlApplication *app);
void        rl_window_open_book      (RlWindow      *self,
                                      const char    *path);
void        rl_window_open_last_book (RlWindow      *self);
const char *rl_window_get_book_path  (RlWindow      *self);
void        rl_window_import_files   (RlWindow      *self,
                                      const char * const *paths);

G_END_DECLS
