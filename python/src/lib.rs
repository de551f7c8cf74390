//! Python module of wangshi.
