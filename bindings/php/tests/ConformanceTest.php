<?php

declare(strict_types=1);

namespace Wangshi\Tests;

use PHPUnit\Framework\TestCase;
use Wangshi\Wangshi;

/**
 * The project's conformance suite through Wangshi::evaluateJson(): every tests/vectors/*.json
 * of the checkout and each shared file tests/shared_vectors.txt lists (from ../shared/vectors,
 * skipped with a message when absent). A case passes when the response contains "expect" and
 * the C status agrees with the envelope.
 */
final class ConformanceTest extends TestCase
{
    public static function repo(): string
    {
        return dirname(__DIR__, 3);
    }

    /** @return list<string> */
    public static function files(): array
    {
        $files = glob(self::repo() . '/tests/vectors/*.json') ?: [];
        sort($files);
        foreach (file(self::repo() . '/tests/shared_vectors.txt', FILE_IGNORE_NEW_LINES) ?: [] as $line) {
            $line = trim($line);
            if ($line !== '' && $line[0] !== '#') {
                $files[] = self::repo() . '/../shared/vectors/' . $line;
            }
        }
        return $files;
    }

    /** @return array<string, array{string}> */
    public static function vectorFiles(): array
    {
        $out = [];
        foreach (self::files() as $f) {
            $out[basename(dirname($f)) . '/' . basename($f)] = [$f];
        }
        return $out;
    }

    /**
     * The matching rule of the shared vectors' README, on values decoded with objects as
     * stdClass (so {} and [] stay apart): an object matches on the keys "expect" names, a list
     * element by element with equal length, anything else by equality (numbers by value, so 2
     * and 2.0 match as in Python).
     */
    public static function contains(mixed $actual, mixed $expect): bool
    {
        if ($expect instanceof \stdClass) {
            if (!$actual instanceof \stdClass) {
                return false;
            }
            foreach (get_object_vars($expect) as $k => $v) {
                if (!property_exists($actual, (string) $k) || !self::contains($actual->{$k}, $v)) {
                    return false;
                }
            }
            return true;
        }
        if (is_array($expect)) {
            if (!is_array($actual) || count($actual) !== count($expect)) {
                return false;
            }
            foreach ($expect as $i => $v) {
                if (!self::contains($actual[$i], $v)) {
                    return false;
                }
            }
            return true;
        }
        if ((is_int($expect) || is_float($expect)) && (is_int($actual) || is_float($actual))) {
            return $expect == $actual;
        }
        return $expect === $actual;
    }

    /** The C status ws_evaluate_json must return for an envelope. */
    public static function statusOf(\stdClass $envelope): int
    {
        if ($envelope->ok === true) {
            return 0;
        }
        $code = $envelope->error->code;
        return $code === 'internal_error'
            ? Wangshi::ffi()->WS_STATUS_PANIC
            : 100 + Wangshi::codeValue('error', $code);
    }

    /** @dataProvider vectorFiles */
    public function testEveryVectorOfTheFile(string $file): void
    {
        if (!is_file($file)) {
            $why = "SKIPPED: $file not found; those shared vectors were not run";
            fwrite(STDOUT, "\n$why\n");
            $this->markTestSkipped($why);
        }
        // Objects as stdClass: re-encoding keeps {} and [] as the file has them.
        $cases = json_decode((string) file_get_contents($file), false, 512, JSON_THROW_ON_ERROR);
        $this->assertNotEmpty($cases, "$file has no cases");
        $failures = [];
        foreach ($cases as $c) {
            $request = json_encode($c->request, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
            [$status, $text] = Wangshi::evaluateWithStatus($request);
            $response = json_decode($text, false, 512, JSON_THROW_ON_ERROR);
            if (!self::contains($response, $c->expect)) {
                $failures[] = "{$c->name}\n  expected ⊇ " . json_encode($c->expect, JSON_UNESCAPED_UNICODE) . "\n  got        $text";
            } elseif ($status !== self::statusOf($response)) {
                $failures[] = "{$c->name}: status $status does not match $text";
            }
        }
        $this->assertSame([], $failures, count($failures) . ' of ' . count($cases) . " failed in $file");
        fwrite(STDOUT, "\nconformance through the PHP binding: " . count($cases) . " vectors of $file\n");
    }
}
