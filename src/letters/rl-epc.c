/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include "rl-epc.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rl-ids.h"
#include "rl-postal.h"
#include "rl-qr.h"

#define NAME_MAX_CHARS        70
#define REMITTANCE_MAX_CHARS 140
#define INFORMATION_MAX_CHARS 70
/* EPC069-12: from EUR0.01 to EUR999999999.99. */
#define AMOUNT_MAX ((RlCents) 99999999999LL)

/* A quiet zone of four modules around the code, as ISO/IEC 18004 asks. */
#define QUIET_ZONE 4

/**
 * rl_iban_normalize:
 * @iban: an IBAN, with or without spaces
 * @out_iban: (out): the IBAN in capitals without spaces, to free
 *
 * Returns: %TRUE if @iban is well formed and its check digits are right (ISO 13616,
 *   mod 97); %FALSE with %RL_LETTER_ERROR_PAYMENT otherwise
 */
gboolean
rl_iban_normalize (const char  *iban,
                   char       **out_iban,
                   GError     **error)
{
  *out_iban = rl_iban_check (iban);
  if (*out_iban != NULL)
    return TRUE;
  g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_PAYMENT, _("“%s” is not a valid IBAN"),
               iban != NULL ? iban : "");
  return FALSE;
}

/* @text on one line, cut to @max characters at most (the code has no room for more). */
static char *
epc_field (const char *text,
           glong       max)
{
  g_autofree char *line = g_strdup (text != NULL ? text : "");
  const char *end;

  g_strdelimit (line, "\r\n", ' ');
  g_strstrip (line);
  if (g_utf8_strlen (line, -1) <= max)
    return g_steal_pointer (&line);
  end = g_utf8_offset_to_pointer (line, max);
  return g_strndup (line, end - line);
}

/**
 * rl_epc_payload:
 * @name: the beneficiary (the user's company); cut to 70 characters
 * @iban: its IBAN
 * @bic: (nullable): its BIC, optional in version 002
 * @amount: the amount to pay, 0.01 € to 999,999,999.99 €
 * @remittance: the unstructured remittance text, the reference to quote; cut to 140
 * @information: (nullable): a note to the payer; cut to 70
 *
 * Returns: (transfer full): the text the QR code carries, lines separated by LF and nothing
 *   after the last; or %NULL with %RL_LETTER_ERROR_PAYMENT
 */
char *
rl_epc_payload (const char  *name,
                const char  *iban,
                const char  *bic,
                RlCents      amount,
                const char  *remittance,
                const char  *information,
                GError     **error)
{
  g_autofree char *clean_iban = NULL, *clean_bic = NULL;
  g_autofree char *n = epc_field (name, NAME_MAX_CHARS);
  g_autofree char *r = epc_field (remittance, REMITTANCE_MAX_CHARS);
  g_autofree char *info = epc_field (information, INFORMATION_MAX_CHARS);
  g_autofree char *payload = NULL;

  if (!rl_iban_normalize (iban, &clean_iban, error))
    return NULL;
  if (amount < 1 || amount > AMOUNT_MAX)
    {
      g_autofree char *plain = rl_money_to_plain (amount);

      g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_PAYMENT,
                   _("a payment code carries 0.01 to 999,999,999.99 euros, not %s"), plain);
      return NULL;
    }
  if (*n == '\0')
    {
      g_set_error_literal (error, RL_LETTER_ERROR, RL_LETTER_ERROR_PAYMENT,
                           _("a payment code needs the beneficiary’s name"));
      return NULL;
    }
  clean_bic = g_ascii_strup (bic != NULL ? bic : "", -1);
  g_strdelimit (clean_bic, " ", '\0');

  payload = g_strdup_printf ("BCD\n002\n1\nSCT\n%s\n%s\n%s\nEUR%lld.%02lld\n\n\n%s\n%s",
                             clean_bic, n, clean_iban, (long long) (amount / 100),
                             (long long) (amount % 100), r, info);
  /* Trailing empty fields are left out: nothing after the last line. */
  while (g_str_has_suffix (payload, "\n"))
    payload[strlen (payload) - 1] = '\0';
  if (strlen (payload) > RL_EPC_MAX_BYTES)
    {
      g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_PAYMENT,
                   _("the payment code would be %zu bytes long; the limit is %d"),
                   strlen (payload), RL_EPC_MAX_BYTES);
      return NULL;
    }
  return g_steal_pointer (&payload);
}

/**
 * rl_epc_draw:
 * @payload: the text of the code, from rl_epc_payload()
 * @x: @y: the top left corner of the code, quiet zone included
 * @size: the width and height of the code, quiet zone included
 *
 * Draws @payload as a QR code of error correction level M, black modules on white.
 */
gboolean
rl_epc_draw (cairo_t     *cr,
             const char  *payload,
             double       x,
             double       y,
             double       size,
             GError     **error)
{
  g_autofree RlQr *qr = rl_qr_encode ((const guint8 *) payload, strlen (payload), -1);
  cairo_surface_t *image;
  unsigned char *data;
  int n, stride;

  if (qr == NULL)
    {
      g_set_error_literal (error, RL_LETTER_ERROR, RL_LETTER_ERROR_PAYMENT,
                           _("the payment code could not be encoded"));
      return FALSE;
    }
  /* One pixel per module, scaled without smoothing: a small image rather than hundreds of
   * squares keeps the page's content short. */
  n = qr->size + 2 * QUIET_ZONE;
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, n, n);
  stride = cairo_image_surface_get_stride (image);
  data = cairo_image_surface_get_data (image);
  cairo_surface_flush (image);
  for (int row = 0; row < n; row++)
    for (int col = 0; col < n; col++)
      {
        int r = row - QUIET_ZONE, c = col - QUIET_ZONE;
        gboolean dark = r >= 0 && c >= 0 && r < qr->size && c < qr->size
                        && rl_qr_is_dark (qr, c, r);

        *(guint32 *) (data + row * stride + col * 4) = dark ? 0x000000 : 0xffffff;
      }
  cairo_surface_mark_dirty (image);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, size / n, size / n);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, n, n);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
  return TRUE;
}
