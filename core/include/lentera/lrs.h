/* lrs — talking to an xAPI Learning Record Store over HTTP (libcurl), the only curl user.
 *
 * Push: statements go out in batches as `POST <endpoint>statements` with Basic auth and
 * X-Experience-API-Version 1.0.3, their stored bytes unchanged. A network error, a timeout
 * or a 5xx is retried with doubling waits; a 409 or 400 on a batch splits it in halves
 * until the one statement the LRS refuses is found, which is handed to the queue to mark
 * and the rest go on; 401/403 stops at once. Only statements in a 2xx reply are marked
 * sent, so a failure at any point leaves the rest pending for next time; a statement sent
 * twice (a reply lost on the way) is harmless because an LRS takes identical bytes under a
 * known id as the same statement.
 * Pull: `GET <endpoint>statements`, following `more` until it is empty. */
#ifndef LENTERA_LRS_H
#define LENTERA_LRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lentera/diag.h"

typedef struct {
  char *endpoint; /* ends with '/' */
  char *username, *password;
  char *homepage;             /* actor account homePage for this office, or NULL */
  int retries;                /* further tries after a network error or 5xx (default 4) */
  double backoff_s;           /* first wait between tries, doubled each time (default 1) */
  long timeout_s;             /* a request that stalls this long fails (default 60) */
  size_t batch;               /* statements per POST (default 100) */
  const volatile int *cancel; /* when set non-zero, stop between requests */
} lt_lrs;

/* Why a push or pull stopped. */
typedef enum {
  LT_LRS_DONE,        /* everything went */
  LT_LRS_AUTH,        /* 401/403: wrong username or password */
  LT_LRS_UNREACHABLE, /* no connection, DNS, TLS, timeout (after the retries) */
  LT_LRS_SERVER,      /* 5xx or an unreadable reply (after the retries) */
  LT_LRS_CANCELLED,
  LT_LRS_LOCAL /* the queue could not be read or written */
} lt_lrs_outcome;

typedef struct {
  lt_lrs_outcome outcome;
  size_t sent, refused;
  char detail[256]; /* technical detail of the last failure: "HTTP 503", curl's message */
} lt_lrs_result;

/* What a push drains: the owner's pending statements, oldest first. */
typedef struct {
  void *ctx;
  /* Up to `max` pending statements not yet refused; fills ids/jsons (g_free each). */
  size_t (*next)(void *ctx, size_t max, char **ids, char **jsons);
  /* Marks them sent, durably, in one transaction. */
  lt_status (*sent)(void *ctx, char *const *ids, size_t n);
  /* Marks one statement refused by the LRS with the reason (it is not tried again). */
  lt_status (*refused)(void *ctx, const char *id, const char *why);
} lt_lrs_queue;

typedef void (*lt_lrs_progress_fn)(void *user, uint64_t done, uint64_t total);

/* Reads `[sync]` from `conf_path`: endpoint, username, password; optional homepage (the
 * actor account's homePage), retries, timeout (seconds a stalled request may last) and batch.
 * *configured = false and LT_OK when the file or the endpoint is absent. A file readable by
 * others gets a warning (it holds a password). Free with lt_lrs_clear. */
LT_MUST_CHECK lt_status lt_lrs_load_config(const char *conf_path, lt_lrs *out, bool *configured,
                                           lt_diag_list *diags);
/* Defaults for what is left 0. `endpoint` gets a trailing '/'. */
void lt_lrs_init(lt_lrs *lrs, const char *endpoint, const char *username, const char *password);
void lt_lrs_clear(lt_lrs *lrs);

/* Sends everything `q` holds (`total` for the progress callback, may be 0). A 409/400
 * statement is reported as a warning in diags naming its id. */
void lt_lrs_push(const lt_lrs *lrs, const lt_lrs_queue *q, size_t total, lt_lrs_progress_fn fn,
                 void *user, lt_lrs_result *out, lt_diag_list *diags);

/* Calls `each` with every statement of the LRS (compact JSON text, valid during the call),
 * `since` (ISO 8601 or NULL) limiting to those stored after it. `each` returning non-zero
 * stops with LT_LRS_LOCAL. */
void lt_lrs_pull(const lt_lrs *lrs, const char *since,
                 int (*each)(void *user, const char *json, size_t len), void *user,
                 lt_lrs_result *out, lt_diag_list *diags);

/* Plain words for an outcome, in English (programs translate). */
const char *lt_lrs_outcome_str(lt_lrs_outcome o);

#endif
