/* diag — an append-only array of diagnostics.
 *
 * Each entry owns its file name and message (GLib strings). Formatting follows the
 * compiler convention "file:line:col: severity: message" so editors can jump to it. */
#include "lentera/diag.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  lt_severity sev;
  char *file;
  int line, col;
  char *msg;
} diag;

struct lt_diag_list {
  GArray *items; /* of diag */
};

static void diag_clear(gpointer p) {
  diag *d = p;
  g_free(d->file);
  g_free(d->msg);
}

lt_diag_list *lt_diag_list_new(void) {
  lt_diag_list *list = g_new0(lt_diag_list, 1);
  list->items = g_array_new(FALSE, TRUE, sizeof(diag));
  g_array_set_clear_func(list->items, diag_clear);
  return list;
}

void lt_diag_list_free(lt_diag_list *list) {
  if (!list) return;
  g_array_free(list->items, TRUE);
  g_free(list);
}

void lt_diag_add(lt_diag_list *list, lt_severity sev, const char *file, int line, int col,
                 const char *fmt, ...) {
  if (!list) return;
  diag d = {sev, g_strdup(file), line, col, NULL};
  va_list ap;
  va_start(ap, fmt);
  d.msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_array_append_val(list->items, d);
}

size_t lt_diag_count(const lt_diag_list *list) { return list ? list->items->len : 0; }

size_t lt_diag_count_severity(const lt_diag_list *list, lt_severity sev) {
  size_t n = 0;
  for (size_t i = 0; i < lt_diag_count(list); i++)
    if (g_array_index(list->items, diag, i).sev == sev) n++;
  return n;
}

lt_severity lt_diag_severity(const lt_diag_list *list, size_t index) {
  return g_array_index(list->items, diag, index).sev;
}

char *lt_diag_format(const lt_diag_list *list, size_t index) {
  const diag *d = &g_array_index(list->items, diag, index);
  static const char *const names[] = {"note", "warning", "error"};
  GString *s = g_string_new(NULL);
  if (d->file) {
    g_string_append(s, d->file);
    if (d->line > 0) g_string_append_printf(s, ":%d", d->line);
    if (d->line > 0 && d->col > 0) g_string_append_printf(s, ":%d", d->col);
    g_string_append(s, ": ");
  }
  g_string_append_printf(s, "%s: %s", names[d->sev], d->msg);
  char *out = strdup(s->str);
  g_string_free(s, TRUE);
  return out;
}

const char *lt_status_str(lt_status status) {
  switch (status) {
  case LT_OK: return "ok";
  case LT_ERR_INVALID: return "invalid content";
  case LT_ERR_VERIFY: return "verification failed";
  case LT_ERR_IO: return "input/output error";
  case LT_ERR_NOMEM: return "out of memory";
  case LT_ERR_EXISTS: return "file exists";
  case LT_ERR_PASSWORD: return "wrong password";
  case LT_ERR_FULL: return "the disk is full";
  case LT_ERR_READONLY: return "the disk or file is read-only";
  case LT_ERR_DAMAGED: return "damaged file";
  case LT_ERR_UNTRUSTED: return "not a trusted key";
  case LT_ERR_OLDER: return "older than the installed version";
  }
  return "unknown error";
}

bool lt_status_is_io(lt_status status) {
  return status == LT_ERR_IO || status == LT_ERR_FULL || status == LT_ERR_READONLY;
}

int lt_status_exit_code(lt_status status) {
  switch (status) {
  case LT_OK: return 0;
  case LT_ERR_INVALID:
  case LT_ERR_VERIFY:
  case LT_ERR_UNTRUSTED:
  case LT_ERR_OLDER:
  case LT_ERR_EXISTS:
  case LT_ERR_PASSWORD: return 1;
  default: return 2;
  }
}
