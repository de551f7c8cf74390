/*
 * Today's visit worklist (分色管理) for a small county, from a CSV of residents, with the Java
 * binding (cn.wangshi): the whole file is evaluated in one columnar batch call, and rows that
 * cannot be evaluated are listed at the end without holding up the others.
 *
 *   bindings/java/build.sh example                                  # today, the bundled CSV
 *   bindings/java/build.sh example residents.csv 2026-11-26         # a file and a day
 *
 * The CSV has a header and one row per resident: id, name, tier (green/blue/orange/red),
 * tier_since, last_visit (empty when never visited), grid, worker. Java 8 source.
 */
import cn.wangshi.VisitBatch;
import cn.wangshi.VisitPolicy;
import cn.wangshi.Wangshi;
import cn.wangshi.WangshiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class VisitToday {
    private VisitToday() {}

    /** One CSV row. */
    static final class Resident {
        String id, name, tier, grid, worker, lastVisit;
        String problem; // set when the row cannot even be put into the batch
        int row;        // its row in the batch
    }

    public static void main(String[] args) throws IOException {
        String csv = args.length > 0 ? args[0] : "examples/java/residents.csv";
        LocalDate asOf = args.length > 1 ? LocalDate.parse(args[1]) : LocalDate.now();
        List<String> lines = Files.readAllLines(Paths.get(csv), StandardCharsets.UTF_8);
        List<Resident> residents = new ArrayList<>();
        int n = lines.size() - 1;
        byte[] tier = new byte[n];
        int[] tierSince = new int[n];
        int[] lastVisit = new int[n];

        try (VisitPolicy policy = VisitPolicy.defaultPolicy()) {
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",", -1);
                Resident r = new Resident();
                r.id = f[0];
                r.name = f[1];
                r.tier = f[2];
                r.lastVisit = f[4].isEmpty() ? "never" : f[4];
                r.grid = f[5];
                r.worker = f[6];
                r.row = i;
                try {
                    tier[i] = policy.tierIndex(r.tier);
                    tierSince[i] = Wangshi.day(LocalDate.parse(f[3]));
                    lastVisit[i] = f[4].isEmpty() ? Wangshi.NO_DATE : Wangshi.day(LocalDate.parse(f[4]));
                } catch (WangshiException e) {
                    r.problem = e.code() + " (" + r.tier + ")";
                } catch (DateTimeParseException e) {
                    r.problem = "a date is not YYYY-MM-DD: " + e.getParsedString();
                }
                residents.add(r);
            }

            VisitBatch status = policy.statusBatch(asOf, tier, tierSince, lastVisit);

            System.out.println("Visit worklist for " + asOf + " - " + n + " residents in " + csv);
            // State by tier, least to most severe.
            Map<String, Map<String, Integer>> byTier = new TreeMap<>(Comparator.comparingInt(policy::tierIndex));
            for (Resident r : residents) {
                if (r.problem == null && status.error(r.row) == 0) {
                    byTier.computeIfAbsent(r.tier, t -> new TreeMap<>()).merge(status.stateName(r.row), 1, Integer::sum);
                }
            }
            byTier.forEach((t, states) -> System.out.println("  " + t + ": " + states));

            // Residents with an alert, most urgent first: alert (escalation > warning >
            // reminder: higher numbers are more urgent), then tier (higher indices are more
            // severe), days left and id, the order of the visit.worklist op.
            List<Resident> alerts = new ArrayList<>();
            for (Resident r : residents) {
                if (r.problem == null && status.error(r.row) == 0 && status.alert(r.row) != 0) {
                    alerts.add(r);
                }
            }
            alerts.sort(Comparator.<Resident>comparingInt(r -> -status.alert(r.row))
                    .thenComparingInt(r -> -tier[r.row])
                    .thenComparingInt(r -> status.daysLeft(r.row))
                    .thenComparing(r -> r.id));
            Map<String, List<Resident>> byWorker = new TreeMap<>();
            for (Resident r : alerts) {
                byWorker.computeIfAbsent(r.worker, w -> new ArrayList<>()).add(r);
            }
            byWorker.forEach((worker, rows) -> {
                System.out.println("\nworker " + worker + " (" + rows.size() + " alerts):");
                for (Resident r : rows) {
                    int i = r.row;
                    System.out.printf("  %-10s %s %s %-6s grid %s  due %s (%+d days), missed %d, last visit %s%n",
                            status.alertName(i), r.id, r.name, r.tier, r.grid, status.dueDate(i),
                            status.daysLeft(i), status.missedPeriods(i), r.lastVisit);
                }
            });

            List<String> bad = new ArrayList<>();
            for (Resident r : residents) {
                if (r.problem != null) {
                    bad.add(r.id + " " + r.name + ": " + r.problem);
                } else if (status.error(r.row) != 0) {
                    bad.add(r.id + " " + r.name + ": " + status.errorName(r.row));
                }
            }
            if (!bad.isEmpty()) {
                System.out.println("\n" + bad.size() + " rows could not be evaluated (fix the data):");
                bad.forEach(b -> System.out.println("  " + b));
            }
        }
    }
}
