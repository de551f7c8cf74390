<?php

declare(strict_types=1);

namespace Wangshi;

use FFI;
use FFI\CData;

/**
 * A validated visit policy (分色管理: colour tiers with their cadences, reminders and
 * escalation) and the columnar visit batch over it.
 *
 *     $policy = VisitPolicy::default();
 *     $status = $policy->statusBatch(['orange', 'red'], ['2026-09-01', '2026-11-20'],
 *                                    ['2026-11-08', null], '2026-11-26');
 *     $status['state'];   // ['overdue', 'overdue']
 *
 * Immutable; freed when the object goes away (or by close(); later calls then fail with a
 * LogicException).
 */
final class VisitPolicy
{
    private ?CData $ptr;
    /** @var array<string, int> */
    private array $tierIndex = [];

    private function __construct(CData $ptr)
    {
        $this->ptr = $ptr;
    }

    /** The built-in policy: green monthly, blue semi-monthly, orange weekly, red daily. */
    public static function default(): self
    {
        $ffi = Wangshi::ffi();
        $out = $ffi->new('ws_policy*');
        Wangshi::check($ffi->ws_policy_default(FFI::addr($out)));
        return new self($out);
    }

    /**
     * A locality's policy (the shape of the library's visit_policy.json), validated on load.
     *
     * @throws WangshiException invalid_policy (or invalid_json, unknown_field, missing_field)
     *     with the path of the problem
     */
    public static function fromJson(string $json): self
    {
        $ffi = Wangshi::ffi();
        $out = $ffi->new('ws_policy*');
        Wangshi::check($ffi->ws_policy_from_json($json, strlen($json), FFI::addr($out)));
        return new self($out);
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Frees the policy now; later calls fail. Closing twice does nothing. */
    public function close(): void
    {
        if ($this->ptr !== null) {
            Wangshi::ffi()->ws_policy_free($this->ptr);
            $this->ptr = null;
        }
    }

    private function ptr(): CData
    {
        return $this->ptr ?? throw new \LogicException('the VisitPolicy is closed');
    }

    /** The number of tiers: valid tier indices are 0 .. count - 1, least severe first. */
    public function tierCount(): int
    {
        return Wangshi::ffi()->ws_policy_tier_count($this->ptr());
    }

    /**
     * The index of a tier code such as "orange", the value of the batch's tier column.
     *
     * @throws WangshiException unknown_tier when the policy has no such tier
     */
    public function tierIndex(string $code): int
    {
        $ffi = Wangshi::ffi();
        $out = $ffi->new('uint8_t');
        Wangshi::check($ffi->ws_policy_tier_index($this->ptr(), $code, strlen($code), FFI::addr($out)));
        return $out->cdata;
    }

    /**
     * The visit status of every resident as of $asOf, from parallel columns (lists of equal
     * length). A bad row gets its own error code in the "error" column and every other row is
     * computed.
     *
     * @param list<int|string|null> $tier tier codes ("orange") or indices (tierIndex()); a code
     *     the policy does not have is that row's unknown_tier, null its missing_field
     * @param list<int|string|\DateTimeInterface|null> $tierSince the day each tier was
     *     assigned: "YYYY-MM-DD", a DateTimeInterface, or a day number (days since 1970-01-01);
     *     null (Wangshi::NO_DATE) is a missing date, which the library reports for that row
     * @param list<int|string|\DateTimeInterface|null> $lastVisit each resident's latest visit,
     *     null (or Wangshi::NO_DATE) when never visited
     * @param int|string|\DateTimeInterface $asOf the day
     * @return array{state: list<?string>, alert: list<?string>, error: list<?string>,
     *     period_start: list<int>, period_end: list<int>, due: list<int>, days_left: list<int>,
     *     missed_periods: list<int>, error_rows: int} the columns, in input order: state and
     *     alert names (null for no alert and on error rows), error codes (null for a computed
     *     row), days since 1970-01-01 (Wangshi::NO_DATE for none; Wangshi::date() formats them)
     * @throws WangshiException invalid_date (path as_of) when $asOf is outside 1900-2199 or not a
     *     date; invalid_value when the columns differ in length. A row's date that is not
     *     YYYY-MM-DD is that row's invalid_date.
     */
    public function statusBatch(array $tier, array $tierSince, array $lastVisit, int|string|\DateTimeInterface $asOf): array
    {
        $n = count($tier);
        if (count($tierSince) !== $n || count($lastVisit) !== $n) {
            throw new WangshiException('invalid_value', "batch columns differ in length: tier $n, tier_since "
                . count($tierSince) . ', last_visit ' . count($lastVisit));
        }
        $ffi = Wangshi::ffi();
        $asOfDay = is_int($asOf) ? $asOf : self::dayAt($asOf, 'as_of');
        $tiers = [];
        foreach ($tier as $t) {
            $tiers[] = is_int($t) ? $t
                : ($t === null ? Abi::WS_NO_TIER : ($this->tierIndex[$t] ??= $this->indexOrUnknown($t)));
        }
        // Date strings are parsed once per distinct value.
        $days = [];
        $since = [];
        foreach ($tierSince as $d) {
            $since[] = is_int($d) ? $d : ($d === null ? Wangshi::NO_DATE
                : (is_string($d) ? ($days[$d] ??= self::rowDay($d)) : self::rowDay($d)));
        }
        $last = [];
        foreach ($lastVisit as $d) {
            $last[] = is_int($d) ? $d : ($d === null ? Wangshi::NO_DATE
                : (is_string($d) ? ($days[$d] ??= self::rowDay($d)) : self::rowDay($d)));
        }

        // One native block: tier_since, last_visit, tier | state, alert, error,
        // period_start, period_end, due, days_left, missed_periods.
        $block = $ffi->new('uint8_t[' . max(1, 32 * $n) . ']');
        if ($n > 0) {
            FFI::memcpy($block, pack('l*', ...$since), 4 * $n);
            FFI::memcpy(self::at($ffi, $block, 4 * $n, 'uint8_t'), pack('l*', ...$last), 4 * $n);
            FFI::memcpy(self::at($ffi, $block, 8 * $n, 'uint8_t'), pack('C*', ...$tiers), $n);
        }
        $bad = $ffi->new('size_t');
        Wangshi::check($ffi->ws_visit_status_columns(
            $this->ptr(),
            $asOfDay,
            $n,
            self::at($ffi, $block, 8 * $n, 'uint8_t'),
            self::at($ffi, $block, 0, 'int32_t'),
            self::at($ffi, $block, 4 * $n, 'int32_t'),
            self::at($ffi, $block, 9 * $n, 'uint8_t'),
            self::at($ffi, $block, 12 * $n, 'int32_t'),
            self::at($ffi, $block, 16 * $n, 'int32_t'),
            self::at($ffi, $block, 20 * $n, 'int32_t'),
            self::at($ffi, $block, 24 * $n, 'int32_t'),
            self::at($ffi, $block, 28 * $n, 'uint32_t'),
            self::at($ffi, $block, 10 * $n, 'uint8_t'),
            self::at($ffi, $block, 11 * $n, 'uint8_t'),
            FFI::addr($bad),
        ));
        $raw = $n > 0 ? FFI::string($block, 32 * $n) : '';
        $ints = static fn (int $off, string $f): array => $n > 0 ? array_values(unpack("@$off/$f$n", $raw)) : [];
        $bytes = static fn (int $off): string => substr($raw, $off, $n);
        return [
            'state' => self::names(Wangshi::codes('visit_state'), $bytes(9 * $n)),
            'alert' => self::names(Wangshi::codes('alert'), $bytes(10 * $n)),
            'error' => self::names(Wangshi::codes('error'), $bytes(11 * $n)),
            'period_start' => $ints(12 * $n, 'l'),
            'period_end' => $ints(16 * $n, 'l'),
            'due' => $ints(20 * $n, 'l'),
            'days_left' => $ints(24 * $n, 'l'),
            'missed_periods' => $ints(28 * $n, 'L'),
            'error_rows' => (int) $bad->cdata,
        ];
    }

    /** The tier index of a code, or the library's WS_UNKNOWN_TIER (the row's unknown_tier). */
    private function indexOrUnknown(string $code): int
    {
        try {
            return $this->tierIndex($code);
        } catch (WangshiException $e) {
            if ($e->code() !== 'unknown_tier') {
                throw $e;
            }
            return Abi::WS_UNKNOWN_TIER;
        }
    }

    /**
     * A row's day number; for a string that is not a date, the library's WS_NOT_A_DATE, which
     * it reports as that row's invalid_date.
     */
    private static function rowDay(string|\DateTimeInterface $d): int
    {
        try {
            return Wangshi::day($d);
        } catch (WangshiException) {
            return Abi::WS_NOT_A_DATE;
        }
    }

    private static function dayAt(string|\DateTimeInterface $d, string $path): int
    {
        try {
            return Wangshi::day($d);
        } catch (WangshiException $e) {
            throw new WangshiException($e->code(), $e->message(), $path);
        }
    }

    /** A typed pointer $offset bytes into a block. */
    private static function at(FFI $ffi, CData $block, int $offset, string $type): CData
    {
        return $ffi->cast("$type*", FFI::addr($block[$offset]));
    }

    /**
     * The names of a column of one-byte code numbers (null for a number without a code).
     *
     * @param array<int, string> $table
     * @return list<?string>
     */
    private static function names(array $table, string $column): array
    {
        if ($column === '') {
            return [];
        }
        $byByte = [];
        foreach ($table as $v => $name) {
            $byByte[chr($v)] = $name;
        }
        $out = [];
        foreach (str_split($column) as $b) {
            $out[] = $byByte[$b] ?? null;
        }
        return $out;
    }
}
