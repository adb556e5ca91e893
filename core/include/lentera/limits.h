/* limits — the sizes Lentera accepts, each defined once.
 *
 * Whoever writes a thing and whoever reads it use the same number, so what `lentera-pack
 * build` writes always passes `verify` and the player's import, and the packer says so at
 * `check` time (with the file and line) rather than leaving the reader to refuse the pack.
 * Every limit is far above what a real course or log holds; they exist so that a hostile or
 * broken file fails at once with a plain message instead of taking minutes or all memory. */
#ifndef LENTERA_LIMITS_H
#define LENTERA_LIMITS_H

/* Nesting of YAML front matter (mappings and lists inside each other). Real front matter
 * nests 2 or 3 deep. */
#define LT_LIMIT_YAML_DEPTH 64

/* Nesting of Markdown: block quotes, lists, emphasis, links and images inside each other.
 * Real lessons nest 3 or 4 deep. Deeper is an error at its line, found before cmark-gfm
 * parses the text (65,000 nested '>' or '*' made its XML renderer abort) and checked again
 * on the parsed tree, so no reader ever sees a pack nested deeper (libxml2 stops at 256). */
#define LT_LIMIT_MARKDOWN_DEPTH 32

/* One item: its Markdown file in the course folder, and the XML entry it compiles to in
 * the pack (lessons, cheat sheets, quizzes), which readers check in memory. */
#define LT_LIMIT_ITEM_BYTES ((size_t)4 * 1024 * 1024)

/* The pack's manifest, lentera.xml. */
#define LT_LIMIT_MANIFEST_BYTES ((size_t)8 * 1024 * 1024)

/* The manifest's signature, lentera.xml.minisig. */
#define LT_LIMIT_SIGNATURE_BYTES ((size_t)16 * 1024)

/* One xAPI statement: a line of a sync file (lentera-sync/<device>/<time>.jsonl), not
 * counting its newline. A Lentera statement is about 2 KB. */
#define LT_LIMIT_STATEMENT_BYTES ((size_t)1024 * 1024)

/* A course's introduction as the manifest carries it (course.md's first paragraph, cut at a
 * word): a card on the home page shows its first lines. manifest.xsd allows 400. */
#define LT_LIMIT_DESCRIPTION_CHARS 300

/* A size as messages give it: "%.1f MiB" of LT_MIB(bytes) (every limit is MiB-sized). */
#define LT_MIB(bytes) ((double)(bytes) / (1024.0 * 1024.0))

#endif
