#!/usr/bin/env bash
# Builds and tests the Java binding with the JDK and Debian's jars only (no
# Maven or Gradle: javac, jar and the JUnit console launcher).
#
# Usage: bindings/java/build.sh [jar|test|example|bench] [args...]
#   jar      build/wangshi-java-VERSION.jar (source compatible with Java 8:
#            javac --release 8)
#   test     the jar, then the JUnit 5 suite (every conformance vector, batch,
#            thread and loading tests) against target/debug/libwangshi.so
#   example  examples/java/VisitToday.java on examples/java/residents.csv
#   bench    bindings/java/bench/VisitBatchBench.java against the release
#            library (build it first: cargo build --release -p wangshi-ffi)
# Jars: JNA (libjna-java), Jackson (libjackson2-databind-java) and JUnit 5
# (junit5) from /usr/share/java; WANGSHI_JAVA_JARS overrides that folder.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
jars=${WANGSHI_JAVA_JARS:-/usr/share/java}
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$root/Cargo.toml")
build="$here/build"
jar="$build/wangshi-java-$version.jar"
deps="$jars/jna.jar:$jars/jackson-databind.jar:$jars/jackson-core.jar:$jars/jackson-annotations.jar"
junit="$jars/junit-platform-console-standalone.jar"

for j in jna jackson-databind jackson-core jackson-annotations; do
  [ -f "$jars/$j.jar" ] || { echo "build.sh: $jars/$j.jar is missing (apt-get install libjna-java libjackson2-databind-java)" >&2; exit 1; }
done

build_jar() {
  rm -rf "$build/classes" && mkdir -p "$build/classes"
  javac --release 8 -Xlint:all -Xlint:-options -Werror -encoding UTF-8 -cp "$deps" \
    -d "$build/classes" $(find "$here/src/main/java" -name '*.java')
  jar --create --file "$jar" -C "$build/classes" .
}

case "${1:-test}" in
  jar) build_jar; echo "$jar" ;;
  test)
    [ -f "$junit" ] || { echo "build.sh: $junit is missing (apt-get install junit5)" >&2; exit 1; }
    build_jar
    rm -rf "$build/test-classes" && mkdir -p "$build/test-classes"
    javac --release 8 -Xlint:all -Xlint:-options -Werror -encoding UTF-8 -cp "$jar:$deps:$junit" \
      -d "$build/test-classes" $(find "$here/src/test/java" -name '*.java')
    java -Djna.library.path="$root/target/debug" -Dwangshi.repo="$root" -Dfile.encoding=UTF-8 \
      -Dwangshi.test.classpath="$build/test-classes:$jar:$deps" \
      -jar "$junit" --class-path "$build/test-classes:$jar:$deps" --scan-class-path \
      --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests
    ;;
  example)
    build_jar
    mkdir -p "$build/example"
    javac --release 8 -Xlint:all -Xlint:-options -Werror -encoding UTF-8 -cp "$jar:$deps" \
      -d "$build/example" "$root/examples/java/VisitToday.java"
    shift
    java -Djna.library.path="${WANGSHI_LIB_DIR:-$root/target/debug}" -cp "$build/example:$jar:$deps" \
      VisitToday "${@:-$root/examples/java/residents.csv}"
    ;;
  bench)
    build_jar
    mkdir -p "$build/bench"
    javac --release 8 -Xlint:all -Xlint:-options -Werror -encoding UTF-8 -cp "$jar:$deps" \
      -d "$build/bench" "$here/bench/VisitBatchBench.java"
    shift
    java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Djna.library.path="$root/target/release" -cp "$build/bench:$jar:$deps" \
      cn.wangshi.VisitBatchBench "$@"
    ;;
  *) echo "usage: bindings/java/build.sh [jar|test|example|bench]" >&2; exit 2 ;;
esac
