/*
 * C tests of libwangshi through include/wangshi.h: the JSON entry point,
 * policies, the visit batch and single call, statuses and error messages,
 * bad arguments, the working-day calendar (day check, deadlines, batch,
 * a locality's calendar), case handling (the morning sweep in columns, the
 * one-case timeline, a locality's handling policy), several threads sharing
 * one policy, one router and one calendar, and the _threads batches against
 * their one-thread forms.
 *
 * Built by scripts/test_all.sh with gcc -std=c11 -Wall -Wextra -Wpedantic
 * -Werror, linked dynamically and statically, run under valgrind. Prints
 * "N passed, M failed" last and exits non-zero when anything failed.
 */
#define _POSIX_C_SOURCE 200809L
#include "wangshi.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (cond) {                                                              \
      passed++;                                                              \
    } else {                                                                 \
      failed++;                                                              \
      fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond);    \
    }                                                                        \
  } while (0)

#define CHECK_STATUS(expr, want)                                             \
  do {                                                                       \
    ws_status got_ = (expr);                                                 \
    if (got_ == (want)) {                                                    \
      passed++;                                                              \
    } else {                                                                 \
      failed++;                                                              \
      fprintf(stderr, "%s:%d: FAILED: %s gave %s, wanted %s (%s)\n",         \
              __FILE__, __LINE__, #expr, ws_status_str(got_),                \
              ws_status_str(want), ws_last_error_message());                 \
    }                                                                        \
  } while (0)

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static int32_t day(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int32_t)doe - 719468;
}

static int contains(const char *haystack, const char *needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* Field-wise equality (memcmp would compare padding bytes). */
static int same(const ws_visit_result *a, const ws_visit_result *b) {
  return a->status == b->status && a->state == b->state && a->alert == b->alert &&
         a->period_start == b->period_start && a->period_end == b->period_end &&
         a->due == b->due && a->days_left == b->days_left &&
         a->missed_periods == b->missed_periods;
}

static int same_all(const ws_visit_result *a, const ws_visit_result *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!same(&a[i], &b[i])) {
      return 0;
    }
  }
  return 1;
}

/* Calls ws_evaluate_json on a NUL-terminated request. */
static ws_status eval(const char *request, char **response) {
  return ws_evaluate_json(request, strlen(request), response);
}

static void test_version(void) {
  CHECK(strcmp(ws_version(), WS_VERSION) == 0);
  char built[32];
  snprintf(built, sizeof built, "%d.%d.%d", WS_VERSION_MAJOR, WS_VERSION_MINOR,
           WS_VERSION_PATCH);
  CHECK(strcmp(built, WS_VERSION) == 0);
}

static void test_status_str(void) {
  CHECK(strcmp(ws_status_str(WS_STATUS_OK), "WS_STATUS_OK: success") == 0);
  CHECK(contains(ws_status_str(WS_STATUS_UNKNOWN_TIER), "unknown_tier"));
  CHECK(contains(ws_status_str(WS_STATUS_INVALID_RANGE), "invalid_range"));
  CHECK(strcmp(ws_status_str(-1), "unknown status") == 0);
  CHECK(strcmp(ws_status_str(99), "unknown status") == 0);
  CHECK(strcmp(ws_status_str(100), "unknown status") == 0);
  /* 100 + n is the core's error code n. */
  CHECK(WS_STATUS_INVALID_JSON == 101 && WS_STATUS_INVALID_RANGE == 115);
  CHECK(WS_STATUS_EXIT_NOT_PUBLISHED_BEFORE_EFFECT == 117);
  CHECK(WS_STATUS_UNKNOWN_TIER == 107 && WS_STATUS_INVALID_POLICY == 113);
}

