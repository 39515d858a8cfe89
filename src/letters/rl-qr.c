/* SPDX-License-Identifier: GPL-3.0-or-later */
/* QR code symbols (ISO/IEC 18004:2015), as the EPC QR code (EPC069-12) asks for them: the
 * payload as one segment in byte mode, error correction level M.
 *
 * Written here rather than taken from libqrencode, which drew these codes before: a batch of
 * letters draws one code per letter, and libqrencode spent an eighth of the batch's processor
 * time choosing each code's mask (it scores the eight masks column by column, and its public
 * functions cannot be given a mask). Given the same mask, the symbols are the same module
 * for module (tests/test-qr.c compares them for every version); the mask chosen, by the
 * standard's four penalty rules, is libqrencode's for three symbols in five (the two count
 * the penalties a little differently). The letters' tests decode the codes with zbarimg. */

#include "config.h"

#include "rl-qr.h"

#include <stdlib.h>
#include <string.h>

/* Level M, by version: error correction codewords per block, and blocks. */
static const guint8 ec_per_block[RL_QR_MAX_VERSION + 1] = {
  0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
  26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
};
static const guint8 ec_blocks[RL_QR_MAX_VERSION + 1] = {
  0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
  17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
};

/* The format information's two bits for level M. */
#define LEVEL_M_BITS 0

/* The codewords of a version 40 symbol, data and error correction: raw_data_modules (40) / 8. */
#define MAX_CODEWORDS 3706
#define MAX_EC   30

/* Modules of a symbol being built: bit 0 dark, bit 1 part of a function pattern. */
#define DARK     1
#define FUNCTION 2

/* GF(256) with the polynomial x⁸ + x⁴ + x³ + x² + 1. */
static guint8 gf_exp[512];
static guint8 gf_log[256];

static void
gf_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      unsigned v = 1;

      for (int i = 0; i < 255; i++)
        {
          gf_exp[i] = (guint8) v;
          gf_log[v] = (guint8) i;
          v <<= 1;
          if (v & 0x100)
            v ^= 0x11d;
        }
      for (int i = 255; i < 512; i++)
        gf_exp[i] = gf_exp[i - 255];
      g_once_init_leave (&done, 1);
    }
}

static inline guint8
gf_mul (guint8 a,
        guint8 b)
{
  return a == 0 || b == 0 ? 0 : gf_exp[gf_log[a] + gf_log[b]];
}

/* The generator polynomial of @degree (roots α⁰ … α^(degree-1)), its leading 1 left out,
 * highest power first. */
static void
rs_generator (int     degree,
              guint8 *gen)
{
  guint8 root = 1;

  memset (gen, 0, (gsize) degree);
  gen[degree - 1] = 1;
  /* Multiplies by (x - root) for each root in turn. */
  for (int i = 0; i < degree; i++)
    {
      for (int j = 0; j < degree; j++)
        {
          gen[j] = gf_mul (gen[j], root);
          if (j + 1 < degree)
            gen[j] ^= gen[j + 1];
        }
      root = gf_mul (root, 2);
    }
}

/* The error correction codewords of @data: the remainder of its division by @gen. */
static void
rs_remainder (const guint8 *data,
              int           length,
              const guint8 *gen,
              int           degree,
              guint8       *out)
{
  memset (out, 0, (gsize) degree);
  for (int i = 0; i < length; i++)
    {
      guint8 factor = data[i] ^ out[0];

      memmove (out, out + 1, (gsize) degree - 1);
      out[degree - 1] = 0;
      if (factor != 0)
        for (int j = 0; j < degree; j++)
          out[j] ^= gf_mul (gen[j], factor);
    }
}

/* The modules a symbol of @version has for data and error correction, remainder bits
 * included. */
static int
raw_data_modules (int version)
{
  int n = (16 * version + 128) * version + 64;

  if (version >= 2)
    {
      int aligns = version / 7 + 2;

      n -= (25 * aligns - 10) * aligns - 55;
      if (version >= 7)
        n -= 36;
    }
  return n;
}

