/* newcourse — `lentera-pack new`: a starter course from the templates in packer/templates/
 * (compiled in), which builds as it is and shows a trainer every kind of item. */
#ifndef LENTERA_PACKER_NEWCOURSE_H
#define LENTERA_PACKER_NEWCOURSE_H

#include "lentera/diag.h"

/* Creates `dir` (which must not exist or be empty) with course.md, a lesson, a cheat sheet,
 * a pre-test, a post-test and media/. The course id and title come from the folder name. */
LT_MUST_CHECK lt_status lt_newcourse_create(const char *dir, lt_diag_list *diags);

#endif
