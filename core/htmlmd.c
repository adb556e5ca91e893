/* htmlmd — the HTML of Moodle question banks as Lentera Markdown.
 *
 * libxml2's HTML parser (HTML_PARSE_NONET, no network, no external entities; entities such
 * as &amp; and &nbsp; are decoded by the parser) reads the fragment; one walk over the tree
 * writes Markdown: <p>/<div> paragraphs, <br> hard breaks, <b>/<strong> and <i>/<em>
 * emphasis, <ul>/<ol> lists, <h1>…<h6> as bold paragraphs (a heading would start a new
 * question), <code>/<pre> code, <a> links to the web or mail (others give their text),
 * <img> through the caller's callback (which writes the file to media/ and says its
 * Markdown path). Any other element (span, font, u, table…) gives its text. All text is
 * escaped so Markdown shows it as written. */
#include "htmlmd.h"

#include <libxml/HTMLparser.h>
#include <string.h>

typedef struct {
  GString *out;
  bool line_start;
  const char *list; /* "ul" or "ol" while inside one */
  int item;
  int depth;
  lt_htmlmd_image_fn image;
  void *data;
  bool one_line;
} writer;

void lt_md_escape(GString *out, const char *text, bool *line_start) {
  for (const char *p = text; *p; p++) {
    bool escape = strchr("\\`*_[]<>!~&|", *p) != NULL;
    if (*line_start && !escape) { /* characters that begin a block: "# ", "- ", "1. ", "+ " */
      const char *q = p;
      while (g_ascii_isdigit(*q))
        q++;
      if (strchr("#-+=", *p))
        escape = true;
      else if (q > p && (*q == '.' || *q == ')')) {
        g_string_append_len(out, p, q - p); /* "1\." */
        p = q;
        escape = true;
      }
    }
    if (escape) g_string_append_c(out, '\\');
    g_string_append_c(out, *p);
    *line_start = *p == '\n';
  }
}

static void text(writer *w, const char *s) {
  /* HTML white space: runs are one space; none at the start of a line */
  GString *t = g_string_new(NULL);
  for (const char *p = s; *p; p++) {
    bool space = g_ascii_isspace(*p) || (p[0] == '\xc2' && p[1] == '\xa0' && p++);
    if (space) {
      bool after_space =
          t->len ? t->str[t->len - 1] == ' '
                 : w->line_start || (w->out->len && w->out->str[w->out->len - 1] == ' ');
      if (!after_space) g_string_append_c(t, ' ');
    } else {
      g_string_append_c(t, *p);
    }
  }
  lt_md_escape(w->out, t->str, &w->line_start);
  g_string_free(t, TRUE);
}

/* Ends the current block: a blank line before the next. */
static void block_break(writer *w) {
  while (w->out->len && w->out->str[w->out->len - 1] == ' ')
    g_string_truncate(w->out, w->out->len - 1);
  if (!w->out->len) return;
  if (!g_str_has_suffix(w->out->str, "\n\n"))
    g_string_append(w->out, g_str_has_suffix(w->out->str, "\n") ? "\n" : "\n\n");
  w->line_start = true;
}

static bool is(xmlNodePtr n, const char *name) {
  return n->type == XML_ELEMENT_NODE && !g_ascii_strcasecmp((const char *)n->name, name);
}

static char *prop(xmlNodePtr n, const char *name) {
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *s = g_strdup(v ? (const char *)v : "");
  xmlFree(v);
  return s;
}

static void children(writer *w, xmlNodePtr n);

/* Emphasis around the children, unless they are empty ("**" alone would be text). */
static void wrap(writer *w, xmlNodePtr n, const char *mark) {
  size_t at = w->out->len;
  g_string_append(w->out, mark);
  bool ls = w->line_start;
  w->line_start = false;
  children(w, n);
  if (w->out->len == at + strlen(mark)) {
    g_string_truncate(w->out, at);
    w->line_start = ls;
    return;
  }
  /* emphasis may not end with a space: move it out */
  size_t spaces = 0;
  while (w->out->len > at && w->out->str[w->out->len - 1] == ' ')
    g_string_truncate(w->out, w->out->len - 1), spaces++;
  g_string_append(w->out, mark);
  if (spaces) g_string_append_c(w->out, ' ');
}

