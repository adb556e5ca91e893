/* lrs — see lrs.h. One curl easy handle per push or pull (connections are kept alive
 * between batches). Every request goes through `request`, which retries what is worth
 * retrying with doubling waits and sorts the answer into an outcome; `send_range` is the
 * batch splitter, recursing into halves on a refusal. */
#include "lentera/lrs.h"

#include <curl/curl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

static gsize curl_ready;

static void global_init(void) {
  if (g_once_init_enter(&curl_ready)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    g_once_init_leave(&curl_ready, 1);
  }
}

void lt_lrs_init(lt_lrs *lrs, const char *endpoint, const char *username, const char *password) {
  memset(lrs, 0, sizeof *lrs);
  size_t n = strlen(endpoint);
  lrs->endpoint = g_strdup_printf("%s%s", endpoint, n && endpoint[n - 1] == '/' ? "" : "/");
  lrs->username = g_strdup(username ? username : "");
  lrs->password = g_strdup(password ? password : "");
  lrs->retries = 4;
  lrs->backoff_s = 1;
  lrs->timeout_s = 60;
  lrs->batch = 100;
}

void lt_lrs_clear(lt_lrs *lrs) {
  g_free(lrs->endpoint), g_free(lrs->username), g_free(lrs->password), g_free(lrs->homepage);
  memset(lrs, 0, sizeof *lrs);
}

lt_status lt_lrs_load_config(const char *conf_path, lt_lrs *out, bool *configured,
                             lt_diag_list *diags) {
  *configured = false;
  memset(out, 0, sizeof *out);
  GKeyFile *kf = g_key_file_new();
  GError *err = NULL;
  if (!g_key_file_load_from_file(kf, conf_path, G_KEY_FILE_NONE, &err)) {
    bool absent = g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    if (!absent) lt_diag_add(diags, LT_DIAG_ERROR, conf_path, 0, 0, "%s", err->message);
    g_error_free(err);
    g_key_file_free(kf);
    return absent ? LT_OK : LT_ERR_INVALID;
  }
  char *endpoint = g_key_file_get_string(kf, "sync", "endpoint", NULL);
  if (endpoint) g_strstrip(endpoint);
  if (endpoint && *endpoint) {
    char *user = g_key_file_get_string(kf, "sync", "username", NULL);
    char *pass = g_key_file_get_string(kf, "sync", "password", NULL);
    lt_lrs_init(out, endpoint, user, pass);
    out->homepage = g_key_file_get_string(kf, "sync", "homepage", NULL);
    GError *e = NULL;
    int retries = g_key_file_get_integer(kf, "sync", "retries", &e);
    if (!e && retries >= 0) out->retries = retries;
    g_clear_error(&e);
    int timeout = g_key_file_get_integer(kf, "sync", "timeout", &e);
    if (!e && timeout > 0) out->timeout_s = timeout;
    g_clear_error(&e);
    int batch = g_key_file_get_integer(kf, "sync", "batch", &e);
    if (!e && batch > 0 && batch <= 1000) out->batch = (size_t)batch;
    g_clear_error(&e);
    if (out->homepage && !*g_strstrip(out->homepage)) g_clear_pointer(&out->homepage, g_free);
    g_free(user), g_free(pass);
    *configured = true;
    GStatBuf sb;
    if (pass && g_stat(conf_path, &sb) == 0 && (sb.st_mode & 077))
      lt_diag_add(diags, LT_DIAG_WARNING, conf_path, 0, 0,
                  "holds the LRS password but others may read it; run: chmod 600 %s", conf_path);
  }
  g_free(endpoint);
  g_key_file_free(kf);
  return LT_OK;
}

const char *lt_lrs_outcome_str(lt_lrs_outcome o) {
  switch (o) {
  case LT_LRS_DONE: return "done";
  case LT_LRS_AUTH: return "the LRS refused the username or password";
  case LT_LRS_UNREACHABLE: return "the LRS cannot be reached";
  case LT_LRS_SERVER: return "the LRS is failing";
  case LT_LRS_CANCELLED: return "stopped";
  default: return "the local records could not be read or written";
  }
}

/* ---- one request, with retries ---- */

typedef struct {
  const lt_lrs *lrs;
  CURL *curl;
  struct curl_slist *headers;
  GString *reply;
  char err[CURL_ERROR_SIZE];
} session;

typedef enum { R_OK, R_REFUSED, R_AUTH, R_UNREACHABLE, R_SERVER, R_CANCELLED } req_result;

static bool cancelled(const lt_lrs *lrs) { return lrs->cancel && *lrs->cancel; }

static size_t on_data(char *data, size_t size, size_t n, void *user) {
  GString *reply = user;
  if (reply->len + size * n > 64u << 20) return 0; /* no LRS reply is that large */
  g_string_append_len(reply, data, (gssize)(size * n));
  return size * n;
}

