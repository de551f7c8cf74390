package cn.wangshi;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Triage rules compiled against a task catalogue (事件分流), and the columnar classify batch.
 *
 * <pre>{@code
 * try (CaseRouter router = CaseRouter.defaultRouter()) {
 *     ClassifyBatch b = router.classifyBatch(new int[] {router.itemIndex("AQ-01")},
 *         new int[] {Wangshi.day(LocalDate.of(2026, 11, 20))}, new short[] {CaseRouter.flags("emergency")},
 *         new int[] {1}, new int[] {0}, new double[] {0});
 *     b.centerName(0);       // "police_grid"
 *     b.departmentName(0);   // "fire_rescue"
 * }
 * }</pre>
 *
 * <p>Immutable: any number of threads may classify with one router at once. Close it when
 * done; a closed router throws {@link IllegalStateException}.
 */
public final class CaseRouter extends Handle {
    private static final Codes FLAGS = Codes.of("flag");

    private final List<String> departments;
    private final List<String> ruleIds;

    private CaseRouter(Pointer p) {
        super(p);
        List<String> d = new ArrayList<>();
        d.add(null); // 0: no whistle
        WsStr s = new WsStr();
        for (int k = 1; k <= 0xffff && Lib.ws_router_department(p, (short) k, s) == 0; k++) {
            s.read();
            d.add(s.text());
        }
        departments = Collections.unmodifiableList(d);
        List<String> r = new ArrayList<>();
        for (int bit = 0; bit < 32 && Lib.ws_router_rule_id(p, bit, s) == 0; bit++) {
            s.read();
            r.add(s.text());
        }
        ruleIds = Collections.unmodifiableList(r);
    }

    /** @return the router of the built-in rules and the built-in catalogue (13 categories, 57 items) */
    public static CaseRouter defaultRouter() {
        Wangshi.ensureLoaded();
        PointerByReference out = new PointerByReference();
        Wangshi.check(Lib.ws_router_default(out));
        return new CaseRouter(out.getValue());
    }

    /**
     * A locality's rules and catalogue, validated and compiled.
     *
     * @param catalogJson the catalogue (the shape of the library's {@code catalog.json}), or
     *     {@code null} for the built-in one
     * @param rulesJson the rules (the shape of {@code triage_rules.json}), or {@code null} for
     *     the built-in ones
     * @return the router
     * @throws WangshiException {@code invalid_catalog} or {@code invalid_rules} (or
     *     {@code invalid_json}, {@code unknown_field}, {@code missing_field}) with a path
     */
    public static CaseRouter fromJson(String catalogJson, String rulesJson) {
        Wangshi.ensureLoaded();
        PointerByReference catalog = new PointerByReference();
        PointerByReference rules = new PointerByReference();
        try {
            if (catalogJson == null) {
                Wangshi.check(Lib.ws_catalog_default(catalog));
            } else {
                byte[] b = Wangshi.utf8(catalogJson);
                Wangshi.check(Lib.ws_catalog_from_json(b, b.length, catalog));
            }
            if (rulesJson == null) {
                Wangshi.check(Lib.ws_rules_default(rules));
            } else {
                byte[] b = Wangshi.utf8(rulesJson);
                Wangshi.check(Lib.ws_rules_from_json(b, b.length, rules));
            }
            PointerByReference out = new PointerByReference();
            Wangshi.check(Lib.ws_router_new(catalog.getValue(), rules.getValue(), out));
            return new CaseRouter(out.getValue());
        } finally {
            // The router keeps its own copies.
            Lib.ws_catalog_free(catalog.getValue());
            Lib.ws_rules_free(rules.getValue());
        }
    }

    @Override
    void free(Pointer p) {
        Lib.ws_router_free(p);
    }

    /**
     * The flags bitmask of the batch's {@code flags} column, from the library's flag names.
     *
     * @param names flag names such as {@code "emergency"}, {@code "needs_department"}
     * @return their bits
     * @throws IllegalArgumentException for a name that is not a flag
     */
    public static short flags(String... names) {
        int mask = 0;
        for (String name : names) {
            mask |= 1 << FLAGS.value(name);
        }
        return (short) mask;
    }

