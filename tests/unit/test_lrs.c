/* test_lrs — the LRS client against a canned server on loopback (a thread answering each
 * connection with the next reply of a list): only the JSON array of exactly the ids sent, in
 * order, marks statements sent; HTML, a short list or other ids mark nothing; a 3xx is
 * reported with its target; 400 to everything marks nothing refused; a lone 400 is marked
 * with the server's words; a login over http:// is refused before any connection, unless
 * allow_insecure; [sync] allow_insecure is read. Control characters in what a server says
 * never reach the detail. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "lentera/lrs.h"

/* ---- a canned server ---- */

typedef struct {
  int fd, port;
  const char *const *replies; /* full HTTP responses, one per connection, NULL-terminated */
  int served;
  GThread *thread;
} canned;

static gpointer serve(gpointer data) {
  canned *c = data;
  for (const char *const *r = c->replies; *r; r++) {
    int s = accept(c->fd, NULL, NULL);
    if (s < 0) break;
    GString *in = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    long want = -1;
    while ((n = read(s, buf, sizeof buf)) > 0) {
      g_string_append_len(in, buf, n);
      char *end = strstr(in->str, "\r\n\r\n");
      if (end && want < 0) {
        char *cl = g_strstr_len(in->str, end - in->str, "Content-Length:");
        want = (long)(end + 4 - in->str) + (cl ? atol(cl + 15) : 0);
      }
      if (want >= 0 && (long)in->len >= want) break;
    }
    g_string_free(in, TRUE);
    if (write(s, *r, strlen(*r)) < 0) break;
    close(s);
    g_atomic_int_inc(&c->served);
  }
  return NULL;
}

static void canned_start(canned *c, const char *const *replies) {
  memset(c, 0, sizeof *c);
  c->replies = replies;
  c->fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  CHECK(bind(c->fd, (struct sockaddr *)&a, sizeof a) == 0);
  CHECK(listen(c->fd, 8) == 0);
  CHECK(getsockname(c->fd, (struct sockaddr *)&a, &len) == 0);
  c->port = ntohs(a.sin_port);
  c->thread = g_thread_new("canned", serve, c);
}

static void canned_stop(canned *c) {
  shutdown(c->fd, SHUT_RDWR);
  close(c->fd);
  g_thread_join(c->thread);
}

/* ---- a queue in memory ---- */

enum { N = 3 };
static const char *const IDS[N] = {"a0000000-0000-4000-8000-000000000001",
                                   "a0000000-0000-4000-8000-000000000002",
                                   "a0000000-0000-4000-8000-000000000003"};

typedef struct {
  size_t at, sent, refused, nexts;
  char why[256];
} queue;

static size_t q_next(void *ctx, size_t max, char **ids, char **jsons) {
  queue *q = ctx;
  q->nexts++;
  size_t n = 0;
  for (; q->at < N && n < max; q->at++, n++) {
    ids[n] = g_strdup(IDS[q->at]);
    jsons[n] = g_strdup_printf("{\"id\":\"%s\"}", IDS[q->at]);
  }
  return n;
}

static lt_status q_sent(void *ctx, char *const *ids, size_t n) {
  (void)ids;
  ((queue *)ctx)->sent += n;
  return LT_OK;
}

static lt_status q_refused(void *ctx, const char *id, const char *why) {
  queue *q = ctx;
  (void)id;
  q->refused++;
  g_strlcpy(q->why, why, sizeof q->why);
  return LT_OK;
}

#define OK_JSON(body)                                                                              \
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" body

/* Pushes IDS to a canned server answering `replies`; the queue and result in out_*. */
static void push(const char *const *replies, size_t batch, queue *out_q, lt_lrs_result *out) {
  canned c;
  canned_start(&c, replies);
  char *url = g_strdup_printf("http://127.0.0.1:%d/xAPI/", c.port);
  lt_lrs lrs;
  lt_lrs_init(&lrs, url, "kantor", "rahasia");
  lrs.allow_insecure = true, lrs.retries = 0, lrs.batch = batch, lrs.timeout_s = 5;
  memset(out_q, 0, sizeof *out_q);
  lt_lrs_queue q = {out_q, q_next, q_sent, q_refused};
  lt_diag_list *d = lt_diag_list_new();
  lt_lrs_push(&lrs, &q, N, NULL, NULL, out, d);
  lt_diag_list_free(d);
  lt_lrs_clear(&lrs);
  g_free(url);
  canned_stop(&c);
}