static int
data_codewords (int version)
{
  return raw_data_modules (version) / 8 - ec_per_block[version] * ec_blocks[version];
}

/* The centres of the alignment patterns on either axis; returns how many. */
static int
alignment_positions (int  version,
                     int *out)
{
  int count, step, size = 17 + 4 * version;

  if (version == 1)
    return 0;
  count = version / 7 + 2;
  step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2;
  out[0] = 6;
  for (int i = count - 1, pos = size - 7; i >= 1; i--, pos -= step)
    out[i] = pos;
  return count;
}

typedef struct
{
  int     size;
  guint8 *m;      /* size × size: DARK | FUNCTION */
} Grid;

static inline void
set_function (Grid    *g,
              int      x,
              int      y,
              gboolean dark)
{
  g->m[y * g->size + x] = FUNCTION | (dark ? DARK : 0);
}

static void
draw_finder (Grid *g,
             int   cx,
             int   cy)
{
  for (int dy = -4; dy <= 4; dy++)
    for (int dx = -4; dx <= 4; dx++)
      {
        int x = cx + dx, y = cy + dy, dist = MAX (abs (dx), abs (dy));

        if (x >= 0 && y >= 0 && x < g->size && y < g->size)
          set_function (g, x, y, dist != 2 && dist != 4);
      }
}

static void
draw_alignment (Grid *g,
                int   cx,
                int   cy)
{
  for (int dy = -2; dy <= 2; dy++)
    for (int dx = -2; dx <= 2; dx++)
      set_function (g, cx + dx, cy + dy, MAX (abs (dx), abs (dy)) != 1);
}

/* Where the 15 format bits go: bit i at (x[0], y[0]) and again at (x[1], y[1]). */
static void
format_position (int  size,
                 int  i,
                 int *x,
                 int *y)
{
  if (i <= 5)
    x[0] = 8, y[0] = i;
  else if (i <= 7)
    x[0] = 8, y[0] = i + 1;
  else if (i == 8)
    x[0] = 7, y[0] = 8;
  else
    x[0] = 14 - i, y[0] = 8;
  if (i < 8)
    x[1] = size - 1 - i, y[1] = 8;
  else
    x[1] = 8, y[1] = size - 15 + i;
}

/* The format bits: level and mask, BCH-protected. */
static int
format_bits (int mask)
{
  int data = LEVEL_M_BITS << 3 | mask, rem = data;

  for (int i = 0; i < 10; i++)
    rem = (rem << 1) ^ ((rem >> 9) * 0x537);
  return (data << 10 | rem) ^ 0x5412;
}

/* The format bits drawn twice, and the dark module beside the second copy. */
static void
draw_format (Grid *g,
             int   mask)
{
  int bits = format_bits (mask);

  for (int i = 0; i < 15; i++)
    {
      int x[2], y[2];

      format_position (g->size, i, x, y);
      set_function (g, x[0], y[0], (bits >> i) & 1);
      set_function (g, x[1], y[1], (bits >> i) & 1);
    }
  set_function (g, 8, g->size - 8, TRUE);   /* the dark module */
}

/* From version 7, the version in 18 bits (BCH-protected), drawn twice. */
static void
draw_version (Grid *g,
              int   version)
{
  int rem = version;
  long bits;

  if (version < 7)
    return;
  for (int i = 0; i < 12; i++)
    rem = (rem << 1) ^ ((rem >> 11) * 0x1f25);
  bits = (long) version << 12 | rem;
  for (int i = 0; i < 18; i++)
    {
      int a = g->size - 11 + i % 3, b = i / 3;
      gboolean dark = (bits >> i) & 1;

      set_function (g, a, b, dark);
      set_function (g, b, a, dark);
    }
}