static int on_progress(void *user, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d) {
  (void)a, (void)b, (void)c, (void)d;
  const session *s = user;
  return cancelled(s->lrs) ? 1 : 0;
}

static void session_open(session *s, const lt_lrs *lrs) {
  global_init();
  memset(s, 0, sizeof *s);
  s->lrs = lrs;
  s->curl = curl_easy_init();
  s->reply = g_string_new(NULL);
  s->headers = curl_slist_append(NULL, "X-Experience-API-Version: 1.0.3");
  s->headers = curl_slist_append(s->headers, "Content-Type: application/json");
  s->headers = curl_slist_append(s->headers, "Expect:");
  CURL *c = s->curl;
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, s->headers);
  curl_easy_setopt(c, CURLOPT_USERNAME, lrs->username);
  curl_easy_setopt(c, CURLOPT_PASSWORD, lrs->password);
  curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, lrs->timeout_s > 0 ? lrs->timeout_s : 60L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, lrs->timeout_s > 0 ? lrs->timeout_s : 60L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, s->reply);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->err);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Lentera");
}

static void session_close(session *s) {
  curl_slist_free_all(s->headers);
  curl_easy_cleanup(s->curl);
  g_string_free(s->reply, TRUE);
}

/* Sleeps `seconds` in short steps; false when cancelled meanwhile. */
static bool wait_a_while(const lt_lrs *lrs, double seconds) {
  for (double t = 0; t < seconds; t += 0.1) {
    if (cancelled(lrs)) return false;
    g_usleep(100000);
  }
  return !cancelled(lrs);
}

/* POSTs `body` (or GETs when NULL) to `url`; the reply is in s->reply, the detail of a
 * failure in `detail`. */