static void test_evaluate_json(void) {
  char *out = NULL;
  CHECK_STATUS(eval("{\"op\": \"tier.suggest\", \"tags\": [\"elderly_alone\"]}", &out),
               WS_STATUS_OK);
  CHECK(contains(out, "\"ok\":true") && contains(out, "\"tier\":\"blue\""));
  CHECK(strcmp(ws_last_error_message(), "") == 0);
  ws_string_free(out);

  /* Error envelopes: the status is 100 + the envelope's code. */
  struct {
    const char *request;
    ws_status status;
    const char *code;
  } cases[] = {
      {"{not json", WS_STATUS_INVALID_JSON, "\"code\":\"invalid_json\""},
      {"[]", WS_STATUS_INVALID_JSON, "\"code\":\"invalid_json\""},
      {"", WS_STATUS_INVALID_JSON, "\"code\":\"invalid_json\""},
      {"{}", WS_STATUS_MISSING_FIELD, "\"code\":\"missing_field\""},
      {"{\"op\": \"visit.teleport\"}", WS_STATUS_UNKNOWN_OP, "\"code\":\"unknown_op\""},
      {"{\"op\": \"tier.suggest\", \"tags\": [], \"tga\": 1}", WS_STATUS_UNKNOWN_FIELD,
       "\"path\":\"tga\""},
      {"{\"op\": \"visit.status\", \"as_of\": \"2026-02-30\", \"residents\": []}",
       WS_STATUS_INVALID_DATE, "\"path\":\"as_of\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    out = NULL;
    CHECK_STATUS(eval(cases[i].request, &out), cases[i].status);
    CHECK(contains(out, "\"ok\":false") && contains(out, cases[i].code));
    CHECK(strlen(ws_last_error_message()) > 0);
    ws_string_free(out);
  }

  /* A row error is not a request error: the batch is computed. */
  out = NULL;
  CHECK_STATUS(eval("{\"op\": \"visit.status\", \"as_of\": \"2026-11-26\", \"residents\": ["
                    "{\"id\": \"a\", \"tier\": \"purple\", \"tier_since\": \"2026-01-01\"},"
                    "{\"id\": \"b\", \"tier\": \"red\", \"tier_since\": \"2026-11-26\"}]}",
                    &out),
               WS_STATUS_OK);
  CHECK(contains(out, "\"code\":\"unknown_tier\"") && contains(out, "\"state\":\"pending\""));
  ws_string_free(out);

  /* Truncated input: the length cuts the JSON short. */
  const char *full = "{\"op\": \"tier.suggest\", \"tags\": []}";
  out = NULL;
  CHECK_STATUS(ws_evaluate_json(full, strlen(full) - 1, &out), WS_STATUS_INVALID_JSON);
  CHECK(contains(out, "invalid_json"));
  ws_string_free(out);
  /* A length counting the terminating NUL is invalid JSON, not a crash. */
  out = NULL;
  CHECK_STATUS(ws_evaluate_json(full, strlen(full) + 1, &out), WS_STATUS_INVALID_JSON);
  ws_string_free(out);
  /* Zero length. */
  out = NULL;
  CHECK_STATUS(ws_evaluate_json(full, 0, &out), WS_STATUS_INVALID_JSON);
  ws_string_free(out);

  /* Invalid UTF-8, and UTF-8 cut mid-character: no response. */
  out = (char *)full;
  CHECK_STATUS(eval("{\"op\": \"\xff\"}", &out), WS_STATUS_INVALID_UTF8);
  CHECK(out == NULL);
  const char *zh = "{\"op\": \"tier.suggest\", \"tags\": [\"网格\"]}";
  const char *cut = strstr(zh, "网") + 1; /* inside the first character */
  out = (char *)full;
  CHECK_STATUS(ws_evaluate_json(zh, (size_t)(cut - zh), &out), WS_STATUS_INVALID_UTF8);
  CHECK(out == NULL);
  CHECK(contains(ws_last_error_message(), "UTF-8"));

  /* NULL arguments. */
  out = (char *)full;
  CHECK_STATUS(ws_evaluate_json(NULL, 10, &out), WS_STATUS_NULL_ARGUMENT);
  CHECK(out == NULL);
  CHECK_STATUS(ws_evaluate_json(full, strlen(full), NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK(contains(ws_last_error_message(), "response_out"));

  /* An oversized length is refused without reading; the envelope says why. */
  out = NULL;
  CHECK_STATUS(ws_evaluate_json(full, SIZE_MAX, &out), WS_STATUS_INPUT_TOO_LARGE);
  CHECK(contains(out, "invalid_value"));
  ws_string_free(out);

  ws_string_free(NULL);
}

static void test_policy(void) {
  ws_policy *p = NULL;
  CHECK_STATUS(ws_policy_default(&p), WS_STATUS_OK);
  CHECK(p != NULL);
  CHECK(ws_policy_tier_count(p) == 4);
  const char *codes[] = {"green", "blue", "orange", "red"};
  for (uint8_t i = 0; i < 4; i++) {
    uint8_t idx = 99;
    CHECK_STATUS(ws_policy_tier_index(p, codes[i], strlen(codes[i]), &idx), WS_STATUS_OK);
    CHECK(idx == i);
  }
  uint8_t idx = 99;
  CHECK_STATUS(ws_policy_tier_index(p, "redd", 4, &idx), WS_STATUS_UNKNOWN_TIER);
  CHECK(idx == 99);
  CHECK(contains(ws_last_error_message(), "redd"));
  CHECK_STATUS(ws_policy_tier_index(p, "red", 2, &idx), WS_STATUS_UNKNOWN_TIER); /* "re" */
  CHECK_STATUS(ws_policy_tier_index(p, NULL, 3, &idx), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_policy_tier_index(p, "red", 3, NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_policy_tier_index(NULL, "red", 3, &idx), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_policy_tier_index(p, "\xc3", 1, &idx), WS_STATUS_INVALID_UTF8);
  CHECK(ws_policy_tier_count(NULL) == 0);
  CHECK_STATUS(ws_policy_default(NULL), WS_STATUS_NULL_ARGUMENT);
  ws_policy_free(p);
  ws_policy_free(NULL);

  /* A custom policy with a rolling cadence. */
  const char *custom =
      "{\"version\": \"t\", \"tiers\": [{\"code\": \"every10\", \"cadence\": {\"every_days\": 10},"
      " \"reminder_days\": 3, \"escalate_after_missed\": 2}]}";
  p = NULL;
  CHECK_STATUS(ws_policy_from_json(custom, strlen(custom), &p), WS_STATUS_OK);
  CHECK(ws_policy_tier_count(p) == 1);
  ws_resident r = {0, day(2026, 11, 1), day(2026, 11, 10)};
  ws_visit_result v;
  CHECK_STATUS(ws_visit_status(p, &r, day(2026, 11, 26), &v), WS_STATUS_OK);
  /* due = 11-10 + 10 days = 11-20; 6 days late; ceil(6/10) = 1 missed. */
  CHECK(v.state == WS_VISIT_STATE_OVERDUE && v.due == day(2026, 11, 20));
  CHECK(v.days_left == -6 && v.missed_periods == 1 && v.alert == WS_ALERT_WARNING);
  CHECK(v.period_start == WS_NO_DATE && v.period_end == WS_NO_DATE);
  ws_policy_free(p);

  /* Invalid policies: a status, the path in the message, nothing written. */
  const char *bad =
      "{\"tiers\": [{\"code\": \"w\", \"cadence\": \"weekly\", \"reminder_days\": 7,"
      " \"escalate_after_missed\": 1}]}";
  ws_policy *untouched = (ws_policy *)&idx;
  p = untouched;
  CHECK_STATUS(ws_policy_from_json(bad, strlen(bad), &p), WS_STATUS_INVALID_POLICY);
  CHECK(p == untouched);
  CHECK(contains(ws_last_error_message(), "tiers[0].reminder_days"));
  CHECK_STATUS(ws_policy_from_json("{\"tiers\": [", 11, &p), WS_STATUS_INVALID_JSON);
  CHECK_STATUS(ws_policy_from_json("{\"tiers\": []}", 13, &p), WS_STATUS_INVALID_POLICY);
  CHECK_STATUS(ws_policy_from_json("{\"tierz\": []}", 13, &p), WS_STATUS_UNKNOWN_FIELD);
  CHECK_STATUS(ws_policy_from_json("\xff", 1, &p), WS_STATUS_INVALID_UTF8);
  CHECK_STATUS(ws_policy_from_json(NULL, 0, &p), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_policy_from_json(custom, strlen(custom), NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_policy_from_json(custom, SIZE_MAX, &p), WS_STATUS_INPUT_TOO_LARGE);
  CHECK(p == untouched);
}

static void test_visit_batch(void) {
  ws_policy *p = NULL;
  CHECK_STATUS(ws_policy_default(&p), WS_STATUS_OK);
  const int32_t as_of = day(2026, 11, 26); /* a Thursday */
  CHECK(as_of == 20783);
  enum { GREEN, BLUE, ORANGE, RED };
  const ws_resident rows[] = {
      {GREEN, day(2026, 1, 5), day(2026, 11, 3)},   /* done this month */
      {ORANGE, day(2026, 9, 1), day(2026, 11, 8)},  /* 2 weeks missed */
      {RED, day(2026, 11, 20), WS_NO_DATE},         /* Nov 21..25 missed */
      {BLUE, day(2026, 11, 20), WS_NO_DATE},        /* grace half-month */
      {GREEN, day(2026, 1, 5), day(2026, 10, 31)},  /* due Nov 30: due soon */
      {9, day(2026, 1, 5), WS_NO_DATE},             /* unknown tier */
      {GREEN, day(2026, 11, 27), WS_NO_DATE},       /* tier_since after as_of */
      {GREEN, day(2026, 1, 5), day(2026, 11, 27)},  /* visit after as_of */
      {GREEN, day(2300, 1, 1), WS_NO_DATE},         /* outside 1900..2199 */
      {RED, day(2026, 11, 1), day(2026, 11, 26)},   /* visited today */
  };
  enum { N = sizeof rows / sizeof rows[0] };
  ws_visit_result out[N];
  memset(out, 0xAB, sizeof out);
  CHECK_STATUS(ws_visit_status_batch(p, rows, N, as_of, out), WS_STATUS_OK);

  CHECK(out[0].status == WS_STATUS_OK && out[0].state == WS_VISIT_STATE_DONE);
  CHECK(out[0].days_left == 35 && out[0].due == day(2026, 12, 31));
  CHECK(out[0].period_start == day(2026, 11, 1) && out[0].period_end == day(2026, 11, 30));
  CHECK(out[0].alert == WS_ALERT_NONE && out[0].missed_periods == 0);

  CHECK(out[1].state == WS_VISIT_STATE_OVERDUE && out[1].missed_periods == 2);
  CHECK(out[1].alert == WS_ALERT_ESCALATION);
  CHECK(out[1].period_start == day(2026, 11, 23) && out[1].period_end == day(2026, 11, 29));

  CHECK(out[2].state == WS_VISIT_STATE_OVERDUE && out[2].missed_periods == 5);
  CHECK(out[2].alert == WS_ALERT_ESCALATION && out[2].due == as_of && out[2].days_left == 0);

  CHECK(out[3].state == WS_VISIT_STATE_PENDING && out[3].due == day(2026, 12, 15));
  CHECK(out[3].missed_periods == 0 && out[3].alert == WS_ALERT_NONE);

  CHECK(out[4].state == WS_VISIT_STATE_DUE_SOON && out[4].days_left == 4);
  CHECK(out[4].alert == WS_ALERT_REMINDER);

  const ws_status row_errors[] = {WS_STATUS_UNKNOWN_TIER, WS_STATUS_TIER_SINCE_AFTER_AS_OF,
                                  WS_STATUS_VISIT_AFTER_AS_OF, WS_STATUS_INVALID_DATE};
  for (int i = 0; i < 4; i++) {
    const ws_visit_result *e = &out[5 + i];
    CHECK(e->status == row_errors[i]);
    CHECK(e->state == WS_VISIT_STATE_NONE && e->alert == WS_ALERT_NONE);
    CHECK(e->due == WS_NO_DATE && e->period_start == WS_NO_DATE && e->days_left == 0);
  }
  CHECK(out[9].state == WS_VISIT_STATE_DONE && out[9].due == as_of + 1);

  /* The sentinels of a binding, checked in the JSON op's order: a missing
     field first, a bad date before an unknown tier. */
  const ws_resident odd[] = {
      {WS_NO_TIER, WS_NOT_A_DATE, WS_NO_DATE},       /* missing tier */
      {GREEN, WS_NO_DATE, WS_NO_DATE},               /* missing tier_since */
      {WS_UNKNOWN_TIER, WS_NOT_A_DATE, WS_NO_DATE},  /* bad date first */
      {WS_UNKNOWN_TIER, day(2026, 1, 5), WS_NO_DATE},
      {GREEN, day(2026, 1, 5), WS_NOT_A_DATE},
  };
  const ws_status odd_status[] = {WS_STATUS_MISSING_FIELD, WS_STATUS_MISSING_FIELD,
                                  WS_STATUS_INVALID_DATE, WS_STATUS_UNKNOWN_TIER,
                                  WS_STATUS_INVALID_DATE};
  ws_visit_result odd_out[5];
  CHECK_STATUS(ws_visit_status_batch(p, odd, 5, as_of, odd_out), WS_STATUS_OK);
  for (int i = 0; i < 5; i++) {
    CHECK(odd_out[i].status == odd_status[i]);
  }

  /* The single call agrees with the batch, row by row. */
  for (int i = 0; i < N; i++) {
    ws_visit_result one;
    CHECK_STATUS(ws_visit_status(p, &rows[i], as_of, &one), out[i].status);
    CHECK(same(&one, &out[i]));
  }
  ws_visit_result one;
  CHECK_STATUS(ws_visit_status(p, &rows[5], as_of, &one), WS_STATUS_UNKNOWN_TIER);
  CHECK(contains(ws_last_error_message(), "unknown_tier"));

  /* Bad arguments: a status, and nothing written. */
  ws_visit_result sentinel[N], before[N];
  memset(sentinel, 0x5A, sizeof sentinel);
  memcpy(before, sentinel, sizeof before);
  CHECK_STATUS(ws_visit_status_batch(NULL, rows, N, as_of, sentinel), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_visit_status_batch(p, NULL, N, as_of, sentinel), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_visit_status_batch(p, rows, N, as_of, NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_visit_status_batch(p, NULL, 0, as_of, NULL), WS_STATUS_OK);
  CHECK_STATUS(ws_visit_status_batch(p, rows, SIZE_MAX / 8, as_of, sentinel),
               WS_STATUS_INPUT_TOO_LARGE);
  CHECK_STATUS(ws_visit_status_batch(p, rows, N, day(1899, 12, 31), sentinel),
               WS_STATUS_INVALID_DATE);
  CHECK(contains(ws_last_error_message(), "as_of"));
  CHECK_STATUS(ws_visit_status_batch(p, rows, N, day(2200, 1, 1), sentinel),
               WS_STATUS_INVALID_DATE);
  CHECK_STATUS(ws_visit_status_batch(p, rows, N, WS_NO_DATE, sentinel), WS_STATUS_INVALID_DATE);
  /* In place: the rows and results overlap. */
  CHECK_STATUS(ws_visit_status_batch(p, (const ws_resident *)sentinel, 2, as_of, sentinel),
               WS_STATUS_INVALID_BUFFER);
  CHECK_STATUS(ws_visit_status_batch(p, rows, 2, as_of, (ws_visit_result *)rows),
               WS_STATUS_INVALID_BUFFER);
  /* Misaligned input. */
  const ws_resident *skewed = (const ws_resident *)((const char *)rows + 1);
  CHECK_STATUS(ws_visit_status_batch(p, skewed, 1, as_of, sentinel), WS_STATUS_INVALID_BUFFER);
  CHECK_STATUS(ws_visit_status(p, NULL, as_of, sentinel), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_visit_status(p, rows, as_of, NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_visit_status(NULL, rows, as_of, sentinel), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_visit_status(p, rows, day(2200, 1, 1), sentinel), WS_STATUS_INVALID_DATE);
  CHECK(memcmp(sentinel, before, sizeof sentinel) == 0);

  /* The last error is cleared by the next successful call. */
  CHECK_STATUS(ws_visit_status_batch(p, rows, N, as_of, out), WS_STATUS_OK);
  CHECK(strcmp(ws_last_error_message(), "") == 0);
  ws_policy_free(p);
}

/* Whether a borrowed ws_str holds exactly `want`. */
static int str_is(ws_str s, const char *want) {
  return s.data != NULL && s.len == strlen(want) && memcmp(s.data, want, s.len) == 0;
}

static void test_catalog(void) {
  ws_catalog *c = NULL;
  CHECK_STATUS(ws_catalog_default(&c), WS_STATUS_OK);
  CHECK(ws_catalog_item_count(c) == 57);

  ws_item item;
  CHECK_STATUS(ws_catalog_item(c, "TS-02", 5, &item), WS_STATUS_OK);
  CHECK(str_is(item.code, "TS-02") && str_is(item.category, "TS"));
  CHECK(str_is(item.name_zh, "社区矫正") && str_is(item.department, "justice"));
  CHECK(item.case_class == WS_CASE_CLASS_SAFETY);
  CHECK(item.admitted_on == day(2023, 1, 1));
  CHECK(item.ends_on == WS_NO_DATE && item.exited_on == WS_NO_DATE);

  /* By index: the whole catalogue, in order, each found again by code. */
  size_t safety = 0, complex = 0, general = 0;
  for (size_t i = 0; i < ws_catalog_item_count(c); i++) {
    ws_item at, again;
    CHECK_STATUS(ws_catalog_item_at(c, i, &at), WS_STATUS_OK);
    CHECK_STATUS(ws_catalog_item(c, at.code.data, at.code.len, &again), WS_STATUS_OK);
    CHECK(again.index == i);
    safety += at.case_class == WS_CASE_CLASS_SAFETY;
    complex += at.case_class == WS_CASE_CLASS_COMPLEX;
    general += at.case_class == WS_CASE_CLASS_GENERAL;
  }
  /* The catalogue: ZZ 5 + AQ 5 + TS 6 + YJ 4 safety; MD 6 complex. */
  CHECK(safety == 20 && complex == 6 && general == 31);

  ws_in_force reason = 0;
  CHECK_STATUS(ws_catalog_check(c, "MD-02", 5, day(2026, 11, 26), &reason), WS_STATUS_OK);
  CHECK(reason == WS_IN_FORCE_IN_FORCE);
  CHECK_STATUS(ws_catalog_check(c, "MD-02", 5, day(2022, 12, 31), &reason), WS_STATUS_OK);
  CHECK(reason == WS_IN_FORCE_NOT_YET_ADMITTED);
  CHECK_STATUS(ws_catalog_check(c, "ZZ-99", 5, day(2026, 11, 26), &reason), WS_STATUS_OK);
  CHECK(reason == WS_IN_FORCE_UNKNOWN_ITEM);

  /* Errors: a status, the detail, nothing written. */
  item.index = 4242;
  CHECK_STATUS(ws_catalog_item(c, "ZZ-99", 5, &item), WS_STATUS_UNKNOWN_ITEM);
  CHECK(contains(ws_last_error_message(), "ZZ-99") && item.index == 4242);
  CHECK_STATUS(ws_catalog_item(c, "TS-02", 4, &item), WS_STATUS_UNKNOWN_ITEM); /* "TS-0" */
  CHECK_STATUS(ws_catalog_item_at(c, 57, &item), WS_STATUS_UNKNOWN_ITEM);
  CHECK_STATUS(ws_catalog_item_at(c, SIZE_MAX, &item), WS_STATUS_UNKNOWN_ITEM);
  CHECK_STATUS(ws_catalog_item(c, "\xe7\xa4", 2, &item), WS_STATUS_INVALID_UTF8);
  CHECK_STATUS(ws_catalog_item(c, NULL, 5, &item), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_catalog_item(NULL, "TS-02", 5, &item), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_catalog_item(c, "TS-02", 5, NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_catalog_item(c, "TS-02", SIZE_MAX, &item), WS_STATUS_INPUT_TOO_LARGE);
  CHECK(item.index == 4242);
  reason = 0;
  CHECK_STATUS(ws_catalog_check(c, "MD-02", 5, day(1899, 12, 31), &reason),
               WS_STATUS_INVALID_DATE);
  CHECK_STATUS(ws_catalog_check(c, "MD-02", 5, day(2026, 1, 1), NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK(reason == 0);
  CHECK(ws_catalog_item_count(NULL) == 0);
  CHECK_STATUS(ws_catalog_default(NULL), WS_STATUS_NULL_ARGUMENT);
  ws_catalog_free(c);
  ws_catalog_free(NULL);

  /* A custom catalogue: a temporary item lapses after ends_on. */
  const char *custom =
      "{\"version\": \"t\", \"categories\": [{\"code\": \"A\", \"name_zh\": \"甲\","
      " \"name_en\": \"A\", \"class\": \"complex\", \"department\": \"justice\"}],"
      " \"items\": [{\"code\": \"A-1\", \"category\": \"A\", \"name_zh\": \"一\","
      " \"name_en\": \"one\", \"admitted_on\": \"2025-01-01\", \"ends_on\": \"2025-06-30\"}]}";
  c = NULL;
  CHECK_STATUS(ws_catalog_from_json(custom, strlen(custom), &c), WS_STATUS_OK);
  CHECK(ws_catalog_item_count(c) == 1);
  CHECK_STATUS(ws_catalog_check(c, "A-1", 3, day(2025, 6, 30), &reason), WS_STATUS_OK);
  CHECK(reason == WS_IN_FORCE_IN_FORCE);
  CHECK_STATUS(ws_catalog_check(c, "A-1", 3, day(2025, 7, 1), &reason), WS_STATUS_OK);
  CHECK(reason == WS_IN_FORCE_EXPIRED);
  CHECK_STATUS(ws_catalog_item(c, "A-1", 3, &item), WS_STATUS_OK);
  CHECK(item.ends_on == day(2025, 6, 30) && item.case_class == WS_CASE_CLASS_COMPLEX);
  ws_catalog_free(c);

  ws_catalog *untouched = (ws_catalog *)&reason;
  c = untouched;
  const char *bad = "{\"categories\": [], \"items\": [{\"code\": \"B-1\", \"category\": \"B\", "
                    "\"name_zh\": \"b\", \"name_en\": \"b\", \"admitted_on\": \"2025-01-01\"}]}";
  CHECK_STATUS(ws_catalog_from_json(bad, strlen(bad), &c), WS_STATUS_INVALID_CATALOG);
  CHECK(contains(ws_last_error_message(), "items[0].category"));
  const char *typo = "{\"categories\": [], \"items\": [{}]}";
  CHECK_STATUS(ws_catalog_from_json(typo, strlen(typo), &c), WS_STATUS_MISSING_FIELD);
  CHECK(contains(ws_last_error_message(), "items[0]"));
  CHECK_STATUS(ws_catalog_from_json("{", 1, &c), WS_STATUS_INVALID_JSON);
  CHECK_STATUS(ws_catalog_from_json(NULL, 1, &c), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_catalog_from_json(bad, strlen(bad), NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK(c == untouched);
}

/* The rule ids of a matched-rules mask, comma-separated, into buf. */
static const char *rule_ids(const ws_router *r, uint32_t mask, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (uint32_t b = 0; b < 32; b++) {
    ws_str id;
    if ((mask >> b & 1u) && ws_router_rule_id(r, b, &id) == WS_STATUS_OK) {
      used += (size_t)snprintf(buf + used, size - used, "%s%.*s", used ? "," : "", (int)id.len,
                               id.data);
      if (used >= size) {
        break;
      }
    }
  }
  return buf;
}

static void test_triage(void) {
  ws_router *r = NULL;
  CHECK_STATUS(ws_router_default(&r), WS_STATUS_OK);
  uint32_t md02 = 0, cs01 = 0, aq01 = 0, md03 = 0;
  CHECK_STATUS(ws_router_item_index(r, "MD-02", 5, &md02), WS_STATUS_OK);
  CHECK_STATUS(ws_router_item_index(r, "CS-01", 5, &cs01), WS_STATUS_OK);
  CHECK_STATUS(ws_router_item_index(r, "AQ-01", 5, &aq01), WS_STATUS_OK);
  CHECK_STATUS(ws_router_item_index(r, "MD-03", 5, &md03), WS_STATUS_OK);
  /* The router's item indices are the catalogue's. */
  ws_catalog *c = NULL;
  ws_item item;
  CHECK_STATUS(ws_catalog_default(&c), WS_STATUS_OK);
  CHECK_STATUS(ws_catalog_item(c, "MD-02", 5, &item), WS_STATUS_OK);
  CHECK(item.index == md02);

  const int32_t on = day(2026, 11, 20);
  const ws_case cases[] = {
      {0, md02, on, 2, 0, WS_FLAG_PROPERTY_DISPUTE},    /* 0 mediation centre */
      {0, cs01, on, 1, 0, 0},                           /* 1 stays in the grid */
      {0, aq01, on, 1, 0, WS_FLAG_EMERGENCY},           /* 2 fire: whistle 30 min */
      {0, md03, on, 12, 0, WS_FLAG_NEEDS_DEPARTMENT},   /* 3 wage dispute, 12 parties */
      {60000.0, cs01, on, 1, 0, 0},                     /* 4 amount >= 50000 */
      {0, md02, day(2022, 6, 1), 1, 0, 0},              /* 5 not yet admitted */
      {0, 999, on, 1, 0, 0},                            /* 6 unknown item index */
      {0, cs01, on, -1, 0, 0},                          /* 7 negative parties */
      {-1.0, cs01, on, 1, 0, 0},                        /* 8 negative amount */
      {0, cs01, on, 1, 0, 1u << 9},                     /* 9 unknown flag bit */
      {0, cs01, day(2200, 1, 1), 1, 0, 0},              /* 10 date out of range */
  };
  enum { N = sizeof cases / sizeof cases[0] };
  ws_decision out[N];
  char ids[256];
  CHECK_STATUS(ws_classify_batch(r, cases, N, out), WS_STATUS_OK);

  CHECK(out[0].status == WS_STATUS_OK && out[0].case_class == WS_CASE_CLASS_COMPLEX);
  CHECK(out[0].center == WS_CENTER_MEDIATION && out[0].level == WS_LEVEL_COMMUNITY);
  CHECK(out[0].mediation == 1 && out[0].department == 0 && out[0].immediate_report == 0);
  CHECK(strcmp(rule_ids(r, out[0].matched_rules, ids, sizeof ids),
               "complex.property_dispute,complex.item_class") == 0);

  CHECK(out[1].case_class == WS_CASE_CLASS_GENERAL && out[1].center == WS_CENTER_TALK);
  CHECK(out[1].level == WS_LEVEL_GRID && out[1].mediation == 0);
  CHECK(strcmp(rule_ids(r, out[1].matched_rules, ids, sizeof ids), "general.default") == 0);

  ws_str dept;
  CHECK(out[2].case_class == WS_CASE_CLASS_SAFETY && out[2].center == WS_CENTER_POLICE_GRID);
  CHECK(out[2].report_within_minutes == 30 && out[2].immediate_report == 1);
  CHECK_STATUS(ws_router_department(r, out[2].department, &dept), WS_STATUS_OK);
  CHECK(str_is(dept, "fire_rescue"));

  CHECK(out[3].case_class == WS_CASE_CLASS_COMPLEX && out[3].report_within_minutes == 1440);
  CHECK_STATUS(ws_router_department(r, out[3].department, &dept), WS_STATUS_OK);
  CHECK(str_is(dept, "human_resources"));
  CHECK(strcmp(rule_ids(r, out[3].matched_rules, ids, sizeof ids),
               "complex.parties,complex.item_class") == 0);

  CHECK(out[4].case_class == WS_CASE_CLASS_COMPLEX && out[4].center == WS_CENTER_MEDIATION);
  CHECK(contains(rule_ids(r, out[4].matched_rules, ids, sizeof ids), "complex.amount"));

  const ws_status row_errors[] = {WS_STATUS_ITEM_NOT_IN_FORCE, WS_STATUS_UNKNOWN_ITEM,
                                  WS_STATUS_INVALID_VALUE,     WS_STATUS_INVALID_VALUE,
                                  WS_STATUS_INVALID_VALUE,     WS_STATUS_INVALID_DATE};
  for (int i = 0; i < 6; i++) {
    const ws_decision *e = &out[5 + i];
    CHECK(e->status == row_errors[i]);
    CHECK(e->case_class == WS_CASE_CLASS_NONE && e->center == WS_CENTER_NONE);
    CHECK(e->level == WS_LEVEL_NONE && e->matched_rules == 0 && e->department == 0);
  }

  /* The single call agrees with the batch. */
  for (int i = 0; i < N; i++) {
    ws_decision one;
    CHECK_STATUS(ws_classify(r, &cases[i], &one), out[i].status);
    CHECK(one.status == out[i].status && one.matched_rules == out[i].matched_rules &&
          one.center == out[i].center && one.department == out[i].department);
  }
  ws_decision one;
  CHECK_STATUS(ws_classify(r, &cases[5], &one), WS_STATUS_ITEM_NOT_IN_FORCE);
  CHECK(contains(ws_last_error_message(), "item_not_in_force"));

  /* Bad arguments. */
  ws_decision sentinel[2];
  memset(sentinel, 0x7C, sizeof sentinel);
  const uint32_t before = sentinel[0].matched_rules;
  CHECK_STATUS(ws_classify_batch(NULL, cases, 2, sentinel), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_classify_batch(r, NULL, 2, sentinel), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_classify_batch(r, cases, 2, NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_classify_batch(r, NULL, 0, NULL), WS_STATUS_OK);
  CHECK_STATUS(ws_classify_batch(r, cases, SIZE_MAX / 16, sentinel), WS_STATUS_INPUT_TOO_LARGE);
  CHECK_STATUS(ws_classify_batch(r, (const ws_case *)(const void *)sentinel, 1, sentinel),
               WS_STATUS_INVALID_BUFFER);
  CHECK_STATUS(ws_classify_batch(r, (const ws_case *)((const char *)cases + 4), 1, sentinel),
               WS_STATUS_INVALID_BUFFER);
  CHECK(sentinel[0].matched_rules == before && sentinel[1].matched_rules == before);
  uint32_t idx = 77;
  CHECK_STATUS(ws_router_item_index(r, "ZZ-99", 5, &idx), WS_STATUS_UNKNOWN_ITEM);
  CHECK(idx == 77);
  CHECK_STATUS(ws_router_department(r, 0, &dept), WS_STATUS_INVALID_VALUE);
  CHECK_STATUS(ws_router_rule_id(r, 32, &dept), WS_STATUS_INVALID_VALUE);
  CHECK_STATUS(ws_router_rule_id(NULL, 0, &dept), WS_STATUS_NULL_ARGUMENT);

  /* Custom rules on a custom catalogue. */
  ws_rules *rules = NULL;
  const char *json =
      "{\"safety\": {\"flags\": [\"emergency\"], \"item_class\": true},"
      " \"complex\": {\"flags\": [], \"parties_at_least\": null, \"repeat_count_at_least\": null,"
      " \"amount_at_least\": null, \"item_class\": false},"
      " \"centers\": {\"general\": \"talk\", \"safety\": \"police_grid\", \"complex\": \"mediation\"},"
      " \"grid_level\": {\"classes\": [\"general\", \"complex\"], \"max_parties\": 5,"
      " \"max_repeat_count\": 1, \"unless_flags\": []},"
      " \"whistle\": {\"flags\": [], \"report_within_minutes\": 60, \"urgent_flags\": [],"
      " \"urgent_report_within_minutes\": 30},"
      " \"mediation\": {\"classes\": [], \"categories\": [], \"flags\": [],"
      " \"judicial_confirmation_within_days\": 30}, \"immediate_report_flags\": []}";
  ws_status s = ws_rules_from_json(json, strlen(json), &rules);
  CHECK_STATUS(s, WS_STATUS_OK);
  if (s == WS_STATUS_OK) {
    ws_router *custom = NULL;
    CHECK_STATUS(ws_router_new(c, rules, &custom), WS_STATUS_OK);
    ws_rules_free(rules); /* the router keeps its own copy */
    ws_decision d;
    /* MD-03 with 4 parties: complex by item class is off, so general, and
       grid-level up to 5 parties. */
    const ws_case wage = {0, md03, on, 4, 0, 0};
    CHECK_STATUS(ws_classify(custom, &wage, &d), WS_STATUS_OK);
    CHECK(d.case_class == WS_CASE_CLASS_GENERAL && d.level == WS_LEVEL_GRID);
    ws_router_free(custom);
  }
  ws_rules *untouched = (ws_rules *)&idx;
  rules = untouched;
  CHECK_STATUS(ws_rules_from_json("{\"safty\": {}}", 13, &rules), WS_STATUS_UNKNOWN_FIELD);
  CHECK(contains(ws_last_error_message(), "safty"));
  CHECK_STATUS(ws_rules_from_json("{", 1, &rules), WS_STATUS_INVALID_JSON);
  CHECK(rules == untouched);
  CHECK_STATUS(ws_rules_default(&rules), WS_STATUS_OK);
  CHECK_STATUS(ws_router_new(NULL, rules, &r), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_router_new(c, NULL, &r), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_router_new(c, rules, NULL), WS_STATUS_NULL_ARGUMENT);
  ws_rules_free(rules);
  ws_rules_free(NULL);
  ws_router_free(NULL);
  ws_catalog_free(c);
  ws_router_free(r);
}

/* ------------------------------------------------------------ threads */

enum { THREADS = 4, ROWS = 5000, ROUNDS = 3 };

typedef struct {
  const ws_policy *policy;
  const ws_resident *rows;
  const ws_visit_result *expected;
  const ws_router *router;
  const ws_case *cases;
  const ws_decision *decisions;
  int32_t as_of;
  int id;
  int mismatches;
} job;

static int same_decisions(const ws_decision *a, const ws_decision *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (a[i].status != b[i].status || a[i].matched_rules != b[i].matched_rules ||
        a[i].report_within_minutes != b[i].report_within_minutes ||
        a[i].department != b[i].department || a[i].case_class != b[i].case_class ||
        a[i].center != b[i].center || a[i].level != b[i].level ||
        a[i].mediation != b[i].mediation || a[i].immediate_report != b[i].immediate_report) {
      return 0;
    }
  }
  return 1;
}

static void *worker(void *arg) {
  job *j = arg;
  ws_visit_result *out = malloc(ROWS * sizeof *out);
  ws_decision *decided = malloc(ROWS * sizeof *decided);
  if (out == NULL || decided == NULL) {
    free(out);
    free(decided);
    j->mismatches = -1;
    return NULL;
  }
  for (int round = 0; round < ROUNDS; round++) {
    if (ws_visit_status_batch(j->policy, j->rows, ROWS, j->as_of, out) != WS_STATUS_OK ||
        !same_all(out, j->expected, ROWS)) {
      j->mismatches++;
    }
    for (int i = j->id; i < ROWS; i += 97) {
      ws_visit_result one;
      ws_status s = ws_visit_status(j->policy, &j->rows[i], j->as_of, &one);
      if (s != j->expected[i].status || !same(&one, &j->expected[i])) {
        j->mismatches++;
      }
    }
    /* Each thread's last error is its own. */
    char tier[16];
    snprintf(tier, sizeof tier, "tier-%d", j->id);
    uint8_t idx;
    if (ws_policy_tier_index(j->policy, tier, strlen(tier), &idx) != WS_STATUS_UNKNOWN_TIER ||
        !contains(ws_last_error_message(), tier)) {
      j->mismatches++;
    }
    if (ws_classify_batch(j->router, j->cases, ROWS, decided) != WS_STATUS_OK ||
        !same_decisions(decided, j->decisions, ROWS)) {
      j->mismatches++;
    }
    char *resp = NULL;
    if (eval("{\"op\": \"tier.suggest\", \"tags\": [\"key_petitioner\"]}", &resp) !=
            WS_STATUS_OK ||
        !contains(resp, "\"tier\":\"red\"")) {
      j->mismatches++;
    }
    ws_string_free(resp);
  }
  free(out);
  free(decided);
  return NULL;
}

/* Several threads share one policy and one router and evaluate at once. */
static void test_threads_share_handles(void) {
  ws_policy *p = NULL;
  ws_router *router = NULL;
  CHECK_STATUS(ws_policy_default(&p), WS_STATUS_OK);
  CHECK_STATUS(ws_router_default(&router), WS_STATUS_OK);
  const int32_t as_of = day(2026, 11, 26);
  ws_resident *rows = malloc(ROWS * sizeof *rows);
  ws_visit_result *expected = malloc(ROWS * sizeof *expected);
  ws_case *cases = malloc(ROWS * sizeof *cases);
  ws_decision *decisions = malloc(ROWS * sizeof *decisions);
  CHECK(rows != NULL && expected != NULL && cases != NULL && decisions != NULL);
  if (rows == NULL || expected == NULL || cases == NULL || decisions == NULL) {
    free(rows);
    free(expected);
    free(cases);
    free(decisions);
    ws_policy_free(p);
    ws_router_free(router);
    return;
  }
  uint32_t x = 12345;
  for (int i = 0; i < ROWS; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    int32_t since = as_of - (int32_t)(x % 700);
    rows[i].tier = (uint8_t)(x % 5); /* 4 is an unknown tier */
    rows[i].tier_since = since;
    rows[i].last_visit = (x >> 8) % 7 == 0 ? WS_NO_DATE : since + (int32_t)((x >> 12) % 720);
  }
  CHECK_STATUS(ws_visit_status_batch(p, rows, ROWS, as_of, expected), WS_STATUS_OK);
  for (int i = 0; i < ROWS; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    /* item 57 is unknown; reports before 2023 find no item in force */
    cases[i] = (ws_case){(double)(x % 80000), x % 58, as_of - (int32_t)(x % 1500),
                         1 + (int32_t)(x >> 8) % 4, (int32_t)(x >> 12) % 3,
                         (uint16_t)((x >> 16) & 0x1FF)};
  }
  CHECK_STATUS(ws_classify_batch(router, cases, ROWS, decisions), WS_STATUS_OK);

  pthread_t threads[THREADS];
  job jobs[THREADS];
  for (int t = 0; t < THREADS; t++) {
    jobs[t] = (job){p, rows, expected, router, cases, decisions, as_of, t, 0};
    CHECK(pthread_create(&threads[t], NULL, worker, &jobs[t]) == 0);
  }
  for (int t = 0; t < THREADS; t++) {
    CHECK(pthread_join(threads[t], NULL) == 0);
    CHECK(jobs[t].mismatches == 0);
  }
  /* The main thread's last error was not touched by the workers. */
  CHECK(strcmp(ws_last_error_message(), "") == 0);
  free(rows);
  free(expected);
  free(cases);
  free(decisions);
  ws_policy_free(p);
  ws_router_free(router);
}

/* Whether ws_code_str(vocabulary, value) is exactly `want` (NULL for none). */
static int code_is(const char *vocabulary, uint32_t value, const char *want) {
  const char *got = ws_code_str(vocabulary, value);
  return want == NULL ? got == NULL : got != NULL && strcmp(got, want) == 0;
}

static void test_names(void) {
  /* Every number the ABI returns has its name from the core's vocabularies. */
  CHECK(code_is("visit_state", WS_VISIT_STATE_DONE, "done"));
  CHECK(code_is("visit_state", WS_VISIT_STATE_DUE_SOON, "due_soon"));
  CHECK(code_is("visit_state", WS_VISIT_STATE_OVERDUE, "overdue"));
  CHECK(code_is("visit_state", WS_VISIT_STATE_NONE, NULL));
  CHECK(code_is("alert", WS_ALERT_NONE, NULL));
  CHECK(code_is("alert", WS_ALERT_ESCALATION, "escalation"));
  CHECK(code_is("case_class", WS_CASE_CLASS_SAFETY, "safety"));
  CHECK(code_is("center", WS_CENTER_POLICE_GRID, "police_grid"));
  CHECK(code_is("level", WS_LEVEL_GRID, "grid"));
  CHECK(code_is("in_force", WS_IN_FORCE_NOT_YET_ADMITTED, "not_yet_admitted"));
  CHECK(code_is("flag", 0, "emergency"));
  CHECK(code_is("flag", 8, "needs_department"));
  CHECK(code_is("error", WS_STATUS_UNKNOWN_TIER - 100, "unknown_tier"));
  CHECK(code_is("nope", 1, NULL));
  CHECK(code_is(NULL, 1, NULL));
  CHECK(ws_code_end("alert") == WS_ALERT_ESCALATION + 1);
  CHECK(ws_code_end("nope") == 0);

  /* Every vocabulary: each value below its end names a code whose number
     reads back; every status 100 + n ends with the error code n. */
  size_t vocabularies = 0;
  for (const char *name; (name = ws_vocabulary_name(vocabularies)) != NULL; vocabularies++) {
    const uint32_t end = ws_code_end(name);
    CHECK(end > 0);
    CHECK(ws_code_str(name, end) == NULL);
    for (uint32_t v = 0; v < end; v++) {
      const char *code = ws_code_str(name, v);
      if (code == NULL) {
        continue;
      }
      uint32_t back = 99999;
      CHECK_STATUS(ws_code_value(name, code, strlen(code), &back), WS_STATUS_OK);
      CHECK(back == v);
      if (strcmp(name, "error") == 0 && v != 18) { /* 18 internal_error is WS_STATUS_PANIC */
        const char *described = ws_status_str((int)(100 + v));
        const char *colon = strchr(described, ':');
        CHECK(colon != NULL && strcmp(colon + 2, code) == 0);
      }
    }
  }
  CHECK(vocabularies >= 8);
  uint32_t bit = 99;
  CHECK_STATUS(ws_code_value("flag", "violence", 8, &bit), WS_STATUS_OK);
  CHECK((1u << bit) == WS_FLAG_VIOLENCE);
  CHECK_STATUS(ws_code_value("flag", "violent", 7, &bit), WS_STATUS_INVALID_VALUE);
  CHECK_STATUS(ws_code_value("nope", "violence", 8, &bit), WS_STATUS_INVALID_VALUE);
  CHECK_STATUS(ws_code_value(NULL, "violence", 8, &bit), WS_STATUS_NULL_ARGUMENT);
  CHECK(bit == 1);
}

static void test_columns(void) {
  ws_policy *p = NULL;
  CHECK_STATUS(ws_policy_default(&p), WS_STATUS_OK);
  const int32_t as_of = day(2026, 11, 26);
  const ws_resident rows[] = {
      {0, day(2026, 1, 5), day(2026, 11, 3)},   {2, day(2026, 9, 1), day(2026, 11, 8)},
      {9, day(2026, 1, 5), WS_NO_DATE},         {0, day(2300, 1, 1), WS_NO_DATE},
      {3, day(2026, 11, 20), WS_NO_DATE},
  };
  enum { N = sizeof rows / sizeof rows[0] };
  uint8_t tier[N], state[N], alert[N], error[N];
  int32_t since[N], last[N], start[N], end[N], due[N], left[N];
  uint32_t missed[N];
  for (int i = 0; i < N; i++) {
    tier[i] = rows[i].tier;
    since[i] = rows[i].tier_since;
    last[i] = rows[i].last_visit;
  }
  size_t bad = 0;
  CHECK_STATUS(ws_visit_status_columns(p, as_of, N, tier, since, last, state, start, end, due,
                                       left, missed, alert, error, &bad),
               WS_STATUS_OK);
  CHECK(bad == 2);
  ws_visit_result out[N];
  CHECK_STATUS(ws_visit_status_batch(p, rows, N, as_of, out), WS_STATUS_OK);
  for (int i = 0; i < N; i++) {
    CHECK(out[i].status == (error[i] == 0 ? WS_STATUS_OK : (ws_status)(100 + error[i])));
    CHECK(out[i].state == state[i] && out[i].alert == alert[i] && out[i].due == due[i]);
    CHECK(out[i].period_start == start[i] && out[i].period_end == end[i]);
    CHECK(out[i].days_left == left[i] && out[i].missed_periods == missed[i]);
  }
  CHECK(code_is("visit_state", state[1], "overdue") && code_is("alert", alert[1], "escalation"));
  CHECK(code_is("error", error[2], "unknown_tier") && code_is("error", error[3], "invalid_date"));
  /* An output on top of an input is refused, and nothing is written. */
  memset(state, 0x77, sizeof state);
  CHECK_STATUS(ws_visit_status_columns(p, as_of, N, tier, since, last, state, start, end,
                                       (int32_t *)since, left, missed, alert, error, NULL),
               WS_STATUS_INVALID_BUFFER);
  CHECK(contains(ws_last_error_message(), "overlap") && state[0] == 0x77);
  CHECK_STATUS(ws_visit_status_columns(p, day(2200, 1, 1), N, tier, since, last, state, start,
                                       end, due, left, missed, alert, error, NULL),
               WS_STATUS_INVALID_DATE);
  CHECK_STATUS(ws_visit_status_columns(p, as_of, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                       NULL, NULL, NULL, NULL, &bad),
               WS_STATUS_OK);
  CHECK(bad == 0);
  ws_policy_free(p);

  ws_router *r = NULL;
  CHECK_STATUS(ws_router_default(&r), WS_STATUS_OK);
  uint32_t item[2] = {0, 9999};
  CHECK_STATUS(ws_router_item_index(r, "AQ-01", 5, &item[0]), WS_STATUS_OK);
  const int32_t on[2] = {day(2026, 11, 20), day(2026, 11, 20)};
  const uint16_t flags[2] = {WS_FLAG_EMERGENCY, 0};
  const int32_t parties[2] = {1, 1}, repeats[2] = {0, 0};
  const double amount[2] = {0.0, 0.0};
  uint8_t cls[2], ctr[2], lvl[2], med[2], imm[2], err[2];
  uint16_t dept[2];
  uint32_t minutes[2], matched[2];
  CHECK_STATUS(ws_classify_columns(r, 2, item, on, flags, parties, repeats, amount, cls, ctr, lvl,
                                   dept, minutes, med, imm, matched, err, &bad),
               WS_STATUS_OK);
  CHECK(bad == 1 && err[0] == 0 && code_is("error", err[1], "unknown_item"));
  CHECK(code_is("case_class", cls[0], "safety") && code_is("center", ctr[0], "police_grid"));
  CHECK(code_is("center", ctr[1], NULL) && minutes[0] == 30 && imm[0] == 1);
  ws_str dname = {NULL, 0};
  CHECK_STATUS(ws_router_department(r, dept[0], &dname), WS_STATUS_OK);
  CHECK(dname.len > 0);
  ws_router_free(r);
}

/* -------------------------------------------------- worker assessment */

/* worker.assess is a JSON op: ws_evaluate_json, no function of its own. */
static void test_worker_assess(void) {
  char *out = NULL;
  CHECK_STATUS(
      eval("{\"op\": \"worker.assess\", \"from\": \"2026-11-01\", \"to\": \"2026-11-30\", "
           "\"residents\": [{\"id\": \"b1\", \"tier\": \"blue\", \"tier_since\": \"2026-01-01\", "
           "\"worker\": \"w1\", \"visits\": [\"2026-11-02\"]}], "
           "\"cases\": [{\"handler\": \"w1\", \"case\": {\"id\": \"c1\", \"item\": \"CS-01\", "
           "\"reported_on\": \"2026-11-02\"}, \"events\": [{\"event\": \"reported\", \"at\": "
           "\"2026-11-02T09:00\"}, {\"event\": \"accepted\", \"at\": \"2026-11-02T09:30\"}]}]}",
           &out),
      WS_STATUS_OK);
  /* (25 + 10) × 100/60 − 5 for the resolve step left in accountability. */
  CHECK(contains(out, "{\"worker\":\"w1\",\"score\":53.33,\"rank\":1,"));
  CHECK(contains(out, "\"deductions\":[{\"code\":\"accountability\",\"count\":1,\"points\":5}]"));
  CHECK(contains(out, "\"scheme\":{\"version\":\"2026.1\""));
  ws_string_free(out);
  /* A case whose events break the rules fails the request, with its path. */
  CHECK_STATUS(
      eval("{\"op\": \"worker.assess\", \"from\": \"2026-11-01\", \"to\": \"2026-11-30\", "
           "\"residents\": [], \"cases\": [{\"handler\": \"w1\", \"case\": {\"id\": \"c1\", "
           "\"item\": \"CS-01\", \"reported_on\": \"2026-11-02\"}, \"events\": [{\"event\": "
           "\"resolved\", \"at\": \"2026-11-02T09:00\"}]}]}",
           &out),
      WS_STATUS_INVALID_EVENT);
  CHECK(contains(out, "\"path\":\"cases[0].events[0]\""));
  ws_string_free(out);
  /* A scheme item outside the table. */
  CHECK_STATUS(eval("{\"op\": \"worker.assess\", \"from\": \"2026-11-01\", \"to\": "
                    "\"2026-11-30\", \"residents\": [], \"cases\": [], \"scheme\": {\"items\": "
                    "[{\"code\": \"speed\", \"weight\": 1}], \"accountability_points\": 5}}",
                    &out),
               WS_STATUS_INVALID_VALUE);
  CHECK(contains(out, "\"path\":\"scheme.items[0].code\""));
  ws_string_free(out);
}

/* ------------------------------------------------------- visit completion */

static int same_group(ws_completion_group g, uint64_t residents, uint64_t required, uint64_t met,
                      int32_t rate) {
  return g.residents == residents && g.required == required && g.met == met && g.rate == rate;
}

static void test_completion(void) {
  ws_policy *p = NULL;
  CHECK_STATUS(ws_policy_default(&p), WS_STATUS_OK);
  const int32_t from = day(2026, 11, 1), to = day(2026, 11, 30);
  /* g1 g2 b1 (worker 0, grid 0), o1 r1 (worker 1, grid 1), then a resident
     of an unknown tier and one with no tier (255). */
  enum { N = 7, V = 17 };
  const uint8_t tier[N] = {0, 0, 1, 2, 3, 9, 255};
  const int32_t since[N] = {day(2025, 3, 10), day(2026, 11, 12), day(2026, 1, 1), day(2026, 10, 1),
                            day(2026, 11, 25), day(2026, 1, 1), day(2026, 1, 1)};
  const uint32_t worker[N] = {0, 0, 0, 1, 1, 1, 1};
  const uint32_t grid[N] = {0, 0, 0, 1, 1, WS_NO_GROUP, 1};
  /* A log in no order, with a repeat, a visit of no resident (row 9) and
     visits outside every obligation. */
  const uint32_t vr[V] = {4, 3, 2, 0, 3, 2, 4, 3, 3, 42, 4, 3, 1, 5, 6, 0, 4};
  const int32_t vd[V] = {day(2026, 11, 30), day(2026, 11, 1),  day(2026, 11, 2),  day(2026, 11, 3),
                         day(2026, 11, 4),  day(2026, 11, 2),  day(2026, 11, 26), day(2026, 11, 13),
                         day(2026, 11, 29), day(2026, 11, 5),  day(2026, 11, 27), day(2026, 12, 1),
                         day(2026, 11, 20), day(2026, 11, 5),  day(2026, 11, 5),  day(2026, 10, 31),
                         day(2026, 11, 25)};
  uint32_t required[N], met[N];
  uint8_t error[N];
  ws_completion_group by_worker[2], by_grid[2], by_tier[4];
  ws_completion_summary s;
  CHECK_STATUS(ws_completion_columns(p, from, to, N, tier, since, worker, grid, V, vr, vd, required,
                                     met, error, by_worker, 2, by_grid, 2, by_tier,
                                     ws_policy_tier_count(p), &s),
               WS_STATUS_OK);
  const uint32_t want_required[N] = {1, 0, 2, 5, 5, 0, 0}, want_met[N] = {1, 0, 1, 4, 3, 0, 0};
  for (int i = 0; i < N; i++) {
    CHECK(required[i] == want_required[i] && met[i] == want_met[i]);
    CHECK((error[i] == 0) == (i < 5));
  }
  CHECK(code_is("error", error[5], "unknown_tier") && code_is("error", error[6], "missing_field"));
  CHECK(same_group(by_worker[0], 3, 3, 2, 6667) && same_group(by_worker[1], 2, 10, 7, 7000));
  CHECK(same_group(by_grid[0], 3, 3, 2, 6667) && same_group(by_grid[1], 2, 10, 7, 7000));
  CHECK(same_group(by_tier[0], 2, 1, 1, 10000) && same_group(by_tier[1], 1, 2, 1, 5000));
  CHECK(same_group(by_tier[2], 1, 5, 4, 8000) && same_group(by_tier[3], 1, 5, 3, 6000));
  CHECK(same_group(s.total, 5, 13, 9, 6923));
  CHECK(s.error_rows == 2 && s.orphan_visits == 1 && s.first_orphan == 9);

  /* The same residents through the JSON op give the same total. */
  char *out = NULL;
  CHECK_STATUS(
      eval("{\"op\": \"visit.completion\", \"from\": \"2026-11-01\", \"to\": \"2026-11-30\", "
           "\"residents\": [{\"id\": \"r1\", \"tier\": \"red\", \"tier_since\": \"2026-11-25\", "
           "\"visits\": [\"2026-11-30\", \"2026-11-26\", \"2026-11-27\", \"2026-11-25\"]}]}",
           &out),
      WS_STATUS_OK);
  CHECK(contains(out, "\"total\":{\"required\":5,\"met\":3,\"rate\":0.6}"));
  ws_string_free(out);

  /* No worker or grid column; no summary. A resident with nothing
     required has no rate. */
  CHECK_STATUS(ws_completion_columns(p, from, to, 2, tier, since + 0, NULL, NULL, 0, NULL, NULL,
                                     required, met, error, NULL, 0, NULL, 0, by_tier, 4, NULL),
               WS_STATUS_OK);
  CHECK(required[0] == 1 && met[0] == 0 && required[1] == 0);
  CHECK(same_group(by_tier[0], 2, 1, 0, 0) && same_group(by_tier[1], 0, 0, 0, WS_NO_RATE));

  /* Bad calls write nothing. */
  memset(required, 0x77, sizeof required);
  CHECK_STATUS(ws_completion_columns(p, to, from, N, tier, since, worker, grid, V, vr, vd, required,
                                     met, error, by_worker, 2, by_grid, 2, by_tier, 4, &s),
               WS_STATUS_INVALID_RANGE);
  CHECK(contains(ws_last_error_message(), "before it starts"));
  CHECK_STATUS(ws_completion_columns(p, from, day(2200, 1, 1), N, tier, since, worker, grid, V, vr,
                                     vd, required, met, error, by_worker, 2, by_grid, 2, by_tier,
                                     4, &s),
               WS_STATUS_INVALID_DATE);
  CHECK_STATUS(ws_completion_columns(p, from, to, N, tier, since, worker, grid, V, vr, vd, required,
                                     met, error, by_worker, 2, by_grid, 2, by_tier, 3, &s),
               WS_STATUS_INVALID_VALUE);
  CHECK_STATUS(ws_completion_columns(p, from, to, N, NULL, since, worker, grid, V, vr, vd, required,
                                     met, error, by_worker, 2, by_grid, 2, by_tier, 4, &s),
               WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_completion_columns(NULL, from, to, N, tier, since, worker, grid, V, vr, vd,
                                     required, met, error, by_worker, 2, by_grid, 2, by_tier, 4,
                                     &s),
               WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_completion_columns(p, from, to, N, tier, since, worker, grid, V, vr, vd,
                                     (uint32_t *)vr, met, error, by_worker, 2, by_grid, 2, by_tier,
                                     4, &s),
               WS_STATUS_INVALID_BUFFER);
  CHECK(contains(ws_last_error_message(), "overlap") && required[0] == 0x77777777);
  ws_policy_free(p);
}

/* ---------------------------------------------------------------- calendar */

/* Seconds since 1970-01-01T00:00 local of a civil date and time. */
static int64_t at(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return (int64_t)day(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

static int64_t end_of(int y, unsigned m, unsigned d) { return at(y, m, d, 23, 59, 59); }

static int name_is(ws_str s, const char *want) {
  return s.data != NULL && s.len == strlen(want) && memcmp(s.data, want, s.len) == 0;
}

static int same_deadline(const ws_deadline *a, const ws_deadline *b) {
  return a->deadline == b->deadline && a->status == b->status &&
         a->provisional == b->provisional;
}

static void test_calendar(void) {
  ws_calendar *cal = NULL;
  CHECK_STATUS(ws_calendar_default(&cal), WS_STATUS_OK);
  CHECK(cal != NULL);

  /* calendar.check */
  ws_day d;
  CHECK_STATUS(ws_calendar_check(cal, day(2026, 2, 17), &d), WS_STATUS_OK);
  CHECK(d.kind == WS_DAY_KIND_HOLIDAY && d.working_day == 0 && d.provisional == 0);
  CHECK(name_is(d.name, "\xe6\x98\xa5\xe8\x8a\x82")); /* 春节 */
  CHECK_STATUS(ws_calendar_check(cal, day(2025, 10, 8), &d), WS_STATUS_OK);
  CHECK(name_is(d.name, "\xe5\x9b\xbd\xe5\xba\x86\xe8\x8a\x82\xe3\x80\x81"
                        "\xe4\xb8\xad\xe7\xa7\x8b\xe8\x8a\x82")); /* 国庆节、中秋节 */
  CHECK_STATUS(ws_calendar_check(cal, day(2026, 2, 28), &d), WS_STATUS_OK);
  CHECK(d.kind == WS_DAY_KIND_ADJUSTED_WORKDAY && d.working_day == 1 && d.name.data == NULL &&
        d.name.len == 0);
  CHECK_STATUS(ws_calendar_check(cal, day(2031, 3, 4), &d), WS_STATUS_OK);
  CHECK(d.kind == WS_DAY_KIND_WORKDAY && d.working_day == 1 && d.provisional == 1);
  CHECK_STATUS(ws_calendar_check(cal, day(2027, 5, 1), &d), WS_STATUS_OK); /* a Saturday */
  CHECK(d.kind == WS_DAY_KIND_HOLIDAY && d.provisional == 1 && d.name.len > 0);
  CHECK_STATUS(ws_calendar_check(cal, day(2026, 10, 17), &d), WS_STATUS_OK);
  CHECK(d.kind == WS_DAY_KIND_WEEKEND && d.working_day == 0);
  ws_day keep = d;
  CHECK_STATUS(ws_calendar_check(cal, day(2200, 1, 1), &d), WS_STATUS_INVALID_DATE);
  CHECK(contains(ws_last_error_message(), "day"));
  CHECK(d.kind == keep.kind && d.working_day == keep.working_day);
  CHECK_STATUS(ws_calendar_check(NULL, day(2026, 2, 17), &d), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_calendar_check(cal, day(2026, 2, 17), NULL), WS_STATUS_NULL_ARGUMENT);

  /* One deadline of each unit. */
  ws_deadline one;
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 2, 12, 10, 0, 0), WS_PERIOD_WORKING_DAYS, 3, &one),
               WS_STATUS_OK);
  CHECK(one.deadline == end_of(2026, 2, 24) && one.provisional == 0 && one.status == WS_STATUS_OK);
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 9, 21, 8, 0, 0), WS_PERIOD_DAYS, 10, &one),
               WS_STATUS_OK);
  CHECK(one.deadline == end_of(2026, 10, 8));
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 11, 20, 22, 30, 0), WS_PERIOD_HOURS, 2, &one),
               WS_STATUS_OK);
  CHECK(one.deadline == at(2026, 11, 21, 0, 30, 0));
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 11, 20, 23, 50, 0), WS_PERIOD_MINUTES, 30, &one),
               WS_STATUS_OK);
  CHECK(one.deadline == at(2026, 11, 21, 0, 20, 0));
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 12, 28, 9, 0, 0), WS_PERIOD_WORKING_DAYS, 5, &one),
               WS_STATUS_OK);
  CHECK(one.deadline == end_of(2027, 1, 5) && one.provisional == 1);
  /* Row errors are written too. */
  CHECK_STATUS(ws_calendar_deadline(cal, WS_NO_TIMESTAMP, WS_PERIOD_DAYS, 1, &one),
               WS_STATUS_MISSING_FIELD);
  CHECK(one.deadline == WS_NO_TIMESTAMP && one.status == WS_STATUS_MISSING_FIELD);
  CHECK_STATUS(ws_calendar_deadline(cal, at(2200, 1, 1, 0, 0, 0), WS_PERIOD_DAYS, 1, &one),
               WS_STATUS_INVALID_DATE);
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 1, 5, 9, 0, 0), WS_PERIOD_DAYS, WS_NO_AMOUNT, &one),
               WS_STATUS_MISSING_FIELD);
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 1, 5, 9, 0, 0), WS_PERIOD_DAYS, WS_INVALID_AMOUNT, &one),
               WS_STATUS_INVALID_VALUE);
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 1, 5, 9, 0, 0), 9, 1, &one),
               WS_STATUS_INVALID_VALUE);
  CHECK(contains(ws_last_error_message(), "unit 9"));
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 1, 5, 9, 0, 0), WS_PERIOD_MINUTES, 100001, &one),
               WS_STATUS_INVALID_VALUE);
  CHECK_STATUS(ws_calendar_deadline(cal, 0, WS_PERIOD_DAYS, 1, NULL), WS_STATUS_NULL_ARGUMENT);

  /* The batch agrees with the single call row for row; bad rows carry their own status. */
  enum { N = 64 };
  ws_deadline_row rows[N];
  ws_deadline out[N], single;
  for (int i = 0; i < N; i++) {
    rows[i] = (ws_deadline_row){at(2026, 1 + (unsigned)(i % 12), 1 + (unsigned)(i % 28), i % 24, 0, 0),
                                1 + (uint32_t)(i % 30), (uint8_t)(1 + i % 4)};
  }
  rows[5].start = WS_NO_TIMESTAMP;
  rows[6].unit = WS_NO_UNIT;
  rows[7].amount = 3661;
  rows[9].unit = WS_UNKNOWN_UNIT;
  rows[10].amount = WS_NO_AMOUNT;
  rows[11].amount = WS_INVALID_AMOUNT;
  CHECK_STATUS(ws_calendar_deadline_batch(cal, rows, N, out), WS_STATUS_OK);
  int agree = 1;
  for (int i = 0; i < N; i++) {
    ws_status s = ws_calendar_deadline(cal, rows[i].start, rows[i].unit, rows[i].amount, &single);
    agree &= s == out[i].status && same_deadline(&single, &out[i]);
  }
  CHECK(agree);
  CHECK(out[5].status == WS_STATUS_MISSING_FIELD && out[6].status == WS_STATUS_MISSING_FIELD &&
        out[7].status == WS_STATUS_INVALID_VALUE && out[8].status == WS_STATUS_OK);
  CHECK(out[9].status == WS_STATUS_UNKNOWN_FIELD && out[10].status == WS_STATUS_MISSING_FIELD &&
        out[11].status == WS_STATUS_INVALID_VALUE);
  CHECK_STATUS(ws_calendar_deadline(cal, at(2026, 1, 5, 9, 0, 0), WS_UNKNOWN_UNIT, 1, &one),
               WS_STATUS_UNKNOWN_FIELD);
  CHECK(contains(ws_last_error_message(), "not a period unit"));
  CHECK_STATUS(ws_calendar_deadline_batch(cal, NULL, 0, NULL), WS_STATUS_OK);
  CHECK_STATUS(ws_calendar_deadline_batch(cal, NULL, 1, out), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_calendar_deadline_batch(NULL, rows, N, out), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_calendar_deadline_batch(cal, rows, SIZE_MAX / 8, out), WS_STATUS_INPUT_TOO_LARGE);
  CHECK_STATUS(ws_calendar_deadline_batch(cal, (const ws_deadline_row *)(void *)out, 2, out),
               WS_STATUS_INVALID_BUFFER);

  /* A locality's calendar replaces 2026 and adds 2027. */
  const char *local =
      "{\"version\": \"local.1\", \"years\": {"
      "\"2026\": {\"holidays\": [], \"workdays\": []},"
      "\"2027\": {\"holidays\": [{\"date\": \"2027-01-01\", \"name\": \"New Year\"}], \"workdays\": []}}}";
  ws_calendar *mine = NULL;
  CHECK_STATUS(ws_calendar_from_json(local, strlen(local), &mine), WS_STATUS_OK);
  CHECK_STATUS(ws_calendar_check(mine, day(2026, 2, 17), &d), WS_STATUS_OK);
  CHECK(d.kind == WS_DAY_KIND_WORKDAY && d.provisional == 0);
  CHECK_STATUS(ws_calendar_check(mine, day(2027, 1, 1), &d), WS_STATUS_OK);
  CHECK(d.kind == WS_DAY_KIND_HOLIDAY && d.provisional == 0 && name_is(d.name, "New Year"));
  CHECK_STATUS(ws_calendar_deadline(mine, at(2026, 12, 28, 9, 0, 0), WS_PERIOD_WORKING_DAYS, 5, &one),
               WS_STATUS_OK);
  CHECK(one.deadline == end_of(2027, 1, 5) && one.provisional == 0);
  ws_calendar_free(mine);

  const char *bad = "{\"years\": {\"2027\": {\"holidays\": [], \"workdays\": [\"2027-01-04\"]}}}";
  ws_calendar *none = (ws_calendar *)(void *)&keep; /* must stay untouched */
  CHECK_STATUS(ws_calendar_from_json(bad, strlen(bad), &none), WS_STATUS_INVALID_CALENDAR);
  CHECK(none == (ws_calendar *)(void *)&keep);
  CHECK(contains(ws_last_error_message(), "years.2027.workdays[0]"));
  const char *typo = "{\"yeras\": {}}";
  CHECK_STATUS(ws_calendar_from_json(typo, strlen(typo), &none), WS_STATUS_UNKNOWN_FIELD);
  CHECK_STATUS(ws_calendar_from_json("{", 1, &none), WS_STATUS_INVALID_JSON);
  CHECK_STATUS(ws_calendar_from_json("\xff", 1, &none), WS_STATUS_INVALID_UTF8);
  CHECK_STATUS(ws_calendar_from_json(NULL, 1, &none), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_calendar_from_json(local, strlen(local), NULL), WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_calendar_default(NULL), WS_STATUS_NULL_ARGUMENT);

  /* The JSON ops through the C entry point. */
  char *resp = NULL;
  CHECK_STATUS(eval("{\"op\": \"calendar.deadline\", \"start\": \"2026-02-12T10:00\", "
                    "\"period\": {\"working_days\": 3}}",
                    &resp),
               WS_STATUS_OK);
  CHECK(contains(resp, "\"deadline\":\"2026-02-24T23:59:59\""));
  ws_string_free(resp);
  CHECK_STATUS(eval("{\"op\": \"calendar.deadline\", \"start\": \"2026-02-12 10:00\", "
                    "\"period\": {\"working_days\": 3}}",
                    &resp),
               WS_STATUS_INVALID_DATE);
  CHECK(contains(resp, "\"path\":\"start\""));
  ws_string_free(resp);

  ws_calendar_free(cal);
  ws_calendar_free(NULL);
}