static void node(writer *w, xmlNodePtr n) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    text(w, (const char *)n->content);
    return;
  }
  if (n->type != XML_ELEMENT_NODE) return;
  if (++w->depth > 64) { /* deeper nesting gives its text only */
    char *t = (char *)xmlNodeGetContent(n);
    text(w, t ? t : "");
    xmlFree(t);
    w->depth--;
    return;
  }
  if (is(n, "p") || is(n, "div") || is(n, "blockquote") || is(n, "table") || is(n, "tr")) {
    block_break(w);
    children(w, n);
    block_break(w);
  } else if (n->name[0] == 'h' && g_ascii_isdigit(n->name[1]) && !n->name[2]) {
    block_break(w);
    wrap(w, n, "**");
    block_break(w);
  } else if (is(n, "br") && w->one_line) {
    text(w, " ");
  } else if (is(n, "br")) {
    while (w->out->len && w->out->str[w->out->len - 1] == ' ')
      g_string_truncate(w->out, w->out->len - 1);
    if (w->out->len && !w->line_start) g_string_append(w->out, "\\\n");
    w->line_start = true;
  } else if (is(n, "b") || is(n, "strong")) {
    wrap(w, n, "**");
  } else if (is(n, "i") || is(n, "em")) {
    wrap(w, n, "*");
  } else if (is(n, "ul") || is(n, "ol")) {
    const char *outer = w->list;
    int item = w->item;
    block_break(w);
    w->list = is(n, "ul") ? "ul" : "ol";
    w->item = 0;
    children(w, n);
    block_break(w);
    w->list = outer, w->item = item;
  } else if (is(n, "li")) {
    if (w->out->len && !w->line_start) g_string_append_c(w->out, '\n');
    if (w->list && !strcmp(w->list, "ol"))
      g_string_append_printf(w->out, "%d. ", ++w->item);
    else
      g_string_append(w->out, "- ");
    w->line_start = false;
    children(w, n);
    g_string_append_c(w->out, '\n');
    w->line_start = true;
  } else if (is(n, "code") || is(n, "pre")) {
    char *t = (char *)xmlNodeGetContent(n);
    const char *fence = strchr(t ? t : "", '`') ? "``" : "`";
    if (is(n, "pre")) {
      block_break(w);
      g_string_append_printf(w->out, "```\n%s%s```", t ? t : "",
                             t && *t && t[strlen(t) - 1] == '\n' ? "" : "\n");
      block_break(w);
    } else {
      g_string_append_printf(w->out, "%s%s%s", fence, t ? g_strstrip(t) : "", fence);
      w->line_start = false;
    }
    xmlFree(t);
  } else if (is(n, "a")) {
    char *href = prop(n, "href");
    /* web and mail addresses stay links; a relative one (a Moodle file) is not in the
     * course, so only its text stays */
    bool web = g_str_has_prefix(href, "https://") || g_str_has_prefix(href, "http://") ||
               g_str_has_prefix(href, "mailto:");
    if (web && !strpbrk(href, " ()<>")) {
      g_string_append_c(w->out, '[');
      w->line_start = false;
      children(w, n);
      g_string_append_printf(w->out, "](%s)", href);
    } else {
      children(w, n);
    }
    g_free(href);
  } else if (is(n, "img")) {
    char *src = prop(n, "src"), *alt = prop(n, "alt");
    char *path = w->image ? w->image(w->data, src, alt) : NULL;
    if (path) {
      g_string_append(w->out, "![");
      w->line_start = false;
      text(w, alt);
      g_string_append_printf(w->out, "](%s)", path);
    } else if (*alt) {
      text(w, alt);
    }
    g_free(path), g_free(src), g_free(alt);
  } else if (is(n, "script") || is(n, "style") || is(n, "head")) {
    /* not text */
  } else {
    if (is(n, "td") || is(n, "th")) text(w, " ");
    children(w, n);
  }
  w->depth--;
}

static void children(writer *w, xmlNodePtr n) {
  for (xmlNodePtr c = n->children; c; c = c->next)
    node(w, c);
}

char *lt_htmlmd_convert(const char *html, bool one_line, lt_htmlmd_image_fn image, void *data) {
  writer w = {g_string_new(NULL), true, NULL, 0, 0, image, data, one_line};
  if (*html) {
    /* a wrapper keeps a fragment of text and elements in one body */
    char *doc = g_strconcat("<html><head><meta charset=\"utf-8\"></head><body>", html,
                            "</body></html>", NULL);
    htmlDocPtr d = htmlReadMemory(doc, (int)strlen(doc), NULL, "UTF-8",
                                  HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    g_free(doc);
    xmlNodePtr root = d ? xmlDocGetRootElement(d) : NULL;
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
      if (is(c, "body")) children(&w, c);
    xmlFreeDoc(d);
  }
  char *s = g_strstrip(g_string_free(w.out, FALSE));
  if (one_line) { /* a choice: its blocks joined by spaces */
    GRegex *re = g_regex_new("\\s*\\n+\\s*", 0, 0, NULL);
    char *joined = g_regex_replace_literal(re, s, -1, 0, " ", 0, NULL);
    g_regex_unref(re);
    g_free(s);
    s = joined;
  }
  return s;
}
