/* collection_db — the collection's database, for the report (internal to core). */
#ifndef LENTERA_CORE_COLLECTION_DB_H
#define LENTERA_CORE_COLLECTION_DB_H

#include "db.h"
#include "lentera/collection.h"

struct lt_collection {
  lt_db db;
  char *now;             /* collection time of the file being read */
  GHashTable *questions; /* question ids whose choices were stored this run */
  int64_t cursor;        /* forwarding: the last rowid handed out */
};

lt_db *lt_collection_db(lt_collection *c);

#endif
