<?php

declare(strict_types=1);

// The binding's autoloader (Wangshi\ from src/) and the tests' own (Wangshi\Tests\ from
// tests/), for Debian's phpunit without Composer.
require __DIR__ . '/../autoload.php';

spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Wangshi\\Tests\\')) {
        $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen('Wangshi\\Tests\\'))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
