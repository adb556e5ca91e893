/* quizscreen — a quiz being taken, and its result.
 *
 * An attempt begins (or resumes, at its first unanswered question with the stored choice
 * order) when the quiz opens; each answer is recorded before the next question shows;
 * practice quizzes show feedback and the explanation after each answer; the result screen
 * reveals a pre-test's answers and writes a post-test's certificate when it is passed.
 * A post-test shows which try it is ("percobaan 2 dari 3"); its result lists the questions
 * missed (with their answers once passed or out of tries) and offers "Coba lagi"; a post-test
 * passed before opens on its result and certificate, and a new attempt is a button. The
 * choice order (core/quiz.c) is stored with the attempt, so a crash resumes it as shown.
 * Nothing moves on before the log holds it: an answer the log refused stays on screen, the
 * result shows only once the attempt's end is stored, a certificate only once it is on disk
 * (unsaved.c says why and retries). A quiz file that is not what its publisher signed (an
 * answer key edited on disk) does not start: no attempt, no result, no certificate. */
#include <SDL_image.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lentera/file.h"
#include "screens.h"

static char *certificate_path(app *a);

static lt_layout *layout_text(app *a, const char *xml) {
  return xml ? screen_layout(a, xml, strlen(xml), "quiz") : NULL;
}

static void load_question(app *a) {
  lt_layout_free(a->stem), lt_layout_free(a->explanation);
  a->stem = a->explanation = NULL;
  memset(a->chosen, 0, sizeof a->chosen);
  g_string_truncate(a->answer, 0);
  a->showing_feedback = a->empty_answer = false;
  /* each question starts with the focus on its first choice (or the answer box), never on
   * where the last one left it: Enter answers, it does not leave the test */
  a->ui.focus = 0, a->ui.edit_focus = -1;
  if (a->qi < lt_quiz_count(a->quiz))
    a->stem = layout_text(a, lt_quiz_question_stem(a->quiz, a->qi));
}

bool quiz_start(app *a) {
  const lt_manifest_info *in = lt_manifest_get_info(a->pack);
  const lt_manifest_item *it = screen_current_item(a);
  char *xml;
  size_t len;
  bool ok = false;
  lt_status rd = screen_read(a, it->path, &xml, &len); /* checked against the signed digest */
  if (rd == LT_OK) {
    ok = lt_quiz_load(xml, len, it->path, &a->quiz, NULL) == LT_OK;
    free(xml);
  } else if (rd == LT_ERR_DAMAGED) { /* an edited answer key: no attempt, no certificate */
    screen_message(a, g_strdup(screen_damaged_words()));
  }
  if (!ok) return false;
  g_free(a->orders);
  a->orders = g_malloc0(sizeof *a->orders * (lt_quiz_count(a->quiz) + 1));
  a->attempt = lt_log_attempt_unfinished(a->log, a->learner.id, in->id, it->id);
  lt_log_quiz_summary qs;
  lt_log_quiz_summary_get(a->log, a->learner.id, in->id, it->id, &qs);
  if (!a->attempt && qs.passed && !a->retaking && !strcmp(lt_quiz_get_role(a->quiz), "posttest")) {
    /* passed already: the result and the certificate, not a new attempt unasked */
    a->score = qs.best, a->passed = true;
    g_free(a->certificate);
    a->certificate = certificate_path(a);
    if (!g_file_test(a->certificate, G_FILE_TEST_EXISTS)) { /* made again, if it was lost */
      g_clear_pointer(&a->certificate, g_free);
      quiz_certificate(a);
    }
    a->screen = SCR_RESULT;
    return true;
  }
  a->retaking = false;
  if (a->attempt) { /* resume: the same choice order, at the first unanswered question */
    char *stored = lt_log_attempt_choice_order(a->log, a->attempt);
    lt_quiz_orders_from_json(a->quiz, stored, a->orders);
    free(stored);
    a->qi = 0;
    while (a->qi < lt_quiz_count(a->quiz) &&
           lt_log_answered(a->log, a->attempt, lt_quiz_question_id(a->quiz, a->qi)))
      a->qi++;
  } else {
    long max = lt_quiz_max_attempts(a->quiz);
    if (max > 0 && lt_log_attempt_count(a->log, a->learner.id, in->id, it->id) >= max) {
      screen_message(
          a, g_strdup_printf(_("Kesempatan untuk \"%s\" sudah habis (%ld kali)."), it->title, max));
      lt_quiz_free(a->quiz);
      a->quiz = NULL;
      return false;
    }
    char *orders = lt_quiz_orders_new(a->quiz, a->orders);
    lt_log_where w = screen_where(a);
    lt_status st = lt_log_attempt_begin(a->log, a->learner.id, &w, orders, &a->attempt, NULL);
    free(orders);
    if (st != LT_OK) {
      char *why = unsaved_words(st);
      screen_message(a, g_strdup_printf(_("Tes belum bisa dimulai: %s"), why));
      g_free(why);
      lt_quiz_free(a->quiz);
      a->quiz = NULL;
      return false;
    }
    a->qi = 0;
  }
  a->intro = a->qi == 0 ? layout_text(a, lt_quiz_intro(a->quiz)) : NULL;
  load_question(a);
  if (a->qi >= lt_quiz_count(a->quiz)) quiz_finish(a);
  return true;
}

