<?php

declare(strict_types=1);

// PSR-4 autoloading of Wangshi\ (src/) without Composer: require this file, or
// vendor/autoload.php when the package is installed with Composer.
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Wangshi\\')) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen('Wangshi\\'))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
