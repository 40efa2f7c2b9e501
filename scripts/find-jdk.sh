#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: JAVA_HOME, then `java` on PATH, then the usual JDK folders.
# Sourced or run; exits 1 with a message naming what is missing when none is found.
set -u

jdk_major() { # $1 = java home; prints the feature version or nothing
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1)
  [ -n "$v" ] && [ -x "$1/bin/javac" ] && echo "${v%%.*}"
}

candidates=()
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
  [ -d "$d" ] && candidates+=("$d")
done

best=""; best_v=0
for home in "${candidates[@]}"; do
  [ -x "$home/bin/java" ] || continue
  v=$(jdk_major "$home")
  [ -n "$v" ] || continue
  if [ "$v" -ge 21 ] && { [ -z "$best" ] || [ "$v" -gt "$best_v" ]; }; then best="$home"; best_v="$v"; fi
  # The first JDK 21+ in the preferred order wins over newer ones found later only if it is JAVA_HOME.
  if [ -n "$best" ] && [ "$home" = "${JAVA_HOME:-}" ]; then break; fi
done

if [ -z "$best" ]; then
  echo "error: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
  echo "       Install one, e.g. 'apt-get install openjdk-21-jdk' or a Temurin 21+, and retry." >&2
  exit 1
fi
echo "$best"
