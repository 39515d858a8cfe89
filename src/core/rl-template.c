/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "rl-template"

#include "config.h"

#include "rl-template.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "rl-template-private.h"

typedef enum
{
  NODE_TEXT,
  NODE_VAR,
  NODE_FOR,
  NODE_IF,
} NodeKind;

typedef struct _Node Node;

struct _Node
{
  NodeKind   kind;
  guint      line;
  guint      column;
  char      *text;       /* TEXT: the text; VAR, IF: the name; FOR: the list's name */
  char      *item;       /* FOR: the loop variable */
  gboolean   negate;     /* IF: "if not" */
  GPtrArray *body;       /* FOR, IF: the nodes inside */
  GPtrArray *otherwise;  /* IF: the nodes after "else", or NULL */
};

struct _RlTemplate
{
  GPtrArray *nodes;
};

G_DEFINE_QUARK (rl-template-error-quark, rl_template_error)

/* Nodes */

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->text);
  g_free (node->item);
  g_clear_pointer (&node->body, g_ptr_array_unref);
  g_clear_pointer (&node->otherwise, g_ptr_array_unref);
  g_free (node);
}

static Node *
node_new (NodeKind    kind,
          guint       line,
          guint       column,
          const char *text)
{
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  node->line = line;
  node->column = column;
  node->text = g_strdup (text);
  if (kind == NODE_FOR || kind == NODE_IF)
    node->body = g_ptr_array_new_with_free_func (node_free);
  return node;
}

/* Parsing */

typedef struct
{
  const char *src;
  GPtrArray  *nodes;  /* the template's top level */
  GPtrArray  *open;   /* the for and if nodes not closed yet, innermost last */
} Parser;

/* Line and column, both from 1, of byte @pos; the column counts characters. */
static void
locate (const char *src,
        gsize       pos,
        guint      *line,
        guint      *column)
{
  const char *line_start = src;

  *line = 1;
  for (gsize i = 0; i < pos; i++)
    if (src[i] == '\n')
      {
        (*line)++;
        line_start = src + i + 1;
      }
  *column = (guint) g_utf8_strlen (line_start, src + pos - line_start) + 1;
}

static gboolean
syntax_error (GError    **error,
              const char *src,
              gsize       pos,
              const char *message)
{
  guint line, column;

  locate (src, pos, &line, &column);
  g_set_error (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_SYNTAX,
               _("Line %u, column %u: %s"), line, column, message);
  return FALSE;
}

static gboolean
is_identifier (const char *s,
               gsize       len)
{
  if (len == 0 || !(g_ascii_isalpha (s[0]) || s[0] == '_'))
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!(g_ascii_isalnum (s[i]) || s[i] == '_'))
      return FALSE;
  return TRUE;
}

/* A name is identifiers joined by dots: "customer.name". */
static gboolean
is_name (const char *s)
{
  const char *dot;

  while ((dot = strchr (s, '.')) != NULL)
    {
      if (!is_identifier (s, dot - s))
        return FALSE;
      s = dot + 1;
    }
  return is_identifier (s, strlen (s));
}

static GPtrArray *
parser_current (Parser *p)
{
  Node *top;

  if (p->open->len == 0)
    return p->nodes;
  top = g_ptr_array_index (p->open, p->open->len - 1);
  return top->otherwise != NULL ? top->otherwise : top->body;
}

static Node *
parser_top (Parser *p)
{
  return p->open->len > 0 ? g_ptr_array_index (p->open, p->open->len - 1) : NULL;
}

static gboolean
parse_variable (Parser     *p,
                gsize       pos,
                char      **words,
                GError    **error)
{
  guint line, column;
  g_autofree char *message = NULL;

  if (words[0] == NULL)
    return syntax_error (error, p->src, pos, _("empty variable tag"));
  if (words[1] != NULL || !is_name (words[0]))
    {
      g_autofree char *joined = g_strjoinv (" ", words);

      message = g_strdup_printf (_("“%s” is not a valid variable name"), joined);
      return syntax_error (error, p->src, pos, message);
    }
  locate (p->src, pos, &line, &column);
  g_ptr_array_add (parser_current (p), node_new (NODE_VAR, line, column, words[0]));
  return TRUE;
}

