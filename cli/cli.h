/* cli — what both command lines (lentera-pack, lentera-player's headless commands) share:
 * diagnostics printed compiler style on stderr, the exit code of a status, and a checked end
 * of the output (a result printed to a full disk or a closed pipe is not a success). The
 * terminal progress bar is progress.h. */
#ifndef LENTERA_CLI_H
#define LENTERA_CLI_H

#include "lentera/diag.h"

/* Every diagnostic of `d`, one line each ("file:line:col: error: …"), on stderr. */
void lt_cli_print_diags(const lt_diag_list *d);

/* `code`, unless what was printed on stdout could not be written: then 2, with the reason on
 * stderr. Call once, on the way out of main. */
int lt_cli_finish(int code);

#endif