static char *response_of(app *a) {
  if (lt_quiz_question_type(a->quiz, a->qi) == LT_QUESTION_SHORT) return g_strdup(a->answer->str);
  GString *r = g_string_new(NULL);
  for (int c = 0; c < 26; c++)
    if (a->chosen[c]) g_string_append_printf(r, "%s%c", r->len ? "," : "", 'a' + c);
  return g_string_free(r, FALSE);
}

/* Where the learner's certificate of this course is kept (g_free()). */
static char *certificate_path(app *a) {
  char *name =
      g_strdup_printf("%s-%s.pdf", lt_manifest_get_info(a->pack)->id, a->learner.employee_id);
  char *path = g_build_filename(a->data_dir, "sertifikat", name, NULL);
  g_free(name);
  return path;
}

long quiz_limit(app *a, const lt_manifest *m, const lt_manifest_item *it) {
  if (!a->quiz_limits)
    a->quiz_limits = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  char *key = g_strdup_printf("%s/%s", lt_manifest_get_info(m)->id, it->id);
  gpointer got = g_hash_table_lookup(a->quiz_limits, key);
  if (got) {
    g_free(key);
    return GPOINTER_TO_INT(got) - 2;
  }
  long limit = -1;
  char *xml;
  size_t len;
  lt_quiz *q = NULL; /* read as the quiz itself is: checked against the signed manifest */
  if (lt_library_read_file(a->lib, lt_manifest_get_info(m)->id, it->path, &xml, &len, NULL) ==
      LT_OK) {
    if (lt_quiz_load(xml, len, it->path, &q, NULL) == LT_OK) limit = lt_quiz_max_attempts(q);
    free(xml);
  }
  lt_quiz_free(q);
  g_hash_table_insert(a->quiz_limits, key, GINT_TO_POINTER((int)limit + 2));
  return limit;
}

void quiz_certificate(app *a) {
  const lt_manifest_info *in = lt_manifest_get_info(a->pack);
  GDateTime *now = g_date_time_new_now_local();
  char *date = g_date_time_format(now, "%d-%m-%Y");
  g_date_time_unref(now);
  GString *x = g_string_new("<document xmlns=\"http://commonmark.org/xml/1.0\">");
  const char *lines[][2] = {{"1", _("Sertifikat Pelatihan")},
                            {NULL, _("Diberikan kepada")},
                            {"2", a->learner.name},
                            {NULL, a->learner.employee_id},
                            {NULL, _("yang telah lulus tes akhir kursus")},
                            {"2", in->title},
                            {NULL, NULL},
                            {NULL, date},
                            {NULL, in->publisher}};
  char *score = g_strdup_printf(_("dengan nilai %.0f"), a->score * 100);
  lines[6][1] = score;
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
    char *e = g_markup_escape_text(lines[i][1], -1);
    if (lines[i][0])
      g_string_append_printf(x, "<heading level=\"%s\"><text>%s</text></heading>", lines[i][0], e);
    else
      g_string_append_printf(x, "<paragraph><text>%s</text></paragraph>", e);
    g_free(e);
  }
  g_string_append(x, "</document>");
  char *pdf = NULL, *dir = g_build_filename(a->data_dir, "sertifikat", NULL);
  size_t len;
  double overflow;
  /* names and NIPs: readable by this account only, like the log */
  lt_status st = g_mkdir_with_parents(dir, 0700) == 0 ? LT_OK : lt_file_status(errno);
  if (st == LT_OK)
    st = lt_layout_render_pdf(x->str, x->len, "sertifikat", "Lentera", NULL, (int64_t)time(NULL),
                              &pdf, &len, &overflow, NULL);
  if (st == LT_OK) {
    char *path = certificate_path(a);
    st = lt_file_write_atomic(path, pdf, len, 0600, true, NULL);
    if (st == LT_OK) {
      g_free(a->certificate);
      a->certificate = path;
    } else {
      g_free(path);
    }
    free(pdf);
  }
  if (st == LT_OK)
    unsaved_clear(a, UNSAVED_CERTIFICATE);
  else
    unsaved_set(a, UNSAVED_CERTIFICATE, st);
  g_free(dir), g_free(date), g_free(score);
  g_string_free(x, TRUE);
}