/* ------------------------------------------------------- case handling */

/* The morning sweep of the shared vectors (handling.json), in columns,
 * with bad rows mixed in; the one-case timeline; a locality's policy. */
static void test_handling(void) {
  ws_handling *h = NULL;
  ws_calendar *cal = NULL;
  CHECK_STATUS(ws_handling_default(&h), WS_STATUS_OK);
  CHECK_STATUS(ws_calendar_default(&cal), WS_STATUS_OK);

  enum { N = 9 };
  const int64_t as_of = at(2026, 11, 26, 10, 0, 0);
  const uint8_t step[N] = {WS_STEP_ACCEPT, WS_STEP_ACCEPT, WS_STEP_ACCEPT, WS_STEP_REPORT_IN,
                           WS_STEP_RESOLVE, WS_STEP_NONE, WS_STEP_RESOLVE, WS_UNKNOWN_STEP,
                           WS_STEP_ACCEPT};
  const int64_t started[N] = {at(2026, 11, 26, 7, 0, 0), at(2026, 11, 26, 8, 20, 0),
                              at(2026, 11, 26, 9, 45, 0), at(2026, 11, 25, 10, 0, 0),
                              at(2026, 11, 20, 15, 0, 0), at(2026, 11, 20, 15, 0, 0),
                              at(2026, 11, 26, 10, 0, 1), at(2026, 11, 20, 15, 0, 0),
                              WS_NO_TIMESTAMP};
  const uint8_t cls[N] = {WS_CASE_CLASS_GENERAL, WS_CASE_CLASS_GENERAL, WS_CASE_CLASS_SAFETY,
                          WS_CASE_CLASS_COMPLEX, WS_CASE_CLASS_GENERAL, WS_CASE_CLASS_GENERAL,
                          WS_CASE_CLASS_GENERAL, WS_CASE_CLASS_GENERAL, WS_CASE_CLASS_GENERAL};
  const uint8_t level[N] = {WS_LEVEL_GRID, WS_LEVEL_GRID, WS_LEVEL_COMMUNITY, WS_LEVEL_COMMUNITY,
                            WS_LEVEL_GRID, WS_LEVEL_GRID, WS_LEVEL_GRID, WS_LEVEL_GRID,
                            WS_LEVEL_GRID};
  const uint8_t immediate[N] = {0, 0, 1, 0, 0, 0, 0, 0, 0};
  const uint32_t minutes[N] = {WS_NO_REPORT_MINUTES, WS_NO_REPORT_MINUTES, WS_NO_REPORT_MINUTES,
                               1440, WS_NO_REPORT_MINUTES, WS_NO_REPORT_MINUTES,
                               WS_NO_REPORT_MINUTES, WS_NO_REPORT_MINUTES, WS_NO_REPORT_MINUTES};
  const uint32_t extended[N] = {WS_NO_EXTENSION, 0, 0, 0, 0, 0, 0, 0, 0};
  int64_t deadline[N], left[N];
  uint8_t sup[N], prov[N], err[N];
  size_t bad = 0;
  CHECK_STATUS(ws_handling_supervise_columns(h, cal, as_of, N, step, started, cls, level, immediate,
                                             minutes, extended, deadline, left, sup, prov, err, &bad),
               WS_STATUS_OK);
  CHECK(bad == 4);
  CHECK(deadline[0] == at(2026, 11, 26, 9, 0, 0) && left[0] == -3600 && sup[0] == WS_SUPERVISION_OVERDUE);
  CHECK(left[1] == 1200 && sup[1] == WS_SUPERVISION_WARNING);
  CHECK(deadline[2] == at(2026, 11, 26, 10, 15, 0) && sup[2] == WS_SUPERVISION_ON_TRACK);
  CHECK(left[3] == 0 && sup[3] == WS_SUPERVISION_WARNING);
  CHECK(deadline[4] == end_of(2026, 11, 25) && left[4] == -36001 && sup[4] == WS_SUPERVISION_SUPERVISION);
  CHECK(prov[4] == 0 && err[4] == 0);
  CHECK(strcmp(ws_code_str("supervision", sup[4]), "supervision") == 0);
  CHECK(strcmp(ws_code_str("step", WS_STEP_COURT_DECIDE), "court_decide") == 0);
  CHECK(strcmp(ws_code_str("event", 1), "reported") == 0);
  CHECK(strcmp(ws_code_str("error", err[5]), "missing_field") == 0 && sup[5] == WS_SUPERVISION_NONE);
  CHECK(strcmp(ws_code_str("error", err[6]), "invalid_event") == 0);
  CHECK(strcmp(ws_code_str("error", err[7]), "invalid_value") == 0);
  CHECK(err[8] + 100 == WS_STATUS_MISSING_FIELD && deadline[8] == WS_NO_TIMESTAMP && left[8] == WS_NO_TIMESTAMP);

  /* Bad arguments: a status, nothing written. */
  uint8_t keep = 77;
  sup[0] = keep;
  CHECK_STATUS(ws_handling_supervise_columns(NULL, cal, as_of, N, step, started, cls, level, immediate,
                                             minutes, extended, deadline, left, sup, prov, err, NULL),
               WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_handling_supervise_columns(h, cal, WS_NO_TIMESTAMP, N, step, started, cls, level,
                                             immediate, minutes, extended, deadline, left, sup, prov,
                                             err, NULL),
               WS_STATUS_MISSING_FIELD);
  CHECK_STATUS(ws_handling_supervise_columns(h, cal, as_of, N, step, started, cls, level, immediate,
                                             minutes, extended, deadline, left, sup, prov,
                                             (uint8_t *)(void *)deadline, NULL),
               WS_STATUS_INVALID_BUFFER);
  CHECK(sup[0] == keep);
  /* error_rows_out is checked as the columns are: apart from them, aligned. */
  CHECK_STATUS(ws_handling_supervise_columns(h, cal, as_of, N, step, started, cls, level, immediate,
                                             minutes, extended, deadline, left, sup, prov, err,
                                             (size_t *)(void *)left),
               WS_STATUS_INVALID_BUFFER);
  CHECK(sup[0] == keep && contains(ws_last_error_message(), "error_rows_out"));
  size_t rows[2];
  CHECK_STATUS(ws_handling_supervise_columns(h, cal, as_of, N, step, started, cls, level, immediate,
                                             minutes, extended, deadline, left, sup, prov, err,
                                             (size_t *)(void *)((char *)rows + 1)),
               WS_STATUS_INVALID_BUFFER);
  CHECK(sup[0] == keep && contains(ws_last_error_message(), "error_rows_out"));
  CHECK_STATUS(ws_handling_supervise_columns(h, cal, as_of, 0, NULL, NULL, NULL, NULL, NULL, NULL,
                                             NULL, NULL, NULL, NULL, NULL, NULL, NULL),
               WS_STATUS_OK);

  /* One case's timeline through JSON. */
  const char *req =
      "{\"case\": {\"id\": \"c1\", \"item\": \"CS-01\", \"reported_on\": \"2026-11-16\"},"
      " \"events\": [{\"event\": \"reported\", \"at\": \"2026-11-16T09:00\"},"
      "              {\"event\": \"accepted\", \"at\": \"2026-11-16T09:40\"}],"
      " \"as_of\": \"2026-11-20T10:00\"}";
  char *resp = NULL;
  CHECK_STATUS(ws_case_timeline(h, cal, req, strlen(req), &resp), WS_STATUS_OK);
  CHECK(contains(resp, "\"open\":[\"resolve\"],\"supervision\":\"supervision\""));
  CHECK(contains(resp, "\"deadline\":\"2026-11-19T23:59:59\""));
  ws_string_free(resp);
  const char *wrong =
      "{\"case\": {\"id\": \"c1\", \"item\": \"CS-01\", \"reported_on\": \"2026-11-16\"},"
      " \"events\": [{\"event\": \"reported\", \"at\": \"2026-11-16T09:00\"},"
      "              {\"event\": \"resolved\", \"at\": \"2026-11-16T09:40\"}],"
      " \"as_of\": \"2026-11-20T10:00\"}";
  CHECK_STATUS(ws_case_timeline(h, cal, wrong, strlen(wrong), &resp), WS_STATUS_INVALID_EVENT);
  CHECK(contains(resp, "\"path\":\"events[1]\"") && contains(resp, "expected one of: accepted"));
  CHECK(contains(ws_last_error_message(), "events[1]"));
  ws_string_free(resp);
  resp = (char *)(void *)&keep;
  CHECK_STATUS(ws_case_timeline(h, NULL, req, strlen(req), &resp), WS_STATUS_NULL_ARGUMENT);
  CHECK(resp == NULL);

  /* The same through ws_evaluate_json. */
  CHECK_STATUS(eval("{\"op\": \"case.supervise\", \"as_of\": \"2026-11-26T10:00\", \"steps\": ["
                    "{\"id\": \"s5\", \"step\": \"resolve\", \"started\": \"2026-11-20T15:00\","
                    " \"class\": \"general\", \"level\": \"grid\", \"immediate_report\": false}]}",
                    &resp),
               WS_STATUS_OK);
  CHECK(contains(resp, "\"seconds_left\":-36001,\"supervision\":\"supervision\""));
  ws_string_free(resp);

  /* A locality's policy: grid cases resolved within 2 working days. */
  const char *local =
      "{\"version\": \"local.1\", \"steps\": {"
      "\"accept\": {\"starts\": [\"reported\"], \"ends\": [\"accepted\"], \"periods\": [{\"period\": {\"hours\": 2}}]},"
      "\"report_in\": {\"starts\": [\"whistled\"], \"ends\": [\"department_reported\", \"resolved\"], \"periods\": [{\"period\": \"report_within_minutes\"}]},"
      "\"resolve\": {\"starts\": [\"accepted\", \"reviewed\", \"mediation_failed\"], \"ends\": [\"resolved\", \"mediation_started\"], \"periods\": [{\"period\": {\"working_days\": 2}}]},"
      "\"review\": {\"starts\": [\"resolved\"], \"ends\": [\"reviewed\"], \"periods\": [{\"period\": {\"working_days\": 2}}]},"
      "\"mediate\": {\"starts\": [\"mediation_started\"], \"ends\": [\"agreement_reached\", \"mediation_failed\"], \"periods\": [{\"period\": {\"days\": 30}}]},"
      "\"apply_confirmation\": {\"starts\": [\"agreement_reached\"], \"ends\": [\"confirmation_applied\"], \"periods\": [{\"period\": {\"days\": 30}}]},"
      "\"court_accept\": {\"starts\": [\"confirmation_applied\"], \"ends\": [\"confirmation_accepted\", \"confirmation_refused\"], \"periods\": [{\"period\": {\"days\": 3}}]},"
      "\"court_decide\": {\"starts\": [\"confirmation_accepted\"], \"ends\": [\"confirmed\", \"confirmation_rejected\"], \"periods\": [{\"period\": {\"days\": 15}}]}},"
      "\"max_extensions\": 1, \"court_extension\": {\"days\": 10},"
      "\"supervision\": {\"warning_fraction\": 0.8, \"supervision_after_working_days\": 1,"
      " \"accountability_after_working_days\": 5}}";
  ws_handling *mine = NULL;
  CHECK_STATUS(ws_handling_from_json(local, strlen(local), &mine), WS_STATUS_OK);
  CHECK_STATUS(ws_handling_supervise_columns(mine, cal, as_of, 1, &step[4], &started[4], &cls[4],
                                             &level[4], &immediate[4], &minutes[4], &extended[4],
                                             deadline, left, sup, prov, err, NULL),
               WS_STATUS_OK);
  CHECK(deadline[0] == end_of(2026, 11, 24) && sup[0] == WS_SUPERVISION_SUPERVISION);
  ws_handling_free(mine);
  ws_handling *none = (ws_handling *)(void *)&keep;
  const char *typo = "{\"stpes\": {}}";
  CHECK_STATUS(ws_handling_from_json(typo, strlen(typo), &none), WS_STATUS_UNKNOWN_FIELD);
  CHECK(none == (ws_handling *)(void *)&keep);
  const char *broken = "{\"steps\": {}, \"max_extensions\": 1}";
  CHECK_STATUS(ws_handling_from_json(broken, strlen(broken), &none), WS_STATUS_MISSING_FIELD);
  CHECK(contains(ws_last_error_message(), "steps.accept"));
  CHECK_STATUS(ws_handling_default(NULL), WS_STATUS_NULL_ARGUMENT);

  ws_handling_free(h);
  ws_handling_free(NULL);
  ws_calendar_free(cal);
}

