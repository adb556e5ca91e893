/* lrs — see lrs.h. One curl easy handle per push or pull (connections are kept alive
 * between batches). Every request goes through `request`, which retries what is worth
 * retrying with doubling waits and sorts the answer into an outcome: a POST's 2xx counts only
 * when `not_ack` finds its body to be the ids sent, in order; a 3xx is reported with curl's
 * idea of its target, never followed. What the server said goes into the detail through
 * `excerpt` (valid UTF-8, control and format characters blanked, whitespace squeezed, cut
 * short). `send_range` is the batch splitter, recursing into halves on a refusal and
 * holding the singles refused until the batch is done, when `settle_refusals` tells a
 * statement refused alone (marked) from a server that refuses everything (nothing marked).
 * The pull keeps the endpoint's origin and the set of pages read, and refuses a `more` that
 * leaves the one or returns to the other. Certificates are always verified: against the
 * system's trust (OpenSSL's CA bundle on Linux; Windows' own validation and certificate store
 * through Schannel) or, when `ca_file` is set, against that file (curl then checks the chain
 * itself, on Windows too). */
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
  g_free(lrs->ca_file);
  memset(lrs, 0, sizeof *lrs);
}

/* ca_file: an office LRS with a certificate of its own CA (or a self-signed one) is trusted
 * through that certificate; a relative path is in the folder of lentera.conf. */
