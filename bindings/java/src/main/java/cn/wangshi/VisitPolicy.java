package cn.wangshi;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.time.LocalDate;

/**
 * A validated visit policy (分色管理: colour tiers with their cadences, reminders and
 * escalation), and the columnar visit batch over it.
 *
 * <pre>{@code
 * try (VisitPolicy policy = VisitPolicy.defaultPolicy()) {
 *     byte orange = policy.tierIndex("orange");
 *     VisitBatch b = policy.statusBatch(LocalDate.of(2026, 11, 26),
 *         new byte[] {orange}, new int[] {Wangshi.day(LocalDate.of(2026, 9, 1))},
 *         new int[] {Wangshi.day(LocalDate.of(2026, 11, 8))});
 *     b.stateName(0);   // "overdue"
 * }
 * }</pre>
 *
 * <p>Immutable: any number of threads may run batches on one policy at once. Close it when done
 * (try-with-resources); a closed policy throws {@link IllegalStateException}.
 */
public final class VisitPolicy extends Handle {
    private VisitPolicy(Pointer p) {
        super(p);
    }

    /** @return the built-in policy: green monthly, blue semi-monthly, orange weekly, red daily */
    public static VisitPolicy defaultPolicy() {
        Wangshi.ensureLoaded();
        PointerByReference out = new PointerByReference();
        Wangshi.check(Lib.ws_policy_default(out));
        return new VisitPolicy(out.getValue());
    }

    /**
     * A locality's policy, validated on load.
     *
     * @param json the policy (the shape of the library's {@code visit_policy.json})
     * @return the policy
     * @throws WangshiException {@code invalid_policy} (or {@code invalid_json},
     *     {@code unknown_field}, {@code missing_field}) with the path of the problem
     */
    public static VisitPolicy fromJson(String json) {
        Wangshi.ensureLoaded();
        byte[] b = Wangshi.utf8(json);
        PointerByReference out = new PointerByReference();
        Wangshi.check(Lib.ws_policy_from_json(b, b.length, out));
        return new VisitPolicy(out.getValue());
    }

    @Override
    void free(Pointer p) {
        Lib.ws_policy_free(p);
    }

    /** @return the number of tiers; valid tier indices are 0 .. count - 1, least severe first */
    public int tierCount() {
        Pointer p = acquire();
        try {
            return (int) Lib.ws_policy_tier_count(p);
        } finally {
            release();
        }
    }

    /**
     * @param code a tier code such as {@code "orange"}
     * @return its index, the value of the batch's {@code tier} column (read it unsigned)
     * @throws WangshiException {@code unknown_tier} when the policy has no such tier
     */
    public byte tierIndex(String code) {
        byte[] b = Wangshi.utf8(code);
        byte[] out = new byte[1];
        Pointer p = acquire();
        try {
            Wangshi.check(Lib.ws_policy_tier_index(p, b, b.length, out));
        } finally {
            release();
        }
        return out[0];
    }

    /**
     * The visit status of every resident as of {@code asOf}.
     *
     * @see #statusBatch(int, byte[], int[], int[])
     */
    public VisitBatch statusBatch(LocalDate asOf, byte[] tier, int[] tierSince, int[] lastVisit) {
        return statusBatch(Wangshi.day(asOf), tier, tierSince, lastVisit);
    }

    /**
     * The visit status of every resident as of {@code asOf}, from parallel columns. A bad row
     * gets its own error code ({@link VisitBatch#error(int)}) and every other row is computed.
     *
     * @param asOf the day, days since 1970-01-01 ({@link Wangshi#day})
     * @param tier tier indices ({@link #tierIndex}), read unsigned
     * @param tierSince the day each tier was assigned
     * @param lastVisit each resident's latest visit, or {@link Wangshi#NO_DATE} for never
     * @return the results, one row per resident
     * @throws WangshiException {@code invalid_date} (path {@code as_of}) when {@code asOf} is
     *     outside 1900-2199; {@code invalid_value} when the columns differ in length
     */
    public VisitBatch statusBatch(int asOf, byte[] tier, int[] tierSince, int[] lastVisit) {
        return statusBatch(asOf, tier, tierSince, lastVisit, null);
    }

    /**
     * As {@link #statusBatch(int, byte[], int[], int[])}, writing into {@code reuse} when it has
     * as many rows (no allocation at all in a loop over same-sized batches), else into new
     * results.
     *
     * @param reuse results to overwrite, or {@code null}
     * @return {@code reuse} or new results
     */
    public VisitBatch statusBatch(int asOf, byte[] tier, int[] tierSince, int[] lastVisit, VisitBatch reuse) {
        int n = tier.length;
        if (tierSince.length != n || lastVisit.length != n) {
            throw new WangshiException("invalid_value", "batch columns differ in length: tier " + n
                    + ", tier_since " + tierSince.length + ", last_visit " + lastVisit.length, null);
        }
        VisitBatch out = reuse != null && reuse.size() == n ? reuse : new VisitBatch(n);
        // One native block: tier_since, last_visit, tier | state, alert, error,
        // period_start, period_end, due, days_left, missed_periods.
        try (Scratch s = Scratch.of(Math.max(1, VisitBatch.bytes(n)))) {
            Memory m = s.mem;
            if (n > 0) {
                m.write(0, tierSince, 0, n);
                m.write(4L * n, lastVisit, 0, n);
                m.write(8L * n, tier, 0, n);
            }
            long[] bad = new long[1];
            Pointer p = acquire();
            try {
                Wangshi.check(Lib.ws_visit_status_columns(p, asOf, n,
                        m.share(8L * n), m, m.share(4L * n),
                        m.share(9L * n), m.share(12L * n), m.share(16L * n), m.share(20L * n),
                        m.share(24L * n), m.share(28L * n), m.share(10L * n), m.share(11L * n), bad));
            } finally {
                release();
            }
            out.readFrom(m, n);
            out.errorRows = (int) bad[0];
        }
        return out;
    }
}
