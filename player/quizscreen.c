/* quizscreen — a quiz being taken, and its result.
 *
 * An attempt begins (or resumes, at its first unanswered question with the stored choice
 * order) when the quiz opens; each answer is recorded before the next question shows;
 * practice quizzes show feedback and the explanation after each answer; the result screen
 * reveals a pre-test's answers and writes a post-test's certificate when it is passed.
 * A refresher set ("Ulang singkat", refresher.c) is asked like a practice, without an
 * attempt: each answer moves its card, and the feedback says when the question comes back.
 * A survey (role "survey") rates statements 1-5 and takes free answers: no marks, no
 * feedback, one response, thanks at the end; an anonymous one says so on every question.
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
#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lentera/certificate.h"
#include "lentera/file.h"
#include "lentera/platform.h"
#include "lentera/refresher.h"
#include "lentera/xapi.h"
#include "screens.h"

/* The quiz being taken, or the result shown: nothing of it lives in the app. */
struct quiz_view {
  lt_quiz *quiz;                /* NULL: no quiz open */
  bool retaking;                /* a passed post-test opened again on purpose: a new attempt */
  long followup_next, followup; /* a follow-up asked for, and the open attempt's (days) */
  int64_t attempt;
  size_t qi;             /* the question shown */
  lt_quiz_order *orders; /* per question: choice letters in the order shown (26 at most) */
  bool chosen[26];
  GString *answer; /* the short answer typed */
  bool showing_feedback, last_correct;
  double last_credit; /* 0..1 the last answer earned */
  bool empty_answer;  /* "Kirim jawaban" with nothing chosen: the screen says what to do */
  lt_layout *stem, *explanation, *intro;
  double score;
  bool passed;
  char *certificate;    /* the passed post-test's PDF */
  char *certificate_no; /* its number and check code, as the result screen says them */
  /* read from the log when the question or the result is shown, never while drawing */
  long attempt_no; /* which try this is (post-tests) */
  int used;        /* the result's attempts used */
  char **missed;   /* the result's questions missed (ids) */
  /* a refresher set ("Ulang singkat", refresher.c): each question's quiz item in a->pack, or
   * NULL for an ordinary quiz; the set's registration; answers right; the last card's box */
  GArray *sources; /* of size_t */
  char set_id[37];
  int right, box_after;
  size_t left_today; /* cards still due once the set is done */
};

/* Questions answered by typing (a short answer, a survey's free answer). */
static bool typed_question(const lt_quiz *quiz, size_t i) {
  lt_question_type t = lt_quiz_question_type(quiz, i);
  return t == LT_QUESTION_SHORT || t == LT_QUESTION_TEXT;
}

quiz_view *quiz_view_new(void) {
  quiz_view *q = g_new0(quiz_view, 1);
  q->answer = g_string_new(NULL);
  return q;
}

/* Enter submits the answer and moves on, unless a button has the focus; with nothing chosen
 * it chooses the focused choice first (shown, sent by a second Enter, so a stray Enter never
 * sends an answer unseen); Down and Up go from choice to choice; digits choose the choice
 * shown with that number. */
bool quiz_key(app *a, SDL_Keycode key, Uint16 mod) {
  quiz_view *q = a->qv;
  ui *u = &a->ui;
  if (!q->quiz || (mod & KMOD_CTRL)) return false;
  if ((key == SDLK_RETURN || key == SDLK_KP_ENTER) && !u->focus_on_button) {
    bool nothing = true;
    for (int c = 0; c < 26; c++)
      nothing &= !q->chosen[c];
    if (q->showing_feedback)
      quiz_next(a);
    else if (nothing && u->focus >= 0 && !u->focus_on_field && q->qi < lt_quiz_count(q->quiz) &&
             !typed_question(q->quiz, q->qi))
      u->space = true; /* the frame chooses the focused choice; a second Enter sends it */
    else
      quiz_submit(a);
    return true;
  }
  if (key == SDLK_DOWN && !u->focus_on_button && u->focus >= 0) return u->tab = true;
  if (key == SDLK_UP && !u->focus_on_button && u->focus > 0) return u->shift_tab = true;
  if (key < SDLK_1 || key > SDLK_9 || q->showing_feedback || q->qi >= lt_quiz_count(q->quiz) ||
      typed_question(q->quiz, q->qi))
    return false;
  const char *order = q->orders[q->qi];
  size_t k = (size_t)(key - SDLK_1);
  if (k < strlen(order)) {
    int c = order[k] - 'a';
    bool multiple = lt_quiz_question_type(q->quiz, q->qi) == LT_QUESTION_MULTIPLE;
    if (!multiple) memset(q->chosen, 0, sizeof q->chosen);
    q->chosen[c] = multiple ? !q->chosen[c] : true;
    q->empty_answer = false;
  }
  return true;
}

void quiz_close(app *a) {
  quiz_view *q = a->qv;
  if (!q) return;
  lt_layout_free(q->stem), lt_layout_free(q->explanation), lt_layout_free(q->intro);
  q->stem = q->explanation = q->intro = NULL;
  lt_quiz_free(q->quiz);
  q->quiz = NULL;
  q->followup = 0;
  g_clear_pointer(&q->sources, g_array_unref);
  g_clear_pointer(&q->missed, g_strfreev);
  g_clear_pointer(&q->orders, g_free);
}

bool quiz_is_open(const app *a) { return a->qv && a->qv->quiz; }

void quiz_view_free(app *a) {
  if (!a->qv) return;
  quiz_close(a);
  g_string_free(a->qv->answer, TRUE);
  g_free(a->qv->certificate), g_free(a->qv->certificate_no);
  g_free(a->qv);
  a->qv = NULL;
}

static char *certificate_path(app *a);