static void load_ca_file(GKeyFile *kf, const char *conf_path, lt_lrs *out, lt_diag_list *diags) {
  char *ca = g_key_file_get_string(kf, "sync", "ca_file", NULL);
  if (ca && *g_strstrip(ca)) {
    if (g_path_is_absolute(ca)) {
      out->ca_file = g_steal_pointer(&ca);
    } else {
      char *dir = g_path_get_dirname(conf_path);
      out->ca_file = g_build_filename(dir, ca, NULL);
      g_free(dir);
    }
    if (!g_file_test(out->ca_file, G_FILE_TEST_IS_REGULAR))
      lt_diag_add(diags, LT_DIAG_WARNING, conf_path, 0, 0,
                  "ca_file %s does not exist; the LRS's certificate cannot be checked against it, "
                  "so nothing will be sent until the file is there",
                  out->ca_file);
  }
  g_free(ca);
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
    gboolean insecure = g_key_file_get_boolean(kf, "sync", "allow_insecure", &e);
    if (!e)
      out->allow_insecure = insecure;
    else if (!g_error_matches(e, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
      lt_diag_add(diags, LT_DIAG_WARNING, conf_path, 0, 0,
                  "allow_insecure is not true or false; taken as false");
    g_clear_error(&e);
    if (out->homepage && !*g_strstrip(out->homepage)) g_clear_pointer(&out->homepage, g_free);
    load_ca_file(kf, conf_path, out, diags);
    g_free(user), g_free(pass);
    *configured = true;
#ifndef _WIN32 /* there the file sits in the account's profile, which its ACL keeps private */
    GStatBuf sb;
    if (pass && g_stat(conf_path, &sb) == 0 && (sb.st_mode & 077))
      lt_diag_add(diags, LT_DIAG_WARNING, conf_path, 0, 0,
                  "holds the LRS password but others may read it; run: chmod 600 %s", conf_path);
#endif
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
  case LT_LRS_INSECURE:
    return "the login was not sent: the endpoint is http://, where the password would travel "
           "in clear";
  case LT_LRS_REDIRECT: return "the LRS answered with a redirect, which is not followed";
  case LT_LRS_NOT_ACK:
    return "the reply is not the LRS's acknowledgement of the statements sent (a captive "
           "portal or a proxy?); nothing was marked sent";
  case LT_LRS_REFUSES_ALL:
    return "the LRS refuses every statement alike, a problem of the server; nothing was "
           "marked refused";
  case LT_LRS_FOREIGN_MORE: return "the LRS's `more` link was not followed";
  case LT_LRS_CERTIFICATE:
    return "the LRS's certificate could not be verified (not one the system trusts, nor the "
           "ca_file's); nothing was sent";
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

typedef enum {
  R_ACCEPTED,
  R_REFUSED,
  R_AUTH,
  R_UNREACHABLE,
  R_SERVER,
  R_CANCELLED,
  R_REDIRECT,
  R_NOT_ACK,
  R_CERTIFICATE
} req_result;

bool lt_lrs_insecure(const lt_lrs *lrs, const char *url) {
  bool login = (lrs->username && *lrs->username) || (lrs->password && *lrs->password);
  return login && !lrs->allow_insecure && g_ascii_strncasecmp(url, "http://", 7) == 0;
}

/* What a server said, fit to show: at most `max` characters of `text` (of `len` bytes),
 * valid UTF-8, control and format characters (escapes, bidi overrides) as spaces, runs of
 * whitespace as one, "…" when cut. */
static void excerpt(char *dst, size_t dst_len, const char *text, size_t len, size_t max) {
  char *valid = g_utf8_make_valid(text, (gssize)MIN(len, (size_t)4096));
  GString *o = g_string_new(NULL);
  size_t chars = 0;
  bool space = true, cut = false;
  for (const char *c = valid; *c; c = g_utf8_next_char(c)) {
    gunichar u = g_utf8_get_char(c);
    GUnicodeType t = g_unichar_type(u);
    if (g_unichar_isspace(u) || t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT ||
        t == G_UNICODE_LINE_SEPARATOR || t == G_UNICODE_PARAGRAPH_SEPARATOR) {
      if (!space) g_string_append_c(o, ' ');
      space = true;
      continue;
    }
    if (chars == max) {
      cut = true;
      break;
    }
    g_string_append_unichar(o, u);
    chars++, space = false;
  }
  if (!cut && len > 4096) cut = true;
  while (o->len && o->str[o->len - 1] == ' ')
    g_string_truncate(o, o->len - 1);
  if (cut) g_string_append(o, "…");
  /* never cut a character in two */
  size_t n = o->len < dst_len ? o->len : dst_len - 1;
  while (n > 0 && n < o->len && ((unsigned char)o->str[n] & 0xC0) == 0x80)
    n--;
  memcpy(dst, o->str, n);
  dst[n] = '\0';
  g_string_free(o, TRUE);
  g_free(valid);
}

/* Why `reply` is not the acknowledgement of ids[0..n) (into `why`), or false when it is:
 * a JSON array of exactly those ids, in that order. */
static bool not_ack(const GString *reply, char *const *ids, size_t n, char *why, size_t why_len) {
  json_error_t jerr;
  json_t *list = json_loadb(reply->str, reply->len, 0, &jerr);
  bool bad = true;
  if (!list)
    g_snprintf(why, why_len, "not JSON");
  else if (!json_is_array(list))
    g_snprintf(why, why_len, "not a list of statement ids");
  else if (json_array_size(list) != n)
    g_snprintf(why, why_len, "%zu id(s) for %zu statement(s) sent", json_array_size(list), n);
  else {
    bad = false;
    for (size_t i = 0; i < n && !bad; i++) {
      const char *id = json_string_value(json_array_get(list, i));
      if (!id || g_ascii_strcasecmp(id, ids[i]) != 0) {
        g_snprintf(why, why_len, "id %zu is not the one sent", i + 1);
        bad = true;
      }
    }
  }
  json_decref(list);
  return bad;
}

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
  if (lrs->ca_file) curl_easy_setopt(c, CURLOPT_CAINFO, lrs->ca_file);
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
  for (long step = 0; step < (long)(seconds * 10); step++) { /* tenths of a second */
    if (cancelled(lrs)) return false;
    g_usleep(100000);
  }
  return !cancelled(lrs);
}

/* POSTs `body` (or GETs when NULL) to `url`; the reply is in s->reply, the detail of a
 * failure in `detail`. A POST's 2xx is R_ACCEPTED only when it acknowledges ids[0..n). */
static req_result request(session *s, const char *url, const GString *body, char *const *ids,
                          size_t n, char *detail, size_t detail_len) {
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
      if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE)
        return R_CERTIFICATE;
      bool lasting = rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL ||
                     rc == CURLE_SSL_CONNECT_ERROR;
      r = R_UNREACHABLE;
      if (lasting) return r;
    } else if (code >= 200 && code < 300) {
      char why[96], said[160];
      if (!body || !not_ack(s->reply, ids, n, why, sizeof why)) return R_ACCEPTED;
      excerpt(said, sizeof said, s->reply->str, s->reply->len, 100);
      g_snprintf(detail, detail_len, "HTTP %ld, not an acknowledgement (%s): \"%s\"", code, why,
                 said);
      r = R_NOT_ACK; /* a portal or proxy in the way may be gone next time */
    } else if (code >= 300 && code < 400) {
      char *target = NULL, shown[200];
      curl_easy_getinfo(s->curl, CURLINFO_REDIRECT_URL, &target);
      excerpt(shown, sizeof shown, target ? target : "(no Location)",
              strlen(target ? target : "(no Location)"), 120);
      g_snprintf(detail, detail_len,
                 "HTTP %ld to %s (not followed; set the endpoint to where the "
                 "LRS really is)",
                 code, shown);
      return R_REDIRECT;
    } else {
      char said[200];
      excerpt(said, sizeof said, s->reply->str, s->reply->len, 160);
      g_snprintf(detail, detail_len, "HTTP %ld: %s", code, said);
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
  case R_REDIRECT: return LT_LRS_REDIRECT;
  case R_CERTIFICATE: return LT_LRS_CERTIFICATE;
  case R_NOT_ACK: return LT_LRS_NOT_ACK;
  default: return LT_LRS_SERVER;
  }
}