static void
draw_function_patterns (Grid *g,
                        int   version)
{
  int align[7], n = alignment_positions (version, align), s = g->size;

  for (int i = 0; i < s; i++)
    {
      set_function (g, 6, i, i % 2 == 0);
      set_function (g, i, 6, i % 2 == 0);
    }
  draw_finder (g, 3, 3);
  draw_finder (g, s - 4, 3);
  draw_finder (g, 3, s - 4);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      if (!((i == 0 && j == 0) || (i == 0 && j == n - 1) || (i == n - 1 && j == 0)))
        draw_alignment (g, align[i], align[j]);
  draw_format (g, 0);   /* reserves the format areas; drawn again with the mask chosen */
  draw_version (g, version);
}

/* The codewords' bits in the zigzag of two columns, from the bottom right corner. */
static void
place_codewords (Grid         *g,
                 const guint8 *codewords,
                 int           count)
{
  int bit = 0, total = count * 8, s = g->size;

  for (int right = s - 1; right >= 1; right -= 2)
    {
      gboolean upward;

      if (right == 6)
        right = 5;
      upward = ((right + 1) & 2) == 0;
      for (int v = 0; v < s; v++)
        for (int j = 0; j < 2; j++)
          {
            int x = right - j, y = upward ? s - 1 - v : v;
            guint8 *m = &g->m[y * s + x];

            if (*m & FUNCTION)
              continue;
            /* The remainder bits after the last codeword stay light. */
            if (bit < total && (codewords[bit >> 3] >> (7 - (bit & 7))) & 1)
              *m = DARK;
            bit++;
          }
    }
}

static inline gboolean
mask_applies (int mask,
              int x,
              int y)
{
  switch (mask)
    {
    case 0: return (x + y) % 2 == 0;
    case 1: return y % 2 == 0;
    case 2: return x % 3 == 0;
    case 3: return (x + y) % 3 == 0;
    case 4: return (x / 3 + y / 2) % 2 == 0;
    case 5: return x * y % 2 + x * y % 3 == 0;
    case 6: return (x * y % 2 + x * y % 3) % 2 == 0;
    default: return ((x + y) % 2 + x * y % 3) % 2 == 0;
    }
}

/* Inverts the data modules where @mask applies: applied twice, it takes itself off. */
static void
apply_mask (Grid *g,
            int   mask)
{
  int s = g->size;

  for (int y = 0; y < s; y++)
    for (int x = 0; x < s; x++)
      {
        guint8 *m = &g->m[y * s + x];

        if (!(*m & FUNCTION) && mask_applies (mask, x, y))
          *m ^= DARK;
      }
}

/* Penalties of a line of @n modules (@step apart): runs of five or more of a colour (N1),
 * and finder-like patterns, dark-light-dark×3-light-dark with four light modules before or
 * after (N3; outside the symbol is light). */
static int
line_penalty (const guint8 *line,
              int           n,
              int           step)
{
  int penalty = 0, run = 0, window = 0;
  guint8 colour = 2;

  for (int i = 0; i < n + 4; i++)
    {
      guint8 c = i < n ? line[i * step] & DARK : 0;

      if (i < n)
        {
          if (c == colour)
            run++;
          else
            {
              if (run >= 5)
                penalty += run - 2;
              colour = c;
              run = 1;
            }
        }
      /* The last eleven modules, the first one the highest bit; those before the line
       * count as light, as the four fed after it. */
      window = ((window << 1) | c) & 0x7ff;
      if (window == 0x5d0 || window == 0x05d)
        penalty += 40;
    }
  if (run >= 5)
    penalty += run - 2;
  return penalty;
}

/* The score of a masked symbol (ISO/IEC 18004 §7.8.3): the lower, the easier to read. */
static int
penalty (const Grid *g)
{
  int s = g->size, score = 0, dark = 0, total = s * s, k;

  for (int i = 0; i < s; i++)
    {
      score += line_penalty (g->m + i * s, s, 1);
      score += line_penalty (g->m + i, s, s);
    }
  for (int y = 0; y < s - 1; y++)
    {
      const guint8 *row = g->m + y * s, *next = row + s;

      for (int x = 0; x < s - 1; x++)
        {
          guint8 c = row[x] & DARK;

          if ((row[x + 1] & DARK) == c && (next[x] & DARK) == c && (next[x + 1] & DARK) == c)
            score += 3;
        }
    }
  for (int i = 0; i < total; i++)
    dark += g->m[i] & DARK;
  /* N4: 10 points for each full 5 % the share of dark modules is away from half. */
  k = abs (dark * 20 - total * 10) / total;
  return score + k * 10;
}