/* Closes the innermost block, which must be a @kind opened by @opener. */
static gboolean
parse_close (Parser     *p,
             gsize       pos,
             NodeKind    kind,
             const char *tag,
             const char *opener,
             GError    **error)
{
  Node *top = parser_top (p);
  g_autofree char *message = NULL;

  if (top == NULL)
    message = g_strdup_printf (_("“%s” without a matching “%s”"), tag, opener);
  else if (top->kind != kind)
    message = g_strdup_printf (_("“%s” found while the “%s” of line %u, column %u is still open"),
                               tag, top->kind == NODE_FOR ? "for" : "if", top->line, top->column);
  if (message != NULL)
    return syntax_error (error, p->src, pos, message);
  g_ptr_array_set_size (p->open, p->open->len - 1);
  return TRUE;
}

static gboolean
parse_block (Parser     *p,
             gsize       pos,
             char      **words,
             GError    **error)
{
  guint n = g_strv_length (words);
  g_autofree char *message = NULL;
  guint line, column;
  Node *node;

  locate (p->src, pos, &line, &column);
  if (n == 0)
    return syntax_error (error, p->src, pos, _("empty tag"));

  if (g_str_equal (words[0], "for"))
    {
      if (n != 4 || !g_str_equal (words[2], "in") || !is_identifier (words[1], strlen (words[1]))
          || !is_name (words[3]))
        return syntax_error (error, p->src, pos,
                             _("malformed “for”: write “for ITEM in LIST”"));
      node = node_new (NODE_FOR, line, column, words[3]);
      node->item = g_strdup (words[1]);
      g_ptr_array_add (parser_current (p), node);
      g_ptr_array_add (p->open, node);
      return TRUE;
    }
  if (g_str_equal (words[0], "if"))
    {
      gboolean negate = n == 3 && g_str_equal (words[1], "not");

      if (!(n == 2 || negate) || !is_name (words[n - 1]) || g_str_equal (words[n - 1], "not"))
        return syntax_error (error, p->src, pos,
                             _("malformed “if”: write “if NAME” or “if not NAME”"));
      node = node_new (NODE_IF, line, column, words[n - 1]);
      node->negate = negate;
      g_ptr_array_add (parser_current (p), node);
      g_ptr_array_add (p->open, node);
      return TRUE;
    }
  if (g_str_equal (words[0], "else") || g_str_equal (words[0], "endif")
      || g_str_equal (words[0], "endfor"))
    {
      if (n != 1)
        {
          message = g_strdup_printf (_("“%s” takes nothing after it"), words[0]);
          return syntax_error (error, p->src, pos, message);
        }
      if (g_str_equal (words[0], "endfor"))
        return parse_close (p, pos, NODE_FOR, "endfor", "for", error);
      if (g_str_equal (words[0], "endif"))
        return parse_close (p, pos, NODE_IF, "endif", "if", error);

      node = parser_top (p);
      if (node == NULL || node->kind != NODE_IF)
        return syntax_error (error, p->src, pos, _("“else” without a matching “if”"));
      if (node->otherwise != NULL)
        return syntax_error (error, p->src, pos, _("a second “else” in the same “if”"));
      node->otherwise = g_ptr_array_new_with_free_func (node_free);
      return TRUE;
    }

  message = g_strdup_printf (_("unknown tag “%s”"), words[0]);
  return syntax_error (error, p->src, pos, message);
}

static char **
split_words (const char *start,
             gsize       len)
{
  g_autofree char *inner = g_strndup (start, len);
  g_auto(GStrv) parts = g_strsplit_set (inner, " \t", -1);
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (words, FALSE);
}