enum { CAL_THREADS = 4, CAL_ROWS = 4000 };

typedef struct {
  const ws_calendar *calendar;
  const ws_deadline_row *rows;
  const ws_deadline *expected;
  int id;
  int mismatches;
} calendar_job;

static void *calendar_worker(void *arg) {
  calendar_job *j = arg;
  ws_deadline *out = malloc(CAL_ROWS * sizeof *out);
  if (out == NULL) {
    j->mismatches = -1;
    return NULL;
  }
  for (int round = 0; round < 3; round++) {
    if (ws_calendar_deadline_batch(j->calendar, j->rows, CAL_ROWS, out) != WS_STATUS_OK) {
      j->mismatches++;
    }
    for (int i = 0; i < CAL_ROWS; i++) {
      j->mismatches += !same_deadline(&out[i], &j->expected[i]);
    }
    ws_day d;
    if (ws_calendar_check(j->calendar, day(2026, 10, 1 + j->id), &d) != WS_STATUS_OK ||
        d.kind != WS_DAY_KIND_HOLIDAY) {
      j->mismatches++;
    }
  }
  free(out);
  return NULL;
}

/* Several threads share one calendar and compute deadlines at once. */
static void test_threads_share_a_calendar(void) {
  ws_calendar *cal = NULL;
  CHECK_STATUS(ws_calendar_default(&cal), WS_STATUS_OK);
  ws_deadline_row *rows = malloc(CAL_ROWS * sizeof *rows);
  ws_deadline *expected = malloc(CAL_ROWS * sizeof *expected);
  CHECK(rows != NULL && expected != NULL);
  if (rows == NULL || expected == NULL) {
    free(rows);
    free(expected);
    ws_calendar_free(cal);
    return;
  }
  uint32_t x = 2026;
  const int64_t from = at(2024, 1, 1, 0, 0, 0);
  for (int i = 0; i < CAL_ROWS; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    rows[i] = (ws_deadline_row){from + (int64_t)(x % (3u * 366u * 86400u)), 1 + (x >> 4) % 30,
                                (uint8_t)(1 + (x >> 9) % 4)};
  }
  CHECK_STATUS(ws_calendar_deadline_batch(cal, rows, CAL_ROWS, expected), WS_STATUS_OK);
  pthread_t threads[CAL_THREADS];
  calendar_job jobs[CAL_THREADS];
  for (int t = 0; t < CAL_THREADS; t++) {
    jobs[t] = (calendar_job){cal, rows, expected, t, 0};
    CHECK(pthread_create(&threads[t], NULL, calendar_worker, &jobs[t]) == 0);
  }
  for (int t = 0; t < CAL_THREADS; t++) {
    CHECK(pthread_join(threads[t], NULL) == 0);
    CHECK(jobs[t].mismatches == 0);
  }
  free(rows);
  free(expected);
  ws_calendar_free(cal);
}

