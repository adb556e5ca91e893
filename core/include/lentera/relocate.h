/* relocate — where the files installed beside the programs are, found from the running
 * program's own folder, so a moved install (or the build tree) works and no build path is
 * compiled in. See docs/HACKING.md, "Installing". */
#ifndef LENTERA_RELOCATE_H
#define LENTERA_RELOCATE_H

/* The folder holding the running program (g_free()), or NULL if it cannot be told. */
char *lt_program_dir(void);

/* The first of `relative` (NULL-terminated, each relative to the program's folder) that
 * exists, as an absolute path (g_free()); NULL when none does. */
char *lt_beside_program(const char *const *relative);

/* Sets up, before they are first used, what the libraries need to find the files shipped
 * beside the programs (Windows: Pango draws through fontconfig, which reads the fonts\ folder
 * there). Nothing on Linux, where they are the system's. */
void lt_relocate_init(void);

#endif
