/* collection_db — the collection's database, for the report (internal to core). */
#ifndef LENTERA_CORE_COLLECTION_DB_H
#define LENTERA_CORE_COLLECTION_DB_H

#include "db.h"
#include "lentera/collection.h"

struct lt_collection {
  lt_db db;
};

lt_db *lt_collection_db(lt_collection *c);

#endif
