/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-gui"

#include "config.h"

#include "rl-letter-preview.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rl-book-job.h"
#include "rl-customer-page.h"
#include "rl-gui-letters.h"
#include "rl-gui-widgets.h"
#include "rl-statement-mail.h"

#define PREVIEW_SCALE 1.25   /* pixels per point: an A4 page 744 pixels wide */

typedef struct
{
  GBytes *pixels;
  int     width;
  int     height;
  int     stride;
} PageImage;

/* What the worker gives, and what the window keeps. */
typedef struct
{
  RlLetterPreviewKind  kind;
  gint64               action_id;
  char                *book_path;
  GtkWidget           *from;       /* (weak) the view that asked */
  RlGuiLetterSet      *set;
  PopplerDocument     *doc;
  GArray              *images;     /* (element-type PageImage) */
  GtkWidget           *window;     /* (weak) */
  AdwToastOverlay     *toasts;
} Preview;

static void
page_image_clear (gpointer p)
{
  g_bytes_unref (((PageImage *) p)->pixels);
}

static void
preview_clear (Preview *p)
{
  g_free (p->book_path);
  if (p->from != NULL)
    g_object_remove_weak_pointer (G_OBJECT (p->from), (gpointer *) &p->from);
  if (p->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (p->window), (gpointer *) &p->window);
  rl_gui_letter_set_free (p->set);
  g_clear_object (&p->doc);
  g_clear_pointer (&p->images, g_array_unref);
}

static Preview *
preview_ref (Preview *p)
{
  return g_rc_box_acquire (p);
}

static void
preview_unref (Preview *p)
{
  g_rc_box_release_full (p, (GDestroyNotify) preview_clear);
}

static gpointer
render_job (RlBook   *book,
            gpointer  data,
            GError  **error)
{
  Preview *p = data;
  RlDay today = rl_day_today ();
  int n;

  switch (p->kind)
    {
    case RL_LETTER_PREVIEW_ACTION:
      p->set = rl_gui_letter_render_action (book, p->action_id, today, error);
      break;
    case RL_LETTER_PREVIEW_DAY:
      p->set = rl_gui_letter_render_day (book, today, error);
      break;
    case RL_LETTER_PREVIEW_STATEMENT:
      p->set = rl_gui_letter_render_statement (book, p->action_id, today, error);
      break;
    case RL_LETTER_PREVIEW_CALIBRATION:
    default:
      p->set = rl_gui_letter_render_calibration (book, today, error);
      break;
    }
  if (p->set == NULL || (p->doc = rl_gui_pdf_open (p->set->pdf, error)) == NULL)
    return NULL;
  n = MIN (poppler_document_get_n_pages (p->doc), RL_LETTER_PREVIEW_MAX_PAGES);
  p->images = g_array_sized_new (FALSE, TRUE, sizeof (PageImage), n);
  g_array_set_clear_func (p->images, page_image_clear);
  for (int i = 0; i < n; i++)
    {
      cairo_surface_t *s = rl_gui_pdf_render_page (p->doc, i, PREVIEW_SCALE);
      PageImage image = { NULL, cairo_image_surface_get_width (s),
                          cairo_image_surface_get_height (s), cairo_image_surface_get_stride (s) };

      image.pixels = g_bytes_new (cairo_image_surface_get_data (s),
                                  (gsize) image.stride * image.height);
      cairo_surface_destroy (s);
      g_array_append_val (p->images, image);
    }
  return preview_ref (p);
}

static void
toast (Preview    *p,
       const char *text)
{
  if (p->window != NULL)
    adw_toast_overlay_add_toast (p->toasts, adw_toast_new (text));
}

static void
toast_error (Preview      *p,
             const char   *what,
             const GError *error)
{
  g_autofree char *text = g_strdup_printf (_("%s: %s"), what, error->message);

  toast (p, text);
}

static gboolean
record_change (RlBook   *book,
               gpointer  data,
               GError  **error)
{
  return rl_gui_letter_set_record (book, ((Preview *) data)->set, error);
}

/* The letters are in the book: the views that show them follow. */
static void
customer_changed (Preview *p)
{
  if (p->from == NULL)
    return;
  gtk_widget_activate_action (p->from, "win.book-changed", "s", "todo");
  if (RL_IS_CUSTOMER_PAGE (p->from))
    rl_customer_page_reload (RL_CUSTOMER_PAGE (p->from));
}

static void
on_recorded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Preview *p = user_data;
  g_autoptr(GError) error = NULL;

  if (!rl_book_change_finish (result, &error))
    toast_error (p, _("Not kept in the book"), error);
  else
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u letter kept in the book",
                                      "%u letters kept in the book", p->set->letters->len),
                         p->set->letters->len);

      toast (p, text);
      customer_changed (p);
    }
  preview_unref (p);
}

