<?php

declare(strict_types=1);

namespace Wangshi;

use FFI;

/**
 * wangshi (网事) from PHP: the JSON entry point, the names of the library's codes, and the
 * loading of libwangshi through PHP's FFI. The visit batch is VisitPolicy::statusBatch().
 *
 *     $result = Wangshi::evaluate(['op' => 'tier.suggest', 'tags' => ['key_petitioner']]);
 *     $result['tier'];                               // "red"; a bad request throws WangshiException
 *     Wangshi::evaluateJson('{"op": "visit.teleport"}');   // the error envelope, never throws
 *
 * libwangshi is loaded on first use from the file named by the environment variable
 * WANGSHI_LIBRARY when it is set, else by name (libwangshi.so) from the system's library path
 * (LD_LIBRARY_PATH, the ld.so cache, /usr/lib …: where scripts/install.sh puts it); call
 * Wangshi::load('/path/to/libwangshi.so') first to name the file yourself.
 */
final class Wangshi
{
    /** "No date" in day-number columns: a resident never visited, rolling periods, error rows. */
    public const NO_DATE = Abi::WS_NO_DATE;

    private static ?FFI $ffi = null;
    private static ?string $from = null;
    /** @var array<string, array<int, string>> */
    private static array $codes = [];

    /**
     * Loads libwangshi from $path (a file such as /opt/wangshi/lib/libwangshi.so). Call it
     * before any other use; loading the same path again does nothing.
     *
     * @throws LibraryException when it cannot be loaded or another copy is loaded already
     */
    public static function load(string $path): void
    {
        if (self::$ffi !== null) {
            if (self::$from === $path) {
                return;
            }
            throw new LibraryException('libwangshi is already loaded from ' . self::$from . "; cannot load $path");
        }
        try {
            self::bind($path);
        } catch (FFI\Exception $e) {
            throw new LibraryException("cannot load libwangshi: looked at $path (" . self::firstLine($e) . ')', 0, $e);
        }
    }

    /** The FFI handle of the library, loading it the default way first if needed. */
    public static function ffi(): FFI
    {
        if (self::$ffi === null) {
            $explicit = getenv('WANGSHI_LIBRARY');
            if (is_string($explicit) && $explicit !== '') {
                self::load($explicit);
            } else {
                try {
                    self::bind('libwangshi.so');
                } catch (FFI\Exception $e) {
                    $ld = getenv('LD_LIBRARY_PATH');
                    throw new LibraryException(
                        'cannot find libwangshi (libwangshi.so): looked in LD_LIBRARY_PATH='
                        . (is_string($ld) && $ld !== '' ? $ld : '(unset)')
                        . ', the ld.so cache and the system library directories, and WANGSHI_LIBRARY (unset);'
                        . ' install it with scripts/install.sh PREFIX, set WANGSHI_LIBRARY=/path/to/libwangshi.so'
                        . " or call Wangshi::load('/path/to/libwangshi.so') [" . self::firstLine($e) . ']',
                        0,
                        $e,
                    );
                }
            }
        }
        return self::$ffi;
    }

    private static function bind(string $library): void
    {
        $ffi = FFI::cdef((string) file_get_contents(__DIR__ . '/wangshi.ffi.h'), $library);
        self::$ffi = $ffi;
        self::$from = $library;
    }

    private static function firstLine(\Throwable $e): string
    {
        return trim(strtok($e->getMessage(), "\n") ?: '');
    }

    /** Where libwangshi was loaded from (a path, or the name the dynamic loader resolved). */
    public static function libraryPath(): string
    {
        self::ffi();
        return (string) self::$from;
    }

    /** The version of the loaded library, such as "0.1.0". */
    public static function version(): string
    {
        return (string) self::ffi()->ws_version();
    }

    /**
     * Evaluates one JSON request ({"op": "...", ...}) and returns the response envelope,
     * {"ok": true, "result": {...}} or {"ok": false, "error": {"code", "message", "path"}}: a bad
     * request is an envelope, not an exception (text that is not UTF-8 too: invalid_json).
     */
    public static function evaluateJson(string $request): string
    {
        return self::evaluateWithStatus($request)[1];
    }

    /**
     * The C status and the response envelope of one request.
     *
     * @return array{int, string}
     * @internal
     */
    public static function evaluateWithStatus(string $request): array
    {
        $ffi = self::ffi();
        $out = $ffi->new('char*');
        $status = $ffi->ws_evaluate_json($request, strlen($request), FFI::addr($out));
        if (FFI::isNull($out)) {
            if ($status === self::status('INVALID_UTF8')) {
                // Bytes that are not UTF-8: the same envelope as every other layer gives.
                $envelope = ['error' => ['code' => 'invalid_json',
                    'message' => 'the request is not valid UTF-8: ' . self::lastError()], 'ok' => false];
                return [100 + self::codeValue('error', 'invalid_json'), json_encode($envelope, JSON_THROW_ON_ERROR)];
            }
            throw self::statusError($status);
        }
        try {
            return [$status, FFI::string($out)];
        } finally {
            $ffi->ws_string_free($out);
        }
    }