static void
add_text (Parser *p,
          gsize   from,
          gsize   to)
{
  g_autofree char *text = NULL;

  if (to <= from)
    return;
  text = g_strndup (p->src + from, to - from);
  g_ptr_array_add (parser_current (p), node_new (NODE_TEXT, 0, 0, text));
}

static gboolean
parse (Parser  *p,
       GError **error)
{
  const char *src = p->src;
  gsize pos = 0;   /* start of the text not consumed yet */
  gsize len = strlen (src);

  for (;;)
    {
      const char *open = strchr (src + pos, '{');
      gsize start, end, inner, inner_len, text_end, next;
      char kind;

      while (open != NULL && open[1] != '{' && open[1] != '%' && open[1] != '#')
        open = strchr (open + 1, '{');
      if (open == NULL)
        {
          add_text (p, pos, len);
          break;
        }

      start = open - src;
      kind = open[1];
      inner = start + 2;
      if (kind == '#')
        {
          const char *close = strstr (src + inner, "#}");

          if (close == NULL)
            return syntax_error (error, src, start, _("unclosed comment: “{#” without “#}”"));
          end = close - src + 2;
        }
      else
        {
          const char *closer = kind == '{' ? "}}" : "%}";
          gsize i = inner;

          while (src[i] != '\0' && src[i] != '\n' && strncmp (src + i, closer, 2) != 0)
            i++;
          if (src[i] != closer[0])
            {
              g_autofree char *message =
                g_strdup_printf (_("unclosed tag: “{%c” without “%s” on the same line"), kind,
                                 closer);
              return syntax_error (error, src, start, message);
            }
          end = i + 2;
        }
      inner_len = end - 2 - inner;

      /* A block tag alone on its line takes the line with it. */
      text_end = start;
      next = end;
      if (kind != '{')
        {
          gsize b = start, a = end;

          while (b > pos && (src[b - 1] == ' ' || src[b - 1] == '\t'))
            b--;
          while (src[a] == ' ' || src[a] == '\t')
            a++;
          if ((b == 0 || src[b - 1] == '\n')
              && (src[a] == '\0' || src[a] == '\n' || (src[a] == '\r' && src[a + 1] == '\n')))
            {
              text_end = b;
              next = src[a] == '\0' ? a : src[a] == '\r' ? a + 2 : a + 1;
            }
        }
      add_text (p, pos, text_end);

      if (kind != '#')
        {
          g_auto(GStrv) words = split_words (src + inner, inner_len);

          if (kind == '{' && !parse_variable (p, start, words, error))
            return FALSE;
          if (kind == '%' && !parse_block (p, start, words, error))
            return FALSE;
        }
      pos = next;
    }

  if (p->open->len > 0)
    {
      Node *top = parser_top (p);
      gboolean is_for = top->kind == NODE_FOR;

      g_set_error (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_SYNTAX,
                   _("Line %u, column %u: “%s” is never closed by “%s”"), top->line,
                   top->column, is_for ? "for" : "if", is_for ? "endfor" : "endif");
      return FALSE;
    }
  return TRUE;
}

/**
 * rl_template_parse:
 * @text: the template
 *
 * Reads a template. Syntax errors give the line and column of the faulty tag.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL with @error set in
 *   %RL_TEMPLATE_ERROR (%RL_TEMPLATE_ERROR_SYNTAX)
 */
RlTemplate *
rl_template_parse (const char  *text,
                   GError     **error)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func (node_free);
  Parser p = { text, nodes, open };
  RlTemplate *tpl;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, RL_TEMPLATE_ERROR, RL_TEMPLATE_ERROR_SYNTAX,
                           _("The template is not valid UTF-8 text"));
      return NULL;
    }
  if (!parse (&p, error))
    return NULL;

  tpl = g_new0 (RlTemplate, 1);
  tpl->nodes = g_steal_pointer (&nodes);
  return tpl;
}

