/* schema — the XML Schemas of schema/ (compiled into the programs) and safe XML loading.
 *
 * Every XML file a program reads from a pack goes through lt_schema_validate(): parsed
 * with no network, no DTD loading and no entity substitution, then checked against its
 * schema, each problem reported with the line libxml2 gives. */
#ifndef LENTERA_SCHEMA_H
#define LENTERA_SCHEMA_H

#include <stddef.h>

#include "lentera/diag.h"

/* The text of a schema file by name ("manifest.xsd", "quiz.xsd", "commonmark.xsd"), or
 * NULL. Static storage. */
const char *lt_schema_text(const char *name, size_t *out_len);

/* Parses `xml` and validates it against schema `schema`; `name` labels messages. */
LT_MUST_CHECK lt_status lt_schema_validate(const char *schema, const char *xml, size_t len,
                                           const char *name, lt_diag_list *diags);

#endif