    /**
     * Evaluates a request and returns its "result" as arrays, or throws the envelope's error.
     *
     * @param array<string, mixed>|object|string $request the request: an array (encoded with
     *     json_encode; write an empty JSON object as new \stdClass, not []), or JSON text
     * @return array<string, mixed> the response's "result"
     * @throws WangshiException with the contract's code, message and path when the request fails
     */
    public static function evaluate(array|object|string $request): array
    {
        if (!is_string($request)) {
            try {
                $request = json_encode($request, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
            } catch (\JsonException $e) {
                throw new WangshiException('invalid_value', 'the request cannot be written as JSON: ' . $e->getMessage());
            }
        }
        /** @var array{ok: bool, result?: array<string, mixed>, error?: array{code: string, message: string, path?: string}} $envelope */
        $envelope = json_decode(self::evaluateJson($request), true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
        if ($envelope['ok'] === true) {
            return $envelope['result'] ?? [];
        }
        $e = $envelope['error'] ?? ['code' => 'internal_error', 'message' => 'no error in the envelope'];
        throw new WangshiException($e['code'], $e['message'], $e['path'] ?? null);
    }

    /**
     * The codes of one of the library's vocabularies, by number: codes('alert') is
     * [1 => 'reminder', 2 => 'warning', 3 => 'escalation']. Read once through ws_code_str, so a
     * vocabulary the library adds is here without a change to the binding.
     *
     * @return array<int, string>
     * @throws \InvalidArgumentException when the library has no such vocabulary
     */
    public static function codes(string $vocabulary): array
    {
        if (!isset(self::$codes[$vocabulary])) {
            $ffi = self::ffi();
            $end = $ffi->ws_code_end($vocabulary);
            if ($end === 0) {
                throw new \InvalidArgumentException("the library has no vocabulary named $vocabulary");
            }
            $names = [];
            for ($v = 0; $v < $end; $v++) {
                $name = $ffi->ws_code_str($vocabulary, $v);
                if ($name !== null) {
                    $names[$v] = (string) $name;
                }
            }
            self::$codes[$vocabulary] = $names;
        }
        return self::$codes[$vocabulary];
    }

    /**
     * The name of a code number the library returns: codeName('visit_state', 4) is "overdue",
     * codeName('error', 7) is "unknown_tier"; null for a number without a code (0: no alert).
     */
    public static function codeName(string $vocabulary, int $value): ?string
    {
        return self::codes($vocabulary)[$value] ?? null;
    }

    /**
     * The number of a code: codeValue('flag', 'violence') is bit 1.
     *
     * @throws \InvalidArgumentException when the code is not in the vocabulary
     */
    public static function codeValue(string $vocabulary, string $code): int
    {
        $v = array_search($code, self::codes($vocabulary), true);
        if ($v === false) {
            throw new \InvalidArgumentException("$code is not a code of $vocabulary");
        }
        return $v;
    }

    /**
     * The names of every vocabulary of the library, in its order.
     *
     * @return list<string>
     */
    public static function vocabularies(): array
    {
        $ffi = self::ffi();
        $all = [];
        for ($i = 0; ($name = $ffi->ws_vocabulary_name($i)) !== null; $i++) {
            $all[] = (string) $name;
        }
        return $all;
    }

    /**
     * The day number (days since 1970-01-01) of a date, for the batch columns.
     *
     * @throws WangshiException invalid_date when a string is not a date of the form YYYY-MM-DD
     */
    public static function day(string|\DateTimeInterface $date): int
    {
        if ($date instanceof \DateTimeInterface) {
            $date = $date->format('Y-m-d');
        }
        if (preg_match('/^(\d{4})-(\d{2})-(\d{2})$/', $date, $m) !== 1
            || !checkdate((int) $m[2], (int) $m[3], (int) $m[1])) {
            throw new WangshiException('invalid_date', "\"$date\" is not a date of the form YYYY-MM-DD");
        }
        $d = new \DateTimeImmutable($date . 'T00:00:00', new \DateTimeZone('UTC'));
        return intdiv($d->getTimestamp(), 86400);
    }

    /** The date ("YYYY-MM-DD") of a day number, or null for NO_DATE. */
    public static function date(int $day): ?string
    {
        if ($day === self::NO_DATE) {
            return null;
        }
        return gmdate('Y-m-d', $day * 86400);
    }

    /** The number of the status WS_STATUS_<NAME> of the header's ws_status. */
    private static function status(string $name): int
    {
        return self::ffi()->{'WS_STATUS_' . $name};
    }

    private static function lastError(): string
    {
        return (string) self::ffi()->ws_last_error_message();
    }

    /** The exception of a failed status-returning call on this thread. @internal */
    public static function statusError(int $status): WangshiException
    {
        $detail = self::lastError();
        $code = $status > 100 ? self::codeName('error', $status - 100) : null;
        if ($code === null) {
            // A problem of the call itself (1-99): the binding's bug or a panic.
            return new WangshiException('internal_error', self::ffi()->ws_status_str($status) . ($detail === '' ? '' : ": $detail"));
        }
        // The library's message reads "<code> at <path>: <message>" or "<code>: <message>".
        $path = null;
        $message = $detail;
        if (str_starts_with($detail, "$code at ") && ($colon = strpos($detail, ': ', strlen($code) + 4)) !== false) {
            $path = substr($detail, strlen($code) + 4, $colon - strlen($code) - 4);
            $message = substr($detail, $colon + 2);
        } elseif (str_starts_with($detail, "$code: ")) {
            $message = substr($detail, strlen($code) + 2);
        }
        return new WangshiException($code, $message, $path);
    }

    /** Throws the status's exception unless it is OK. @internal */
    public static function check(int $status): void
    {
        if ($status !== 0) {
            throw self::statusError($status);
        }
    }
}
