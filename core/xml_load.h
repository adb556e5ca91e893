/* xml_load — core-internal: safe parse + schema validation returning the libxml2 tree,
 * for the modules that read pack XML (manifest). Not part of the public API. */
#ifndef LENTERA_XML_LOAD_H
#define LENTERA_XML_LOAD_H

#include <libxml/tree.h>

#include "lentera/diag.h"

lt_status lt_xml_load(const char *schema, const char *xml, size_t len, const char *name,
                      xmlDocPtr *out, lt_diag_list *diags);

#endif
