/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-letters"

#include "config.h"

#include "rl-postal.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (rl-letter-error-quark, rl_letter_error)

/* The abbreviations La Poste accepts (NF Z10-011, annex), longest words first in effect:
 * each is matched on a whole word, accents and case ignored. */
static const struct
{
  const char *word;
  const char *abbrev;
} abbreviations[] = {
  { "ALLEE", "ALL" },
  { "APPARTEMENT", "APP" },
  { "ASSOCIATION", "ASSOC" },
  { "AVENUE", "AV" },
  { "BATIMENT", "BAT" },
  { "BOULEVARD", "BD" },
  { "CENTRE", "CTRE" },
  { "CHEMIN", "CHE" },
  { "COMPAGNIE", "CIE" },
  { "COURS", "CRS" },
  { "DOMAINE", "DOM" },
  { "ENTREPRISE", "ENTR" },
  { "ESCALIER", "ESC" },
  { "ETABLISSEMENTS", "ETS" },
  { "ETAGE", "ETG" },
  { "FAUBOURG", "FG" },
  { "GRANDE", "GDE" },
  { "HAMEAU", "HAM" },
  { "IMMEUBLE", "IMM" },
  { "IMPASSE", "IMP" },
  { "INDUSTRIELLE", "IND" },
  { "LIEU-DIT", "LD" },
  { "LOTISSEMENT", "LOT" },
  { "MONSIEUR", "M" },
  { "MADAME", "MME" },
  { "PASSAGE", "PAS" },
  { "PLACE", "PL" },
  { "PROMENADE", "PROM" },
  { "QUARTIER", "QUA" },
  { "RESIDENCE", "RES" },
  { "ROND-POINT", "RPT" },
  { "ROUTE", "RTE" },
  { "SAINT", "ST" },
  { "SAINTE", "STE" },
  { "SOCIETE", "STE" },
  { "SQUARE", "SQ" },
  { "TRAVERSE", "TRA" },
};

/* Country names in French, as a letter posted in France writes them (UPU: the language of
 * the country of origin). */
static const struct
{
  const char *code;
  const char *name;
} countries[] = {
  { "AT", "AUTRICHE" }, { "BE", "BELGIQUE" }, { "CH", "SUISSE" }, { "CZ", "TCHEQUIE" },
  { "DE", "ALLEMAGNE" }, { "DK", "DANEMARK" }, { "ES", "ESPAGNE" }, { "FR", "FRANCE" },
  { "GB", "ROYAUME-UNI" }, { "GR", "GRECE" }, { "IE", "IRLANDE" }, { "IT", "ITALIE" },
  { "LU", "LUXEMBOURG" }, { "MC", "MONACO" }, { "NL", "PAYS-BAS" }, { "PL", "POLOGNE" },
  { "PT", "PORTUGAL" }, { "RO", "ROUMANIE" }, { "SE", "SUEDE" }, { "SK", "SLOVAQUIE" },
  { "US", "ETATS-UNIS" },
};

static char *
ascii_upper (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");

  return g_ascii_strup (ascii, -1);
}

static glong
chars (const char *text)
{
  return g_utf8_strlen (text, -1);
}

