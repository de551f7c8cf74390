<?php

declare(strict_types=1);

// PSR-4 autoloading of Wangshi\ (src/) and Wangshi\Tests\ (tests/) without Composer, for
// Debian's phpunit; with Composer, vendor/autoload.php does the same.
spl_autoload_register(static function (string $class): void {
    foreach (['Wangshi\\Tests\\' => __DIR__ . '/', 'Wangshi\\' => __DIR__ . '/../src/'] as $prefix => $dir) {
        if (str_starts_with($class, $prefix)) {
            $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});