void quiz_finish(app *a) {
  lt_log_where w = screen_where(a);
  double score;
  bool passed;
  lt_status st = lt_log_attempt_finish(a->log, a->attempt, &w, (long)lt_quiz_count(a->quiz),
                                       lt_quiz_pass_percent(a->quiz), &score, &passed, NULL);
  if (st != LT_OK) { /* no result, no pass, no certificate that the log does not hold */
    unsaved_set(a, UNSAVED_RESULT, st);
    return;
  }
  unsaved_clear(a, UNSAVED_RESULT);
  a->score = score, a->passed = passed;
  g_free(a->certificate);
  a->certificate = NULL;
  if (a->passed && !strcmp(lt_quiz_get_role(a->quiz), "posttest")) quiz_certificate(a);
  a->screen = SCR_RESULT;
}

void quiz_submit(app *a) {
  if (a->qi >= lt_quiz_count(a->quiz)) { /* every question answered: the result is due */
    quiz_finish(a);
    return;
  }
  char *resp = response_of(a);
  a->empty_answer = !*resp;
  if (!*resp) { /* nothing to record: said under the button */
    g_free(resp);
    return;
  }
  a->last_credit = lt_quiz_credit(a->quiz, a->qi, resp); /* partial with Moodle weights */
  a->last_correct = a->last_credit > 1 - 1e-9;
  lt_log_where w = screen_where(a);
  size_t n = lt_quiz_choice_count(a->quiz, a->qi);
  const char **ids = g_new0(const char *, n + 1), **texts = g_new0(const char *, n + 1);
  for (size_t c = 0; c < n; c++) {
    ids[c] = lt_quiz_choice_id(a->quiz, a->qi, c);
    texts[c] = lt_quiz_choice_text(a->quiz, a->qi, c);
  }
  bool typed = lt_quiz_question_type(a->quiz, a->qi) == LT_QUESTION_SHORT;
  lt_log_interaction how = {typed ? "fill-in" : "choice", typed ? 0 : n, ids, texts};
  lt_status st = lt_log_record_answer_credit(
      a->log, a->attempt, &w, lt_quiz_question_id(a->quiz, a->qi),
      lt_quiz_question_title(a->quiz, a->qi), &how, resp, a->last_credit, NULL);
  g_free(ids), g_free(texts);
  g_free(resp);
  /* a failure that still left the answer stored (a lost reply from the disk) counts as saved */
  if (st != LT_OK && !lt_log_answered(a->log, a->attempt, lt_quiz_question_id(a->quiz, a->qi))) {
    unsaved_set(a, UNSAVED_ANSWER, st); /* the answer stays on screen, chosen as it was */
    return;
  }
  unsaved_clear(a, UNSAVED_ANSWER);
  if (!strcmp(lt_quiz_get_role(a->quiz), "practice")) {
    a->showing_feedback = true;
    a->explanation = layout_text(a, lt_quiz_question_explanation(a->quiz, a->qi));
    return;
  }
  quiz_next(a);
}

/* On to the next question, or the result (after an answer, or a practice's feedback). */
void quiz_next(app *a) {
  lt_layout_free(a->intro);
  a->intro = NULL;
  a->qi++;
  if (a->qi < lt_quiz_count(a->quiz))
    load_question(a);
  else
    quiz_finish(a);
}