/* Trims and collapses runs of white space; NULL for an empty line. */
static char *
clean_line (const char *text)
{
  g_autoptr(GString) s = g_string_new (NULL);
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = s->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_unichar (s, c);
    }
  if (s->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static const char *
abbreviation_of (const char *word,
                 gsize       len)
{
  g_autofree char *w = g_strndup (word, len);
  g_autofree char *key = ascii_upper (w);

  for (gsize i = 0; i < G_N_ELEMENTS (abbreviations); i++)
    if (strcmp (key, abbreviations[i].word) == 0)
      return abbreviations[i].abbrev;
  return NULL;
}

/**
 * rl_postal_abbreviate:
 * @line: an address line
 *
 * Returns: (transfer full): @line with every word La Poste lets abbreviate abbreviated
 *   ("Boulevard Saint-Michel" → "BD ST-Michel"); words are delimited by spaces and hyphens
 */
char *
rl_postal_abbreviate (const char *line)
{
  GString *s = g_string_new (NULL);
  const char *p = line;

  g_return_val_if_fail (line != NULL, NULL);

  while (*p != '\0')
    {
      const char *end = p;
      const char *abbrev;

      while (*end != '\0' && *end != ' ' && *end != '-')
        end = g_utf8_next_char (end);
      abbrev = end > p ? abbreviation_of (p, end - p) : NULL;
      if (abbrev != NULL)
        g_string_append (s, abbrev);
      else
        g_string_append_len (s, p, end - p);
      if (*end == '\0')
        break;
      g_string_append_c (s, *end);
      p = end + 1;
    }
  return g_string_free (s, FALSE);
}

/**
 * rl_postal_country_name:
 * @country: an ISO 3166 alpha-2 code or a country's name
 *
 * Returns: (transfer full): the country line: its French name in capitals without accents
 */
char *
rl_postal_country_name (const char *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_ascii_strcasecmp (country, countries[i].code) == 0)
      return g_strdup (countries[i].name);
  return ascii_upper (country);
}

static gboolean
is_home (const char *country,
         const char *home)
{
  g_autofree char *name = NULL, *home_name = NULL;

  if (country == NULL || *country == '\0')
    return TRUE;
  name = rl_postal_country_name (country);
  home_name = rl_postal_country_name (home != NULL ? home : "FR");
  return strcmp (name, home_name) == 0;
}

/* Splits @line at the last space that leaves at most the limit on the first part. */
static gboolean
wrap_line (const char  *line,
           char       **out_first,
           char       **out_rest)
{
  const char *split = NULL;
  glong n = 0;

  for (const char *p = line; *p != '\0' && n <= RL_POSTAL_MAX_LINE_CHARS;
       p = g_utf8_next_char (p), n++)
    if (*p == ' ')
      split = p;
  if (split == NULL || chars (split + 1) > RL_POSTAL_MAX_LINE_CHARS)
    return FALSE;
  *out_first = g_strndup (line, split - line);
  *out_rest = g_strdup (split + 1);
  return TRUE;
}

/* Adds @text as one line, abbreviated if need be, or as two when @may_wrap. */
static gboolean
add_line (GPtrArray   *lines,
          const char  *text,
          gboolean     may_wrap,
          GError     **error)
{
  g_autofree char *line = clean_line (text);
  g_autofree char *first = NULL, *rest = NULL;

  if (line == NULL)
    return TRUE;
  if (chars (line) > RL_POSTAL_MAX_LINE_CHARS)
    {
      char *short_line = rl_postal_abbreviate (line);

      g_free (line);
      line = short_line;
    }
  if (chars (line) <= RL_POSTAL_MAX_LINE_CHARS)
    {
      g_ptr_array_add (lines, g_steal_pointer (&line));
      return TRUE;
    }
  if (may_wrap && wrap_line (line, &first, &rest))
    {
      g_ptr_array_add (lines, g_steal_pointer (&first));
      g_ptr_array_add (lines, g_steal_pointer (&rest));
      return TRUE;
    }
  g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_ADDRESS,
               _("the address line “%s” is longer than %d characters, even abbreviated"),
               line, RL_POSTAL_MAX_LINE_CHARS);
  return FALSE;
}

/* AFNOR NF Z10-011: no punctuation from the fourth line of the address on (the street, the
 * place or post box, "POSTCODE CITY"): "12, rue des Lilas" is written "12 rue des Lilas",
 * "Z.I. des Vignes" "ZI des Vignes". What names and numbers need stays: the hyphen
 * (Saint-Égrève, 12-14), the apostrophe (l’Église) and the slash. */