/* ---- push ---- */

/* Singles refused in a row with the very same answer, while the push has had nothing
 * accepted, after which the LRS is taken to refuse everything. */
enum { ALIKE = 5 };

typedef struct {
  session s;
  const lt_lrs_queue *q;
  char *url;
  lt_lrs_result *out;
  lt_diag_list *diags;
  lt_lrs_progress_fn fn;
  void *user;
  size_t total;
  GPtrArray *held_ids, *held_why; /* singles refused in this batch, not marked yet */
  bool alike_so_far; /* every single refused in this push had the first one's answer, and
                      * nothing was accepted */
  size_t alike;
  char first_why[256];
} pusher;

static bool refuses_all(pusher *p, size_t n, const char *why) {
  p->out->outcome = LT_LRS_REFUSES_ALL;
  char said[200];
  g_strlcpy(said, why, sizeof said);
  g_snprintf(p->out->detail, sizeof p->out->detail, "%zu statement(s) refused alike: %s", n, said);
  return false;
}

/* Sends statements [lo, hi); false when the push has to stop (out->outcome says why). */
static bool send_range(pusher *p, char **ids, char **jsons, size_t lo, size_t hi) {
  GString *body = g_string_new("[");
  for (size_t i = lo; i < hi; i++) {
    if (i > lo) g_string_append_c(body, ',');
    g_string_append(body, jsons[i]);
  }
  g_string_append_c(body, ']');
  req_result r =
      request(&p->s, p->url, body, ids + lo, hi - lo, p->out->detail, sizeof p->out->detail);
  g_string_free(body, TRUE);
  if (r == R_ACCEPTED) {
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
  /* refused alone: held until the batch is done */
  if (p->alike_so_far && p->out->sent == 0) {
    if (!p->alike) g_strlcpy(p->first_why, p->out->detail, sizeof p->first_why);
    p->alike_so_far = !p->alike || strcmp(p->first_why, p->out->detail) == 0;
    if (p->alike_so_far && ++p->alike >= ALIKE) return refuses_all(p, p->alike, p->first_why);
  } else {
    p->alike_so_far = false;
  }
  g_ptr_array_add(p->held_ids, ids[lo]);
  g_ptr_array_add(p->held_why, g_strdup(p->out->detail));
  p->out->detail[0] = '\0';
  return true;
}

/* After a batch of `n` went through the splitter: the singles it refused are marked, unless
 * the LRS refused the whole batch (n > 1), which is its problem, not theirs. */
static bool settle_refusals(pusher *p, size_t n) {
  size_t k = p->held_ids->len;
  if (k > 1 && k == n) return refuses_all(p, k, p->held_why->pdata[0]);
  for (size_t i = 0; i < k; i++) {
    const char *id = p->held_ids->pdata[i], *why = p->held_why->pdata[i];
    lt_diag_add(p->diags, LT_DIAG_WARNING, NULL, 0, 0, "the LRS refused statement %s: %s", id, why);
    if (p->q->refused(p->q->ctx, id, why) != LT_OK) {
      p->out->outcome = LT_LRS_LOCAL;
      return false;
    }
    p->out->refused++;
    if (p->fn) p->fn(p->user, p->out->sent + p->out->refused, p->total);
  }
  return true;
}

void lt_lrs_push(const lt_lrs *lrs, const lt_lrs_queue *q, size_t total, lt_lrs_progress_fn fn,
                 void *user, lt_lrs_result *out, lt_diag_list *diags) {
  memset(out, 0, sizeof *out);
  pusher p = {.q = q, .out = out, .diags = diags, .fn = fn, .user = user, .total = total};
  p.alike_so_far = true;
  p.url = g_strconcat(lrs->endpoint, "statements", NULL);
  if (lt_lrs_insecure(lrs, p.url)) {
    out->outcome = LT_LRS_INSECURE;
    g_snprintf(out->detail, sizeof out->detail, "%s", lrs->endpoint);
    lt_diag_add(diags, LT_DIAG_ERROR, lrs->endpoint, 0, 0, "%s", lt_lrs_outcome_str(out->outcome));
    g_free(p.url);
    return;
  }
  session_open(&p.s, lrs);
  p.held_ids = g_ptr_array_new();
  p.held_why = g_ptr_array_new_with_free_func(g_free);
  size_t batch = lrs->batch ? lrs->batch : 100;
  char **ids = g_new0(char *, batch), **jsons = g_new0(char *, batch);
  out->outcome = LT_LRS_DONE;
  for (;;) {
    if (cancelled(lrs)) {
      out->outcome = LT_LRS_CANCELLED;
      break;
    }
    size_t n = q->next(q->ctx, batch, ids, jsons);
    g_ptr_array_set_size(p.held_ids, 0), g_ptr_array_set_size(p.held_why, 0);
    bool go_on = n > 0 && send_range(&p, ids, jsons, 0, n) && settle_refusals(&p, n);
    for (size_t i = 0; i < n; i++)
      g_free(ids[i]), g_free(jsons[i]);
    if (!go_on) break;
  }
  if (out->outcome != LT_LRS_DONE)
    lt_diag_add(diags, LT_DIAG_ERROR, lrs->endpoint, 0, 0, "%s (%s)",
                lt_lrs_outcome_str(out->outcome), out->detail);
  g_ptr_array_free(p.held_ids, TRUE), g_ptr_array_free(p.held_why, TRUE);
  g_free(ids), g_free(jsons), g_free(p.url);
  session_close(&p.s);
}

/* ---- pull ---- */

/* "scheme://host:port" of a parsed URL (the port made explicit), or NULL. */
static char *origin_of(CURLU *u) {
  char *scheme = NULL, *host = NULL, *port = NULL, *o = NULL;
  if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
    char *mixed = g_strdup_printf("%s://%s:%s", scheme, host, port);
    o = g_ascii_strdown(mixed, -1);
    g_free(mixed);
  }
  curl_free(scheme), curl_free(host), curl_free(port);
  return o;
}

