/* digest_pool — core-internal: BLAKE2b-256 of several byte streams on worker threads.
 *
 * One thread reads (a pack entry, a media file) and feeds; each stream ("job") is hashed
 * by one worker, so streams are hashed side by side on several cores while each stays in
 * order. Buffers come from a fixed set, so memory stays bounded however fast the reader. */
#ifndef LENTERA_DIGEST_POOL_H
#define LENTERA_DIGEST_POOL_H

#include <stddef.h>

#include "lentera/sign.h"

typedef struct digest_pool digest_pool;
typedef struct digest_job digest_job;

digest_pool *digest_pool_new(void);
/* Starts a stream; its digest is ready after digest_pool_wait(). Owned by the pool. */
digest_job *digest_pool_begin(digest_pool *p);
/* Copies `len` bytes into the stream (blocks while all buffers are in use). */
void digest_pool_feed(digest_pool *p, digest_job *job, const void *data, size_t len);
void digest_pool_end(digest_pool *p, digest_job *job);
/* Waits until every ended stream is hashed. Every begun stream must have been ended. */
void digest_pool_wait(digest_pool *p);
const char *digest_job_hex(const digest_job *job);
void digest_pool_free(digest_pool *p);

#endif
