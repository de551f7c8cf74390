<?php

declare(strict_types=1);

namespace Wangshi;

/** libwangshi could not be found or loaded; the message says where it was looked for. */
final class LibraryException extends \RuntimeException
{
}
