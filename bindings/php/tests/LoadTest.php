<?php

declare(strict_types=1);

namespace Wangshi\Tests;

use PHPUnit\Framework\TestCase;
use Wangshi\Wangshi;

/** Loading in child processes: WANGSHI_LIBRARY, Wangshi::load(), and the one-line failure. */
final class LoadTest extends TestCase
{
    /** @return array{int, string, string} exit status, stdout, stderr */
    private static function probe(array $env, string $code): array
    {
        $script = 'require ' . var_export(__DIR__ . '/bootstrap.php', true) . '; ' . $code;
        $cmd = [PHP_BINARY, '-d', 'ffi.enable=true', '-r', $script];
        $base = ['PATH' => (string) getenv('PATH')];
        $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $base + $env);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        return [proc_close($p), (string) $out, (string) $err];
    }

    private const PRINT = 'try { echo Wangshi\Wangshi::version(), " from ", Wangshi\Wangshi::libraryPath(); }'
        . ' catch (Wangshi\LibraryException $e) { fwrite(STDERR, $e->getMessage()); exit(3); }';

    public function testAMissingLibraryIsOneLineNamingWhereItLooked(): void
    {
        [$status, , $err] = self::probe(['LD_LIBRARY_PATH' => '/nonexistent/wangshi-lib'], self::PRINT);
        $this->assertSame(3, $status, $err);
        $this->assertStringNotContainsString("\n", trim($err));
        $this->assertStringStartsWith('cannot find libwangshi (libwangshi.so): looked in LD_LIBRARY_PATH=/nonexistent/wangshi-lib', $err);
        $this->assertStringContainsString("Wangshi::load(", $err);

        [$status, , $err] = self::probe(['WANGSHI_LIBRARY' => '/nonexistent/libwangshi.so'], self::PRINT);
        $this->assertSame(3, $status, $err);
        $this->assertStringNotContainsString("\n", trim($err));
        $this->assertStringStartsWith('cannot load libwangshi: looked at /nonexistent/libwangshi.so', $err);
    }

    public function testTheLibraryLoadsFromTheEnvironmentTheLoaderPathOrACallersPath(): void
    {
        $file = Wangshi::libraryPath();
        $this->assertFileExists($file);
        [$status, $out, $err] = self::probe(['WANGSHI_LIBRARY' => $file], self::PRINT);
        $this->assertSame([0, Wangshi::version() . " from $file"], [$status, $out], $err);
        [$status, $out, $err] = self::probe(['LD_LIBRARY_PATH' => dirname($file)], self::PRINT);
        $this->assertSame(0, $status, $err);
        [$status, $out, $err] = self::probe([], 'Wangshi\Wangshi::load(' . var_export($file, true) . '); ' . self::PRINT);
        $this->assertSame([0, Wangshi::version() . " from $file"], [$status, $out], $err);
    }
}
