package cn.wangshi;

import com.sun.jna.Memory;
import java.time.LocalDate;

/**
 * The results of {@link VisitPolicy#statusBatch}: one row per resident in plain Java arrays
 * (the getters return the batch's own arrays, not copies), with per-row accessors that name
 * the codes from the library's vocabularies.
 *
 * <p>An error row has {@link #error(int)} &ne; 0 (its name, such as {@code unknown_tier}, from
 * {@link #errorName(int)}); its state and alert are 0 and its dates {@link Wangshi#NO_DATE}.
 * Not synchronised: share a batch between threads only after it is filled (as any array).
 */
public final class VisitBatch {
    private static final Codes STATES = Codes.of("visit_state");
    private static final Codes ALERTS = Codes.of("alert");
    private static final Codes ERRORS = Codes.of("error");

    final byte[] state, alert, error;
    final int[] periodStart, periodEnd, due, daysLeft, missedPeriods;
    int errorRows;

    /**
     * Empty results for {@code n} rows, to be filled by {@link VisitPolicy#statusBatch(int, byte[],
     * int[], int[], VisitBatch)} again and again without allocating.
     *
     * @param n the number of rows
     */
    public VisitBatch(int n) {
        state = new byte[n];
        alert = new byte[n];
        error = new byte[n];
        periodStart = new int[n];
        periodEnd = new int[n];
        due = new int[n];
        daysLeft = new int[n];
        missedPeriods = new int[n];
    }

    /** Native block layout of one call: inputs, then outputs (4-byte columns first). */
    static long bytes(int n) {
        return 32L * n;
    }

    /** Copies the outputs the library wrote into {@code m} (layout of VisitPolicy). */
    void readFrom(Memory m, int n) {
        m.read(12L * n, periodStart, 0, n);
        m.read(16L * n, periodEnd, 0, n);
        m.read(20L * n, due, 0, n);
        m.read(24L * n, daysLeft, 0, n);
        m.read(28L * n, missedPeriods, 0, n);
        m.read(9L * n, state, 0, n);
        m.read(10L * n, alert, 0, n);
        m.read(11L * n, error, 0, n);
    }

    /** @return the number of rows */
    public int size() {
        return state.length;
    }

    /** @return the number of rows with an error */
    public int errorRows() {
        return errorRows;
    }

    /** @return row i's state number (1 done, 2 pending, 3 due soon, 4 overdue; 0 on an error row) */
    public int state(int i) {
        return state[i];
    }

    /** @return row i's state, such as {@code "overdue"}, or {@code null} on an error row */
    public String stateName(int i) {
        return STATES.name(state[i]);
    }

    /** @return row i's alert number (0 none, 1 reminder, 2 warning, 3 escalation) */
    public int alert(int i) {
        return alert[i];
    }

    /** @return row i's alert, such as {@code "escalation"}, or {@code null} for none */
    public String alertName(int i) {
        return ALERTS.name(alert[i]);
    }

    /** @return row i's error code number, 0 for a computed row */
    public int error(int i) {
        return error[i] & 0xff;
    }

    /** @return row i's error code, such as {@code "unknown_tier"}, or {@code null} when computed */
    public String errorName(int i) {
        return ERRORS.name(error(i));
    }

    /** @return the first day of row i's current period, or {@link Wangshi#NO_DATE} */
    public int periodStart(int i) {
        return periodStart[i];
    }

    /** @return the last day of row i's current period, or {@link Wangshi#NO_DATE} */
    public int periodEnd(int i) {
        return periodEnd[i];
    }

    /** @return the day by which row i's next visit is due, or {@link Wangshi#NO_DATE} */
    public int due(int i) {
        return due[i];
    }

    /** @return row i's due date, or {@code null} on an error row */
    public LocalDate dueDate(int i) {
        return Wangshi.date(due[i]);
    }

    /** @return due minus as-of in days (negative when a rolling visit is late) */
    public int daysLeft(int i) {
        return daysLeft[i];
    }

    /** @return the required periods that passed without a visit */
    public int missedPeriods(int i) {
        return missedPeriods[i];
    }

    /** @return the state column (the batch's own array) */
    public byte[] states() {
        return state;
    }

    /** @return the alert column */
    public byte[] alerts() {
        return alert;
    }

    /** @return the error column (read unsigned) */
    public byte[] errors() {
        return error;
    }

    /** @return the period-start column */
    public int[] periodStarts() {
        return periodStart;
    }

    /** @return the period-end column */
    public int[] periodEnds() {
        return periodEnd;
    }

    /** @return the due column */
    public int[] dues() {
        return due;
    }

    /** @return the days-left column */
    public int[] daysLefts() {
        return daysLeft;
    }

    /** @return the missed-periods column */
    public int[] missedPeriodsColumn() {
        return missedPeriods;
    }
}