/* The symbol's penalties computed a line at a time, for symbols of up to LINE_MODULES
 * modules a side (version 10; an EPC QR code of up to 213 bytes): each row and each column a
 * 64-bit integer, bit x for module x. The eight masks then cost a few thousand operations
 * instead of a few hundred thousand. */
#define LINE_MODULES 60
typedef guint64 Line;

static inline int
popcount (Line v)
{
  /* Without POPCNT, which the x86-64 baseline does not have: bits added in pairs, nibbles,
   * then bytes. */
  v -= (v >> 1) & 0x5555555555555555ULL;
  v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
  v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return (int) ((v * 0x0101010101010101ULL) >> 56);
}

/* Bit x of row_pattern[m][y % 12] is set where mask m inverts (x, y); bit y of
 * col_pattern[m][x % 12] likewise: the masks repeat every 12 modules either way. */
static Line row_pattern[8][12];
static Line col_pattern[8][12];

static void
patterns_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (int m = 0; m < 8; m++)
        for (int r = 0; r < 12; r++)
          for (int i = 0; i < LINE_MODULES; i++)
            {
              if (mask_applies (m, i, r))
                row_pattern[m][r] |= (Line) 1 << i;
              if (mask_applies (m, r, i))
                col_pattern[m][r] |= (Line) 1 << i;
            }
      g_once_init_leave (&done, 1);
    }
}

/* N1: runs of five or more of a colour, 3 points for five and 1 for each module more. */
static inline int
runs_penalty (Line bits)
{
  Line five = bits & bits >> 1 & bits >> 2 & bits >> 3 & bits >> 4;

  /* A run of n ≥ 5 sets n - 4 bits of five, the first of them alone. */
  return popcount (five) + 2 * popcount (five & ~(five << 1));
}

/* N1 and N3 for a line of @n modules; beyond it (bits n and up, and before bit 0) all is
 * light. */
static inline int
line_bits_penalty (Line line,
                   int  n)
{
  Line light = ~line;
  /* Bit i: dark-light-dark-dark-dark-light-dark (finder-like) from module i. */
  Line core = line & light >> 1 & line >> 2 & line >> 3 & line >> 4 & light >> 5 & line >> 6;
  /* Bit i: four light modules before module i, or from module i. */
  Line light_before = (light << 1 | 1) & (light << 2 | 3) & (light << 3 | 7) & (light << 4 | 15);
  Line light_from = light & light >> 1 & light >> 2 & light >> 3;

  return runs_penalty (line) + runs_penalty (light & (((Line) 1 << n) - 1))
         + 40 * (popcount (core & light_before) + popcount (core & light_from >> 7));
}

