/* lrs — talking to an xAPI Learning Record Store over HTTP (libcurl), the only curl user.
 *
 * Push: statements go out in batches as `POST <endpoint>statements` with Basic auth and
 * X-Experience-API-Version 1.0.3, their stored bytes unchanged. Only a real acknowledgement
 * counts: a 2xx whose body is the JSON array of exactly the ids sent, in order (xAPI 1.0.3,
 * compared without regard to case). Anything else — a captive portal's HTML, one id for five
 * statements, other ids, no JSON — is a failure like a 5xx, a network error or a timeout:
 * retried with doubling waits, then reported with the status and a short, sanitised excerpt
 * of what the server said; nothing is marked. A 409 or 400 on a batch splits it in halves
 * until the statements the LRS refuses alone are found; they are handed to the queue to mark
 * (with the server's words) only once the batch is done, and only when the LRS took some of
 * it: an LRS that refuses every statement of a batch, or the first few singles of a push with
 * the very same answer while taking none, has a problem of its own (LT_LRS_REFUSES_ALL) and
 * nothing is marked refused. 401/403 stops at once. A 3xx is not followed: it is reported
 * with its target. Credentials are never sent over http:// unless `allow_insecure` is set.
 * A statement sent twice (a reply lost on the way) is harmless because an LRS takes
 * identical bytes under a known id as the same statement.
 * Pull: `GET <endpoint>statements`, following `more` until it is empty, but only to the
 * same origin (scheme, host, port) as the endpoint, so the login goes nowhere else; a `more`
 * seen before stops the pull. */
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
  char *ca_file;              /* PEM certificate(s) to trust for this LRS (its own CA), or NULL */
  int retries;                /* further tries after a network error or 5xx (default 4) */
  double backoff_s;           /* first wait between tries, doubled each time (default 1) */
  long timeout_s;             /* a request that stalls this long fails (default 60) */
  size_t batch;               /* statements per POST (default 100) */
  const volatile int *cancel; /* when set non-zero, stop between requests */
  bool allow_insecure;        /* a username or password may go over http:// (in clear) */
} lt_lrs;

/* Why a push or pull stopped. */
typedef enum {
  LT_LRS_DONE,        /* everything went */
  LT_LRS_AUTH,        /* 401/403: wrong username or password */
  LT_LRS_UNREACHABLE, /* no connection, DNS, a TLS handshake, timeout (after the retries) */
  LT_LRS_SERVER,      /* 5xx or an unreadable reply (after the retries) */
  LT_LRS_CANCELLED,
  LT_LRS_LOCAL,        /* the queue could not be read or written */
  LT_LRS_INSECURE,     /* a login over http:// without allow_insecure: nothing was sent */
  LT_LRS_REDIRECT,     /* a 3xx: not followed, the target is in the detail */
  LT_LRS_NOT_ACK,      /* a 2xx that is not the acknowledgement of the ids sent (retried) */
  LT_LRS_REFUSES_ALL,  /* 400/409 to every statement alike: the server's problem */
  LT_LRS_FOREIGN_MORE, /* a pull's `more` leads to another origin or back to a page read */
  LT_LRS_CERTIFICATE   /* TLS: the server's certificate is not one the trust vouches for */
} lt_lrs_outcome;

typedef struct {
  lt_lrs_outcome outcome;
  size_t sent, refused;
  char detail[256]; /* technical detail of the last failure: "HTTP 503: <excerpt>", curl's
                     * message; server text in it is sanitised (no control characters) */
} lt_lrs_result;

/* What a push drains: the owner's pending statements, oldest first. */
typedef struct {
  void *ctx;
  /* Up to `max` pending statements not yet refused; fills ids/jsons (g_free each). */
  size_t (*next)(void *ctx, size_t max, char **ids, char **jsons);
  /* Marks them sent, durably, in one transaction. */
  lt_status (*sent)(void *ctx, char *const *ids, size_t n);
  /* Marks one statement refused by the LRS with the reason, the server's words (it is not
   * tried again until the owner says so). */
  lt_status (*refused)(void *ctx, const char *id, const char *why);
} lt_lrs_queue;

typedef void (*lt_lrs_progress_fn)(void *user, uint64_t done, uint64_t total);

/* Reads `[sync]` from `conf_path`: endpoint, username, password; optional homepage (the
 * actor account's homePage), retries, timeout (seconds a stalled request may last), batch
 * and allow_insecure (true lets the login go over http://).
 * *configured = false and LT_OK when the file or the endpoint is absent. A file readable by
 * others gets a warning (it holds a password). Free with lt_lrs_clear. */
LT_MUST_CHECK lt_status lt_lrs_load_config(const char *conf_path, lt_lrs *out, bool *configured,
                                           lt_diag_list *diags);
/* Defaults for what is left 0. `endpoint` gets a trailing '/'. */
void lt_lrs_init(lt_lrs *lrs, const char *endpoint, const char *username, const char *password);
void lt_lrs_clear(lt_lrs *lrs);

/* Sends everything `q` holds (`total` for the progress callback, may be 0). A statement
 * refused alone is reported as a warning in diags naming its id and the server's words. */
void lt_lrs_push(const lt_lrs *lrs, const lt_lrs_queue *q, size_t total, lt_lrs_progress_fn fn,
                 void *user, lt_lrs_result *out, lt_diag_list *diags);

/* Calls `each` with every statement of the LRS (compact JSON text, valid during the call),
 * `since` (ISO 8601 or NULL) limiting to those stored after it. `each` returning non-zero
 * stops with LT_LRS_LOCAL; a `more` to another origin or to a page already read stops with
 * LT_LRS_FOREIGN_MORE (what was read before stays read). */
void lt_lrs_pull(const lt_lrs *lrs, const char *since,
                 int (*each)(void *user, const char *json, size_t len), void *user,
                 lt_lrs_result *out, lt_diag_list *diags);

/* Whether a push or pull to `url` would send the login in clear (http://, a username or
 * password, no allow_insecure). */
bool lt_lrs_insecure(const lt_lrs *lrs, const char *url);

/* Plain words for an outcome, in English (programs translate). */
const char *lt_lrs_outcome_str(lt_lrs_outcome o);

#endif