/* Every question is answered but the attempt's end is not stored yet. */
static void unfinished_screen(app *a) {
  ui *u = &a->ui;
  ui_text(u, lt_quiz_title(a->quiz), 1.5, true, UI_ACCENT);
  ui_text(u, _("Semua soal sudah dijawab."), 1.1, false, UI_INK);
  unsaved_draw(a);
  if (ui_button(u, _("Simpan hasil"), true)) quiz_finish(a);
  if (a->screen == SCR_QUIZ && ui_button(u, _("Kembali (jawaban tersimpan)"), false)) {
    app_close_item(a);
    a->screen = SCR_OUTLINE;
  }
}

void quiz_screen(app *a) {
  ui *u = &a->ui;
  size_t n = lt_quiz_count(a->quiz);
  if (a->qi >= n) {
    unfinished_screen(a);
    return;
  }
  char *head =
      g_strdup_printf(_("%s \u00b7 Soal %zu dari %zu"), lt_quiz_title(a->quiz), a->qi + 1, n);
  if (!strcmp(lt_quiz_get_role(a->quiz), "posttest")) { /* which try this is, of how many */
    long k = lt_log_attempt_number(a->log, a->attempt), max = lt_quiz_max_attempts(a->quiz);
    char *tries = max > 0 ? g_strdup_printf(_("percobaan %ld dari %ld"), k, max)
                          : g_strdup_printf(_("percobaan %ld"), k);
    char *both = g_strdup_printf("%s \u00b7 %s", head, tries);
    g_free(head), g_free(tries);
    head = both;
  }
  ui_text(u, head, 0.9, false, UI_MUTED);
  g_free(head);
  ui_progress(u, (double)a->qi, (double)n);
  if (a->intro) ui_document(u, a->intro);
  ui_text(u, lt_quiz_question_title(a->quiz, a->qi), 1.3, true, UI_INK);
  if (a->stem) ui_document(u, a->stem);
  lt_question_type t = lt_quiz_question_type(a->quiz, a->qi);
  if (t == LT_QUESTION_MULTIPLE)
    ui_text(u, _("Pilih semua jawaban yang benar."), 0.9, false, UI_MUTED);
  if (t == LT_QUESTION_SHORT) {
    (void)ui_field(u, _("Jawaban Anda"), a->answer, false); /* Enter: app_key submits */
  } else {
    const char *order = a->orders[a->qi];
    for (int k = 0; order[k]; k++) {
      int c = order[k] - 'a';
      if (ui_choice(u, lt_quiz_choice_text(a->quiz, a->qi, (size_t)c), a->chosen[c],
                    t == LT_QUESTION_MULTIPLE, k + 1) &&
          !a->showing_feedback) {
        if (t == LT_QUESTION_SINGLE) memset(a->chosen, 0, sizeof a->chosen);
        a->chosen[c] = t == LT_QUESTION_SINGLE ? true : !a->chosen[c];
      }
    }
  }
  if (a->showing_feedback) {
    char *partly = a->last_credit > 0 && !a->last_correct
                       ? g_strdup_printf(_("Sebagian benar (nilai %.0f%%)."), a->last_credit * 100)
                       : NULL;
    ui_text(u,
            a->last_correct ? _("Benar!")
            : partly        ? partly
                            : _("Belum tepat."),
            1.2, true, a->last_correct ? UI_GOOD : UI_BAD);
    g_free(partly);
    if (t == LT_QUESTION_SHORT && !a->last_correct) {
      char *acc = lt_quiz_accepted(a->quiz, a->qi), *m = g_strdup_printf(_("Jawaban: %s"), acc);
      ui_text(u, m, 1.0, false, UI_INK);
      free(acc), g_free(m);
    }
    if (a->explanation) ui_document(u, a->explanation);
    if (ui_button(u, _("Lanjut"), true)) quiz_next(a);
  } else {
    unsaved_draw(a);
    if (ui_button(u, _("Kirim jawaban"), true)) quiz_submit(a); /* the intro goes with it */
    if (a->empty_answer)
      ui_text(u,
              t == LT_QUESTION_SHORT ? _("Ketik jawaban Anda dulu, lalu kirim.")
              : t == LT_QUESTION_MULTIPLE
                  ? _("Pilih jawaban yang benar dulu (boleh lebih dari satu), lalu kirim.")
                  : _("Pilih satu jawaban dulu, lalu kirim."),
              1.0, true, UI_BAD);
  }
  const char *back = a->unsaved == UNSAVED_ANSWER ? _("Kembali (jawaban ini belum tersimpan)")
                                                  : _("Kembali (jawaban tersimpan)");
  if (a->screen == SCR_QUIZ && ui_button(u, back, false)) {
    app_close_item(a);
    a->screen = SCR_OUTLINE;
  }
}