    /**
     * @param code an item code such as {@code "MD-02"}
     * @return its index in the router's catalogue: the value of the batch's {@code item} column
     * @throws WangshiException {@code unknown_item} when the catalogue has no such item
     */
    public int itemIndex(String code) {
        byte[] b = Wangshi.utf8(code);
        int[] out = new int[1];
        Pointer p = acquire();
        try {
            Wangshi.check(Lib.ws_router_item_index(p, b, b.length, out));
        } finally {
            release();
        }
        return out[0];
    }

    /**
     * @param department a department number of the batch (1, 2, …)
     * @return its name, such as {@code "fire_rescue"}, or {@code null} for 0 (no whistle) or a
     *     number the router does not have
     */
    public String department(int department) {
        return department >= 0 && department < departments.size() ? departments.get(department) : null;
    }

    /**
     * @param mask a {@code matched_rules} value of the batch
     * @return the ids of its rules in bit order, such as {@code [complex.parties, complex.amount]}
     */
    public List<String> ruleIds(int mask) {
        return ruleIds(ruleIds, mask);
    }

    static List<String> ruleIds(List<String> ids, int mask) {
        List<String> out = new ArrayList<>();
        for (int b = 0; b < ids.size(); b++) {
            if ((mask & (1 << b)) != 0) {
                out.add(ids.get(b));
            }
        }
        return out;
    }

    /**
     * Classifies every case of parallel columns. A bad row (unknown item index, item not in force
     * on its day, negative counts, a bad amount or flag bit, a day outside 1900-2199) gets its own
     * error code ({@link ClassifyBatch#error(int)}) and every other row is classified.
     *
     * @param item item indices ({@link #itemIndex})
     * @param reportedOn report days, days since 1970-01-01
     * @param flags flag bits ({@link #flags(String...)})
     * @param parties parties involved
     * @param repeatCount earlier reports of the same matter
     * @param amount yuan at stake
     * @return the decisions, one row per case
     * @throws WangshiException {@code invalid_value} when the columns differ in length
     */
    public ClassifyBatch classifyBatch(int[] item, int[] reportedOn, short[] flags, int[] parties,
            int[] repeatCount, double[] amount) {
        int n = item.length;
        if (reportedOn.length != n || flags.length != n || parties.length != n
                || repeatCount.length != n || amount.length != n) {
            throw new WangshiException("invalid_value", "batch columns differ in length: item " + n
                    + ", reported_on " + reportedOn.length + ", flags " + flags.length + ", parties "
                    + parties.length + ", repeat_count " + repeatCount.length + ", amount "
                    + amount.length, null);
        }
        ClassifyBatch out = new ClassifyBatch(n, departments, ruleIds);
        try (Scratch s = Scratch.of(Math.max(1, ClassifyBatch.bytes(n)))) {
            Memory m = s.mem;
            if (n > 0) {
                m.write(0, amount, 0, n);
                m.write(8L * n, item, 0, n);
                m.write(12L * n, reportedOn, 0, n);
                m.write(16L * n, parties, 0, n);
                m.write(20L * n, repeatCount, 0, n);
                m.write(32L * n, flags, 0, n);
            }
            long[] bad = new long[1];
            Pointer p = acquire();
            try {
                Wangshi.check(Lib.ws_classify_columns(p, n, m.share(8L * n), m.share(12L * n),
                        m.share(32L * n), m.share(16L * n), m.share(20L * n), m,
                        m.share(36L * n), m.share(37L * n), m.share(38L * n), m.share(34L * n),
                        m.share(24L * n), m.share(39L * n), m.share(40L * n), m.share(28L * n),
                        m.share(41L * n), bad));
            } finally {
                release();
            }
            out.readFrom(m, n);
            out.errorRows = (int) bad[0];
        }
        return out;
    }
}
