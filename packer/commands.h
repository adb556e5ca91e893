/* commands — what lentera-pack's subcommands share (main.c): option parsing; with the
 * diagnostics printer and the checked end of output of ../cli/cli.h, and exit codes from
 * lt_status_exit_code (0 ok, 1 invalid content or refused, 2 usage or I/O). */
#ifndef LENTERA_PACKER_COMMANDS_H
#define LENTERA_PACKER_COMMANDS_H

#include <glib.h>
#include <stdbool.h>

#include "lentera/diag.h"
#include "cli.h"

enum { EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* Parses `entries`; false (after saying why) on an error or when the number of positional
 * arguments is not `positional` (-1: any). */
bool parse_opts(const char *cmd, GOptionEntry *entries, int *argc, char ***argv, int positional);

/* collect.c */
int cmd_collect(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
