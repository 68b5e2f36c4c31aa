# shellcheck shell=bash
# Shell functions shared by the benchmark scripts (bench-ingest.sh, scale-out.sh): source it, do not
# run it. Everything runs as local processes on 127.0.0.1; nothing here needs root.

# install_commands COMMAND:PACKAGE...: installs with apt the package of each command not found
# (in PATH or /usr/sbin); needs root or sudo only then.
install_commands() {
  local pair missing=() sudo=
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || [ -x "/usr/sbin/${pair%%:*}" ] || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing ${missing[*]} with apt" >&2
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
}

# build_release DIR TARGET...: a Release build of the targets in DIR, configured (tests and kiosk
# off) only when DIR has no build yet, so that a build directory set up otherwise is kept.
build_release() {
  local dir=$1
  shift
  [ -f "$dir/CMakeCache.txt" ] ||
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHAILONG_BUILD_TESTS=OFF -DHAILONG_BUILD_KIOSK=OFF >/dev/null
  cmake --build "$dir" -j2 --target "$@" >/dev/null
}

# Waits until something accepts connections on 127.0.0.1:$1, at most 10 s.
wait_for_port() {
  local _
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# The median of the numbers on standard input, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# shellcheck disable=SC2034  # used by the scripts that source this file
clock_ticks=$(getconf CLK_TCK)
# CPU time the whole machine has been busy (user, nice, system, irq, softirq, steal), in ticks.
machine_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# CPU time (user and system) of the processes given and of their children, living or ended and
# reaped by them (nginx's workers, PostgreSQL's backends: a backend that ends between two calls
# still counts), in ticks.
process_tree_ticks() {
  local pid total=0
  for pid in "$@" $(for p in "$@"; do pgrep -P "$p"; done); do
    # Drop "pid (comm) " first: comm may hold spaces. utime, stime, cutime and cstime are then
    # fields 12 to 15. A process that has just ended counts 0.
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ t = $12 + $13 + $14 + $15 } END { print t + 0 }')))
  done
  echo "$total"
}

# One line naming this machine for a report: cores, CPU model, memory.
machine_line() {
  echo "$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
    "$(free -h | awk '/^Mem:/ { print $2 }') memory"
}

# The build type recorded in the CMake cache of build directory $1 (empty if none).
build_type() { sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$1/CMakeCache.txt" 2>/dev/null || true; }

# The nginx directives every configuration of these scripts needs, for a prefix directory $1 that
# nginx can write (temp paths, pid, error log): nginx then touches nothing outside it.
nginx_prefix_directives() {
  cat <<EOF
pid $1/nginx.pid;
error_log $1/logs/error.log warn;
EOF
}
nginx_temp_paths() {
  cat <<EOF
  client_body_temp_path $1/client_body;
  proxy_temp_path $1/proxy;
  fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi;
  scgi_temp_path $1/scgi;
EOF
}

# start_nginx DIR WRITE-CONF: runs nginx in the foreground of a background job with prefix DIR and
# the configuration that the function WRITE-CONF PORT prints, on a random free port (tried up to 8
# times). Sets nginx_pid and nginx_port; fails with nginx's error log if it never starts.
nginx_pid=
start_nginx() {
  local dir=$1 write_conf=$2 port _
  mkdir -p "$dir/logs"
  for _ in 1 2 3 4 5 6 7 8; do
    port=$(shuf -i 20000-59999 -n 1)
    "$write_conf" "$port" >"$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" &
    nginx_pid=$!
    if wait_for_port "$port" && kill -0 "$nginx_pid" 2>/dev/null; then
      nginx_port=$port
      return 0
    fi
    stop_nginx
  done
  cat "$dir/logs/error.log" >&2 || true
  echo "nginx did not start" >&2
  return 1
}

# Writes a new configuration (WRITE-CONF on the same port) and has nginx load it: new workers take
# new connections, old ones finish what they have (SIGHUP). Waits until the old workers are gone.
reload_nginx() {
  local dir=$1 write_conf=$2 old _
  old=$(pgrep -P "$nginx_pid" | sort)
  "$write_conf" "$nginx_port" >"$dir/nginx.conf"
  kill -HUP "$nginx_pid"
  for _ in $(seq 100); do
    [ -z "$(comm -12 <(echo "$old") <(pgrep -P "$nginx_pid" | sort))" ] && return 0
    sleep 0.1
  done
  return 1
}

stop_nginx() {
  [ -n "$nginx_pid" ] || return 0
  kill -QUIT "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=
}
