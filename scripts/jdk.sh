# Sourced by ./fovea and ./test: finds a JDK 25 or newer without the user setting anything up.
# Order: $JAVA_HOME, the javac on PATH, then every JDK under /usr/lib/jvm and /opt (newest first).

fovea_jdk_ok() {
    local home=$1
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
    local v
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
    [ -n "$v" ] && [ "$v" -ge 25 ]
}

fovea_find_jdk() {
    local c
    if [ -n "${JAVA_HOME:-}" ] && fovea_jdk_ok "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
    if command -v javac >/dev/null 2>&1; then
        c=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        if fovea_jdk_ok "$c"; then echo "$c"; return 0; fi
    fi
    for c in $(ls -d /usr/lib/jvm/* /opt/*jdk* /opt/java/* 2>/dev/null | sort -rV); do
        if fovea_jdk_ok "$c"; then echo "$c"; return 0; fi
    done
    return 1
}

fovea_require_jdk() {
    local home
    if ! home=$(fovea_find_jdk); then
        cat >&2 <<'MSG'
fovea: no JDK 25 found. Fovea needs Java 25 or newer (a full JDK, with javac).
  Looked at: $JAVA_HOME, the javac on PATH, /usr/lib/jvm/*, /opt.
  Get one: on Debian/Ubuntu 'apt-get install temurin-25-jdk' (Adoptium repository) or download from
  https://adoptium.net, then run again or set JAVA_HOME to its directory.
MSG
        exit 1
    fi
    export JAVA_HOME=$home
    export PATH="$JAVA_HOME/bin:$PATH"
    if ! command -v mvn >/dev/null 2>&1; then
        echo "fovea: Apache Maven (mvn) is needed to build Fovea; install it with 'apt-get install maven'." >&2
        exit 1
    fi
}
