<?php
/*
 * What the PHP binding costs over the C call, for one visit batch of N residents (default
 * 1 000 000, default policy): medians of interleaved rounds in one run of
 *   1. the C call: ws_visit_status_columns through FFI on columns already in native memory;
 *   2. VisitPolicy::statusBatch from PHP lists of tier indices and day numbers (packed into
 *      native memory, results unpacked into PHP lists, names looked up);
 *   3. the same from tier codes and "YYYY-MM-DD" strings.
 *
 *   WANGSHI_LIBRARY=target/release/libwangshi.so php bindings/php/bench/visit_batch_bench.php [N] [ROUNDS]
 */

declare(strict_types=1);

require __DIR__ . '/../autoload.php';

use Wangshi\VisitPolicy;
use Wangshi\Wangshi;

ini_set('memory_limit', '4G');
$n = (int) ($argv[1] ?? 1_000_000);
$rounds = (int) ($argv[2] ?? 5);
$policy = VisitPolicy::default();
$codes = ['green', 'blue', 'orange', 'red'];
mt_srand(2026);
$asOf = Wangshi::day('2026-11-26');
$tier = $since = $last = $tierCode = $sinceText = $lastText = [];
for ($i = 0; $i < $n; $i++) {
    $t = mt_rand(0, 99);
    $t = $t < 85 ? 0 : ($t < 95 ? 1 : ($t < 99 ? 2 : 3));
    $s = $asOf - mt_rand(0, 729);
    $l = mt_rand(0, 9) === 0 ? null : $s + mt_rand(0, $asOf - $s);
    $tier[] = $t;
    $since[] = $s;
    $last[] = $l;
    $tierCode[] = $codes[$t];
    $sinceText[] = Wangshi::date($s);
    $lastText[] = $l === null ? null : Wangshi::date($l);
}

// The C baseline's native columns, filled once.
$ffi = Wangshi::ffi();
$block = $ffi->new('uint8_t[' . 32 * $n . ']');
FFI::memcpy($block, pack('l*', ...$since), 4 * $n);
FFI::memcpy(FFI::addr($block[4 * $n]), pack('l*', ...array_map(fn ($d) => $d ?? Wangshi::NO_DATE, $last)), 4 * $n);
FFI::memcpy(FFI::addr($block[8 * $n]), pack('C*', ...$tier), $n);
$at = fn (int $off, string $t) => $ffi->cast("$t*", FFI::addr($block[$off]));
$raw = (new ReflectionProperty(VisitPolicy::class, 'ptr'))->getValue($policy);
$bad = $ffi->new('size_t');

$variants = [
    'C call (ws_visit_status_columns via FFI)' => fn () => Wangshi::check($ffi->ws_visit_status_columns(
        $raw, $asOf, $n, $at(8 * $n, 'uint8_t'), $at(0, 'int32_t'), $at(4 * $n, 'int32_t'), $at(9 * $n, 'uint8_t'),
        $at(12 * $n, 'int32_t'), $at(16 * $n, 'int32_t'), $at(20 * $n, 'int32_t'), $at(24 * $n, 'int32_t'),
        $at(28 * $n, 'uint32_t'), $at(10 * $n, 'uint8_t'), $at(11 * $n, 'uint8_t'), FFI::addr($bad))),
    'statusBatch (indices, day numbers)' => fn () => $policy->statusBatch($tier, $since, $last, $asOf),
    'statusBatch (codes, YYYY-MM-DD strings)' => fn () => $policy->statusBatch($tierCode, $sinceText, $lastText, $asOf),
];
// Same answers before timing.
$a = $variants['statusBatch (indices, day numbers)']();
$b = $variants['statusBatch (codes, YYYY-MM-DD strings)']();
$variants['C call (ws_visit_status_columns via FFI)']();
if ($a !== $b || $a['due'][$n - 1] !== FFI::cast('int32_t*', FFI::addr($block[20 * $n]))[$n - 1]) {
    exit("the variants differ\n");
}
unset($a, $b);
$ms = [];
for ($r = 0; $r < $rounds; $r++) {
    foreach ($variants as $name => $f) {
        $t0 = hrtime(true);
        $out = $f();
        $ms[$name][] = (hrtime(true) - $t0) / 1e6;
        unset($out);
    }
}
$median = function (array $xs): float {
    sort($xs);
    $k = count($xs);
    return $k % 2 ? $xs[intdiv($k, 2)] : ($xs[$k / 2 - 1] + $xs[$k / 2]) / 2;
};
$base = $median($ms['C call (ws_visit_status_columns via FFI)']);
printf("visit batch, %s residents, default policy, PHP %s, median of %d interleaved rounds\n", number_format($n), PHP_VERSION, $rounds);
printf("%-44s %10s %10s\n", 'variant', 'ms', 'x C call');
foreach ($ms as $name => $xs) {
    printf("%-44s %10.1f %10.1f\n", $name, $median($xs), $median($xs) / $base);
}
