# Shared by bin/latentkit and bin/test: finds a JDK 25 and sets the environment the engine needs.
# shellcheck shell=bash

LATENTKIT_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

is_jdk25() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "25[."]'
}

find_jdk25() {
  if [ -n "${JAVA_HOME:-}" ] && is_jdk25 "$JAVA_HOME"; then
    echo "$JAVA_HOME"
    return 0
  fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25*; do
    if is_jdk25 "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  echo "latentkit: no JDK 25 found (looked at JAVA_HOME and /usr/lib/jvm); install Temurin 25 or set JAVA_HOME" >&2
  return 1
}

JAVA_HOME="$(find_jdk25)" || exit 1
export JAVA_HOME
# The engine unpacks its native libraries here once (about 430 MiB).
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/latentkit/djl}"
# The engine's OpenMP threads spin briefly between parallel regions, then sleep: training runs thousands of small
# operations a second and waking sleeping threads for each made an N2D epoch 16% slower (OMP_WAIT_POLICY=PASSIVE:
# 10.8 s against 9.3 s), while libgomp's default spin (300,000 rounds) idles cores that Java's threads or other
# processes could use. An OMP_WAIT_POLICY set by the user takes precedence.
export GOMP_SPINCOUNT="${GOMP_SPINCOUNT:-10000}"
# Maven 3.8's bundled Guava touches sun.misc.Unsafe; JDK 25 warns about it on every build.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