static char *
without_punctuation (const char *line)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const char *p = line; *p != '\0'; p++)
    {
      if (strchr (",;:!?\"()[]", *p) != NULL)
        g_string_append_c (s, ' ');
      else if (*p == '.')
        {
          /* The dots of an abbreviation join its letters; another dot parts words. */
          if (!(s->len > 0 && g_ascii_isalnum (s->str[s->len - 1]) && g_ascii_isalnum (p[1])))
            g_string_append_c (s, ' ');
        }
      else if (g_str_has_prefix (p, "«") || g_str_has_prefix (p, "»"))
        {
          g_string_append_c (s, ' ');
          p += strlen ("«") - 1;
        }
      else
        g_string_append_c (s, *p);
    }
  return clean_line (s->str);
}

/* The lines of a French address from the fourth on, counted from "POSTCODE CITY" (line 6)
 * up, as the standard numbers them by what they hold, the recipient's lines excepted. */
static void
strip_punctuation (GPtrArray *lines,
                   guint      recipient_lines)
{
  guint first = lines->len > 3 ? MAX (recipient_lines, lines->len - 3) : recipient_lines;

  for (guint i = first; i < lines->len; i++)
    {
      char *plain = without_punctuation (g_ptr_array_index (lines, i));

      if (plain == NULL)
        plain = g_strdup (g_ptr_array_index (lines, i));
      g_free (g_ptr_array_index (lines, i));
      g_ptr_array_index (lines, i) = plain;
    }
}

static GPtrArray *
build_lines (const RlPostalAddress  *a,
             gboolean                with_attention,
             const char             *town,
             const char             *country,
             GError                **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint recipient_lines;

  if (!add_line (lines, a->name, TRUE, error)
      || (with_attention && !add_line (lines, a->attention, FALSE, error)))
    return NULL;
  recipient_lines = lines->len;
  if (!add_line (lines, a->address1, TRUE, error)
      || !add_line (lines, a->address2, FALSE, error)
      || !add_line (lines, a->address3, FALSE, error)
      || !add_line (lines, town, FALSE, error)
      || !add_line (lines, country, FALSE, error))
    return NULL;
  /* Abroad, the address is written as its country writes it ("ul. Piotrkowska"). */
  if (country == NULL)
    strip_punctuation (lines, recipient_lines);
  return g_steal_pointer (&lines);
}

/**
 * rl_postal_format:
 * @address: the recipient
 * @home_country: the sender's country (ISO code), "FR" if %NULL
 *
 * Writes an address for a window envelope (see above). The person to the attention of whom
 * the letter goes is left out when the lines are too many without it.
 *
 * Returns: (transfer full): the lines, %NULL-terminated; or %NULL with
 *   %RL_LETTER_ERROR_ADDRESS when the name or the city is missing or the address does not fit
 */
char **
rl_postal_format (const RlPostalAddress  *a,
                  const char             *home_country,
                  GError                **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *name = NULL, *city = NULL, *postcode = NULL, *town = NULL;
  g_autofree char *country = NULL;
  guint max_lines = RL_POSTAL_MAX_LINES;

  g_return_val_if_fail (a != NULL, NULL);

  name = clean_line (a->name);
  city = clean_line (a->city);
  if (name == NULL || city == NULL)
    {
      g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_ADDRESS,
                   _("the address of “%s” has no name or no city"), name ? name : "");
      return NULL;
    }
  postcode = clean_line (a->postcode);
  town = g_strdup_printf ("%s%s%s", postcode ? postcode : "", postcode ? " " : "", city);
  {
    char *upper = ascii_upper (town);

    g_free (town);
    town = upper;
  }
  if (!is_home (a->country, home_country))
    {
      country = rl_postal_country_name (a->country);
      max_lines++;
    }

  lines = build_lines (a, TRUE, town, country, error);
  if (lines != NULL && lines->len > max_lines && a->attention != NULL)
    {
      g_clear_pointer (&lines, g_ptr_array_unref);
      lines = build_lines (a, FALSE, town, country, error);
    }
  if (lines == NULL)
    return NULL;
  if (lines->len > max_lines)
    {
      g_set_error (error, RL_LETTER_ERROR, RL_LETTER_ERROR_ADDRESS,
                   _("the address of “%s” needs %u lines; an envelope takes %u"), name,
                   lines->len, max_lines);
      return NULL;
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}