/* ------------------------------------------------------------------ stamps */

static void test_stamps(void) {
  /* A handle's stamp is what responses that used it carry in stamp.data. */
  ws_policy *policy = NULL;
  CHECK_STATUS(ws_policy_default(&policy), WS_STATUS_OK);
  char *stamp = NULL;
  CHECK_STATUS(ws_policy_stamp(policy, &stamp), WS_STATUS_OK);
  const char *req = "{\"op\": \"tier.suggest\", \"tags\": []}";
  char *resp = NULL;
  CHECK_STATUS(ws_evaluate_json(req, strlen(req), &resp), WS_STATUS_OK);
  CHECK(stamp != NULL && strstr(stamp, "\"sha256\":\"") != NULL);
  CHECK(resp != NULL && strstr(resp, stamp) != NULL);
  ws_string_free(stamp);
  ws_string_free(resp);
  stamp = NULL;
  CHECK_STATUS(ws_policy_stamp(NULL, &stamp), WS_STATUS_NULL_ARGUMENT);
  CHECK(stamp == NULL);
  ws_policy_free(policy);

  ws_catalog *catalog = NULL;
  CHECK_STATUS(ws_catalog_default(&catalog), WS_STATUS_OK);
  CHECK_STATUS(ws_catalog_stamp(catalog, &stamp), WS_STATUS_OK);
  CHECK(strstr(stamp, "\"version\":\"2023.1\"") != NULL);
  ws_string_free(stamp);
  ws_catalog_free(catalog);

  ws_calendar *calendar = NULL;
  CHECK_STATUS(ws_calendar_default(&calendar), WS_STATUS_OK);
  CHECK_STATUS(ws_calendar_stamp(calendar, &stamp), WS_STATUS_OK);
  CHECK(strstr(stamp, "\"version\":\"2026.1\"") != NULL);
  ws_string_free(stamp);
  ws_calendar_free(calendar);

  ws_rules *rules = NULL;
  CHECK_STATUS(ws_rules_default(&rules), WS_STATUS_OK);
  CHECK_STATUS(ws_rules_stamp(rules, &stamp), WS_STATUS_OK);
  CHECK(strlen(stamp) > 80);
  ws_string_free(stamp);
  ws_rules_free(rules);
}