static req_result request(session *s, const char *url, const GString *body, char *detail,
                          size_t detail_len) {
  const lt_lrs *lrs = s->lrs;
  double wait = lrs->backoff_s > 0 ? lrs->backoff_s : 1;
  for (int attempt = 0;; attempt++) {
    if (cancelled(lrs)) return R_CANCELLED;
    g_string_truncate(s->reply, 0);
    s->err[0] = '\0';
    curl_easy_setopt(s->curl, CURLOPT_URL, url);
    if (body) {
      curl_easy_setopt(s->curl, CURLOPT_POSTFIELDS, body->str);
      curl_easy_setopt(s->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    } else {
      curl_easy_setopt(s->curl, CURLOPT_HTTPGET, 1L);
    }
    CURLcode rc = curl_easy_perform(s->curl);
    long code = 0;
    curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
    req_result r;
    if (rc == CURLE_ABORTED_BY_CALLBACK) return R_CANCELLED;
    if (rc != CURLE_OK) {
      g_snprintf(detail, detail_len, "%s", s->err[0] ? s->err : curl_easy_strerror(rc));
      /* a certificate or a URL that is wrong will not get better by waiting */
      bool lasting = rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
                     rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL ||
                     rc == CURLE_SSL_CONNECT_ERROR;
      r = R_UNREACHABLE;
      if (lasting) return r;
    } else if (code >= 200 && code < 300) {
      return R_OK;
    } else {
      g_snprintf(detail, detail_len, "HTTP %ld: %.200s", code, s->reply->str);
      if (code == 401 || code == 403) return R_AUTH;
      /* about the statements: split the batch to find the one */
      if (code == 409 || code == 400 || code == 413) return R_REFUSED;
      /* about the request (a wrong endpoint's 404, …): nothing is marked, the push stops */
      if (code != 429 && code < 500) return R_SERVER;
      r = R_SERVER; /* busy or failing: wait and try again */
    }
    if (attempt >= lrs->retries || !wait_a_while(lrs, wait))
      return cancelled(lrs) ? R_CANCELLED : r;
    wait *= 2;
  }
}

static lt_lrs_outcome outcome_of(req_result r) {
  switch (r) {
  case R_AUTH: return LT_LRS_AUTH;
  case R_UNREACHABLE: return LT_LRS_UNREACHABLE;
  case R_CANCELLED: return LT_LRS_CANCELLED;
  default: return LT_LRS_SERVER;
  }
}

/* ---- push ---- */

typedef struct {
  session s;
  const lt_lrs_queue *q;
  char *url;
  lt_lrs_result *out;
  lt_diag_list *diags;
  lt_lrs_progress_fn fn;
  void *user;
  size_t total;
} pusher;

/* Sends statements [lo, hi); false when the push has to stop (out->outcome says why). */
static bool send_range(pusher *p, char **ids, char **jsons, size_t lo, size_t hi) {
  GString *body = g_string_new("[");
  for (size_t i = lo; i < hi; i++) {
    if (i > lo) g_string_append_c(body, ',');
    g_string_append(body, jsons[i]);
  }
  g_string_append_c(body, ']');
  req_result r = request(&p->s, p->url, body, p->out->detail, sizeof p->out->detail);
  g_string_free(body, TRUE);
  if (r == R_OK) {
    if (p->q->sent(p->q->ctx, ids + lo, hi - lo) != LT_OK) {
      p->out->outcome = LT_LRS_LOCAL;
      return false;
    }
    p->out->sent += hi - lo;
    if (p->fn) p->fn(p->user, p->out->sent + p->out->refused, p->total);
    return true;
  }
  if (r != R_REFUSED) {
    p->out->outcome = outcome_of(r);
    return false;
  }
  if (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    return send_range(p, ids, jsons, lo, mid) && send_range(p, ids, jsons, mid, hi);
  }
  lt_diag_add(p->diags, LT_DIAG_WARNING, NULL, 0, 0, "the LRS refused statement %s: %s", ids[lo],
              p->out->detail);
  if (p->q->refused(p->q->ctx, ids[lo], p->out->detail) != LT_OK) {
    p->out->outcome = LT_LRS_LOCAL;
    return false;
  }
  p->out->refused++;
  p->out->detail[0] = '\0';
  return true;
}

void lt_lrs_push(const lt_lrs *lrs, const lt_lrs_queue *q, size_t total, lt_lrs_progress_fn fn,
                 void *user, lt_lrs_result *out, lt_diag_list *diags) {
  memset(out, 0, sizeof *out);
  pusher p = {.q = q, .out = out, .diags = diags, .fn = fn, .user = user, .total = total};
  session_open(&p.s, lrs);
  p.url = g_strconcat(lrs->endpoint, "statements", NULL);
  size_t batch = lrs->batch ? lrs->batch : 100;
  char **ids = g_new0(char *, batch), **jsons = g_new0(char *, batch);
  out->outcome = LT_LRS_DONE;
  for (;;) {
    if (cancelled(lrs)) {
      out->outcome = LT_LRS_CANCELLED;
      break;
    }
    size_t n = q->next(q->ctx, batch, ids, jsons);
    bool go_on = n > 0 && send_range(&p, ids, jsons, 0, n);
    for (size_t i = 0; i < n; i++)
      g_free(ids[i]), g_free(jsons[i]);
    if (!go_on) break;
  }
  if (out->outcome != LT_LRS_DONE)
    lt_diag_add(diags, LT_DIAG_ERROR, lrs->endpoint, 0, 0, "%s (%s)",
                lt_lrs_outcome_str(out->outcome), out->detail);
  g_free(ids), g_free(jsons), g_free(p.url);
  session_close(&p.s);
}

/* ---- pull ---- */

void lt_lrs_pull(const lt_lrs *lrs, const char *since,
                 int (*each)(void *user, const char *json, size_t len), void *user,
                 lt_lrs_result *out, lt_diag_list *diags) {
  memset(out, 0, sizeof *out);
  out->outcome = LT_LRS_DONE;
  session s;
  session_open(&s, lrs);
  CURLU *u = curl_url();
  GString *first = g_string_new(lrs->endpoint);
  g_string_append(first, "statements?limit=500");
  if (since) {
    char *e = curl_easy_escape(s.curl, since, 0);
    g_string_append_printf(first, "&since=%s", e);
    curl_free(e);
  }
  curl_url_set(u, CURLUPART_URL, first->str, 0);
  g_string_free(first, TRUE);
  for (;;) {
    char *url = NULL;
    curl_url_get(u, CURLUPART_URL, &url, 0);
    req_result r = request(&s, url, NULL, out->detail, sizeof out->detail);
    curl_free(url);
    if (r != R_OK) {
      out->outcome = r == R_REFUSED ? LT_LRS_SERVER : outcome_of(r);
      break;
    }
    json_error_t jerr;
    json_t *page = json_loadb(s.reply->str, s.reply->len, 0, &jerr);
    json_t *list = json_object_get(page, "statements");
    if (!json_is_array(list)) {
      g_snprintf(out->detail, sizeof out->detail, "the reply is not a statement list");
      out->outcome = LT_LRS_SERVER;
      json_decref(page);
      break;
    }
    size_t i;
    json_t *st;
    json_array_foreach(list, i, st) {
      char *text = json_dumps(st, JSON_COMPACT | JSON_PRESERVE_ORDER);
      int stop = text ? each(user, text, strlen(text)) : 1;
      free(text);
      if (stop) {
        out->outcome = LT_LRS_LOCAL;
        break;
      }
      out->sent++;
    }
    const char *more = json_string_value(json_object_get(page, "more"));
    bool next = out->outcome == LT_LRS_DONE && more && *more &&
                curl_url_set(u, CURLUPART_URL, more, 0) == CURLUE_OK; /* relative to the last */
    json_decref(page);
    if (!next) break;
  }
  if (out->outcome != LT_LRS_DONE)
    lt_diag_add(diags, LT_DIAG_ERROR, lrs->endpoint, 0, 0, "%s (%s)",
                lt_lrs_outcome_str(out->outcome), out->detail);
  curl_url_cleanup(u);
  session_close(&s);
}
