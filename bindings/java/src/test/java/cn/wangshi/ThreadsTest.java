package cn.wangshi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several threads share one policy and one router, and call the JSON entry point at once. */
class ThreadsTest {
    @Test
    void threadsSharingOnePolicyAndRouterGetTheSingleThreadedAnswers() throws Exception {
        try (VisitPolicy policy = VisitPolicy.defaultPolicy(); CaseRouter router = CaseRouter.defaultRouter()) {
            LocalDate asOf = LocalDate.of(2026, 11, 26);
            BatchTest.Residents in = new BatchTest.Residents(policy, 42, 20000, asOf);
            VisitBatch want = policy.statusBatch(asOf, in.tier, in.since, in.last);
            int aq01 = router.itemIndex("AQ-01");
            int[] item = new int[5000];
            int[] on = new int[5000];
            short[] flags = new short[5000];
            int[] parties = new int[5000];
            for (int i = 0; i < item.length; i++) {
                item[i] = i % 3 == 0 ? aq01 : router.itemIndex("MD-02");
                on[i] = Wangshi.day(asOf) - i % 1500;
                flags[i] = i % 5 == 0 ? CaseRouter.flags("emergency") : 0;
                parties[i] = 1 + i % 4;
            }
            ClassifyBatch wantCases = router.classifyBatch(item, on, flags, parties, new int[5000], new double[5000]);
            String request = new BatchTest.Residents(policy, 43, 300, asOf).request.toString();
            String wantJson = Wangshi.evaluateJson(request);

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(pool.submit(() -> {
                        for (int round = 0; round < 6; round++) {
                            VisitBatch got = policy.statusBatch(asOf, in.tier, in.since, in.last);
                            assertArrayEquals(want.states(), got.states());
                            assertArrayEquals(want.dues(), got.dues());
                            assertArrayEquals(want.errors(), got.errors());
                            ClassifyBatch c = router.classifyBatch(item, on, flags, parties, new int[5000], new double[5000]);
                            for (int i = 0; i < item.length; i += 97) {
                                assertEquals(wantCases.centerName(i), c.centerName(i));
                                assertEquals(wantCases.matchedRules(i), c.matchedRules(i));
                            }
                            assertEquals(wantJson, Wangshi.evaluateJson(request));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
