#!/usr/bin/env bash
# Makes sure NATS (4222, JetStream), Redis (6379), RabbitMQ (5672) and Mosquitto (1883) answer on
# loopback: starts a stopped one, installs a missing one from Debian's packages, and fails naming the
# broker and the reason when one cannot be had. Tests never skip because a broker is down.
set -u

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  return 1
}

apt_updated=""
install_pkg() {
  command -v apt-get >/dev/null 2>&1 || { echo "apt-get not available to install $1" >&2; return 1; }
  if [ -z "$apt_updated" ]; then apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1
}

start_nats() {
  command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || install_pkg nats-server || return 1
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
}
start_redis() {
  command -v redis-server >/dev/null 2>&1 || install_pkg redis-server || return 1
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}
start_rabbitmq() {
  command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || install_pkg rabbitmq-server || return 1
  rabbitmq-server -detached
}
start_mosquitto() {
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || install_pkg mosquitto || return 1
  mosquitto -d -c /etc/mosquitto/mosquitto.conf
}

failed=()
ensure() { # name port starter wait_seconds
  if port_open "$2"; then echo "broker $1: up on 127.0.0.1:$2"; return; fi
  echo "broker $1: not answering on 127.0.0.1:$2, starting it"
  if ! "$3" >/tmp/mycelium-start-"$1".log 2>&1; then
    failed+=("$1: could not be installed or started (see /tmp/mycelium-start-$1.log)")
    return
  fi
  if wait_port "$2" "$4"; then echo "broker $1: up on 127.0.0.1:$2"
  else failed+=("$1: started but 127.0.0.1:$2 did not answer within $4 s"); fi
}

ensure nats 4222 start_nats 15
ensure redis 6379 start_redis 15
ensure mosquitto 1883 start_mosquitto 15
ensure rabbitmq 5672 start_rabbitmq 90

if [ ${#failed[@]} -gt 0 ]; then
  echo "error: brokers the tests need are unavailable:" >&2
  for f in "${failed[@]}"; do echo "  - $f" >&2; done
  exit 1
fi
