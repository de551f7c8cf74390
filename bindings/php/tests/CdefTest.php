<?php

declare(strict_types=1);

namespace Wangshi\Tests;

use PHPUnit\Framework\TestCase;

/**
 * src/wangshi.ffi.h and src/Abi.php come from include/wangshi.h (bindings/php/gen-cdef.sh;
 * scripts/test_all.sh checks them for staleness): every function and numeric constant of the
 * header is there, and the cdef has no preprocessor line FFI::cdef() would refuse.
 */
final class CdefTest extends TestCase
{
    public function testTheCdefDeclaresEveryFunctionAndConstantOfTheHeader(): void
    {
        $header = (string) file_get_contents(ConformanceTest::repo() . '/include/wangshi.h');
        $cdef = (string) file_get_contents(dirname(__DIR__) . '/src/wangshi.ffi.h');
        preg_match_all('/^[a-z][^(\n]*?\b(ws_[a-z_]+)\(/m', $header, $m);
        $this->assertGreaterThan(30, count($m[1]));
        foreach ($m[1] as $fn) {
            $this->assertMatchesRegularExpression('/\b' . $fn . '\(/', $cdef, "$fn is not in src/wangshi.ffi.h: run bindings/php/gen-cdef.sh");
        }
        $this->assertDoesNotMatchRegularExpression('/^\s*#/m', $cdef);
        preg_match_all('/^#define (WS_[A-Z0-9_]+) [-0-9( <]+\)?$/m', $header, $c);
        $this->assertNotEmpty($c[1]);
        foreach ($c[1] as $name) {
            $this->assertTrue(defined("\\Wangshi\\Abi::$name"), "$name is not in src/Abi.php");
        }
        $this->assertSame(PHP_INT_SIZE === 8 ? -2147483648 : null, \Wangshi\Abi::WS_NO_DATE);
    }
}
