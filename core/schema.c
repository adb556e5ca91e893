/* schema — embedded XSDs and validating loads with libxml2.
 *
 * The .xsd files are turned into C arrays at build time (cmake/EmbedFiles.cmake). Parsing
 * uses XML_PARSE_NONET and never loads DTDs or substitutes entities, so a hostile pack
 * cannot reach the network or expand entities. libxml2's structured error handler turns
 * each error into a diagnostic "name:line: error: …" as it happens. Each schema is compiled
 * once per process and kept. */
#include "lentera/schema.h"

#include <glib.h>
#include <stdint.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <string.h>

#include "xml_load.h"

struct lt_embedded_file {
  const char *name;
  const char *data;
  size_t len;
};
extern const struct lt_embedded_file lt_embedded_schemas[];

const char *lt_schema_text(const char *name, size_t *out_len) {
  for (const struct lt_embedded_file *f = lt_embedded_schemas; f->name; f++)
    if (!strcmp(f->name, name)) {
      if (out_len) *out_len = f->len;
      return f->data;
    }
  return NULL;
}

typedef struct {
  lt_diag_list *diags;
  const char *name;
  int count;
} err_ctx;

static void on_error(void *user, const xmlError *e) {
  err_ctx *cx = user;
  if (cx->count++ >= 20) return; /* a broken file can produce thousands */
  char msg[512];
  g_strlcpy(msg, e->message ? e->message : "XML error", sizeof msg); /* cut if longer */
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    msg[--n] = '\0';
  lt_diag_add(cx->diags, LT_DIAG_ERROR, cx->name, e->line, 0, "%s", msg);
}

/* libxml2 2.9 declares the handler with a non-const error pointer. */
static void on_error_cb(void *user, xmlErrorPtr e) { on_error(user, e); }

static xmlDocPtr parse(const char *buf, size_t len, const char *name, err_ctx *cx) {
  xmlParserCtxtPtr p = xmlNewParserCtxt();
  if (!p) return NULL;
  xmlSetStructuredErrorFunc(cx, on_error_cb);
  xmlDocPtr doc =
      xmlCtxtReadMemory(p, buf, (int)len, name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOCDATA);
  xmlSetStructuredErrorFunc(NULL, NULL);
  xmlFreeParserCtxt(p);
  return doc;
}

/* The schema `name` compiled, once per process and kept (a player opening 200 packs spent a
 * quarter of its first frame compiling manifest.xsd 200 times). A compiled schema is only
 * read while validating, so threads share it, each with a validation context of its own. */
static xmlSchemaPtr compiled(const char *name, const char *xsd, size_t len, err_ctx *scx) {
  static GMutex lock;
  static GHashTable *done; /* name -> xmlSchemaPtr */
  g_mutex_lock(&lock);
  if (!done) done = g_hash_table_new(g_str_hash, g_str_equal);
  xmlSchemaPtr s = g_hash_table_lookup(done, name);
  if (!s) {
    xmlSchemaParserCtxtPtr sp = xmlSchemaNewMemParserCtxt(xsd, (int)len);
    xmlSchemaSetParserStructuredErrors(sp, on_error_cb, scx);
    s = xmlSchemaParse(sp);
    xmlSchemaFreeParserCtxt(sp);
    if (s) g_hash_table_insert(done, g_strdup(name), s);
  }
  g_mutex_unlock(&lock);
  return s;
}

lt_status lt_xml_load(const char *schema, const char *xml, size_t len, const char *name,
                      xmlDocPtr *out, lt_diag_list *diags) {
  err_ctx cx = {diags, name, 0};
  if (len > (size_t)INT32_MAX) {
    lt_diag_add(diags, LT_DIAG_ERROR, name, 0, 0, "XML file too large");
    return LT_ERR_INVALID;
  }
  size_t xsd_len;
  const char *xsd = lt_schema_text(schema, &xsd_len);
  if (!xsd) {
    lt_diag_add(diags, LT_DIAG_ERROR, schema, 0, 0, "unknown schema");
    return LT_ERR_INVALID;
  }
  xmlDocPtr doc = parse(xml, len, name, &cx);
  if (!doc) {
    if (!cx.count) lt_diag_add(diags, LT_DIAG_ERROR, name, 0, 0, "not well-formed XML");
    return LT_ERR_INVALID;
  }
  if (doc->intSubset || doc->extSubset) { /* no pack file needs one; entities hide in them */
    lt_diag_add(diags, LT_DIAG_ERROR, name, 0, 0, "XML with a DTD (DOCTYPE) is not accepted");
    xmlFreeDoc(doc);
    return LT_ERR_INVALID;
  }
  err_ctx scx = {diags, schema, 0};
  xmlSchemaPtr s = compiled(schema, xsd, xsd_len, &scx);
  lt_status st = LT_OK;
  if (!s) {
    st = LT_ERR_INVALID;
  } else {
    xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(s);
    xmlSchemaSetValidStructuredErrors(v, on_error_cb, &cx);
    if (xmlSchemaValidateDoc(v, doc) != 0) {
      if (!cx.count) lt_diag_add(diags, LT_DIAG_ERROR, name, 0, 0, "does not match %s", schema);
      st = LT_ERR_INVALID;
    }
    xmlSchemaFreeValidCtxt(v);
  }
  if (st != LT_OK) {
    xmlFreeDoc(doc);
    return st;
  }
  *out = doc;
  return LT_OK;
}

lt_status lt_schema_validate(const char *schema, const char *xml, size_t len, const char *name,
                             lt_diag_list *diags) {
  xmlDocPtr doc;
  lt_status st = lt_xml_load(schema, xml, len, name, &doc, diags);
  if (st == LT_OK) xmlFreeDoc(doc);
  return st;
}

bool lt_xml_is(xmlNodePtr n, const char *name) {
  return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

char *lt_xml_prop(xmlNodePtr n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *s = g_strdup(v ? (const char *)v : "");
  xmlFree(v);
  return s;
}

char *lt_xml_text(xmlNodePtr n) {
  xmlChar *v = xmlNodeGetContent(n);
  char *s = g_strdup(v ? (const char *)v : "");
  xmlFree(v);
  return s;
}

xmlNodePtr lt_xml_child(xmlNodePtr n, const char *name) {
  for (xmlNodePtr c = n->children; c; c = c->next)
    if (lt_xml_is(c, name)) return c;
  return NULL;
}