static void test_acknowledgements(void) {
  queue q;
  lt_lrs_result r;
  const char *const exact[] = {
      OK_JSON("[\"a0000000-0000-4000-8000-000000000001\",\"a0000000-0000-4000-8000-"
              "000000000002\",\"A0000000-0000-4000-8000-000000000003\"]"),
      NULL};
  push(exact, 100, &q, &r);
  CHECK_INT(r.outcome, LT_LRS_DONE);
  CHECK_INT(q.sent, 3);

  const char *const html[] = {"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: "
                              "close\r\n\r\n<html><title>Hotspot\x1b[2J login</title></html>",
                              NULL};
  push(html, 100, &q, &r);
  CHECK_INT(r.outcome, LT_LRS_NOT_ACK);
  CHECK_INT(q.sent, 0);
  CHECK(strstr(r.detail, "HTTP 200") && strstr(r.detail, "not JSON"));
  CHECK(strstr(r.detail, "Hotspot") != NULL);
  CHECK(strchr(r.detail, '\x1b') == NULL);

  const char *const one[] = {OK_JSON("[\"a0000000-0000-4000-8000-000000000001\"]"), NULL};
  push(one, 100, &q, &r);
  CHECK_INT(r.outcome, LT_LRS_NOT_ACK);
  CHECK_INT(q.sent, 0);
  CHECK(strstr(r.detail, "1 id(s) for 3 statement(s)") != NULL);

  const char *const swapped[] = {
      OK_JSON("[\"a0000000-0000-4000-8000-000000000002\",\"a0000000-0000-4000-8000-"
              "000000000001\",\"a0000000-0000-4000-8000-000000000003\"]"),
      NULL};
  push(swapped, 100, &q, &r);
  CHECK_INT(r.outcome, LT_LRS_NOT_ACK);
  CHECK_INT(q.sent, 0);

  const char *const object[] = {OK_JSON("{\"ok\":true}"), NULL};
  push(object, 100, &q, &r);
  CHECK_INT(r.outcome, LT_LRS_NOT_ACK);
  CHECK_INT(q.sent, 0);
}

static void test_redirect_and_refusals(void) {
  queue q;
  lt_lrs_result r;
  const char *const moved[] = {"HTTP/1.1 302 Found\r\nLocation: https://elsewhere.invalid/x\r\n"
                               "Content-Length: 0\r\nConnection: close\r\n\r\n",
                               NULL};
  push(moved, 100, &q, &r);
  CHECK_INT(r.outcome, LT_LRS_REDIRECT);
  CHECK(strstr(r.detail, "HTTP 302 to https://elsewhere.invalid/x") != NULL);
  CHECK_INT(q.sent + q.refused, 0);

#define BAD "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n{\"message\":\"no\"}"
  /* batch [0,3) → [0,1) [1,3) → [1,2) [2,3): every one refused alike */
  const char *const all[] = {BAD, BAD, BAD, BAD, BAD, NULL};
  push(all, 100, &q, &r);
  CHECK_INT(r.outcome, LT_LRS_REFUSES_ALL);
  CHECK_INT(q.refused, 0);
  CHECK(strstr(r.detail, "no") != NULL);

  /* the second one alone refused: the others sent, it marked with the words */
  const char *const lone[] = {
      BAD,                                                   /* [0,3) */
      OK_JSON("[\"a0000000-0000-4000-8000-000000000001\"]"), /* [0,1) */
      BAD,                                                   /* [1,3) */
      "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n{\"message\":\"score out of range\"}",
      OK_JSON("[\"a0000000-0000-4000-8000-000000000003\"]"), /* [2,3) */
      NULL};
  push(lone, 100, &q, &r);
  CHECK_INT(r.outcome, LT_LRS_DONE);
  CHECK_INT(q.sent, 2);
  CHECK_INT(q.refused, 1);
  CHECK(strstr(q.why, "HTTP 400") && strstr(q.why, "score out of range"));
}

static void test_insecure(void) {
  lt_lrs lrs;
  lt_lrs_init(&lrs, "http://127.0.0.1:9/xAPI/", "kantor", "rahasia");
  CHECK(lt_lrs_insecure(&lrs, lrs.endpoint));
  CHECK(lt_lrs_insecure(&lrs, "HTTP://lrs.example/xAPI/"));
  CHECK(!lt_lrs_insecure(&lrs, "https://lrs.example/xAPI/"));
  queue q = {0};
  lt_lrs_queue lq = {&q, q_next, q_sent, q_refused};
  lt_lrs_result r;
  lt_diag_list *d = lt_diag_list_new();
  lt_lrs_push(&lrs, &lq, N, NULL, NULL, &r, d);
  CHECK_INT(r.outcome, LT_LRS_INSECURE);
  CHECK_INT(q.nexts, 0); /* refused before reading the queue or connecting */
  lrs.allow_insecure = true;
  CHECK(!lt_lrs_insecure(&lrs, lrs.endpoint));
  lt_lrs_clear(&lrs);
  lt_lrs_init(&lrs, "http://127.0.0.1:9/xAPI/", NULL, NULL);
  CHECK(!lt_lrs_insecure(&lrs, lrs.endpoint)); /* no login, nothing to leak */
  lt_lrs_clear(&lrs);
  lt_diag_list_free(d);

  char *dir = tmp_dir();
  char *conf = g_build_filename(dir, "lentera.conf", NULL);
  bool configured = false;
  g_file_set_contents(conf, "[sync]\nendpoint = http://x.invalid/xAPI/\nallow_insecure = true\n",
                      -1, NULL);
  d = lt_diag_list_new();
  CHECK(lt_lrs_load_config(conf, &lrs, &configured, d) == LT_OK);
  CHECK(configured && lrs.allow_insecure);
  lt_lrs_clear(&lrs);
  g_file_set_contents(conf, "[sync]\nendpoint = http://x.invalid/xAPI/\n", -1, NULL);
  CHECK(lt_lrs_load_config(conf, &lrs, &configured, d) == LT_OK);
  CHECK(configured && !lrs.allow_insecure);
  lt_lrs_clear(&lrs);
  lt_diag_list_free(d);
  g_free(conf);
  tmp_remove(dir);
  g_free(dir);
}

int main(void) {
  test_acknowledgements();
  test_redirect_and_refusals();
  test_insecure();
  return check_done("lrs");
}