/* The scores of the eight masks of @g, as penalty() gives them. */
static void
score_masks_by_line (const Grid *g,
                     int         scores[8])
{
  int s = g->size, total = s * s;
  Line rows[LINE_MODULES], cols[LINE_MODULES], row_fn[LINE_MODULES], col_fn[LINE_MODULES];
  Line valid = ((Line) 1 << s) - 1, pairs = ((Line) 1 << (s - 1)) - 1;
  int fx[15][2], fy[15][2];

  for (int i = 0; i < 15; i++)
    format_position (s, i, fx[i], fy[i]);
  patterns_init ();
  memset (rows, 0, sizeof (Line) * (gsize) s);
  memset (cols, 0, sizeof (Line) * (gsize) s);
  memset (row_fn, 0, sizeof (Line) * (gsize) s);
  memset (col_fn, 0, sizeof (Line) * (gsize) s);
  for (int y = 0; y < s; y++)
    for (int x = 0; x < s; x++)
      {
        guint8 c = g->m[y * s + x];

        if (c & DARK)
          {
            rows[y] |= (Line) 1 << x;
            cols[x] |= (Line) 1 << y;
          }
        if (c & FUNCTION)
          {
            row_fn[y] |= (Line) 1 << x;
            col_fn[x] |= (Line) 1 << y;
          }
      }

  for (int m = 0; m < 8; m++)
    {
      Line r[LINE_MODULES], c[LINE_MODULES];
      int score = 0, dark = 0, k;

      for (int i = 0; i < s; i++)
        {
          r[i] = rows[i] ^ (row_pattern[m][i % 12] & ~row_fn[i] & valid);
          c[i] = cols[i] ^ (col_pattern[m][i % 12] & ~col_fn[i] & valid);
        }
      /* The format bits of mask m in place of those of the grid. */
      for (int i = 0, bits = format_bits (m) ^ format_bits (0); i < 15; i++)
        if ((bits >> i) & 1)
          for (int copy = 0; copy < 2; copy++)
            {
              r[fy[i][copy]] ^= (Line) 1 << fx[i][copy];
              c[fx[i][copy]] ^= (Line) 1 << fy[i][copy];
            }
      for (int i = 0; i < s; i++)
        {
          score += line_bits_penalty (r[i], s) + line_bits_penalty (c[i], s);
          dark += popcount (r[i]);
        }
      /* N2: 2 × 2 blocks of a colour. */
      for (int y = 0; y + 1 < s; y++)
        {
          Line same = ~(r[y] ^ r[y + 1]);

          score += 3 * popcount (same & same >> 1 & ~(r[y] ^ r[y] >> 1) & pairs);
        }
      k = abs (dark * 20 - total * 10) / total;
      scores[m] = score + k * 10;
    }
}

/* The scores of the eight masks of @g, one after the other on the grid itself. */
static void
score_masks_by_module (Grid *g,
                       int   scores[8])
{
  for (int m = 0; m < 8; m++)
    {
      apply_mask (g, m);
      draw_format (g, m);
      scores[m] = penalty (g);
      apply_mask (g, m);
    }
}

/* The scores of the eight masks, by line when the symbol is small enough. */
static void
score_masks (Grid     *g,
             gboolean  by_module,
             int       scores[8])
{
  if (!by_module && g->size <= LINE_MODULES)
    {
      score_masks_by_line (g, scores);
      return;
    }
  score_masks_by_module (g, scores);
}

