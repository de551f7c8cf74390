/*
 * Who must be visited today, and where does a reported case go? The two
 * ways in from C:
 *   1. the JSON entry point, ws_evaluate_json(), which is all a PHP, Java or
 *      C# platform needs;
 *   2. the typed, allocation-free batches over arrays of ws_resident and
 *      ws_case.
 *
 * Build against an installed library (scripts/install.sh PREFIX):
 *   gcc -std=c11 examples/c/visit_today.c $(pkg-config --cflags --libs wangshi) \
 *       -o visit_today && ./visit_today
 * (with PKG_CONFIG_PATH=PREFIX/lib/pkgconfig and, outside the system's
 * library path, LD_LIBRARY_PATH=PREFIX/lib or -Wl,-rpath,PREFIX/lib).
 */
#include "wangshi.h"

#include <stdio.h>
#include <string.h>

static int fail(const char *what, ws_status s) {
  fprintf(stderr, "%s: %s (%s)\n", what, ws_status_str(s), ws_last_error_message());
  return 1;
}

int main(void) {
  printf("libwangshi %s (header %s)\n", ws_version(), WS_VERSION);

  /* 1. JSON in, JSON out. */
  const char *request =
      "{\"op\": \"visit.status\", \"as_of\": \"2026-11-26\", \"residents\": ["
      "{\"id\": \"r1\", \"tier\": \"orange\", \"tier_since\": \"2026-09-01\","
      " \"last_visit\": \"2026-11-08\"}]}";
  char *response = NULL;
  ws_status s = ws_evaluate_json(request, strlen(request), &response);
  if (response != NULL) {
    printf("%s\n", response); /* the envelope, also when s is an error */
  }
  ws_string_free(response);
  if (s != WS_STATUS_OK) {
    return fail("ws_evaluate_json", s);
  }

  /* 2. The typed batch: dates are days since 1970-01-01. */
  ws_policy *policy = NULL;
  if ((s = ws_policy_default(&policy)) != WS_STATUS_OK) {
    return fail("ws_policy_default", s);
  }
  uint8_t orange = 0, red = 0;
  if ((s = ws_policy_tier_index(policy, "orange", 6, &orange)) != WS_STATUS_OK ||
      (s = ws_policy_tier_index(policy, "red", 3, &red)) != WS_STATUS_OK) {
    ws_policy_free(policy);
    return fail("ws_policy_tier_index", s);
  }
  const int32_t as_of = 20783; /* 2026-11-26 */
  const ws_resident rows[] = {
      {orange, 20697, 20765},     /* since 2026-09-01, last visit 2026-11-08 */
      {red, 20777, WS_NO_DATE},   /* since 2026-11-20, never visited */
      {7, 20777, WS_NO_DATE},     /* no tier 7: this row alone fails */
  };
  const size_t n = sizeof rows / sizeof rows[0];
  ws_visit_result out[sizeof rows / sizeof rows[0]];
  if ((s = ws_visit_status_batch(policy, rows, n, as_of, out)) != WS_STATUS_OK) {
    ws_policy_free(policy);
    return fail("ws_visit_status_batch", s);
  }
  for (size_t i = 0; i < n; i++) {
    if (out[i].status != WS_STATUS_OK) {
      printf("row %zu: %s\n", i, ws_status_str(out[i].status));
    } else {
      /* Names come from the library's vocabularies; "none" for no alert. */
      const char *alert = ws_code_str("alert", out[i].alert);
      printf("row %zu: %s, due day %d (%d days left), %u missed, alert %s\n", i,
             ws_code_str("visit_state", out[i].state), out[i].due, out[i].days_left,
             out[i].missed_periods, alert != NULL ? alert : "none");
    }
  }
  ws_policy_free(policy);

  /* 3. Triage: a fire reported as an emergency. */
  ws_router *router = NULL;
  if ((s = ws_router_default(&router)) != WS_STATUS_OK) {
    return fail("ws_router_default", s);
  }
  uint32_t fire = 0;
  ws_case report = {0.0, 0, 20777 /* 2026-11-20 */, 1, 0, WS_FLAG_EMERGENCY};
  ws_decision d;
  if ((s = ws_router_item_index(router, "AQ-01", 5, &fire)) != WS_STATUS_OK) {
    ws_router_free(router);
    return fail("ws_router_item_index", s);
  }
  report.item = fire;
  if ((s = ws_classify(router, &report, &d)) != WS_STATUS_OK) {
    ws_router_free(router);
    return fail("ws_classify", s);
  }
  ws_str dept = {NULL, 0};
  ws_router_department(router, d.department, &dept);
  printf("AQ-01 emergency: class %s, centre %s, whistle %.*s within %u minutes\n",
         ws_code_str("case_class", d.case_class), ws_code_str("center", d.center),
         (int)dept.len, dept.data, d.report_within_minutes);
  ws_router_free(router);
  return 0;
}
