/* xapi — statement JSON with jansson (JSON_PRESERVE_ORDER | JSON_COMPACT).
 *
 * Verbs are ADL's (http://adlnet.gov/expapi/verbs/<name>), activity types ADL's (course,
 * lesson, assessment, cmi.interaction) and the Registry's survey, the actor an account
 * {homePage, name}, with the learner's name unless the response is anonymous. */
#include "lentera/xapi.h"

#include <glib.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lentera/version.h"

static const char *const verbs[][3] = {
    /* name, en-US, id-ID */
    {"experienced", "experienced", "mempelajari"},
    {"completed", "completed", "menyelesaikan"},
    {"answered", "answered", "menjawab"},
    {"attempted", "attempted", "mencoba"},
    {"passed", "passed", "lulus"},
    {"failed", "failed", "tidak lulus"},
    {"responded", "responded", "menanggapi"}};

static const char *const types[] = {"http://adlnet.gov/expapi/activities/course",
                                    "http://adlnet.gov/expapi/activities/lesson",
                                    "http://adlnet.gov/expapi/activities/assessment",
                                    "http://adlnet.gov/expapi/activities/cmi.interaction",
                                    "http://id.tincanapi.com/activitytype/survey"};

void lt_xapi_uuid(char out[37]) {
  char *u = g_uuid_string_random(); /* RFC 4122 v4, lower case */
  memcpy(out, u, 37);
  g_free(u);
}

char *lt_xapi_activity_id(const char *activity_base, const char *pack_id, const char *item_id,
                          const char *question_id) {
  GString *s = g_string_new(NULL);
  if (activity_base && *activity_base) {
    g_string_append(s, activity_base);
    while (s->len && s->str[s->len - 1] == '/')
      g_string_truncate(s, s->len - 1);
    g_string_append_printf(s, "/%s", pack_id);
    if (item_id) g_string_append_printf(s, "/%s", item_id);
    if (question_id) g_string_append_printf(s, "/%s", question_id);
  } else {
    g_string_append_printf(s, "urn:lentera:%s", pack_id);
    if (item_id) g_string_append_printf(s, ":%s", item_id);
    if (question_id) g_string_append_printf(s, ":%s", question_id);
  }
  char *out = strdup(s->str);
  g_string_free(s, TRUE);
  return out;
}

static json_t *lang_map(const char *lang, const char *text) {
  json_t *m = json_object();
  json_object_set_new(m, lang && *lang ? lang : "und", json_string(text));
  return m;
}

/* ISO 8601 duration with centiseconds, as xAPI recommends: PT1M30.25S */
static char *iso_duration(double seconds) {
  long cs = (long)(seconds * 100 + 0.5);
  long h = cs / 360000, m = (cs / 6000) % 60;
  double s = (double)(cs % 6000) / 100.0;
  GString *out = g_string_new("PT");
  if (h) g_string_append_printf(out, "%ldH", h);
  if (m) g_string_append_printf(out, "%ldM", m);
  g_string_append_printf(out, "%gS", s);
  return g_string_free(out, FALSE);
}

