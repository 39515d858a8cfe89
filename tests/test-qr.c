/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QR code encoder (rl-qr.c) against libqrencode, symbol for symbol, for payloads of every
 * version at level M; the letters' tests decode the codes drawn on the page with zbarimg. */

#include "config.h"

#include <qrencode.h>
#include <string.h>

#include "rl-qr.h"

/* The mask libqrencode chose, read from the first copy of the format information. */
static int
format_mask (const QRcode *qr)
{
  int bits = 0, w = qr->width;
#define DARK_AT(x, y) (qr->data[(y) * w + (x)] & 1)

  for (int i = 0; i <= 5; i++)
    bits |= DARK_AT (8, i) << i;
  bits |= DARK_AT (8, 7) << 6;
  bits |= DARK_AT (8, 8) << 7;
  bits |= DARK_AT (7, 8) << 8;
  for (int i = 9; i < 15; i++)
    bits |= DARK_AT (14 - i, 8) << i;
#undef DARK_AT
  bits ^= 0x5412;
  g_assert_cmpint (bits >> 13, ==, 0);   /* level M */
  return (bits >> 10) & 7;
}

static guint8 *
random_bytes (GRand *rand,
              gsize  length)
{
  guint8 *data = g_malloc (MAX (length, 1));

  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  return data;
}

/* Encodes @data both ways; returns whether both chose the same mask. */
static gboolean
check_same_symbol (const guint8 *data,
                   gsize         length)
{
  QRcode *theirs = QRcode_encodeData ((int) length, data, 0, QR_ECLEVEL_M);
  g_autofree RlQr *chosen = rl_qr_encode (data, length, -1);
  g_autofree RlQr *ours = NULL;
  int mask;

  g_assert_nonnull (theirs);
  g_assert_nonnull (chosen);
  g_assert_cmpint (chosen->version, ==, theirs->version);
  g_assert_cmpint (chosen->size, ==, theirs->width);
  mask = format_mask (theirs);
  ours = rl_qr_encode (data, length, mask);
  g_assert_cmpint (ours->mask, ==, mask);
  for (int y = 0; y < theirs->width; y++)
    for (int x = 0; x < theirs->width; x++)
      if (rl_qr_is_dark (ours, x, y) != (theirs->data[y * theirs->width + x] & 1))
        g_error ("%" G_GSIZE_FORMAT " bytes, version %d, mask %d: module (%d, %d) differs",
                 length, ours->version, mask, x, y);
  QRcode_free (theirs);
  return chosen->mask == mask;
}

/* Every length up to 400 bytes (versions 1 to 14: the EPC QR code stops at 13), then every
 * 29th up to the largest, and the largest of each version. */
static void
test_every_version (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);
  guint cases = 0, same_mask = 0;
  int last_version = 0;

  for (gsize length = 1; length <= 2331; length += length < 400 ? 1 : 29)
    {
      g_autofree guint8 *data = random_bytes (rand, length);
      g_autofree RlQr *probe = rl_qr_encode (data, length, 0);

      g_assert_nonnull (probe);
      g_assert_cmpint (probe->version, >=, last_version);
      last_version = probe->version;
      cases++;
      same_mask += check_same_symbol (data, length);
    }
  for (int version = 1; version <= RL_QR_MAX_VERSION; version++)
    {
      /* The longest payload of @version: one byte more takes the next one. */
      g_autofree guint8 *data = random_bytes (rand, 2331);
      gsize low = 1, high = 2331, length;

      while (low < high)
        {
          gsize middle = (low + high + 1) / 2;
          g_autofree RlQr *qr = rl_qr_encode (data, middle, 0);

          if (qr->version <= version)
            low = middle;
          else
            high = middle - 1;
        }
      length = low;
      {
        g_autofree RlQr *qr = rl_qr_encode (data, length, 0);

        g_assert_cmpint (qr->version, ==, version);
      }
      cases++;
      same_mask += check_same_symbol (data, length);
    }
  g_assert_cmpint (last_version, ==, RL_QR_MAX_VERSION);
  /* Both score the masks by the standard's four rules, but count finder-like patterns at
   * the edges differently: most symbols get the same mask. */
  g_test_message ("%u symbols, %u with the mask libqrencode chose", cases, same_mask);
  g_assert_cmpuint (same_mask * 2, >, cases);
}

/* Boundaries: a version's capacity at level M, nothing, too much. */
static void
test_capacity (void)
{
  static const struct { gsize length; int version; } cases[] = {
    { 0, 1 }, { 14, 1 }, { 15, 2 }, { 106, 6 }, { 107, 7 }, { 180, 9 }, { 181, 10 },
    { 331, 13 }, { 332, 14 }, { 2331, 40 },
  };
  g_autofree guint8 *data = g_malloc0 (2400);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree RlQr *qr = rl_qr_encode (data, cases[i].length, -1);

      g_assert_nonnull (qr);
      g_assert_cmpint (qr->version, ==, cases[i].version);
      g_assert_cmpint (qr->size, ==, 17 + 4 * cases[i].version);
    }
  g_assert_null (rl_qr_encode (data, 2332, -1));
}

/* The mask chosen is the one of lowest penalty; asking for it gives the same symbol. */
static void
test_chosen_mask_repeats (void)
{
  static const char *payloads[] = {
    "BCD\n002\n1\nSCT\n\nSARL Exemple\nFR7630006000011234567890189\nEUR0.01\n\n\nF-2026-0001\n",
    "BCD\n002\n1\nSCT\nBNPAFRPP\nŻółć Spółka z o.o.\nFR7630006000011234567890189\n"
    "EUR9999999.99\n\n\nRF18539007547034\nRelance n° 3",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      gsize length = strlen (payloads[i]);
      g_autofree RlQr *chosen = rl_qr_encode ((const guint8 *) payloads[i], length, -1);
      g_autofree RlQr *again = rl_qr_encode ((const guint8 *) payloads[i], length,
                                             chosen->mask);

      g_assert_cmpint (chosen->mask, >=, 0);
      g_assert_cmpint (chosen->mask, <, 8);
      g_assert_cmpmem (chosen->modules, chosen->size * chosen->size, again->modules,
                       again->size * again->size);
      check_same_symbol ((const guint8 *) payloads[i], length);
    }
}

/* The scores counted a line at a time (symbols of up to version 10) are those counted
 * module by module, mask for mask. */
static void
test_scores_both_ways (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint compared = 0;

  for (gsize length = 0; length <= 400; length += 3)
    {
      g_autofree guint8 *data = random_bytes (rand, length);
      g_autofree RlQr *qr = rl_qr_encode (data, length, 0);
      int by_line[8], by_module[8];

      /* Sparse data too: long runs and finder-like patterns. */
      if (length % 2 == 0)
        for (gsize i = 0; i < length; i++)
          data[i] &= 0x81;
      g_assert_true (rl_qr_score_masks (data, length, FALSE, by_line));
      g_assert_true (rl_qr_score_masks (data, length, TRUE, by_module));
      for (int m = 0; m < 8; m++)
        {
          g_assert_cmpint (by_line[m], >, 0);
          g_assert_cmpint (by_line[m], ==, by_module[m]);
        }
      compared += qr->version <= 10;
    }
  g_assert_cmpuint (compared, >, 60);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/qr/every-version", test_every_version);
  g_test_add_func ("/qr/capacity", test_capacity);
  g_test_add_func ("/qr/chosen-mask-repeats", test_chosen_mask_repeats);
  g_test_add_func ("/qr/scores-both-ways", test_scores_both_ways);
  return g_test_run ();
}
