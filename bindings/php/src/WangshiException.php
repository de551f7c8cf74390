<?php

declare(strict_types=1);

namespace Wangshi;

/**
 * An error of the wangshi contract: a stable code() such as "unknown_tier", a message()
 * saying what was wrong and, where known, the path() into the request
 * ("residents[3].last_visit"). The codes are the same from every layer (Rust, C, Python,
 * Java, PHP).
 */
class WangshiException extends \RuntimeException
{
    public function __construct(
        private readonly string $errorCode,
        private readonly string $detail,
        private readonly ?string $errorPath = null,
    ) {
        parent::__construct($errorCode . ($errorPath !== null ? " at $errorPath" : '') . ": $detail");
    }

    /** The stable snake_case code, such as "unknown_field". */
    public function code(): string
    {
        return $this->errorCode;
    }

    /** What was wrong, without the code and path. */
    public function message(): string
    {
        return $this->detail;
    }

    /** The path into the request, such as "residents[3].tier", or null. */
    public function path(): ?string
    {
        return $this->errorPath;
    }
}
