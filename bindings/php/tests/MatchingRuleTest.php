<?php

declare(strict_types=1);

namespace Wangshi\Tests;

use PHPUnit\Framework\TestCase;

final class MatchingRuleTest extends TestCase
{
    private static function j(string $s): mixed
    {
        return json_decode($s, false, 512, JSON_THROW_ON_ERROR);
    }

    public function testTheMatchingRuleIsTheReadmes(): void
    {
        $a = self::j('{"ok": true, "result": {"tier": "red", "because": [], "n": 2, "o": {}}}');
        $this->assertTrue(ConformanceTest::contains($a, self::j('{"result": {"tier": "red"}}')));
        $this->assertTrue(ConformanceTest::contains($a, self::j('{"result": {"n": 2.0, "o": {}}}')));
        $this->assertFalse(ConformanceTest::contains($a, self::j('{"result": {"tier": "blue"}}')));
        $this->assertFalse(ConformanceTest::contains($a, self::j('{"result": {"because": [1]}}')));
        $this->assertFalse(ConformanceTest::contains($a, self::j('{"result": {"because": {}}}')));
        $this->assertFalse(ConformanceTest::contains($a, self::j('{"missing": null}')));
        $this->assertFalse(ConformanceTest::contains(self::j('[1, 2]'), self::j('[1]')));
        $this->assertFalse(ConformanceTest::contains(self::j('true'), self::j('1')));
    }
}
