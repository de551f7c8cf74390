package cn.wangshi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The columnar batches agree row for row with the JSON ops on the same residents and cases
 * (valid rows, and bad rows whose codes do not depend on the batch's missing-value rules: an
 * unknown tier index, a date outside 1900-2199, an unknown item, an item not in force, a
 * negative count or amount).
 */
class BatchTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String[] TIERS = {"green", "blue", "orange", "red"};

    /** A visit batch's inputs, and the same residents as the JSON op's request. */
    static final class Residents {
        final int asOf;
        final byte[] tier;
        final int[] since;
        final int[] last;
        final ObjectNode request;

        Residents(VisitPolicy policy, long seed, int n, LocalDate asOf) {
            SplittableRandom g = new SplittableRandom(seed);
            this.asOf = Wangshi.day(asOf);
            tier = new byte[n];
            since = new int[n];
            last = new int[n];
            request = MAPPER.createObjectNode();
            request.put("op", "visit.status");
            request.put("as_of", asOf.toString());
            ArrayNode rows = request.putArray("residents");
            for (int i = 0; i < n; i++) {
                ObjectNode r = rows.addObject();
                r.put("id", "r" + i);
                int t = g.nextInt(TIERS.length);
                tier[i] = policy.tierIndex(TIERS[t]);
                r.put("tier", TIERS[t]);
                since[i] = this.asOf - g.nextInt(900);
                r.put("tier_since", Wangshi.date(since[i]).toString());
                int k = g.nextInt(10);
                last[i] = k == 0 ? Wangshi.NO_DATE : k == 1 ? this.asOf + 1 + g.nextInt(5) : since[i] + g.nextInt(this.asOf - since[i] + 1);
                if (last[i] != Wangshi.NO_DATE) {
                    r.put("last_visit", Wangshi.date(last[i]).toString());
                }
            }
            // Bad rows with one problem each.
            tier[3] = 9;
            ((ObjectNode) rows.get(3)).put("tier", "purple");
            since[5] = Wangshi.day(LocalDate.of(2200, 1, 1));
            last[5] = Wangshi.NO_DATE;
            ((ObjectNode) rows.get(5)).put("tier_since", "2200-01-01").remove("last_visit");
            since[7] = this.asOf + 2;
            last[7] = Wangshi.NO_DATE;
            ((ObjectNode) rows.get(7)).put("tier_since", Wangshi.date(this.asOf + 2).toString()).remove("last_visit");
        }
    }

    static int dayOrNoDate(JsonNode n) {
        return n == null || n.isNull() ? Wangshi.NO_DATE : Wangshi.day(LocalDate.parse(n.asText()));
    }

    @Test
    void visitBatchAgreesWithTheJsonOpRowForRow() {
        try (VisitPolicy policy = VisitPolicy.defaultPolicy()) {
            for (long seed = 1; seed <= 4; seed++) {
                LocalDate asOf = LocalDate.of(2026, 11, 26).plusDays(seed * 97);
                Residents in = new Residents(policy, seed, 1500, asOf);
                VisitBatch b = policy.statusBatch(asOf, in.tier, in.since, in.last);
                JsonNode rows = Wangshi.evaluate(in.request).get("results");
                assertEquals(in.tier.length, b.size());
                int errors = 0;
                for (int i = 0; i < b.size(); i++) {
                    JsonNode r = rows.get(i);
                    if (r.has("error")) {
                        errors++;
                        assertEquals(r.get("error").get("code").asText(), b.errorName(i), "row " + i);
                        assertNull(b.stateName(i));
                        assertEquals(Wangshi.NO_DATE, b.due(i));
                        continue;
                    }
                    assertEquals(0, b.error(i), "row " + i);
                    assertEquals(r.get("state").asText(), b.stateName(i), "row " + i);
                    assertEquals(r.get("alert").isNull() ? null : r.get("alert").asText(), b.alertName(i), "row " + i);
                    assertEquals(dayOrNoDate(r.get("due")), b.due(i), "row " + i);
                    assertEquals(LocalDate.parse(r.get("due").asText()), b.dueDate(i));
                    assertEquals(dayOrNoDate(r.get("period_start")), b.periodStart(i), "row " + i);
                    assertEquals(dayOrNoDate(r.get("period_end")), b.periodEnd(i), "row " + i);
                    assertEquals(r.get("days_left").asInt(), b.daysLeft(i), "row " + i);
                    assertEquals(r.get("missed_periods").asInt(), b.missedPeriods(i), "row " + i);
                }
                assertEquals(errors, b.errorRows());
                assertTrue(errors >= 3 && errors < b.size() / 4, "errors " + errors);
                assertEquals("unknown_tier", b.errorName(3));
                assertEquals("invalid_date", b.errorName(5));
                assertEquals("tier_since_after_as_of", b.errorName(7));
                // The copies are the columns.
                byte[] states = b.states();
                int[] due = b.dues();
                for (int i = 0; i < b.size(); i++) {
                    assertEquals(b.state(i), states[i]);
                    assertEquals(b.due(i), due[i]);
                }
            }
        }
    }

    @Test
    void reusedResultsAndBlocksOfEverySizeGiveTheSameAnswers() {
        try (VisitPolicy policy = VisitPolicy.defaultPolicy()) {
            LocalDate asOf = LocalDate.of(2026, 11, 26);
            Residents small = new Residents(policy, 9, 300, asOf);
            VisitBatch want = policy.statusBatch(asOf, small.tier, small.since, small.last);
            VisitBatch reuse = new VisitBatch(300);
            assertTrue(reuse == policy.statusBatch(Wangshi.day(asOf), small.tier, small.since, small.last, reuse));
            assertArrayEquals(want.dues(), reuse.dues());
            assertArrayEquals(want.errors(), reuse.errors());
            // A batch larger than the block a thread keeps, then a small one again.
            int n = (int) (Scratch.KEEP / VisitBatch.bytes(1)) + 7;
            byte[] tier = new byte[n];
            int[] since = new int[n];
            int[] last = new int[n];
            for (int i = 0; i < n; i++) {
                tier[i] = small.tier[i % 300];
                since[i] = small.since[i % 300];
                last[i] = small.last[i % 300];
            }
            VisitBatch big = policy.statusBatch(Wangshi.day(asOf), tier, since, last, reuse);
            assertEquals(n, big.size());
            for (int i = n - 300; i < n; i++) {
                assertEquals(want.due(i % 300), big.due(i));
                assertEquals(want.error(i % 300), big.error(i));
            }
            assertArrayEquals(want.states(), policy.statusBatch(asOf, small.tier, small.since, small.last).states());
        }
    }

    @Test
    void visitBatchRefusesABadDayAndUnequalColumns() {
        try (VisitPolicy policy = VisitPolicy.defaultPolicy()) {
            WangshiException e = assertThrows(WangshiException.class, () -> policy.statusBatch(
                    LocalDate.of(2200, 1, 1), new byte[1], new int[1], new int[1]));
            assertEquals("invalid_date", e.code());
            assertEquals("as_of", e.path());
            e = assertThrows(WangshiException.class, () -> policy.statusBatch(20000, new byte[2], new int[1], new int[2]));
            assertEquals("invalid_value", e.code());
            VisitBatch empty = policy.statusBatch(20000, new byte[0], new int[0], new int[0]);
            assertEquals(0, empty.size());
            assertArrayEquals(new int[0], empty.dues());
        }
    }

    /** The item codes of the router's catalogue, from the catalog.get op. */
    static List<String> itemCodes() {
        List<String> codes = new ArrayList<>();
        for (JsonNode cat : Wangshi.evaluate("{\"op\": \"catalog.get\"}").get("categories")) {
            for (JsonNode it : cat.get("items")) {
                codes.add(it.get("code").asText());
            }
        }
        return codes;
    }

    @Test
    void classifyBatchAgreesWithTheJsonOpRowForRow() {
        List<String> codes = itemCodes();
        Codes flagNames = Codes.of("flag");
        int flagCount = flagNames.values().size();
        try (CaseRouter router = CaseRouter.defaultRouter()) {
            SplittableRandom g = new SplittableRandom(11);
            int n = 2000;
            int[] item = new int[n];
            int[] on = new int[n];
            short[] flags = new short[n];
            int[] parties = new int[n];
            int[] repeats = new int[n];
            double[] amount = new double[n];
            ObjectNode request = MAPPER.createObjectNode();
            request.put("op", "case.classify");
            ArrayNode cases = request.putArray("cases");
            int from = Wangshi.day(LocalDate.of(2022, 6, 1));
            int to = Wangshi.day(LocalDate.of(2026, 11, 30));
            for (int i = 0; i < n; i++) {
                String code = codes.get(g.nextInt(codes.size()));
                item[i] = router.itemIndex(code);
                on[i] = from + g.nextInt(to - from);
                parties[i] = 1 + (g.nextInt(4) == 0 ? g.nextInt(6) : 0);
                repeats[i] = g.nextInt(5) == 0 ? g.nextInt(4) : 0;
                amount[i] = g.nextInt(4) == 0 ? g.nextInt(100000) : 0;
                ObjectNode c = cases.addObject();
                c.put("id", "c" + i);
                c.put("item", code);
                c.put("reported_on", Wangshi.date(on[i]).toString());
                c.put("parties", parties[i]);
                c.put("repeat_count", repeats[i]);
                c.put("amount", amount[i]);
                ArrayNode f = c.putArray("flags");
                for (int bit = 0; bit < flagCount; bit++) {
                    if (g.nextInt(8) == 0) {
                        flags[i] |= (short) (1 << bit);
                        f.add(flagNames.name(bit));
                    }
                }
            }
            item[4] = 9999;
            ((ObjectNode) cases.get(4)).put("item", "ZZ-99");
            parties[6] = -1;
            ((ObjectNode) cases.get(6)).put("parties", -1);
            amount[8] = -5;
            ((ObjectNode) cases.get(8)).put("amount", -5);
            on[9] = Wangshi.day(LocalDate.of(1899, 12, 31));
            ((ObjectNode) cases.get(9)).put("reported_on", "1899-12-31");

            ClassifyBatch b = router.classifyBatch(item, on, flags, parties, repeats, amount);
            JsonNode rows = Wangshi.evaluate(request).get("results");
            int errors = 0;
            for (int i = 0; i < n; i++) {
                JsonNode r = rows.get(i);
                if (r.has("error")) {
                    errors++;
                    assertEquals(r.get("error").get("code").asText(), b.errorName(i), "row " + i);
                    assertNull(b.centerName(i));
                    continue;
                }
                assertEquals(0, b.error(i), "row " + i + " " + b.errorName(i));
                assertEquals(r.get("class").asText(), b.caseClassName(i), "row " + i);
                assertEquals(r.get("center").asText(), b.centerName(i), "row " + i);
                assertEquals(r.get("level").asText(), b.levelName(i), "row " + i);
                JsonNode w = r.get("whistle");
                assertEquals(w.isNull() ? null : w.get("department").asText(), b.departmentName(i), "row " + i);
                assertEquals(w.isNull() ? 0 : w.get("report_within_minutes").asInt(), b.reportWithinMinutes(i));
                assertEquals(!r.get("mediation").isNull(), b.mediation(i), "row " + i);
                assertEquals(r.get("immediate_report").asBoolean(), b.immediateReport(i), "row " + i);
                List<String> rules = new ArrayList<>();
                r.get("matched_rules").forEach(x -> rules.add(x.asText()));
                assertEquals(rules, b.matchedRuleIds(i), "row " + i);
                assertEquals(rules, router.ruleIds(b.matchedRules(i)));
                if (b.department(i) != 0) {
                    assertEquals(b.departmentName(i), router.department(b.department(i)));
                }
            }
            assertEquals(errors, b.errorRows());
            assertEquals("unknown_item", b.errorName(4));
            assertEquals("invalid_value", b.errorName(6));
            assertEquals("invalid_value", b.errorName(8));
            assertEquals("invalid_date", b.errorName(9));
            boolean notInForce = false;
            for (int i = 0; i < n; i++) {
                notInForce |= "item_not_in_force".equals(b.errorName(i));
            }
            assertTrue(notInForce, "reports before 2023 name items not yet in force");
            assertTrue(errors < n / 2, "errors " + errors);
        }
    }
}
