package cn.wangshi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's conformance suite through {@link Wangshi#evaluateJson}: every {@code
 * tests/vectors/*.json} of the checkout and each shared file {@code tests/shared_vectors.txt}
 * lists (from {@code ../shared/vectors}, skipped with a message when absent). A case passes when
 * the response contains {@code expect} and the C status agrees with the envelope.
 */
class ConformanceTest {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The checkout's root, from -Dwangshi.repo (the test script sets it). */
    static Path repo() {
        String r = System.getProperty("wangshi.repo");
        assertTrue(r != null, "-Dwangshi.repo is not set");
        return Paths.get(r);
    }

    static List<Path> projectFiles() throws IOException {
        try (Stream<Path> s = Files.list(repo().resolve("tests/vectors"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }

    static List<String> sharedNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(repo().resolve("tests/shared_vectors.txt"), StandardCharsets.UTF_8)) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                names.add(t);
            }
        }
        return names;
    }

    /**
     * The matching rule of the shared vectors' README: an object matches on the keys {@code
     * expect} names, a list element by element with equal length, anything else by equality
     * (numbers by value, so 2 and 2.0 match as they do in Python).
     */
    static boolean contains(JsonNode actual, JsonNode expect) {
        if (expect.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!actual.has(e.getKey()) || !contains(actual.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (expect.isArray()) {
            if (!actual.isArray() || actual.size() != expect.size()) {
                return false;
            }
            for (int i = 0; i < expect.size(); i++) {
                if (!contains(actual.get(i), expect.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expect.isNumber() && actual.isNumber()) {
            return expect.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expect.equals(actual);
    }

    /** The C status ws_evaluate_json must return for an envelope. */
    static int statusOf(JsonNode envelope) {
        if (envelope.path("ok").asBoolean(false)) {
            return 0;
        }
        String code = envelope.path("error").path("code").asText();
        int n = Codes.of("error").value(code);
        return code.equals("internal_error") ? 3 /* WS_STATUS_PANIC */ : 100 + n;
    }

    /** Runs one file; returns the number of cases and a line per failing one. */
    static List<String> runFile(Path file, int[] count) throws IOException {
        JsonNode cases = MAPPER.readTree(file.toFile());
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            count[0]++;
            String request = MAPPER.writeValueAsString(c.get("request"));
            Wangshi.Evaluated r = Wangshi.evaluateWithStatus(request);
            JsonNode response = MAPPER.readTree(r.response);
            if (!contains(response, c.get("expect"))) {
                failures.add(file.getFileName() + ": " + c.get("name") + "\n  expected ⊇ " + c.get("expect")
                        + "\n  got        " + response);
            } else if (r.status != statusOf(response)) {
                failures.add(file.getFileName() + ": " + c.get("name") + ": status " + r.status
                        + " does not match " + response);
            }
        }
        return failures;
    }

    @TestFactory
    Stream<DynamicTest> everyVectorFileOfTheSuite() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : projectFiles()) {
            tests.add(DynamicTest.dynamicTest("tests/vectors/" + p.getFileName(), () -> runAndAssert(p)));
        }
        Path shared = repo().resolve("../shared/vectors");
        for (String name : sharedNames()) {
            Path p = shared.resolve(name);
            tests.add(DynamicTest.dynamicTest("shared/vectors/" + name, () -> {
                if (!Files.exists(p)) {
                    String why = "SKIPPED: " + p.normalize() + " not found; those shared vectors were not run";
                    System.out.println(why);
                    Assumptions.assumeTrue(false, why);
                }
                runAndAssert(p);
            }));
        }
        return tests.stream();
    }

    private static void runAndAssert(Path p) throws IOException {
        int[] n = {0};
        List<String> failures = runFile(p, n);
        assertTrue(n[0] > 0, p + " has no cases");
        assertTrue(failures.isEmpty(), failures.size() + " of " + n[0] + " failed:\n" + String.join("\n", failures));
        System.out.println("conformance through the Java binding: " + n[0] + " vectors of " + p.normalize());
    }

    @Test
    void theMatchingRuleIsTheReadmes() throws IOException {
        JsonNode a = MAPPER.readTree("{\"ok\": true, \"result\": {\"tier\": \"red\", \"because\": [], \"n\": 2}}");
        assertTrue(contains(a, MAPPER.readTree("{\"result\": {\"tier\": \"red\"}}")));
        assertTrue(contains(a, MAPPER.readTree("{\"result\": {\"n\": 2.0}}")));
        assertFalse(contains(a, MAPPER.readTree("{\"result\": {\"tier\": \"blue\"}}")));
        assertFalse(contains(a, MAPPER.readTree("{\"result\": {\"because\": [1]}}")));
        assertFalse(contains(a, MAPPER.readTree("{\"missing\": null}")));
        assertFalse(contains(MAPPER.readTree("[1, 2]"), MAPPER.readTree("[1]")));
        assertFalse(contains(MAPPER.readTree("true"), MAPPER.readTree("1")));
    }
}