void
rl_template_free (RlTemplate *tpl)
{
  if (tpl == NULL)
    return;
  g_ptr_array_unref (tpl->nodes);
  g_free (tpl);
}

/* Checking against declared variables */

typedef struct
{
  const char *item;   /* the loop variable */
  char       *list;   /* the declared name of its list */
} CheckScope;

static void
check_scope_clear (gpointer data)
{
  g_free (((CheckScope *) data)->list);
}

static gboolean check_error (GError    **error,
                             int         code,
                             const Node *node,
                             const char *format,
                             ...) G_GNUC_PRINTF (4, 5);

/* Sets @error with the place of @node before the message. */
static gboolean
check_error (GError    **error,
             int         code,
             const Node *node,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RL_TEMPLATE_ERROR, code, _("Line %u, column %u: %s"), node->line,
               node->column, message);
  return FALSE;
}

/* Finds what @name in @node refers to; %NULL with *is_item for a bare loop variable. */
static const RlTemplateVar *
check_resolve (const RlTemplateVars *vars,
               GArray               *scopes,
               const char           *name,
               gboolean             *is_item,
               gboolean             *is_short)
{
  const char *dot = strchr (name, '.');
  gsize head_len = dot != NULL ? (gsize) (dot - name) : strlen (name);
  g_autofree char *declared = NULL;
  const RlTemplateVar *var;

  *is_item = *is_short = FALSE;
  for (guint i = scopes->len; i > 0; i--)
    {
      CheckScope *s = &g_array_index (scopes, CheckScope, i - 1);

      if (strlen (s->item) == head_len && strncmp (s->item, name, head_len) == 0)
        {
          if (dot == NULL)
            {
              *is_item = TRUE;
              return NULL;
            }
          declared = g_strconcat (s->list, dot, NULL);
          break;
        }
    }
  if (declared == NULL)
    declared = g_strdup (name);

  var = rl_template_vars_lookup (vars, declared);
  if (var == NULL && g_str_has_suffix (declared, ".short"))
    {
      declared[strlen (declared) - strlen (".short")] = '\0';
      var = rl_template_vars_lookup (vars, declared);
      if (var != NULL && var->type != RL_TEMPLATE_VALUE_DAY)
        var = NULL;
      *is_short = var != NULL;
    }
  return var;
}