/* The symbol of @data before masking, its format drawn for mask 0; FALSE if too long. */
static gboolean
build_grid (const guint8 *data,
            gsize         length,
            Grid         *g,
            int          *out_version)
{
  int version, n_data, raw, blocks, ec, short_blocks, short_len, s;
  guint8 codewords[MAX_CODEWORDS], gen[MAX_EC], ecc[MAX_EC];
  g_autofree guint8 *interleaved = NULL;
  gsize pos;

  for (version = 1; version <= RL_QR_MAX_VERSION; version++)
    {
      gsize bits = 4 + (version <= 9 ? 8 : 16) + 8 * length;

      if (bits <= (gsize) data_codewords (version) * 8)
        break;
    }
  if (version > RL_QR_MAX_VERSION)
    return FALSE;
  gf_init ();

  /* The data codewords: mode 0100, the count, the bytes, a terminator of up to four zero
   * bits, zeros to the byte, then the pad bytes 0xEC and 0x11 in turn. */
  n_data = data_codewords (version);
  memset (codewords, 0, sizeof codewords);
  pos = 0;
  {
    guint64 acc = 0;
    int acc_bits = 0;
#define PUT(value, nbits)                                                   \
    G_STMT_START {                                                          \
      acc = acc << (nbits) | (guint64) (value);                             \
      acc_bits += (nbits);                                                  \
      while (acc_bits >= 8)                                                 \
        {                                                                   \
          acc_bits -= 8;                                                    \
          codewords[pos++] = (guint8) (acc >> acc_bits);                    \
        }                                                                   \
    } G_STMT_END
    PUT (4, 4);
    PUT (length, version <= 9 ? 8 : 16);
    for (gsize i = 0; i < length; i++)
      PUT (data[i], 8);
    /* The terminator and the zeros to the byte, as far as there is room. */
    if (pos < (gsize) n_data)
      {
        int room = (n_data - (int) pos) * 8 - acc_bits;

        PUT (0, MIN (4, room));
        if (acc_bits > 0)
          PUT (0, 8 - acc_bits);
      }
#undef PUT
  }
  for (guint8 pad = 0xec; pos < (gsize) n_data; pad ^= 0xec ^ 0x11)
    codewords[pos++] = pad;

  /* The error correction, block by block, then the blocks interleaved. */
  raw = raw_data_modules (version) / 8;
  blocks = ec_blocks[version];
  ec = ec_per_block[version];
  short_blocks = blocks - raw % blocks;
  short_len = raw / blocks - ec;         /* data codewords of a short block */
  interleaved = g_new (guint8, raw);
  rs_generator (ec, gen);
  {
    int start = 0;

    for (int b = 0; b < blocks; b++)
      {
        int len = short_len + (b >= short_blocks);

        for (int i = 0; i < len; i++)
          {
            /* Column i of the data: the short blocks have no codeword in the last one. */
            int at = i < short_len ? i * blocks + b : short_len * blocks + (b - short_blocks);

            interleaved[at] = codewords[start + i];
          }
        rs_remainder (codewords + start, len, gen, ec, ecc);
        for (int i = 0; i < ec; i++)
          interleaved[n_data + i * blocks + b] = ecc[i];
        start += len;
      }
  }

  s = 17 + 4 * version;
  g->size = s;
  g->m = g_malloc0 ((gsize) s * s);
  draw_function_patterns (g, version);
  place_codewords (g, interleaved, raw);
  *out_version = version;
  return TRUE;
}

/**
 * rl_qr_encode:
 * @data: the bytes to encode
 * @length: how many
 * @mask: the data mask, or -1 for the one the standard's scoring prefers
 *
 * Encodes @data in byte mode at level M in the smallest symbol it fits.
 *
 * Returns: (transfer full) (nullable): the symbol, to free with g_free(); %NULL if @data is
 *   too long for a version 40 symbol (2,331 bytes)
 */
RlQr *
rl_qr_encode (const guint8 *data,
              gsize         length,
              int           mask)
{
  int version, s, best_mask = 0;
  g_autofree guint8 *cells = NULL;
  Grid g;
  RlQr *qr;

  g_return_val_if_fail (mask >= -1 && mask < 8, NULL);

  if (!build_grid (data, length, &g, &version))
    return NULL;
  cells = g.m;
  s = g.size;

  if (mask < 0)
    {
      int scores[8];

      score_masks (&g, FALSE, scores);
      for (int m = 1; m < 8; m++)
        if (scores[m] < scores[best_mask])
          best_mask = m;
    }
  else
    best_mask = mask;
  apply_mask (&g, best_mask);
  draw_format (&g, best_mask);

  qr = g_malloc (sizeof (RlQr) + (gsize) s * s);
  qr->version = version;
  qr->size = s;
  qr->mask = best_mask;
  for (int i = 0; i < s * s; i++)
    qr->modules[i] = cells[i] & DARK;
  return qr;
}

/**
 * rl_qr_score_masks:
 * @data: the bytes to encode
 * @length: how many
 * @by_module: score module by module rather than a line at a time
 * @scores: (out): the score of each mask
 *
 * For tests: the scores rl_qr_encode() chooses the mask by, computed either way.
 *
 * Returns: %FALSE if @data is too long
 */
gboolean
rl_qr_score_masks (const guint8 *data,
                   gsize         length,
                   gboolean      by_module,
                   int           scores[8])
{
  g_autofree guint8 *cells = NULL;
  Grid g;
  int version;

  if (!build_grid (data, length, &g, &version))
    return FALSE;
  cells = g.m;
  score_masks (&g, by_module, scores);
  return TRUE;
}
