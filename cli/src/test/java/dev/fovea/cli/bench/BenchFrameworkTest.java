package dev.fovea.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BenchFrameworkTest {

    @Test
    void caseNamesAreUniqueAndStartWithTheirSuite() {
        Set<String> seen = new HashSet<>();
        for (BenchSuite suite : BenchRegistry.suites()) {
            for (BenchCase c : suite.cases()) {
                assertTrue(c.name().startsWith(suite.name() + "/"), c.name());
                assertTrue(seen.add(c.name()), "duplicate case " + c.name());
                assertNotNull(c.work());
            }
        }
        assertTrue(seen.containsAll(List.of("sgemm/512", "sgemm/1024", "sgemm/2048")));
    }

    @Test
    void onlySelectsByPrefix() {
        List<BenchCase> one = BenchRegistry.select(List.of("sgemm/1024"));
        assertEquals(List.of("sgemm/1024"), one.stream().map(BenchCase::name).toList());
        assertTrue(BenchRegistry.select(List.of("no-such-case")).isEmpty());
    }

    @Test
    void runnerSetsUpTimesAndTearsDown() {
        AtomicInteger setups = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger teardowns = new AtomicInteger();
        BenchCase c = BenchCase.of("test/spin", BenchCase.Work.items(10, "img"), setups::incrementAndGet,
                () -> {
                    runs.incrementAndGet();
                    long end = System.nanoTime() + 50_000;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                }, teardowns::incrementAndGet, null);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        BenchResult r = new BenchRunner(0, 0, 3, quiet).run(c);
        assertEquals(1, setups.get());
        assertEquals(1, teardowns.get());
        assertTrue(r.runs() >= 3);
        assertTrue(runs.get() >= 2 + r.runs());
        assertTrue(r.bestNanos() >= 50_000 && r.bestNanos() <= r.medianNanos(), r.toString());
        assertEquals("img/s", r.work().rateUnit());
    }

    @Test
    void aFailingCaseIsReportedAndTheOthersStillRun() {
        BenchCase broken = BenchCase.of("test/broken", BenchCase.Work.flops(1), () -> { }, () -> {
            throw new IllegalStateException("boom");
        }, () -> { }, null);
        BenchCase fine = BenchCase.of("test/fine", BenchCase.Work.flops(1), () -> { }, () -> { }, () -> { }, null);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<BenchResult> results = new BenchRunner(0, 0, 2, new PrintStream(log, true, StandardCharsets.UTF_8))
                .runAll(List.of(broken, fine));
        assertEquals(List.of("test/fine"), results.stream().map(BenchResult::name).toList());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("test/broken FAILED"), log.toString());
    }

    @Test
    void reportPrintsTableAndValidLookingJson() {
        BenchResult r = BenchResult.of("sgemm/2", BenchCase.Work.flops(16_000), 5, 1000, 1200)
                .withTorch(2000, 2100, null);
        BenchReport.Context ctx = new BenchReport.Context("simd", 2, "25", null);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        BenchReport.table(ctx, List.of(r), new PrintStream(table, true, StandardCharsets.UTF_8));
        String t = table.toString(StandardCharsets.UTF_8);
        assertTrue(t.contains("sgemm/2") && t.contains("16.0 GFLOP/s") && t.contains("2.00x"), t);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        BenchReport.json(ctx, List.of(r), new PrintStream(json, true, StandardCharsets.UTF_8));
        String j = json.toString(StandardCharsets.UTF_8);
        assertTrue(j.contains("\"name\": \"sgemm/2\"") && j.contains("\"speedup_vs_torch\": 2"), j);
        assertFalse(j.contains("NaN"), j);
    }

    @Test
    void jsonEscapesStrings() {
        assertEquals("{\"a\\\"b\": [1, 2.5, true, null, \"x\\ny\"]}",
                Json.write(Map.of("a\"b", java.util.Arrays.asList(1, 2.5, true, null, "x\ny"))));
    }
}