/* Printed or saved: the letters go into the book (not the calibration page). */
static void
record (Preview *p)
{
  if (p->set->letters->len == 0)
    return;
  rl_book_change_async (p->book_path, record_change, preview_ref (p),
                        (GDestroyNotify) preview_unref, NULL, on_recorded_cb, preview_ref (p));
}

static void
on_draw_page_cb (GtkPrintOperation *op,
                 GtkPrintContext   *context,
                 int                page_nr,
                 Preview           *p)
{
  rl_gui_pdf_print_page (p->doc, page_nr, gtk_print_context_get_cairo_context (context),
                         gtk_print_context_get_width (context),
                         gtk_print_context_get_height (context));
}

static void
on_print_done_cb (GtkPrintOperation       *op,
                  GtkPrintOperationResult  result,
                  Preview                 *p)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (op, &error);
      toast_error (p, _("Not printed"), error);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    record (p);
}

static char *
file_name (Preview *p)
{
  g_autofree char *iso = rl_day_to_iso (p->set->as_of);

  switch (p->kind)
    {
    case RL_LETTER_PREVIEW_ACTION:
      return g_strdup_printf ("letter-%s-%lld.pdf", iso, (long long) p->action_id);
    case RL_LETTER_PREVIEW_DAY:
      return g_strdup_printf ("letters-%s.pdf", iso);
    case RL_LETTER_PREVIEW_STATEMENT:
      return g_strdup_printf ("statement-%s-%lld.pdf", iso, (long long) p->action_id);
    case RL_LETTER_PREVIEW_CALIBRATION:
    default:
      return g_strdup ("calibration.pdf");
    }
}

static void
on_print_clicked_cb (GtkButton *button,
                     Preview   *p)
{
  g_autoptr(GtkPrintOperation) op = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_n_pages (op, p->set->pages);
  gtk_print_operation_set_use_full_page (op, TRUE);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (op, TRUE);
  gtk_print_operation_set_embed_page_setup (op, FALSE);
  gtk_print_operation_set_job_name (op, gtk_window_get_title (GTK_WINDOW (p->window)));
  /* Printed to a file, it gets the name it would have saved as. */
  name = file_name (p);
  *strrchr (name, '.') = '\0';
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, name);
  gtk_print_operation_set_print_settings (op, settings);
  g_signal_connect_data (op, "draw-page", G_CALLBACK (on_draw_page_cb), preview_ref (p),
                         (GClosureNotify) (void (*) (void)) preview_unref, 0);
  g_signal_connect_data (op, "done", G_CALLBACK (on_print_done_cb), preview_ref (p),
                         (GClosureNotify) (void (*) (void)) preview_unref, 0);
  if (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (p->window), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    toast_error (p, _("Not printed"), error);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Preview *p = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    toast_error (p, _("Not saved"), error);
  else
    {
      toast (p, _("Saved"));
      record (p);
    }
  preview_unref (p);
}

static void
on_save_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Preview         *p)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    g_file_replace_contents_bytes_async (file, p->set->pdf, NULL, FALSE,
                                         G_FILE_CREATE_REPLACE_DESTINATION, NULL, on_saved_cb,
                                         preview_ref (p));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  preview_unref (p);
}

static void
on_save_clicked_cb (GtkButton *button,
                    Preview   *p)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Save as PDF"), GTK_WINDOW (p->window),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = file_name (p);

  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response_cb), preview_ref (p));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_mailed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Preview *p = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *to = rl_statement_mail_send_finish (result, &error);

  if (to == NULL)
    toast_error (p, _("Not sent"), error);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Sent to %s"), to);

      toast (p, text);
      customer_changed (p);
    }
  preview_unref (p);
}

static void
on_mail_clicked_cb (GtkButton *button,
                    Preview   *p)
{
  toast (p, _("Sending…"));
  rl_statement_mail_send_async (p->book_path, p->action_id, p->set->pdf, p->set->pages,
                                p->set->as_of, on_mailed_cb, preview_ref (p));
}

static GtkWidget *
page_picture (const PageImage *image,
              int              index,
              int              n_pages)
{
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (image->width, image->height,
                                                          GDK_MEMORY_DEFAULT, image->pixels,
                                                          (gsize) image->stride);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  g_autofree char *label = g_strdup_printf (_("Page %d of %d"), index + 1, n_pages);

  /* Its own size in a wide window; narrower (down to 360 px) scaled to the width, its
   * proportions kept: a page's width in pixels was the window's least width. */
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "card");
  gtk_widget_add_css_class (picture, "letter-page");
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  return picture;
}

static const char *
window_title (RlLetterPreviewKind kind)
{
  switch (kind)
    {
    case RL_LETTER_PREVIEW_ACTION:
      return _("Letter");
    case RL_LETTER_PREVIEW_DAY:
      return _("The Day’s Letters");
    case RL_LETTER_PREVIEW_STATEMENT:
      return _("Account Statement");
    case RL_LETTER_PREVIEW_CALIBRATION:
    default:
      return _("Calibration Page");
    }
}

