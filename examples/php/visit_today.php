<?php
/*
 * Today's visit worklist (分色管理) for a small county, from a CSV of residents, with the PHP
 * binding (Wangshi\): the whole file is evaluated in one columnar batch call, and rows that
 * cannot be evaluated are listed at the end without holding up the others.
 *
 *   php examples/php/visit_today.php                                   # today, the bundled CSV
 *   php examples/php/visit_today.php examples/php/residents.csv 2026-11-26
 *
 * With Composer, require vendor/autoload.php instead of bindings/php/autoload.php. libwangshi is
 * found on the system's library path or through WANGSHI_LIBRARY=/path/to/libwangshi.so.
 * The CSV has a header and one row per resident: id, name, tier (green/blue/orange/red),
 * tier_since, last_visit (empty when never visited), grid, worker.
 */

declare(strict_types=1);

require __DIR__ . '/../../bindings/php/autoload.php';

use Wangshi\VisitPolicy;

$csv = $argv[1] ?? __DIR__ . '/residents.csv';
$asOf = $argv[2] ?? date('Y-m-d');

$in = fopen($csv, 'r') ?: exit("cannot open $csv\n");
$header = fgetcsv($in);
$residents = [];
while (($row = fgetcsv($in)) !== false) {
    $residents[] = array_combine($header, $row);
}
fclose($in);

$policy = VisitPolicy::default();
$status = $policy->statusBatch(
    array_column($residents, 'tier'),
    array_column($residents, 'tier_since'),
    array_map(fn ($r) => $r['last_visit'] === '' ? null : $r['last_visit'], $residents),
    $asOf,
);

printf("Visit worklist for %s - %d residents in %s\n", $asOf, count($residents), basename($csv));
// State by tier, least to most severe.
$byTier = [];
foreach ($residents as $i => $r) {
    if ($status['error'][$i] === null) {
        $byTier[$r['tier']][$status['state'][$i]] = ($byTier[$r['tier']][$status['state'][$i]] ?? 0) + 1;
    }
}
uksort($byTier, fn ($a, $b) => $policy->tierIndex($a) <=> $policy->tierIndex($b));
foreach ($byTier as $tier => $states) {
    ksort($states);
    echo "  $tier: ", http_build_query($states, '', ', '), "\n";
}

// Residents with an alert, most urgent first: alert (escalation > warning > reminder, the
// order of the library's alert vocabulary), then tier (higher indices are more severe), days
// left and id, the order of the visit.worklist op.
$alertRank = array_flip(Wangshi\Wangshi::codes('alert'));
$alerts = array_keys(array_filter($status['alert'], fn ($a) => $a !== null));
usort($alerts, fn ($a, $b) => [$alertRank[$status['alert'][$b]], $policy->tierIndex($residents[$b]['tier']), $status['days_left'][$a], $residents[$a]['id']]
    <=> [$alertRank[$status['alert'][$a]], $policy->tierIndex($residents[$a]['tier']), $status['days_left'][$b], $residents[$b]['id']]);
$byWorker = [];
foreach ($alerts as $i) {
    $byWorker[$residents[$i]['worker']][] = $i;
}
ksort($byWorker);
foreach ($byWorker as $worker => $rows) {
    printf("\nworker %s (%d alerts):\n", $worker, count($rows));
    foreach ($rows as $i) {
        $r = $residents[$i];
        printf("  %-10s %s %s %-6s grid %s  due %s (%+d days), missed %d, last visit %s\n",
            $status['alert'][$i], $r['id'], $r['name'], $r['tier'], $r['grid'], Wangshi\Wangshi::date($status['due'][$i]),
            $status['days_left'][$i], $status['missed_periods'][$i], $r['last_visit'] ?: 'never');
    }
}

$bad = array_keys(array_filter($status['error'], fn ($e) => $e !== null));
if ($bad !== []) {
    printf("\n%d rows could not be evaluated (fix the data):\n", count($bad));
    foreach ($bad as $i) {
        $r = $residents[$i];
        printf("  %s %s: %s (tier %s, tier_since %s, last_visit %s)\n", $r['id'], $r['name'], $status['error'][$i],
            $r['tier'], $r['tier_since'] ?: '-', $r['last_visit'] ?: '-');
    }
}
