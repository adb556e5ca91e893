/* frontmatter — the YAML block between '---' lines at the top of a Markdown file.
 *
 * Parsed with libyaml into a mapping whose values keep their source positions, so every
 * complaint about a key points at the line and column where the trainer wrote it. */
#ifndef LENTERA_FRONTMATTER_H
#define LENTERA_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

#include "lentera/diag.h"

typedef struct lt_frontmatter lt_frontmatter;

/* Parses the front matter of `text` (from file `file`, used in messages). On success the
 * body (Markdown after the closing '---') starts at text + *out_body_offset, which is line
 * *out_body_line of the file. */
LT_MUST_CHECK lt_status lt_frontmatter_parse(const char *file, const char *text, size_t len,
                                             lt_frontmatter **out, size_t *out_body_offset,
                                             int *out_body_line, lt_diag_list *diags);
void lt_frontmatter_free(lt_frontmatter *fm);

/* Position of a key's value (or of the front matter start when missing). */
void lt_frontmatter_position(const lt_frontmatter *fm, const char *key, int *line, int *col);

/* Warns about keys outside `allowed` (NULL-terminated). */
void lt_frontmatter_warn_unknown(const lt_frontmatter *fm, const char *const *allowed,
                                 lt_diag_list *diags);

/* Getters: when the key is missing, a required one adds an error and returns
 * LT_ERR_INVALID, an optional one returns LT_OK and leaves *out unchanged. A value of the
 * wrong type or range adds an error at the value's position. Strings stay valid while
 * `fm` lives. */
LT_MUST_CHECK lt_status lt_frontmatter_string(const lt_frontmatter *fm, const char *key,
                                              bool required, const char **out, lt_diag_list *diags);
LT_MUST_CHECK lt_status lt_frontmatter_int(const lt_frontmatter *fm, const char *key, bool required,
                                           long min, long max, long *out, lt_diag_list *diags);
LT_MUST_CHECK lt_status lt_frontmatter_bool(const lt_frontmatter *fm, const char *key, bool *out,
                                            lt_diag_list *diags);

/* A value that must be one of `names` (NULL-terminated): *out is its index. `what` names
 * the value in the message ("unknown kind 'x' (expected lesson, cheatsheet or quiz)"). */
LT_MUST_CHECK lt_status lt_frontmatter_choice(const lt_frontmatter *fm, const char *key,
                                              bool required, const char *const *names,
                                              const char *what, int *out, lt_diag_list *diags);

/* A list of scalars (a scalar alone counts as a one-element list). *out_count elements;
 * lt_frontmatter_list_item gives the i-th with its position. */
LT_MUST_CHECK lt_status lt_frontmatter_list(const lt_frontmatter *fm, const char *key,
                                            bool required, size_t *out_count, lt_diag_list *diags);
const char *lt_frontmatter_list_item(const lt_frontmatter *fm, const char *key, size_t i, int *line,
                                     int *col);

/* A small mapping under `key` (`signer: {name: …, position: …}`). *out_present tells whether
 * the key is there; a value that is not a mapping, or a field in it outside `allowed`
 * (NULL-terminated), adds an error at its position. */
LT_MUST_CHECK lt_status lt_frontmatter_mapping(const lt_frontmatter *fm, const char *key,
                                               const char *const *allowed, bool *out_present,
                                               lt_diag_list *diags);
/* A list of small mappings under `key` (`targets: [{audience: paket-a, share: 0.8}]`, or
 * one "- {…}" entry a line): *out_count entries (0 when the key is missing). A value that is
 * not a list, an entry that is not a mapping, or a field outside `allowed` (NULL-terminated)
 * adds an error at its position; `example` shows one entry in the messages. */
LT_MUST_CHECK lt_status lt_frontmatter_records(const lt_frontmatter *fm, const char *key,
                                               const char *const *allowed, const char *example,
                                               size_t *out_count, lt_diag_list *diags);
/* Field `field` of entry i of that list and its position: NULL when the entry lacks it (the
 * position is then the entry's), "" when it is not a single value. */
const char *lt_frontmatter_record_field(const lt_frontmatter *fm, const char *key, size_t i,
                                        const char *field, int *line, int *col);
/* One text field of that mapping, as lt_frontmatter_string treats a key (a required one
 * must be there and not empty). Nothing is said when `key` is missing or no mapping. */
LT_MUST_CHECK lt_status lt_frontmatter_field(const lt_frontmatter *fm, const char *key,
                                             const char *field, bool required, const char **out,
                                             lt_diag_list *diags);

#endif
