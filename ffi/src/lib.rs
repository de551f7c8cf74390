//! C ABI of wangshi. See `include/wangshi.h`.