static gboolean
check_nodes (GPtrArray            *nodes,
             const RlTemplateVars *vars,
             GArray               *scopes,
             GError              **error)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      const Node *node = g_ptr_array_index (nodes, i);
      const RlTemplateVar *var;
      gboolean is_item, is_short;

      if (node->kind == NODE_TEXT)
        continue;

      var = check_resolve (vars, scopes, node->text, &is_item, &is_short);
      if (var == NULL && !is_item)
        return check_error (error, RL_TEMPLATE_ERROR_UNKNOWN_VARIABLE, node,
                            _("unknown variable “%s”"), node->text);

      if (node->kind == NODE_VAR && is_item)
        return check_error (error, RL_TEMPLATE_ERROR_TYPE, node,
                            _("“%s” is a list item: print one of its fields"), node->text);
      if (node->kind == NODE_VAR && var->type == RL_TEMPLATE_VALUE_LIST)
        return check_error (error, RL_TEMPLATE_ERROR_TYPE, node,
                            _("“%s” is a list: go through it with “for”"), node->text);
      if (node->kind == NODE_FOR && (is_item || var->type != RL_TEMPLATE_VALUE_LIST))
        return check_error (error, RL_TEMPLATE_ERROR_TYPE, node,
                            _("“%s” is not a list"), node->text);

      if (node->kind == NODE_FOR)
        {
          CheckScope scope = { node->item, g_strdup (var->name) };
          gboolean ok;

          g_array_append_val (scopes, scope);
          ok = check_nodes (node->body, vars, scopes, error);
          g_array_set_size (scopes, scopes->len - 1);
          if (!ok)
            return FALSE;
        }
      else if (node->kind == NODE_IF)
        {
          if (!check_nodes (node->body, vars, scopes, error))
            return FALSE;
          if (node->otherwise != NULL && !check_nodes (node->otherwise, vars, scopes, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * rl_template_check:
 * @tpl: a template
 * @known: (nullable): the variables that will be supplied; %NULL for rl_template_known_vars()
 *
 * Checks that every name the template uses is declared, with the right kind: a list in
 * "for", a value in "{{ }}". Run it before saving a template, so that a typo is an error for
 * the user and never a blank in a letter.
 *
 * Returns: %TRUE if the template is sound; %FALSE with @error (line, column and name) otherwise
 */
gboolean
rl_template_check (const RlTemplate      *tpl,
                   const RlTemplateVars  *known,
                   GError               **error)
{
  g_autoptr(GArray) scopes = g_array_new (FALSE, FALSE, sizeof (CheckScope));

  g_return_val_if_fail (tpl != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_array_set_clear_func (scopes, check_scope_clear);
  return check_nodes (tpl->nodes, known != NULL ? known : rl_template_known_vars (), scopes, error);
}

/* Rendering */

typedef struct
{
  const char       *item;
  RlTemplateRecord *rec;
} RenderScope;

typedef struct
{
  const RlTemplateContext *ctx;
  RlTemplateEscape         escape;
  GArray                  *scopes;
  GString                 *out;
} Renderer;

/* The value @name refers to; %NULL with *is_item for a bare loop variable, %NULL when absent. */
static const RlTemplateValue *
render_resolve (Renderer   *r,
                const char *name,
                gboolean   *is_item,
                gboolean   *is_short)
{
  const char *dot = strchr (name, '.');
  gsize head_len = dot != NULL ? (gsize) (dot - name) : strlen (name);
  RlTemplateRecord *rec = r->ctx->root;
  const char *key = name;
  const RlTemplateValue *v;

  *is_item = *is_short = FALSE;
  for (guint i = r->scopes->len; i > 0; i--)
    {
      RenderScope *s = &g_array_index (r->scopes, RenderScope, i - 1);

      if (strlen (s->item) == head_len && strncmp (s->item, name, head_len) == 0)
        {
          if (dot == NULL)
            {
              *is_item = TRUE;
              return NULL;
            }
          rec = s->rec;
          key = dot + 1;
          break;
        }
    }

  v = g_hash_table_lookup (rec->fields, key);
  if (v == NULL && g_str_has_suffix (key, ".short"))
    {
      g_autofree char *base = g_strndup (key, strlen (key) - strlen (".short"));

      v = g_hash_table_lookup (rec->fields, base);
      if (v != NULL && v->type != RL_TEMPLATE_VALUE_DAY)
        v = NULL;
      *is_short = v != NULL;
    }
  return v;
}

static gboolean
is_true (const RlTemplateValue *v)
{
  switch (v->type)
    {
    case RL_TEMPLATE_VALUE_STRING:
      return v->s != NULL && v->s[0] != '\0';
    case RL_TEMPLATE_VALUE_MONEY:
      return v->money != 0;
    case RL_TEMPLATE_VALUE_DAY:
      return v->day != RL_DAY_NONE;
    case RL_TEMPLATE_VALUE_INT:
      return v->i != 0;
    case RL_TEMPLATE_VALUE_LIST:
      return v->list->len > 0;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
render_value (Renderer    *r,
              const Node  *node,
              const RlTemplateValue *v,
              gboolean     is_short,
              GError     **error)
{
  g_autofree char *text = NULL;

  switch (v->type)
    {
    case RL_TEMPLATE_VALUE_STRING:
      text = g_strdup (v->s != NULL ? v->s : "");
      break;
    case RL_TEMPLATE_VALUE_MONEY:
      text = rl_money_format (v->money, "EUR", r->ctx->language);
      break;
    case RL_TEMPLATE_VALUE_DAY:
      if (v->day == RL_DAY_NONE)
        return check_error (error, RL_TEMPLATE_ERROR_MISSING_VALUE, node,
                            _("“%s” has no date"), node->text);
      text = is_short ? rl_day_format_short (v->day, r->ctx->language)
                      : rl_day_format_long (v->day, r->ctx->language);
      break;
    case RL_TEMPLATE_VALUE_INT:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
      break;
    case RL_TEMPLATE_VALUE_LIST:
      return check_error (error, RL_TEMPLATE_ERROR_TYPE, node,
                          _("“%s” is a list: go through it with “for”"), node->text);
    default:
      g_assert_not_reached ();
    }

  if (r->escape == RL_TEMPLATE_ESCAPE_HTML)
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      g_string_append (r->out, escaped);
    }
  else
    g_string_append (r->out, text);
  return TRUE;
}

static gboolean
render_nodes (Renderer  *r,
              GPtrArray *nodes,
              GError   **error)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      const Node *node = g_ptr_array_index (nodes, i);
      const RlTemplateValue *v;
      gboolean is_item, is_short;

      if (node->kind == NODE_TEXT)
        {
          g_string_append (r->out, node->text);
          continue;
        }

      v = render_resolve (r, node->text, &is_item, &is_short);
      if (v == NULL && !is_item)
        return check_error (error, RL_TEMPLATE_ERROR_MISSING_VALUE, node,
                            _("no value for “%s”"), node->text);

      switch (node->kind)
        {
        case NODE_VAR:
          if (is_item)
            return check_error (error, RL_TEMPLATE_ERROR_TYPE, node,
                                _("“%s” is a list item: print one of its fields"), node->text);
          if (!render_value (r, node, v, is_short, error))
            return FALSE;
          break;

        case NODE_FOR:
          if (is_item || v->type != RL_TEMPLATE_VALUE_LIST)
            return check_error (error, RL_TEMPLATE_ERROR_TYPE, node,
                                _("“%s” is not a list"), node->text);
          for (guint j = 0; j < v->list->len; j++)
            {
              RenderScope scope = { node->item, g_ptr_array_index (v->list, j) };
              gboolean ok;

              g_array_append_val (r->scopes, scope);
              ok = render_nodes (r, node->body, error);
              g_array_set_size (r->scopes, r->scopes->len - 1);
              if (!ok)
                return FALSE;
            }
          break;

        case NODE_IF:
          {
            gboolean cond = is_item || is_true (v);
            GPtrArray *branch = cond != node->negate ? node->body : node->otherwise;

            if (branch != NULL && !render_nodes (r, branch, error))
              return FALSE;
          }
          break;

        case NODE_TEXT:
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}

/**
 * rl_template_render:
 * @tpl: a template
 * @ctx: the values
 * @escape: %RL_TEMPLATE_ESCAPE_HTML to escape every value for an HTML body
 *
 * Fills the template in. A name the context has no value for is an error, not a blank.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set in
 *   %RL_TEMPLATE_ERROR (%RL_TEMPLATE_ERROR_MISSING_VALUE, %RL_TEMPLATE_ERROR_TYPE)
 */
char *
rl_template_render (const RlTemplate        *tpl,
                    const RlTemplateContext *ctx,
                    RlTemplateEscape         escape,
                    GError                 **error)
{
  g_autoptr(GArray) scopes = g_array_new (FALSE, FALSE, sizeof (RenderScope));
  g_autoptr(GString) out = g_string_new (NULL);
  Renderer r = { ctx, escape, scopes, out };

  g_return_val_if_fail (tpl != NULL, NULL);
  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!render_nodes (&r, tpl->nodes, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