/* Moves `u` on to the page `more` names (relative to the last); false with the reason in
 * out->detail when it is another origin or a page already read. */
static bool follow_more(CURLU *u, const char *more, const char *origin, GHashTable *seen,
                        lt_lrs_result *out) {
  char shown[160];
  excerpt(shown, sizeof shown, more, strlen(more), 120);
  if (curl_url_set(u, CURLUPART_URL, more, 0) != CURLUE_OK) {
    g_snprintf(out->detail, sizeof out->detail, "`more` is not a URL: %s", shown);
    return false;
  }
  curl_url_set(u, CURLUPART_USER, NULL, 0); /* no login rides in the link itself */
  curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
  curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
  char *o = origin_of(u), *url = NULL;
  bool ok = o && strcmp(o, origin) == 0;
  if (!ok)
    g_snprintf(out->detail, sizeof out->detail,
               "`more` leads to another origin (%s), where the login is not sent", shown);
  if (ok && curl_url_get(u, CURLUPART_URL, &url, 0) == CURLUE_OK &&
      g_hash_table_contains(seen, url)) {
    g_snprintf(out->detail, sizeof out->detail,
               "`more` leads back to a page already read (%s); the pull stops there", shown);
    ok = false;
  }
  curl_free(url);
  g_free(o);
  return ok;
}

void lt_lrs_pull(const lt_lrs *lrs, const char *since,
                 int (*each)(void *user, const char *json, size_t len), void *user,
                 lt_lrs_result *out, lt_diag_list *diags) {
  memset(out, 0, sizeof *out);
  out->outcome = LT_LRS_DONE;
  if (lt_lrs_insecure(lrs, lrs->endpoint)) {
    out->outcome = LT_LRS_INSECURE;
    g_snprintf(out->detail, sizeof out->detail, "%s", lrs->endpoint);
    lt_diag_add(diags, LT_DIAG_ERROR, lrs->endpoint, 0, 0, "%s", lt_lrs_outcome_str(out->outcome));
    return;
  }
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
  char *origin = origin_of(u);
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (;;) {
    char *url = NULL;
    curl_url_get(u, CURLUPART_URL, &url, 0);
    g_hash_table_add(seen, g_strdup(url));
    req_result r = request(&s, url, NULL, NULL, 0, out->detail, sizeof out->detail);
    curl_free(url);
    if (r != R_ACCEPTED) {
      out->outcome = r == R_REFUSED ? LT_LRS_SERVER : outcome_of(r);
      break;
    }
    json_error_t jerr;
    json_t *page = json_loadb(s.reply->str, s.reply->len, 0, &jerr);
    json_t *list = json_object_get(page, "statements");
    if (!json_is_array(list)) {
      char said[160];
      excerpt(said, sizeof said, s.reply->str, s.reply->len, 100);
      g_snprintf(out->detail, sizeof out->detail, "the reply is not a statement list: \"%s\"",
                 said);
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
    bool next = out->outcome == LT_LRS_DONE && more && *more;
    if (next && !(origin && follow_more(u, more, origin, seen, out))) {
      out->outcome = LT_LRS_FOREIGN_MORE;
      next = false;
    }
    json_decref(page);
    if (!next) break;
  }
  if (out->outcome != LT_LRS_DONE)
    lt_diag_add(diags, LT_DIAG_ERROR, lrs->endpoint, 0, 0, "%s (%s)",
                lt_lrs_outcome_str(out->outcome), out->detail);
  g_hash_table_destroy(seen);
  g_free(origin);
  curl_url_cleanup(u);
  session_close(&s);
}
