package cn.wangshi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON entry point, typed results, errors with code, message and path, and code names. */
class EvaluateTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void evaluateJsonReturnsTheEnvelopeForGoodAndBadRequests() throws Exception {
        JsonNode ok = MAPPER.readTree(Wangshi.evaluateJson("{\"op\": \"tier.suggest\", \"tags\": [\"key_petitioner\"]}"));
        assertEquals(true, ok.get("ok").asBoolean());
        assertEquals("red", ok.get("result").get("tier").asText());
        JsonNode bad = MAPPER.readTree(Wangshi.evaluateJson("{\"op\": \"visit.teleport\"}"));
        assertEquals(false, bad.get("ok").asBoolean());
        assertEquals("unknown_op", bad.get("error").get("code").asText());
        JsonNode notJson = MAPPER.readTree(Wangshi.evaluateJson("{not json"));
        assertEquals("invalid_json", notJson.get("error").get("code").asText());
    }

    @Test
    void evaluateReturnsTheResultOfMapsAndText() {
        Map<String, Object> request = new HashMap<>();
        request.put("op", "visit.status");
        request.put("as_of", "2026-11-26");
        Map<String, Object> r = new HashMap<>();
        r.put("id", "r3");
        r.put("tier", "orange");
        r.put("tier_since", "2026-09-01");
        r.put("last_visit", "2026-11-08");
        request.put("residents", Collections.singletonList(r));
        JsonNode row = Wangshi.evaluate(request).get("results").get(0);
        assertEquals("overdue", row.get("state").asText());
        assertEquals("escalation", row.get("alert").asText());
        assertEquals(2, row.get("missed_periods").asInt());
        assertEquals("2026-11-29", row.get("due").asText());
        JsonNode tier = Wangshi.evaluate("{\"op\": \"tier.suggest\", \"tags\": [\"elderly_alone\"]}");
        assertEquals("blue", tier.get("tier").asText());
    }

    /** A result type for {@link Wangshi#evaluate(Object, Class)}. */
    public static final class Suggestion {
        public String tier;
        public List<Object> because;
    }

    @Test
    void evaluateMapsTheResultOntoAClass() {
        Suggestion s = Wangshi.evaluate("{\"op\": \"tier.suggest\", \"tags\": [\"key_petitioner\"]}", Suggestion.class);
        assertEquals("red", s.tier);
    }

    @Test
    void errorsCarryTheContractsCodeMessageAndPath() {
        WangshiException e = assertThrows(WangshiException.class, () -> Wangshi.evaluate(
                "{\"op\": \"visit.status\", \"as_of\": \"2026-02-30\", \"residents\": []}"));
        assertEquals("invalid_date", e.code());
        assertEquals("as_of", e.path());
        assertTrue(e.message().length() > 0);
        assertTrue(e.getMessage().startsWith("invalid_date at as_of: "), e.getMessage());

        e = assertThrows(WangshiException.class, () -> Wangshi.evaluate("{\"op\": \"tier.suggest\", \"tags\": [], \"tga\": 1}"));
        assertEquals("unknown_field", e.code());
        assertEquals("tga", e.path());

        e = assertThrows(WangshiException.class, () -> Wangshi.evaluate("{\"op\": \"tier.suggest\", \"tags\": [], \"tags\": []}"));
        assertEquals("invalid_json", e.code());

        e = assertThrows(WangshiException.class, () -> Wangshi.evaluate("[]"));
        assertEquals("invalid_json", e.code());
        assertNull(e.path());
    }

    @Test
    void aStringThatIsNotUnicodeIsAnInvalidJsonEnvelopeNotASilentQuestionMark() throws Exception {
        for (String text : Arrays.asList("{\"op\":\"\ud800\"}", "{\"\udfff\": 1}")) {
            Wangshi.Evaluated r = Wangshi.evaluateWithStatus(text);
            JsonNode env = MAPPER.readTree(r.response);
            assertEquals(false, env.get("ok").asBoolean());
            assertEquals("invalid_json", env.get("error").get("code").asText());
            assertEquals(ConformanceTest.statusOf(env), r.status);
        }
        WangshiException e = assertThrows(WangshiException.class, () -> {
            try (VisitPolicy p = VisitPolicy.defaultPolicy()) {
                p.tierIndex("gr\ud800een");
            }
        });
        assertEquals("invalid_value", e.code());
    }

    @Test
    void handleConstructorsReportInvalidDataWithAPath() {
        WangshiException e = assertThrows(WangshiException.class, () -> VisitPolicy.fromJson(
                "{\"tiers\": [{\"code\": \"w\", \"cadence\": \"weekly\", \"reminder_days\": 7, \"escalate_after_missed\": 1}]}"));
        assertEquals("invalid_policy", e.code());
        assertEquals("tiers[0].reminder_days", e.path());
        e = assertThrows(WangshiException.class, () -> VisitPolicy.fromJson("{\"tiers\": [], \"oops\": 1}"));
        assertEquals("unknown_field", e.code());
        e = assertThrows(WangshiException.class, () -> CaseRouter.fromJson("{\"version\": 1}", null));
        assertEquals("invalid_catalog", e.code());
        assertEquals("version", e.path());
        e = assertThrows(WangshiException.class, () -> CaseRouter.fromJson(null, "[]"));
        assertEquals("invalid_rules", e.code());
        try (VisitPolicy p = VisitPolicy.defaultPolicy()) {
            e = assertThrows(WangshiException.class, () -> p.tierIndex("purple"));
            assertEquals("unknown_tier", e.code());
            assertEquals("code", e.path());
            assertEquals(4, p.tierCount());
        }
        try (CaseRouter r = CaseRouter.defaultRouter()) {
            e = assertThrows(WangshiException.class, () -> r.itemIndex("ZZ-99"));
            assertEquals("unknown_item", e.code());
        }
    }

    @Test
    void closedHandlesRefuseUseAndCloseTwiceIsFine() {
        VisitPolicy p = VisitPolicy.defaultPolicy();
        p.close();
        p.close();
        assertThrows(IllegalStateException.class, p::tierCount);
        assertThrows(IllegalStateException.class,
                () -> p.statusBatch(20000, new byte[1], new int[1], new int[1]));
        CaseRouter r = CaseRouter.defaultRouter();
        r.close();
        assertThrows(IllegalStateException.class, () -> r.itemIndex("AQ-01"));
    }

    @Test
    void codeNamesComeFromTheLibrarysVocabularies() {
        assertEquals("overdue", Wangshi.codeName("visit_state", 4));
        assertNull(Wangshi.codeName("alert", 0));
        assertEquals("unknown_tier", Wangshi.codeName("error", 7));
        assertEquals("needs_department", Wangshi.codeName("flag", 8));
        List<String> all = Codes.vocabularies();
        assertTrue(all.containsAll(Arrays.asList("visit_state", "alert", "case_class", "center", "level", "flag", "in_force", "error")), all.toString());
        for (String v : all) {
            Codes c = Codes.of(v);
            assertTrue(!c.values().isEmpty(), v);
            for (Map.Entry<String, Integer> e : c.values().entrySet()) {
                assertEquals(e.getKey(), c.name(e.getValue()));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Codes.of("nope"));
        assertThrows(IllegalArgumentException.class, () -> CaseRouter.flags("violent"));
        assertEquals(1 << Codes.of("flag").value("violence"), CaseRouter.flags("violence"));
        assertTrue(Wangshi.version().matches("\\d+\\.\\d+\\.\\d+.*"), Wangshi.version());
        assertTrue(Wangshi.libraryPath().contains("wangshi"), Wangshi.libraryPath());
    }
}
