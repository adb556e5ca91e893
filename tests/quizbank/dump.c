/* quizbank_dump — test-only: prints how lentera-pack import-quiz reads a bank, every
 * question (skipped ones too) as JSON (lt_quizimport_json), for compare.js. Messages go to
 * stderr; exit 1 when the bank has errors.
 * Usage: quizbank_dump FILE [gift|aiken|moodle-xml] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lentera/quizimport.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("usage: quizbank_dump FILE [gift|aiken|moodle-xml]\n", stderr);
    return 2;
  }
  lt_quizimport_format f = LT_QUIZIMPORT_AUTO;
  if (argc > 2)
    f = !strcmp(argv[2], "gift")    ? LT_QUIZIMPORT_GIFT
        : !strcmp(argv[2], "aiken") ? LT_QUIZIMPORT_AIKEN
                                    : LT_QUIZIMPORT_MOODLE_XML;
  lt_diag_list *d = lt_diag_list_new();
  lt_quizbank *bank = NULL;
  lt_status st = lt_quizimport_read(argv[1], f, &bank, d);
  for (size_t i = 0; i < lt_diag_count(d); i++) {
    char *line = lt_diag_format(d, i);
    fprintf(stderr, "%s\n", line);
    free(line);
  }
  lt_diag_list_free(d);
  if (st != LT_OK) return 1;
  char *json = lt_quizimport_json(bank);
  puts(json);
  free(json);
  lt_quizbank_free(bank);
  return 0;
}