/* A small xorshift generator for the thread tests' rows. */
static uint64_t rng_state = 88172645463325252ull;
static uint32_t rnd(uint32_t n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)((rng_state >> 32) % n);
}

static int same_decision(const ws_decision *a, const ws_decision *b) {
  return a->status == b->status && a->matched_rules == b->matched_rules &&
         a->report_within_minutes == b->report_within_minutes &&
         a->department == b->department && a->case_class == b->case_class &&
         a->center == b->center && a->level == b->level &&
         a->mediation == b->mediation && a->immediate_report == b->immediate_report;
}

static int equal_groups(const ws_completion_group *a, const ws_completion_group *b) {
  return a->residents == b->residents && a->required == b->required && a->met == b->met &&
         a->rate == b->rate;
}

/* Every _threads batch gives, on 2, 3, 5 threads and every core (0), what
 * its one-thread form gives, bad rows included, on rows enough to be cut
 * into ranges. */
static void test_batch_threads(void) {
  const size_t n = 3 * WS_MIN_ROWS_PER_THREAD + 17;
  const uint32_t counts[] = {0, 2, 3, 5};
  const size_t nc = sizeof counts / sizeof counts[0];
  const int32_t as_of = day(2026, 11, 26);
  ws_policy *p = NULL;
  ws_router *r = NULL;
  ws_calendar *c = NULL;
  CHECK_STATUS(ws_policy_default(&p), WS_STATUS_OK);
  CHECK_STATUS(ws_router_default(&r), WS_STATUS_OK);
  CHECK_STATUS(ws_calendar_default(&c), WS_STATUS_OK);

  /* Residents as structs: tiers 4 and 5 are unknown. */
  ws_resident *rows = malloc(n * sizeof *rows);
  ws_visit_result *one = malloc(n * sizeof *one), *many = malloc(n * sizeof *many);
  for (size_t i = 0; i < n; i++) {
    rows[i].tier = (uint8_t)rnd(6);
    rows[i].tier_since = as_of - (int32_t)rnd(900) + 5;
    rows[i].last_visit = rnd(8) == 0 ? WS_NO_DATE : as_of - (int32_t)rnd(60);
  }
  CHECK_STATUS(ws_visit_status_batch(p, rows, n, as_of, one), WS_STATUS_OK);
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) {
    bad += one[i].status != WS_STATUS_OK;
  }
  CHECK(bad > n / 10 && bad < n / 2);
  for (size_t k = 0; k < nc; k++) {
    memset(many, 0xAB, n * sizeof *many);
    CHECK_STATUS(ws_visit_status_batch_threads(p, counts[k], rows, n, as_of, many), WS_STATUS_OK);
    CHECK(same_all(one, many, n));
  }

  /* The same residents as columns. */
  uint8_t *tier = malloc(n), *state[2], *alert[2], *error[2];
  int32_t *since = malloc(n * 4), *last = malloc(n * 4), *ps[2], *pe[2], *due[2], *left[2];
  uint32_t *missed[2];
  for (int k = 0; k < 2; k++) {
    state[k] = malloc(n);
    alert[k] = malloc(n);
    error[k] = malloc(n);
    ps[k] = malloc(n * 4);
    pe[k] = malloc(n * 4);
    due[k] = malloc(n * 4);
    left[k] = malloc(n * 4);
    missed[k] = malloc(n * 4);
  }
  for (size_t i = 0; i < n; i++) {
    tier[i] = rows[i].tier;
    since[i] = rows[i].tier_since;
    last[i] = rows[i].last_visit;
  }
  size_t bad_cols[2] = {0, 0};
  CHECK_STATUS(ws_visit_status_columns(p, as_of, n, tier, since, last, state[0], ps[0], pe[0],
                                       due[0], left[0], missed[0], alert[0], error[0],
                                       &bad_cols[0]),
               WS_STATUS_OK);
  CHECK(bad_cols[0] == bad);
  for (size_t k = 0; k < nc; k++) {
    memset(state[1], 0xAB, n);
    memset(due[1], 0xAB, n * 4);
    CHECK_STATUS(ws_visit_status_columns_threads(p, counts[k], as_of, n, tier, since, last,
                                                 state[1], ps[1], pe[1], due[1], left[1],
                                                 missed[1], alert[1], error[1], &bad_cols[1]),
                 WS_STATUS_OK);
    CHECK(bad_cols[1] == bad);
    CHECK(memcmp(state[0], state[1], n) == 0 && memcmp(alert[0], alert[1], n) == 0 &&
          memcmp(error[0], error[1], n) == 0 && memcmp(ps[0], ps[1], n * 4) == 0 &&
          memcmp(pe[0], pe[1], n * 4) == 0 && memcmp(due[0], due[1], n * 4) == 0 &&
          memcmp(left[0], left[1], n * 4) == 0 && memcmp(missed[0], missed[1], n * 4) == 0);
  }
  /* Arguments are checked as by the one-thread form. */
  CHECK_STATUS(ws_visit_status_columns_threads(NULL, 2, as_of, n, tier, since, last, state[1],
                                               ps[1], pe[1], due[1], left[1], missed[1],
                                               alert[1], error[1], NULL),
               WS_STATUS_NULL_ARGUMENT);
  CHECK_STATUS(ws_visit_status_batch_threads(p, 2, rows, n, 1000000, many),
               WS_STATUS_INVALID_DATE);

  /* Cases: item indices past the catalogue (57 items) are unknown. */
  ws_case *cases = malloc(n * sizeof *cases);
  ws_decision *d1 = malloc(n * sizeof *d1), *d2 = malloc(n * sizeof *d2);
  for (size_t i = 0; i < n; i++) {
    cases[i].item = rnd(60);
    cases[i].reported_on = day(2026, 11, 1) - (int32_t)rnd(400);
    cases[i].parties = (int32_t)rnd(6) - 1;
    cases[i].repeat_count = (int32_t)rnd(3);
    cases[i].amount = (double)rnd(100000);
    cases[i].flags = (uint16_t)(rnd(512) & rnd(512));
  }
  CHECK_STATUS(ws_classify_batch(r, cases, n, d1), WS_STATUS_OK);
  for (size_t k = 0; k < nc; k++) {
    memset(d2, 0xAB, n * sizeof *d2);
    CHECK_STATUS(ws_classify_batch_threads(r, counts[k], cases, n, d2), WS_STATUS_OK);
    int all = 1;
    for (size_t i = 0; i < n; i++) {
      all &= same_decision(&d1[i], &d2[i]);
    }
    CHECK(all);
  }

  /* Deadline rows: units 0 and 5 name no unit. */
  ws_deadline_row *drows = malloc(n * sizeof *drows);
  ws_deadline *dl1 = malloc(n * sizeof *dl1), *dl2 = malloc(n * sizeof *dl2);
  for (size_t i = 0; i < n; i++) {
    drows[i].start = (int64_t)day(2025, 1, 1) * 86400 + (int64_t)rnd(70000000);
    drows[i].unit = (uint8_t)rnd(6);
    drows[i].amount = rnd(30);
  }
  CHECK_STATUS(ws_calendar_deadline_batch(c, drows, n, dl1), WS_STATUS_OK);
  for (size_t k = 0; k < nc; k++) {
    memset(dl2, 0xAB, n * sizeof *dl2);
    CHECK_STATUS(ws_calendar_deadline_batch_threads(c, counts[k], drows, n, dl2), WS_STATUS_OK);
    int all = 1;
    for (size_t i = 0; i < n; i++) {
      all &= dl1[i].status == dl2[i].status && dl1[i].deadline == dl2[i].deadline &&
             dl1[i].provisional == dl2[i].provisional;
    }
    CHECK(all);
  }

  /* Completion: two visits a resident in no order, some naming nobody. */
  const size_t visits = 2 * n, workers = 100;
  uint32_t *worker = malloc(n * 4), *who = malloc(visits * 4), *req[2], *met[2];
  int32_t *vday = malloc(visits * 4);
  for (int k = 0; k < 2; k++) {
    req[k] = malloc(n * 4);
    met[k] = malloc(n * 4);
  }
  for (size_t i = 0; i < n; i++) {
    tier[i] = (uint8_t)rnd(5);
    since[i] = day(2026, 1, 1) + (int32_t)rnd(330);
    worker[i] = rnd(workers);
  }
  for (size_t j = 0; j < visits; j++) {
    who[j] = rnd((uint32_t)n + 10);
    vday[j] = day(2026, 10, 25) + (int32_t)rnd(45);
  }
  ws_completion_group w[2][100], t[2][4];
  ws_completion_summary sum[2];
  const int32_t from = day(2026, 11, 1), to = day(2026, 11, 30);
  CHECK_STATUS(ws_completion_columns(p, from, to, n, tier, since, worker, NULL, visits, who, vday,
                                     req[0], met[0], error[0], w[0], workers, NULL, 0, t[0], 4,
                                     &sum[0]),
               WS_STATUS_OK);
  CHECK(sum[0].error_rows > 0 && sum[0].orphan_visits > 0);
  for (size_t k = 0; k < nc; k++) {
    memset(met[1], 0xAB, n * 4);
    memset(&sum[1], 0xAB, sizeof sum[1]);
    CHECK_STATUS(ws_completion_columns_threads(p, counts[k], from, to, n, tier, since, worker, NULL,
                                               visits, who, vday, req[1], met[1], error[1], w[1],
                                               workers, NULL, 0, t[1], 4, &sum[1]),
                 WS_STATUS_OK);
    int all = memcmp(req[0], req[1], n * 4) == 0 && memcmp(met[0], met[1], n * 4) == 0 &&
              memcmp(error[0], error[1], n) == 0;
    for (size_t g = 0; g < workers; g++) {
      all &= equal_groups(&w[0][g], &w[1][g]);
    }
    for (size_t g = 0; g < 4; g++) {
      all &= equal_groups(&t[0][g], &t[1][g]);
    }
    all &= equal_groups(&sum[0].total, &sum[1].total) && sum[0].error_rows == sum[1].error_rows &&
           sum[0].orphan_visits == sum[1].orphan_visits &&
           sum[0].first_orphan == sum[1].first_orphan;
    CHECK(all);
  }

  /* The supervision sweep: open steps of every kind, some bad. */
  ws_handling *h = NULL;
  CHECK_STATUS(ws_handling_default(&h), WS_STATUS_OK);
  const int64_t now = (int64_t)as_of * 86400 + 36000;
  uint8_t *st = malloc(n), *cls = malloc(n), *lvl = malloc(n), *imm = malloc(n);
  int64_t *start = malloc(n * 8), *dl[2], *sl[2];
  uint32_t *mins = malloc(n * 4), *ext = malloc(n * 4);
  uint8_t *sup[2], *prov[2];
  for (int k = 0; k < 2; k++) {
    dl[k] = malloc(n * 8);
    sl[k] = malloc(n * 8);
    sup[k] = malloc(n);
    prov[k] = malloc(n);
  }
  for (size_t i = 0; i < n; i++) {
    st[i] = (uint8_t)rnd(10); /* 0: none, 9: no such step */
    start[i] = now - (int64_t)rnd(30000000) + 100000;
    cls[i] = (uint8_t)rnd(4);
    lvl[i] = (uint8_t)(1 + rnd(2));
    imm[i] = (uint8_t)rnd(2);
    mins[i] = rnd(4) == 0 ? 60 : WS_NO_REPORT_MINUTES;
    ext[i] = rnd(20) == 0 ? 2 : WS_NO_EXTENSION;
  }
  size_t sweep_bad[2] = {0, 0};
  CHECK_STATUS(ws_handling_supervise_columns(h, c, now, n, st, start, cls, lvl, imm, mins, ext, dl[0],
                                             sl[0], sup[0], prov[0], error[0], &sweep_bad[0]),
               WS_STATUS_OK);
  CHECK(sweep_bad[0] > n / 10 && sweep_bad[0] < n / 2);
  for (size_t k = 0; k < nc; k++) {
    memset(sl[1], 0xAB, n * 8);
    CHECK_STATUS(ws_handling_supervise_columns_threads(h, c, counts[k], now, n, st, start, cls, lvl,
                                                       imm, mins, ext, dl[1], sl[1], sup[1],
                                                       prov[1], error[1], &sweep_bad[1]),
                 WS_STATUS_OK);
    CHECK(sweep_bad[1] == sweep_bad[0]);
    CHECK(memcmp(dl[0], dl[1], n * 8) == 0 && memcmp(sl[0], sl[1], n * 8) == 0 &&
          memcmp(sup[0], sup[1], n) == 0 && memcmp(prov[0], prov[1], n) == 0 &&
          memcmp(error[0], error[1], n) == 0);
  }
  for (int k = 0; k < 2; k++) {
    free(dl[k]);
    free(sl[k]);
    free(sup[k]);
    free(prov[k]);
  }
  free(st);
  free(cls);
  free(lvl);
  free(imm);
  free(start);
  free(mins);
  free(ext);
  ws_handling_free(h);

  free(worker);
  free(who);
  free(vday);
  free(drows);
  free(dl1);
  free(dl2);
  free(cases);
  free(d1);
  free(d2);
  for (int k = 0; k < 2; k++) {
    free(state[k]);
    free(alert[k]);
    free(error[k]);
    free(ps[k]);
    free(pe[k]);
    free(due[k]);
    free(left[k]);
    free(missed[k]);
    free(req[k]);
    free(met[k]);
  }
  free(tier);
  free(since);
  free(last);
  free(rows);
  free(one);
  free(many);
  ws_calendar_free(c);
  ws_router_free(r);
  ws_policy_free(p);
}

int main(void) {
  test_version();
  test_status_str();
  test_evaluate_json();
  test_stamps();
  test_policy();
  test_visit_batch();
  test_catalog();
  test_triage();
  test_names();
  test_columns();
  test_completion();
  test_worker_assess();
  test_threads_share_handles();
  test_calendar();
  test_threads_share_a_calendar();
  test_handling();
  test_batch_threads();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
