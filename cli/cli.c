/* cli — see cli.h. The exit codes themselves are lt_status_exit_code() (core/diag.c): 0 done,
 * 1 invalid content or refused, 2 usage or input/output. What goes to stderr is not checked:
 * when stderr fails there is nowhere left to say so. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lt_cli_print_diags(const lt_diag_list *d) {
  for (size_t i = 0; i < lt_diag_count(d); i++) {
    char *line = lt_diag_format(d, i);
    fprintf(stderr, "%s\n", line);
    free(line);
  }
}

int lt_cli_finish(int code) {
  errno = 0;
  if (fflush(stdout) == 0 && !ferror(stdout)) return code;
  int err = errno;
  fprintf(stderr, "cannot write the output: %s\n", err ? strerror(err) : "write error");
  return 2;
}
