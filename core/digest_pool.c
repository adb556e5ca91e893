/* digest_pool — a GThreadPool whose tasks are streams of buffers.
 *
 * digest_pool_begin() queues a job on the thread pool; its worker pops buffers from the
 * job's GAsyncQueue and hashes them until the END marker. Buffers circulate through the
 * pool's `free` queue: the feeder takes one (waiting if none is free), fills it, hands it to
 * the job; the worker gives it back after hashing. A feeder only moves to the next job
 * after ending the previous one, so every job that holds buffers either runs or will run
 * on a thread that will finish: the feeder can wait but never deadlock. */
#include "digest_pool.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

enum { BUF_SIZE = 1024 * 1024, BUFFERS = 16 };

typedef struct {
  size_t len;
  unsigned char data[BUF_SIZE];
} buffer;

struct digest_job {
  GAsyncQueue *queue; /* of buffer*, then the END marker */
  char hex[LT_HASH_HEX];
};

struct digest_pool {
  GThreadPool *threads;
  GAsyncQueue *free;
  GPtrArray *jobs;
  buffer *all;
  GMutex lock; /* guards `finished` */
  GCond changed;
  guint finished;
};

static buffer end_marker;

static void work(gpointer data, gpointer user) {
  digest_job *job = data;
  digest_pool *p = user;
  lt_hash *h = lt_hash_new();
  buffer *b;
  while ((b = g_async_queue_pop(job->queue)) != &end_marker) {
    lt_hash_update(h, b->data, b->len);
    g_async_queue_push(p->free, b);
  }
  lt_hash_final_hex(h, job->hex);
  lt_hash_free(h);
  g_mutex_lock(&p->lock);
  p->finished++;
  g_cond_signal(&p->changed);
  g_mutex_unlock(&p->lock);
}

digest_pool *digest_pool_new(void) {
  digest_pool *p = g_new0(digest_pool, 1);
  int cores = (int)g_get_num_processors();
  p->threads = g_thread_pool_new(work, p, cores > 1 ? cores : 1, FALSE, NULL);
  p->free = g_async_queue_new();
  p->all = g_new(buffer, BUFFERS);
  for (int i = 0; i < BUFFERS; i++)
    g_async_queue_push(p->free, &p->all[i]);
  p->jobs = g_ptr_array_new();
  g_mutex_init(&p->lock);
  g_cond_init(&p->changed);
  return p;
}

digest_job *digest_pool_begin(digest_pool *p) {
  digest_job *job = g_new0(digest_job, 1);
  job->queue = g_async_queue_new();
  g_ptr_array_add(p->jobs, job);
  g_thread_pool_push(p->threads, job, NULL);
  return job;
}

void digest_pool_feed(digest_pool *p, digest_job *job, const void *data, size_t len) {
  const unsigned char *in = data;
  while (len > 0) {
    buffer *b = g_async_queue_pop(p->free);
    b->len = len < BUF_SIZE ? len : BUF_SIZE;
    memcpy(b->data, in, b->len);
    g_async_queue_push(job->queue, b);
    in += b->len;
    len -= b->len;
  }
}

void digest_pool_end(digest_pool *p, digest_job *job) {
  (void)p;
  g_async_queue_push(job->queue, &end_marker);
}

void digest_pool_wait(digest_pool *p) {
  g_mutex_lock(&p->lock);
  while (p->finished < p->jobs->len)
    g_cond_wait(&p->changed, &p->lock);
  g_mutex_unlock(&p->lock);
}

const char *digest_job_hex(const digest_job *job) { return job->hex; }

void digest_pool_free(digest_pool *p) {
  if (!p) return;
  g_thread_pool_free(p->threads, FALSE, TRUE); /* finishes queued jobs, then joins */
  for (guint i = 0; i < p->jobs->len; i++) {
    digest_job *job = p->jobs->pdata[i];
    g_async_queue_unref(job->queue);
    g_free(job);
  }
  g_ptr_array_free(p->jobs, TRUE);
  g_async_queue_unref(p->free);
  g_mutex_clear(&p->lock);
  g_cond_clear(&p->changed);
  g_free(p->all);
  g_free(p);
}
