/* xml_load — core-internal: safe parse + schema validation returning the libxml2 tree,
 * for the modules that read pack XML (manifest). Not part of the public API. */
#ifndef LENTERA_XML_LOAD_H
#define LENTERA_XML_LOAD_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "lentera/diag.h"

LT_MUST_CHECK lt_status lt_xml_load(const char *schema, const char *xml, size_t len,
                                    const char *name, xmlDocPtr *out, lt_diag_list *diags);

/* Small tree helpers for the loaders. Strings are new (g_free); never NULL. */
bool lt_xml_is(xmlNodePtr n, const char *name);          /* an element with that name */
char *lt_xml_prop(xmlNodePtr n, const char *name);       /* attribute, "" when absent */
char *lt_xml_text(xmlNodePtr n);                         /* all text inside */
xmlNodePtr lt_xml_child(xmlNodePtr n, const char *name); /* first such child, or NULL */

#endif
