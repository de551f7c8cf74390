<?php

declare(strict_types=1);

namespace Wangshi\Tests;

use PHPUnit\Framework\TestCase;
use Wangshi\VisitPolicy;
use Wangshi\Wangshi;
use Wangshi\WangshiException;

/**
 * The visit batch agrees row for row with the visit.status JSON op on the same residents
 * (valid rows, and bad rows whose codes do not depend on the batch's missing-value rules: an
 * unknown tier, a date outside 1900-2199, tier_since after as_of, a visit after as_of).
 */
final class BatchTest extends TestCase
{
    private const TIERS = ['green', 'blue', 'orange', 'red'];

    public function testVisitBatchAgreesWithTheJsonOpRowForRow(): void
    {
        $policy = VisitPolicy::default();
        mt_srand(7);
        foreach (['2026-11-26', '2027-03-01', '2028-02-29'] as $asOf) {
            $asOfDay = Wangshi::day($asOf);
            $n = 1200;
            $tier = $since = $last = $residents = [];
            for ($i = 0; $i < $n; $i++) {
                $t = self::TIERS[mt_rand(0, 3)];
                $s = $asOfDay - mt_rand(0, 900);
                $k = mt_rand(0, 9);
                $l = $k === 0 ? null : ($k === 1 ? $asOfDay + mt_rand(1, 5) : $s + mt_rand(0, $asOfDay - $s));
                // Codes and date strings in half the rows, indices and day numbers in the rest.
                $tier[] = $i % 2 ? $t : $policy->tierIndex($t);
                $since[] = $i % 2 ? Wangshi::date($s) : $s;
                $last[] = $l === null ? null : ($i % 2 ? Wangshi::date($l) : $l);
                $residents[] = ['id' => "r$i", 'tier' => $t, 'tier_since' => Wangshi::date($s)]
                    + ($l === null ? [] : ['last_visit' => Wangshi::date($l)]);
            }
            $tier[3] = 'purple';
            $residents[3]['tier'] = 'purple';
            $tier[5] = 9;
            $residents[5]['tier'] = 'purple';
            $since[7] = '2200-01-01';
            $last[7] = null;
            $residents[7]['tier_since'] = '2200-01-01';
            unset($residents[7]['last_visit']);
            $since[9] = $asOfDay + 2;
            $last[9] = null;
            $residents[9]['tier_since'] = Wangshi::date($asOfDay + 2);
            unset($residents[9]['last_visit']);

            $b = $policy->statusBatch($tier, $since, $last, $asOf);
            $rows = Wangshi::evaluate(['op' => 'visit.status', 'as_of' => $asOf, 'residents' => $residents])['results'];
            $errors = 0;
            foreach ($rows as $i => $r) {
                if (isset($r['error'])) {
                    $errors++;
                    $this->assertSame($r['error']['code'], $b['error'][$i], "row $i");
                    $this->assertNull($b['state'][$i]);
                    $this->assertSame(Wangshi::NO_DATE, $b['due'][$i]);
                    continue;
                }
                $this->assertNull($b['error'][$i], "row $i");
                $this->assertSame(
                    [$r['state'], $r['alert'], $r['due'], $r['period_start'], $r['period_end'], $r['days_left'], $r['missed_periods']],
                    [$b['state'][$i], $b['alert'][$i], Wangshi::date($b['due'][$i]), Wangshi::date($b['period_start'][$i]),
                        Wangshi::date($b['period_end'][$i]), $b['days_left'][$i], $b['missed_periods'][$i]],
                    "row $i",
                );
            }
            $this->assertSame($errors, $b['error_rows']);
            $this->assertSame(['unknown_tier', 'unknown_tier', 'invalid_date', 'tier_since_after_as_of'],
                [$b['error'][3], $b['error'][5], $b['error'][7], $b['error'][9]]);
            $this->assertGreaterThan(4, $errors);
            $this->assertLessThan($n / 4, $errors);
        }
    }

    public function testVisitBatchRefusesABadDayAMalformedDateAndUnequalColumns(): void
    {
        $policy = VisitPolicy::default();
        foreach ([
            [fn () => $policy->statusBatch([0], [20000], [null], '2200-01-01'), 'invalid_date', 'as_of'],
            [fn () => $policy->statusBatch([0], [20000], [null], '26-11-2026'), 'invalid_date', 'as_of'],
            [fn () => $policy->statusBatch([0, 1], [20000], [null, null], 20783), 'invalid_value', null],
        ] as [$call, $code, $path]) {
            try {
                $call();
                $this->fail("no exception, wanted $code");
            } catch (WangshiException $e) {
                $this->assertSame([$code, $path], [$e->code(), $e->path()], $e->getMessage());
            }
        }
        // A malformed date is its row's invalid_date; the other rows are computed.
        $b = $policy->statusBatch([0, 1, 'red'], ['2026-01-01', '2026-13-01', '2026-11-01'], [null, null, 'Nov 3'], 20783);
        $this->assertSame([null, 'invalid_date', 'invalid_date'], $b['error']);
        $this->assertSame('overdue', $b['state'][0]);
        // A missing tier is missing_field and an unknown one unknown_tier, as in the JSON op.
        $t = $policy->statusBatch([null, 'purple', 'red'], array_fill(0, 3, '2026-01-01'), [null, null, null], 20783);
        $this->assertSame(['missing_field', 'unknown_tier', null], $t['error']);
        $json = Wangshi::evaluate(['op' => 'visit.status', 'as_of' => '2026-11-26', 'residents' => [
            ['id' => 'a', 'tier' => null, 'tier_since' => '2026-01-01'],
            ['id' => 'b', 'tier' => 'purple', 'tier_since' => '2026-01-01'],
        ]]);
        $this->assertSame(['missing_field', 'unknown_tier'], array_map(
            static fn (array $r): string => $r['error']['code'],
            $json['results'],
        ));
        $empty = $policy->statusBatch([], [], [], '2026-11-26');
        $this->assertSame([], $empty['state']);
        $this->assertSame(0, $empty['error_rows']);
    }
}
