/* Tests for xapi: the exact bytes of a statement (fixed key order), activity ids, UUIDs. */
#include <stdlib.h>

#include "lentera/version.h"
#include "lentera/xapi.h"
#include "check.h"

int main(void) {
  lt_xapi_event ev = {0};
  ev.id = "0f6b5a36-9c1e-4c7b-a1d2-3e4f5a6b7c8d";
  ev.timestamp = "2026-11-28T06:00:00.000Z";
  ev.actor_name = "Sari Dewi";
  ev.actor_account = "198705122010012001";
  ev.actor_homepage = "https://bkpsdm.example.go.id";
  ev.verb = LT_VERB_ANSWERED;
  ev.object_id = "https://x.go.id/lentera/keamanan-dasar/posttest/otp";
  ev.object_name = "Kode \"OTP\"";
  ev.lang = "id";
  ev.object_type = LT_ACTIVITY_QUESTION;
  ev.parent_id = "https://x.go.id/lentera/keamanan-dasar/posttest";
  ev.course_id = "https://x.go.id/lentera/keamanan-dasar";
  ev.course_name = "Keamanan Dasar";
  ev.unit = "Bidang TI";
  ev.role = "posttest";
  static const char *const ids[] = {"a", "b"}, *const texts[] = {"SMS", "Surel"};
  ev.interaction = "choice";
  ev.choice_count = 2;
  ev.choice_ids = ids;
  ev.choice_texts = texts;
  ev.registration = "11111111-2222-4333-8444-555555555555";
  ev.has_success = true;
  ev.success = true;
  ev.response = "b";
  ev.duration_seconds = 83.5;
  char *json = lt_xapi_statement(&ev);
  CHECK_STR(
      json,
      "{\"id\":\"0f6b5a36-9c1e-4c7b-a1d2-3e4f5a6b7c8d\",\"actor\":{\"objectType\":\"Agent\","
      "\"name\":\"Sari Dewi\",\"account\":{\"homePage\":\"https://bkpsdm.example.go.id\","
      "\"name\":\"198705122010012001\"}},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/"
      "answered\",\"display\":{\"en-US\":\"answered\",\"id-ID\":\"menjawab\"}},\"object\":{"
      "\"objectType\":\"Activity\",\"id\":\"https://x.go.id/lentera/keamanan-dasar/posttest/"
      "otp\",\"definition\":{\"name\":{\"id\":\"Kode \\\"OTP\\\"\"},\"type\":\"http://adlnet."
      "gov/expapi/activities/cmi.interaction\",\"interactionType\":\"choice\",\"choices\":[{"
      "\"id\":\"a\",\"description\":{\"id\":\"SMS\"}},{\"id\":\"b\",\"description\":{\"id\":"
      "\"Surel\"}}]}},\"result\":{\"success\":true,\"response\":\"b\",\"duration\":"
      "\"PT1M23.5S\"},\"context\":{\"registration\":\"11111111-2222-4333-8444-555555555555\","
      "\"contextActivities\":{\"parent\":[{\"objectType\":\"Activity\",\"id\":\"https://"
      "x.go.id/lentera/keamanan-dasar/posttest\"}],\"grouping\":[{\"objectType\":\"Activity\","
      "\"id\":\"https://x.go.id/lentera/keamanan-dasar\",\"definition\":{\"name\":{\"id\":"
      "\"Keamanan Dasar\"},\"type\":\"http://adlnet.gov/expapi/activities/course\"}}]},"
      "\"platform\":\"Lentera " LT_VERSION
      "\",\"language\":\"id\",\"extensions\":{\"https://lentera."
      "invalid/xapi/unit\":\"Bidang TI\",\"https://lentera.invalid/xapi/role\":\"posttest\"}},"
      "\"timestamp\":\"2026-11-28T06:00:00.000Z\",\"version\":\"1.0.3\"}");
  char *again = lt_xapi_statement(&ev);
  CHECK_STR(again, json); /* the same event always gives the same bytes */
  free(json);
  free(again);

  char *a = lt_xapi_activity_id("https://x.go.id/lentera/", "kd", "posttest", "otp");
  CHECK_STR(a, "https://x.go.id/lentera/kd/posttest/otp");
  free(a);
  a = lt_xapi_activity_id(NULL, "kd", "01-phishing", NULL);
  CHECK_STR(a, "urn:lentera:kd:01-phishing");
  free(a);

  char u1[37], u2[37];
  lt_xapi_uuid(u1);
  lt_xapi_uuid(u2);
  CHECK(strcmp(u1, u2) != 0);
  CHECK(g_regex_match_simple(
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", u1, 0, 0));
  return check_done("test_xapi");
}