/* The certificate's buttons: open it in the PC's PDF viewer, or put a copy on a stick; what
 * happened is said under them. */
void certificate_actions(app *a) {
  ui *u = &a->ui;
  ui_row_begin(u);
  bool open = ui_button(u, _("Buka sertifikat"), false);
  bool copy = ui_button(u, _("Simpan sertifikat ke flashdisk"), false);
  ui_row_end(u);
  if (open) {
    char *uri = g_filename_to_uri(a->certificate, NULL, NULL);
    bool ok = a->headless || (uri && SDL_OpenURL(uri) == 0); /* no screen: nothing to show */
    g_free(a->pdf_note);
    a->pdf_saved = ok;
    a->pdf_note = g_strdup(ok ? _("Sertifikat dibuka di penampil PDF.")
                              : _("Sertifikat tidak dapat dibuka: komputer ini belum punya "
                                  "penampil PDF. Hubungi petugas TI."));
    g_free(uri);
  }
  if (copy) {
    GPtrArray *sticks = usb_sticks();
    g_free(a->pdf_note);
    a->pdf_saved = false;
    char *data = NULL, *base = g_path_get_basename(a->certificate);
    size_t len;
    if (!sticks->len) {
      a->pdf_note = g_strdup(_("Tidak ada flashdisk. Masukkan flashdisk, lalu coba lagi."));
    } else if (lt_file_read(a->certificate, &data, &len, NULL) != LT_OK) {
      a->pdf_note = g_strdup(_("Sertifikat tidak dapat dibaca. Simpan sertifikat lagi."));
    } else {
      char *dest = g_build_filename(sticks->pdata[0], base, NULL);
      char *label = g_path_get_basename(sticks->pdata[0]);
      lt_status st = lt_file_write_atomic(dest, data, len, 0644, true, NULL);
      a->pdf_saved = st == LT_OK;
      if (st == LT_OK) {
        a->pdf_note = g_strdup_printf(_("Sertifikat disimpan di flashdisk %s: %s"), label, base);
      } else {
        char *why = unsaved_words(st);
        a->pdf_note =
            g_strdup_printf(_("Sertifikat tidak dapat disimpan di flashdisk %s: %s"), label, why);
        g_free(why);
      }
      g_free(dest), g_free(label);
    }
    free(data);
    g_free(base);
    g_ptr_array_free(sticks, TRUE);
  }
  if (open || copy) {
    g_free(a->note_for);
    a->note_for = g_strdup(a->certificate);
  }
  if (a->pdf_note && !g_strcmp0(a->note_for, a->certificate)) /* under its own buttons */
    ui_text(u, a->pdf_note, 1.0, true, a->pdf_saved ? UI_GOOD : UI_BAD);
}

/* The right answer of question q in words (g_free()). */
static char *right_answer(app *a, size_t q) {
  GString *right = g_string_new(NULL);
  if (lt_quiz_question_type(a->quiz, q) == LT_QUESTION_SHORT) {
    char *acc = lt_quiz_accepted(a->quiz, q);
    g_string_append(right, acc);
    free(acc);
  }
  for (size_t c = 0; c < lt_quiz_choice_count(a->quiz, q); c++)
    if (lt_quiz_choice_correct(a->quiz, q, c))
      g_string_append_printf(right, "%s%s", right->len ? "; " : "",
                             lt_quiz_choice_text(a->quiz, q, c));
  return g_string_free(right, FALSE);
}

