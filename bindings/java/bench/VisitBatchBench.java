package cn.wangshi;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What the Java binding costs over the C call, for one batch of N residents (default 1 000 000,
 * default policy): medians of interleaved rounds in one run of
 *
 * <ol>
 *   <li>C ABI, columns: {@code ws_visit_status_columns} on columns already in native memory
 *       (one JNA call, nothing copied: the C call itself);
 *   <li>C ABI, structs: {@code ws_visit_status_batch} on a {@code ws_resident[]} already in
 *       native memory (the struct layout is written out here, for the benchmark only);
 *   <li>Java: {@link VisitPolicy#statusBatch} from {@code byte[]}/{@code int[]} columns to new
 *       result arrays (columns copied into the thread's native block and the results out);
 *   <li>Java, reused results: the same into one {@link VisitBatch} passed back each time.
 * </ol>
 *
 * Run with {@code bindings/java/build.sh bench [N] [ROUNDS]} after {@code cargo build --release -p
 * wangshi-ffi}. Every variant's results are checked against the first before timing.
 */
public final class VisitBatchBench {
    private VisitBatchBench() {}

    /** The struct batch, bound for this benchmark only. */
    static final class StructLib {
        static native int ws_visit_status_batch(Pointer policy, Pointer rows, long n, int asOf, Pointer out);
    }

    static final int RESIDENT = 12, RESULT = 28; // sizeof(ws_resident), sizeof(ws_visit_result) on x86-64

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Wangshi.ensureLoaded();
        Native.register(StructLib.class, NativeLibrary.getInstance(Wangshi.libraryPath()));

        SplittableRandom g = new SplittableRandom(2026);
        int asOf = Wangshi.day(java.time.LocalDate.of(2026, 11, 26));
        byte[] tier = new byte[n];
        int[] since = new int[n];
        int[] last = new int[n];
        for (int i = 0; i < n; i++) {
            int t = g.nextInt(100);
            tier[i] = (byte) (t < 85 ? 0 : t < 95 ? 1 : t < 99 ? 2 : 3);
            since[i] = asOf - g.nextInt(730);
            last[i] = g.nextInt(10) == 0 ? Wangshi.NO_DATE : since[i] + g.nextInt(asOf - since[i] + 1);
        }

        try (VisitPolicy policy = VisitPolicy.defaultPolicy()) {
            // Native inputs and outputs for the two C baselines, prepared once.
            Memory colsIn = new Memory(9L * n);
            colsIn.write(0, since, 0, n);
            colsIn.write(4L * n, last, 0, n);
            colsIn.write(8L * n, tier, 0, n);
            Memory colsOut = new Memory(23L * n);
            Memory rows = new Memory((long) RESIDENT * n);
            for (int i = 0; i < n; i++) {
                rows.setByte((long) RESIDENT * i, tier[i]);
                rows.setInt((long) RESIDENT * i + 4, since[i]);
                rows.setInt((long) RESIDENT * i + 8, last[i]);
            }
            Memory results = new Memory((long) RESULT * n);
            Pointer p = policy.acquire();
            policy.release();

            Runnable cColumns = () -> {
                long[] bad = new long[1];
                Wangshi.check(Lib.ws_visit_status_columns(p, asOf, n, colsIn.share(8L * n), colsIn,
                        colsIn.share(4L * n), colsOut.share(20L * n), colsOut, colsOut.share(4L * n),
                        colsOut.share(8L * n), colsOut.share(12L * n), colsOut.share(16L * n),
                        colsOut.share(21L * n), colsOut.share(22L * n), bad));
            };
            Runnable cStructs = () -> Wangshi.check(StructLib.ws_visit_status_batch(p, rows, n, asOf, results));
            VisitBatch[] keep = new VisitBatch[1];
            Runnable java = () -> keep[0] = policy.statusBatch(asOf, tier, since, last);
            VisitBatch reused = new VisitBatch(n);
            Runnable javaReused = () -> policy.statusBatch(asOf, tier, since, last, reused);

            // Same answers before timing.
            cColumns.run();
            cStructs.run();
            java.run();
            javaReused.run();
            int[] due = reused.dues();
            for (int i = 0; i < n; i++) {
                if (colsOut.getInt(8L * n + 4L * i) != keep[0].due(i)
                        || results.getInt((long) RESULT * i + 16) != due[i]
                        || colsOut.getByte(20L * n + i) != keep[0].state(i)
                        || results.getByte((long) RESULT * i + 4) != keep[0].state(i)) {
                    throw new AssertionError("row " + i + " differs between the variants");
                }
            }

            String[] names = {"C ABI, columns (ws_visit_status_columns)", "C ABI, structs (ws_visit_status_batch)",
                "Java statusBatch (new result arrays)", "Java statusBatch (results reused)"};
            Runnable[] variants = {cColumns, cStructs, java, javaReused};
            double[][] ms = new double[variants.length][rounds];
            for (int w = 0; w < 3; w++) {
                for (Runnable v : variants) {
                    v.run();
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int v = 0; v < variants.length; v++) {
                    long t0 = System.nanoTime();
                    variants[v].run();
                    ms[v][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double base = median(ms[0]);
            double structs = median(ms[1]);
            System.out.printf("visit batch, %,d residents, default policy, median of %d interleaved rounds%n", n, rounds);
            System.out.printf("%-46s %9s %14s %14s%n", "variant", "ms", "x C columns", "x C structs");
            for (int v = 0; v < variants.length; v++) {
                double m = median(ms[v]);
                System.out.printf("%-46s %9.2f %14.2f %14.2f%n", names[v], m, m / base, m / structs);
            }
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
