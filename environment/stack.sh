#!/usr/bin/env bash
# Starts or stops the service stack on loopback without Docker: redis-server, N Botify replicas (`reclab serve`) sharing
# it, and nginx balancing over them, from Debian's packages (bash environment/setup.sh installs them).
#
#   bash environment/stack.sh start --dir DIR --world WORLD [--replicas 2] [--config FILE] [--redis-port 6390]
#                                   [--base-port 8181] [--nginx-port 8180] [--no-nginx] [--log-dir DIR/logs]
#                                   [--cli "dotnet .../RecLab.Cli.dll"] [--recommenders FILE.cs]
#   bash environment/stack.sh stop --dir DIR
#
# `start` waits until every replica answers /health, then prints the addresses and writes them to DIR/stack.env
# (NGINX_URL, REPLICA_URLS separated by ';', REDIS). `stop` sends SIGTERM to the replicas (they drain requests and
# complete their event logs in the log folder), then stops nginx and Redis.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

command=${1:-}; shift || true
dir=""; world=""; replicas=2; config=""; redis_port=6390; base_port=8181; nginx_port=8180; use_nginx=1; cli=""; log_dir=""; recommenders=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --world) world=$2; shift 2 ;;
    --replicas) replicas=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --redis-port) redis_port=$2; shift 2 ;;
    --base-port) base_port=$2; shift 2 ;;
    --nginx-port) nginx_port=$2; shift 2 ;;
    --no-nginx) use_nginx=0; shift ;;
    --cli) cli=$2; shift 2 ;;
    --log-dir) log_dir=$2; shift 2 ;;
    --recommenders) recommenders+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    *) echo "stack.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ -n "$dir" ] || { echo "stack.sh: --dir is required" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
[ -n "$log_dir" ] || log_dir="$dir/logs"

stop() {
  for pidfile in "$dir"/replica-*.pid; do
    [ -e "$pidfile" ] || continue
    kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$dir"/replica-*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  if [ -e "$dir/nginx.pid" ]; then
    nginx -p "$dir" -c "$dir/nginx.conf" -s quit 2>/dev/null || kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    rm -f "$dir/nginx.pid"
  fi
  if [ -e "$dir/redis.pid" ]; then
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    rm -f "$dir/redis.pid"
  fi
}

case "$command" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: stack.sh start|stop --dir DIR [...]" >&2; exit 2 ;;
esac

[ -n "$world" ] || { echo "stack.sh: --world is required" >&2; exit 2; }
world=$(cd "$world" && pwd)
for tool in redis-server curl; do
  command -v "$tool" >/dev/null || { echo "stack.sh: $tool is missing; run bash environment/setup.sh" >&2; exit 1; }
done
if [ "$use_nginx" = 1 ] && ! command -v nginx >/dev/null; then
  echo "stack.sh: nginx is missing; run bash environment/setup.sh (or pass --no-nginx)" >&2; exit 1
fi
if [ -z "$cli" ]; then
  dll="$root/src/RecLab.Cli/bin/Release/net10.0/linux-x64/RecLab.Cli.dll"
  [ -e "$dll" ] || dotnet build "$root/src/RecLab.Cli" -c Release -v quiet >/dev/null
  cli="dotnet $dll"
fi
trap 'stop' ERR

redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize yes \
  --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null
for _ in $(seq 1 50); do [ -s "$dir/redis.pid" ] && break; sleep 0.1; done

urls=()
for i in $(seq 1 "$replicas"); do
  port=$((base_port + i - 1))
  url="http://127.0.0.1:$port"
  urls+=("$url")
  args=(serve --world "$world" --log-dir "$log_dir" --urls "$url" --replica "r$i" --redis "127.0.0.1:$redis_port")
  [ -n "$config" ] && args+=(--config "$config")
  [ ${#recommenders[@]} -gt 0 ] && args+=(--recommenders "${recommenders[@]}")
  # shellcheck disable=SC2086
  nohup $cli "${args[@]}" >"$dir/replica-$i.log" 2>&1 &
  echo $! >"$dir/replica-$i.pid"
done
for i in "${!urls[@]}"; do
  url=${urls[$i]}
  for attempt in $(seq 1 300); do
    curl -fs "$url/health" >/dev/null 2>&1 && break
    if ! kill -0 "$(cat "$dir/replica-$((i + 1)).pid")" 2>/dev/null; then
      echo "stack.sh: replica $((i + 1)) exited at start:" >&2; cat "$dir/replica-$((i + 1)).log" >&2; false
    fi
    if [ "$attempt" = 300 ]; then echo "stack.sh: $url did not come up; see $dir/replica-*.log" >&2; false; fi
    sleep 0.1
  done
done

nginx_url=""
if [ "$use_nginx" = 1 ]; then
  mkdir -p "$dir/nginx"
  {
    echo "worker_processes 1; pid $dir/nginx.pid; error_log $dir/nginx-error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off; client_body_temp_path $dir/nginx; proxy_temp_path $dir/nginx; fastcgi_temp_path $dir/nginx;"
    echo "  uwsgi_temp_path $dir/nginx; scgi_temp_path $dir/nginx;"
    echo "  upstream botify {"
    for url in "${urls[@]}"; do echo "    server ${url#http://} max_fails=1 fail_timeout=2s;"; done
    echo "    keepalive 128;"
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$nginx_port;"
    echo "    include $root/environment/nginx/json-errors.conf;"
    echo "    location / {"
    echo "      proxy_pass http://botify; proxy_http_version 1.1; proxy_set_header Connection \"\";"
    echo "      proxy_next_upstream error timeout http_502 http_503; proxy_next_upstream_tries 3;"
    echo "    }"
    echo "  }"
    echo "}"
  } >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf"
  nginx_url="http://127.0.0.1:$nginx_port"
  for _ in $(seq 1 50); do curl -fs "$nginx_url/health" >/dev/null 2>&1 && break; sleep 0.1; done
fi

replica_urls=$(IFS=';'; echo "${urls[*]}")
{
  echo "NGINX_URL=$nginx_url"
  echo "REPLICA_URLS=$replica_urls"
  echo "REDIS=127.0.0.1:$redis_port"
} >"$dir/stack.env"
echo "redis 127.0.0.1:$redis_port; replicas $replica_urls${nginx_url:+; nginx $nginx_url}"