char *lt_xapi_statement(const lt_xapi_event *ev) {
  json_t *st = json_object();
  json_object_set_new(st, "id", json_string(ev->id));
  json_t *actor = json_object();
  json_object_set_new(actor, "objectType", json_string("Agent"));
  if (ev->actor_name) json_object_set_new(actor, "name", json_string(ev->actor_name));
  json_object_set_new(
      actor, "account",
      json_pack("{s:s, s:s}", "homePage", ev->actor_homepage, "name", ev->actor_account));
  json_object_set_new(st, "actor", actor);
  char *verb_id = g_strdup_printf("http://adlnet.gov/expapi/verbs/%s", verbs[ev->verb][0]);
  json_object_set_new(st, "verb",
                      json_pack("{s:s, s:{s:s, s:s}}", "id", verb_id, "display", "en-US",
                                verbs[ev->verb][1], "id-ID", verbs[ev->verb][2]));
  g_free(verb_id);
  json_t *def = json_object();
  json_object_set_new(def, "name", lang_map(ev->lang, ev->object_name));
  json_object_set_new(def, "type", json_string(types[ev->object_type]));
  if (ev->interaction) {
    json_object_set_new(def, "interactionType", json_string(ev->interaction));
    if (ev->choice_count) {
      json_t *choices = json_array();
      for (size_t i = 0; i < ev->choice_count; i++)
        json_array_append_new(choices,
                              json_pack("{s:s, s:o}", "id", ev->choice_ids[i], "description",
                                        lang_map(ev->lang, ev->choice_texts[i])));
      json_object_set_new(def, !strcmp(ev->interaction, "likert") ? "scale" : "choices", choices);
    }
  }
  json_object_set_new(st, "object",
                      json_pack("{s:s, s:s, s:o}", "objectType", "Activity", "id", ev->object_id,
                                "definition", def));
  json_t *result = json_object();
  if (ev->has_score) {
    json_t *score = json_pack("{s:f}", "scaled", ev->score_scaled);
    if (ev->score_max > 0) {
      json_object_set_new(score, "raw", json_real(ev->score_raw));
      json_object_set_new(score, "min", json_real(ev->score_min));
      json_object_set_new(score, "max", json_real(ev->score_max));
    }
    json_object_set_new(result, "score", score);
  }
  if (ev->has_success) json_object_set_new(result, "success", json_boolean(ev->success));
  if (ev->has_completion) json_object_set_new(result, "completion", json_boolean(ev->completion));
  if (ev->response) json_object_set_new(result, "response", json_string(ev->response));
  if (ev->duration_seconds >= 0) {
    char *d = iso_duration(ev->duration_seconds);
    json_object_set_new(result, "duration", json_string(d));
    g_free(d);
  }
  if (ev->has_watched)
    json_object_set_new(result, "extensions", json_pack("{s:f}", LT_XAPI_EXT_WATCHED, ev->watched));
  if (json_object_size(result))
    json_object_set_new(st, "result", result);
  else
    json_decref(result);
  json_t *context = json_object();
  if (ev->registration) json_object_set_new(context, "registration", json_string(ev->registration));
  bool object_is_course = ev->object_type == LT_ACTIVITY_COURSE;
  if (ev->course_id && !object_is_course) {
    json_t *course =
        json_pack("{s:s, s:s, s:{s:o, s:s}}", "objectType", "Activity", "id", ev->course_id,
                  "definition", "name", lang_map(ev->lang, ev->course_name ? ev->course_name : ""),
                  "type", "http://adlnet.gov/expapi/activities/course");
    json_t *ca = json_object();
    if (ev->parent_id) {
      json_object_set_new(ca, "parent",
                          json_pack("[{s:s, s:s}]", "objectType", "Activity", "id", ev->parent_id));
      json_object_set_new(ca, "grouping", json_pack("[o]", course));
    } else {
      json_object_set_new(ca, "parent", json_pack("[o]", course));
    }
    json_object_set_new(context, "contextActivities", ca);
  }
  if (ev->revision && *ev->revision)
    json_object_set_new(context, "revision", json_string(ev->revision));
  json_object_set_new(context, "platform", json_string(LT_PLATFORM)); /* "Lentera 0.2.0" */
  if (ev->lang && *ev->lang) json_object_set_new(context, "language", json_string(ev->lang));
  json_t *ext = json_object();
  if (ev->unit && *ev->unit) json_object_set_new(ext, LT_XAPI_EXT_UNIT, json_string(ev->unit));
  if (ev->audience && *ev->audience)
    json_object_set_new(ext, LT_XAPI_EXT_AUDIENCE, json_string(ev->audience));
  if (ev->role && *ev->role) json_object_set_new(ext, LT_XAPI_EXT_ROLE, json_string(ev->role));
  if (ev->attempt_seq > 0)
    json_object_set_new(ext, LT_XAPI_EXT_ATTEMPT_SEQ, json_integer(ev->attempt_seq));
  if (ev->followup_days > 0)
    json_object_set_new(ext, LT_XAPI_EXT_FOLLOWUP_DAYS, json_integer(ev->followup_days));
  if (ev->leitner_box > 0)
    json_object_set_new(ext, LT_XAPI_EXT_LEITNER_BOX, json_integer(ev->leitner_box));
  if (ev->clock_suspect) json_object_set_new(ext, LT_XAPI_EXT_CLOCK_SUSPECT, json_true());
  if (ev->course_minutes > 0)
    json_object_set_new(ext, LT_XAPI_EXT_COURSE_MINUTES, json_integer(ev->course_minutes));
  if (json_object_size(ext))
    json_object_set_new(context, "extensions", ext);
  else
    json_decref(ext);
  json_object_set_new(st, "context", context);
  json_object_set_new(st, "timestamp", json_string(ev->timestamp));
  json_object_set_new(st, "version", json_string(LT_XAPI_VERSION));
  char *text = json_dumps(st, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
  json_decref(st);
  return text;
}
