/* diag — status codes and diagnostics.
 *
 * Every fallible core function returns an lt_status and appends what went wrong, with
 * file, 1-based line and column, to an lt_diag_list the caller owns. Nothing in core
 * prints; the programs format the list with lt_diag_format(). A NULL list is allowed
 * everywhere and simply drops the details. */
#ifndef LENTERA_DIAG_H
#define LENTERA_DIAG_H

#include <stdbool.h>
#include <stddef.h>

/* printf-style checking of a function's format: GNU's format on Windows too, where
 * mingw-w64's own C99 printf (__USE_MINGW_ANSI_STDIO) prints %zu and %lld */
#ifdef _WIN32
#define LT_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#else
#define LT_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#endif

typedef enum {
  LT_OK = 0,
  LT_ERR_INVALID = -1, /* the content is wrong (authoring mistake, malformed pack) */
  LT_ERR_VERIFY = -2,  /* a signature, digest or trust check failed */
  LT_ERR_IO = -3,      /* a file could not be read or written */
  LT_ERR_NOMEM = -4,
  LT_ERR_EXISTS = -5,     /* refused to overwrite a file */
  LT_ERR_PASSWORD = -6,   /* wrong password for an encrypted key */
  LT_ERR_FULL = -7,       /* a write failed because the disk is full (ENOSPC, EDQUOT) */
  LT_ERR_READONLY = -8,   /* a write failed because the disk or file is read-only / denied */
  LT_ERR_DAMAGED = -10,   /* a stored file (the log, an installed pack's file) is damaged,
                             changed or unreadable: repair it, never replace it silently */
  LT_ERR_UNTRUSTED = -11, /* signed by a key that is not trusted, no longer trusted, revoked,
                            or not the key the pack id is bound to */
  LT_ERR_OLDER = -12      /* a pack older than the installed version: refused, not installed */
} lt_status;

/* Marks a function whose lt_status must be looked at: ignoring it is a compile error under
 * -Werror, so a failed write can never pass unseen. */
#define LT_MUST_CHECK __attribute__((warn_unused_result))

typedef enum { LT_DIAG_NOTE, LT_DIAG_WARNING, LT_DIAG_ERROR } lt_severity;

typedef struct lt_diag_list lt_diag_list;

lt_diag_list *lt_diag_list_new(void);
void lt_diag_list_free(lt_diag_list *list);

/* Appends a diagnostic. `file` may be NULL (no position); `line`/`col` 0 mean unknown. */
void lt_diag_add(lt_diag_list *list, lt_severity sev, const char *file, int line, int col,
                 const char *fmt, ...) LT_PRINTF(6, 7);

size_t lt_diag_count(const lt_diag_list *list);
size_t lt_diag_count_severity(const lt_diag_list *list, lt_severity sev);

/* One diagnostic as "file:line:col: error: message" (parts left out when unknown).
 * Returns a newly allocated string to release with free(). */
char *lt_diag_format(const lt_diag_list *list, size_t index);
lt_severity lt_diag_severity(const lt_diag_list *list, size_t index);

/* A short English phrase for a status, for messages. Static storage. */
const char *lt_status_str(lt_status status);

/* Whether a status says a file could not be read or written (I/O, full, read-only). */
bool lt_status_is_io(lt_status status);

/* The programs' exit code for a status: 0 success, 1 invalid content, failed verification
 * or refused, 2 usage, I/O (full and read-only disks too) or internal error. */
int lt_status_exit_code(lt_status status);

#endif