static gboolean
activate_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   button)
{
  return gtk_widget_activate (button);
}

/* @accel presses @button. */
static void
add_shortcut (GtkEventController *controller,
              const char         *accel,
              GtkWidget          *button)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accel),
                                                          gtk_callback_action_new (activate_cb,
                                                                                   button, NULL)));
}

static void
show_window (Preview *p)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *pages = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *print, *save, *overlay;
  GtkEventController *shortcuts;
  g_autofree char *subtitle = NULL;

  p->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &p->window);
  g_object_set_data_full (G_OBJECT (window), "preview", p, (GDestroyNotify) preview_unref);
  gtk_window_set_title (GTK_WINDOW (window), window_title (p->kind));
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 760);
  if (p->from != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (p->from)));
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d page", "%d pages", p->set->pages),
                              p->set->pages);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (window_title (p->kind), subtitle));
  /* Print, the main action, in words; the others as icons: the window fits in 360 px. */
  print = rl_gui_button_new (_("_Print…"), _("Print"), G_CALLBACK (on_print_clicked_cb), p);
  gtk_widget_add_css_class (print, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), print);
  save = rl_gui_icon_button_new ("document-save-symbolic", _("Save as PDF"),
                                 G_CALLBACK (on_save_clicked_cb), p);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  shortcuts = gtk_shortcut_controller_new ();
  add_shortcut (shortcuts, "<Control>p", print);
  add_shortcut (shortcuts, "<Control>s", save);
  gtk_widget_add_controller (window, shortcuts);
  if (p->kind == RL_LETTER_PREVIEW_STATEMENT)
    adw_header_bar_pack_start (ADW_HEADER_BAR (header),
                               rl_gui_icon_button_new ("mail-send-symbolic",
                                                       _("Send by e-mail to the customer"),
                                                       G_CALLBACK (on_mail_clicked_cb), p));
  gtk_box_append (GTK_BOX (box), header);

  for (guint i = 0; i < p->set->failures->len; i++)
    {
      g_autofree char *text = g_strdup_printf (_("Left out: %s"),
                                               (const char *) p->set->failures->pdata[i]);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_box_append (GTK_BOX (box), label);
    }
  for (guint i = 0; i < p->images->len; i++)
    gtk_box_append (GTK_BOX (pages),
                    page_picture (&g_array_index (p->images, PageImage, i), (int) i,
                                  p->set->pages));
  if ((int) p->images->len < p->set->pages)
    {
      g_autofree char *more = g_strdup_printf (_("The first %u pages are shown; all %d are "
                                                 "printed and saved."),
                                               p->images->len, p->set->pages);

      gtk_box_append (GTK_BOX (pages), gtk_label_new (more));
    }
  gtk_widget_set_margin_top (pages, 18);
  gtk_widget_set_margin_bottom (pages, 18);
  gtk_widget_set_margin_start (pages, 12);
  gtk_widget_set_margin_end (pages, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 800);
  /* No tightening: a page narrower than the window is at its own size (744 px). */
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 800);
  adw_clamp_set_child (ADW_CLAMP (clamp), pages);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  /* The pages at the height their width gives them: at their least height (none, as they
   * shrink) they were squeezed into the window's height. */
  gtk_scrollable_set_vscroll_policy (GTK_SCROLLABLE (gtk_scrolled_window_get_child (
                                       GTK_SCROLLED_WINDOW (scrolled))), GTK_SCROLL_NATURAL);
  gtk_widget_set_vexpand (scrolled, TRUE);
  overlay = adw_toast_overlay_new ();
  p->toasts = ADW_TOAST_OVERLAY (overlay);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), scrolled);
  gtk_box_append (GTK_BOX (box), overlay);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_rendered_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Preview *p = rl_book_job_finish (result, &error);
  GtkWidget *from = user_data;

  if (p == NULL)
    {
      rl_gui_toast_error (from, _("No letter to show"), error);
      g_object_unref (from);
      return;
    }
  show_window (p);
  g_object_unref (from);
}

/* Renders the letters in a worker, then shows them in a window of their own. */
void
rl_letter_preview_open (GtkWidget           *from,
                        const char          *book_path,
                        RlLetterPreviewKind  kind,
                        gint64               action_id)
{
  Preview *p = g_rc_box_new0 (Preview);

  p->kind = kind;
  p->action_id = action_id;
  p->book_path = g_strdup (book_path);
  p->from = from;
  g_object_add_weak_pointer (G_OBJECT (from), (gpointer *) &p->from);
  rl_book_job_run_async (book_path, render_job, p, (GDestroyNotify) preview_unref,
                         (GDestroyNotify) preview_unref, NULL, on_rendered_cb,
                         g_object_ref (from));
}
