package cn.wangshi;

import com.sun.jna.Memory;
import java.util.List;

/**
 * The decisions of {@link CaseRouter#classifyBatch}: one row per case in plain Java arrays (the
 * getters return the batch's own arrays), with per-row accessors that name the codes from the
 * library's vocabularies and the router's departments and rule ids (kept with the batch, so it
 * outlives the router). Not synchronised: share a batch between threads only after it is filled.
 */
public final class ClassifyBatch {
    private static final Codes CLASSES = Codes.of("case_class");
    private static final Codes CENTERS = Codes.of("center");
    private static final Codes LEVELS = Codes.of("level");
    private static final Codes ERRORS = Codes.of("error");

    private final List<String> departments;
    private final List<String> ruleIds;
    final byte[] caseClass, center, level, mediation, immediateReport, error;
    final short[] department;
    final int[] reportWithinMinutes, matchedRules;
    int errorRows;

    ClassifyBatch(int n, List<String> departments, List<String> ruleIds) {
        this.departments = departments;
        this.ruleIds = ruleIds;
        caseClass = new byte[n];
        center = new byte[n];
        level = new byte[n];
        mediation = new byte[n];
        immediateReport = new byte[n];
        error = new byte[n];
        department = new short[n];
        reportWithinMinutes = new int[n];
        matchedRules = new int[n];
    }

    /** Native block of one call: amount, item, reported_on, parties, repeat_count, minutes,
     * matched_rules, flags, department, then the six 1-byte columns. */
    static long bytes(int n) {
        return 42L * n;
    }

    void readFrom(Memory m, int n) {
        m.read(24L * n, reportWithinMinutes, 0, n);
        m.read(28L * n, matchedRules, 0, n);
        m.read(34L * n, department, 0, n);
        m.read(36L * n, caseClass, 0, n);
        m.read(37L * n, center, 0, n);
        m.read(38L * n, level, 0, n);
        m.read(39L * n, mediation, 0, n);
        m.read(40L * n, immediateReport, 0, n);
        m.read(41L * n, error, 0, n);
    }

    /** @return the number of rows */
    public int size() {
        return error.length;
    }

    /** @return the number of rows with an error */
    public int errorRows() {
        return errorRows;
    }

    /** @return row i's error code number, 0 for a classified row */
    public int error(int i) {
        return error[i] & 0xff;
    }

    /** @return row i's error code, such as {@code "item_not_in_force"}, or {@code null} */
    public String errorName(int i) {
        return ERRORS.name(error(i));
    }

    /** @return row i's class number (0 on an error row) */
    public int caseClass(int i) {
        return caseClass[i];
    }

    /** @return row i's class: {@code general}, {@code safety}, {@code complex}; {@code null} on an error row */
    public String caseClassName(int i) {
        return CLASSES.name(caseClass[i]);
    }

    /** @return row i's centre number (0 on an error row) */
    public int center(int i) {
        return center[i];
    }

    /** @return row i's centre: {@code talk}, {@code police_grid}, {@code mediation}; {@code null} on an error row */
    public String centerName(int i) {
        return CENTERS.name(center[i]);
    }

    /** @return row i's level number (0 on an error row) */
    public int level(int i) {
        return level[i];
    }

    /** @return row i's level: {@code grid} or {@code community}; {@code null} on an error row */
    public String levelName(int i) {
        return LEVELS.name(level[i]);
    }

    /** @return row i's department number, 0 without a whistle */
    public int department(int i) {
        return department[i] & 0xffff;
    }

    /** @return the department that reports for duty, such as {@code "fire_rescue"}, or {@code null} */
    public String departmentName(int i) {
        int d = department(i);
        return d < departments.size() ? departments.get(d) : null;
    }

    /** @return the minutes within which the department must report, 0 without a whistle */
    public int reportWithinMinutes(int i) {
        return reportWithinMinutes[i];
    }

    /** @return whether pre-litigation mediation with judicial confirmation applies */
    public boolean mediation(int i) {
        return mediation[i] != 0;
    }

    /** @return whether the case must be reported immediately */
    public boolean immediateReport(int i) {
        return immediateReport[i] != 0;
    }

    /** @return row i's matched rules as bits */
    public int matchedRules(int i) {
        return matchedRules[i];
    }

    /** @return the ids of row i's matched rules, in the order of the rule set */
    public List<String> matchedRuleIds(int i) {
        return CaseRouter.ruleIds(ruleIds, matchedRules[i]);
    }

    /** @return the class column (the batch's own array) */
    public byte[] caseClasses() {
        return caseClass;
    }

    /** @return the centre column */
    public byte[] centers() {
        return center;
    }

    /** @return the level column */
    public byte[] levels() {
        return level;
    }

    /** @return the department column (read unsigned) */
    public short[] departments() {
        return department;
    }

    /** @return the report-within-minutes column */
    public int[] reportWithinMinutesColumn() {
        return reportWithinMinutes;
    }

    /** @return the matched-rules column */
    public int[] matchedRulesColumn() {
        return matchedRules;
    }

    /** @return the mediation column (0 or 1) */
    public byte[] mediations() {
        return mediation;
    }

    /** @return the immediate-report column (0 or 1) */
    public byte[] immediateReports() {
        return immediateReport;
    }

    /** @return the error column (read unsigned) */
    public byte[] errors() {
        return error;
    }
}
