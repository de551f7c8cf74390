<?php

declare(strict_types=1);

namespace Wangshi\Tests;

use PHPUnit\Framework\TestCase;
use Wangshi\VisitPolicy;
use Wangshi\Wangshi;
use Wangshi\WangshiException;

/** The JSON entry point, results as arrays, errors with code, message and path, code names. */
final class EvaluateTest extends TestCase
{
    public function testEvaluateJsonReturnsTheEnvelopeForGoodAndBadRequests(): void
    {
        $ok = json_decode(Wangshi::evaluateJson('{"op": "tier.suggest", "tags": ["key_petitioner"]}'), true);
        $this->assertTrue($ok['ok']);
        $this->assertSame('red', $ok['result']['tier']);
        $bad = json_decode(Wangshi::evaluateJson('{"op": "visit.teleport"}'), true);
        $this->assertFalse($bad['ok']);
        $this->assertSame('unknown_op', $bad['error']['code']);
        $this->assertSame('invalid_json', json_decode(Wangshi::evaluateJson('{not json'), true)['error']['code']);
    }

    public function testEvaluateReturnsTheResultAsArrays(): void
    {
        $r = Wangshi::evaluate(['op' => 'visit.status', 'as_of' => '2026-11-26', 'residents' => [
            ['id' => 'r3', 'tier' => 'orange', 'tier_since' => '2026-09-01', 'last_visit' => '2026-11-08'],
        ]]);
        $row = $r['results'][0];
        $this->assertSame(['overdue', 'escalation', 2, '2026-11-29'], [$row['state'], $row['alert'], $row['missed_periods'], $row['due']]);
        $this->assertSame('blue', Wangshi::evaluate('{"op": "tier.suggest", "tags": ["elderly_alone"]}')['tier']);
    }

    public function testErrorsCarryTheContractsCodeMessageAndPath(): void
    {
        try {
            Wangshi::evaluate(['op' => 'visit.status', 'as_of' => '2026-02-30', 'residents' => []]);
            $this->fail('no exception');
        } catch (WangshiException $e) {
            $this->assertSame('invalid_date', $e->code());
            $this->assertSame('as_of', $e->path());
            $this->assertNotSame('', $e->message());
            $this->assertStringStartsWith('invalid_date at as_of: ', $e->getMessage());
        }
        foreach ([
            ['{"op": "tier.suggest", "tags": [], "tga": 1}', 'unknown_field', 'tga'],
            ['{"op": "tier.suggest", "tags": [], "tags": []}', 'invalid_json', null],
            ['[]', 'invalid_json', null],
            [['op' => 'tier.suggest'], 'missing_field', 'tags'],
        ] as [$request, $code, $path]) {
            try {
                Wangshi::evaluate($request);
                $this->fail("no exception for " . json_encode($request));
            } catch (WangshiException $e) {
                $this->assertSame([$code, $path], [$e->code(), $e->path()], json_encode($request));
            }
        }
    }

    public function testBytesThatAreNotUtf8AreAnInvalidJsonEnvelope(): void
    {
        foreach (["{\"op\":\"\xff\"}", "{\"op\": \"tier.suggest\", \"tags\": [\"\xe7\xbd\"]}"] as $text) {
            [$status, $json] = Wangshi::evaluateWithStatus($text);
            $env = json_decode($json, false, 512, JSON_THROW_ON_ERROR);
            $this->assertFalse($env->ok);
            $this->assertSame('invalid_json', $env->error->code);
            $this->assertStringContainsString('UTF-8', $env->error->message);
            $this->assertSame(ConformanceTest::statusOf($env), $status);
        }
        try {
            Wangshi::evaluate(['op' => 'tier.suggest', 'tags' => ["\xff"]]);
            $this->fail('no exception');
        } catch (WangshiException $e) {
            $this->assertSame('invalid_value', $e->code());
        }
    }

    public function testHandleConstructorsReportInvalidDataWithAPath(): void
    {
        foreach ([
            ['{"tiers": [{"code": "w", "cadence": "weekly", "reminder_days": 7, "escalate_after_missed": 1}]}', 'invalid_policy', 'tiers[0].reminder_days'],
            ['{"tiers": [], "oops": 1}', 'unknown_field', 'oops'],
            ['{"tiers": ', 'invalid_json', null],
        ] as [$json, $code, $path]) {
            try {
                VisitPolicy::fromJson($json);
                $this->fail("no exception for $json");
            } catch (WangshiException $e) {
                $this->assertSame([$code, $path], [$e->code(), $e->path()], $e->getMessage());
            }
        }
        $p = VisitPolicy::default();
        $this->assertSame(4, $p->tierCount());
        try {
            $p->tierIndex('purple');
            $this->fail('no exception');
        } catch (WangshiException $e) {
            $this->assertSame(['unknown_tier', 'code'], [$e->code(), $e->path()]);
        }
        $p->close();
        $p->close();
        $this->expectException(\LogicException::class);
        $p->tierCount();
    }

    public function testCodeNamesComeFromTheLibrarysVocabularies(): void
    {
        $this->assertSame('overdue', Wangshi::codeName('visit_state', 4));
        $this->assertNull(Wangshi::codeName('alert', 0));
        $this->assertSame('unknown_tier', Wangshi::codeName('error', 7));
        $this->assertSame(Wangshi::ffi()->WS_STATUS_UNKNOWN_TIER - 100, Wangshi::codeValue('error', 'unknown_tier'));
        $this->assertSame(\Wangshi\Abi::WS_FLAG_VIOLENCE, 1 << Wangshi::codeValue('flag', 'violence'));
        $all = Wangshi::vocabularies();
        foreach (['visit_state', 'alert', 'case_class', 'center', 'level', 'flag', 'in_force', 'error'] as $v) {
            $this->assertContains($v, $all);
        }
        foreach ($all as $v) {
            $this->assertNotEmpty(Wangshi::codes($v), $v);
        }
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', Wangshi::version());
        $this->expectException(\InvalidArgumentException::class);
        Wangshi::codes('nope');
    }

    public function testDaysAndDates(): void
    {
        $this->assertSame(20783, Wangshi::day('2026-11-26'));
        $this->assertSame(20783, Wangshi::day(new \DateTimeImmutable('2026-11-26 23:30', new \DateTimeZone('Asia/Shanghai'))));
        $this->assertSame('2026-11-26', Wangshi::date(20783));
        $this->assertSame('1900-01-01', Wangshi::date(Wangshi::day('1900-01-01')));
        $this->assertNull(Wangshi::date(Wangshi::NO_DATE));
        foreach (['2026-02-30', '2026-1-05', 'yesterday'] as $bad) {
            try {
                Wangshi::day($bad);
                $this->fail("no exception for $bad");
            } catch (WangshiException $e) {
                $this->assertSame('invalid_date', $e->code());
            }
        }
    }
}
