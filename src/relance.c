/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "relance"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rl-application.h"

int
main (int    argc,
      char **argv)
{
  const char *dir = g_getenv ("RELANCE_LOCALEDIR");
  g_autofree char *installed_mo = g_build_filename (LOCALEDIR, "fr", "LC_MESSAGES",
                                                    GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr(RlApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* Run from the build tree, use the catalogues built there. */
  if (dir == NULL && !g_file_test (installed_mo, G_FILE_TEST_EXISTS)
      && g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    dir = BUILD_LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, dir ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rl_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