/* The result screen, with what it says of the attempts read now. */
static void show_result(app *a) {
  quiz_view *q = a->qv;
  const lt_manifest_item *it = screen_current_item(a);
  q->used = lt_log_attempt_count(a->log, a->learner.id, lt_manifest_get_info(a->pack)->id, it->id);
  g_strfreev(q->missed);
  q->missed = q->attempt ? lt_log_attempt_missed(a->log, q->attempt) : NULL;
  a->screen = SCR_RESULT;
}

static void set_number(app *a, const lt_log_pass *pass);

static lt_layout *layout_text(app *a, const char *xml) {
  return xml ? screen_layout(a, xml, strlen(xml), "quiz") : NULL;
}

static void load_question(app *a) {
  lt_layout_free(a->qv->stem), lt_layout_free(a->qv->explanation);
  a->qv->stem = a->qv->explanation = NULL;
  memset(a->qv->chosen, 0, sizeof a->qv->chosen);
  g_string_truncate(a->qv->answer, 0);
  a->qv->showing_feedback = a->qv->empty_answer = false;
  /* each question starts with the focus on its first choice (or the answer box), never on
   * where the last one left it: Enter answers, it does not leave the test */
  a->ui.focus = 0, a->ui.edit_focus = -1;
  a->scroll_target = 0; /* from its top, whatever the last one's feedback scrolled to */
  /* a rating starts with no choice in focus: a first Enter must not pick "Sangat tidak
   * setuju" for the learner; Tab reaches the scale, digits choose */
  if (a->qv->qi < lt_quiz_count(a->qv->quiz) &&
      lt_quiz_question_type(a->qv->quiz, a->qv->qi) == LT_QUESTION_RATING)
    a->ui.focus = -1;
  if (a->qv->qi < lt_quiz_count(a->qv->quiz))
    a->qv->stem = layout_text(a, lt_quiz_question_stem(a->qv->quiz, a->qv->qi));
}

void quiz_followup_next(app *a, long days) { a->qv->followup_next = days; }
long quiz_followup(const app *a) { return a->qv ? a->qv->followup : 0; }
bool quiz_anonymous(const app *a) {
  return a->qv && a->qv->quiz && lt_quiz_is_survey(a->qv->quiz) && lt_quiz_anonymous(a->qv->quiz);
}

bool quiz_refresher(const app *a) { return a->qv && a->qv->sources; }

void quiz_refresher_begin(app *a, lt_quiz *set, GArray *sources) {
  quiz_view *q = a->qv;
  quiz_close(a);
  q->quiz = set, q->sources = sources;
  q->orders = g_malloc0(sizeof *q->orders * (lt_quiz_count(set) + 1));
  free(lt_quiz_orders_new(set, q->orders)); /* kept by no attempt: a set is asked once */
  lt_xapi_uuid(q->set_id);
  q->right = q->box_after = 0, q->left_today = 0;
  q->attempt = 0, q->qi = 0;
  load_question(a);
  a->screen = SCR_QUIZ;
}

char *quiz_followup_words(long days) {
  if (days % 30 == 0) return g_strdup_printf(_("Tes ulang %ld bulan"), days / 30);
  return g_strdup_printf(_("Tes ulang %ld hari"), days);
}

bool quiz_start(app *a) {
  const lt_manifest_info *in = lt_manifest_get_info(a->pack);
  const lt_manifest_item *it = screen_current_item(a);
  char *xml;
  size_t len;
  bool ok = false;
  lt_status rd = screen_read(a, it->path, &xml, &len); /* checked against the signed digest */
  if (rd == LT_OK) {
    ok = lt_quiz_load(xml, len, it->path, &a->qv->quiz, NULL) == LT_OK;
    free(xml);
  } else if (rd == LT_ERR_DAMAGED) { /* an edited answer key: no attempt, no certificate */
    screen_message(a, g_strdup(screen_damaged_words()));
  }
  if (!ok) return false;
  g_free(a->qv->orders);
  a->qv->orders = g_malloc0(sizeof *a->qv->orders * (lt_quiz_count(a->qv->quiz) + 1));
  a->qv->followup = a->qv->followup_next; /* a follow-up: its own attempts, no certificate */
  a->qv->followup_next = 0;
  if (!a->qv->followup && !strcmp(lt_quiz_get_role(a->qv->quiz), "followup")) {
    screen_message(a, g_strdup(_("Tes ulang ini muncul di beranda saat waktunya tiba, sebulan "
                                 "atau tiga bulan setelah Anda lulus tes akhir.")));
    lt_quiz_free(a->qv->quiz);
    a->qv->quiz = NULL;
    return false;
  }
  a->qv->attempt =
      lt_log_attempt_unfinished(a->log, a->learner.id, in->id, it->id, a->qv->followup);
  lt_log_quiz_summary qs;
  lt_log_quiz_summary_get(a->log, a->learner.id, in->id, it->id, &qs);
  if (!a->qv->attempt && qs.passed && !a->qv->retaking && !a->qv->followup &&
      !strcmp(lt_quiz_get_role(a->qv->quiz), "posttest")) {
    /* passed already: the result and the certificate, not a new attempt unasked */
    a->qv->score = qs.best, a->qv->passed = true;
    g_free(a->qv->certificate);
    a->qv->certificate = certificate_path(a);
    lt_log_pass pass = {0};
    g_clear_pointer(&a->qv->certificate_no, g_free);
    if (!g_file_test(a->qv->certificate, G_FILE_TEST_EXISTS)) { /* made again, if it was lost */
      g_clear_pointer(&a->qv->certificate, g_free);
      quiz_certificate(a);
    } else if (lt_log_quiz_pass(a->log, a->learner.id, in->id, it->id, &pass, NULL) == LT_OK) {
      set_number(a, &pass);
    }
    lt_log_pass_clear(&pass);
    show_result(a);
    return true;
  }
  a->qv->retaking = false;
  if (a->qv->attempt) { /* resume: the same choice order, at the first unanswered question */
    char *stored = lt_log_attempt_choice_order(a->log, a->qv->attempt);
    lt_quiz_orders_from_json(a->qv->quiz, stored, a->qv->orders);
    free(stored);
    a->qv->qi = 0;
    while (a->qv->qi < lt_quiz_count(a->qv->quiz) &&
           lt_log_answered(a->log, a->qv->attempt, lt_quiz_question_id(a->qv->quiz, a->qv->qi)))
      a->qv->qi++;
  } else if (lt_quiz_is_survey(a->qv->quiz) &&
             lt_log_attempt_count(a->log, a->learner.id, in->id, it->id) > 0) {
    a->qv->attempt = 0; /* given already: the thanks, not a second response */
    show_result(a);
    return true;
  } else {
    long max = a->qv->followup ? 0 : lt_quiz_max_attempts(a->qv->quiz);
    if (max > 0 && lt_log_attempt_count(a->log, a->learner.id, in->id, it->id) >= max) {
      screen_message(
          a, g_strdup_printf(_("Kesempatan untuk \"%s\" sudah habis (%ld kali)."), it->title, max));
      lt_quiz_free(a->qv->quiz);
      a->qv->quiz = NULL;
      return false;
    }
    char *orders = lt_quiz_orders_new(a->qv->quiz, a->qv->orders);
    lt_log_where w = screen_where(a);
    lt_status st = lt_log_attempt_begin(a->log, a->learner.id, &w, orders, &a->qv->attempt, NULL);
    free(orders);
    if (st != LT_OK) {
      char *why = unsaved_words(st);
      screen_message(a, g_strdup_printf(_("Tes belum bisa dimulai: %s"), why));
      g_free(why);
      lt_quiz_free(a->qv->quiz);
      a->qv->quiz = NULL;
      return false;
    }
    a->qv->qi = 0;
  }
  a->qv->attempt_no = lt_log_attempt_number(a->log, a->qv->attempt);
  a->qv->intro = a->qv->qi == 0 ? layout_text(a, lt_quiz_intro(a->qv->quiz)) : NULL;
  load_question(a);
  if (a->qv->qi >= lt_quiz_count(a->qv->quiz)) quiz_finish(a);
  return true;
}

