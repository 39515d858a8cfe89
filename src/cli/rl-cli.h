/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "rl-aging.h"
#include "rl-book.h"

G_BEGIN_DECLS

/* Exit codes of relancectl. */
enum
{
  RL_EXIT_OK = 0,
  RL_EXIT_FAILURE = 1,   /* the command failed: bad input, book error */
  RL_EXIT_USAGE = 2,     /* the command line is wrong */
};

typedef struct
{
  const char *book_path;  /* from --book, $RELANCE_BOOK or the default */
  const char *language;   /* "fr" or "en": for money and dates in human output */
} RlCli;

typedef int (*RlCliCommandFunc) (RlCli *cli, int argc, char **argv);

typedef struct
{
  const char        *name;
  RlCliCommandFunc   func;     /* NULL: carried out by @helper */
  const char        *helper;   /* the program that carries it out, when not this one */
  const char        *summary;  /* translatable, marked with N_() */
} RlCliCommand;

/* Shared helpers (rl-cli-common.c) */
void         rl_cli_error             (const char    *format,
                                       ...) G_GNUC_PRINTF (1, 2);
int          rl_cli_report_error      (const GError  *error);
RlBook      *rl_cli_open_book         (RlCli         *cli,
                                       RlBookOpenFlags flags);
RlBook      *rl_cli_open_book_to_change (RlCli       *cli);
gboolean     rl_cli_parse             (GOptionContext *context,
                                       int            *argc,
                                       char         ***argv);
GOptionContext *rl_cli_context        (const char    *parameter,
                                       const char    *summary,
                                       GOptionEntry  *entries);
RlCustomer  *rl_cli_find_customer     (RlBook        *book,
                                       const char    *code);
gint64       rl_cli_customer_id       (RlBook        *book,
                                       const char    *code);
int          rl_cli_commit_or_report  (RlBook        *book,
                                       gboolean       ok,
                                       GError        *error);
gboolean     rl_cli_parse_action_id   (const char    *text,
                                       gint64        *out);
gboolean     rl_cli_no_arguments      (int            argc,
                                       char         **argv);
gboolean     rl_cli_parse_as_of       (const char    *text,
                                       RlDay         *out_day);
char        *rl_cli_money             (RlCli         *cli,
                                       RlCents        cents);
char        *rl_cli_date              (RlCli         *cli,
                                       RlDay          day);
void         rl_cli_print_json        (JsonBuilder   *builder);
void         rl_cli_json_money        (JsonBuilder   *builder,
                                       const char    *member,
                                       RlCents        cents);
void         rl_cli_json_day          (JsonBuilder   *builder,
                                       const char    *member,
                                       RlDay          day);
void         rl_cli_json_string       (JsonBuilder   *builder,
                                       const char    *member,
                                       const char    *value);

/* A text table with columns aligned on display width. */
typedef struct _RlCliTable RlCliTable;
RlCliTable  *rl_cli_table_new         (guint          n_columns,
                                       const char    *first_header,
                                       ...);
void         rl_cli_table_right       (RlCliTable    *table,
                                       guint          column);
void         rl_cli_table_add         (RlCliTable    *table,
                                       const char    *first_cell,
                                       ...);
void         rl_cli_table_print       (RlCliTable    *table);
void         rl_cli_table_free        (RlCliTable    *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlCliTable, rl_cli_table_free)

/* Aged balances in the reports (rl-cli-aging.c) */
char        *rl_cli_tenths            (RlCli            *cli,
                                       int               tenths);
const char  *rl_cli_bucket_label      (RlBucket          bucket);
void         rl_cli_json_aging_row    (JsonBuilder      *builder,
                                       const RlAgingRow *row);
RlAging     *rl_cli_compute_aging     (RlBook           *book,
                                       RlDay             as_of,
                                       gboolean          per_customer,
                                       gboolean          full);

/* Commands */
int rl_cli_init      (RlCli *cli, int argc, char **argv);
int rl_cli_demo      (RlCli *cli, int argc, char **argv);
int rl_cli_company   (RlCli *cli, int argc, char **argv);
int rl_cli_import    (RlCli *cli, int argc, char **argv);
int rl_cli_customers (RlCli *cli, int argc, char **argv);
int rl_cli_customer  (RlCli *cli, int argc, char **argv);
int rl_cli_invoices  (RlCli *cli, int argc, char **argv);
int rl_cli_aging     (RlCli *cli, int argc, char **argv);
int rl_cli_run       (RlCli *cli, int argc, char **argv);
int rl_cli_actions   (RlCli *cli, int argc, char **argv);
int rl_cli_approve   (RlCli *cli, int argc, char **argv);
int rl_cli_skip      (RlCli *cli, int argc, char **argv);
int rl_cli_cancel    (RlCli *cli, int argc, char **argv);
int rl_cli_done      (RlCli *cli, int argc, char **argv);
int rl_cli_call      (RlCli *cli, int argc, char **argv);
int rl_cli_dispute   (RlCli *cli, int argc, char **argv);
int rl_cli_promise   (RlCli *cli, int argc, char **argv);
int rl_cli_hold      (RlCli *cli, int argc, char **argv);
int rl_cli_plans     (RlCli *cli, int argc, char **argv);
int rl_cli_set_plan  (RlCli *cli, int argc, char **argv);
int rl_cli_plan_edit (RlCli *cli, int argc, char **argv);
int rl_cli_payment_plan (RlCli *cli, int argc, char **argv);
int rl_cli_payment_plans (RlCli *cli, int argc, char **argv);
int rl_cli_note      (RlCli *cli, int argc, char **argv);
void rl_cli_notes_json  (JsonBuilder *builder, GPtrArray *notes);
void rl_cli_notes_print (GPtrArray *notes);
int rl_cli_matches   (RlCli *cli, int argc, char **argv);
int rl_cli_rates     (RlCli *cli, int argc, char **argv);
int rl_cli_contract_rate (RlCli *cli, int argc, char **argv);
int rl_cli_preview   (RlCli *cli, int argc, char **argv);
int rl_cli_templates (RlCli *cli, int argc, char **argv);
int rl_cli_template  (RlCli *cli, int argc, char **argv);
int rl_cli_edit_action (RlCli *cli, int argc, char **argv);
int rl_cli_relay     (RlCli *cli, int argc, char **argv);
int rl_cli_send      (RlCli *cli, int argc, char **argv);
int rl_cli_outbox    (RlCli *cli, int argc, char **argv);
int rl_cli_test_email (RlCli *cli, int argc, char **argv);
int rl_cli_letters   (RlCli *cli, int argc, char **argv);
int rl_cli_letter    (RlCli *cli, int argc, char **argv);
int rl_cli_statement (RlCli *cli, int argc, char **argv);
int rl_cli_calibration_page (RlCli *cli, int argc, char **argv);
int rl_cli_letter_settings (RlCli *cli, int argc, char **argv);
int rl_cli_registered (RlCli *cli, int argc, char **argv);

G_END_DECLS