/* The questions this attempt got wrong; their right answers only once `reveal`. */
static void missed_list(app *a, bool reveal) {
  ui *u = &a->ui;
  char **missed = a->attempt ? lt_log_attempt_missed(a->log, a->attempt) : NULL;
  if (missed && *missed)
    ui_text(u,
            reveal ? _("Soal yang belum tepat, dengan jawaban yang benar:")
                   : _("Soal yang belum tepat (jawaban yang benar tidak ditunjukkan selama Anda "
                       "masih bisa mencoba lagi):"),
            1.0, true, UI_INK);
  for (char **id = missed; id && *id; id++)
    for (size_t q = 0; q < lt_quiz_count(a->quiz); q++) {
      if (strcmp(lt_quiz_question_id(a->quiz, q), *id) != 0) continue;
      ui_text(u, lt_quiz_question_title(a->quiz, q), 1.0, false, UI_BAD);
      if (reveal) {
        char *right = right_answer(a, q);
        ui_text(u, right, 0.95, false, UI_GOOD);
        g_free(right);
      }
    }
  g_strfreev(missed);
}

void quiz_result_screen(app *a) {
  ui *u = &a->ui;
  const char *role = lt_quiz_get_role(a->quiz);
  const lt_manifest_item *it = screen_current_item(a);
  const char *pack_id = lt_manifest_get_info(a->pack)->id;
  long max = lt_quiz_max_attempts(a->quiz);
  int used = lt_log_attempt_count(a->log, a->learner.id, pack_id, it->id);
  bool post = !strcmp(role, "posttest"), can_retry = post && !a->passed && (max == 0 || used < max);
  ui_text(u, lt_quiz_title(a->quiz), 1.5, true, UI_ACCENT);
  char *score = g_strdup_printf(_("Nilai Anda: %.0f"), a->score * 100);
  ui_text(u, score, 1.4, true, UI_INK);
  g_free(score);
  if (!strcmp(role, "posttest")) {
    char *need = g_strdup_printf(_("Nilai lulus: %ld"), lt_quiz_pass_percent(a->quiz));
    ui_text(u,
            a->passed ? _("Selamat, Anda lulus!")
                      : _("Anda belum lulus. Pelajari lagi lalu coba kembali."),
            1.2, true, a->passed ? UI_GOOD : UI_BAD);
    ui_text(u, need, 1.0, false, UI_MUTED);
    g_free(need);
    if (a->passed && a->certificate) {
      char *c = g_strdup_printf(_("Sertifikat disimpan: %s"), a->certificate);
      ui_text(u, c, 1.0, false, UI_INK);
      g_free(c);
      certificate_actions(a);
    }
    if (a->passed && a->unsaved == UNSAVED_CERTIFICATE) {
      unsaved_draw(a);
      if (ui_button(u, _("Simpan sertifikat lagi"), false)) quiz_certificate(a);
    }
    if (!a->passed) {
      char *left = max == 0     ? g_strdup(_("Anda boleh mencoba lagi."))
                   : used < max ? g_strdup_printf(_("Percobaan %d dari %ld; %ld kesempatan lagi."),
                                                  used, max, max - used)
                                : g_strdup_printf(_("Kesempatan sudah habis (%ld kali)."), max);
      ui_text(u, left, 1.0, false, UI_INK);
      g_free(left);
    }
    missed_list(a, a->passed || !can_retry);
  } else if (!strcmp(role, "pretest")) {
    ui_text(u, _("Ini tes awal. Berikut jawaban yang benar:"), 1.0, false, UI_INK);
    for (size_t q = 0; q < lt_quiz_count(a->quiz); q++) {
      ui_text(u, lt_quiz_question_title(a->quiz, q), 1.0, true, UI_INK);
      char *right = right_answer(a, q);
      ui_text(u, right, 1.0, false, UI_GOOD);
      g_free(right);
    }
  }
  if (can_retry && ui_button(u, _("Coba lagi"), true)) {
    char *item_id = g_strdup(it->id), *id = g_strdup(pack_id);
    (void)app_open(a, id, item_id); /* a new attempt; a failure shows on the outline */
    g_free(item_id), g_free(id);
    return;
  }
  if (ui_button(u, _("Kembali ke kursus"), !can_retry)) {
    app_close_item(a);
    a->screen = SCR_OUTLINE;
    return;
  }
  if (post && a->passed && ui_button(u, _("Ulangi tes (nilai lulus tetap tercatat)"), false)) {
    char *item_id = g_strdup(it->id), *id = g_strdup(pack_id);
    a->retaking = true;
    (void)app_open(a, id, item_id);
    g_free(item_id), g_free(id);
  }
}