static char *response_of(app *a) {
  if (typed_question(a->qv->quiz, a->qv->qi)) return g_strdup(a->qv->answer->str);
  if (lt_quiz_question_type(a->qv->quiz, a->qv->qi) == LT_QUESTION_RATING) { /* "1".."5" */
    for (int c = 0; c < 26; c++)
      if (a->qv->chosen[c]) return g_strdup_printf("%d", c + 1);
    return g_strdup("");
  }
  GString *r = g_string_new(NULL);
  for (int c = 0; c < 26; c++)
    if (a->qv->chosen[c]) g_string_append_printf(r, "%s%c", r->len ? "," : "", 'a' + c);
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

/* a->qv->certificate_no: the number and the check code printed on the certificate of `pass`. */
static void set_number(app *a, const lt_log_pass *pass) {
  char code[LT_CERTIFICATE_CODE_LEN];
  lt_certificate_code(pass->statement_id, code);
  GDateTime *t = g_date_time_new_from_unix_local(pass->when);
  char *number = lt_certificate_number(pass->statement_id, t ? g_date_time_get_year(t) : 1970);
  if (t) g_date_time_unref(t);
  g_free(a->qv->certificate_no);
  a->qv->certificate_no =
      g_strdup_printf(_("Nomor sertifikat %s \u00b7 kode cek %s"), number, code);
  g_free(number);
}

/* The certificate's language: the player's (main.c sets LANGUAGE to "en" or "id"). */
static const char *certificate_lang(void) {
  const char *l = getenv("LANGUAGE");
  return l && g_str_has_prefix(l, "en") ? "en" : "id";
}

/* The course's minutes in all: the hours a certificate names count from them. */
static long course_minutes(const app *a) {
  long minutes = 0;
  for (size_t i = 0; i < lt_manifest_item_count(a->pack); i++)
    minutes += lt_manifest_item_at(a->pack, i)->minutes;
  return minutes;
}

void quiz_certificate(app *a) {
  const lt_manifest_info *in = lt_manifest_get_info(a->pack);
  const lt_manifest_item *it = screen_current_item(a);
  lt_log_pass pass = {0};
  /* printed from the pass the log holds: its statement gives the number and the check code */
  lt_status st = lt_log_quiz_pass(a->log, a->learner.id, in->id, it->id, &pass, NULL);
  long minutes = course_minutes(a);
  const lt_manifest_signer *signer = lt_manifest_get_signer(a->pack);
  lt_certificate c = {certificate_lang(),
                      a->learner.name,
                      a->learner.employee_id,
                      a->learner.unit,
                      in->title,
                      pass.version ? pass.version : in->version,
                      in->publisher,
                      minutes,
                      pass.score,
                      pass.statement_id,
                      pass.when,
                      signer ? signer->name : NULL,
                      signer ? signer->position : NULL,
                      signer ? signer->nip : NULL};
  char *pdf = NULL, *dir = g_build_filename(a->data_dir, "sertifikat", NULL);
  size_t len;
  /* names and NIPs: readable by this account only, like the log */
  if (st == LT_OK) st = g_mkdir_with_parents(dir, 0700) == 0 ? LT_OK : lt_file_status(errno);
  if (st == LT_OK) st = lt_certificate_render_pdf(&c, &pdf, &len, NULL);
  if (st == LT_OK) {
    char *path = certificate_path(a);
    st = lt_file_write_atomic(path, pdf, len, 0600, true, NULL);
    if (st == LT_OK) {
      g_free(a->qv->certificate);
      a->qv->certificate = path;
    } else {
      g_free(path);
    }
    free(pdf);
  }
  if (st == LT_OK) {
    set_number(a, &pass);
    unsaved_clear(a, UNSAVED_CERTIFICATE);
  } else {
    unsaved_set(a, UNSAVED_CERTIFICATE, st);
  }
  lt_log_pass_clear(&pass);
  g_free(dir);
}

/* A refresher set answered: what is still due today, for its result. */
static void refresher_finish(app *a) {
  char *today = lt_refresher_today();
  size_t n;
  lt_refresher_card *cards = lt_log_refresher_due(a->log, a->learner.id, today, &n);
  a->qv->left_today = 0;
  for (size_t i = 0; i < n; i++)
    a->qv->left_today += lt_library_find(a->lib, cards[i].pack_id) != NULL;
  lt_refresher_cards_free(cards, n);
  g_free(today);
  a->screen = SCR_RESULT;
}

void quiz_finish(app *a) {
  if (a->qv->sources) {
    refresher_finish(a);
    return;
  }
  lt_log_where w = screen_where(a);
  w.course_minutes = course_minutes(a);
  double score;
  bool passed;
  lt_status st = lt_log_attempt_finish(a->log, a->qv->attempt, &w, (long)lt_quiz_count(a->qv->quiz),
                                       lt_quiz_pass_percent(a->qv->quiz), &score, &passed, NULL);
  if (st != LT_OK) { /* no result, no pass, no certificate that the log does not hold */
    unsaved_set(a, UNSAVED_RESULT, st);
    return;
  }
  unsaved_clear(a, UNSAVED_RESULT);
  a->qv->score = score, a->qv->passed = passed;
  g_free(a->qv->certificate);
  a->qv->certificate = NULL;
  if (a->qv->passed && !a->qv->followup && !strcmp(lt_quiz_get_role(a->qv->quiz), "posttest"))
    quiz_certificate(a);
  show_result(a);
}

void quiz_submit(app *a) {
  if (a->qv->qi >= lt_quiz_count(a->qv->quiz)) { /* every question answered: the result is due */
    quiz_finish(a);
    return;
  }
  char *resp = response_of(a);
  lt_question_type type = lt_quiz_question_type(a->qv->quiz, a->qv->qi);
  a->qv->empty_answer = !*resp && type != LT_QUESTION_TEXT; /* a free answer may be left empty */
  if (a->qv->empty_answer) { /* nothing to record: said under the button */
    g_free(resp);
    return;
  }
  a->qv->last_credit = lt_quiz_credit(a->qv->quiz, a->qv->qi, resp); /* Moodle weights */
  a->qv->last_correct = a->qv->last_credit > 1 - 1e-9;
  lt_log_where w = screen_where(a);
  size_t n = lt_quiz_choice_count(a->qv->quiz, a->qv->qi);
  static const char *const scale[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9"};
  const char **ids = g_new0(const char *, n + 1), **texts = g_new0(const char *, n + 1);
  for (size_t c = 0; c < n; c++) { /* a rating's scale is named 1..5 */
    ids[c] = type == LT_QUESTION_RATING && c < 9 ? scale[c]
                                                 : lt_quiz_choice_id(a->qv->quiz, a->qv->qi, c);
    texts[c] = lt_quiz_choice_text(a->qv->quiz, a->qv->qi, c);
  }
  bool typed = typed_question(a->qv->quiz, a->qv->qi);
  lt_log_interaction how = {type == LT_QUESTION_TEXT     ? "long-fill-in"
                            : type == LT_QUESTION_RATING ? "likert"
                            : typed                      ? "fill-in"
                                                         : "choice",
                            typed ? 0 : n, ids, texts};
  const char *qid = lt_quiz_question_id(a->qv->quiz, a->qv->qi),
             *title = lt_quiz_question_title(a->qv->quiz, a->qv->qi);
  lt_status st;
  if (a->qv->sources) { /* a refresher: the card moves, in the quiz the question came from */
    w.item = lt_manifest_item_at(a->pack, g_array_index(a->qv->sources, size_t, a->qv->qi));
    w.followup = 0;
    char *today = lt_refresher_today();
    st = lt_log_refresher_answer(a->log, a->learner.id, &w, a->qv->set_id, qid, title, &how, resp,
                                 a->qv->last_credit, today, &a->qv->box_after, NULL);
    g_free(today);
  } else {
    st = lt_log_record_answer_credit(a->log, a->qv->attempt, &w, qid, title, &how, resp,
                                     a->qv->last_credit, NULL);
    /* a failure that still left the answer stored (a lost reply from the disk) is saved */
    if (st != LT_OK && lt_log_answered(a->log, a->qv->attempt, qid)) st = LT_OK;
  }
  g_free(ids), g_free(texts);
  g_free(resp);
  if (st != LT_OK) {
    unsaved_set(a, UNSAVED_ANSWER, st); /* the answer stays on screen, chosen as it was */
    return;
  }
  unsaved_clear(a, UNSAVED_ANSWER);
  a->qv->right += a->qv->last_correct;
  if (!strcmp(lt_quiz_get_role(a->qv->quiz), "practice") || a->qv->sources) {
    a->qv->showing_feedback = true;
    a->scroll_target = 1e9; /* the feedback and "Lanjut" in view (the frame keeps it in range) */
    a->qv->explanation = layout_text(a, lt_quiz_question_explanation(a->qv->quiz, a->qv->qi));
    return;
  }
  quiz_next(a);
}

/* On to the next question, or the result (after an answer, or a practice's feedback). */
void quiz_next(app *a) {
  lt_layout_free(a->qv->intro);
  a->qv->intro = NULL;
  a->qv->qi++;
  if (a->qv->qi < lt_quiz_count(a->qv->quiz))
    load_question(a);
  else
    quiz_finish(a);
}

/* Every question is answered but the attempt's end is not stored yet. */
static void unfinished_screen(app *a) {
  ui *u = &a->ui;
  ui_text(u, lt_quiz_title(a->qv->quiz), 1.5, true, UI_ACCENT);
  ui_text(u, _("Semua soal sudah dijawab."), 1.1, false, UI_INK);
  unsaved_draw(a);
  if (ui_button(u, _("Simpan hasil"), true)) quiz_finish(a);
  if (a->screen == SCR_QUIZ && ui_button(u, _("Kembali (jawaban tersimpan)"), false)) {
    app_close_item(a);
    a->screen = SCR_OUTLINE;
  }
}

static char *right_answer(app *a, size_t q);

/* After a refresher answer: the right answer when it was missed, and when the question
 * comes back (the card's new box), or that it is learnt. */
static void refresher_feedback(app *a, lt_question_type t) {
  ui *u = &a->ui;
  if (!a->qv->last_correct && t != LT_QUESTION_SHORT) {
    char *right = right_answer(a, a->qv->qi);
    char *m = g_strdup_printf(_("Jawaban yang benar: %s"), right);
    ui_text(u, m, 1.0, false, UI_INK);
    g_free(right), g_free(m);
  }
  int days = lt_refresher_interval(a->qv->box_after);
  char *when = days == 0   ? g_strdup(_("Soal ini sudah Anda kuasai dan tidak diulang lagi."))
               : days == 1 ? g_strdup(_("Soal ini muncul lagi besok."))
                           : g_strdup_printf(_("Soal ini muncul lagi %d hari lagi."), days);
  ui_text(u, when, 1.0, false, UI_MUTED);
  g_free(when);
}

void quiz_screen(app *a) {
  ui *u = &a->ui;
  size_t n = lt_quiz_count(a->qv->quiz);
  if (a->qv->qi >= n) {
    unfinished_screen(a);
    return;
  }
  bool survey = lt_quiz_is_survey(a->qv->quiz);
  char *head = g_strdup_printf(survey ? _("%s \u00b7 Pertanyaan %zu dari %zu")
                                      : _("%s \u00b7 Soal %zu dari %zu"),
                               lt_quiz_title(a->qv->quiz), a->qv->qi + 1, n);
  if (a->qv->followup) { /* "Tes ulang 1 bulan" first, in place of the try */
    char *when = quiz_followup_words(a->qv->followup);
    char *both = g_strdup_printf("%s \u00b7 %s", when, head);
    g_free(head), g_free(when);
    head = both;
  } else if (!strcmp(lt_quiz_get_role(a->qv->quiz), "posttest")) { /* which try, of how many */
    long k = a->qv->attempt_no, max = lt_quiz_max_attempts(a->qv->quiz);
    char *tries = max > 0 ? g_strdup_printf(_("percobaan %ld dari %ld"), k, max)
                          : g_strdup_printf(_("percobaan %ld"), k);
    char *both = g_strdup_printf("%s \u00b7 %s", head, tries);
    g_free(head), g_free(tries);
    head = both;
  }
  ui_text(u, head, 0.9, false, UI_MUTED);
  g_free(head);
  ui_progress(u, (double)a->qv->qi, (double)n);
  if (a->qv->sources) /* said before the first answer, not only at the end */
    ui_text(u, _("Ulang singkat adalah latihan: nilai tes dan sertifikat tidak berubah."), 0.9,
            false, UI_MUTED);
  if (survey) /* who will read it, said before anything is answered */
    ui_text(
        u,
        lt_quiz_anonymous(a->qv->quiz)
            ? _("Umpan balik ini anonim: nama dan NIP Anda tidak dicatat, hanya unit kerja Anda. "
                "Laporan tidak menunjukkan unit bila tanggapannya kurang dari 5.")
            : _("Umpan balik ini tidak anonim: nama Anda dicatat bersama jawaban Anda."),
        0.9, false, UI_MUTED);
  if (a->qv->intro) ui_document(u, a->qv->intro);
  ui_text(u, lt_quiz_question_title(a->qv->quiz, a->qv->qi), 1.3, true, UI_INK);
  if (a->qv->stem) ui_document(u, a->qv->stem);
  lt_question_type t = lt_quiz_question_type(a->qv->quiz, a->qv->qi);
  if (t == LT_QUESTION_MULTIPLE)
    ui_text(u, _("Pilih semua jawaban yang benar."), 0.9, false, UI_MUTED);
  if (t == LT_QUESTION_RATING)
    ui_text(u, _("Seberapa setuju Anda dengan pernyataan ini?"), 0.9, false, UI_MUTED);
  if (t == LT_QUESTION_SHORT) {
    (void)ui_field(u, _("Jawaban Anda"), a->qv->answer, false); /* Enter: app_key submits */
  } else if (t == LT_QUESTION_TEXT) {
    (void)ui_field(u, _("Jawaban Anda (boleh dikosongkan)"), a->qv->answer, false);
  } else {
    const char *order = a->qv->orders[a->qv->qi];
    for (int k = 0; order[k]; k++) {
      int c = order[k] - 'a';
      if (ui_choice(u, lt_quiz_choice_text(a->qv->quiz, a->qv->qi, (size_t)c), a->qv->chosen[c],
                    t == LT_QUESTION_MULTIPLE, k + 1) &&
          !a->qv->showing_feedback) {
        a->qv->empty_answer = false; /* chosen now: "choose first" no longer applies */
        if (t != LT_QUESTION_MULTIPLE) memset(a->qv->chosen, 0, sizeof a->qv->chosen);
        a->qv->chosen[c] = t == LT_QUESTION_MULTIPLE ? !a->qv->chosen[c] : true;
      }
    }
  }
  if (a->qv->showing_feedback) {
    char *partly =
        a->qv->last_credit > 0 && !a->qv->last_correct
            ? g_strdup_printf(_("Sebagian benar (nilai %.0f%%)."), a->qv->last_credit * 100)
            : NULL;
    ui_text(u,
            a->qv->last_correct ? _("Benar!")
            : partly            ? partly
                                : _("Belum tepat."),
            1.2, true, a->qv->last_correct ? UI_GOOD : UI_BAD);
    g_free(partly);
    if (t == LT_QUESTION_SHORT && !a->qv->last_correct) {
      char *acc = lt_quiz_accepted(a->qv->quiz, a->qv->qi),
           *m = g_strdup_printf(_("Jawaban yang benar: %s"), acc);
      ui_text(u, m, 1.0, false, UI_INK);
      free(acc), g_free(m);
    }
    if (a->qv->sources) refresher_feedback(a, t);
    if (a->qv->explanation) ui_document(u, a->qv->explanation);
    if (ui_button(u, _("Lanjut"), true)) quiz_next(a);
  } else {
    unsaved_draw(a);
    const char *send = !survey             ? _("Kirim jawaban")
                       : a->qv->qi + 1 < n ? _("Berikutnya")
                                           : _("Kirim umpan balik");
    if (ui_button(u, send, true)) quiz_submit(a); /* the intro goes with it */
    if (a->qv->empty_answer)
      ui_text(u,
              t == LT_QUESTION_RATING
                  ? _("Pilih satu nilai dulu (1 sampai 5), lalu tekan Berikutnya.")
              : t == LT_QUESTION_SHORT ? _("Ketik jawaban Anda dulu, lalu kirim.")
              : t == LT_QUESTION_MULTIPLE
                  ? _("Pilih jawaban yang benar dulu (boleh lebih dari satu), lalu kirim.")
                  : _("Pilih satu jawaban dulu, lalu kirim."),
              1.0, true, UI_BAD);
  }
  const char *back = a->unsaved == UNSAVED_ANSWER ? _("Kembali (jawaban ini belum tersimpan)")
                                                  : _("Kembali (jawaban tersimpan)");
  if (a->screen == SCR_QUIZ && ui_button(u, back, false)) {
    bool home = quiz_refresher(a);
    app_close_item(a);
    a->screen = home ? SCR_LIBRARY : SCR_OUTLINE;
  }
}

/* Copies the certificate at `path` into `dir`, which the learner knows as `place` ("folder
 * Dokumen", "flashdisk KANTOR"), and says so in a->pdf_note. */
static void copy_certificate(app *a, const char *path, const char *dir, const char *place) {
  char *data = NULL, *base = g_path_get_basename(path);
  size_t len;
  a->pdf_saved = false;
  g_free(a->pdf_note);
  if (lt_file_read(path, &data, &len, NULL) != LT_OK) {
    a->pdf_note = g_strdup(_("Sertifikat tidak dapat dibaca. Simpan sertifikat lagi."));
  } else {
    char *dest = g_build_filename(dir, base, NULL);
    lt_status st = g_mkdir_with_parents(dir, 0700) == 0
                       ? lt_file_write_atomic(dest, data, len, 0644, true, NULL)
                       : LT_ERR_IO;
    a->pdf_saved = st == LT_OK;
    if (st == LT_OK) {
      a->pdf_note = g_strdup_printf(_("Sertifikat disimpan di %s: %s"), place, base);
    } else {
      char *why = unsaved_words(st);
      a->pdf_note = g_strdup_printf(_("Sertifikat tidak dapat disimpan di %s: %s"), place, why);
      g_free(why);
    }
    g_free(dest);
  }
  free(data);
  g_free(base);
}

/* The certificate's buttons: "Buka" opens it in the PC's PDF viewer (platform.h; with no
 * screen it only prints "open <path>" for the tests; a PC without a viewer is said so, with
 * the other two as the way on), "Simpan ke Dokumen" and "Simpan ke flashdisk" put a copy
 * where the learner finds it; what happened is said under them. */
void certificate_actions(app *a, const char *path) {
  ui *u = &a->ui;
  ui_row_begin(u);
  bool open = ui_button(u, _("Buka"), false);
  bool docs = ui_button(u, _("Simpan ke Dokumen"), false);
  bool copy = ui_button(u, _("Simpan ke flashdisk"), false);
  ui_row_end(u);
  if (open) {
    bool ok = g_file_test(path, G_FILE_TEST_IS_REGULAR);
    if (ok && a->headless)
      printf("open %s\n", path), fflush(stdout); /* no screen: what would open */
    else if (ok)
      ok = lt_platform_open_document(path, NULL) == LT_OK;
    g_free(a->pdf_note);
    a->pdf_saved = ok;
    a->pdf_note = g_strdup(ok ? _("Sertifikat dibuka di penampil PDF.")
                              : _("Sertifikat tidak dapat dibuka: komputer ini belum punya "
                                  "penampil PDF. Simpan ke Dokumen atau ke flashdisk, lalu buka "
                                  "di komputer lain, atau hubungi petugas TI."));
  }
  if (docs) {
    char *dir = screen_documents_dir(a);
    copy_certificate(a, path, dir, _("folder Dokumen"));
    g_free(dir);
  }
  if (copy) {
    GPtrArray *sticks = usb_sticks();
    if (!sticks->len) {
      g_free(a->pdf_note);
      a->pdf_saved = false;
      a->pdf_note = g_strdup(_("Tidak ada flashdisk. Masukkan flashdisk, lalu coba lagi."));
    } else {
      char *label = g_path_get_basename(sticks->pdata[0]);
      char *place = g_strdup_printf(_("flashdisk %s"), label);
      copy_certificate(a, path, sticks->pdata[0], place);
      g_free(label), g_free(place);
    }
    g_ptr_array_free(sticks, TRUE);
  }
  if (open || docs || copy) {
    g_free(a->note_for);
    a->note_for = g_strdup(path);
  }
  if (a->pdf_note && !g_strcmp0(a->note_for, path)) /* under its own buttons */
    ui_text(u, a->pdf_note, 1.0, true, a->pdf_saved ? UI_GOOD : UI_BAD);
}

/* The right answer of question q in words (g_free()). */
static char *right_answer(app *a, size_t q) {
  GString *right = g_string_new(NULL);
  if (lt_quiz_question_type(a->qv->quiz, q) == LT_QUESTION_SHORT) {
    char *acc = lt_quiz_accepted(a->qv->quiz, q);
    g_string_append(right, acc);
    free(acc);
  }
  for (size_t c = 0; c < lt_quiz_choice_count(a->qv->quiz, q); c++)
    if (lt_quiz_choice_correct(a->qv->quiz, q, c))
      g_string_append_printf(right, "%s%s", right->len ? "; " : "",
                             lt_quiz_choice_text(a->qv->quiz, q, c));
  return g_string_free(right, FALSE);
}

/* The questions this attempt got wrong; their right answers only once `reveal`. */
static void missed_list(app *a, bool reveal) {
  ui *u = &a->ui;
  char **missed = a->qv->missed;
  if (missed && *missed)
    ui_text(u,
            reveal ? _("Soal yang belum tepat, dengan jawaban yang benar:")
                   : _("Soal yang belum tepat (jawaban yang benar tidak ditunjukkan selama Anda "
                       "masih bisa mencoba lagi):"),
            1.0, true, UI_INK);
  for (char **id = missed; id && *id; id++)
    for (size_t q = 0; q < lt_quiz_count(a->qv->quiz); q++) {
      if (strcmp(lt_quiz_question_id(a->qv->quiz, q), *id) != 0) continue;
      ui_text(u, lt_quiz_question_title(a->qv->quiz, q), 1.0, false, UI_BAD);
      if (reveal) {
        char *right = right_answer(a, q);
        ui_text(u, right, 0.95, false, UI_GOOD);
        g_free(right);
      }
    }
}

/* A follow-up's result: how much is remembered, the answers of the questions missed (it is
 * asked once: nothing to keep secret), and home. The pass and the certificate stand. */
static void followup_result(app *a) {
  ui *u = &a->ui;
  char *when = quiz_followup_words(a->qv->followup);
  char *head = g_strdup_printf("%s \u00b7 %s", when, lt_quiz_title(a->qv->quiz));
  ui_text(u, head, 1.5, true, UI_ACCENT);
  g_free(when), g_free(head);
  char *score = g_strdup_printf(_("Nilai Anda: %.0f dari 100"), a->qv->score * 100);
  ui_text(u, score, 1.4, true, UI_INK);
  g_free(score);
  lt_log_quiz_summary qs = {0}; /* the post-test's own best, to set the follow-up beside */
  const lt_manifest_item *post = NULL;
  for (size_t i = 0; i < lt_manifest_item_count(a->pack); i++) {
    const lt_manifest_item *it = lt_manifest_item_at(a->pack, i);
    if (it->role && !strcmp(it->role, "posttest")) post = it;
  }
  if (post)
    lt_log_quiz_summary_get(a->log, a->learner.id, lt_manifest_get_info(a->pack)->id, post->id,
                            &qs);
  if (qs.passed) {
    char *then = g_strdup_printf(_("Nilai tes akhir Anda dulu: %.0f dari 100"), qs.best * 100);
    ui_text(u, then, 1.0, false, UI_INK);
    g_free(then);
  }
  ui_text(u,
          a->qv->passed ? _("Bagus: Anda masih ingat sebagian besar isi kursus ini.")
                        : _("Banyak isi kursus ini yang sudah terlupa. Buka kursusnya dan baca "
                            "lagi bagian tentang soal yang belum tepat."),
          1.1, true, a->qv->passed ? UI_GOOD : UI_BAD);
  ui_text(u,
          _("Tes ulang ini mengukur apa yang masih Anda ingat; kelulusan dan sertifikat Anda tetap "
            "berlaku."),
          1.0, false, UI_MUTED);
  missed_list(a, true);
  ui_row_begin(u);
  bool home = ui_button(u, _("Kembali ke beranda"), true);
  bool course = ui_button(u, _("Buka kursus"), false);
  ui_row_end(u);
  if (home || course) {
    app_close_item(a);
    a->screen = course ? SCR_OUTLINE : SCR_LIBRARY;
  }
}

/* A refresher set's end: how many were right, what is left today, and home. */
static void refresher_result(app *a) {
  ui *u = &a->ui;
  size_t n = lt_quiz_count(a->qv->quiz);
  ui_text(u, lt_quiz_title(a->qv->quiz), 1.5, true, UI_ACCENT);
  char *score = g_strdup_printf(_("Benar %d dari %zu soal."), a->qv->right, n);
  ui_text(u, score, 1.4, true, a->qv->right == (int)n ? UI_GOOD : UI_INK);
  g_free(score);
  ui_text(u,
          _("Jawaban ini tercatat sebagai latihan: nilai tes dan sertifikat tidak berubah. "
            "Soal yang belum tepat muncul lagi besok."),
          1.0, false, UI_INK);
  if (a->qv->left_today) {
    char *left =
        g_strdup_printf(_("Masih ada %zu soal untuk diulang hari ini; tombolnya ada di beranda."),
                        a->qv->left_today);
    ui_text(u, left, 1.0, false, UI_MUTED);
    g_free(left);
  }
  if (ui_button(u, _("Kembali ke beranda"), true)) {
    app_close_item(a);
    a->screen = SCR_LIBRARY;
  }
}

void quiz_result_screen(app *a) {
  ui *u = &a->ui;
  if (a->qv->sources) {
    refresher_result(a);
    return;
  }
  const char *role = lt_quiz_get_role(a->qv->quiz);
  long max = lt_quiz_max_attempts(a->qv->quiz);
  int used = a->qv->used;
  if (a->qv->followup) {
    followup_result(a);
    return;
  }
  if (lt_quiz_is_survey(a->qv->quiz)) {
    ui_text(u, lt_quiz_title(a->qv->quiz), 1.5, true, UI_ACCENT);
    ui_text(u, _("Terima kasih atas umpan balik Anda."), 1.3, true, UI_GOOD);
    if (!a->qv->attempt) /* opened again after it was sent */
      ui_text(u,
              _("Anda sudah mengisi umpan balik ini. Setiap peserta mengisi sekali, dan "
                "jawaban yang sudah terkirim tidak dapat diubah."),
              1.0, false, UI_INK);
    ui_text(u,
            lt_quiz_anonymous(a->qv->quiz)
                ? _("Jawaban Anda tersimpan tanpa nama dan NIP, dan ikut terkirim bersama catatan "
                    "belajar. Pelatih membacanya untuk memperbaiki kursus ini.")
                : _("Jawaban Anda tersimpan dan ikut terkirim bersama catatan belajar. Pelatih "
                    "membacanya untuk memperbaiki kursus ini."),
            1.0, false, UI_INK);
    if (ui_button(u, _("Kembali ke kursus"), true)) {
      app_close_item(a);
      a->screen = SCR_OUTLINE;
    }
    return;
  }
  bool post = !strcmp(role, "posttest"),
       can_retry = post && !a->qv->passed && (max == 0 || used < max);
  ui_text(u, lt_quiz_title(a->qv->quiz), 1.5, true, UI_ACCENT);
  char *score = g_strdup_printf(_("Nilai Anda: %.0f dari 100"), a->qv->score * 100);
  ui_text(u, score, 1.4, true, UI_INK);
  g_free(score);
  if (!strcmp(role, "posttest")) {
    char *need = g_strdup_printf(_("Nilai lulus: %ld"), lt_quiz_pass_percent(a->qv->quiz));
    ui_text(u,
            a->qv->passed ? _("Selamat, Anda lulus!")
                          : _("Anda belum lulus. Pelajari lagi lalu coba kembali."),
            1.2, true, a->qv->passed ? UI_GOOD : UI_BAD);
    ui_text(u, need, 1.0, false, UI_MUTED);
    g_free(need);
    if (a->qv->passed && a->qv->certificate) {
      ui_text(u, _("Sertifikat disimpan di komputer ini (PDF, A4 mendatar)."), 1.0, true, UI_INK);
      if (a->qv->certificate_no) ui_text(u, a->qv->certificate_no, 0.95, false, UI_MUTED);
      certificate_actions(a, a->qv->certificate);
    }
    if (a->qv->passed && a->unsaved == UNSAVED_CERTIFICATE) {
      unsaved_draw(a);
      if (ui_button(u, _("Simpan sertifikat lagi"), false)) quiz_certificate(a);
    }
    if (!a->qv->passed) {
      char *left = max == 0     ? g_strdup(_("Anda boleh mencoba lagi."))
                   : used < max ? g_strdup_printf(_("Percobaan %d dari %ld; %ld kesempatan lagi."),
                                                  used, max, max - used)
                                : g_strdup_printf(_("Kesempatan sudah habis (%ld kali)."), max);
      ui_text(u, left, 1.0, false, UI_INK);
      g_free(left);
    }
    missed_list(a, a->qv->passed || !can_retry);
    if (a->qv->missed && *a->qv->missed) /* they come back: refresher.h */
      ui_text(u,
              _("Soal yang belum tepat muncul lagi besok di beranda sebagai \"Ulang singkat\", "
                "beberapa menit saja, supaya Anda mengingatnya."),
              1.0, false, UI_MUTED);
  } else if (!strcmp(role, "pretest")) {
    ui_text(u, _("Ini tes awal. Berikut jawaban yang benar:"), 1.0, false, UI_INK);
    for (size_t q = 0; q < lt_quiz_count(a->qv->quiz); q++) {
      ui_text(u, lt_quiz_question_title(a->qv->quiz, q), 1.0, true, UI_INK);
      char *right = right_answer(a, q);
      ui_text(u, right, 1.0, false, UI_GOOD);
      g_free(right);
    }
  }
  if (can_retry && ui_button(u, _("Coba lagi"), true)) {
    char *item_id = g_strdup(screen_current_item(a)->id),
         *id = g_strdup(lt_manifest_get_info(a->pack)->id);
    (void)app_open(a, id, item_id); /* a new attempt; a failure shows on the outline */
    g_free(item_id), g_free(id);
    return;
  }
  if (ui_button(u, _("Kembali ke kursus"), !can_retry)) {
    app_close_item(a);
    a->screen = SCR_OUTLINE;
    return;
  }
  if (post && a->qv->passed && ui_button(u, _("Ulangi tes (nilai lulus tetap tercatat)"), false)) {
    char *item_id = g_strdup(screen_current_item(a)->id),
         *id = g_strdup(lt_manifest_get_info(a->pack)->id);
    a->qv->retaking = true;
    (void)app_open(a, id, item_id);
    g_free(item_id), g_free(id);
  }
}
