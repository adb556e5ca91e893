/* Tests for digest_pool (core-internal): interleaved streams of every size, including
 * empty and larger than the whole buffer set, hash exactly as one-shot BLAKE2b-256. */
#include <stdlib.h>

#include "digest_pool.h"
#include "check.h"

int main(void) {
  CHECK_INT(lt_sign_init(), LT_OK);
  enum { STREAMS = 5 };
  const size_t sizes[STREAMS] = {0, 1, 1024 * 1024, 3 * 1024 * 1024 + 17, 40 * 1024 * 1024 + 5};
  unsigned char *data[STREAMS];
  for (int i = 0; i < STREAMS; i++) {
    data[i] = malloc(sizes[i] + 1);
    for (size_t j = 0; j < sizes[i]; j++)
      data[i][j] = (unsigned char)(j * 31 + (size_t)i);
  }
  for (int round = 0; round < 2; round++) { /* the pool is reusable after a wait */
    digest_pool *p = digest_pool_new();
    digest_job *jobs[STREAMS];
    for (int i = 0; i < STREAMS; i++) {
      jobs[i] = digest_pool_begin(p);
      for (size_t off = 0; off < sizes[i]; off += 300000) /* odd chunk size on purpose */
        digest_pool_feed(p, jobs[i], data[i] + off,
                         sizes[i] - off < 300000 ? sizes[i] - off : 300000);
      digest_pool_end(p, jobs[i]);
    }
    digest_pool_wait(p);
    for (int i = 0; i < STREAMS; i++) {
      char want[LT_HASH_HEX];
      lt_hash_hex(data[i], sizes[i], want);
      CHECK_STR(digest_job_hex(jobs[i]), want);
    }
    digest_pool_free(p);
  }
  for (int i = 0; i < STREAMS; i++)
    free(data[i]);
  digest_pool_free(NULL);
  return check_done("test_digest_pool");
}
